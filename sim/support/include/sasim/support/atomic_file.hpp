#pragma once
// Output files that appear whole or not at all: each is written to a
// temporary DIR/.NAME.tmp.<pid> and renamed into place only once every file
// of the set is written, so an error or a full disk never leaves a truncated
// result that a later script would take for a real one.
#include <string>
#include <utility>
#include <vector>

namespace sasim {

// Creates dir (and missing parents). Throws UserError if it exists as a
// non-directory or cannot be created.
void ensure_output_dir(const std::string& dir);

class AtomicFileSet {
 public:
  explicit AtomicFileSet(std::string dir);
  ~AtomicFileSet();  // removes every temporary not yet committed
  AtomicFileSet(const AtomicFileSet&) = delete;
  AtomicFileSet& operator=(const AtomicFileSet&) = delete;

  // Writes contents to the temporary of dir/name. Throws UserError on failure.
  void add(const std::string& name, const std::string& contents);

  // Renames every temporary to its final name. Throws UserError on failure.
  void commit();

 private:
  std::string dir_;
  std::vector<std::pair<std::string, std::string>> pending_;  // temporary path, final path
};

// One file, written the same way.
void write_file_atomically(const std::string& dir, const std::string& name, const std::string& contents);

}  // namespace sasim
