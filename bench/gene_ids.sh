#!/usr/bin/env bash
# gene_ids.sh [EXOMIR]: what gene-ID normalisation (reference/gene_ids, org.Hs.eg.db) changes on the shared
# TargetScan 7.1 site counts + validated union: distinct genes of targets.tsv before (EXOMIR_ORGDB=none) and
# after, how many of the "before" genes are not current symbols and how many of those resolve to exactly one
# current gene (an independent count in Python's sqlite3, not the C++ code), and how many more target rows
# reach a GO BP term (15-500 genes) and a curated module. Needs `make deps` (org.Hs.eg.db) and ../shared.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
EXOMIR=$(readlink -f "${1:-$ROOT/build/exomir}")
S=${SHARED_DATA:-$ROOT/../shared/data}/targets
OUT=${BENCH_OUT:-$(mktemp -d)}
ORGDB=${EXOMIR_ORGDB:-${XDG_CACHE_HOME:-$HOME/.cache}/exomir/bioc/usr/lib/R/site-library/org.Hs.eg.db/extdata/org.Hs.eg.sqlite}
[ -s "$ORGDB" ] || ORGDB=/usr/lib/R/site-library/org.Hs.eg.db/extdata/org.Hs.eg.sqlite
[ -s "$ORGDB" ] || { echo "gene_ids.sh: org.Hs.eg.db not found; run 'make deps'" >&2; exit 1; }
src=(--targetscan "$S/targetscan71_hsa_site_counts_SPONGE_symbol.tsv.gz" --validated "$S/validated_mti_hsa_GroundT_PTC.tsv.gz")
EXOMIR_ORGDB=none "$EXOMIR" targets "${src[@]}" -o "$OUT/before.tsv" 2>"$OUT/before.log"
EXOMIR_ORGDB="$ORGDB" "$EXOMIR" targets "${src[@]}" -o "$OUT/after.tsv" 2>"$OUT/after.log"
grep -F 'gene IDs' "$OUT/after.log" || true
python3 - "$ORGDB" "$OUT/before.tsv" "$OUT/after.tsv" "$ROOT/reference/modules.tsv" <<'PY'
import collections, csv, sqlite3, sys
orgdb, before, after, modules = sys.argv[1:]
db = sqlite3.connect(f"file:{orgdb}?mode=ro", uri=True)
symbol = {i: s.upper() for i, s in db.execute("SELECT _id, symbol FROM gene_info")}
current = set(symbol.values())
alias = collections.defaultdict(set)
for i, a in db.execute("SELECT _id, alias_symbol FROM alias"):
    alias[a.upper()].add(i)
terms = collections.defaultdict(set)
for go, i in db.execute("SELECT go_id, _id FROM go_bp_all"):
    terms[go].add(i)
go_genes = {symbol[i] for g in terms.values() if 15 <= len(g) <= 500 for i in g if i in symbol}
curated = {r["gene"].upper() for r in csv.DictReader(open(modules), delimiter="\t")}
def rows(path):
    with open(path) as f:
        return [r["gene"] for r in csv.DictReader(f, delimiter="\t")]
b, a = rows(before), rows(after)
gb, ga = set(b), set(a)
old = sorted(g for g in gb if g not in current)
one = [g for g in old if len(alias.get(g, ())) == 1]
amb = [g for g in old if len(alias.get(g, ())) > 1]
print(f"distinct genes in targets.tsv: before {len(gb)}, after {len(ga)}")
print(f"before: {len(old)} genes are not current symbols of org.Hs.eg.db; {len(one)} are an alias of exactly one "
      f"current gene, {len(amb)} of several (ambiguous), {len(old) - len(one) - len(amb)} unknown")
left = sorted(g for g in ga if g not in current)
print(f"after: {len(left)} genes are not current symbols (ambiguous or unknown, kept as they are)")
for name, universe in (("GO BP 15-500", go_genes), ("curated modules", curated)):
    nb, na = sum(g in universe for g in b), sum(g in universe for g in a)
    print(f"target rows whose gene is in a {name} set: before {nb}, after {na} (+{na - nb}); "
          f"genes: before {len(gb & universe)}, after {len(ga & universe)}")
PY
echo "outputs in $OUT"
