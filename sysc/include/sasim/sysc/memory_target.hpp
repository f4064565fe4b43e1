#pragma once
// What the interconnect needs from the memory behind it: a TLM-2.0 target
// whose blocking b_transport takes READ/WRITE payloads of any address and
// length and returns once the last byte has been transferred (it may be
// called by several threads at once), and its peak bandwidth, which the stall
// attribution and the roofline use. Implemented by the DRAM model (dram.hpp)
// and by IdealMemory (ideal_memory.hpp).
#include <string>
#include <tlm>

namespace sasim::sysc {

class MemoryTarget {
 public:
  virtual ~MemoryTarget() = default;
  virtual tlm::tlm_target_socket<>& target_socket() = 0;
  virtual double peak_bytes_per_second() const = 0;
  virtual std::string describe() const = 0;  // one line for the report
};

}  // namespace sasim::sysc
