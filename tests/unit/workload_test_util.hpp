#pragma once
// Helpers shared by the workload tests: catching a UserError's text, summing
// MACs, finding a layer by name, running the sasim binary in a directory.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "sasim/error.hpp"
#include "sasim/workload.hpp"

namespace sasim::test {

inline std::string error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const UserError& e) {
    return e.what();
  }
  return "(no error)";
}

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

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A fresh directory per test, removed afterwards.
class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::path(::testing::TempDir()) / "sasim_wl_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  struct Result {
    int status = -1;
    std::string out, err;
  };

  // `sasim run ARGS` inside dir_.
  Result run_sasim(const std::vector<std::string>& args) {
    auto quote = [](const std::string& text) {
      std::string out = "'";
      for (const char ch : text) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
      return out + "'";
    };
    std::string command = "cd " + quote(dir_.string()) + " && " + quote(SASIM_BINARY) + " run";
    for (const std::string& arg : args) command += " " + quote(arg);
    command += " >" + quote((dir_ / "stdout.txt").string()) + " 2>" + quote((dir_ / "stderr.txt").string());
    Result r;
    const int status = std::system(command.c_str());
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_text(dir_ / "stdout.txt");
    r.err = read_text(dir_ / "stderr.txt");
    return r;
  }

  std::filesystem::path dir_;
};

}  // namespace sasim::test
