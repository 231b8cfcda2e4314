#!/usr/bin/env bash
# test_quant_gff.sh EXOMIR: quant's mirGFF3 passes the Debian mirtop validator and its UIDs decode to the reads.
set -euo pipefail
EXOMIR=$(readlink -f "$1"); DATA=$(cd "$(dirname "$0")/../../data" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$EXOMIR" quant --quiet --sample S1 --mature "$DATA/mini_mature.fa" --hairpin "$DATA/mini_hairpin.fa" \
    -o "$work" "$DATA/quant_small.fq"
if ! /usr/bin/python3 -c "import mirtop" 2>/dev/null; then echo "mirtop not installed: skipped"; exit 0; fi
errors=$(/usr/bin/python3 -W ignore -c "import sys; from mirtop.gff.validator import _check_file; print(_check_file(sys.argv[1]))" "$work/S1.isomir.gff3" 2>/dev/null | tail -1)
[ "$errors" = 0 ] || { echo "mirtop validator reported $errors errors"; exit 1; }
/usr/bin/python3 -W ignore - "$work/S1.isomir.gff3" <<'PY' 2>/dev/null
import sys
from mirtop.mirna.realign import read_id
n = 0
for line in open(sys.argv[1]):
    if line.startswith("#"):
        continue
    attr = dict(kv.split("=", 1) for kv in line.rstrip("\n").split("\t")[8].split("; "))
    assert read_id(attr["UID"]) == attr["Read"], line
    n += 1
assert n == 6, n
PY
echo "mirGFF3 valid"
