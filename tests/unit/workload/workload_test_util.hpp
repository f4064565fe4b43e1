#pragma once
// Helpers shared by the workload tests: summing MACs, finding a layer by name.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "error_of.hpp"
#include "sasim/workload/workload.hpp"

namespace sasim::testing {

inline std::int64_t total_macs(const Workload& w) {
  std::int64_t sum = 0;
  for (const Layer& l : w.layers) sum += l.macs();
  return sum;
}

inline const Layer& layer_named(const Workload& w, const std::string& name) {
  for (const Layer& l : w.layers)
    if (l.name == name) return l;
  ADD_FAILURE() << "no layer " << name;
  static const Layer none;
  return none;
}

}  // namespace sasim::testing
