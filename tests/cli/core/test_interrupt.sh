#!/usr/bin/env bash
# test_interrupt.sh EXOMIR: SIGINT and SIGTERM during a long run leave no partial output and exit 130/143.
#
# Two long jobs: the test driver (tests/driver/testdriver.cpp `collapse --open-early`), which opens its
# outputs before reading so a temp file exists when the signal arrives, and `exomir quant` when the binary
# has it, and `exomir network` (1e8 permutations without early stop on the fixture tables: minutes).
# The input is one generated FASTQ given as many lanes (lanes are summed), so the job runs for seconds
# without a large file on disk. long_job runs in a background subshell and exec's the binary, so $! is
# the binary's pid and the signal reaches it.
set -euo pipefail
set -m  # background jobs keep the default SIGINT disposition (without job control bash ignores it)
EXOMIR=$(readlink -f "$1")
DRIVER=$(dirname "$EXOMIR")/exomir_testdriver
DATA=$(cd "$(dirname "$0")/../../data" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

awk 'BEGIN { srand(7); split("ACGT", b, "");
  a = "TGGAATTCTCGGGTGCCAAGGAACTCCAGTCAC";
  for (i = 0; i < 20000; i++) { s = ""; n = 18 + i % 8;
    for (j = 0; j < n; j++) s = s b[1 + int(rand() * 4)];
    r = substr(s a, 1, 50); q = r; gsub(/./, "I", q);
    printf "@r%d\n%s\n+\n%s\n", i, r, q } }' > "$work/big.fq"
# 5000 lanes: 100M reads. quant reads uncompressed FASTQ at ~18M reads/s on 2 cores (20M took 1.1 s), and the job
# must outlive the 1.3 s wait below with a wide margin; it is killed then, so the size costs no time.
lanes=(); for _ in $(seq 5000); do lanes+=("$work/big.fq"); done

# long_job KIND OUT: the job under test. `driver` opens its outputs before reading (a temp file exists at
# the signal, so the handler's unlink is tested); `quant` is the real command (writes only at the end).
long_job() {
  case $1 in
    driver) exec "$DRIVER" collapse --open-early --quiet -t 2 -o "$2" "${lanes[@]}" ;;
    quant) exec "$EXOMIR" quant --sample S --quiet -t 2 --allow-duplicate-lanes --mature "$DATA/bad/mature.fa" \
             --hairpin "$DATA/bad/hairpin.fa" -o "$2" "${lanes[@]}" ;;
    network) exec "$EXOMIR" network --counts "$DATA/network_counts.tsv" --targets "$DATA/network_targets.tsv" \
               --modules "$DATA/network_modules.tsv" --gmt "$DATA/network_extra.gmt" --permutations 100000000 --stop-hits 0 --quiet -t 2 -o "$2" ;;
  esac
}
kinds=(driver)
for cmd in quant network; do
  if "$EXOMIR" $cmd --help >/dev/null 2>&1; then kinds+=($cmd); else echo "no 'exomir $cmd' in this build"; fi
done

fail=0
for kind in "${kinds[@]}"; do
  for sig in INT TERM; do
    want=$([ $sig = INT ] && echo 130 || echo 143)
    out="$work/out_${kind}_$sig"
    long_job $kind "$out" 2>"$work/err_${kind}_$sig" &
    pid=$!
    # Wait until the job is writing (a temp output exists) or, for jobs that write only at the end, 1 s.
    for _ in $(seq 100); do
      compgen -G "$out/*.tmp.*" >/dev/null && break
      sleep 0.01
    done
    sleep 0.3
    if ! kill -0 $pid 2>/dev/null; then
      echo "FAIL $kind SIG$sig: the job finished before the signal; make it longer"; fail=1; continue
    fi
    had_tmp=$(compgen -G "$out/*.tmp.*" >/dev/null && echo yes || echo no)
    if [ "$had_tmp" = no ] && [ $kind = driver ]; then
      echo "FAIL $kind SIG$sig: no temp output yet; the test would not test the handler"; fail=1
    fi
    kill -s $sig $pid
    rc=0; wait $pid 2>/dev/null || rc=$?
    left=$(find "$out" -mindepth 1 2>/dev/null | head -5 || true)  # quant and network create $out only at the end
    if [ $rc -ne $want ]; then echo "FAIL $kind SIG$sig: exit $rc, expected $want"; fail=1; fi
    if [ -n "$left" ]; then echo "FAIL $kind SIG$sig: files left behind: $left"; fail=1; fi
    echo "$kind SIG$sig -> exit $rc, temp output existed at signal time: $had_tmp, left: ${left:-none}"
  done
done
exit $fail
