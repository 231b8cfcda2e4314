#!/usr/bin/env bash
# test_error_hints.sh EXOMIR: every command's usage errors name the command once and point at its --help.
#   exomir CMD --bogus  -> exit 2, "exomir CMD: error: The following argument was not expected: --bogus
#                          (see 'exomir CMD --help')" (an unknown option is named even when a required one
#                          is also missing)
#   exomir CMD          -> exit 2, "exomir CMD: error: ... (see 'exomir CMD --help')", except for the
#                          commands that need no argument (targets: the shipped curated table to stdout)
#   exomir CMD --help   -> exit 0, usage on stdout naming "exomir CMD"
# The commands are read from `exomir --help`, so a new command is covered without editing this file.
set -uo pipefail
EXOMIR=$(readlink -f "$1")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
commands=$("$EXOMIR" --help | awk '/^commands:/ { on = 1; next } on && NF { print $1 }')
[ -n "$commands" ] || { echo "FAIL: no commands in 'exomir --help'"; exit 1; }
fail=0
check() {  # check NAME EXPECTED_RC STDERR_REGEX ARGS...
  local name=$1 want=$2 regex=$3; shift 3
  "$EXOMIR" "$@" >out 2>err; local rc=$?
  if [ "$rc" != "$want" ] || ! grep -Eq -- "$regex" err || grep -q 'exomir exomir' err; then
    echo "FAIL $name: exomir $* -> exit $rc (want $want), stderr: $(cat err)"; fail=1
  fi
  if [ -n "$(ls -A | grep -v '^out$\|^err$')" ]; then echo "FAIL $name: left files: $(ls -A)"; fail=1; fi
}
for c in $commands; do
  check "$c unknown option" 2 "^exomir $c: error: The following argument was not expected: --bogus \\(see 'exomir $c --help'\\)\$" "$c" --bogus
  [ "$c" = targets ] || check "$c no arguments" 2 "^exomir $c: error: .*\\(see 'exomir $c --help'\\)\$" "$c"
  if ! "$EXOMIR" "$c" --help >out 2>err || ! grep -q "exomir $c" out; then
    echo "FAIL $c --help: exit or usage line"; fail=1
  fi
done
check "unknown command" 2 "^exomir: error: unknown command 'frob'; run 'exomir --help' for the list\$" frob
[ "$fail" = 0 ] && echo "ok: error hints of $(echo $commands | wc -w) commands"
exit "$fail"
