#!/usr/bin/env bash
# test_report_hostile.sh EXOMIR: `exomir report` on results folders named O'Brien_lab and x'$(touch pwned)', with
# hostile names in every user-named field of the fixture (condition, module, miRNA, sample column of cpm.tsv):
# no command runs, the Graphviz picture still renders (when dot is installed), and the page has no script, no
# link to javascript:, no event handler and a Content-Security-Policy (issue 18).
set -euo pipefail
EXOMIR=$(readlink -f "$1")
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"

evil_mod='fib" URL="javascript:alert(1)" x="\'
evil_mir='hsa-miR-29a-3p<script>alert(2)</script>\'
for name in "O'Brien_lab" "x'\$(touch pwned)'"; do
  res="$work/$name"
  cp -r "$ROOT/tests/data/report" "$res"
  # hostile module (in both network tables), miRNA and condition
  for f in module_scores.tsv mirna_module.tsv; do
    awk -F'\t' -v OFS='\t' -v m="$evil_mod" 'NR > 1 && $1 == "fibrosis_ecm_collagen" { $1 = m } 1' "$res/net/$f" > "$res/net/$f.new"
    mv "$res/net/$f.new" "$res/net/$f"
  done
  awk -F'\t' -v OFS='\t' -v m="$evil_mir" 'NR > 1 && $4 == "hsa-miR-29a-3p" { $4 = m } 1' "$res/net/mirna_module.tsv" > x && mv x "$res/net/mirna_module.tsv"
  awk -F'\t' -v OFS='\t' 'NR == 2 { $4 = "<img src=x onerror=alert(3)>\"'"'"'$(touch pwned)" } 1' "$res/samples.tsv" > x && mv x "$res/samples.tsv"
  "$EXOMIR" report --samples "$res/samples.tsv" "$res" 2> report.log || { cat report.log; fail "exomir report in $name"; }
  html="$res/report.html"
  [ -s "$html" ] || fail "no report.html in $name"
  [ ! -e pwned ] && [ ! -e "$res/pwned" ] && [ ! -e "$ROOT/pwned" ] || fail "a command ran ($name)"
  grep -q 'http-equiv="Content-Security-Policy" content="default-src '"'"'none'"'"'; script-src '"'"'none'"'"'' "$html" ||
    fail "no Content-Security-Policy in $name"
  ! grep -qi '<script' "$html" || fail "<script> in report.html ($name)"
  ! grep -qiE '<[^>]* on[a-z]+=' "$html" || fail "an event handler attribute in report.html ($name)"
  ! grep -qiE 'href="javascript|xlink:href|<a [^>]*URL' "$html" || fail "a javascript link in report.html ($name)"
  grep -q 'fib&quot; URL=&quot;javascript:alert(1)&quot;' "$html" || fail "the hostile module name is not shown escaped ($name)"
  if command -v dot > /dev/null; then
    grep -q 'network picture: Graphviz' report.log || { cat report.log; fail "Graphviz picture lost in $name"; }
    ! grep -q 'warning' report.log || { cat report.log; fail "warning from Graphviz in $name"; }
  fi
done
echo "ok: hostile names and folder names"
