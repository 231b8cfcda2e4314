#!/usr/bin/env bash
# rank_bench.sh: speed of `exomir rank` on a full-human-scale network result (k = 10 over --pool all), and the
# k = 2 NLRP3 + collagen cocktail of a cargo rich in miR-223-3p and miR-29a-3p, on real target tables.
#
# usage: bench/rank_bench.sh [OUTDIR]      (run from the repository root after building)
# env:   EXOMIR (build/exomir), DATA (../shared/data), THREADS (2), REPEATS (3)
#
# Inputs (as bench/network_bench.sh of the network branch builds them):
#  - targets.tsv: shared validated MTI union (GroundT) and the curated reference/interactions.tsv (weight 0.4 =
#    `exomir targets --weight-strong`), and
#    TargetScan 7.1 site counts (weight 1 - 0.8944^n_sites, one 7mer-m8 per site), max per (miRNA, gene);
#  - modules: reference/modules.tsv (curated) + the MSigDB GO BP sets (unsigned, as a full-size network has);
#  - cargo: all miRBase 22 human mature miRNAs, log-normal reads (fixed seed), with miR-223-3p 20% and
#    miR-29a-3p 15% of the reads; 4 samples in 2 groups for the group comparison.
set -euo pipefail
EXOMIR=${EXOMIR:-build/exomir}
DATA=${DATA:-../shared/data}
THREADS=${THREADS:-2}
REPEATS=${REPEATS:-3}
OUT=${1:-/tmp/exomir_rank_bench}
mkdir -p "$OUT"
fail=0

if [ ! -s "$OUT/targets.tsv" ]; then
  { zcat "$DATA/targets/validated_mti_hsa_GroundT_PTC.tsv.gz" | awk -F'\t' 'NR > 1 { print $1 "\t" toupper($2) "\t0.4" }'
    awk -F'\t' 'NR > 1 { print $1 "\t" toupper($2) "\t0.4" }' reference/interactions.tsv
    zcat "$DATA/targets/targetscan71_hsa_site_counts_SPONGE_symbol.tsv.gz" |
      awk -F'\t' 'NR > 1 { printf "%s\t%s\t%.4f\n", $2, toupper($3), 1 - 0.8944 ^ $4 }'
  } | sort -t$'\t' -k1,1 -k2,2 -k3,3gr |
    awk -F'\t' 'BEGIN { OFS = "\t"; print "mirna", "gene", "weight" } $1 "\t" $2 != last { print $1, $2, $3; last = $1 "\t" $2 }' \
    > "$OUT/targets.tsv"
fi
echo "targets.tsv: $(($(wc -l < "$OUT/targets.tsv") - 1)) rows"

# counts.tsv: 4 samples (bm1 bm2 uc1 uc2), every human mature miRNA, log-normal background.
awk -v seed=17 '
  /^>/ { n++; mir[n] = substr($1, 2); acc[n] = $2 }
  END {
    srand(seed)
    print "mirna\taccession\tbm1\tbm2\tuc1\tuc2"
    for (i = 1; i <= n; i++) {
      line = mir[i] "\t" acc[i]
      for (s = 1; s <= 4; s++) {
        z = 0; for (k = 0; k < 12; k++) z += rand(); r = int(200 * exp(1.6 * (z - 6))) + 1
        if (mir[i] == "hsa-miR-223-3p") r = (s <= 2 ? 300000 : 150000)
        if (mir[i] == "hsa-miR-29a-3p") r = 200000
        line = line sprintf("\t%.2f", r)
      }
      print line
    }
  }' "$DATA/mirbase/mature_hsa.fa" > "$OUT/counts.tsv"
printf 'sample\tsource\nbm1\tbone_marrow\nbm2\tbone_marrow\nuc1\tumbilical_cord\nuc2\tumbilical_cord\n' > "$OUT/samples.tsv"

if [ ! -s "$OUT/net/bundle.mirnas.tsv" ]; then
  "$EXOMIR" network --counts "$OUT/counts.tsv" --targets "$OUT/targets.tsv" --modules reference/modules.tsv \
    --gmt "$DATA/pathways/msigdb_2023.1_c5_go_bp_le300genes.symbols.gmt.gz" --min-cpm 0 --permutations 200 \
    --threads "$THREADS" --quiet -o "$OUT/net"
fi
python3 -c "import json; c = json.load(open('$OUT/net/network.run.json')); print('network: expressed', c['cargo']['n_mirnas_expressed'], 'modules', c['counts']['n_modules'], 'target edges', c['counts']['n_target_edges'])"

echo "== speed: rank --k 10 --pool all --targets (every miRNA of targets.tsv), $THREADS threads, best of $REPEATS =="
best=999
for r in $(seq 1 "$REPEATS"); do
  /usr/bin/time -f "%e %M" -o "$OUT/rank.time" "$EXOMIR" rank "$OUT/net" --k 10 --pool all --targets "$OUT/targets.tsv" \
    --counts "$OUT/counts.tsv" --samplesheet "$OUT/samples.tsv" --group-by source --threads "$THREADS" --quiet -o "$OUT/rank"
  read -r wall rss < "$OUT/rank.time"
  echo "run $r: wall $wall s, max RSS $rss KB"
  best=$(awk -v a="$best" -v b="$wall" 'BEGIN { print (b < a ? b : a) }')
done
/usr/bin/time -f "%e" -o "$OUT/rank_bundle.time" "$EXOMIR" rank "$OUT/net" --k 10 --pool all --threads "$THREADS" \
  --quiet -o "$OUT/rank_bundle"
echo "without --targets (pool = the bundle's miRNAs, all of miRBase here): wall $(cat "$OUT/rank_bundle.time") s"
python3 -c "import json; c = json.load(open('$OUT/rank/payload_cocktails.tsv.run.json')); print('candidates', c['counts']['n_candidates'], 'drivers', c['counts']['n_drivers'], 'steps', c['counts']['n_steps'])"
cut -f1-7,11,13 "$OUT/rank/payload_cocktails.tsv"
if awk -v w="$best" 'BEGIN { exit !(w <= 5) }'; then echo "speed PASS ($best s <= 5 s)"; else echo "speed FAIL ($best s > 5 s)"; fail=1; fi

echo "== k = 2 over NLRP3 assembly + ECM/collagen, cargo pool (miR-223-3p 20%, miR-29a-3p 15%) =="
"$EXOMIR" rank "$OUT/net" --k 2 --modules inflammasome_nlrp3_assembly,fibrosis_ecm_collagen --threads "$THREADS" \
  --quiet -o "$OUT/rank_k2"
cut -f1-8,13 "$OUT/rank_k2/payload_cocktails.tsv"
for m in hsa-miR-223-3p hsa-miR-29a-3p; do
  awk -F'\t' -v m="$m" '$2 == m { printf "%s alone: driver_load %s, protective_load %s, drivers %s\n", m, $4, $5, $9 }' \
    "$OUT/rank_k2/payload_mirnas.tsv"
done
echo "top contributors:"
for mod in inflammasome_nlrp3_assembly fibrosis_ecm_collagen; do
  awk -F'\t' -v m="$mod" '$1 == m && $4 <= 3 { printf "  %s #%s %s share %s cumulative %s\n", m, $4, $5, $11, $12 }' \
    "$OUT/rank_k2/payload_contributions.tsv"
done
exit $fail
