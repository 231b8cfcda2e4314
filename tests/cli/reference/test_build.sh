#!/usr/bin/env bash
# test_build.sh EXOMIR: `exomir reference build` on the fetch fixtures (file:// mirror, no network):
# bundle contents, targets.tsv byte-identical to `exomir targets` on the same files (same code) at 1 and 4
# threads, STRING keyed by symbol, bundle.json provenance, `reference describe` on the bundle, and malformed
# upstream files (error names file:line and the expected column; no bundle written).
set -euo pipefail
EXOMIR=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
command -v python3 >/dev/null || { echo "no python3: skipped"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
python3 "$HERE/fetch_server.py" prepare "$ROOT/reference/sources.tsv" "$ROOT/tests/data/reference_fetch/upstream" "$work/www"
"$EXOMIR" reference fetch --quiet --mirror "file://$work/www" -o "$work/d"

"$EXOMIR" reference build --quiet -t 1 "$work/d" && ok "build" || bad "build"
B=$work/d/bundle
for f in mature.fa hairpin.fa targets.tsv ppi.tsv gmt/ReactomePathways.gmt modules.tsv modules.gmt interactions.tsv bundle.json; do
  [ -s "$B/$f" ] || bad "bundle: $f missing"
done
T=$work/d/targetscan
"$EXOMIR" targets --quiet -t 1 --mature "$work/d/mirbase/mature.fa" --hairpin "$work/d/mirbase/hairpin.fa" \
  --targetscan-family "$T/miR_Family_Info.txt" --targetscan "$T/Predicted_Targets_Context_Scores.default_predictions.txt" \
  --targetscan "$T/Summary_Counts.default_predictions.txt" --mirtarbase "$work/d/mirtarbase/hsa_MTI.csv" \
  --curated "$ROOT/reference/interactions.tsv" -o "$work/targets.tsv"
cmp -s "$B/targets.tsv" "$work/targets.tsv" && ok "targets.tsv = exomir targets on the same files" || bad "targets.tsv differs from exomir targets"
"$EXOMIR" reference build --quiet -t 4 "$work/d" -o "$work/b4"
cmp -s "$B/targets.tsv" "$work/b4/targets.tsv" && cmp -s "$B/ppi.tsv" "$work/b4/ppi.tsv" && ok "threads 1 = 4" || bad "threads 1 != 4"
grep -qP '^hsa-miR-29a-3p\tMIMAT0000086\tAGCACCA\tCOL1A1\t.*targetscan' "$B/targets.tsv" &&
  grep -qP '^hsa-miR-21-5p\t.*\tPDCD4\t.*mirtarbase_strong\tstrong$' "$B/targets.tsv" &&
  ! grep -q 'Tgfb1\|TRAF6.*122' "$B/targets.tsv" && ok "targets: TargetScan 8 + miRTarBase rows, mouse rows out" || bad "targets rows"
[ "$(head -1 "$B/ppi.tsv")" = "$(printf 'gene_a\tgene_b\tscore')" ] && grep -qP '^NLRP3\tPYCARD\t999$' "$B/ppi.tsv" &&
  ! grep -q 'ENSP\|COL1A1.SMAD7' "$B/ppi.tsv" && [ "$(wc -l <"$B/ppi.tsv")" = 8 ] &&
  ok "ppi: symbols, one edge per pair, score >= 700" || bad "ppi: $(cat "$B/ppi.tsv")"
python3 - "$B/bundle.json" "$work/d/fetch.json" <<'PY' && ok "bundle.json: versions, urls, dates, sha256, row counts" || bad "bundle.json"
import json, sys
b, f = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert b["sources"]["targetscan"]["version"] == "8.0" and b["sources"]["string"]["version"] == "12.0"
files = {x["path"]: x for s in b["sources"].values() for x in s["files"]}
assert {x["path"]: x["sha256"] for x in f["files"]} == {p: x["sha256"] for p, x in files.items()}
assert all(x["date"] and x["url"].startswith("https://") for x in files.values())
assert b["rows"]["mature.fa"] == 6 and b["rows"]["ppi.tsv"]["edges"] == 7 and b["rows"]["targets.tsv"]["rows"] > 0
assert b["rows"]["gmt/ReactomePathways.gmt"]["sets"] == 3
PY
"$EXOMIR" reference describe --quiet --reference "$B" --curated-dir "$B" | grep -c 'hsa: 6 matures' >/dev/null && ok "describe the bundle" || bad "describe"
# the bundle as `network --reference`: its targets.tsv, modules, Reactome GMT and PPI with no other option
(cd "$work" && "$EXOMIR" network --quiet --counts "$ROOT/tests/data/network_counts.tsv" --reference "$B" \
  --permutations 200 --strata 2 -o net) && python3 - "$work/net/network.run.json" "$work/net/module_scores.tsv" "$B" <<'PY' \
  && ok "network --reference BUNDLE" || bad "network --reference BUNDLE"
import json, sys
j, scores, b = json.load(open(sys.argv[1])), open(sys.argv[2]).read(), sys.argv[3]
assert j["reference"] == b and j["targets"] == b + "/targets.tsv", (j["reference"], j["targets"])
assert j["counts"]["n_ppi_edges"] == 7 and j["target_sources"]["targetscan"]["pairs"] > 0
assert scores.count("\tgmt:ReactomePathways.gmt\t") == 3 and scores.count("\tcurated\t") == 9
PY
# `exomir run --reference BUNDLE`: quant on the bundle's miRBase, the bundle's targets.tsv as a ready table (no
# targets step), network on its files; a rerun finds every step up to date
printf 'sample\tfastq\tkit\nS1\t%s\ttruseq\nS2\t%s\ttruseq\n' "$ROOT/tests/data/quant_small.fq" "$ROOT/tests/data/quant_small.fq" > "$work/s.tsv"
(cd "$work" && "$EXOMIR" run --quiet --samples s.tsv --reference "$B" --permutations 200 --keep-failed -o res && \
  "$EXOMIR" run --samples s.tsv --reference "$B" --permutations 200 --keep-failed -o res 2> rerun.err) &&
  python3 - "$work/res/run.json" "$B" <<'PY' && grep -q '0 run, 6 up to date' "$work/rerun.err" && ok "run --reference BUNDLE" || bad "run --reference BUNDLE"
import json, sys
steps, b = json.load(open(sys.argv[1]))["steps"], sys.argv[2]
assert sorted(steps) == ["merge", "network", "quant:S1", "quant:S2", "rank", "report"], sorted(steps)
assert steps["quant:S1"]["settings"]["reference"] == b
net = steps["network"]
assert net["settings"]["targets"] == b + "/targets.tsv" and net["settings"]["ppi"] == b + "/ppi.tsv"
assert b + "/gmt/ReactomePathways.gmt" in net["inputs"] and b + "/modules.tsv" in net["inputs"]
PY

# malformed upstream files: file:line, the expected column, nothing written
broken() {  # broken NAME FILE SED: copy of the fetch folder with one file edited; build must fail
  rm -rf "$work/$1"; cp -r "$work/d" "$work/$1"; rm -rf "$work/$1/bundle"; sed -i "$3" "$work/$1/$2"
  set +e; "$EXOMIR" reference build --quiet "$work/$1" 2>"$work/err"; rc=$?; set -e
  [ $rc = 1 ] && [ ! -e "$work/$1/bundle" ]
}
broken ts targetscan/Predicted_Targets_Context_Scores.default_predictions.txt '1s/\tcontext++ score\t/\tcontext score\t/' &&
  grep -q "Predicted_Targets_Context_Scores.default_predictions.txt:1: expected column 'context++ score' of the TargetScan 8" "$work/err" &&
  ok "malformed TargetScan header" || bad "malformed TargetScan: $(cat "$work/err")"
broken mt mirtarbase/hsa_MTI.csv '1s/Support Type/Support/' &&
  grep -q "hsa_MTI.csv:1: expected column 'Support Type' of the miRTarBase MTI layout" "$work/err" &&
  ok "malformed miRTarBase header" || bad "malformed miRTarBase: $(cat "$work/err")"
broken sl string/9606.protein.links.v12.0.txt '4s/ [0-9]*$/ high/' &&
  grep -q "9606.protein.links.v12.0.txt:4: column combined_score: 'high'" "$work/err" &&
  ok "malformed STRING row" || bad "malformed STRING row: $(cat "$work/err")"
broken si string/9606.protein.info.v12.0.txt '1s/preferred_name/name/' &&
  grep -q "9606.protein.info.v12.0.txt:1: expected the STRING protein.info header" "$work/err" &&
  ok "malformed STRING protein.info" || bad "malformed protein.info: $(cat "$work/err")"
rm -rf "$work/nomir"; mkdir -p "$work/nomir"
set +e; "$EXOMIR" reference build --quiet "$work/nomir" 2>"$work/err"; rc=$?; set -e
[ $rc = 1 ] && grep -q "mirbase/mature.fa: not found; run 'exomir reference fetch --sources mirbase" "$work/err" &&
  ok "missing miRBase: says how to fetch it" || bad "missing miRBase: $(cat "$work/err")"
exit $fail
