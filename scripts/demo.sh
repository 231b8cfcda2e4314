#!/usr/bin/env bash
# demo.sh EXOMIR [exomir run options]: the README quick start: `exomir run` (quant, merge, targets, network,
# rank, report) on real human small-RNA reads (Debian dnapi)
# with the offline miRBase 22 reference (Debian optimir) and print where the results are.
set -euo pipefail
EXOMIR=$(readlink -f "${1:-build/exomir}")
shift || true
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${DEMO_OUT:-$ROOT/demo_out}
READS=/usr/share/doc/dnapi/examples/good.fq.gz
[ -s "$READS" ] || READS=${XDG_CACHE_HOME:-$HOME/.cache}/exomir/dnapi/usr/share/doc/dnapi/examples/good.fq.gz
[ -s "$READS" ] || { echo "demo: dnapi reads not found; run 'make deps'" >&2; exit 1; }
rm -rf "$OUT"
mkdir -p "$OUT"
echo "== exomir demo: real human small-RNA reads ($READS, TruSeq adapter)"
printf 'sample\tfastq\tkit\tsource\ndnapi_good\t%s\ttruseq\tpublic\n' "$READS" > "$OUT/samples.tsv"
# Targets: the curated interactions shipped in reference/ always; the public TargetScan 7.1 and validated
# tables and the focus pathway sets too when the shared data folder is beside the checkout (dev and CI).
extra=()
SHARED=${SHARED_DATA:-$ROOT/../shared/data}
if [ -d "$SHARED/targets" ]; then
  echo "== using public target tables and pathway sets from $SHARED"
  extra+=(--targets-targetscan "$SHARED/targets/targetscan71_hsa_site_counts_SPONGE_symbol.tsv.gz"
          --targets-validated "$SHARED/targets/validated_mti_hsa_GroundT_PTC.tsv.gz"
          --gmt "$SHARED/pathways/focus_fibrosis_inflammasome.gmt")
else
  echo "== no shared data folder: targets from the shipped curated interactions only"
fi
"$EXOMIR" run --samples "$OUT/samples.tsv" -o "$OUT" "${extra[@]}" "$@"
echo
echo "== top 10 miRNAs (reads)"
# awk reads all of sort's output (NR <= 10 prints the top ten): a 'head -10' here closes the pipe early, sort dies
# of SIGPIPE once its output passes the pipe buffer, and pipefail failed the demo at random
tail -n +2 "$OUT/quant/dnapi_good.mirna.tsv" | sort -t$'\t' -k3,3gr |
  awk -F'\t' 'NR <= 10 { printf "%-20s %12s reads %12s rpm\n", $1, $3, $4 }'
echo
echo "== report: $OUT/report.html (open it in a browser)"
echo "== results in $OUT"
find "$OUT" -type f | sort | sed "s|^$ROOT/||"
