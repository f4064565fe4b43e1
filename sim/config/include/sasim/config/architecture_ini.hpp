#pragma once
// The line-level reader behind architecture files: sasim INI files
// (Boost.Program_options config-file syntax) and SCALE-Sim .cfg files
// (Python configparser syntax). Both are "[section]" headers and
// "key = value" lines; it keeps each entry's line number so that every error
// can name the file and the line.
#include <string>
#include <vector>

#include "sasim/support/embedded_file.hpp"

namespace sasim {

struct IniEntry {
  std::string section;  // "" before the first header
  std::string key;
  std::string value;
  int line = 0;  // 1-based
};

struct IniSyntax {
  bool colon_separator = false;     // SCALE-Sim: "key: value" as well as "key = value"
  bool semicolon_comments = false;  // SCALE-Sim: lines starting with ';' are comments
};

// Parses text: '#' starts a comment anywhere on a line (Boost semantics),
// blank lines are skipped, whitespace around sections, keys and values is
// trimmed. A section header is "[name]"; an entry is "key = value" (the
// first separator splits). Throws UserError as
// "<source> line <n>: ..." on a line that is neither, on an empty key or an
// unterminated header. Sections are returned as entries with an empty key
// so that callers can check headers that have no keys under them.
std::vector<IniEntry> parse_ini(const std::string& text, const std::string& source, IniSyntax syntax = {});

// Reads a file the user named: UserError "arch file 'PATH': ..." if it does
// not exist, is a directory or cannot be read.
std::string read_arch_file(const std::string& path);

// Built-in configuration files (configs/arch/*.ini, configs/calibration/*.ini),
// embedded at build time by cmake/EmbedFiles.cmake; each is named by its path
// under configs/ ("arch/tpu_v1.ini").
const EmbeddedFile* embedded_config_files(int* count);

// The text of one embedded file, or nullptr.
const char* embedded_config_file(const std::string& name);

}  // namespace sasim
