#include "sasim/config/architecture_ini.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "sasim/support/error.hpp"
#include "sasim/support/input_file.hpp"
#include "sasim/support/text.hpp"

namespace sasim {

std::vector<IniEntry> parse_ini(const std::string& text, const std::string& source, IniSyntax syntax) {
  std::vector<IniEntry> entries;
  std::istringstream in(text);
  std::string raw, section;
  int line_no = 0;
  while (std::getline(in, raw)) {
    ++line_no;
    const std::string where = fmt::format("{} line {}", source, line_no);
    if (raw.find('\0') != std::string::npos) throw UserError(where + ": a NUL byte: expected a text file");
    std::string line = trim(raw.substr(0, raw.find('#')));
    if (line.empty() || (syntax.semicolon_comments && line.front() == ';')) continue;
    if (line.front() == '[') {
      if (line.back() != ']')
        throw UserError(fmt::format("{}: {}: expected a section header [name]", where, quoted(line)));
      section = trim(line.substr(1, line.size() - 2));
      if (section.empty()) throw UserError(where + ": empty section header []: expected [name]");
      entries.push_back({section, "", "", line_no});
      continue;
    }
    auto sep = line.find('=');
    if (syntax.colon_separator) sep = std::min(sep, line.find(':'));
    if (sep == std::string::npos) {
      throw UserError(fmt::format("{}: {}: expected key {} value or a [section] header", where, quoted(line),
                                  syntax.colon_separator ? "= (or :)" : "="));
    }
    IniEntry entry{section, trim(line.substr(0, sep)), trim(line.substr(sep + 1)), line_no};
    if (entry.key.empty())
      throw UserError(fmt::format("{}: {}: expected a key before the separator", where, quoted(line)));
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::string read_arch_file(const std::string& path) {
  return read_user_file(path, "arch file", "an INI or SCALE-Sim .cfg file");
}

const char* embedded_config_file(const std::string& name) {
  int count = 0;
  const EmbeddedFile* files = embedded_config_files(&count);
  for (int i = 0; i < count; ++i) {
    if (name == files[i].name) return files[i].text;
  }
  return nullptr;
}

}  // namespace sasim
