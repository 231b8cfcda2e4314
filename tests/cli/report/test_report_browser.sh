#!/usr/bin/env bash
# test_report_browser.sh EXOMIR: renders report.html in headless Chromium to a PNG (1200x2000 layout at half
# resolution, so the stdlib-only pixel check stays fast), checks the page is not blank and the console has no errors:
# first the small results fixture in tests/data/report/, then a generated 96-sample results folder
# (make_many_samples.py, deterministic) down to the end of its sample overview, whose MDS panels and heatmap are counted in the HTML.
# Skips (exit 77) if chromium is absent.
set -euo pipefail
EXOMIR=$(readlink -f "$1")
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
CHROME=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROME" ] || { echo "SKIP: chromium not installed (apt-get install chromium)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# render_check RES HEIGHT: exomir report on RES, a Chromium screenshot of the top HEIGHT px of report.html, no console
# errors, and a page that is neither blank nor without coloured plots.
render_check() {
  local res=$1 height=$2
  "$EXOMIR" report --samples "$res/samples.tsv" "$res" 2> "$work/report.log" || { cat "$work/report.log"; fail "exomir report on $res"; }
  [ -s "$res/report.html" ] || fail "no report.html in $res"
  local profile
  profile=$(mktemp -d)
  rm -f "$work/report.png"
  timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --enable-logging=stderr --v=0 \
    --screenshot="$work/report.png" --window-size=1200,$height --force-device-scale-factor=0.5 "file://$res/report.html" > "$work/chrome.log" 2>&1 || true
  rm -rf "$profile"
  [ -s "$work/report.png" ] || { cat "$work/chrome.log"; fail "chromium wrote no screenshot of $res"; }
  if grep -E 'Uncaught|ERROR:CONSOLE|CONSOLE.*[Ee]rror|Failed to load resource' "$work/chrome.log"; then fail "console errors while rendering $res/report.html"; fi
  check_png "$work/report.png"
}

check_png() {
python3 - "$1" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w, h, depth, ctype = 8, b"", 0, 0, 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
assert depth == 8, f"unexpected PNG bit depth {depth}"
bpp = {2: 3, 6: 4, 0: 1, 4: 2}[ctype]
stride = w * bpp
prev = bytearray(stride)
dark = colored = 0
for y in range(h):  # undo the PNG row filters (RFC 2083 section 6)
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 3 == 0 and bpp >= 3:
        for x in range(0, w, 3):
            r, g, bl = line[x * bpp:x * bpp + 3]
            dark += max(r, g, bl) < 120
            colored += max(r, g, bl) - min(r, g, bl) > 60
print(f"png {w}x{h}: {dark} dark, {colored} coloured sampled pixels")
assert w >= 500 and h >= 900, "screenshot too small"
assert dark > 150, "page looks blank (no text)"
assert colored > 150, "page has no coloured plots"
PY
}

cp -r "$ROOT/tests/data/report" "$work/res"
render_check "$work/res" 2000

# issue 15: a core's run of 96 samples (deterministic generator): the sample overview renders and stays usable
python3 "$ROOT/tests/cli/report/make_many_samples.py" "$ROOT/tests/data/report" "$work/many" 96
render_check "$work/many" 4000  # the QC table, then the sample overview
html="$work/many/report.html"
n=$(grep -o '<circle [^>]*><title>S[0-9]* (culture: ' "$html" | wc -l || true)
[ "$n" -eq 96 ] || fail "MDS panel by culture has $n points, expected 96"
n=$(grep -o '<circle [^>]*><title>S[0-9]* (QC verdict: FAIL)' "$html" | wc -l || true)
[ "$n" -eq 6 ] || fail "MDS panel by QC verdict has $n FAIL points, expected 6"
n=$(grep -o '<rect x="[0-9]*" y="[0-9]*" width="7" height="7" fill="#[0-9a-f]*"><title>S[0-9]* × S[0-9]*: r = ' "$html" | wc -l || true)
[ "$n" -eq 9216 ] || fail "correlation heatmap has $n cells of 7 px, expected 96 x 96"
grep -c 'TMM-normalised CPM (counts/tmm.tsv)' "$html" > /dev/null || fail "the overview does not say it used tmm.tsv"
grep -c 'tRNA-Gly-GCC</td><td class="l">5&#39;-half</td>' "$html" > /dev/null || fail "no top tRNA fragment row"
echo "ok: report.html renders in Chromium without console errors (fixture and 96 samples)"
