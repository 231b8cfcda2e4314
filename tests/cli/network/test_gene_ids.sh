#!/usr/bin/env bash
# test_gene_ids.sh EXOMIR: with Debian's org.Hs.eg.db / GO.db (make deps), `network` without --gmt scores the
# curated modules plus > 5,000 named GO BP terms, maps old symbols and Entrez IDs to current symbols and says
# which target sources fed the graph; `targets` reports per-source gene-ID outcomes. Skips (77) without the DBs.
set -euo pipefail
EXOMIR=$(readlink -f "$1")
DATA=$(cd ../../data && pwd)
unset EXOMIR_ORGDB EXOMIR_GODB
orgdb=${XDG_CACHE_HOME:-$HOME/.cache}/exomir/bioc/usr/lib/R/site-library/org.Hs.eg.db/extdata/org.Hs.eg.sqlite
[ -s "$orgdb" ] || [ -s /usr/lib/R/site-library/org.Hs.eg.db/extdata/org.Hs.eg.sqlite ] ||
  { echo "skip: org.Hs.eg.db not found (make deps)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Old names (MARCH1 -> MARCHF1, KIAA0101 -> PCLAF), an Entrez ID (7157 = TP53), an ambiguous alias (DEC1).
printf 'mirna\tgene\tweight\tsources\nhsa-miR-21-5p\tMARCH1\t0.5\tcurated\nhsa-miR-21-5p\t7157\t0.4\ttsv\nhsa-miR-155-5p\tKIAA0101\t0.3\ttsv\nhsa-miR-155-5p\tDEC1\t0.2\ttsv\n' >"$tmp/targets.tsv"
"$EXOMIR" network --counts "$DATA/network_counts.tsv" --targets "$tmp/targets.tsv" --permutations 50 --strata 1 \
  -o "$tmp/net" 2>"$tmp/err"
grep -q 'GO BP terms of 15 to 500 genes' "$tmp/err"
grep -q 'targets: 4 gene IDs: 0 current, 3 renamed, 1 ambiguous' "$tmp/err"
grep -q 'targets from tsv: 3 pairs' "$tmp/err"
n_go=$(awk -F'\t' '$2 == "go_bp"' "$tmp/net/module_scores.tsv" | wc -l)
[ "$n_go" -gt 5000 ] || { echo "only $n_go GO BP rows"; exit 1; }
grep -q $'^GO:0044546 NLRP3 inflammasome complex assembly\tgo_bp\t' "$tmp/net/module_scores.tsv"
n_cur=$(awk -F'\t' '$2 == "curated"' "$tmp/net/module_scores.tsv" | wc -l)
[ "$n_cur" -eq 9 ]
for g in MARCHF1 TP53 PCLAF DEC1; do grep -q "^$g"$'\t' "$tmp/net/gene_load.tsv" || { echo "no $g"; exit 1; }; done
python3 - "$tmp/net/network.run.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
t = j["gene_ids"]["sources"]["targets"]
assert (t["renamed"], t["ambiguous"], t["unknown"]) == (3, 1, 0), t
assert t["examples"]["ambiguous"]["DEC1"] == ["BHLHE40", "DELEC1"], t
assert j["go_bp"]["n_sets"] > 5000 and j["genome_scale"] is True, j["go_bp"]
assert set(j["target_sources"]) == {"curated", "tsv", "any"}, j["target_sources"]
PY
# --gmt given: no GO default; curated-only targets: the warning with the fixing command.
printf 'mirna\tgene\tweight\tsources\nhsa-miR-21-5p\tPTEN\t0.5\tcurated\n' >"$tmp/cur.tsv"
printf 'S\tdesc\tPTEN\tTP53\n' >"$tmp/s.gmt"
"$EXOMIR" network --counts "$DATA/network_counts.tsv" --targets "$tmp/cur.tsv" --gmt "$tmp/s.gmt" --permutations 50 \
  --strata 1 -o "$tmp/net2" 2>"$tmp/err2"
! grep -q go_bp "$tmp/net2/module_scores.tsv"
grep -q 'scores are not genome-scale.*--targets-targetscan' "$tmp/err2"
grep -q '"genome_scale": false' "$tmp/net2/network.run.json"
# Without the databases: a note, not a failure.
EXOMIR_ORGDB=none "$EXOMIR" network --counts "$DATA/network_counts.tsv" --targets "$tmp/cur.tsv" --permutations 50 \
  --strata 1 -o "$tmp/net3" 2>"$tmp/err3"
grep -q 'org.Hs.eg.db not found' "$tmp/err3"
echo ok
