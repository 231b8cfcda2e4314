#!/usr/bin/env bash
# rna_classes.sh [EXOMIR] [N_READS]: RNA-class accuracy of exomir quant on simulated EV-like libraries, and the
# tRNA fragment test set. Reruns from scratch in about a minute per kit (2 threads).
#   1. ../shared/sim/simulate_smallrna.py with the REAL tRNA / Y RNA / rRNA / snoRNA sequences of
#      ../shared/data/other_rna (not the shipped reference, which is built from them but deduplicated and CCA-added),
#      EV-like fractions: miRNA 5%, tRNA 40%, Y RNA 15%, rRNA 15%, snoRNA 5%, random "other" 10%, hairpin loop 1%,
#      plus the simulator's adapter dimers and too-short inserts; kits truseq and nebnext; seed 7.
#   2. quant (default = shipped other-RNA reference) -> rna_classes.tsv scored against the per-read truth
#      (bench/rna_classes_score.py: every class within 2 percentage points).
#   3. miRNA accuracy with and without the other-RNA classes (--no-other-rna), ../shared/sim/score_counts.py.
#   4. bench/trna_fragments.py: 5 x 2000 tRNA fragments of known type (>= 95% correct).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
EXOMIR=${1:-$here/../build/exomir}; N=${2:-100000}
SHARED=${SHARED:-$(cd "$here/../.." && pwd)/shared}
M=$SHARED/data/mirbase; O=$SHARED/data/other_rna
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
status=0
for kit in truseq nebnext; do
    python3 "$SHARED/sim/simulate_smallrna.py" --hairpin "$M/hairpin.fa.gz" --mature "$M/mature.fa.gz" --gff "$M/hsa.gff3" \
        --trna-fa "$O/tRNA_nuclear_GtRNAdb_hg38_mature.fa" --yrna-fa "$O/YRNA_human.fa" --rrna-fa "$O/rRNA_human.fa" \
        --snorna-fa "$O/snoRNA_scaRNA_human.fa" --frac-mirna 0.05 --frac-trna 0.40 --frac-yrna 0.15 --frac-rrna 0.15 \
        --frac-snorna 0.05 --frac-other 0.10 --frac-hairpin-loop 0.01 --scale "$N" --seed 7 --kit "$kit" \
        --out "$out/$kit.fastq.gz" --truth "$out/$kit.truth.tsv" --read-truth "$out/$kit.reads.tsv.gz" 2>/dev/null
    "$EXOMIR" quant --quiet -t 2 --sample "$kit" --kit "$kit" -o "$out/with" "$out/$kit.fastq.gz"
    "$EXOMIR" quant --quiet -t 2 --no-other-rna --sample "$kit" --kit "$kit" -o "$out/without" "$out/$kit.fastq.gz"
    echo "## $kit: RNA classes (% of kept reads)"
    # what quant keeps of 50-nt reads: 16-40 nt, and up to 47 (--other-max-length 50) when the adapter shows, which
    # needs 3 of its bases in the read (the minimum overlap); 48-50 nt inserts are reads without adapter (> 40)
    python3 "$here/rna_classes_score.py" "$out/$kit.reads.tsv.gz" "$out/with/$kit.rna_classes.tsv" 16 47 || status=1
    echo "## $kit: miRNA accuracy with / without the other-RNA classes"
    printf 'mode\tspearman\trecovered\tfalse_positive\n'
    for mode in with without; do
        python3 "$SHARED/sim/score_counts.py" --truth "$out/$kit.truth.tsv" --counts "$out/$mode/$kit.mirna.tsv" \
            --count-col reads --truth-col true_reads --json "$out/$mode.$kit.json" >/dev/null 2>&1
        python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print("%s\t%.4f\t%.4f\t%.5f" % (sys.argv[2], m["spearman"], m["fraction_truth_recovered"], m["false_positive_fraction"]))' \
            "$out/$mode.$kit.json" "$mode"
    done
done
echo "## tRNA fragment test set"
python3 "$here/trna_fragments.py" "$EXOMIR" "$out/fragments" 2000 1 2>/dev/null || status=1
exit $status
