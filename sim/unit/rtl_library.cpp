#include "sasim/unit/rtl_library.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include "sasim/support/error.hpp"
#include "sasim/unit/rtl_variant.hpp"

namespace sasim {
namespace {

template <typename Fn>
Fn symbol(void* handle, const char* name, const std::string& path) {
  void* address = dlsym(handle, name);
  if (!address) throw UserError(fmt::format("RTL library {} lacks symbol {}: rebuild the cache", path, name));
  return reinterpret_cast<Fn>(address);
}

}  // namespace

RtlLibrary::RtlLibrary(const std::string& path, const ArrayConfig& config) {
  // RTLD_LOCAL: each variant keeps its own copy of the Verilator runtime.
  handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle_) throw UserError(fmt::format("cannot load RTL library {}: {}", path, dlerror()));
  try {
    info = symbol<sa_rtl_info_fn>(handle_, "sa_rtl_get_info", path);
    create = symbol<sa_rtl_create_fn>(handle_, "sa_rtl_create", path);
    destroy = symbol<sa_rtl_destroy_fn>(handle_, "sa_rtl_destroy", path);
    pins = symbol<sa_rtl_pins_fn>(handle_, "sa_rtl_get_pins", path);
    cycle = symbol<sa_rtl_cycle_fn>(handle_, "sa_rtl_cycle", path);
    const sa_rtl_info* i = info();
    if (i->abi_version != SA_RTL_ABI_VERSION || int(i->rows) != config.rows || int(i->cols) != config.cols ||
        int(i->in_width) != config.in_width || int(i->acc_width) != config.acc_width ||
        int(i->dataflow) != int(config.dataflow)) {
      throw UserError(fmt::format("RTL library {} does not match {}: clear the cache", path, rtl_variant_name(config)));
    }
  } catch (...) {
    dlclose(handle_);
    throw;
  }
}

RtlLibrary::~RtlLibrary() {
  if (handle_) dlclose(handle_);
}

}  // namespace sasim
