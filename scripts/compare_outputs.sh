#!/usr/bin/env bash
# Byte-identity safety net for refactorings that must leave every output
# unchanged (issue 12): record a fixed corpus of sasim runs with one binary,
# then compare two recordings file by file.
#
#   scripts/compare_outputs.sh record SASIM OUT_DIR     run the corpus with SASIM into OUT_DIR
#   scripts/compare_outputs.sh compare DIR_A DIR_B      compare two recordings
#   scripts/compare_outputs.sh SASIM_A SASIM_B OUT_DIR  record both (OUT_DIR/a, OUT_DIR/b), compare
#   scripts/compare_outputs.sh list                     print the corpus, one case a line
#
# record: every case runs from the repository root (relative paths in configs
# and ../shared/models resolve there) into its own directory OUT_DIR/<case>/:
# sasim's own files (--out OUT_DIR/<case>: summary.json, layers.csv, area.json,
# results.csv, pareto.csv, summary.md, sweep.json, plots/...) plus stdout.txt,
# stderr.txt and exit_code. A failing case (the bad-input cases fail on purpose,
# with status 2) does not stop the recording. Cases run COMPARE_JOBS at a time
# (default 2); each writes only its own directory, so the result does not depend
# on the order. OUT_DIR/_meta/ holds the binary's path and sha256, the root,
# the wall time per case and in total, and the log of the RTL warm-up: it is not
# compared. Before the corpus, the RTL variants the corpus uses are built with
# `sasim rtl-build` into $SASIM_RTL_CACHE (or sasim's default cache), so that a
# case never prints RTL build progress; set SASIM_RTL_CACHE to one directory for
# both recordings (e.g. /work/rtl-cache) to build them once.
# The environment is fixed: LC_ALL=C, TZ=UTC.
#
# compare: every file under either tree except _meta/ (hidden files and plots
# included) is compared byte for byte, after this normalisation of text files
# (binary files, such as the PNG plots, are compared raw):
#   - the recording's own OUT_DIR, repository root and binary path (from _meta)
#     become <OUT>, <ROOT> and <SASIM>: stdout names the output directory
#     ("wrote DIR/summary.json"), sweep.json the absolute spec_path under the
#     root (a recording from another worktree differs there);
#   - wall-clock times printed on stdout, which differ from run to run:
#     `sasim sweep` "... run in 14.7 s (9.0 points/s)" and `sasim regress`
#     "... 0 failed in 0.00 s" become "<T> s" and "<R> points/s".
# Nothing else is excluded or normalised. Checked by recording twice with one
# binary: the raw trees differed in 101 stdout.txt files, only in the output
# directory and (9 of them) those times; normalised, all 664 files identical.
# It prints one line per file that differs or exists on one side only, then
# `compare: N files identical, M differ`, and exits 1 when M > 0.
#
# A whole recording takes about 25 minutes on 2 shared cores: the slowest case,
# the ResNet-50 shape sweep (1536 points) with the model engine, runs as one
# child `sasim run` per point (about 1500 s with --jobs 2); all other cases
# finish meanwhile in the other slot (about 10 minutes). COMPARE_SKIP_SLOW=1
# leaves it out of a recording and out of a comparison (use it on both sides);
# its analytic and in-process variants stay.
# COMPARE_CASES=REGEX records only the cases whose name matches (bash =~).
set -euo pipefail

export LC_ALL=C TZ=UTC
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
self="$root/scripts/$(basename "${BASH_SOURCE[0]}")"
skip_slow=${COMPARE_SKIP_SLOW:-0}
slow_cases=(sweep_resnet50_shapes_model sweep_resnet50_shapes_inprocess)

usage() {
  sed -n '2,9p' "$self" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# The corpus: one case a line, "NAME SUBCOMMAND ARGS...", whitespace-separated
# (no argument contains a space). run, area and sweep cases get
# `--out OUT_DIR/NAME` appended. Slowest first, so that the parallel recording
# ends soon after the slowest case.
cases() {
  local presets=(default tpu_v1 gemmini eyeriss_like mtia_v1_like edge_32x32)
  local models=../shared/models
  local p w e cfg topo df s f m
  local mixed="gemm:name=fc,M=128,N=256,K=512;conv:name=c1,H=28,W=28,C=32,K=64,R=3,stride=1,pad=1;conv:name=dw,H=14,W=14,C=32,K=32,R=3,groups=32,pad=1;conv:name=s2,H=32,W=32,C=16,K=32,R=3,S=1,stride=2,batch=2"
  local small="gemm:name=g1,M=20,N=12,K=30;gemm:name=g2,M=8,N=8,K=8;conv:name=c,H=6,W=6,C=3,K=4,R=3"

  # sweeps (configs/sweeps/*.ini): as the spec says (model), analytic, and the
  # model engine in-process (matrix unit only); --jobs fixed at 2
  for s in configs/sweeps/*.ini; do
    f=$(basename "$s" .ini)
    echo "sweep_${f}_model sweep $s --jobs 2"
  done
  # every preset on ResNet-50 and BERT, both engines
  for w in bert_base_seq128 resnet50; do
    for p in "${presets[@]}"; do
      echo "onnx_${w}_${p}_model run --arch $p --workload $models/$w.onnx --engine model"
    done
  done
  for s in configs/sweeps/*.ini; do
    f=$(basename "$s" .ini)
    echo "sweep_${f}_analytic sweep $s --jobs 2 --engine analytic"
    echo "sweep_${f}_inprocess sweep $s --jobs 2 --evaluator in-process"
    echo "sweep_${f}_dryrun sweep $s --dry-run"
  done
  for w in bert_base_seq128 resnet50; do
    for p in "${presets[@]}"; do
      echo "onnx_${w}_${p}_analytic run --arch $p --workload $models/$w.onnx --engine analytic"
    done
  done
  # the other ONNX graphs
  for m in alexnet resnet18 mobilenet_v2 gpt2_seq1024; do
    echo "onnx_${m}_default_analytic run --workload $models/$m.onnx --engine analytic"
  done
  echo "onnx_mobilenet_v2_default_model run --workload $models/mobilenet_v2.onnx --engine model"
  echo "onnx_resnet18_batch4_analytic run --workload $models/resnet18.onnx --batch 4 --engine analytic"
  # TPU v1 workloads (configs/workloads/tpu_v1) on the tpu_v1 preset
  for f in configs/workloads/tpu_v1/*.csv; do
    for e in model analytic; do
      echo "tpuv1_$(basename "$f" .csv)_$e run --arch tpu_v1 --workload $f --engine $e"
    done
  done
  # SCALE-Sim configurations x topologies, both engines
  for cfg in configs/scalesim/*.cfg; do
    for topo in configs/topologies/*.csv; do
      for e in analytic model; do
        echo "scalesim_$(basename "$cfg" .cfg)_$(basename "$topo" .csv)_$e run --arch $cfg --workload $topo --engine $e"
      done
    done
  done
  # transformer presets on the default architecture
  for p in bert-base gpt2 llama2-7b llama2-70b llama3-8b; do
    echo "tf_${p}_decode_analytic run --workload transformer:preset=$p,mode=decode,kv_len=2048 --engine analytic"
  done
  for p in bert-base gpt2; do
    echo "tf_${p}_decode_model run --workload transformer:preset=$p,mode=decode,kv_len=2048 --engine model"
    echo "tf_${p}_prefill_analytic run --workload transformer:preset=$p --engine analytic"
  done
  echo "tf_llama3-8b_decode_b4_analytic run --workload transformer:preset=llama3-8b,mode=decode,kv_len=2048,batch=4 --engine analytic"
  echo "tf_custom_gqa_model run --workload transformer:layers=2,d_model=256,heads=8,kv_heads=2,seq=64,ffn=512,gated=1,name=tiny --engine model"
  # RTL: one small mixed workload per dataflow on 8x8, the same on the model, and regress
  for df in ws os is; do
    echo "rtl_8x8_${df} run --engine rtl --set array.rows=8 --set array.cols=8 --set array.dataflow=$df --workload $small"
    echo "rtlref_8x8_${df}_model run --engine model --set array.rows=8 --set array.cols=8 --set array.dataflow=$df --workload $small"
    echo "regress_8x8_${df} regress --rows 8 --cols 8 --dataflow $df --count 20 --seed 1"
  done
  # GEMM/conv specs: engines, memories, keys
  for e in model analytic; do
    echo "spec_mixed_$e run --workload $mixed --engine $e"
    echo "spec_mixed_ideal_$e run --workload $mixed --engine $e --memory ideal"
    echo "spec_mixed_tpu_v1_ideal_$e run --arch tpu_v1 --workload $mixed --engine $e --memory ideal"
    echo "spec_mixed_hbm2_7nm_$e run --workload $mixed --engine $e --set dram.preset=hbm2 --set dram.channels=4 --set tech.node_nm=7"
    echo "spec_mixed_os16_$e run --workload $mixed --engine $e --set array.dataflow=os --set array.in_width=16 --set array.acc_width=48 --set sram.double_buffer=false"
    echo "spec_mixed_unified_$e run --workload $mixed --engine $e --set sram.unified_kib=512 --set sram.ifmap_kib=0 --set sram.ofmap_kib=0"
    # (model: an expected error, the bandwidth limit is for the analytic engine)
    echo "spec_mixed_closed_$e run --workload $mixed --engine $e --set dram.page_policy=closed --set dram.bandwidth_limit_gbps=10 --set interconnect.latency_cycles=50"
    echo "default_$e run --engine $e"
  done
  echo "arch_file_gemmini run --arch configs/arch/gemmini.ini"
  # area of every preset, an INI file, a SCALE-Sim cfg, a different node
  for p in "${presets[@]}"; do
    echo "area_$p area --arch $p"
  done
  echo "area_file_eyeriss_like area --arch configs/arch/eyeriss_like.ini"
  echo "area_scalesim_tpu_like_ws area --arch configs/scalesim/tpu_like_ws.cfg"
  echo "area_default_7nm_64x64 area --set tech.node_nm=7 --set array.rows=64 --set array.cols=64"
  # bad input: one error line on stderr and status 2 expected
  echo "bad_missing_onnx run --workload missing.onnx"
  echo "bad_missing_topology run --workload configs/topologies/nope.csv"
  echo "bad_missing_arch run --arch nope.ini"
  echo "bad_set_no_value run --set array.rows"
  echo "bad_set_range run --set array.rows=0"
  echo "bad_set_unknown_key run --set foo.bar=1"
  echo "bad_set_acc_width run --set array.in_width=16 --set array.acc_width=24"
  echo "bad_gemm run --workload gemm:M=0,N=1,K=1"
  echo "bad_conv run --workload conv:H=4"
  echo "bad_workload_file run --workload configs/arch/default.ini"
  echo "bad_engine run --engine bogus"
  echo "bad_batch run --batch 0 --workload $models/resnet18.onnx"
  echo "bad_arch_is_sweep run --arch configs/sweeps/array_shapes.ini"
  echo "bad_arch_is_csv run --arch configs/topologies/small_cnn.csv"
  echo "bad_area_preset area --arch tpu9"
  echo "bad_sweep_missing sweep nope.ini"
  echo "bad_sweep_spec sweep configs/arch/default.ini"
  echo "bad_command frobnicate"
  echo "bad_no_command"
}

is_slow() {
  local c
  for c in "${slow_cases[@]}"; do [[ $1 == "$c" ]] && return 0; done
  return 1
}

selected_cases() {
  local line
  while read -r line; do
    if [[ $skip_slow == 1 ]] && is_slow "${line%% *}"; then continue; fi
    [[ -z ${COMPARE_CASES:-} || ${line%% *} =~ ${COMPARE_CASES} ]] || continue
    echo "$line"
  done < <(cases)
}

# _case SASIM OUT_DIR "NAME SUBCOMMAND ARGS...": run one case (from xargs).
run_case() {
  local sasim=$1 out=$2 name sub args dir status=0 start
  read -r -a args <<<"$3"
  name=${args[0]}
  args=("${args[@]:1}")
  sub=${args[0]:-}
  dir=$out/$name
  rm -rf "$dir"
  mkdir -p "$dir"
  case $sub in run | area | sweep) args+=(--out "$dir") ;; esac
  cd "$root"
  start=$(date +%s.%N)
  "$sasim" "${args[@]}" >"$dir/stdout.txt" 2>"$dir/stderr.txt" </dev/null || status=$?
  echo "$status" >"$dir/exit_code"
  awk -v n="$name" -v s="$status" -v a="$start" -v b="$(date +%s.%N)" \
    'BEGIN { printf "%-44s exit %d %8.1f s\n", n, s, b - a }' | tee "$out/_meta/times/$name"
}

record() {
  [[ $# -eq 2 ]] || usage
  local sasim out start
  sasim=$(realpath "$1")
  [[ -x $sasim ]] || { echo "compare_outputs: $1 is not an executable" >&2; exit 2; }
  mkdir -p "$2"
  out=$(realpath "$2")
  rm -rf "$out/_meta"
  mkdir -p "$out/_meta/times"
  echo "$sasim" >"$out/_meta/binary"
  sha256sum "$sasim" | cut -d' ' -f1 >"$out/_meta/binary.sha256"
  echo "$root" >"$out/_meta/root"
  echo "$out" >"$out/_meta/out"
  git -C "$root" rev-parse HEAD >"$out/_meta/root_commit" 2>/dev/null || true
  echo "$skip_slow" >"$out/_meta/skip_slow"
  start=$(date +%s.%N)
  cd "$root"
  local df
  for df in ws os is; do
    "$sasim" rtl-build --rows 8 --cols 8 --dataflow $df >>"$out/_meta/rtl-build.log" 2>&1
  done
  selected_cases >"$out/_meta/cases.txt"
  xargs -d '\n' -n1 -P"${COMPARE_JOBS:-2}" "$self" _case "$sasim" "$out" <"$out/_meta/cases.txt"
  awk -v a="$start" -v b="$(date +%s.%N)" -v n="$(wc -l <"$out/_meta/cases.txt")" \
    'BEGIN { printf "record: %d cases in %.1f s\n", n, b - a }' | tee "$out/_meta/total"
}

# sed_escape TEXT: TEXT as a literal sed regular expression.
sed_escape() { printf '%s' "$1" | sed 's/[]\/$*.^[]/\\&/g'; }

# normalise DIR FILE: FILE of the recording DIR on stdout, normalised (see the header).
normalise() {
  local dir=$1 file=$2 script="" p tag
  if [[ ! -s $file ]] || grep -Iq . "$file"; then
    # longest path first, so that a path inside another is replaced by its own tag
    while read -r _ tag p; do
      script+="s/$(sed_escape "$p")/$tag/g;"
    done < <(
      for tag in OUT ROOT SASIM; do
        case $tag in
          OUT) p=$(cat "$dir/_meta/out") ;;
          ROOT) p=$(cat "$dir/_meta/root") ;;
          SASIM) p=$(cat "$dir/_meta/binary") ;;
        esac
        echo "${#p} <$tag> $p"
      done | sort -rn
    )
    script+='s/ run in [0-9.]* s ([0-9.]* points\/s)/ run in <T> s (<R> points\/s)/;'
    script+='s/ failed in [0-9.]* s$/ failed in <T> s/;'
    sed -e "$script" "$file"
  else
    cat "$file"
  fi
}

compare() {
  [[ $# -eq 2 ]] || usage
  local a b f same=0 differ=0
  a=$(realpath "$1")
  b=$(realpath "$2")
  local d
  for d in "$a" "$b"; do
    [[ -f $d/_meta/root ]] || { echo "compare_outputs: $d is not a recording (no _meta/root)" >&2; exit 2; }
  done
  local prune=(-path ./_meta)
  if [[ $skip_slow == 1 ]]; then
    for d in "${slow_cases[@]}"; do prune+=(-o -path "./$d"); done
  fi
  while read -r f; do
    if [[ ! -e $a/$f ]]; then
      echo "missing in A: $f"
      differ=$((differ + 1))
    elif [[ ! -e $b/$f ]]; then
      echo "missing in B: $f"
      differ=$((differ + 1))
    elif cmp -s <(normalise "$a" "$a/$f") <(normalise "$b" "$b/$f"); then
      same=$((same + 1))
    else
      echo "differ: $f"
      differ=$((differ + 1))
    fi
  done < <(
    for d in "$a" "$b"; do
      (cd "$d" && find . \( "${prune[@]}" \) -prune -o \( -type f -o -type l \) -print)
    done | sed 's|^\./||' | sort -u
  )
  echo "compare: $same files identical, $differ differ"
  [[ $differ -eq 0 ]]
}

case ${1:-} in
  record) shift && record "$@" ;;
  compare) shift && compare "$@" ;;
  list) selected_cases ;;
  _case) shift && run_case "$@" ;;
  "" | -h | --help) usage ;;
  *)
    [[ $# -eq 3 ]] || usage
    record "$1" "$3/a"
    record "$2" "$3/b"
    compare "$3/a" "$3/b"
    ;;
esac
