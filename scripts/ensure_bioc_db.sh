#!/usr/bin/env bash
# Make sure the two Bioconductor SQLite databases Debian ships are on disk, without installing R:
# r-bioc-org.hs.eg.db (Entrez genes, symbols, aliases, Ensembl IDs, GO BP annotations with ancestors) and
# r-bioc-go.db (GO term names). When the R packages are installed they are used as they are; otherwise the
# .debs are fetched with `apt-get download` and unpacked with `dpkg-deb -x` into the exomir cache, which is
# where `exomir` looks at run time (docs/gene_ids.md). Idempotent: a second run does nothing.
set -euo pipefail
cache=${XDG_CACHE_HOME:-$HOME/.cache}/exomir/bioc
site=usr/lib/R/site-library
declare -A file=([r-bioc-org.hs.eg.db]=org.Hs.eg.db/extdata/org.Hs.eg.sqlite
                 [r-bioc-go.db]=GO.db/extdata/GO.sqlite)
for pkg in r-bioc-org.hs.eg.db r-bioc-go.db; do
  f=${file[$pkg]}
  if [ -s "/$site/$f" ]; then echo "[make deps] $pkg: /$site/$f"; continue; fi
  if [ ! -s "$cache/$site/$f" ]; then
    mkdir -p "$cache"
    tmp=$(mktemp -d "$cache/download.XXXXXX")
    (cd "$tmp" && apt-get download "$pkg" >/dev/null 2>&1 && dpkg-deb -x "$pkg"_*.deb "$cache")
    rm -rf "$tmp"
  fi
  [ -s "$cache/$site/$f" ] || { echo "[make deps] $pkg: could not extract $f" >&2; exit 1; }
  echo "[make deps] $pkg: $cache/$site/$f"
done
