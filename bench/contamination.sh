#!/usr/bin/env bash
# contamination.sh: culture-medium (bovine serum) detection on a simulated MSC-exosome design with known truth,
# plus the real bovine plasma/serum reads and the dnapi human reads run "as if human".
#
# usage: bench/contamination.sh [OUTDIR]     (default bench/out/contamination; about 1 min on 1 core)
# environment: EXOMIR (default build/exomir), SHARED (default ../shared), THREADS (1), SEED (0: added to every
# simulation seed, for a replicate design), BLANK_READS (10000: reads per blank)
# Design: 4 samples = 40k human reads (seeds 11-14) + a bovine serum library of 2/5/10/20% of the reads
# (one bovine profile, seeds 21-24), 2 blanks = 10k (BLANK_READS) bovine reads each (seeds 31-32). Each part is also
# quantified alone: that is the truth of where every count came from. Scored by contamination_score.py.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
EXOMIR=${EXOMIR:-$ROOT/build/exomir}
THREADS=${THREADS:-1}
SEED=${SEED:-0}
BLANK_READS=${BLANK_READS:-10000}
OUT=${1:-$ROOT/bench/out/contamination}
M=$SHARED/data/mirbase
SIM="python3 $SHARED/sim/simulate_smallrna.py --hairpin $M/hairpin.fa.gz --mature $M/mature.fa.gz --pigz no"
REF=(--mature "$M/mature.fa.gz" --hairpin "$M/hairpin.fa.gz")
mkdir -p "$OUT/sim" "$OUT/quant" "$OUT/real"
cd "$OUT"
[ -x "$EXOMIR" ] || { echo "bench: $EXOMIR not built" >&2; exit 1; }

# one bovine serum profile (the expected fractions of a bta simulation), shared by every bovine library
if [ ! -s sim/bta_profile.tsv ]; then
  $SIM --species bta --scale 10k --seed $((100 + SEED)) --out sim/bta_profile_run.fq.gz --truth sim/bta_profile_run.tsv 2>/dev/null
  awk -F'\t' 'NR > 1 && $12 > 0 { print $1 "\t" $12 }' sim/bta_profile_run.tsv > sim/bta_profile.tsv
fi
human=40000
i=0
for pct in 2 5 10 20; do
  i=$((i + 1))
  nb=$(( human * pct / (100 - pct) ))
  [ -s sim/H$i.fq.gz ] || $SIM --gff "$M/hsa.gff3" --scale $human --seed $((10 + i + SEED)) --read-prefix h$i. \
      --out sim/H$i.fq.gz --truth sim/H$i.truth.tsv 2>/dev/null
  [ -s sim/B$i.fq.gz ] || $SIM --species bta --profile sim/bta_profile.tsv --scale $nb --seed $((20 + i + SEED)) \
      --read-prefix b$i. --out sim/B$i.fq.gz --truth sim/B$i.truth.tsv 2>/dev/null
  cat sim/H$i.fq.gz sim/B$i.fq.gz > sim/S$i.fq.gz
done
for i in 1 2; do
  [ -s sim/BL$i.fq.gz ] || $SIM --species bta --profile sim/bta_profile.tsv --scale $BLANK_READS --seed $((30 + i + SEED)) \
      --read-prefix bl$i. --out sim/BL$i.fq.gz --truth sim/BL$i.truth.tsv 2>/dev/null
done
for s in S1 S2 S3 S4 H1 H2 H3 H4 B1 B2 B3 B4 BL1 BL2; do
  "$EXOMIR" quant --quiet -t "$THREADS" "${REF[@]}" --sample $s -o quant sim/$s.fq.gz
done
S="quant/S1.mirna.tsv quant/S2.mirna.tsv quant/S3.mirna.tsv quant/S4.mirna.tsv quant/BL1.mirna.tsv quant/BL2.mirna.tsv"
"$EXOMIR" merge --quiet --blank BL1,BL2 -o merged $S
"$EXOMIR" merge --quiet --blank BL1,BL2 --subtract-blank -o merged_sub $S
"$EXOMIR" merge --quiet -o truth_human quant/H1.mirna.tsv quant/H2.mirna.tsv quant/H3.mirna.tsv quant/H4.mirna.tsv
"$EXOMIR" merge --quiet -o truth_bovine quant/B1.mirna.tsv quant/B2.mirna.tsv quant/B3.mirna.tsv quant/B4.mirna.tsv

# real reads "as if human": bovine plasma and serum (trimmed), dnapi human reads (TruSeq adapter)
R=$SHARED/data/reads
for s in bovine_plasma bovine_serum; do
  "$EXOMIR" quant --quiet -t "$THREADS" "${REF[@]}" --adapter none --sample $s -o real "$R/${s}_sample.trimmed.fastq.gz"
done
DNAPI=/usr/share/doc/dnapi/examples/good.fq.gz
[ -s "$DNAPI" ] || DNAPI=${XDG_CACHE_HOME:-$HOME/.cache}/exomir/dnapi/usr/share/doc/dnapi/examples/good.fq.gz
if [ -s "$DNAPI" ]; then
  "$EXOMIR" quant --quiet -t "$THREADS" "${REF[@]}" --kit truseq --sample dnapi_good -o real "$DNAPI"
fi
python3 "$ROOT/bench/contamination_score.py" "$OUT" "$M/hairpin.fa.gz"
