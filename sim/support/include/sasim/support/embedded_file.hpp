#pragma once
// A file compiled into the binary by cmake/EmbedFiles.cmake (RTL sources,
// architecture presets, DRAM tables), so that sasim runs without its source tree.

namespace sasim {

struct EmbeddedFile {
  const char* name;  // path relative to the embedding's base, or the bare file name
  const char* text;
};

}  // namespace sasim
