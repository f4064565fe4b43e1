#include "sasim/support/input_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sasim/support/error.hpp"

namespace sasim {
namespace {

// 'path' with control characters escaped, so the message stays one line.
std::string shown(const std::string& path) {
  std::string out = "'";
  for (const char ch : path) {
    const auto byte = static_cast<unsigned char>(ch);
    out += byte < 0x20 || byte == 0x7f ? fmt::format("\\x{:02x}", byte) : std::string(1, ch);
  }
  return out + "'";
}

// Closes the descriptor on every path out of read_user_file.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string read_user_file(const std::string& path, const std::string& what, const std::string& expected,
                           std::int64_t max_bytes) {
  auto fail = [&](const std::string& reason) -> UserError {
    return UserError(fmt::format("{} {}: {}", what, shown(path), reason));
  };
  // O_NONBLOCK: opening a FIFO with no writer must not hang before the check below.
  Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (file.fd < 0) {
    if (errno == ENOENT) throw fail("no such file");
    if (errno == EISDIR) throw fail(fmt::format("is a directory, expected {}", expected));
    throw fail(fmt::format("cannot open: {}", std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) throw fail(fmt::format("cannot read: {}", std::strerror(errno)));
  if (S_ISDIR(st.st_mode)) throw fail(fmt::format("is a directory, expected {}", expected));
  if (!S_ISREG(st.st_mode))
    throw fail(fmt::format("is not a regular file (a pipe, device or socket), expected {}", expected));
  if (st.st_size > max_bytes) {
    throw fail(fmt::format("{} bytes, larger than the limit of {} bytes", st.st_size, max_bytes));
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t got = ::read(file.fd, text.data() + done, text.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw fail(fmt::format("cannot read: {}", std::strerror(errno)));
    if (got == 0) break;  // the file shrank while being read: keep what is there
    done += static_cast<std::size_t>(got);
  }
  text.resize(done);
  return text;
}

}  // namespace sasim
