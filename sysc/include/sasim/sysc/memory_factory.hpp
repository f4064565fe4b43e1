#pragma once
// The memory behind the interconnect, chosen by PlatformJob::memory.
#include <memory>

#include "sasim/sysc/memory_target.hpp"
#include "sasim/sysc/platform.hpp"

namespace sasim::sysc {

// A SystemC module (constructed during elaboration) that is a MemoryTarget.
std::unique_ptr<MemoryTarget> make_memory(const char* name, const PlatformJob& job);

}  // namespace sasim::sysc
