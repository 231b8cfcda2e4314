#!/usr/bin/env bash
# collapsed_fasta.sh EXOMIR [WORK]: issue 15's "collapsed FASTA of the same reads gives the same mirna.tsv as the
# FASTQ", on every simulated library of ../shared/data/simulated (raw reads, adapters included). Each FASTQ is
# collapsed to mirDeep2-style FASTA (>seq_N_xCOUNT) and both are quantified with the same kit (auto); prints one line
# per library: reads, unique sequences, and whether mirna.tsv and the isomiR GFF (## CMD lines aside) are identical.
set -euo pipefail
EXOMIR=$(readlink -f "$1")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_DATA:-$ROOT/../shared/data}
WORK=${2:-$(mktemp -d)}
mkdir -p "$WORK"
status=0
printf 'library\treads\tunique\tmirna.tsv\tisomir.gff3\n'
for fq in "$SHARED"/simulated/*.fastq.gz; do
  name=$(basename "$fq" .fastq.gz)
  zcat "$fq" | awk 'NR % 4 == 2' | sort | uniq -c | awk '{ printf ">seq_%d_x%d\n%s\n", NR, $1, $2 }' | gzip -c \
    > "$WORK/$name.fa.gz"
  "$EXOMIR" quant --quiet -t 2 --kit auto --sample "$name" -o "$WORK/fq" "$fq"
  "$EXOMIR" quant --quiet -t 2 --kit auto --sample "$name" -o "$WORK/fa" "$WORK/$name.fa.gz"
  same_tsv=identical; cmp -s "$WORK/fq/$name.mirna.tsv" "$WORK/fa/$name.mirna.tsv" || { same_tsv=DIFFERENT; status=1; }
  same_gff=identical
  cmp -s <(grep -v '^## CMD' "$WORK/fq/$name.isomir.gff3") <(grep -v '^## CMD' "$WORK/fa/$name.isomir.gff3") ||
    { same_gff=DIFFERENT; status=1; }
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$(($(zcat "$fq" | wc -l) / 4))" "$(zcat "$WORK/$name.fa.gz" | grep -c '^>')" \
    "$same_tsv" "$same_gff"
done
exit $status
