#!/usr/bin/env bash
# test_deb.sh EXOMIR: the Debian package of `make deb` (CPack, built here into a temp folder from the same build
# tree) installs with apt-get from the local file only, runs as /usr/bin/exomir from another folder against the
# installed /usr/share/exomir/reference (quant of a small FASTQ, byte-identical to the build tree's; reference
# describe; targets), and uninstalls leaving nothing behind. Skips (77) when not root, without dpkg/apt-get/cpack,
# without optimir (quant's default miRBase), on a sanitizer build, or when an exomir package is already installed.
set -euo pipefail
EXOMIR=$(readlink -f "$1")
BUILD=$(dirname "$EXOMIR")
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
DATA=$ROOT/tests/data
skip() { echo "skip: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
[ "$(id -u)" = 0 ] || skip "installing a package needs root"
for t in dpkg dpkg-deb dpkg-shlibdeps apt-get cpack; do command -v $t >/dev/null || skip "$t not found"; done
[ -f "$BUILD/CPackConfig.cmake" ] || skip "no CPackConfig.cmake in $BUILD"
[ -d /usr/lib/python3/dist-packages/optimir/resources/fasta ] || skip "optimir (make deps) not installed"
ldd "$EXOMIR" | grep -c 'lib[at]san' >/dev/null && skip "sanitizer build: only release builds are packaged"
# one package test at a time on this machine (a second build tree's ctest may run it too)
exec 9>/tmp/exomir-test-deb.lock
flock -w 600 9 || fail "another test_deb.sh holds /tmp/exomir-test-deb.lock"
dpkg-query -W -f='${Status}' exomir 2>/dev/null | grep -c 'ok installed' >/dev/null && skip "an exomir package is installed already; not replacing it"
[ ! -e /usr/bin/exomir ] || skip "/usr/bin/exomir exists and is not from a package"

work=$(mktemp -d)
installed=0
cleanup() {
  [ $installed = 1 ] && apt-get remove -y --purge -o DPkg::Lock::Timeout=120 exomir >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
unset EXOMIR_REFERENCE_DIR
n=0; ok() { n=$((n + 1)); }

# what `make deb` runs, into a temp folder
(cd "$work" && cpack --config "$BUILD/CPackConfig.cmake" -G DEB -B "$work/pkg") > "$work/cpack.log" 2>&1 \
  || { tail -20 "$work/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$work"/pkg/exomir_*.deb)
[ "$(echo "$deb" | wc -l)" = 1 ] || fail "expected one exomir_*.deb, got: $deb"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libhts libtbb libcurl libsqlite3 libzip libisal libxxhash libedit libc6 libstdc++6; do
  echo "$depends" | grep -c "$lib" >/dev/null || fail "Depends lacks $lib: $depends"
done
dpkg-deb -c "$deb" > "$work/contents"
for f in bin/exomir share/man/man1/exomir.1.gz share/exomir/reference/other_rna/human_other_rna.fa.gz share/exomir/reference/sources.tsv \
         share/exomir/workflows/Snakefile share/bash-completion/completions/exomir; do
  grep -q " \./usr/$f\$" "$work/contents" || fail "package lacks /usr/$f"
done
ok

# Offline: the simulation must install exomir alone (everything Depends names is installed already, as the build
# linked those libraries), so the real install downloads nothing.
apt-get install -s --no-install-recommends "$deb" > "$work/sim.log" 2>&1 || { tail "$work/sim.log"; fail "apt-get -s"; }
[ "$(grep '^Inst ' "$work/sim.log" | cut -d' ' -f2 | tr '\n' ' ')" = "exomir " ] \
  || fail "installing the package would fetch more than exomir: $(grep '^Inst ' "$work/sim.log" | tr '\n' ';')"
apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=120 "$deb" > "$work/apt.log" 2>&1 \
  || { tail -20 "$work/apt.log"; fail "apt-get install $deb"; }
installed=1
[ "$(command -v exomir)" = /usr/bin/exomir ] || fail "exomir on PATH is $(command -v exomir)"
[ "$(/usr/bin/exomir --version)" = "$("$EXOMIR" --version)" ] || fail "/usr/bin/exomir --version: $(/usr/bin/exomir --version)"
ok

mkdir "$work/elsewhere" "$work/build_out"
cd "$work/elsewhere"
exomir quant --quiet --sample S -o q "$DATA/quant_small.fq" || fail "installed quant"
grep -q '/usr/share/exomir/reference/other_rna/human_other_rna.fa.gz' q/S.run.json q/S.qc.json 2>/dev/null \
  || grep -rq '/usr/share/exomir/reference/other_rna' q/ || fail "installed quant did not use /usr/share/exomir/reference"
(cd "$work/build_out" && "$EXOMIR" quant --quiet --sample S -o q "$DATA/quant_small.fq")
for f in S.mirna.tsv S.rna_classes.tsv S.other_rna.tsv S.isomir.gff3; do  # the mirGFF3 header holds the command line
  cmp -s <(grep -v '^#' "q/$f") <(grep -v '^#' "$work/build_out/q/$f") || fail "$f of /usr/bin/exomir differs from the build tree's"
done
[ "$(grep -vc '^#\|^name' q/S.mirna.tsv)" -gt 0 ] || fail "installed quant counted no miRNA"
ok
exomir reference describe --quiet | grep -c fibrosis_tgfb_smad >/dev/null || fail "installed reference describe"
exomir targets --quiet -o t.tsv && [ "$(wc -l < t.tsv)" -gt 50 ] || fail "installed targets (curated interactions)"
ok
# the installed workflow calls whichever exomir is on PATH (a dry run prints the commands it would run)
if command -v snakemake >/dev/null; then
  printf 'sample\tfastq\tkit\nS\t%s\ttruseq\n' "$DATA/quant_small.fq" > samples.tsv
  snakemake -n -p -s /usr/share/exomir/workflows/Snakefile --cores 1 --config samples=samples.tsv out=smk \
    > smk.log 2>&1 || { tail smk.log; fail "snakemake dry run of /usr/share/exomir/workflows/Snakefile"; }
  grep -q '^exomir quant --sample S ' smk.log && grep -q '^exomir network ' smk.log \
    || fail "the installed workflow does not call exomir from PATH: $(grep -m3 exomir smk.log)"
  ok
fi

apt-get remove -y --purge -o DPkg::Lock::Timeout=120 exomir > "$work/remove.log" 2>&1 || { tail "$work/remove.log"; fail "apt-get remove"; }
installed=0
[ ! -e /usr/bin/exomir ] && [ ! -e /usr/share/exomir ] && ! ls /usr/share/man/man1/exomir.1* >/dev/null 2>&1 \
  || fail "files left after removal"
ok
echo "$n checks passed"
