#!/usr/bin/env bash
# run_fuzz.sh TARGET SECONDS: runs one libFuzzer target for a bounded time; non-zero exit on any
# crash, leak, UB report or timeout (the input is saved in build-fuzz/artifacts/TARGET/).
#
# Build first (make fuzz does both): cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DEXOMIR_FUZZ=ON
# The corpus lives in build-fuzz/corpus/TARGET (kept between runs, not committed) and is seeded from the
# small files under tests/data that match the target's extensions (see seeds_for below).
set -euo pipefail
target=${1:?usage: run_fuzz.sh TARGET SECONDS}; seconds=${2:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${FUZZ_BUILD:-$root/build-fuzz}
bin=$build/$target
[ -x "$bin" ] || { echo "run_fuzz.sh: $bin not built; run 'make fuzz' or build with -DEXOMIR_FUZZ=ON" >&2; exit 2; }

# Seed files per target: add a case when a new target lands.
seeds_for() {
  case $1 in
    fuzz_fastq) echo '*.fq *.fastq *.fq.gz *.fastq.gz *.bam' ;;
    fuzz_fasta) echo '*.fa *.fa.gz *.fasta' ;;
    fuzz_targets_table) echo '*.tsv *.gmt *.txt *.gff3' ;;
    *) echo '*.tsv *.gmt *.txt' ;;
  esac
}
# Targets whose first input byte selects the parser (byte % N): each seed file is copied once per selector.
selectors_for() {
  case $1 in
    fuzz_targets_table) echo 9 ;;
    fuzz_network_tables) echo 6 ;;
    *) echo 0 ;;
  esac
}
corpus=$build/corpus/$target; artifacts=$build/artifacts/$target
mkdir -p "$corpus" "$artifacts"
n_sel=$(selectors_for "$target")
for pat in $(seeds_for "$target"); do
  while IFS= read -r f; do
    if [ "$n_sel" -eq 0 ]; then cp -n "$f" "$corpus/"; continue; fi
    for k in $(seq 0 $((n_sel - 1))); do
      [ -e "$corpus/$k.$(basename "$f")" ] || { printf "\\$(printf '%03o' "$k")"; cat "$f"; } > "$corpus/$k.$(basename "$f")"
    done
  done < <(find "$root/tests/data" -name "$pat" -size -64k)
done
echo "[run_fuzz] $target for ${seconds}s, corpus $corpus ($(find "$corpus" -type f | wc -l) files)"
# -timeout: one input taking > 10 s is a hang; -rss_limit_mb: a leak or blow-up fails the run.
# -malloc_limit_mb is above it on purpose: htslib's bam_hdr_read() mallocs the header length a BAM file
# declares (up to 4 GB) before reading it; a lying header then fails with an Error, and the lazy
# allocation uses no memory. The RSS limit still catches real growth. (oom-39a55fe7, see README.md)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=4200 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" "$corpus" > "$build/$target.log" 2>&1 || {
  tail -n 60 "$build/$target.log"; echo "[run_fuzz] $target: FINDING, input saved under $artifacts" >&2; exit 1; }
grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$build/$target.log" || true
echo "[run_fuzz] $target: no finding in ${seconds}s"
