#!/usr/bin/env bash
# Formats every C++ file of the repository in place as .clang-format says:
# the files scripts/check-format.sh (the CTest format_check) checks.
#   scripts/format.sh [CLANG_FORMAT]
# CLANG_FORMAT: the program (default $CLANG_FORMAT, else clang-format on PATH;
# scripts/install-deps.sh installs Debian 12's, version 14).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
clang_format=${1:-${CLANG_FORMAT:-clang-format}}
if ! command -v "$clang_format" >/dev/null 2>&1; then
  echo "format: clang-format not found ('$clang_format'): install it with scripts/install-deps.sh" >&2
  exit 1
fi
count=$(scripts/check-format.sh --list | tr -cd '\0' | wc -c)
scripts/check-format.sh --list | xargs -0 -r "$clang_format" -i --style=file
echo "format: formatted $count C++ files with $("$clang_format" --version)"
