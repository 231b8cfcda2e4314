#!/usr/bin/env bash
# Check reference/interactions.tsv against miRBase 22 and the validated MTI ground truth.
#   1. miRNA names that are not human mature names in miRBase 22 (must be none)
#   2. of the (mirna, gene) pairs whose miRNA and gene both occur in the ground truth,
#      the fraction found there as a pair (target: >= 0.80)
# Usage: scripts/check_interactions.sh [interactions.tsv] [validated_mti.tsv.gz] [matures.fa]
# The ground truth uses the old symbol CTGF, so CCN2 is looked up as CTGF.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tsv=${1:-$here/reference/interactions.tsv}
shared=$here/../shared/data
[ -d "$shared" ] || shared=$(cd "$here/../.." && pwd)/shared/data
gt=${2:-$shared/targets/validated_mti_hsa_GroundT_PTC.tsv.gz}
fa=${3:-/usr/lib/python3/dist-packages/optimir/resources/fasta/hsa_matures_miRBase_v22.fa}
for f in "$tsv" "$gt" "$fa"; do [ -s "$f" ] || { echo "missing: $f" >&2; exit 2; }; done

echo "== miRNA names not in miRBase 22 human matures ($fa)"
awk 'NR==FNR { if ($0 ~ /^>/) ok[substr($1, 2)] = 1; next }
     FNR > 1 && !($1 in ok) { print "  " $1; n++ }
     END { print "  count: " n + 0 }' "$fa" FS='\t' "$tsv"

echo "== ground-truth concordance ($gt)"
zcat "$gt" | awk -F'\t' '
  BEGIN { alias["CCN2"] = "CTGF" }
  NR == FNR { if (FNR > 1) { m[$1] = 1; g[$2] = 1; p[$1 SUBSEP $2] = 1 } next }
  FNR == 1 { next }
  { gene = ($2 in alias) ? alias[$2] : $2
    if (($1 in m) && (gene in g)) {
      n++
      if (($1 SUBSEP gene) in p) hit++; else miss = miss "  not found: " $1 " " $2 "\n"
    } else out++ }
  END { printf "%s", miss
        printf "  rows: %d; in scope (miRNA and gene both in ground truth): %d; found: %d; fraction: %.3f\n",
               n + out, n, hit, (n ? hit / n : 0)
        printf "  out of scope: %d\n", out }' - "$tsv"
