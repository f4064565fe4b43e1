#!/usr/bin/env bash
# A sweep through a real Slurm: brings up a one-node cluster (munged,
# slurmctld, slurmd) from the Debian packages, everything in one temporary
# directory, runs `sasim sweep SPEC --slurm` (a job array plus a dependent
# merge job) and checks that results.csv and pareto.csv are byte-identical to
# a local run of the same spec. Tears the daemons down by PID.
#
# usage: slurm_sweep_test.sh SASIM_BINARY SPEC
# Exit 0: pass; 1: fail; 77: skipped (not root, or Slurm/munge not installed),
# which CTest reports as skipped (SKIP_RETURN_CODE).
# Facts it relies on: /work/shared/notes/slurm-single-node.md in the project's
# notes, summarised in docs/sweeps.md ("Testing with a one-node Slurm").
set -u

sasim=$1
spec=$2
skip=77

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: the one-node Slurm runs munged and slurmd as root; run this test as root (CI does)"
  exit $skip
fi
for program in munged slurmctld slurmd sbatch scontrol sinfo; do
  if ! command -v "$program" >/dev/null 2>&1; then
    echo "SKIP: $program not found: install slurmctld slurmd slurm-client munge (scripts/install-deps.sh)"
    exit $skip
  fi
done

# munged refuses a socket directory that is not world-readable: 755, not mktemp's 700.
tmp=$(mktemp -d /tmp/sasim-slurm.XXXXXX) || exit 1
chmod 755 "$tmp"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    # Daemons get 5 s to exit after SIGTERM, then SIGKILL.
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  for log in "$tmp"/log/*.log "$tmp"/slurm-out/slurm/*.log; do
    [ -f "$log" ] && { echo "--- $log (last 20 lines)"; tail -n 20 "$log"; }
  done
  exit 1
}

mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log"
head -c 1024 /dev/urandom >"$tmp/munge/munge.key"
chmod 400 "$tmp/munge/munge.key"
# Daemons run in the foreground as background jobs, so their PIDs are known;
# the client steps below are what can hang, and each has a timeout.
munged --foreground --force --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.sock" \
  --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/log/munged.log" --seed-file="$tmp/munge/munged.seed" >>"$tmp/log/munged.out" 2>&1 &
pids+=($!)
timeout 10 bash -c "until [ -S '$tmp/munge/munge.sock' ]; do sleep 0.1; done" || fail "munged did not start"

host=$(hostname -s)
cpus=$(nproc)
# RealMemory a little under what slurmd detects, or the node is drained.
memory=$(( $(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -1) * 9 / 10 ))
[ "$memory" -gt 0 ] || memory=1000
# Ports of our own, so parallel runs and a real Slurm on the machine do not clash.
port=$(( 20000 + (RANDOM % 20000) * 2 ))

cat >"$tmp/slurm.conf" <<EOF
ClusterName=sasimtest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.sock
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MailProg=/bin/true
ReturnToService=2
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=sweeptest Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
EOF
# slurmd 22.05 always loads a cgroup plugin; v1 avoids probing the hybrid layout.
echo "CgroupPlugin=cgroup/v1" >"$tmp/cgroup.conf"
export SLURM_CONF=$tmp/slurm.conf

slurmctld -D -f "$SLURM_CONF" >>"$tmp/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N "$host" >>"$tmp/log/slurmd.out" 2>&1 &
pids+=($!)
timeout 30 bash -c 'until sinfo -h -o %T 2>/dev/null | grep -qE "^(idle|mixed)"; do sleep 0.2; done' ||
  fail "the node did not become idle within 30 s ($(sinfo -h -o %T 2>&1 | head -1))"
echo "slurm: node $host idle ($cpus CPUs, ports $port-$((port + 1)))"

# The analytic engine: this tests sharding, the job array and the merge; the
# model engine's points (one child process each) would only add minutes
# under the sanitizers, and SweepCli covers them.
timeout 120 "$sasim" sweep "$spec" --engine analytic --out "$tmp/local-out" --quiet >/dev/null ||
  fail "the local sweep failed"

submitted=$(timeout 30 "$sasim" sweep "$spec" --engine analytic --out "$tmp/slurm-out" --slurm --shards 3 \
  --partition sweeptest) ||
  fail "sasim sweep --slurm failed: $submitted"
echo "slurm: $submitted"
array=$(echo "$submitted" | sed -n 's/^submitted job array \([0-9]*\) .*/\1/p')
merge=$(echo "$submitted" | sed -n 's/.* merge job \([0-9]*\);.*/\1/p')
[ -n "$array" ] && [ -n "$merge" ] || fail "no job ids in: $submitted"

# Wait for the merge job to finish. A failed array task makes Slurm cancel it
# (--kill-on-invalid-dep); anything else stuck past the timeout is cancelled.
state=""
for _ in $(seq 600); do
  state=$(timeout 10 scontrol show job "$merge" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
  case "$state" in
    COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY) break ;;
  esac
  sleep 0.2
done
if [ "$state" != "COMPLETED" ]; then
  timeout 10 scancel "$array" "$merge" 2>/dev/null
  fail "merge job $merge ended as '${state:-unknown}'; array tasks: $(timeout 10 scontrol show job "$array" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | sort | uniq -c | tr '\n' ' ')"
fi

for file in results.csv pareto.csv; do
  cmp "$tmp/local-out/$file" "$tmp/slurm-out/$file" || fail "$file differs between the local and the Slurm run"
done
shards=$(ls "$tmp/slurm-out/shards" | grep -c '^shard-[0-9]*\.csv$')
[ "$shards" -eq 3 ] || fail "expected 3 shard files, found $shards"
echo "PASS: 3 array tasks + merge give results.csv and pareto.csv identical to the local run ($(($(wc -l <"$tmp/local-out/results.csv") - 1)) rows)"
