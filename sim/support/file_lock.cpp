#include "sasim/support/file_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include "sasim/support/error.hpp"

namespace sasim {

FileLock::FileLock(const std::string& path) : fd_(open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644)) {
  if (fd_ < 0) throw UserError(fmt::format("cannot create lock file {}", path));
  flock(fd_, LOCK_EX);
}

FileLock::~FileLock() {
  flock(fd_, LOCK_UN);
  close(fd_);
}

}  // namespace sasim
