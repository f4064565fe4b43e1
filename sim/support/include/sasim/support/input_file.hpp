#pragma once
// Reading a file the user named (architecture, workload, topology CSV, sweep
// spec, ONNX model) with the checks every reader needs before it reads a
// byte: the path exists, is a regular file (a FIFO would block forever,
// /dev/zero never ends, a directory is a mistake) and holds at most
// max_bytes (docs/config.md, "Limits").
#include <cstdint>
#include <string>

namespace sasim {

// Text inputs (INI, .cfg, CSV, sweep specs): far above any real one, small
// enough that reading it whole is harmless.
inline constexpr std::int64_t kMaxTextInputBytes = std::int64_t{64} << 20;  // 64 MiB

// The whole file. Throws UserError "<what> '<path>': ..." naming the reason:
// no such file, a directory or not a regular file (expected <expected>),
// larger than max_bytes, or the system's error.
std::string read_user_file(const std::string& path, const std::string& what, const std::string& expected,
                           std::int64_t max_bytes = kMaxTextInputBytes);

}  // namespace sasim
