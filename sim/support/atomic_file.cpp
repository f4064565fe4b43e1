#include "sasim/support/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "sasim/support/error.hpp"

namespace sasim {
namespace {

std::string join_path(const std::string& dir, const std::string& name) {
  return dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
}

[[noreturn]] void fail(const std::string& what, const std::string& path, int error) {
  throw UserError(fmt::format("cannot {} '{}': {}", what, path, std::strerror(error)));
}

// Errors name shown (the final path, which is what the user asked for).
void write_all(const std::string& path, const std::string& shown, const std::string& contents) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) fail("create", shown, errno);
  const char* data = contents.data();
  std::size_t left = contents.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) {
      const int error = errno;
      ::close(fd);
      fail("write", shown, error);
    }
    data += written;
    left -= std::size_t(written);
  }
  // close() is where NFS and some full-disk cases report the failure.
  if (::close(fd) != 0) fail("write", shown, errno);
}

}  // namespace

void ensure_output_dir(const std::string& dir) {
  struct stat st {};
  if (stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) throw UserError(fmt::format("--out '{}': exists and is not a directory", dir));
    return;
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw UserError(fmt::format("--out '{}': cannot create the directory: {}", dir, ec.message()));
}

AtomicFileSet::AtomicFileSet(std::string dir) : dir_(std::move(dir)) {}

AtomicFileSet::~AtomicFileSet() {
  for (const auto& [temporary, final_path] : pending_) std::remove(temporary.c_str());
}

void AtomicFileSet::add(const std::string& name, const std::string& contents) {
  const std::string final_path = join_path(dir_, name);
  const std::string temporary = join_path(dir_, fmt::format(".{}.tmp.{}", name, ::getpid()));
  // Registered before writing, so a half-written temporary is removed too.
  pending_.emplace_back(temporary, final_path);
  write_all(temporary, final_path, contents);
}

void AtomicFileSet::commit() {
  // A directory in a file's place is the one failure a rename can hit midway
  // through the set; check them all first so the set stays all or nothing.
  for (const auto& [temporary, final_path] : pending_) {
    struct stat st {};
    if (stat(final_path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) fail("replace", final_path, EISDIR);
  }
  while (!pending_.empty()) {
    const auto& [temporary, final_path] = pending_.front();
    if (std::rename(temporary.c_str(), final_path.c_str()) != 0) fail("rename into", final_path, errno);
    pending_.erase(pending_.begin());
  }
}

void write_file_atomically(const std::string& dir, const std::string& name, const std::string& contents) {
  AtomicFileSet files(dir);
  files.add(name, contents);
  files.commit();
}

}  // namespace sasim
