#!/bin/bash
# This example demonstrates (and CI checks) forcesim on a real Slurm
# cluster: it brings up a one-node cluster from Debian's slurm-wlm and munge
# packages, submits the sharded batch as a job array, merges the shards and
# checks the merged result equals a single local run bit for bit.
# Needs root (it installs packages and starts daemons); takes ~30 s.
#
#   bash examples/cluster/slurm-ci.sh [REPLICATIONS] [SHARDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
REPLICATIONS=${1:-8}
SHARDS=${2:-4}
FORCESIM=$(pwd)/target/release/forcesim
WORK=$(mktemp -d)
export OUT=$WORK/out FORCESIM
host=$(hostname -s)

if ! command -v slurmctld > /dev/null || ! command -v munged > /dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq slurm-wlm munge > /dev/null
fi

# munge: a key and the daemon.
mkdir -p /etc/munge /var/lib/munge /var/log/munge /run/munge
[ -s /etc/munge/munge.key ] || dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge
chmod 0400 /etc/munge/munge.key
pgrep -x munged > /dev/null || runuser -u munge -- /usr/sbin/munged

# A one-node cluster.
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=forcesim-ci
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
cleanup() {
  pkill -x slurmd || true
  pkill -x slurmctld || true
  rm -rf "$WORK"
}
trap cleanup EXIT
pkill -x slurmd || true
pkill -x slurmctld || true
/usr/sbin/slurmctld -i
/usr/sbin/slurmd
for _ in $(seq 1 60); do
  sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)' && break
  sleep 0.5
done
sinfo

# The batch as an array job, then the merge.
export REPLICATIONS SEED=2018 SCENARIO=scenarios/staffordshire-2018.toml
# One CPU per task (overriding the script's 2) so a 1-CPU runner can run it;
# a time limit so a node that never comes up fails instead of hanging.
timeout 600 sbatch --wait --cpus-per-task=1 --array=1-"$SHARDS" --output="$WORK/shard-%a.log" examples/cluster/slurm-array.sbatch
"$FORCESIM" merge "$OUT"/shard-* --out "$OUT/merged" > /dev/null
"$FORCESIM" run "$SCENARIO" -n "$REPLICATIONS" --seed "$SEED" --out "$OUT/single" > /dev/null
for f in summary.json summary.csv replications.csv replications.jsonl; do
  cmp "$OUT/merged/$f" "$OUT/single/$f"
done
echo "Slurm: $SHARDS array tasks merged, identical to a single run"
