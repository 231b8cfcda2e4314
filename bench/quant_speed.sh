#!/usr/bin/env bash
# quant_speed.sh: wall time of `exomir quant` against the true decompression floors and the cutadapt + bowtie +
# mirtop peer, all on the same reads in one run. Runs are interleaved (round r times every command once), so a
# change in machine load hits every command alike; the table gives medians and the ratios of medians.
#
# usage: bench/quant_speed.sh [FASTQ.gz] [OUTDIR]
#   FASTQ.gz  default: a 4M-read simulated exosome library (made once with ../shared/sim, cached); plain gzip.
#             A BGZF copy is made once beside it in the cache (bgzip -@2), for the BGZF rows.
#   OUTDIR    default: bench/out/quant_speed
# environment: EXOMIR (binary, default build/exomir), THREADS ("1 2": exomir rows per thread count),
#   RUNS (5), PEERS ("mirtop", or "" to skip; the peer runs once, at the last thread count)
# Floors: `igzip -dc` (ISA-L, one thread: what exomir uses for gzip and BGZF files) and `bgzip -@2 -dc` (htslib's
# parallel BGZF inflate) are the real decompression floors; `pigz -dc`, and `igzip -dc` of the BGZF copy, are shown
# for comparison. A second table gives the median wall and CPU seconds of each step of quant (its run.json
# "timings"): where the time beyond the floor goes.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
EXOMIR=${EXOMIR:-$ROOT/build/exomir}
THREADS=${THREADS:-1 2}
RUNS=${RUNS:-5}
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
for tool in pigz igzip bgzip; do
  command -v $tool >/dev/null || { echo "bench: $tool missing (apt-get install pigz isal tabix)" >&2; exit 1; }
done
BGZ=$CACHE/$(basename "$FQ" .gz).bgzf.gz
if [ ! -s "$BGZ" ] || [ "$BGZ" -ot "$FQ" ]; then
  echo "[bench] BGZF copy (once) -> $BGZ" >&2
  igzip -dc "$FQ" | bgzip -@2 -c > "$BGZ.tmp" && mv "$BGZ.tmp" "$BGZ"
fi

if [ -n "$PEERS" ]; then  # peer indexes are built once, untimed (as ../shared/bench/README.md does)
  REFDIR="$CACHE/peers-ref" "$SHARED/bench/peers.sh" prep hsa "$M/mature_hsa.fa" "$M/hairpin_hsa.fa" "$CACHE/peers-ref" \
    > "$OUT/peers_prep.log" 2>&1 || { echo "bench: peer prep failed, see $OUT/peers_prep.log" >&2; PEERS=""; }
fi
reads=$(igzip -dc "$FQ" | awk 'END {print NR/4}')

# The timed commands, in order: name and shell command.
names=() cmds=()
add() { names+=("$1"); cmds+=("$2"); }
add igzip_floor "igzip -dc '$FQ' > /dev/null"
add pigz "pigz -dc '$FQ' > /dev/null"
add bgzf_floor "bgzip -@2 -dc '$BGZ' > /dev/null"
add igzip_bgzf "igzip -dc '$BGZ' > /dev/null"
for t in $THREADS; do
  add "exomir_gzip_t$t" "'$EXOMIR' quant --quiet -t $t --kit truseq --sample bench -o '$OUT/exomir_gzip' '$FQ'"
  add "exomir_bgzf_t$t" "'$EXOMIR' quant --quiet -t $t --kit truseq --sample bench -o '$OUT/exomir_bgzf' '$BGZ'"
  last_t=$t
done
echo "[bench] $FQ: $reads reads; threads $THREADS; $RUNS interleaved runs; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# One timed run: appends "name wall maxrss_kb cpu_s" (cpu = user + sys, less sensitive to load) to times.raw.
run_one() {
  local name=$1 cmd=$2
  /usr/bin/time -f "%e %M %U %S" -o "$OUT/$name.time" bash -c "$cmd" >/dev/null 2>"$OUT/$name.err" ||
    { echo "bench: $name failed:"; tail -3 "$OUT/$name.err"; return 1; } >&2
  read -r wall rss user sys < "$OUT/$name.time"
  echo "$name $wall $rss $(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" >> "$OUT/times.raw"
  if [[ $name == exomir_* ]]; then  # quant's own steps, from the run.json it just wrote
    python3 -c 'import json, sys
for s in json.load(open(sys.argv[2]))["timings"]: print(sys.argv[1], s["step"], s["wall_s"], s["cpu_s"])' \
      "$name" "$OUT/${name%_t*}/bench.run.json" >> "$OUT/steps.raw"
  fi
}
: > "$OUT/times.raw"
: > "$OUT/steps.raw"
for r in $(seq "$RUNS"); do
  for i in "${!names[@]}"; do run_one "${names[$i]}" "${cmds[$i]}" || exit 1; done
done
for p in $PEERS; do
  run_one "peer_$p" "THREADS=$last_t MINLEN=16 REFDIR='$CACHE/peers-ref' MIRNA_GFF3='$M/hsa.gff3' \
    '$SHARED/bench/peers.sh' $p '$FQ' TGGAATTCTCGGGTGCCAAGG hsa '$M/mature_hsa.fa' '$M/hairpin_hsa.fa' '$OUT/peers'" ||
    echo "bench: peer $p left out of the table" >&2
done
if ! cmp -s "$OUT/exomir_gzip/bench.mirna.tsv" "$OUT/exomir_bgzf/bench.mirna.tsv"; then
  echo "bench: gzip and BGZF inputs gave different mirna.tsv" >&2; exit 1
fi
echo "[bench] load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# The median of the wall (w) or CPU (c) values of one key, n[key] of them; both tables below use it.
MEDIAN_AWK='
  function median(key, v,   m, i, j, a, t) {
    m = n[key]; for (i = 1; i <= m; i++) a[i] = v == "cpu" ? c[key, i] : w[key, i]
    for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
  }'

# Medians, max RSS, and ratios of medians: gzip rows against igzip, BGZF rows against bgzip -@2, peers against
# exomir on gzip at the last thread count.
awk -v reads="$reads" -v last_t="$last_t" "$MEDIAN_AWK"'
  { if (!($1 in n)) order[++k] = $1; ++n[$1]; w[$1, n[$1]] = $2; c[$1, n[$1]] = $4; if ($3 > rss[$1]) rss[$1] = $3 }
  END {
    for (i = 1; i <= k; i++) { med[order[i]] = median(order[i], "wall"); cpu[order[i]] = median(order[i], "cpu") }
    printf "| step | runs | median wall s | reads/s | median CPU s | max RSS MB | ratio of medians (wall) |\n"
    printf "|---|---:|---:|---:|---:|---:|---|\n"
    for (i = 1; i <= k; i++) {
      s = order[i]; ratio = "-"
      if (s ~ /^exomir_gzip/) ratio = sprintf("%.2fx igzip -dc", med[s] / med["igzip_floor"])
      else if (s ~ /^exomir_bgzf/) ratio = sprintf("%.2fx bgzip -@2 -dc", med[s] / med["bgzf_floor"])
      else if (s == "pigz") ratio = sprintf("%.2fx igzip -dc", med[s] / med["igzip_floor"])
      else if (s ~ /^peer_/) ratio = sprintf("%.1fx exomir_gzip_t%s (exomir that much faster)", med[s] / med["exomir_gzip_t" last_t], last_t)
      printf "| %s | %d | %.2f | %.2f M | %.2f | %.0f | %s |\n", s, n[s], med[s], reads / med[s] / 1e6, cpu[s],
             rss[s] / 1024, ratio
    }
  }' "$OUT/times.raw" | tee "$OUT/summary.md"

# quant's steps (run.json "timings"; start-up before them and writing the outputs after them are not included).
echo
awk "$MEDIAN_AWK"'
  { key = $1 SUBSEP $2; if (!(key in n)) order[++k] = key; ++n[key]; w[key, n[key]] = $3; c[key, n[key]] = $4 }
  END {
    printf "| quant row | step | median wall s | median CPU s |\n|---|---|---:|---:|\n"
    for (i = 1; i <= k; i++) {
      split(order[i], p, SUBSEP)
      printf "| %s | %s | %.3f | %.3f |\n", p[1], p[2], median(order[i], "wall"), median(order[i], "cpu")
    }
  }' "$OUT/steps.raw" | tee -a "$OUT/summary.md"
