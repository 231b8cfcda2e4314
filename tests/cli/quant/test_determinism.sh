#!/usr/bin/env bash
# test_determinism.sh EXOMIR: byte-identical outputs at --threads 1, 2 and 8 (STYLE.md section 4).
#
# Usage as a ctest: test_determinism.sh EXOMIR runs every wired case below. As a helper:
#   test_determinism.sh EXOMIR -- CMD ARGS...   runs CMD three times with `--threads N -o DIR` appended
#   (N = 1, 2, 8; DIR = a fresh directory) and compares every output file byte for byte, except the
#   provenance files *.run.json (they hold the command line) and a mirGFF3 '## CMD:' header line. 'exomir' in CMD is the binary under test.
# Wiring a stage: add a `check_case NAME CMD...` line below. Stages run only when the binary has them
# (`exomir <cmd> --help` exits 0).
set -euo pipefail
EXOMIR=$(readlink -f "$1"); shift
DRIVER=$(dirname "$EXOMIR")/exomir_testdriver
DATA=$(cd "$(dirname "$0")/../../data" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0

# data_of FILE: the bytes compared. mirGFF3 headers carry the command line ('## CMD:', which holds
# --threads and -o), so that one line is left out; everything else is compared as is.
data_of() {
  case $1 in
    *.gff3) grep -v '^## CMD:' "$1" || true ;;
    *) cat "$1" ;;
  esac
}

# check_case NAME CMD...: runs CMD at 1, 2 and 8 threads and compares the three output directories.
check_case() {
  local name=$1; shift
  local -a cmd=("$@")
  [ "${cmd[0]}" = exomir ] && cmd[0]=$EXOMIR
  for t in 1 2 8; do
    mkdir -p "$work/$name"
    if ! "${cmd[@]}" --threads $t -o "$work/$name/t$t" >"$work/$name/stdout$t" 2>"$work/$name/stderr$t"; then
      echo "FAIL $name: --threads $t failed:"; tail -3 "$work/$name/stderr$t"; fail=1; return
    fi
  done
  local n=0
  while IFS= read -r f; do
    n=$((n + 1))
    for t in 2 8; do
      cmp -s <(data_of "$work/$name/t1/$f") <(data_of "$work/$name/t$t/$f") ||
        { echo "FAIL $name: $f differs at --threads 1 and $t"; fail=1; }
    done
  done < <(cd "$work/$name/t1" && find . -type f ! -name '*.run.json' | sort)
  for t in 2 8; do
    diff <(cd "$work/$name/t1" && find . -type f | sort) <(cd "$work/$name/t$t" && find . -type f | sort) >/dev/null ||
      { echo "FAIL $name: --threads $t wrote a different set of files"; fail=1; }
  done
  [ $n -gt 0 ] || { echo "FAIL $name: no output files"; fail=1; }
  echo "$name: $n output files compared at --threads 1, 2, 8"
}

if [ "${1:-}" = "--" ]; then
  shift; check_case custom "$@"; exit $fail
fi

# Reads spread over many chunks, so the parallel filter really runs batches out of order.
awk 'BEGIN { srand(11); split("ACGT", b, ""); a = "TGGAATTCTCGGGTGCCAAGGAACTCCAGTCAC";
  for (i = 0; i < 40000; i++) { s = ""; n = 14 + i % 12;
    for (j = 0; j < n; j++) s = s b[1 + int(rand() * (i % 3 ? 4 : 2))];
    r = substr(s a, 1, 50); q = r; gsub(/./, "I", q); printf "@r%d\n%s\n+\n%s\n", i, r, q } }' > "$work/reads.fq"
check_case collapse "$DRIVER" collapse "$work/reads.fq" "$work/reads.fq" "$DATA/bad/valid.fq"
check_case collapse_auto "$DRIVER" collapse --kit auto "$work/reads.fq"
has() { "$EXOMIR" "$1" --help >/dev/null 2>&1; }
if has quant; then
  check_case quant exomir quant --sample S --quiet "$work/reads.fq" "$DATA/bad/valid.fq"
  check_case quant_auto exomir quant --sample S --quiet --kit auto "$work/reads.fq"
else
  echo "quant: not in this build, skipped"
fi
# network: module scores with the permutation null (early stop on and off), PPI propagation, a sample group.
net=(--counts "$DATA/network_counts.tsv" --targets "$DATA/network_targets.tsv" --modules "$DATA/network_modules.tsv")
if has network; then
  check_case network exomir network "${net[@]}" --gmt "$DATA/network_extra.gmt" --permutations 3000 --strata 2 --quiet
  check_case network_no_stop exomir network "${net[@]}" --permutations 1000 --stop-hits 0 --quiet
  check_case network_propagate exomir network "${net[@]}" --ppi "$DATA/network_ppi.tsv" --propagate --sample S1 \
    --permutations 500 --strata 2 --quiet
  check_case network_group exomir network "${net[@]}" --group condition=hypoxia --samplesheet "$DATA/network_samples.tsv" \
    --min-cpm 100 --permutations 500 --quiet
else
  echo "network: not in this build, skipped"
fi
# rank on one network result: cocktails of the cargo, and --pool all with a bootstrapped group comparison.
if has rank && has network; then
  "$EXOMIR" network "${net[@]}" --permutations 200 --quiet -t 1 -o "$work/net_for_rank"
  check_case rank exomir rank "$work/net_for_rank" --k 3 --quiet
  check_case rank_groups exomir rank "$work/net_for_rank" --pool all --targets "$DATA/network_targets.tsv" \
    --counts "$DATA/network_counts.tsv" --samplesheet "$DATA/network_samples.tsv" --group-by source --bootstrap 1000 --quiet
else
  echo "rank: not in this build, skipped"
fi
exit $fail
