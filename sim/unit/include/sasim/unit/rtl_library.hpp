#pragma once
// One Verilated matrix-unit variant's shared object, loaded with dlopen, and
// its C ABI entry points (rtl/abi/sa_rtl_abi.h). Loaded by the RTL
// MatrixUnit and by the platform's RtlArray; both clock it through RtlDriver
// (rtl_driver.hpp).
#include <string>

#include "../../../rtl/abi/sa_rtl_abi.h"
#include "sasim/config/array_config.hpp"

namespace sasim {

class RtlLibrary {
 public:
  // Loads path and checks that it was built for config; throws UserError
  // if it cannot be loaded, lacks a symbol or does not match.
  RtlLibrary(const std::string& path, const ArrayConfig& config);
  ~RtlLibrary();
  RtlLibrary(const RtlLibrary&) = delete;
  RtlLibrary& operator=(const RtlLibrary&) = delete;

  sa_rtl_info_fn info = nullptr;
  sa_rtl_create_fn create = nullptr;
  sa_rtl_destroy_fn destroy = nullptr;
  sa_rtl_pins_fn pins = nullptr;
  sa_rtl_cycle_fn cycle = nullptr;

 private:
  void* handle_ = nullptr;
};

}  // namespace sasim
