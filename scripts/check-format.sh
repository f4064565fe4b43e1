#!/usr/bin/env bash
# Checks that every C++ file of the repository (*.cpp, *.hpp, *.h) is
# formatted as .clang-format says; the CTest format_check runs it.
#   scripts/check-format.sh [CLANG_FORMAT]      check; exit 1 on any unformatted file
#   scripts/check-format.sh --list              print the files, NUL-separated
# The files: `git ls-files` in a git checkout, else a find that skips build
# trees (any directory with a CMakeCache.txt, build*/, out/, obj_dir/). Inputs
# kept byte for byte (tests/fuzz/regressions/) are never checked.
# CLANG_FORMAT: the program (default $CLANG_FORMAT, else clang-format on PATH).
# scripts/format.sh formats the same files in place.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"

# The C++ files, NUL-separated, relative to the root.
list_files() {
  if command -v git >/dev/null 2>&1 && [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$root" ]; then
    git ls-files -z -- '*.cpp' '*.hpp' '*.h'
  else
    local prune=(-name .git -o -name 'build*' -o -name out -o -name obj_dir -o -path ./tests/fuzz/regressions)
    local tree
    while IFS= read -r -d '' tree; do
      prune+=(-o -path "$(dirname "$tree")")
    done < <(find . -name .git -prune -o -name CMakeCache.txt -print0)
    find . \( "${prune[@]}" \) -prune -o -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) -print0 |
      sed -z 's|^\./||' | sort -z
  fi | while IFS= read -r -d '' f; do
    # Listed but deleted from the work tree, or kept byte for byte: not checked.
    [ -f "$f" ] || continue
    case "$f" in tests/fuzz/regressions/*) continue ;; esac
    printf '%s\0' "$f"
  done
}

if [ "${1:-}" = "--list" ]; then
  list_files
  exit 0
fi

clang_format=${1:-${CLANG_FORMAT:-clang-format}}
if ! command -v "$clang_format" >/dev/null 2>&1; then
  echo "check-format: FAIL: clang-format not found ('$clang_format')." >&2
  echo "check-format: install it with scripts/install-deps.sh (Debian 12's clang-format, version 14), then re-run cmake." >&2
  exit 1
fi
if [ ! -f .clang-format ]; then
  echo "check-format: FAIL: no .clang-format in $root" >&2
  exit 1
fi
version=$("$clang_format" --version)
case "$version" in
  *"version 14."*) ;;
  *) echo "check-format: warning: .clang-format is tuned for clang-format 14; this is: $version" >&2 ;;
esac

files=()
while IFS= read -r -d '' f; do files+=("$f"); done < <(list_files)
if [ ${#files[@]} -eq 0 ]; then
  echo "check-format: FAIL: no C++ files found under $root" >&2
  exit 1
fi

bad=()
for f in "${files[@]}"; do
  "$clang_format" --dry-run --Werror --style=file "$f" >/dev/null 2>&1 || bad+=("$f")
done

if [ ${#bad[@]} -eq 0 ]; then
  echo "check-format: ${#files[@]} C++ files formatted as .clang-format says ($version)"
  exit 0
fi
echo "check-format: FAIL: ${#bad[@]} of ${#files[@]} C++ files are not formatted as .clang-format says:"
printf '  %s\n' "${bad[@]}"
echo "check-format: what formatting would change in the first of them (at most 40 lines):"
# (|| true: head may close the pipe before diff is done.)
{ "$clang_format" --style=file "${bad[0]}" 2>&1 | diff -u "${bad[0]}" -; } | head -n 40 | sed 's/^/    /' || true
echo "check-format: fix with: scripts/format.sh   (formats every C++ file in place; review and commit the result)"
exit 1
