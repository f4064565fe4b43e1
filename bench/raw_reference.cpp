#include "raw_reference.hpp"

#include <dlfcn.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "../rtl/abi/sa_rtl_abi.h"
#include "raw_loop/stimulus.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/file_lock.hpp"

namespace fs = std::filesystem;

namespace sasim::bench {
namespace {

// Keep in step with build_variant() in sim/unit/rtl_variant.cpp: the same
// Verilator options and make flags, minus the ABI wrapper and the shared-object
// flags (-fPIC, -fno-semantic-interposition, -shared, -Wl,-Bsymbolic).
constexpr const char* kVerilatorFlags =
    "--cc --exe --build -j 2 --trace-fst -Wno-fatal --x-assign fast --x-initial fast --top-module sa_top";
constexpr const char* kMakeFlags = "OPT_FAST=-O1 OPT_SLOW=-O1 OPT_GLOBAL=-O1";

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return q + "'";
}

std::string capture(const std::string& command) {
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[256];
    while (fgets(buffer, sizeof buffer, pipe)) out += buffer;
    pclose(pipe);
  }
  return out;
}

std::uint64_t fnv1a(std::uint64_t hash, const std::string& text) {
  for (unsigned char ch : text) {
    hash ^= ch;
    hash *= 1099511628211ull;
  }
  return hash;
}

bool is_rtl_source(const std::string& name) {
  return name.size() > 3 && name.compare(name.size() - 3, 3, ".sv") == 0;
}

// The RTL sources and the raw loop's own files.
std::vector<EmbeddedFile> loop_sources() {
  std::vector<EmbeddedFile> files;
  int count = 0;
  const EmbeddedFile* rtl = embedded_rtl_files(&count);
  for (int i = 0; i < count; ++i) {
    if (is_rtl_source(rtl[i].name)) files.push_back(rtl[i]);
  }
  const EmbeddedFile* own = raw_loop_files(&count);
  files.insert(files.end(), own, own + count);
  return files;
}

// Everything the executable depends on: sources, tool version, flags.
std::string build_key() {
  std::uint64_t h = 1469598103934665603ull;
  for (const EmbeddedFile& file : loop_sources()) h = fnv1a(fnv1a(h, file.name), file.text);
  h = fnv1a(h, capture("verilator --version 2>/dev/null"));
  h = fnv1a(h, fmt::format("{} {}", kVerilatorFlags, kMakeFlags));
  return fmt::format("{:016x}", h);
}

void build(const ArrayConfig& c, const fs::path& final_dir, bool quiet) {
  const fs::path tmp = final_dir.string() + fmt::format(".tmp{}", getpid());
  fs::remove_all(tmp);
  fs::create_directories(tmp / "src");
  // sa_pkg.sv first: the other files import it.
  std::string sources = quote((tmp / "src" / "sa_pkg.sv").string());
  for (const EmbeddedFile& file : loop_sources()) {
    std::ofstream(tmp / "src" / file.name) << file.text;
    const std::string name = file.name;
    if (name != "sa_pkg.sv" && name != "stimulus.hpp") sources += " " + quote((tmp / "src" / name).string());
  }
  const std::string defines = fmt::format("-DSA_ROWS={} -DSA_COLS={} -DSA_IN_W={} -DSA_ACC_W={} -DSA_DATAFLOW={}",
                                          c.rows, c.cols, c.in_width, c.acc_width, int(c.dataflow));
  const bool ccache = std::system("command -v ccache >/dev/null 2>&1") == 0;
  const std::string log = (tmp / "build.log").string();
  const std::string command = fmt::format(
      "verilator {} -GROWS={} -GCOLS={} -GIN_W={} -GACC_W={} -GDATAFLOW={} -Mdir {} -o raw_main -CFLAGS {}"
      " -MAKEFLAGS {} {} >{} 2>&1",
      kVerilatorFlags, c.rows, c.cols, c.in_width, c.acc_width, int(c.dataflow), quote((tmp / "obj").string()),
      quote("-std=c++17 " + defines), quote(std::string(kMakeFlags) + (ccache ? " OBJCACHE=ccache" : "")), sources,
      quote(log));
  if (!quiet) fmt::print(stderr, "Verilating the raw loop for {} (one-time) ...\n", rtl_variant_name(c));
  const auto start = std::chrono::steady_clock::now();
  if (std::system(command.c_str()) != 0) {
    throw UserError(fmt::format("building the raw loop for {} failed; log {}", rtl_variant_name(c), log));
  }
  fs::copy_file(tmp / "obj" / "raw_main", tmp / "raw_main");
  fs::remove_all(tmp / "obj");  // large; ccache keeps the objects
  fs::rename(tmp, final_dir);
  if (!quiet) {
    fmt::print(stderr, "  done in {:.1f} s\n",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
}

template <typename Fn>
Fn symbol(void* handle, const char* name) {
  void* address = dlsym(handle, name);
  if (!address) throw UserError(fmt::format("RTL library lacks symbol {}", name));
  return reinterpret_cast<Fn>(address);
}

}  // namespace

std::string ensure_raw_loop(const ArrayConfig& config, bool quiet) {
  const fs::path cache = fs::path(rtl_cache_dir()) / "bench-raw";
  fs::create_directories(cache);
  const std::string name = rtl_variant_name(config);
  const fs::path dir = cache / (name + "-" + build_key());
  const fs::path exe = dir / "raw_main";
  if (fs::exists(exe)) return exe.string();
  FileLock lock((cache / (name + ".lock")).string());
  if (!fs::exists(exe)) build(config, dir, quiet);  // another process may have built it
  return exe.string();
}

LoopRun run_raw_loop(const std::string& exe, std::int64_t cycles, int west_beats, int north_beats) {
  const std::string out = capture(fmt::format("{} {} {} {}", quote(exe), cycles, west_beats, north_beats));
  long long c = 0, o = 0;
  unsigned long long x = 0;
  double s = 0;
  if (std::sscanf(out.c_str(), "cycles %lld seconds %lf outputs %lld checksum %llx", &c, &s, &o, &x) != 4 ||
      c != cycles) {
    throw std::runtime_error(fmt::format("raw loop {} printed unexpected output: '{}'", exe, out));
  }
  return LoopRun{c, s, o, x};
}

LoopRun run_abi_loop(const ArrayConfig& config, const std::string& library, std::int64_t cycles, int west_beats,
                     int north_beats) {
  // The same flags as RtlUnit: a second dlopen of the path shares its handle.
  void* handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) throw UserError(fmt::format("cannot load RTL library {}: {}", library, dlerror()));
  struct Close {
    void* handle;
    ~Close() { dlclose(handle); }
  } close_handle{handle};
  const auto create = symbol<sa_rtl_create_fn>(handle, "sa_rtl_create");
  const auto destroy = symbol<sa_rtl_destroy_fn>(handle, "sa_rtl_destroy");
  const auto get_pins = symbol<sa_rtl_pins_fn>(handle, "sa_rtl_get_pins");
  const auto cycle = symbol<sa_rtl_cycle_fn>(handle, "sa_rtl_cycle");

  const int rows = config.rows, cols = config.cols;
  if (config.dataflow == Dataflow::OS) north_beats = west_beats;
  sasim_raw::Stimulus stimulus(rows, cols, config.in_width, west_beats, north_beats);
  sa_rtl* unit = create(nullptr);
  sa_rtl_pins* pins = get_pins(unit);
  LoopRun run;
  run.cycles = cycles;
  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t i = 0; i < cycles; ++i) {
    pins->west_valid = 1;
    pins->west_last = stimulus.west_last();
    pins->north_valid = 1;
    pins->north_last = stimulus.north_last();
    pins->out_ready = 1;
    pins->west_data = stimulus.west();  // the ABI reads the lanes where they are
    pins->north_data = stimulus.north();
    cycle(unit);
    if (pins->out_valid) {
      ++run.outputs;
      for (int c = 0; c < cols; ++c) run.checksum = run.checksum * 31 + std::uint64_t(pins->out_data[c]);
    }
    stimulus.advance(pins->west_ready, pins->north_ready);
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  destroy(unit);
  return run;
}

}  // namespace sasim::bench
