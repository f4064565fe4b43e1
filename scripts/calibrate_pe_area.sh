#!/usr/bin/env bash
# Calibrates sasim's MAC-array area model from Yosys synthesis of its own RTL
# and prints configs/calibration/pe_area.ini (docs/area-energy.md).
#
# Usage: scripts/calibrate_pe_area.sh [YOSYS] > configs/calibration/pe_area.ini
#
# Method. Each PE (sa_pe_stationary for WS/IS, sa_pe_output for OS) is
# synthesised for every (IN_W, ACC_W) of the grid with Yosys `synth -flatten`,
# then re-mapped by ABC to the simple gates an open 45 nm standard-cell library
# has (AND, NAND, OR, NOR, XOR, XNOR, MUX, AOI21, OAI21, INV). The cell counts
# of `stat` are weighted by the drive-strength-X1 cell areas of the NanGate
# FreePDK45 Open Cell Library (v1.3, NangateOpenCellLibrary_typical.lib); a
# flip-flop with enable is a DFFR_X1 plus a MUX2_X1 that holds its value.
# That is standard-cell area at 45 nm before placement; sim/cost/area_model.cpp
# divides by a placement utilisation and scales to tech.node_nm.
#
# Check. Whole cores (4x4 and 8x8, sa_core_stationary / sa_core_output) are
# synthesised the same way; their area is compared with the model
# rows*cols*PE + (skew + deskew register bits) * flop area, and the ratio is
# printed in the file, so a model that stopped matching the RTL shows.
set -euo pipefail
yosys=${1:-yosys}
rtl=$(cd "$(dirname "$0")/../rtl" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# NanGate FreePDK45 Open Cell Library v1.3, X1 cells, area in um^2.
cell_areas='
$_NOT_        0.532  INV_X1
$_NAND_       0.798  NAND2_X1
$_NOR_        0.798  NOR2_X1
$_AND_        1.064  AND2_X1
$_OR_         1.064  OR2_X1
$_XOR_        1.596  XOR2_X1
$_XNOR_       1.596  XNOR2_X1
$_MUX_        1.862  MUX2_X1
$_AOI3_       1.064  AOI21_X1
$_OAI3_       1.064  OAI21_X1
$_DFF_P_      4.522  DFF_X1
$_DFF_PN0_    5.320  DFFR_X1
$_DFFE_PP_    6.384  DFF_X1+MUX2_X1
$_DFFE_PN0P_  7.182  DFFR_X1+MUX2_X1
$_DFFE_PN0N_  7.182  DFFR_X1+MUX2_X1
'
flop_area=7.182  # one enabled, reset flop: the skew/deskew register bit

sources="$rtl/sa_pkg.sv $rtl/sa_delay.sv $rtl/sa_skew.sv $rtl/sa_deskew.sv $rtl/sa_pe_stationary.sv \
  $rtl/sa_pe_output.sv $rtl/sa_mesh_stationary.sv $rtl/sa_mesh_output.sv $rtl/sa_core_stationary.sv $rtl/sa_core_output.sv"

# area_of TOP "chparam args": standard-cell area in um^2 of one synthesised module.
area_of() {
  local top=$1 params=$2 log="$work/$1.log"
  "$yosys" -q -p "read_verilog -sv $sources; chparam $params $top; synth -flatten -top $top; \
    abc -g AND,NAND,OR,NOR,XOR,XNOR,MUX,AOI3,OAI3; opt_clean; tee -o $log stat" >/dev/null 2>"$work/err" || {
    cat "$work/err" >&2
    exit 1
  }
  awk -v table="$cell_areas" '
    BEGIN { n = split(table, lines, "\n"); for (i = 1; i <= n; i++) { split(lines[i], f, " "); if (f[1] != "") area[f[1]] = f[2] } }
    $1 ~ /^\$_/ { if (!($1 in area)) { print "unknown cell " $1 > "/dev/stderr"; bad = 1; exit 1 } total += $2 * area[$1] }
    END { if (bad || total == 0) exit 1; printf "%.1f\n", total }' "$log"
}

echo "# PE and array area calibration, written by scripts/calibrate_pe_area.sh"
echo "# ($("$yosys" -V | head -1)). Standard-cell area at 45 nm in um^2: Yosys synth +"
echo "# ABC mapping to simple gates, weighted by NanGate FreePDK45 X1 cell areas"
echo "# (the script lists them). Regenerate: scripts/calibrate_pe_area.sh > $(basename "$0" .sh | sed 's/calibrate_//').ini"
echo
echo "[cells]"
echo "flop_um2 = $flop_area   # DFFR_X1 + MUX2_X1: one skew/deskew register bit"
echo
echo "[pe]"
echo "# key: <kind>_in<IN_W>_acc<ACC_W>_um2; kind ws = sa_pe_stationary (WS and IS), os = sa_pe_output"
for kind in ws os; do
  top=sa_pe_stationary; [ $kind = os ] && top=sa_pe_output
  for in_w in 8 16; do
    for acc_w in 16 24 32 48 64; do
      [ $acc_w -lt $((2 * in_w)) ] && continue
      echo "${kind}_in${in_w}_acc${acc_w}_um2 = $(area_of $top "-set IN_W $in_w -set ACC_W $acc_w")"
    done
  done
done

echo
echo "[check]"
echo "# whole cores, int8/acc32: synthesised area vs the model"
echo "#   rows*cols*PE + (IN_W*rows*(rows-1)/2 + ACC_W*cols*(cols-1)/2) * flop_um2"
echo "# Small cores come out below the model: the first row's adders add zero and are"
echo "# optimised away, an edge effect that vanishes as the array grows."
for kind in ws os; do
  top=sa_core_stationary; [ $kind = os ] && top=sa_core_output
  pe=$(area_of $([ $kind = os ] && echo sa_pe_output || echo sa_pe_stationary) "-set IN_W 8 -set ACC_W 32")
  for n in 4 8; do
    core=$(area_of $top "-set ROWS $n -set COLS $n -set IN_W 8 -set ACC_W 32")
    model=$(awk -v n=$n -v pe=$pe -v f=$flop_area 'BEGIN { printf "%.1f", n*n*pe + (8*n*(n-1)/2 + 32*n*(n-1)/2)*f }')
    echo "${kind}_core${n}x${n}_um2 = $core   # model $model, synth/model $(awk -v a=$core -v b=$model 'BEGIN { printf "%.3f", a/b }')"
  done
done
