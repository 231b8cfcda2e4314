#!/usr/bin/env bash
# quant_scale.sh: peak memory and wall time of `exomir quant` on a 50M-read simulated FASTQ.gz and on its
# first 5M and 20M reads, to show that memory grows with unique sequences (not reads) and stays <= 1 GB.
#
# usage: bench/quant_scale.sh [OUTDIR]          (run from anywhere after building; not part of ctest)
# env:   EXOMIR (build/exomir), THREADS (2), PREFIXES ("5M 20M", reads of the prefix runs), LIMIT_MB (1024),
#        FQ (the full FASTQ.gz; default: 50M reads simulated once with ../shared/sim --seed 50, cached in
#        ~/.cache/exomir-bench, about 40 min on a loaded 2-core machine), FULL (1; 0 = prefixes only).
# Prefix files are cut once from the full file (or from a partially written one while it is simulated) and cached.
# Output: OUTDIR/scale.tsv (reads, unique_sequences, peak_rss_mb, wall_s, rss_bytes_per_unique) and a table.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
EXOMIR=${EXOMIR:-$ROOT/build/exomir}
THREADS=${THREADS:-2}
PREFIXES=${PREFIXES:-5M 20M}
LIMIT_MB=${LIMIT_MB:-1024}
FULL=${FULL:-1}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/exomir-bench
OUT=${1:-$ROOT/bench/out/quant_scale}
FQ=${FQ:-$CACHE/sim50m_seed50.fastq.gz}
M=$SHARED/data/mirbase
mkdir -p "$OUT" "$CACHE"
[ -x "$EXOMIR" ] || { echo "bench: $EXOMIR not built (run make)" >&2; exit 1; }
command -v pigz >/dev/null || { echo "bench: pigz missing (apt-get install pigz)" >&2; exit 1; }

if [ ! -s "$FQ" ] && [ "$FULL" = 1 ]; then
  echo "[bench] simulating 50M reads (once) -> $FQ" >&2
  python3 "$SHARED/sim/simulate_smallrna.py" --hairpin "$M/hairpin.fa.gz" --mature "$M/mature.fa.gz" \
    --gff "$M/hsa.gff3" --scale 50M --seed 50 --out "${FQ%.fastq.gz}.fastq.tmp.gz" \
    --truth "${FQ%.fastq.gz}.truth.tsv" >&2
  mv "${FQ%.fastq.gz}.fastq.tmp.gz" "$FQ"
fi

# reads_of 5M -> 5000000
reads_of() { awk -v s="$1" 'BEGIN { n = s + 0; u = substr(s, length(s)); if (u == "M") n *= 1e6; else if (u == "k") n *= 1e3; printf "%d\n", n }'; }

# prefix_file N: the first N reads of the full file (or of the one being simulated), cut once.
prefix_file() {
  local n=$1 f="$CACHE/$(basename "${FQ%.fastq.gz}").first$1.fastq.gz"
  if [ ! -s "$f" ]; then
    local src=$FQ lines
    [ -s "$src" ] || src=${FQ%.fastq.gz}.fastq.tmp.gz
    lines=$(( $(reads_of "$n") * 4 ))
    { pigz -dc "$src" 2>/dev/null || true; } | head -n "$lines" | pigz -1 -p "$THREADS" > "$f.tmp"
    [ "$(pigz -dc "$f.tmp" | wc -l)" -eq "$lines" ] || { rm -f "$f.tmp"; echo "bench: $src has fewer than $n reads yet" >&2; return 1; }
    mv "$f.tmp" "$f"
  fi
  echo "$f"
}

# run NAME FASTQ.gz: one quant run under /usr/bin/time -v; appends a row to scale.tsv.
run() {
  local name=$1 fq=$2 dir=$OUT/$1
  rm -rf "$dir"
  /usr/bin/time -v -o "$OUT/$name.time" "$EXOMIR" quant --quiet -t "$THREADS" --kit truseq --sample S -o "$dir" "$fq" \
    2> "$OUT/$name.err" || { echo "bench: quant $name failed:" >&2; tail -3 "$OUT/$name.err" >&2; exit 1; }
  local rss wall reads uniq
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$OUT/$name.time")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$OUT/$name.time")
  read -r reads uniq < <(python3 -c "import json; c = json.load(open('$dir/S.run.json'))['counts']; print(c['reads'], c['unique_sequences'])")
  printf '%s\t%s\t%s\t%.1f\t%.2f\t%.0f\n' "$name" "$reads" "$uniq" "$(bc -l <<< "$rss / 1024")" "$wall" \
    "$(bc -l <<< "$rss * 1024 / $uniq")" >> "$OUT/scale.tsv"
}

printf 'run\treads\tunique_sequences\tpeak_rss_mb\twall_s\trss_bytes_per_unique\n' > "$OUT/scale.tsv"
for p in $PREFIXES; do run "first$p" "$(prefix_file "$p")"; done
[ "$FULL" = 1 ] && run full "$FQ"

echo "[bench] exomir quant, --threads $THREADS, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
column -t -s$'\t' "$OUT/scale.tsv"
# Bars: peak RSS <= LIMIT_MB on every run; RSS rises with unique sequences (rows sorted by unique sequences).
awk -F'\t' -v lim="$LIMIT_MB" 'NR > 1 { if ($4 > lim) { print "FAIL " $1 ": peak " $4 " MB > " lim " MB"; bad = 1 }
    u[NR] = $3; r[NR] = $4; n = NR }
  END { for (i = 3; i <= n; i++) for (j = 2; j < i; j++)
          if ((u[i] - u[j]) * (r[i] - r[j]) < 0) { print "FAIL: peak RSS does not grow with unique sequences"; bad = 1 }
        if (!bad) print "PASS: peak RSS <= " lim " MB and growing with unique sequences"; exit bad }' "$OUT/scale.tsv"
