#!/usr/bin/env bash
# test_network_threads.sh EXOMIR: `exomir network` writes the same bytes at --threads 1 and 2 (all outputs but
# network.run.json, which records the command line).
set -euo pipefail
EXOMIR=$1
DATA=$(cd "$(dirname "$0")/../../data" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in 1 2; do
  "$EXOMIR" network --counts "$DATA/network_counts.tsv" --targets "$DATA/network_targets.tsv" \
    --modules "$DATA/network_modules.tsv" --gmt "$DATA/network_extra.gmt" --ppi "$DATA/network_ppi.tsv" --propagate \
    --permutations 3000 --strata 2 --seed 5 --threads $t --quiet -o "$work/t$t"
done
n=0
for f in "$work"/t1/*; do
  name=$(basename "$f")
  [ "$name" = network.run.json ] && continue
  cmp "$f" "$work/t2/$name" || { echo "FAIL: $name differs between --threads 1 and 2"; exit 1; }
  n=$((n + 1))
done
[ "$n" -ge 13 ] || { echo "FAIL: only $n outputs compared"; exit 1; }
echo "$n outputs identical at --threads 1 and 2"
