#!/usr/bin/env bash
# network_bench.sh: known biology (hand-built cargos) and full-human-scale speed of `exomir network`.
#
# usage: bench/network_bench.sh [OUTDIR]      (run from the repository root after building)
# env:   EXOMIR (build/exomir), DATA (../shared/data), THREADS (2), PERMUTATIONS (10000), N_RANDOM (20),
#        VALIDATED_WEIGHT (0.1 = exomir targets' --weight-validated default: a pair known only from the
#        shared validated union, support class unknown)
#
# Inputs (weights: exomir targets' WeightModel, docs/targets.md):
#  - targets.tsv from the shared validated MTI union (GroundT, mixed evidence: weak), TargetScan 7.1 site counts
#    and the curated reporter-assay interactions (reference/interactions.tsv, effect down; else a fixture);
#  - modules: reference/modules.tsv if present, else tests/data/network_modules.tsv (fixture);
#  - cargos: every miRBase 22 human mature miRNA with log-normal background reads (awk, fixed seeds),
#    plus the miRNA(s) that dominate the cargo.
set -euo pipefail
EXOMIR=${EXOMIR:-build/exomir}
DATA=${DATA:-../shared/data}
THREADS=${THREADS:-2}
PERMUTATIONS=${PERMUTATIONS:-10000}
N_RANDOM=${N_RANDOM:-20}
VALIDATED_WEIGHT=${VALIDATED_WEIGHT:-0.1}
OUT=${1:-/tmp/exomir_network_bench}
MODULES=reference/modules.tsv
[ -f "$MODULES" ] || MODULES=tests/data/network_modules.tsv
INTERACTIONS=reference/interactions.tsv
[ -f "$INTERACTIONS" ] || INTERACTIONS=tests/data/network_interactions.tsv
mkdir -p "$OUT"
fail=0

# --- targets.tsv (docs/formats.md) from the shared tables, by `exomir targets` ------------------------------
# TargetScan 7.1 site counts + the validated union (support class unknown: --weight-validated) + the curated
# interactions (strong).
TS71=$DATA/targets/targetscan71_hsa_site_counts_SPONGE_symbol.tsv.gz
GROUNDT=$DATA/targets/validated_mti_hsa_GroundT_PTC.tsv.gz
TARGETS_BY="exomir targets"
stamp="$TARGETS_BY $VALIDATED_WEIGHT $INTERACTIONS"
if [ ! -s "$OUT/targets.tsv" ] || [ "$(cat "$OUT/targets.stamp" 2>/dev/null)" != "$stamp" ]; then
  "$EXOMIR" targets --quiet --mirbase-diff "$DATA/mirbase/diff" --targetscan "$TS71" --validated "$GROUNDT" \
    --curated "$INTERACTIONS" --weight-validated "$VALIDATED_WEIGHT" -o "$OUT/targets.tsv"
  echo "$stamp" > "$OUT/targets.stamp"
fi
echo "targets.tsv ($TARGETS_BY): $(($(wc -l < "$OUT/targets.tsv") - 1)) rows; modules: $MODULES; interactions: $INTERACTIONS"

# make_cargo NAME SEED SPEC: counts.tsv with one sample NAME; SPEC = "mirna=fraction,..." of all reads, or
# "rank:MIRNA" = give MIRNA the reads of a random rank 1..20 of the background.
make_cargo() {
  awk -v name="$1" -v seed="$2" -v spec="$3" '
    /^>/ { n++; mir[n] = substr($1, 2); acc[n] = $2 }
    END {
      srand(seed); total = 0
      for (i = 1; i <= n; i++) { z = 0; for (k = 0; k < 12; k++) z += rand(); r[i] = int(200 * exp(1.6 * (z - 6))) + 1; total += r[i] }
      if (spec ~ /^rank:/) {
        target = substr(spec, 6); k = 1 + int(rand() * 20)
        for (i = 1; i <= n; i++) used[i] = 0
        for (j = 1; j <= k; j++) { best = 0; for (i = 1; i <= n; i++) if (!used[i] && (best == 0 || r[i] > r[best])) best = i; used[best] = 1 }
        for (i = 1; i <= n; i++) if (mir[i] == target) r[i] = r[best] + 1
      } else if (spec != "") {
        m = split(spec, parts, ","); f = 0
        for (j = 1; j <= m; j++) { split(parts[j], kv, "="); want[kv[1]] = kv[2]; f += kv[2] }
        for (i = 1; i <= n; i++) if (mir[i] in want) total -= r[i]
        for (i = 1; i <= n; i++) if (mir[i] in want) r[i] = int(want[mir[i]] * total / (1 - f))
      }
      print "mirna\taccession\t" name
      for (i = 1; i <= n; i++) printf "%s\t%s\t%.2f\n", mir[i], acc[i], r[i]
    }' "$DATA/mirbase/mature_hsa.fa" > "$OUT/$1.counts.tsv"
}

run_network() {  # NAME PERMUTATIONS [extra args]
  local name=$1 permutations=$2; shift 2
  "$EXOMIR" network --counts "$OUT/$name.counts.tsv" --targets "$OUT/targets.tsv" --modules "$MODULES" \
    --permutations "$permutations" --seed 1 --threads "$THREADS" --quiet -o "$OUT/$name" "$@"
}

module_row() { awk -F'\t' -v m="$2" '$1 == m { print }' "$OUT/$1/module_scores.tsv"; }

check_module() {  # NAME MODULE: positive signed score and fdr_cargo < 0.05 (columns 5 and 9)
  local row; row=$(module_row "$1" "$2")
  echo "$1 $2: signed_score=$(cut -f5 <<<"$row") z=$(cut -f7 <<<"$row") p_cargo=$(cut -f8 <<<"$row") fdr_cargo=$(cut -f9 <<<"$row") hypergeom_fdr=$(cut -f11 <<<"$row")"
  if awk -F'\t' '{ exit !($5 > 0 && $9 < 0.05) }' <<<"$row"; then echo "  PASS"; else echo "  FAIL"; fail=1; fi
}

echo "== known biology =="
make_cargo mir223 11 "hsa-miR-223-3p=0.30"
run_network mir223 "$PERMUTATIONS"
check_module mir223 inflammasome_nlrp3_assembly
make_cargo mir29 12 "hsa-miR-29a-3p=0.15,hsa-miR-29b-3p=0.10,hsa-miR-29c-3p=0.05"
run_network mir29 "$PERMUTATIONS"
check_module mir29 fibrosis_ecm_collagen

echo "== miR-223-3p among the 20 most abundant: rank among NLRP3-module contributors ($N_RANDOM cargos) =="
n_ok=0
for s in $(seq 1 "$N_RANDOM"); do
  make_cargo rnd$s $((100 + s)) "rank:hsa-miR-223-3p"
  run_network rnd$s 100
  abundance_rank=$(awk -F'\t' 'NR > 1 { print $2 "\t" $1 }' "$OUT/rnd$s/mirna_abundance.tsv" | sort -gr | awk '$2 == "hsa-miR-223-3p" { print NR }')
  read -r rank n_contrib < <(awk -F'\t' '$1 == "inflammasome_nlrp3_assembly" && $6 > 0 { n++; if ($4 == "hsa-miR-223-3p") r = $3 } END { print r + 0, n + 0 }' "$OUT/rnd$s/mirna_module.tsv")
  n_expr=$(($(wc -l < "$OUT/rnd$s/mirna_abundance.tsv") - 1))
  ok=$(awk -v r="$rank" -v n="$n_contrib" 'BEGIN { print (r >= 1 && r <= (n * 0.05 < 1 ? 1 : n * 0.05)) ? "yes" : "no" }')
  echo "cargo $s: miR-223-3p abundance rank $abundance_rank; contributor rank $rank of $n_contrib positive contributors ($n_expr expressed); top 5%: $ok"
  [ "$ok" = yes ] && n_ok=$((n_ok + 1))
  rm -rf "$OUT/rnd$s" "$OUT/rnd$s.counts.tsv"
done
echo "miR-223-3p in the top 5% of NLRP3 contributors: $n_ok / $N_RANDOM cargos"
[ "$n_ok" -eq "$N_RANDOM" ] || fail=1

echo "== speed: all miRBase 22 human miRNAs expressed, curated modules + all GO BP sets, $PERMUTATIONS permutations, $THREADS threads =="
make_cargo full 7 ""
GO1=$DATA/pathways/GO_Biological_Process_2021.enrichr.gmt.gz
GO2=$DATA/pathways/msigdb_2023.1_c5_go_bp_le300genes.symbols.gmt.gz
/usr/bin/time -f "wall %e s, user %U s, sys %S s, max RSS %M KB" -o "$OUT/full.time" \
  "$EXOMIR" network --counts "$OUT/full.counts.tsv" --targets "$OUT/targets.tsv" --modules "$MODULES" \
    --gmt "$GO1" --gmt "$GO2" --min-cpm 0 --permutations "$PERMUTATIONS" --threads "$THREADS" -o "$OUT/full"
cat "$OUT/full.time"
python3 -c "import json; c = json.load(open('$OUT/full/network.run.json')); print('expressed', c['cargo']['n_mirnas_expressed'], 'modules', c['counts']['n_modules'], 'target edges', c['counts']['n_target_edges'])"
wall=$(awk '{ print $2 }' "$OUT/full.time")
if awk -v w="$wall" 'BEGIN { exit !(w <= 30) }'; then echo "speed PASS (<= 30 s)"; else echo "speed FAIL (> 30 s)"; fail=1; fi
exit $fail
