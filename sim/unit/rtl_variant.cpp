#include "sasim/unit/rtl_variant.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "sasim/support/error.hpp"
#include "sasim/support/file_lock.hpp"
#include "sasim/support/progress.hpp"

namespace fs = std::filesystem;

namespace sasim {
namespace {

// Verilator flags that matter for speed: OPT_FAST=-O1 builds faster and runs
// faster than the default -Os (../shared/notes/verilator-build-cost.md).
constexpr const char* kMakeFlags = "OPT_FAST=-O1 OPT_SLOW=-O1 OPT_GLOBAL=-O1";
// The variant is a shared object: without these, every call between
// Verilator's eval functions goes through the PLT and cannot be inlined (ELF
// interposition), which costs 2-6 % of simulation speed (docs/bench.md).
constexpr const char* kCompileFlags = "-fPIC -fno-semantic-interposition -std=c++17";
constexpr const char* kLinkFlags = "-shared -Wl,-Bsymbolic";

std::uint64_t fnv1a(std::uint64_t hash, const std::string& text) {
  for (unsigned char ch : text) {
    hash ^= ch;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string run_capture(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe)) out += buffer;
  pclose(pipe);
  return out;
}

bool have_program(const std::string& name) {
  return std::system(fmt::format("command -v {} >/dev/null 2>&1", name).c_str()) == 0;
}

// Hash of everything the build depends on: sources, tool version, flags.
std::string build_key() {
  static const std::string key = [] {
    std::uint64_t h = 1469598103934665603ull;
    int count = 0;
    const EmbeddedFile* files = embedded_rtl_files(&count);
    for (int i = 0; i < count; ++i) h = fnv1a(fnv1a(h, files[i].name), files[i].text);
    h = fnv1a(h, run_capture("verilator --version 2>/dev/null"));
    h = fnv1a(h, fmt::format("{} | {} | {}", kMakeFlags, kCompileFlags, kLinkFlags));
    return fmt::format("{:016x}", h);
  }();
  return key;
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return q + "'";
}

// Runs a shell command, output to log; progress ticks while it runs.
int run_logged(const std::string& command, const std::string& log, Spinner& spinner) {
  const std::string full = fmt::format("{} >>{} 2>&1", command, quote(log));
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", full.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  while (true) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) return -1;
    spinner.tick();
    usleep(200 * 1000);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string tail_of(const std::string& path, std::size_t lines) {
  std::ifstream in(path);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::string out;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) out += all[i] + "\n";
  return out;
}

void build_variant(const ArrayConfig& c, const std::string& final_dir, const RtlBuildOptions& options) {
  if (!have_program("verilator")) {
    throw UserError("verilator not found on PATH: run scripts/install-deps.sh (Debian package 'verilator')");
  }
  const std::string name = rtl_variant_name(c);
  const fs::path tmp = fs::path(final_dir).string() + fmt::format(".tmp{}", getpid());
  fs::remove_all(tmp);
  fs::create_directories(tmp / "src");
  int count = 0;
  const EmbeddedFile* files = embedded_rtl_files(&count);
  std::string sv_files;
  for (int i = 0; i < count; ++i) {
    std::ofstream(tmp / "src" / files[i].name) << files[i].text;
    const std::string file = files[i].name;
    if (file.size() > 3 && file.compare(file.size() - 3, 3, ".sv") == 0 && file != "sa_pkg.sv") {
      sv_files += " " + quote((tmp / "src" / file).string());
    }
  }
  const std::string log = (tmp / "build.log").string();
  const std::string objcache = have_program("ccache") ? " OBJCACHE=ccache" : "";
  const std::string defines = fmt::format("-DSA_ROWS={} -DSA_COLS={} -DSA_IN_W={} -DSA_ACC_W={} -DSA_DATAFLOW={}",
                                          c.rows, c.cols, c.in_width, c.acc_width, int(c.dataflow));
  const std::string command = fmt::format(
      "verilator --cc --exe --build -j 2 --trace-fst -Wno-fatal --x-assign fast --x-initial fast"
      " --top-module sa_top -GROWS={} -GCOLS={} -GIN_W={} -GACC_W={} -GDATAFLOW={}"
      " -Mdir {} -o lib{}.so -CFLAGS {} -LDFLAGS {} -MAKEFLAGS {} {} {}{}",
      c.rows, c.cols, c.in_width, c.acc_width, int(c.dataflow), quote((tmp / "obj").string()), name,
      quote(fmt::format("{} {} -I{}", kCompileFlags, defines, (tmp / "src").string())), quote(kLinkFlags),
      quote(std::string(kMakeFlags) + objcache), quote((tmp / "src" / "sa_pkg.sv").string()), sv_files,
      " " + quote((tmp / "src" / "sa_rtl_abi.cpp").string()));
  Spinner spinner(fmt::format("Verilating {} (one-time, cached in {})", name, rtl_cache_dir()), options.quiet);
  const auto start = std::chrono::steady_clock::now();
  if (run_logged(command, log, spinner) != 0) {
    spinner.finish("failed");
    throw UserError(fmt::format("building RTL variant {} failed; log {}:\n{}", name, log, tail_of(log, 15)));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fs::copy_file(tmp / "obj" / fmt::format("lib{}.so", name), tmp / fmt::format("lib{}.so", name));
  fs::remove_all(tmp / "obj");  // the build tree is large; ccache keeps the objects
  fs::rename(tmp, final_dir);
  spinner.finish(fmt::format("done in {:.1f} s", seconds));
}

}  // namespace

std::string rtl_variant_name(const ArrayConfig& c) {
  return fmt::format("sa_r{}_c{}_{}_i{}_a{}", c.rows, c.cols, to_string(c.dataflow), c.in_width, c.acc_width);
}

std::string rtl_cache_dir() {
  if (const char* dir = std::getenv("SASIM_RTL_CACHE"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/sasim/rtl";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/sasim/rtl";
  return "/tmp/sasim-rtl-cache";
}

std::string ensure_rtl_variant(const ArrayConfig& config, const RtlBuildOptions& options) {
  config.validate();
  const std::string name = rtl_variant_name(config);
  const fs::path cache = rtl_cache_dir();
  std::error_code ec;
  fs::create_directories(cache, ec);
  if (ec) throw UserError(fmt::format("cannot create RTL cache directory {}: {}", cache.string(), ec.message()));
  const fs::path dir = cache / (name + "-" + build_key());
  const fs::path library = dir / fmt::format("lib{}.so", name);
  if (fs::exists(library)) return library.string();
  FileLock lock((cache / (name + ".lock")).string());
  if (!fs::exists(library)) build_variant(config, dir.string(), options);  // another process may have built it
  return library.string();
}

}  // namespace sasim
