#pragma once
// Runs the built sasim binary in a fresh temporary directory per test and
// captures its exit status, stdout and stderr (shared by the CLI tests).
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace sasim::testing {

namespace fs = std::filesystem;

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (const char ch : text) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

struct CliOutput {
  int status = -1;
  std::string out, err;
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "sasim_cli_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // `sasim <args...>` run inside dir_.
  CliOutput sasim(const std::vector<std::string>& args) {
    std::string command = "cd " + shell_quote(dir_.string()) + " && " + shell_quote(SASIM_BINARY);
    for (const std::string& arg : args) command += " " + shell_quote(arg);
    command += " >" + shell_quote((dir_ / ".stdout").string()) + " 2>" + shell_quote((dir_ / ".stderr").string());
    CliOutput result;
    const int status = std::system(command.c_str());
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_text(dir_ / ".stdout");
    result.err = read_text(dir_ / ".stderr");
    fs::remove(dir_ / ".stdout");
    fs::remove(dir_ / ".stderr");
    return result;
  }

  // A user error: exit status 2, nothing on stdout, one line on stderr.
  static void expect_one_line_error(const CliOutput& r, const std::string& part) {
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.rfind("sasim: error: ", 0), 0u) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "not one line: " << r.err;
    EXPECT_NE(r.err.find(part), std::string::npos) << "expected '" << part << "' in: " << r.err;
  }

  fs::path dir_;
};

}  // namespace sasim::testing
