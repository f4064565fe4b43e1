#!/usr/bin/env bash
# Longer fuzzing than the CTest label `fuzz` does in CI (docs/hardening.md).
#   scripts/fuzz.sh [SECONDS_PER_HARNESS] [HARNESS ...]
# Defaults: 600 s for every harness (tests/fuzz/fuzz_<name>.cpp), one after
# the other, one core each. Builds the asan preset (clang, ASan+UBSan,
# libFuzzer) in build-asan if needed and runs the tests fuzz.<name> with
# SASIM_FUZZ_SECONDS, so seeds, dictionaries and limits are the same as in CI.
# The corpus grows in build-asan/tests/fuzz/corpus/<name>. An input that
# crashes, hangs, leaks or hits UB is copied to tests/fuzz/regressions/<name>/,
# where the ordinary test fuzz_replay.<name> replays it: commit it with the fix.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-600}
shift || true
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  for f in tests/fuzz/fuzz_*.cpp; do
    name=$(basename "$f" .cpp)
    harnesses+=("${name#fuzz_}")
  done
fi

[ -f build-asan/CMakeCache.txt ] || cmake --preset asan >/dev/null
cmake --build --preset asan

status=0
for name in "${harnesses[@]}"; do
  artifacts=build-asan/tests/fuzz/artifacts/$name
  mkdir -p "$artifacts"
  before=$(find "$artifacts" -type f | wc -l)
  echo "fuzz: $name for $seconds s"
  if ! SASIM_FUZZ_SEED=${SASIM_FUZZ_SEED:-0} SASIM_FUZZ_SECONDS=$seconds ctest --preset asan -j 1 --timeout $((seconds + 300)) -R "^fuzz\.${name}\$" \
      | grep -E "Passed|Failed|Not Run"; then
    status=1
  fi
  if [ "$(find "$artifacts" -type f | wc -l)" -gt "$before" ]; then
    mkdir -p tests/fuzz/regressions/"$name"
    cp -n "$artifacts"/* tests/fuzz/regressions/"$name"/
    echo "fuzz: $name found failing inputs, copied to tests/fuzz/regressions/$name/ (details: build-asan/Testing/Temporary/LastTest.log)"
    status=1
  fi
done
exit $status
