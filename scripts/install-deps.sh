#!/usr/bin/env bash
# Installs every dependency of sasim from Debian 12 packages (apt-get only).
# Idempotent: does nothing when all packages are already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config   # toolchain
  verilator zlib1g-dev                                  # RTL simulation (FST traces need zlib)
  yosys                                                 # RTL synthesis (area calibration, tests)
  libsystemc-dev                                        # SystemC/TLM-2.0 platform models
  libboost-program-options-dev libfmt-dev nlohmann-json3-dev
  libgtest-dev                                          # tests
  libonnx-dev libprotobuf-dev protobuf-compiler         # ONNX workload import
  libtbb-dev gnuplot-nox                                # parallel sweeps, plots
  slurmctld slurmd slurm-client munge                   # sweeps as Slurm job arrays; tests/slurm runs a one-node cluster
  clang libclang-rt-14-dev                              # ASan/UBSan + libFuzzer build (asan preset, docs/hardening.md)
  clang-format                                          # .clang-format (v14): the format_check test, scripts/format.sh
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
