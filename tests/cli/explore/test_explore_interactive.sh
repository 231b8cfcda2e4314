#!/usr/bin/env bash
# test_explore_interactive.sh EXOMIR: the interactive prompt of `exomir explore` driven through a pseudo-terminal
# (tmux new-session / send-keys / capture-pane): tab completion of node names, answers, errors that keep the
# prompt open, history recall (Up arrow) and the saved history file. Skips (exit 0) only if tmux is missing.
set -uo pipefail
EXOMIR=$(readlink -f "$1")
DATA=$(cd "$(dirname "$0")/../../data" && pwd)
command -v tmux > /dev/null || { echo "skip: tmux is not installed (apt-get install tmux)"; exit 0; }
WORK=$(mktemp -d)
SOCK=exomir_explore_test_$$
cleanup() { tmux -L "$SOCK" kill-server 2> /dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
fail=0
NET=$WORK/net
"$EXOMIR" network --counts "$DATA/network_counts.tsv" --targets "$DATA/network_targets.tsv" \
  --modules "$DATA/network_modules.tsv" --ppi "$DATA/network_ppi.tsv" --permutations 100 --threads 1 --quiet \
  -o "$NET" || { echo "FAIL network fixture"; exit 1; }

screen() { tmux -L "$SOCK" capture-pane -p -t explore -S -200; }
keys() { tmux -L "$SOCK" send-keys -t explore "$@"; }
wait_for() {  # wait_for PATTERN: up to 10 s for the pane to show it
  for _ in $(seq 1 100); do screen | grep -c -- "$1" >/dev/null && return 0; sleep 0.1; done
  echo "--- pane ---"; screen; return 1
}
check() { if "${@:2}"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }

tmux -L "$SOCK" new-session -d -s explore -x 160 -y 60 \
  "TERM=xterm '$EXOMIR' explore '$NET' --history '$WORK/history'; echo EXIT_STATUS=\$?; sleep 60"
check "prompt appears" wait_for "^exomir>"
check "banner counts the nodes" wait_for "11 miRNAs"

keys "regulators NLR" Tab
check "Tab completes a gene name (NLR -> NLRP3)" wait_for "exomir> regulators NLRP3"
keys Enter
check "the answer is printed" wait_for "regulators of NLRP3: load"
check "the regulator is listed" wait_for "NLRP3 hsa-miR-223-3p 0.21235675"

keys "targets miR-29" Enter
check "an ambiguous name lists candidates, prompt stays" wait_for "is ambiguous.*hsa-miR-29a-3p"
keys "tar" Tab
check "Tab completes a query verb" wait_for "exomir> targets"
keys "MIR223_3P --top 2" Enter  # completion appended the space
check "forgiving names at the prompt" wait_for "targets of hsa-miR-223-3p"
check "--top at the prompt" wait_for "showing 2 of 3 rows"

keys Up
check "Up recalls the last query" wait_for "exomir> targets MIR223_3P --top 2$"
keys C-u "quit" Enter
check "quit ends with exit status 0" wait_for "EXIT_STATUS=0"
check "history file saved" grep -q "regulators.*NLRP3" "$WORK/history"  # libedit writes spaces as \\040
exit $fail
