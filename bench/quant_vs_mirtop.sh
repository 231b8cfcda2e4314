#!/usr/bin/env bash
# quant_vs_mirtop.sh READS.fq.gz OUTDIR [EXOMIR]: agreement of exomir quant with cutadapt+bowtie+mirtop on
# real reads, through ../shared/bench/peers.sh (its summary.tsv gives Spearman on shared/union/>=10 miRNAs).
# Rows `mirtop exomir` (exomir defaults) and `mirtop exomir_max_n0` (the same reads as mirtop: --max-n 0).
# Results and the per-miRNA causes of disagreement: bench/quant_vs_mirtop.md.
# exomir rows named a/b (identical matures) are given to each name, as mirtop counts every name.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
READS=$1; OUT=$2; EXOMIR=${3:-$here/../build/exomir}
SHARED=${SHARED:-$(cd "$here/../.." && pwd)/shared}
[ -d "$SHARED/bench" ] || SHARED=$(cd "$here/../../.." && pwd)/shared
M=$SHARED/data/mirbase
mkdir -p "$OUT"
export MIRNA_GFF3=${MIRNA_GFF3:-$M/hsa.gff3} THREADS=${THREADS:-2} MINLEN=${MINLEN:-18}
bash "$SHARED/bench/peers.sh" mirtop "$READS" TGGAATTCTCGG hsa "$M/mature_hsa.fa" "$M/hairpin_hsa.fa" "$OUT"
# Two exomir runs: its defaults (reads with an N kept, an N = one mismatch), and `--max-n 0`, the reads mirtop
# itself counts (mirtop skips every alignment whose sequence has an N), so the counting is compared like for like.
run_exomir() {  # NAME EXTRA_OPTIONS...
  local name=$1; shift
  /usr/bin/time -v -o "$OUT/$name.time" "$EXOMIR" quant --quiet -t "$THREADS" --sample "$name" --kit auto \
      --min-length "$MINLEN" "$@" -o "$OUT/${name}_quant" "$READS"
  awk -F'\t' 'NR == 1 { print "mirna\tcount"; next } { n = split($1, a, "/"); for (i = 1; i <= n; i++) print a[i] "\t" $3 }' \
      "$OUT/${name}_quant/$name.mirna.tsv" > "$OUT/$name.counts.tsv"
}
run_exomir exomir
run_exomir exomir_max_n0 --max-n 0
python3 "$SHARED/bench/peers_util.py" summary "$OUT"
