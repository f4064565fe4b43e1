#!/usr/bin/env bash
# Synthesizes one sasim core (a small 2x3 instance) with Yosys and fails on
# any error, on a failed structural check (loops, multiple drivers) or on an
# empty netlist. Usage: synth_check.sh YOSYS CORE RTL_DIR
set -euo pipefail
yosys=$1 core=$2 rtl=$3
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$yosys" -p "read_verilog -sv $rtl/sa_pkg.sv $rtl/sa_delay.sv $rtl/sa_skew.sv $rtl/sa_deskew.sv \
  $rtl/sa_pe_stationary.sv $rtl/sa_pe_output.sv $rtl/sa_mesh_stationary.sv $rtl/sa_mesh_output.sv $rtl/$core.sv; \
  chparam -set ROWS 2 -set COLS 3 $core; synth -flatten -top $core; check -assert; stat" >"$log" 2>&1 || {
  tail -20 "$log"
  exit 1
}
cells=$(awk '/=== '"$core"'/ {top=1} top && /Number of cells:/ {print $4; exit}' "$log")
echo "$core (2x3): ${cells:-0} cells after synth"
[ "${cells:-0}" -gt 100 ] || { echo "netlist is implausibly small"; exit 1; }
