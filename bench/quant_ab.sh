#!/usr/bin/env bash
# quant_ab.sh: interleaved A/B of two or more exomir binaries on the same reads. Round r runs every binary once, in
# the order given, so a change in the machine's speed hits all of them alike; the table gives the median wall and
# CPU (user + sys) seconds per binary and each one's ratio to the first. This is how the before -> after numbers in
# bench/quant_speed.md are measured; the floors and the peer are in bench/quant_speed.sh.
#
# usage: bench/quant_ab.sh BIN_A BIN_B [BIN...]
#   Each binary finds its reference from its own location: use build/exomir of each checkout (or copy an older
#   build/exomir to build/exomir_old beside the current one).
# environment: RUNS (9), THREADS (2), FQ (default: the cached 4M-read file of bench/quant_speed.sh), KIT (truseq)
set -euo pipefail
RUNS=${RUNS:-9}
THREADS=${THREADS:-2}
KIT=${KIT:-truseq}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/exomir-bench
FQ=${FQ:-$CACHE/sim4m_seed4.fastq.gz}
[ $# -ge 2 ] || { echo "usage: bench/quant_ab.sh BIN_A BIN_B [BIN...]" >&2; exit 2; }
[ -s "$FQ" ] || { echo "bench: $FQ missing (run bench/quant_speed.sh once, or set FQ)" >&2; exit 1; }
for b in "$@"; do [ -x "$b" ] || { echo "bench: $b is not an executable" >&2; exit 1; }; done
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "[bench] $FQ: $RUNS interleaved rounds at -t $THREADS; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for r in $(seq "$RUNS"); do
  i=0
  for b in "$@"; do
    i=$((i + 1))
    /usr/bin/time -f "$i %e %U %S" -a -o "$work/times" \
      "$b" quant --quiet -t "$THREADS" --kit "$KIT" --sample ab -o "$work/out$i" "$FQ" 2>"$work/err$i" ||
      { echo "bench: $b failed:" >&2; cat "$work/err$i" >&2; exit 1; }
  done
done
echo "[bench] load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 - "$work/times" "$@" <<'PY'
import statistics, sys
times, bins = sys.argv[1], sys.argv[2:]
wall, cpu = {}, {}
for line in open(times):
    f = line.split()
    if len(f) != 4 or not f[0].isdigit():
        continue  # /usr/bin/time adds a line for a killed command
    k = int(f[0])
    wall.setdefault(k, []).append(float(f[1]))
    cpu.setdefault(k, []).append(float(f[2]) + float(f[3]))
w0, c0 = statistics.median(wall[1]), statistics.median(cpu[1])
print("| binary | runs | median wall s | median CPU s | wall / first | CPU / first |")
print("|---|---:|---:|---:|---:|---:|")
for k, b in enumerate(bins, 1):
    w, c = statistics.median(wall[k]), statistics.median(cpu[k])
    print(f"| {b} | {len(wall[k])} | {w:.3f} | {c:.3f} | {w / w0:.3f} | {c / c0:.3f} |")
PY
