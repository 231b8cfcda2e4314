#!/usr/bin/env bash
# quant_speed.sh: wall time of `exomir quant` against the decompression floor and the
# cutadapt + bowtie + mirtop peer, all on the same FASTQ.gz in one run (medians of repeated runs).
#
# usage: bench/quant_speed.sh [FASTQ.gz] [OUTDIR]
#   FASTQ.gz  default: a 4M-read simulated exosome library (made once with ../shared/sim, cached)
#   OUTDIR    default: bench/out/quant_speed
# environment: EXOMIR (binary, default build/exomir), THREADS (2), RUNS (3), PEERS ("mirtop", or "" to skip)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
EXOMIR=${EXOMIR:-$ROOT/build/exomir}
THREADS=${THREADS:-2}
RUNS=${RUNS:-3}
PEERS=${PEERS-mirtop}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/exomir-bench
FQ=${1:-}
OUT=${2:-$ROOT/bench/out/quant_speed}
mkdir -p "$OUT" "$CACHE"
M=$SHARED/data/mirbase

if [ -z "$FQ" ]; then
  FQ=$CACHE/sim4m_seed4.fastq.gz
  if [ ! -s "$FQ" ]; then
    echo "[bench] simulating 4M reads (once) -> $FQ" >&2
    python3 "$SHARED/sim/simulate_smallrna.py" --hairpin "$M/hairpin.fa.gz" --mature "$M/mature.fa.gz" \
      --gff "$M/hsa.gff3" --scale 4M --seed 4 --out "$FQ.tmp.gz" --truth "$CACHE/sim4m_seed4.truth.tsv" >&2
    mv "$FQ.tmp.gz" "$FQ"
  fi
fi
[ -x "$EXOMIR" ] || { echo "bench: $EXOMIR not built (run make)" >&2; exit 1; }
command -v pigz >/dev/null || { echo "bench: pigz missing (apt-get install pigz)" >&2; exit 1; }

# median wall seconds and max RSS (KB) of RUNS runs of a shell command
measure() {
  local name=$1; shift
  local walls=() rss=0
  for i in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/$name.time" bash -c "$*" >/dev/null 2>"$OUT/$name.err" ||
      { echo "bench: $name failed:"; tail -3 "$OUT/$name.err"; exit 1; } >&2
    read -r w m < "$OUT/$name.time"
    walls+=("$w"); [ "$m" -gt "$rss" ] && rss=$m
  done
  local med
  med=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$name $med $rss"
}

if [ -n "$PEERS" ]; then  # peer indexes are built once, untimed (as ../shared/bench/README.md does)
  REFDIR="$CACHE/peers-ref" "$SHARED/bench/peers.sh" prep hsa "$M/mature_hsa.fa" "$M/hairpin_hsa.fa" "$CACHE/peers-ref" \
    > "$OUT/peers_prep.log" 2>&1 || { echo "bench: peer prep failed, see $OUT/peers_prep.log" >&2; PEERS=""; }
fi
reads=$(pigz -dc "$FQ" | awk 'END {print NR/4}')
echo "[bench] $FQ: $reads reads, threads $THREADS, $RUNS runs each" >&2
{
  measure pigz_floor "pigz -dc '$FQ' > /dev/null"
  measure exomir_quant "'$EXOMIR' quant --quiet -t $THREADS --kit truseq --sample bench -o '$OUT/exomir' '$FQ'"
  for p in $PEERS; do
    RUNS=1 measure "peer_$p" "THREADS=$THREADS MINLEN=16 REFDIR='$CACHE/peers-ref' MIRNA_GFF3='$M/hsa.gff3' \
      '$SHARED/bench/peers.sh' $p '$FQ' TGGAATTCTCGGGTGCCAAGG hsa '$M/mature_hsa.fa' '$M/hairpin_hsa.fa' '$OUT/peers'"
  done
} > "$OUT/times.txt"

awk -v reads="$reads" '
  NR == 1 { floor = $2 }
  $1 == "exomir_quant" { ex = $2 }
  { t[NR] = $0 }
  END {
    printf "| step | median wall s | reads/s | max RSS MB | x pigz floor | exomir speed-up |\n|---|---:|---:|---:|---:|---:|\n"
    for (i = 1; i <= NR; i++) {
      split(t[i], f, " ")
      printf "| %s | %.2f | %.0f | %.0f | %.2f | %s |\n", f[1], f[2], reads / f[2], f[3] / 1024, f[2] / floor,
             f[1] ~ /^peer_/ ? sprintf("%.1fx", f[2] / ex) : "-"
    }
  }' "$OUT/times.txt" | tee "$OUT/summary.md"
