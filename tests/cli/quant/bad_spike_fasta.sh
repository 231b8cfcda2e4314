#!/usr/bin/env bash
# bad_spike_fasta.sh SPIKES EXPECTED: one bad --spike-ins case of quant.tst (an N line, run by run_tst.sh in the case's
# empty folder, with its `exomir` and $DATA). Runs quant of sample S1 with --spike-ins SPIKES into out/, a folder that
# already holds another sample's table, and checks that
#   - stderr's last line is exactly EXPECTED (the one-line error: file, record, fix),
#   - out/ still holds that table and nothing else: no file of S1, not even a partial one;
# then removes out/, the captured stderr and SPIKES when it is a file of the case's folder (a name without '/'), so
# that run_tst.sh's own checks (exit 1, no file left) apply.
# Exit: quant's exit code, or 99 when a check above fails (stderr says which).
set -uo pipefail
spikes=$1 expected=$2
mkdir out && printf 'mirna\taccession\tS0\n' > out/S0.mirna.tsv
exomir quant --sample S1 --mature "$DATA/mini_mature.fa" --hairpin "$DATA/mini_hairpin.fa" --spike-ins "$spikes" \
  -o out "$DATA/quant_small.fq" 2> err
rc=$?
last=$(tail -n 1 err)
if [ "$last" != "$expected" ]; then
  echo "bad_spike_fasta.sh: stderr's last line is not the expected one: $expected" >&2
  rc=99
fi
left=$(cd out && find . -mindepth 1 ! -path ./S0.mirna.tsv)
if [ -n "$left" ]; then
  echo "bad_spike_fasta.sh: left in the output folder besides S0.mirna.tsv: $left" >&2
  rc=99
fi
cat err >&2
rm -rf out err
[[ $spikes == */* ]] || rm -f -- "$spikes"
exit $rc
