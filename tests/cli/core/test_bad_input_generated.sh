#!/usr/bin/env bash
# test_bad_input_generated.sh EXOMIR: the bad-input cases whose inputs are binary or large, generated here
# instead of committed: truncated gzip, binary garbage, a 10 kb read, a truncated gzip reference.
# Reads go through `exomir quant` when the binary has it, else through the test driver's `collapse`.
# N cases: exit 1, last stderr line 'exomir <cmd>: error: FILE...', and the case directory left empty.
set -uo pipefail
EXOMIR=$(readlink -f "$1")
DRIVER=$(dirname "$EXOMIR")/exomir_testdriver
DATA=$(cd "$(dirname "$0")/../../data" && pwd)
gen=$(mktemp -d); trap 'rm -rf "$gen"' EXIT
ref=(--mature "$DATA/bad/mature.fa" --hairpin "$DATA/bad/hairpin.fa")
if "$EXOMIR" quant --help >/dev/null 2>&1; then
  reads_cmd() { "$EXOMIR" quant --sample S "${ref[@]}" -o out "$@"; }
else
  reads_cmd() { "$DRIVER" collapse -o out "$@"; }
fi
ref_cmd() { "$DRIVER" reference -o out "$@"; }

# Inputs.
gzip -c "$DATA/bad/valid.fq" > "$gen/valid.fq.gz"
for i in $(seq 200); do cat "$DATA/bad/valid.fq"; done | gzip -c > "$gen/many.fq.gz"
head -c $(( $(wc -c < "$gen/many.fq.gz") / 2 )) "$gen/many.fq.gz" > "$gen/truncated.fq.gz"
head -c 30 "$gen/valid.fq.gz" > "$gen/truncated_header.fq.gz"
awk 'BEGIN { for (i = 0; i < 4096; i++) printf "%c", (i * 131 + 7) % 256 }' > "$gen/garbage.bin"
{ printf '@'; cat "$gen/garbage.bin"; } > "$gen/garbage_at.fq"
{ cat "$gen/valid.fq.gz"; cat "$gen/garbage.bin"; } > "$gen/gz_then_garbage.fq.gz"
awk 'BEGIN { s = ""; for (i = 0; i < 10240; i++) s = s substr("ACGT", i % 4 + 1, 1); q = s; gsub(/./, "I", q);
  printf "@long\n%s\n+\n%s\n", s, q }' > "$gen/read_10kb.fq"
cat "$DATA/bad/valid.fq" "$gen/read_10kb.fq" > "$gen/with_10kb.fq"
for i in $(seq 100); do cat "$DATA/bad/mature.fa"; done | awk '/^>/ { $1 = $1 "_" NR } 1' |
  gzip -c > "$gen/big_mature.fa.gz"
head -c $(( $(wc -c < "$gen/big_mature.fa.gz") / 2 )) "$gen/big_mature.fa.gz" > "$gen/truncated_mature.fa.gz"

n_pass=0; n_fail=0
# run KIND NAME CMD...: KIND is P (exit 0) or N (exit 1, one-line error, nothing left).
run() {
  local kind=$1 name=$2; shift 2
  local work; work=$(mktemp -d)
  (cd "$work" && "$@") >"$work.out" 2>"$work.err"; local rc=$? why=""
  if [ "$kind" = P ]; then
    [ $rc -eq 0 ] || why="exit $rc, expected 0"
  else
    [ $rc -eq 1 ] || why="exit $rc, expected 1"
    local last; last=$(tail -n 1 "$work.err")
    [[ "$last" =~ ^exomir\ [a-z]+:\ error:\ /.+ ]] || why="$why; last stderr line: $last"
    [ -z "$(find "$work" -mindepth 1 | head -1)" ] || why="$why; files left: $(find "$work" -mindepth 1 | head -3)"
  fi
  if [ -z "$why" ]; then n_pass=$((n_pass + 1)); else
    n_fail=$((n_fail + 1)); echo "FAIL $name: $why"; tail -n 2 "$work.err" | sed 's/^/  stderr: /'; fi
  rm -rf "$work" "$work.out" "$work.err"
}

run P gzip_ok reads_cmd "$gen/valid.fq.gz"
run P read_10kb reads_cmd "$gen/with_10kb.fq"
run P only_10kb reads_cmd "$gen/read_10kb.fq"
run N truncated_gzip reads_cmd "$gen/truncated.fq.gz"
run N truncated_gzip_header reads_cmd "$gen/truncated_header.fq.gz"
run N binary_garbage reads_cmd "$gen/garbage.bin"
run N binary_after_at reads_cmd "$gen/garbage_at.fq"
run N gzip_then_garbage reads_cmd "$gen/gz_then_garbage.fq.gz"
run N lane2_truncated reads_cmd "$gen/valid.fq.gz" "$gen/truncated.fq.gz"
run P big_mature_gz ref_cmd --mature "$gen/big_mature.fa.gz" --hairpin "$DATA/bad/hairpin.fa"
run N truncated_mature_gz ref_cmd --mature "$gen/truncated_mature.fa.gz" --hairpin "$DATA/bad/hairpin.fa"
run N garbage_reference ref_cmd --mature "$gen/garbage.bin" --hairpin "$DATA/bad/hairpin.fa"
echo "$n_pass passed, $n_fail failed"
[ $n_fail -eq 0 ]
