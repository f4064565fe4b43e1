#!/usr/bin/env bash
# Runs one libFuzzer binary for the test fuzz.<name>:
#   run_fuzzer.sh FUZZER DEFAULT_SECONDS ARGS...
# $SASIM_FUZZ_SECONDS, when set, replaces DEFAULT_SECONDS (scripts/fuzz.sh
# uses it for longer runs). -timeout: an input that takes 10 s is a hang;
# -rss_limit_mb: one that needs 2 GiB is unbounded allocation; libFuzzer
# reports both as failures, like crashes, leaks and sanitizer reports.
set -euo pipefail
fuzzer=$1
seconds=${SASIM_FUZZ_SECONDS:-$2}
shift 2
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$@"
