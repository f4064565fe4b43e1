#!/usr/bin/env bash
# Runs one libFuzzer binary for the test fuzz.<name>:
#   run_fuzzer.sh FUZZER DEFAULT_SECONDS ARGS...
# $SASIM_FUZZ_SECONDS, when set, replaces DEFAULT_SECONDS (scripts/fuzz.sh
# uses it for longer runs). -timeout: an input that takes 10 s is a hang;
# -rss_limit_mb: one that needs 2 GiB is unbounded allocation; libFuzzer
# reports both as failures, like crashes, leaks and sanitizer reports.
# -seed: $SASIM_FUZZ_SEED, 1 by default, so that a CTest run mutates the
# same way every time (what it reaches still depends on the machine's
# speed); 0 lets libFuzzer pick one (scripts/fuzz.sh campaigns).
set -euo pipefail
fuzzer=$1
seconds=${SASIM_FUZZ_SECONDS:-$2}
shift 2
exec "$fuzzer" -max_total_time="$seconds" -seed="${SASIM_FUZZ_SEED:-1}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$@"
