#!/usr/bin/env bash
# output_checksums.sh EXOMIR OUT.sha256 [WORK]: runs the outputs a behaviour-keeping change must not move, and
# writes one sha256 line per output file. Compare two builds with `diff a.sha256 b.sha256`.
#   - quant on the four simulated kits and the held-out libraries of ../shared/data/simulated (every output),
#   - quant on the dnapi human reads (Debian dnapi),
#   - `make demo`'s whole pipeline (exomir run: quant, merge, targets, network, rank, report).
# Files that record the command line, the time or the machine are left out: *.run.json, run.json, and the
# `## CMD` line of the mirGFF3. WORK (default: a fixed /tmp path) must be the same for both runs, since some
# outputs name their input paths.
set -euo pipefail
EXOMIR=$(readlink -f "$1"); OUT=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_DATA:-$ROOT/../shared/data}
WORK=${3:-/tmp/exomir_checksums}
THREADS=${THREADS:-2}
rm -rf "$WORK"; mkdir -p "$WORK"
for fq in "$SHARED"/simulated/*.fastq.gz; do
  name=$(basename "$fq" .fastq.gz)
  "$EXOMIR" quant --quiet -t "$THREADS" --kit auto --sample "$name" -o "$WORK/quant" "$fq"
done
READS=/usr/share/doc/dnapi/examples/good.fq.gz
[ -s "$READS" ] || READS=${XDG_CACHE_HOME:-$HOME/.cache}/exomir/dnapi/usr/share/doc/dnapi/examples/good.fq.gz
"$EXOMIR" quant --quiet -t "$THREADS" --kit truseq --sample dnapi_good -o "$WORK/quant" "$READS"
DEMO_OUT="$WORK/demo" bash "$ROOT/scripts/demo.sh" "$EXOMIR" >/dev/null 2>&1
(cd "$WORK" && find . -type f ! -name '*run.json' | LC_ALL=C sort | while read -r f; do
   case "$f" in
     *.gff3) printf '%s  %s\n' "$(grep -v '^## CMD' "$f" | sha256sum | cut -d' ' -f1)" "$f" ;;
     *) sha256sum "$f" ;;
   esac
 done) > "$OUT"
echo "$(wc -l < "$OUT") output files hashed into $OUT"
