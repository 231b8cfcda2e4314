#!/usr/bin/env bash
# Make sure the real reads that Debian's dnapi ships are on disk; on minimal images that drop
# /usr/share/doc (dpkg path-exclude), extract them from the cached .deb instead.
set -euo pipefail
target=/usr/share/doc/dnapi/examples/good.fq.gz
[ -s "$target" ] && exit 0
cache=${XDG_CACHE_HOME:-$HOME/.cache}/exomir
mkdir -p "$cache"
if [ ! -s "$cache/dnapi/usr/share/doc/dnapi/examples/good.fq.gz" ]; then
  (cd "$cache" && apt-get download dnapi >/dev/null && dpkg-deb -x dnapi_*.deb dnapi)
fi
echo "[make deps] dnapi reads: $cache/dnapi/usr/share/doc/dnapi/examples/good.fq.gz"
