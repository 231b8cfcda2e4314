#!/usr/bin/env bash
# Export reference/modules.tsv as GMT (one line per module: name, description, genes in table order).
# Usage: scripts/modules_to_gmt.sh [modules.tsv] [modules.gmt]   (defaults: reference/modules.{tsv,gmt})
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
in=${1:-$here/reference/modules.tsv}
out=${2:-$here/reference/modules.gmt}
expected=$'module\tgene\trole\tcell_type\tevidence\tpmid'
if [ "$(head -n 1 "$in")" != "$expected" ]; then
  echo "$in: unexpected header; expected the six modules.tsv columns (docs/formats.md)" >&2
  exit 1
fi
tmp=$(mktemp "$out.tmp.XXXXXX")
trap 'rm -f "$tmp"' EXIT
LC_ALL=C awk -F'\t' '
  NR == 1 { next }
  NF != 6 { printf "%s:%d: expected 6 tab-separated columns, found %d\n", FILENAME, NR, NF > "/dev/stderr"; bad = 1; exit 1 }
  {
    if (!($1 in n)) order[++m] = $1
    genes[$1] = genes[$1] "\t" $2
    n[$1]++; roles[$1, $3]++
  }
  END {
    if (bad) exit 1
    for (i = 1; i <= m; i++) {
      k = order[i]
      printf "%s\texomir curated %s: %d genes (driver %d, protective %d, context %d)%s\n", \
        k, k, n[k], roles[k, "driver"] + 0, roles[k, "protective"] + 0, roles[k, "context"] + 0, genes[k]
    }
  }' "$in" > "$tmp"
mv "$tmp" "$out"
trap - EXIT
