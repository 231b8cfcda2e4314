#!/usr/bin/env bash
# test_fetch.sh EXOMIR: `exomir reference fetch` against a loopback HTTP server (fetch_server.py) and a
# file:// mirror, serving small fixtures shaped like the upstream files (tests/data/reference_fetch/upstream,
# laid out as <host>/<upstream path>). No test reaches the internet: every URL goes through --mirror.
# Cases: success + rerun skips; file:// and folder mirrors and $EXOMIR_MIRROR; 404; connection refused;
# a 503 retried; a body cut short, then a rerun resumes with a Range request; sha256 mismatch; SIGINT
# mid-download (exit 130, .part kept, rerun resumes); malformed sources.tsv; a corrupt upstream archive.
set -euo pipefail
set -m  # background jobs keep the default SIGINT disposition
EXOMIR=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
FIX=$ROOT/tests/data/reference_fetch
command -v python3 >/dev/null || { echo "no python3: skipped"; exit 77; }
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then { kill "$server" && wait "$server"; } 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$HERE/fetch_server.py" prepare "$ROOT/reference/sources.tsv" "$FIX/upstream" "$work/www"
python3 "$HERE/fetch_server.py" serve "$work/www" "$work/port" "$work/log" &
server=$!
for _ in $(seq 200); do [ -s "$work/port" ] && break; sleep 0.05; done
PORT=$(cat "$work/port")
URL=http://127.0.0.1:$PORT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
fetch() { "$EXOMIR" reference fetch --quiet --retry-wait 0.05 "$@"; }
n_files() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["files"]))' "$1/fetch.json"; }

# --- success: every non-optional source (GOA is optional), archives unpacked, sha256 recorded ---
if fetch --mirror "$URL" -o "$work/a" 2>"$work/err"; then
  [ "$(n_files "$work/a")" = 11 ] && ok "success: 11 files in fetch.json" || bad "success: $(n_files "$work/a") files"
  cmp -s "$work/a/mirbase/mature.fa" "$FIX/upstream/www.mirbase.org/download/CURRENT/mature.fa" &&
    cmp -s "$work/a/targetscan/miR_Family_Info.txt" \
      "$FIX/upstream/www.targetscan.org/vert_80/vert_80_data_download/miR_Family_Info.txt" &&
    ok "success: .gz and .zip unpacked byte-identical" || bad "success: unpacked files differ"
  want=$(sha256sum "$work/www/reactome.org/download/current/ReactomePathways.gmt.zip" | cut -c1-64)
  python3 - "$work/a/fetch.json" "$want" <<'EOF' && ok "success: fetch.json records url, date, sha256" || bad "success: fetch.json"
import json, sys
j = json.load(open(sys.argv[1]))
f = [x for x in j["files"] if x["path"] == "reactome/ReactomePathways.gmt.zip"][0]
assert f["sha256"] == sys.argv[2] and f["sha256_check"] == "recorded", f
assert f["url"] == "https://reactome.org/download/current/ReactomePathways.gmt.zip" and f["date"].endswith("Z")
assert f["unpacked"] == ["reactome/ReactomePathways.gmt"]
assert j["sources"]["targetscan"]["version"] == "8.0"
EOF
  [ -z "$(find "$work/a" -name '*.part' -o -name '*.tmp.*')" ] && ok "success: no temp file left" || bad "success: temp files left"
  before=$(wc -l <"$work/log")
  fetch --mirror "$URL" -o "$work/a" && [ "$(wc -l <"$work/log")" = "$before" ] &&
    ok "rerun: nothing downloaded again" || bad "rerun downloaded again"
else
  bad "success: exit $?: $(cat "$work/err")"
fi

# --- file:// mirror, a plain folder as mirror, and $EXOMIR_MIRROR ---
fetch --mirror "file://$work/www" --sources mirbase,reactome -o "$work/f" 2>"$work/err" &&
  cmp -s "$work/f/reactome/ReactomePathways.gmt.zip" "$work/www/reactome.org/download/current/ReactomePathways.gmt.zip" &&
  ok "file:// mirror" || bad "file:// mirror: $(cat "$work/err")"
(cd "$work" && fetch --mirror www --sources string -o "$work/g" 2>"$work/err") && [ -f "$work/g/string/9606.protein.info.v12.0.txt" ] &&
  ok "folder mirror" || bad "folder mirror: $(cat "$work/err")"
EXOMIR_MIRROR="$URL" fetch --sources mirtarbase -o "$work/e" 2>"$work/err" && [ -f "$work/e/mirtarbase/hsa_MTI.csv" ] &&
  ok "EXOMIR_MIRROR" || bad "EXOMIR_MIRROR: $(cat "$work/err")"

# --- 404: clear error, nothing under the final name, no .part ---
set +e
fetch --mirror "$URL/nothing" --sources reactome -o "$work/n" 2>"$work/err"; rc=$?
set -e
[ $rc = 1 ] && grep -q "ReactomePathways.gmt.zip: download failed: HTTP 404" "$work/err" &&
  [ -z "$(find "$work/n" -type f -name 'Reactome*')" ] && ok "404" || bad "404: rc $rc: $(cat "$work/err")"

# --- connection refused: retried, then a clear error ---
dead=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
set +e
fetch --mirror "http://127.0.0.1:$dead" --sources reactome --retries 2 -o "$work/c" 2>"$work/err"; rc=$?
set -e
[ $rc = 1 ] && grep -q "Couldn't connect to server (after 2 retries)" "$work/err" &&
  [ -z "$(find "$work/c" -type f -name 'Reactome*')" ] && ok "connection refused" || bad "connection refused: rc $rc: $(cat "$work/err")"

# --- 503 once: retried with backoff, then success ---
"$EXOMIR" reference fetch --retry-wait 0.05 --mirror "$URL/flaky" --sources reactome -o "$work/r" 2>"$work/err" &&
  grep -q "HTTP 503; retry 1 of 3" "$work/err" && [ -f "$work/r/reactome/ReactomePathways.gmt" ] &&
  ok "503 retried" || bad "503 retried: $(cat "$work/err")"

# --- body cut short (no retry): .part kept; the rerun (from the intact server) resumes with a Range request ---
set +e
fetch --mirror "$URL/cut" --sources targetscan --retries 0 -o "$work/t" 2>"$work/err"; rc=$?
set -e
part=$work/t/targetscan/Predicted_Targets_Context_Scores.default_predictions.txt.zip.part
if [ $rc = 1 ] && [ -s "$part" ] && [ ! -e "${part%.part}" ] && grep -q "rerun the same command to resume" "$work/err"; then
  ok "cut short: .part kept, nothing under the final name"
  have=$(stat -c %s "$part")
  fetch --mirror "$URL" --sources targetscan --retries 0 -o "$work/t" 2>"$work/err" &&
    grep -q "^/www.targetscan.org/vert_80/vert_80_data_download/Predicted_Targets_Context_Scores.default_predictions.txt.zip bytes=$have-" "$work/log" &&
    cmp -s "${part%.part}" "$work/www/www.targetscan.org/vert_80/vert_80_data_download/Predicted_Targets_Context_Scores.default_predictions.txt.zip" &&
    ok "cut short: rerun resumed at byte $have" || bad "cut short: rerun: $(cat "$work/err")"
else
  bad "cut short: rc $rc: $(cat "$work/err")"
fi

# --- sha256 published in sources.tsv: verified; a mismatch is an error and leaves nothing ---
sha=$(sha256sum "$work/www/reactome.org/download/current/ReactomePathways.gmt.zip" | cut -c1-64)
awk -F'\t' -v OFS='\t' -v s="$sha" '$1 == "reactome" { $4 = s } 1' "$ROOT/reference/sources.tsv" >"$work/good.tsv"
awk -F'\t' -v OFS='\t' '$1 == "reactome" { $4 = "0000000000000000000000000000000000000000000000000000000000000000" } 1' \
  "$ROOT/reference/sources.tsv" >"$work/wrong.tsv"
fetch --sources-table "$work/good.tsv" --mirror "$URL" --sources reactome -o "$work/v" 2>"$work/err" &&
  grep -q '"sha256_check": "verified"' "$work/v/fetch.json" && ok "sha256 verified" || bad "sha256 verified: $(cat "$work/err")"
set +e
fetch --sources-table "$work/wrong.tsv" --mirror "$URL" --sources reactome -o "$work/w" 2>"$work/err"; rc=$?
set -e
[ $rc = 1 ] && grep -q "sha256 mismatch: sources.tsv says 0000" "$work/err" && [ -z "$(find "$work/w" -type f -name 'Reactome*')" ] &&
  ok "sha256 mismatch: error, nothing left" || bad "sha256 mismatch: rc $rc: $(cat "$work/err")"

# --- SIGINT mid-download: exit 130, .part kept, nothing under the final name; the rerun resumes ---
"$EXOMIR" reference fetch --quiet --mirror "$URL/slow" --sources reactome -o "$work/s" 2>"$work/err" &
pid=$!
part=$work/s/reactome/ReactomePathways.gmt.zip.part
for _ in $(seq 200); do [ -s "$part" ] && break; sleep 0.05; done
sleep 0.3
kill -INT $pid
set +e
wait $pid; rc=$?
set -e
if [ $rc = 130 ] && [ -s "$part" ] && [ ! -e "${part%.part}" ]; then
  ok "SIGINT: exit 130, .part kept ($(stat -c %s "$part") bytes), nothing under the final name"
  have=$(stat -c %s "$part")
  fetch --mirror "$URL/slow" --sources reactome -o "$work/s" 2>"$work/err" &&
    grep -q "/slow/reactome.org/download/current/ReactomePathways.gmt.zip bytes=$have-" "$work/log" &&
    [ "$(sha256sum <"${part%.part}" | cut -c1-64)" = "$sha" ] && ok "SIGINT: rerun resumed at byte $have" ||
    bad "SIGINT: rerun: $(cat "$work/err")"
else
  bad "SIGINT: rc $rc, part $(stat -c %s "$part" 2>/dev/null || echo none): $(cat "$work/err")"
fi

# --- malformed sources.tsv and a corrupt upstream archive: errors naming file and line / archive ---
awk -F'\t' -v OFS='\t' '$1 == "string" { $4 = "- - -" } 1' "$ROOT/reference/sources.tsv" >"$work/bad.tsv"
line=$(grep -n '^string' "$work/bad.tsv" | cut -d: -f1)
set +e
fetch --sources-table "$work/bad.tsv" --mirror "$URL" -o "$work/b" 2>"$work/err"; rc=$?
set -e
[ $rc = 1 ] && grep -q "bad.tsv:$line: column sha256: 3 entries for 2 urls" "$work/err" &&
  ok "malformed sources.tsv: file:line" || bad "malformed sources.tsv: rc $rc: $(cat "$work/err")"
mkdir -p "$work/corrupt/reactome.org/download/current"
echo "<html>maintenance</html>" >"$work/corrupt/reactome.org/download/current/ReactomePathways.gmt.zip"
set +e
fetch --mirror "file://$work/corrupt" --sources reactome -o "$work/z" 2>"$work/err"; rc=$?
set -e
[ $rc = 1 ] && grep -q "ReactomePathways.gmt.zip: not a readable zip archive" "$work/err" &&
  [ ! -e "$work/z/reactome/ReactomePathways.gmt" ] && ok "corrupt archive" || bad "corrupt archive: rc $rc: $(cat "$work/err")"
set +e
"$EXOMIR" reference fetch --sources nosuch -o "$work/u" 2>"$work/err"; rc=$?
set -e
[ $rc = 2 ] && grep -q "unknown source 'nosuch'; known: mirbase,targetscan" "$work/err" && ok "unknown source: usage error" ||
  bad "unknown source: rc $rc"

exit $fail
