#!/bin/bash
# This example demonstrates the same sharded batch on one machine with GNU
# parallel (apt-get install parallel): four shards, then a merge that equals
# a single run bit for bit.
#
#   bash examples/cluster/gnu-parallel.sh [SCENARIO] [REPLICATIONS] [SHARDS]
set -euo pipefail
FORCESIM=${FORCESIM:-target/release/forcesim}
SCENARIO=${1:-scenarios/staffordshire-2018.toml}
REPLICATIONS=${2:-8}
SHARDS=${3:-4}
OUT=${OUT:-out/parallel}
rm -rf "$OUT"
seq 1 "$SHARDS" | parallel --halt now,fail=1 \
    "$FORCESIM" run "$SCENARIO" -n "$REPLICATIONS" --seed 2018 --shard "{}/$SHARDS" --out "$OUT/shard-{}" ">" /dev/null
"$FORCESIM" merge "$OUT"/shard-* --out "$OUT/merged" > /dev/null
"$FORCESIM" run "$SCENARIO" -n "$REPLICATIONS" --seed 2018 --out "$OUT/single" > /dev/null
for f in summary.json summary.csv replications.csv replications.jsonl; do
    cmp "$OUT/merged/$f" "$OUT/single/$f"
done
echo "merged $SHARDS shards: identical to a single run"
