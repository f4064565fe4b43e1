#pragma once
// Files for tests: a fresh directory per test, whole files as text, lines and
// CSV fields, and the visible files of an output directory.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sasim/support/subprocess.hpp"

namespace sasim::testing {

namespace fs = std::filesystem;

inline std::string read_text(const fs::path& path) {
  return read_text_file(path.string());
}

inline void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, separator);) parts.push_back(part);
  return parts;
}

inline std::vector<std::string> lines_of(const std::string& text) {
  return split(text, '\n');
}

// A CSV row's fields (no quoting: sasim writes none); an empty last field
// after a trailing comma has no entry.
inline std::vector<std::string> csv_fields(const std::string& line) {
  return split(line, ',');
}

// The data rows of a CSV file as fields, the header line left out.
inline std::vector<std::vector<std::string>> csv_rows(const fs::path& path) {
  std::vector<std::vector<std::string>> rows;
  const std::vector<std::string> lines = lines_of(read_text(path));
  for (std::size_t i = 1; i < lines.size(); ++i) rows.push_back(csv_fields(lines[i]));
  return rows;
}

// Every file below dir whose name does not start with '.' (relative path ->
// bytes): the results, without lock files, logs and temporaries.
inline std::map<std::string, std::string> visible_files(const fs::path& dir) {
  std::map<std::string, std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename().string().front() != '.')
      files[fs::relative(entry.path(), dir).string()] = read_text(entry.path());
  }
  return files;
}

// A fresh directory per test (dir_), removed afterwards.
class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "sasim_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
};

}  // namespace sasim::testing
