#pragma once
// An exclusive advisory lock on a file (flock), held for the object's life:
// processes that build the same cached artifact (an RTL variant, the raw
// Verilator loop) take turns instead of racing.
#include <string>

namespace sasim {

class FileLock {
 public:
  explicit FileLock(const std::string& path);  // creates the file; UserError if it cannot
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

}  // namespace sasim
