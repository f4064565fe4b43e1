#include "fuzz_support.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "sasim/config/architecture.hpp"
#include "sasim/cost/area_model.hpp"
#include "sasim/cost/energy_model.hpp"
#include "sasim/cost/layer_result.hpp"
#include "sasim/workload/workload.hpp"

namespace sasim::fuzz {
namespace {

std::filesystem::path scratch_dir() {
  static const std::filesystem::path dir = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "sasim_fuzz_XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      std::perror("sasim fuzz: mkdtemp");
      std::abort();
    }
    static std::string to_remove;
    to_remove = pattern;
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(to_remove, ignored);
    });
    return std::filesystem::path(pattern);
  }();
  return dir;
}

}  // namespace

std::string as_text(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::string() : std::string(reinterpret_cast<const char*>(data), size);
}

std::string scratch_file(const std::string& text, const std::string& name) {
  const std::filesystem::path path = scratch_dir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::fprintf(stderr, "sasim fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
  return path.string();
}

void plan_layers(const std::vector<Layer>& layers) {
  static const ArrayConfig kArrays[] = {
      {1, 1, 8, 32, Dataflow::WS},
      {kMaxArrayDim, kMaxArrayDim, 16, 64, Dataflow::OS},
      {1, kMaxArrayDim, 8, 16, Dataflow::IS},
      {32, 32, 8, 32, Dataflow::WS},
  };
  for (const Layer& layer : layers)
    for (const ArrayConfig& array : kArrays) expect_only_user_errors([&] { check_layer_fits(array, layer); });
}

void use_architecture(const Architecture& arch) {
  for (const Layer& layer : parse_workload(kDefaultWorkload).layers) check_layer_fits(arch.array, layer);
  estimate_area(arch);
  make_energy_model(arch);
}

void check_user_error(const UserError& error) {
  const std::string message = error.what();
  if (message.empty() || message.find('\n') != std::string::npos) {
    std::fprintf(stderr, "sasim fuzz: UserError message is not one non-empty line:\n[%s]\n", message.c_str());
    std::abort();
  }
}

}  // namespace sasim::fuzz
