#!/usr/bin/env bash
# mirtop_synthetic.sh [EXOMIR]: exomir quant on the miRTop incubator synthetic isomiR reads (miRBase 21),
# scored like `mirtop compare` next to the five tools recorded in all/summary.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
EXOMIR=${1:-$here/../build/exomir}
SHARED=${SHARED:-$(cd "$here/../.." && pwd)/shared}
[ -d "$SHARED/data" ] || SHARED=$(cd "$here/../../.." && pwd)/shared
SYN=$SHARED/data/simulated_truth/mirtop_incubator_synthetic
out=${KEEP:-$(mktemp -d)}; [ -n "${KEEP:-}" ] || trap 'rm -rf "$out"' EXIT
# The set ships hairpins + genome GFF3 only: cut the matures out of the hairpins by GFF3 coordinates.
python3 - "$SYN/reference_mirbase21" "$out/mature_v21.fa" <<'PY'
import sys
d, out = sys.argv[1], sys.argv[2]
hp, name = {}, None
for line in open(d + "/hairpin_hsa.v21.fa"):
    line = line.strip()
    if line.startswith(">"):
        name = line[1:].split()[0]; hp[name] = ""
    elif name:
        hp[name] += line.upper().replace("U", "T")
prim, seen = {}, set()
with open(out, "w") as fh:
    for line in open(d + "/hsa.v21.gff3"):
        if line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        a = dict(kv.split("=", 1) for kv in f[8].split(";"))
        s, e = int(f[3]), int(f[4])
        if f[2] == "miRNA_primary_transcript":
            prim[a["ID"]] = (a["Name"], s, e, f[6])
        elif f[2] == "miRNA" and a["Name"] not in seen and a["Derives_from"] in prim:
            pname, ps, pe, strand = prim[a["Derives_from"]]
            if pname not in hp:
                continue
            off = s - ps if strand == "+" else pe - e
            seen.add(a["Name"])
            fh.write(">%s %s\n%s\n" % (a["Name"], a["ID"], hp[pname][off:off + e - s + 1]))
PY
"$EXOMIR" quant --quiet --sample synthetic --kit truseq --mature "$out/mature_v21.fa" \
    --hairpin "$SYN/reference_mirbase21/hairpin_hsa.v21.fa" -o "$out" "$SYN/synthetic/synthetic_100_full.fq.gz"
python3 "$here/mirtop_synthetic_score.py" "$SYN" "$out/synthetic.isomir.gff3"
