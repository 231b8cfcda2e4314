#!/usr/bin/env bash
# test_quant_accuracy.sh EXOMIR: quant must keep beating the peers' accuracy on the four simulated kits
# (Spearman > 0.970, truth recovered > 0.976, false positives < 0.13%; bench/quant_accuracy.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../shared_data.sh"
need_shared "$SHARED/simulated"
out=$(SHARED=$(dirname "$SHARED") bash "$here/../../../bench/quant_accuracy.sh" "$1" 2)
echo "$out"
n_pass=$(echo "$out" | awk -F'\t' 'NR > 1 && $7 == "yes"' | wc -l)
n_fail=$(echo "$out" | awk -F'\t' 'NR > 1 && $7 != "yes"' | wc -l)
echo "$n_pass passed, $n_fail failed"
[ "$n_pass" -eq 4 ] && [ "$n_fail" -eq 0 ]
