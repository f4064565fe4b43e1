// read_user_file: the checks every reader of a user-named file relies on
// (docs/config.md, "Limits"): refused before reading if missing, a
// directory, not a regular file (a FIFO would block, /dev/zero never ends)
// or larger than the limit; otherwise the bytes as they are.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "error_of.hpp"
#include "sasim/support/input_file.hpp"
#include "test_files.hpp"

namespace sasim {
namespace {

namespace fs = std::filesystem;

class ReadUserFile : public testing::TempDirTest {
 protected:
  // The UserError message of reading path, or "" if it did not throw.
  static std::string error_of(const std::string& path, std::int64_t max_bytes = kMaxTextInputBytes) {
    return testing::error_of([&] { read_user_file(path, "arch file", "an INI file", max_bytes); });
  }
};

TEST_F(ReadUserFile, ReturnsTheBytesOfARegularFile) {
  const std::string bytes("[array]\r\nrows = 4\n\0tail", 23);
  std::ofstream(dir_ / "a.ini", std::ios::binary) << bytes;
  EXPECT_EQ(read_user_file((dir_ / "a.ini").string(), "arch file", "an INI file"), bytes);
  std::ofstream(dir_ / "empty.ini", std::ios::binary).close();
  EXPECT_EQ(read_user_file((dir_ / "empty.ini").string(), "arch file", "an INI file"), "");
}

TEST_F(ReadUserFile, RefusesWhatCannotBeReadWhole) {
  EXPECT_EQ(error_of((dir_ / "none.ini").string()), "arch file '" + (dir_ / "none.ini").string() + "': no such file");
  EXPECT_EQ(error_of(dir_.string()), "arch file '" + dir_.string() + "': is a directory, expected an INI file");
  ASSERT_EQ(mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  EXPECT_NE(error_of((dir_ / "fifo").string()).find("is not a regular file"), std::string::npos);
  EXPECT_NE(error_of("/dev/zero").find("'/dev/zero': is not a regular file"), std::string::npos);
}

TEST_F(ReadUserFile, RefusesFilesAboveTheLimit) {
  std::ofstream(dir_ / "big.ini", std::ios::binary) << std::string(11, 'x');
  EXPECT_EQ(read_user_file((dir_ / "big.ini").string(), "arch file", "an INI file", 11).size(), 11u);
  EXPECT_NE(error_of((dir_ / "big.ini").string(), 10).find("11 bytes, larger than the limit of 10 bytes"),
            std::string::npos);
}

TEST_F(ReadUserFile, ControlCharactersInThePathStayOnOneLine) {
  const std::string message = error_of((dir_ / "a\nb.ini").string());
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_NE(message.find("a\\x0ab.ini"), std::string::npos) << message;
}

}  // namespace
}  // namespace sasim
