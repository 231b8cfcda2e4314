#!/usr/bin/env bash
# run_tst.sh EXOMIR FILE.tst: runs CLI test cases in the style of htslib's test/fastq/fastq.tst.
#
# Each non-comment line is:  <kind> <expected> <command...>
#   P  expected  cmd   must exit 0; if expected is not '.', stdout must equal that file (relative to the .tst's folder)
#   N  .         cmd   must exit 1 (runtime/input error)
#   N2 .         cmd   must exit 2 (usage error)
# For N cases stderr must end with one line 'exomir <cmd>: error: ...' and the working directory
# (a fresh temporary directory per case) must hold no file afterwards: no partial outputs.
# In commands, 'exomir' is the binary under test; $DATA = tests/data, $SHARED = ../shared/data,
# ($EXOMIR_SHARED_DATA overrides $SHARED; a case naming $SHARED is skipped when it is missing, or fails if CI=true),
# $CLI = the .tst's folder (tests/cli/<stage>), $ROOT = the checkout. Every case runs in its own empty directory ($PWD). 'testdriver' is the test-only
# binary exomir_testdriver built beside exomir (tests/driver/testdriver.cpp): core stages that have no
# subcommand yet.
set -uo pipefail
EXOMIR=$(readlink -f "$1"); TST=$(readlink -f "$2")
CLI=$(cd "$(dirname "$TST")" && pwd); ROOT=$(cd "$(dirname "$0")/../.." && pwd); DATA=$ROOT/tests/data
SHARED=${EXOMIR_SHARED_DATA:-$(cd "$ROOT/.." && pwd)/shared/data}
[ -d "$SHARED" ] || [ -n "${EXOMIR_SHARED_DATA:-}" ] || SHARED=$(cd "$ROOT/../.." && pwd)/shared/data
export DATA SHARED CLI ROOT
exomir() { "$EXOMIR" "$@"; }
export -f exomir; export EXOMIR
testdriver() { "$(dirname "$EXOMIR")/exomir_testdriver" "$@"; }
export -f testdriver
n_pass=0; n_fail=0; n_skip=0; lineno=0
while IFS= read -r line || [ -n "$line" ]; do
  lineno=$((lineno + 1))
  [[ -z "${line// }" || "$line" =~ ^[[:space:]]*# ]] && continue
  kind=${line%% *}; rest=${line#* }; expected=${rest%% *}; cmd=${rest#* }
  # A case that reads ../shared/data (not in the repository) skips on a fresh clone; with CI=true it fails.
  if [[ $cmd == *'$SHARED'* && ! -d $SHARED ]]; then
    if [ "${CI:-}" = true ]; then
      n_fail=$((n_fail + 1)); echo "FAIL $(basename "$TST"):$lineno: CI=true but $SHARED is missing"; continue
    fi
    n_skip=$((n_skip + 1)); echo "skip $(basename "$TST"):$lineno: needs $SHARED (missing)"; continue
  fi
  work=$(mktemp -d); out="$work.stdout"; err="$work.stderr"
  (cd "$work" && eval "$cmd") >"$out" 2>"$err"; rc=$?
  ok=1; why=""
  case "$kind" in
    P) [ $rc -eq 0 ] || { ok=0; why="exit $rc, expected 0"; }
       if [ $ok = 1 ] && [ "$expected" != "." ] && ! cmp -s "$out" "$CLI/$expected"; then ok=0; why="stdout differs from $expected"; fi ;;
    N|N1|N2)
       want=1; [ "$kind" = N2 ] && want=2
       [ $rc -eq $want ] || { ok=0; why="exit $rc, expected $want"; }
       last=$(tail -n 1 "$err")
       [[ "$last" =~ ^exomir([[:space:]][a-z]+)?:[[:space:]]error:[[:space:]] ]] || { ok=0; why="$why; stderr last line is not 'exomir <cmd>: error: ...': $last"; }
       left=$(find "$work" -mindepth 1 | head -5)
       [ -z "$left" ] || { ok=0; why="$why; files left behind: $left"; } ;;
    *) ok=0; why="unknown kind '$kind'" ;;
  esac
  if [ $ok = 1 ]; then n_pass=$((n_pass + 1)); else
    n_fail=$((n_fail + 1)); echo "FAIL $(basename "$TST"):$lineno: $cmd"; echo "  $why"; sed 's/^/  stderr: /' "$err" | tail -3
  fi
  rm -rf "$work" "$out" "$err"
done < "$TST"
echo "$n_pass passed, $n_fail failed, $n_skip skipped (no shared data)"
[ $n_fail -eq 0 ]
