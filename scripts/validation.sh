#!/usr/bin/env bash
# Runs every command behind the tables of docs/validation.md, with both engines
# (analytic and model), and prints the tables' numbers as CSV:
#
#   scripts/validation.sh SASIM OUT_DIR [tpu] [nvdla] [scalesim]
#
# SASIM is the sasim binary (e.g. build/sim/sasim). Each run's layers.csv,
# summary.json and log go to OUT_DIR/runs/<name>/; the tables to OUT_DIR/*.csv,
# which are also printed, one "file: line" per row (grep for a table's name).
# With no table named, all three run. Paths (configs/, ../shared/models) are
# taken relative to the repository root, found from this script's location.
# A documentation helper, not a test: nothing here checks the numbers.
# VALIDATION_REUSE=1 keeps the runs already in OUT_DIR/runs (only the tables
# are rebuilt); any other value re-runs everything.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 SASIM OUT_DIR [tpu] [nvdla] [scalesim]" >&2
  exit 2
fi
sasim=$(realpath "$1")
mkdir -p "$2"
out=$(realpath "$2")
shift 2
tables=("$@")
[[ ${#tables[@]} -gt 0 ]] || tables=(tpu nvdla scalesim)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
resnet50=../shared/models/resnet50.onnx
mkdir -p "$out/runs"

# run NAME ARGS...: `sasim ARGS... --out runs/NAME`; its output in runs/NAME.log,
# the wall seconds in runs/NAME/wall_s, sasim's status in runs/NAME/status (and returned).
run() {
  local name=$1
  shift
  local dir=$out/runs/$name start status=0
  if [[ ${VALIDATION_REUSE:-0} == 1 && -f $dir/status ]]; then
    return "$(cat "$dir/status")"
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  start=$(date +%s.%N)
  "$sasim" "$@" --out "$dir" >"$dir.log" 2>&1 || status=$?
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", b - a }' >"$dir/wall_s"
  echo $status >"$dir/status"
  return $status
}

# top FILE KEY: a top-level number of summary.json or area.json (keys indented by two).
top() { awk -v k="\"$2\":" '$1 == k && /^  "/ { sub(/,$/, "", $2); print $2 }' "$1"; }

# nested FILE OBJECT KEY: a number inside a top-level object (stall_cycles, components).
nested() {
  awk -v o="\"$2\":" -v k="\"$3\":" '/^  "/ { inside = ($1 == o) } inside && $1 == k { sub(/,$/, "", $2); print $2 }' "$1"
}

# layer_sums LAYERS_CSV KIND_TEST: sums of layers.csv columns over the layers
# whose kind passes KIND_TEST ("vector" or "!vector"): cycles compute_cycles
# stall_dram_bandwidth stall_dram_latency stall_interconnect bytes_read bytes_written.
layer_sums() {
  awk -F, -v want="$2" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    (want == "vector") == ($col["kind"] == "vector") {
      c += $col["cycles"]; cc += $col["compute_cycles"]; bw += $col["stall_dram_bandwidth"]
      lat += $col["stall_dram_latency"]; ic += $col["stall_interconnect"]
      r += $col["dram_bytes_read"]; w += $col["dram_bytes_written"]
    }
    END { printf "%d,%d,%d,%d,%d,%d,%d\n", c, cc, bw, lat, ic, r, w }' "$1"
}

pct() { awk -v x="$1" -v ref="$2" 'BEGIN { printf "%+.1f\n", (x - ref) / ref * 100 }'; }

emit() {  # emit FILE: print a finished table
  sed "s|^|$(basename "$1"): |" "$1"
}

tpu() {
  local csv=$out/tpu.csv
  echo "workload,batch,paper_tops,engine,tops,error_pct,cycles,compute_cycles,compute_only_tops,dram_mb_read,dram_mb_written,stall_dram_bandwidth,stall_dram_latency,stall_interconnect,wall_s" >"$csv"
  local row w batch paper engine d tops cycles compute
  # workload, batch, measured TOPS (Jouppi et al. ISCA 2017)
  for row in mlp0,200,12.3 mlp1,168,9.7 lstm0,64,3.7 lstm1,96,2.8 cnn0,8,86.0 cnn1,32,14.1; do
    IFS=, read -r w batch paper <<<"$row"
    for engine in analytic model; do
      run "tpu_${w}_$engine" run --arch tpu_v1 --engine $engine --workload "configs/workloads/tpu_v1/$w.csv"
      d=$out/runs/tpu_${w}_$engine
      tops=$(top "$d/summary.json" achieved_tops)
      cycles=$(top "$d/summary.json" total_cycles)
      compute=$(top "$d/summary.json" compute_cycles)
      printf "%s,%s,%s,%s,%.2f,%s,%s,%s,%.2f,%.1f,%.1f,%s,%s,%s,%s\n" "$w" "$batch" "$paper" $engine "$tops" \
        "$(pct "$tops" "$paper")" "$cycles" "$compute" "$(awk -v t="$tops" -v a="$cycles" -v b="$compute" 'BEGIN { print t * a / b }')" \
        "$(awk -v b="$(top "$d/summary.json" dram_bytes_read)" 'BEGIN { print b / 1e6 }')" \
        "$(awk -v b="$(top "$d/summary.json" dram_bytes_written)" 'BEGIN { print b / 1e6 }')" \
        "$(nested "$d/summary.json" stall_cycles dram_bandwidth)" "$(nested "$d/summary.json" stall_cycles dram_latency)" \
        "$(nested "$d/summary.json" stall_cycles interconnect)" "$(cat "$d/wall_s")" >>"$csv"
    done
  done
  emit "$csv"

  # The CNN layers' two M chunks as GEMMs of their own, on the platform
  # (the prose under the table).
  csv=$out/tpu_chunks.csv
  echo "gemm,engine,cycles,compute_cycles,bound" >"$csv"
  local g
  for g in M=2221,N=236,K=2124 M=667,N=236,K=2124 M=1829,N=382,K=3438 M=27,N=382,K=3438; do
    run "tpu_chunk_${g//[=,]/_}" run --arch tpu_v1 --workload "gemm:$g"
    d=$out/runs/tpu_chunk_${g//[=,]/_}
    echo "\"$g\",model,$(top "$d/summary.json" total_cycles),$(top "$d/summary.json" compute_cycles),$(awk -F, 'NR == 2 { print $NF }' "$d/layers.csv")" >>"$csv"
  done
  emit "$csv"

  csv=$out/tpu_area.csv
  run tpu_area area --arch tpu_v1
  echo "component,mm2,share_of_331mm2_pct" >"$csv"
  awk '/^  "components"/ { inside = 1; next } inside && /^  [}]/ { inside = 0 }
       inside { gsub(/[",:]/, ""); printf "%s,%.2f,%.1f\n", $1, $2, $2 / 331 * 100 }' "$out/runs/tpu_area/area.json" >>"$csv"
  printf "total,%.2f,\n" "$(top "$out/runs/tpu_area/area.json" total_mm2)" >>"$csv"
  emit "$csv"
}

# NVDLA primer rows: MACs, array rows x cols (atomic-C x atomic-K), buffer KB,
# GB/s, published frames/s, published mm² (28 nm cell area).
# shellcheck disable=SC2054
nvdla_rows=(
  2048,64,32,512,20,269,5.5
  1024,32,32,256,15,153,3.0
  512,32,16,256,10,93,2.3
  256,16,16,256,5,46,1.7
  128,16,8,256,2,20,1.4
  64,8,8,128,1,7.3,0.91
  32,8,4,128,0.5,3.6,0.85
)

# nvdla_sets ROWS COLS BUFFER WEIGHT_KIB DATAFLOW WIDTH: the --set options of
# one point, into the array `sets`. WEIGHT_KIB 0: the whole buffer unified, weights in it.
nvdla_sets() {
  sets=(--set "array.rows=$1" --set "array.cols=$2" --set array.freq_mhz=1000 --set "array.dataflow=$5"
    --set "sram.unified_kib=$(($3 - $4))" --set "sram.filter_kib=$4" --set sram.ifmap_kib=0 --set sram.ofmap_kib=0
    --set "interconnect.width_bytes=$6" --set tech.node_nm=28)
}

# link_bytes GBPS: the interconnect width that gives GBPS at 1 GHz (at least 1 byte).
link_bytes() { awk -v g="$1" 'BEGIN { w = int(g); if (w < g) w++; if (w < 1) w = 1; print w }'; }

# nvdla_point ENGINE MACS ROWS COLS BUFFER GBPS WEIGHT_KIB DATAFLOW: run one
# point, append it to nvdla_points.csv (fps "refused" when sasim exits 2).
nvdla_point() {
  local engine=$1 macs=$2 r=$3 c=$4 buf=$5 gbps=$6 wkib=$7 df=$8 width name d status=0 fps
  width=$(link_bytes "$gbps")
  name=nvdla_${macs}_${engine}_${df}_w$wkib
  local -a extra=()
  [[ $engine == analytic ]] && extra=(--set "dram.bandwidth_limit_gbps=$gbps")
  nvdla_sets "$r" "$c" "$buf" "$wkib" "$df" "$width"
  run "$name" run --engine "$engine" --workload $resnet50 "${sets[@]}" "${extra[@]}" || status=$?
  d=$out/runs/$name
  if [[ $status -ne 0 ]]; then
    echo "$macs,$engine,$df,$wkib,$width,refused,,,,,,,,,,,$(cat "$d/wall_s")" >>"$out/nvdla_points.csv"
    return 0
  fi
  fps=$(top "$d/summary.json" inferences_per_s)
  echo "$macs,$engine,$df,$wkib,$width,$(printf %.2f "$fps"),$(top "$d/summary.json" total_cycles),$(layer_sums "$d/layers.csv" '!vector'),$(layer_sums "$d/layers.csv" vector | cut -d, -f1,2,6,7),$(cat "$d/wall_s")" \
    >>"$out/nvdla_points.csv"
}

nvdla() {
  local csv=$out/nvdla_points.csv
  # conv_*: the Conv/Gemm layers; vec_*: the vector layers (their compute is vec_compute)
  echo "macs,engine,dataflow,weight_kib,link_bytes,fps,cycles,conv_cycles,conv_compute,conv_stall_dram_bandwidth,conv_stall_dram_latency,conv_stall_interconnect,conv_bytes_read,conv_bytes_written,vec_cycles,vec_compute,vec_bytes_read,vec_bytes_written,wall_s" >"$csv"
  local row macs r c buf gbps fps mm2 wkib df
  for row in "${nvdla_rows[@]}"; do
    IFS=, read -r macs r c buf gbps fps mm2 <<<"$row"
    for df in ws is os; do
      for wkib in $((buf / 16)) $((buf / 8)) $((buf / 4)) $((buf / 2)) 0; do
        nvdla_point analytic "$macs" "$r" "$c" "$buf" "$gbps" "$wkib" "$df"
      done
    done
    # The platform runs are slow on small arrays: every WS and IS point from
    # 256 MACs up; below, the analytic engine's three best WS/IS points (one
    # at 32 MACs, whose 0.5 GB/s the 1-byte link cannot give).
    local -a points
    if ((macs >= 256)); then
      mapfile -t points < <(for df in ws is; do for wkib in $((buf / 16)) $((buf / 8)) $((buf / 4)) $((buf / 2)) 0; do echo "$df $wkib"; done; done)
    else
      mapfile -t points < <(awk -F, -v m="$macs" '$1 == m && $2 == "analytic" && $3 != "os" && $6 != "refused" { print $6, $3, $4 }' "$csv" |
        sort -g -r | head -n $((macs == 32 ? 1 : 3)) | cut -d' ' -f2,3)
    fi
    local p
    for p in "${points[@]}"; do
      nvdla_point model "$macs" "$r" "$c" "$buf" "$gbps" "${p#* }" "${p% *}"
    done
    nvdla_sets "$r" "$c" "$buf" $((buf / 8)) ws "$(link_bytes "$gbps")"  # the split does not change the area
    run "nvdla_${macs}_area" area "${sets[@]}"
  done
  emit "$csv"

  csv=$out/nvdla.csv
  echo "macs,buffer_kb,gbps,published_fps,analytic_point,analytic_fps,analytic_error_pct,model_point,model_fps,model_error_pct,core_mm2,published_mm2,area_error_pct" >"$csv"
  local best_a best_m a_fps m_fps area core
  for row in "${nvdla_rows[@]}"; do
    IFS=, read -r macs r c buf gbps fps mm2 <<<"$row"
    best_a=$(awk -F, -v m="$macs" '$1 == m && $2 == "analytic" && $6 != "refused" { print $6, $3 " " $4 }' "$out/nvdla_points.csv" | sort -g -r | head -n1)
    best_m=$(awk -F, -v m="$macs" '$1 == m && $2 == "model" && $6 != "refused" { print $6, $3 " " $4 }' "$out/nvdla_points.csv" | sort -g -r | head -n1)
    a_fps=${best_a%% *}
    m_fps=${best_m%% *}
    area=$out/runs/nvdla_${macs}_area/area.json
    core=$(awk -v t="$(top "$area" total_mm2)" -v p="$(nested "$area" components dram_phy_controller)" \
      -v i="$(nested "$area" components interconnect)" 'BEGIN { print t - p - i }')
    echo "$macs,$buf,$gbps,$fps,${best_a#* },$a_fps,$(pct "$a_fps" "$fps"),${best_m#* },$m_fps,$(pct "$m_fps" "$fps"),$(printf %.2f "$core"),$mm2,$(pct "$core" "$mm2")" >>"$csv"
  done
  emit "$csv"
}

scalesim() {
  local csv=$out/scalesim.csv
  echo "cfg,topology,engine,layer,m,n,k,folds,compute_cycles,scalesim_cycles,error_pct,cycles" >"$csv"
  local cfg topo engine name
  for cfg in scale_32x32_os tpu_like_ws; do
    for topo in mlp_gemms small_cnn; do
      for engine in analytic model; do
        name=scalesim_${cfg}_${topo}_$engine
        run "$name" run --arch configs/scalesim/$cfg.cfg --workload configs/topologies/$topo.csv --engine $engine
        awk -F, -v pre="$cfg,$topo,$engine" '
          NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
          { s = $col["scalesim_cycles"]; c = $col["compute_cycles"]
            printf "%s,%s,%s,%s,%s,%s,%s,%s,%+.1f,%s\n", pre, $col["layer"], $col["m"], $col["n"], $col["k"],
              $col["folds"], c, s, (c - s) / s * 100, $col["cycles"] }' "$out/runs/$name/layers.csv" >>"$csv"
      done
    done
  done
  emit "$csv"

  # stem_conv on its own on the OS .cfg's platform: as is, with --memory ideal,
  # with a 64-byte link (the prose under the tables).
  csv=$out/scalesim_stem.csv
  echo "variant,cycles,compute_cycles" >"$csv"
  local variant
  local -a opts
  for variant in dram ideal link64; do
    opts=()
    [[ $variant == ideal ]] && opts=(--memory ideal)
    [[ $variant == link64 ]] && opts=(--set interconnect.width_bytes=64)
    run "scalesim_stem_$variant" run --arch configs/scalesim/scale_32x32_os.cfg \
      --workload conv:H=66,W=66,C=3,K=16,R=3,stride=2 "${opts[@]}"
    d=$out/runs/scalesim_stem_$variant
    echo "$variant,$(top "$d/summary.json" total_cycles),$(top "$d/summary.json" compute_cycles)" >>"$csv"
  done
  emit "$csv"
}

for t in "${tables[@]}"; do
  case $t in
    tpu | nvdla | scalesim) "$t" ;;
    *) echo "unknown table '$t': expected tpu, nvdla or scalesim" >&2 && exit 2 ;;
  esac
done
