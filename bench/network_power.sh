#!/usr/bin/env bash
# network_power.sh: power and calibration of both module nulls on realistic MSC-EV cargos (issue #19).
#
# usage: bench/network_power.sh [OUTDIR]      (run from the repository root after building)
# env:   EXOMIR (build/exomir), DATA (../shared/data), THREADS (2), PERMUTATIONS (10000, both nulls),
#        N_CALIB (20 shuffled cargos), N_RANDOM_MODULES (100), CALIB_PERMUTATIONS (2000), VALIDATED_WEIGHT (0.1),
#        POWER (1; 0 = calibration only), NETWORK_ARGS (extra `exomir network` options, e.g. "--strata-by weight"),
#        CASES (power cases to run: "223 29 146")
#
# Backgrounds: the shared simulator's MSC-exosome profiles, i.e. the expected_fraction of the simulated
# libraries' truth tables (../shared/data/simulated/sim_{truseq,qiaseq,nebnext}_200k.truth.tsv, simulator seeds
# 101, 102, 104; ~700-780 expressed miRNAs, miR-143-3p/21-5p/10b-5p/22-3p carry ~45% of the reads), each with
# multiplicative log-normal noise (sd 0.3, awk seed = the bench seed). The dominant miRNA(s) then get the stated
# fraction of all miRNA reads; the rest is scaled down. Targets: bench/network_bench.sh's targets.tsv (TargetScan
# 7.1 site counts + the shared validated union at VALIDATED_WEIGHT + the curated interactions). Modules: the
# curated reference/modules.tsv. Cargos are written as counts (CPM); `exomir network` keeps miRNAs >= 10 CPM.
set -euo pipefail
EXOMIR=${EXOMIR:-build/exomir}
DATA=${DATA:-../shared/data}
THREADS=${THREADS:-2}
PERMUTATIONS=${PERMUTATIONS:-10000}
N_CALIB=${N_CALIB:-20}
N_RANDOM_MODULES=${N_RANDOM_MODULES:-100}
CALIB_PERMUTATIONS=${CALIB_PERMUTATIONS:-2000}
VALIDATED_WEIGHT=${VALIDATED_WEIGHT:-0.1}
POWER=${POWER:-1}
NETWORK_ARGS=${NETWORK_ARGS:-}
CASES=${CASES:-223 29 146}
OUT=${1:-/tmp/exomir_network_power}
MODULES=reference/modules.tsv
INTERACTIONS=reference/interactions.tsv
mkdir -p "$OUT"
fail=0

stamp="exomir targets $VALIDATED_WEIGHT $INTERACTIONS"
if [ ! -s "$OUT/targets.tsv" ] || [ "$(cat "$OUT/targets.stamp" 2>/dev/null)" != "$stamp" ]; then
  "$EXOMIR" targets --quiet --mirbase-diff "$DATA/mirbase/diff" \
    --targetscan "$DATA/targets/targetscan71_hsa_site_counts_SPONGE_symbol.tsv.gz" \
    --validated "$DATA/targets/validated_mti_hsa_GroundT_PTC.tsv.gz" --curated "$INTERACTIONS" \
    --weight-validated "$VALIDATED_WEIGHT" -o "$OUT/targets.tsv"
  echo "$stamp" > "$OUT/targets.stamp"
fi

# make_cargo NAME SEED SPEC [shuffle]: counts.tsv (CPM) from profile SEED's truth table with noise; SPEC =
# "mirna=fraction,..." of all reads (or ""); "shuffle" permutes the abundances among the expressed miRNAs.
LIBS=(truseq qiaseq nebnext)
make_cargo() {
  local lib=${LIBS[$(( ($2 - 1) % 3 ))]}
  awk -F'\t' -v name="$1" -v seed="$2" -v spec="$3" -v shuffle="${4:-}" '
    NR == 1 { next }
    { accession[$1] = $2 }
    $12 > 0 { n++; mir[n] = $1; acc[n] = $2; f[n] = $12 }
    END {
      srand(seed); total = 0
      for (i = 1; i <= n; i++) {
        u1 = rand(); u2 = rand(); if (u1 < 1e-12) u1 = 1e-12
        r[i] = f[i] * exp(0.3 * sqrt(-2 * log(u1)) * cos(6.283185307 * u2)); total += r[i]
      }
      if (shuffle != "") for (i = n; i > 1; i--) { j = 1 + int(rand() * i); t = r[i]; r[i] = r[j]; r[j] = t }
      m = split(spec, parts, ","); want_sum = 0
      for (j = 1; j <= m; j++) { split(parts[j], kv, "="); want[kv[1]] = kv[2]; want_sum += kv[2] }
      for (i = 1; i <= n; i++) if (mir[i] in want) { total -= r[i]; r[i] = 0; seen[mir[i]] = 1 }
      for (k in want) if (!(k in seen)) { n++; mir[n] = k; acc[n] = accession[k]; r[n] = 0 }
      print "mirna\taccession\t" name
      for (i = 1; i <= n; i++) {
        x = (mir[i] in want) ? want[mir[i]] : r[i] / total * (1 - want_sum)
        printf "%s\t%s\t%.3f\n", mir[i], acc[i], 1e6 * x
      }
    }' "$DATA/simulated/sim_${lib}_200k.truth.tsv" > "$OUT/$1.counts.tsv"
}

run_network() {  # NAME PERMUTATIONS [extra args]
  local name=$1 permutations=$2; shift 2
  "$EXOMIR" network --counts "$OUT/$name.counts.tsv" --targets "$OUT/targets.tsv" --modules "$MODULES" --no-go \
    --permutations "$permutations" --geneset-permutations "$permutations" --seed 1 --threads "$THREADS" --quiet \
    -o "$OUT/$name" $NETWORK_ARGS "$@"
}

echo "== power: realistic MSC-EV backgrounds, 3 seeds, curated modules, $PERMUTATIONS draws per null =="
echo "| cargo | module | seed | expressed | signed_score | z | p_cargo | fdr_cargo | p_geneset | fdr_geneset | call (both) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
power() {  # LABEL SPEC MODULE
  local label=$1 spec=$2 module=$3 n_called=0
  for seed in 1 2 3; do
    make_cargo "$label.s$seed" "$seed" "$spec"
    run_network "$label.s$seed" "$PERMUTATIONS"
    local n_expr; n_expr=$(($(wc -l < "$OUT/$label.s$seed/mirna_abundance.tsv") - 1))
    awk -F'\t' -v m="$module" -v l="$label" -v s="$seed" -v n="$n_expr" '
      NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
      $1 == m { printf "| %s | %s | %s | %s | %.4g | %s | %.3g | %.3g | %.3g | %.3g | %s |\n", l, m, s, n,
                $c["signed_score"], $c["z"], $c["p_cargo"], $c["fdr_cargo"], $c["p_geneset"], $c["fdr_geneset"], $c["call"] }
    ' "$OUT/$label.s$seed/module_scores.tsv"
    awk -F'\t' -v m="$module" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $1 == m { exit !($c["call"] == "yes" && $c["signed_score"] > 0) }' \
      "$OUT/$label.s$seed/module_scores.tsv" && n_called=$((n_called + 1))
  done
  echo "$label -> $module: called (FDR < 0.05 under both nulls) in $n_called / 3 seeds" >&2
  [ "$n_called" -eq 3 ] || fail=1
}
if [ "$POWER" = 1 ]; then
  case " $CASES " in *" 223 "*) power mir223_20 "hsa-miR-223-3p=0.20" inflammasome_nlrp3_assembly ;; esac
  case " $CASES " in *" 29 "*)
    power mir29_10_7_3 "hsa-miR-29a-3p=0.10,hsa-miR-29b-3p=0.07,hsa-miR-29c-3p=0.03" fibrosis_ecm_collagen ;; esac
  case " $CASES " in *" 146 "*) power mir146a_20 "hsa-miR-146a-5p=0.20" inflammasome_priming ;; esac
fi

echo
echo "== calibration: $N_CALIB shuffled cargos x (curated modules + $N_RANDOM_MODULES random gene sets), $CALIB_PERMUTATIONS draws per null =="
# Random modules: N_RANDOM_MODULES sets of 10-60 genes drawn uniformly from the genes (column 4) of targets.tsv.
awk -F'\t' -v n="$N_RANDOM_MODULES" 'NR > 1 && !($4 in seen) { seen[$4] = 1; g[++k] = $4 }
  END { srand(17); for (s = 1; s <= n; s++) { size = 10 + int(rand() * 51); line = "random_" s "\tbench"
          delete used; for (j = 0; j < size; ) { i = 1 + int(rand() * k); if (!(i in used)) { used[i] = 1; line = line "\t" g[i]; j++ } }
          print line } }' "$OUT/targets.tsv" > "$OUT/random_modules.gmt"
tests=0; sig_cargo=0; sig_geneset=0; called=0; rnd_tests=0; rnd_cargo=0; rnd_geneset=0; rnd_p_cargo=0; rnd_p_geneset=0
for c in $(seq 1 "$N_CALIB"); do
  make_cargo "calib$c" $((1000 + c)) "" shuffle
  run_network "calib$c" "$CALIB_PERMUTATIONS" --gmt "$OUT/random_modules.gmt"
  read -r t a b k rt ra rb pa pb < <(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { t++; a += $c["fdr_cargo"] < 0.05; b += $c["fdr_geneset"] < 0.05; k += $c["call"] == "yes"
      if ($1 ~ /^random_/) { rt++; ra += $c["fdr_cargo"] < 0.05; rb += $c["fdr_geneset"] < 0.05
                             pa += $c["p_cargo"] < 0.05; pb += $c["p_geneset"] < 0.05 } }
    END { print t, a, b, k, rt, ra, rb, pa, pb }' "$OUT/calib$c/module_scores.tsv")
  tests=$((tests + t)); sig_cargo=$((sig_cargo + a)); sig_geneset=$((sig_geneset + b)); called=$((called + k))
  rnd_tests=$((rnd_tests + rt)); rnd_cargo=$((rnd_cargo + ra)); rnd_geneset=$((rnd_geneset + rb))
  rnd_p_cargo=$((rnd_p_cargo + pa)); rnd_p_geneset=$((rnd_p_geneset + pb))
  rm -rf "$OUT/calib$c" "$OUT/calib$c.counts.tsv"
done
frac() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b ? a / b : 0 }'; }
echo "all module tests: $tests; FDR < 0.05: cargo null $sig_cargo ($(frac $sig_cargo $tests)), gene-set null $sig_geneset ($(frac $sig_geneset $tests)), called (both) $called ($(frac $called $tests))"
echo "random modules only: $rnd_tests; FDR < 0.05: cargo null $rnd_cargo ($(frac $rnd_cargo $rnd_tests)), gene-set null $rnd_geneset ($(frac $rnd_geneset $rnd_tests)); nominal p < 0.05: cargo null $rnd_p_cargo ($(frac $rnd_p_cargo $rnd_tests)), gene-set null $rnd_p_geneset ($(frac $rnd_p_geneset $rnd_tests))"
for x in "$sig_cargo" "$sig_geneset"; do
  awk -v a="$x" -v b="$tests" 'BEGIN { exit !(a <= 0.05 * b) }' || fail=1
done
exit $fail
