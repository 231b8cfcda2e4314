#!/usr/bin/env bash
# quant_accuracy.sh [EXOMIR] [THREADS]: exomir quant on the four simulated 200k-read kits, scored against truth.
# Scores with ../shared/sim/score_counts.py (QIAseq against true_molecules: UMI-deduplicated counts).
# The bar (issue #2, every kit): Spearman > 0.970, truth recovered > 0.976, false-positive fraction < 0.0013.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
EXOMIR=${1:-$here/../build/exomir}; THREADS=${2:-2}
SHARED=${SHARED:-$(cd "$here/../.." && pwd)/shared}
[ -d "$SHARED/data/simulated" ] || SHARED=$(cd "$here/../../.." && pwd)/shared
SIM=$SHARED/data/simulated
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
printf 'kit\treads\tseconds\tspearman\trecovered\tfalse_positive\tpass\n'
status=0
for kit in truseq qiaseq nextflex nebnext; do
    fq=$SIM/sim_${kit}_200k.fastq.gz
    col=true_reads; [ "$kit" = qiaseq ] && col=true_molecules
    start=$(date +%s.%N)
    "$EXOMIR" quant --quiet -t "$THREADS" --sample "$kit" --kit "$kit" -o "$out" "$fq"
    secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
    python3 "$SHARED/sim/score_counts.py" --truth "$SIM/sim_${kit}_200k.truth.tsv" --counts "$out/$kit.mirna.tsv" \
        --count-col reads --truth-col "$col" --json "$out/$kit.score.json" >/dev/null 2>&1
    python3 - "$out/$kit.score.json" "$kit" "$secs" <<'PY' || status=1
import json, sys
m = json.load(open(sys.argv[1]))
def get(*keys):
    for k in keys:
        if k in m: return m[k]
    raise SystemExit("score json lacks %s (has %s)" % (keys, sorted(m)))
rho, rec, fp = get("spearman"), get("fraction_truth_recovered"), get("false_positive_fraction")
ok = rho > 0.970 and rec > 0.976 and fp < 0.0013
print("%s\t200000\t%.2f\t%.4f\t%.4f\t%.5f\t%s" % (sys.argv[2], float(sys.argv[3]), rho, rec, fp, "yes" if ok else "NO"))
sys.exit(0 if ok else 1)
PY
done
exit $status
