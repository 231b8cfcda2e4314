#!/usr/bin/env bash
# explore_bench.sh: latency of every `exomir explore` query (load included) on a full-human-scale network result.
#
# usage: bench/explore_bench.sh [OUTDIR]      (run from the repository root after building)
# env:   EXOMIR (build/exomir), NETWORK_EXOMIR (binary that builds the result; default $EXOMIR),
#        DATA (../shared/data), THREADS (2), PERMUTATIONS (200), REPEAT (5), LIMIT_MS (200)
#
# The network result is built once in OUTDIR/full (kept between runs): every miRBase 22 human mature miRNA
# expressed (log-normal reads, fixed seed), targets.tsv from the shared validated MTI union (weight 0.3) and
# TargetScan 7.1 site counts (1 - 0.7^n_sites), curated modules plus both GO BP GMTs, the STRING >= 800 PPI.
# (The same recipe as bench/network_bench.sh of the network branch.) Each query then runs REPEAT times as a
# separate process with --format tsv (load included); best, median and worst wall time are reported and the
# median is held to LIMIT_MS (the worst shows how much other processes on a shared machine add). Permutations
# only affect how long the network takes to build, not explore.
set -euo pipefail
EXOMIR=${EXOMIR:-build/exomir}
NETWORK_EXOMIR=${NETWORK_EXOMIR:-$EXOMIR}
DATA=${DATA:-../shared/data}
THREADS=${THREADS:-2}
PERMUTATIONS=${PERMUTATIONS:-200}
REPEAT=${REPEAT:-5}
LIMIT_MS=${LIMIT_MS:-200}
OUT=${1:-/tmp/exomir_explore_bench}
MODULES=reference/modules.tsv
[ -f "$MODULES" ] || MODULES=tests/data/network_modules.tsv
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

if [ ! -s "$OUT/targets.tsv" ]; then
  { zcat "$DATA/targets/validated_mti_hsa_GroundT_PTC.tsv.gz" | awk -F'\t' 'NR > 1 { print $1 "\t" toupper($2) "\t0.3\tvalidated\t0" }'
    zcat "$DATA/targets/targetscan71_hsa_site_counts_SPONGE_symbol.tsv.gz" |
      awk -F'\t' 'NR > 1 { printf "%s\t%s\t%.4f\ttargetscan\t%d\n", $2, toupper($3), 1 - 0.7 ^ $4, $4 }'
  } | sort -t$'\t' -k1,1 -k2,2 -k3,3gr |
    awk -F'\t' 'BEGIN { OFS = "\t"; print "mirna", "accession", "seed", "gene", "weight", "n_sites", "site_types", "sources", "evidence" }
                $1 "\t" $2 != last { print $1, "NA", "NA", $2, sprintf("%.4f", $3), ($5 > 0 ? $5 : "NA"), "NA", $4, ($4 == "validated" ? "strong" : "predicted"); last = $1 "\t" $2 }' \
    > "$OUT/targets.tsv"
fi

if [ ! -s "$OUT/full/network.run.json" ]; then
  awk 'BEGIN { srand(7) }
       /^>/ { n++; mir[n] = substr($1, 2); acc[n] = $2 }
       END { print "mirna\taccession\tfull"
             for (i = 1; i <= n; i++) { z = 0; for (k = 0; k < 12; k++) z += rand(); printf "%s\t%s\t%.2f\n", mir[i], acc[i], int(200 * exp(1.6 * (z - 6))) + 1 } }' \
    "$DATA/mirbase/mature_hsa.fa" > "$OUT/full.counts.tsv"
  "$NETWORK_EXOMIR" network --counts "$OUT/full.counts.tsv" --targets "$OUT/targets.tsv" --modules "$MODULES" \
    --gmt "$DATA/pathways/GO_Biological_Process_2021.enrichr.gmt.gz" \
    --gmt "$DATA/pathways/msigdb_2023.1_c5_go_bp_le300genes.symbols.gmt.gz" \
    --ppi "$DATA/ppi/string_v12.0_hsa_combined_score_ge800_pathfindR.symbols.tsv.gz" \
    --min-cpm 0 --permutations "$PERMUTATIONS" --threads "$THREADS" --quiet -o "$OUT/full"
fi
NET=$OUT/full
python3 -c "import json; c = json.load(open('$NET/network.run.json')); print('network:', c['cargo']['n_mirnas_expressed'], 'miRNAs,', c['counts']['n_genes'], 'genes,', c['counts']['n_modules'], 'modules,', c['counts']['n_target_edges'], 'target edges,', c['counts']['n_ppi_edges'], 'PPI edges')"
du -sh "$NET" | awk '{ print "result size: " $1 }'

GO_SET=$(awk -F'\t' '$2 ~ /^gmt:GO_Bio/ { print $1; exit }' "$NET/module_scores.tsv")
queries=(
  "targets hsa-miR-223-3p"
  "targets MIR21_5P"
  "regulators NLRP3"
  "regulators COL1A1"
  "module inflammasome_nlrp3_assembly"
  "module gmt:GO_Biological_Process_2021.enrichr.gmt.gz:$GO_SET"
  "path miR-223-3p PYCARD"
  "path miR-223-3p inflammasome_nlrp3_assembly"
  "top modules"
  "top mirnas"
  "top mirnas --module fibrosis_ecm_collagen"
  "top genes"
  "neighbors NLRP3 --depth 2"
  "subgraph inflammasome_nlrp3_assembly -o $OUT/nlrp3.graphml"
  "search nlrp3"
  "search hsa-miR-22e"
)
fail=0
printf '%-64s %7s %9s %8s %8s %7s\n' query best_ms median_ms worst_ms cpu_ms rows
for q in "${queries[@]}"; do
  : > "$OUT/times"
  for _ in $(seq 1 "$REPEAT"); do
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %U %S" -a -o "$OUT/times" "$EXOMIR" explore "$NET" $q --format tsv > "$OUT/answer.tsv" 2> "$OUT/answer.err" ||
      { cat "$OUT/answer.err"; fail=1; }
  done
  stats() { sort -n | awk '{ t[NR] = $1 } END { print t[1], t[int((NR + 1) / 2)], t[NR] }'; }
  read -r best median worst < <(awk '{ print $1 * 1000 }' "$OUT/times" | stats)
  read -r _ cpu _ < <(awk '{ print ($2 + $3) * 1000 }' "$OUT/times" | stats)
  printf '%-64s %7.0f %9.0f %8.0f %8.0f %7d\n' "${q:0:64}" "$best" "$median" "$worst" "$cpu" "$(($(wc -l < "$OUT/answer.tsv") - 1))"
  awk -v m="$median" -v l="$LIMIT_MS" 'BEGIN { exit !(m <= l) }' || { echo "  SLOW: median wall > $LIMIT_MS ms"; fail=1; }
done
uptime | sed 's/^/machine: /'
if [ $fail = 0 ]; then echo "PASS: every query's median wall time <= $LIMIT_MS ms (load included)"; else echo "FAIL"; fi
exit $fail
