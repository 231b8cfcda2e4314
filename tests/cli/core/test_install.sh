#!/usr/bin/env bash
# test_install.sh EXOMIR: `cmake --install` lays out bin/exomir, share/exomir/{reference,workflows}, the man page
# and bash completion; the installed binary finds its reference from its own path (from any folder, after the
# prefix is moved, with no source path compiled in); EXOMIR_REFERENCE_DIR overrides it; a binary with no
# reference beside it fails with one line naming the folders it searched. No root needed (a temp prefix).
set -euo pipefail
EXOMIR=$(readlink -f "$1")
BUILD=$(dirname "$EXOMIR")
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
DATA=$ROOT/tests/data
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
unset EXOMIR_REFERENCE_DIR
fail() { echo "FAIL: $*"; exit 1; }
n=0; ok() { n=$((n + 1)); }

# --strip: what a package ships (debug info, when the build has it, would name the source files)
cmake --install "$BUILD" --prefix "$work/prefix" --strip >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
P=$work/prefix
for f in bin/exomir share/exomir/reference/modules.tsv share/exomir/reference/modules.gmt \
         share/exomir/reference/interactions.tsv share/exomir/reference/sources.tsv \
         share/exomir/reference/other_rna/human_other_rna.fa.gz share/exomir/workflows/Snakefile \
         share/exomir/workflows/config.yaml share/exomir/workflows/profiles/slurm/config.yaml \
         share/man/man1/exomir.1.gz share/bash-completion/completions/exomir; do
  [ -s "$P/$f" ] || fail "$f not installed"
done
# the whole reference/ folder, byte for byte
diff -r "$ROOT/reference" "$P/share/exomir/reference" || fail "share/exomir/reference differs from reference/"
ok
# (sanitizer builds keep source file names for their reports: not checked there)
if ! ldd "$EXOMIR" | grep -c 'lib[atu]*san' >/dev/null; then
  ! grep -aqF "$ROOT" "$P/bin/exomir" || fail "the installed binary holds the source path $ROOT"
  ok
fi

mkdir "$work/elsewhere"
describe() { (cd "$work/elsewhere" && "$@" reference describe --quiet --mature "$DATA/mini_mature.fa" \
  --hairpin "$DATA/mini_hairpin.fa" --format json); }
describe "$EXOMIR" > "$work/build.json"
describe "$P/bin/exomir" > "$work/installed.json" || fail "installed exomir reference describe"
# the same tables (sizes, md5, modules) read from the installed folder
grep -qF "\"$P/share/exomir/reference/modules.tsv\"" "$work/installed.json" || fail "installed describe did not read $P/share"
cmp -s <(grep -v '"path"' "$work/build.json") <(grep -v '"path"' "$work/installed.json") \
  || fail "installed and build-tree 'reference describe' differ"
grep -q '"module": "fibrosis_tgfb_smad"' "$work/installed.json" || fail "installed describe lists no curated module"
ok
# targets with the curated interactions only: the shipped interactions.tsv, found from the binary's path
(cd "$work/elsewhere" && "$P/bin/exomir" targets --quiet --mature "$DATA/mini_mature.fa" \
  --hairpin "$DATA/mini_hairpin.fa" -o t.tsv) || fail "installed exomir targets"
grep -qF "$P/share/exomir/reference/interactions.tsv" \
  "$work/elsewhere/t.tsv.run.json" || fail "targets did not read the installed interactions.tsv"
ok

# relocatable: move the prefix, the lookup follows the binary
mv "$P" "$work/moved"
describe "$work/moved/bin/exomir" > "$work/moved.json" || fail "moved prefix"
grep -qF "\"$work/moved/share/exomir/reference/modules.tsv\"" "$work/moved.json" || fail "moved prefix describe"
ok

# a lone binary: one error line naming where it looked; exit 1
mkdir -p "$work/lone/bin" && cp "$work/moved/bin/exomir" "$work/lone/bin/"
set +e
describe "$work/lone/bin/exomir" > /dev/null 2> "$work/lone.err"; rc=$?
set -e
[ $rc = 1 ] || fail "lone binary exit $rc, expected 1"
[ "$(wc -l < "$work/lone.err")" = 1 ] || fail "lone binary: not one stderr line: $(cat "$work/lone.err")"
grep -qF "$work/lone/share/exomir/reference" "$work/lone.err" || fail "error does not name the searched folder: $(cat "$work/lone.err")"
grep -q "EXOMIR_REFERENCE_DIR" "$work/lone.err" || fail "error does not say how to fix it"
ok
# EXOMIR_REFERENCE_DIR: a folder is used; a missing one is an error naming it
EXOMIR_REFERENCE_DIR=$DATA/reference_mini describe "$work/lone/bin/exomir" | grep -c '"module"' >/dev/null || fail "EXOMIR_REFERENCE_DIR not used"
set +e
EXOMIR_REFERENCE_DIR=$work/nope describe "$work/lone/bin/exomir" > /dev/null 2> "$work/nope.err"; rc=$?
set -e
[ $rc = 1 ] && grep -qF "$work/nope" "$work/nope.err" || fail "missing EXOMIR_REFERENCE_DIR: exit $rc, $(cat "$work/nope.err")"
ok

# the man page lists every command of `exomir --help`; the completion offers them and a command's options
commands=$("$EXOMIR" --help | sed -n '/^commands:/,$s/^  \([a-z]\+\) .*/\1/p')
[ -n "$commands" ] || fail "no commands in exomir --help"
zcat "$work/moved/share/man/man1/exomir.1.gz" > "$work/exomir.1"
for c in $commands; do grep -q "^\.B $c\$" "$work/exomir.1" || fail "man page lacks command $c"; done
if command -v man >/dev/null; then
  MANWIDTH=100 man -l "$work/moved/share/man/man1/exomir.1.gz" > "$work/man.txt" 2>&1
  grep -q "EXOMIR_REFERENCE_DIR" "$work/man.txt" || fail "man -l cannot render the page: $(head -3 "$work/man.txt")"
fi
ok
complete_words() {  # complete_words WORD...: what the completion offers for the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _exomir; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$work/moved/share/bash-completion/completions/exomir" "$@"
}
[ "$(complete_words "$work/moved/bin/exomir" qu)" = quant ] || fail "completion of 'qu'"
[ "$(complete_words "$work/moved/bin/exomir" "" | sort | tr '\n' ' ')" = "$(printf '%s\n' $commands --help --version | sort | tr '\n' ' ')" ] \
  || fail "completion of the commands: $(complete_words "$work/moved/bin/exomir" "")"
complete_words "$work/moved/bin/exomir" network --ref | grep -cx -- --reference >/dev/null || fail "completion of network --ref"
complete_words "$work/moved/bin/exomir" reference build --ppi | grep -cx -- --ppi-min-score >/dev/null || fail "completion of reference build --ppi"
ok
echo "$n checks passed"
