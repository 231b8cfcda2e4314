#!/usr/bin/env bash
# targets_bench.sh [EXOMIR]: timing of `exomir targets` on 2 threads: (1) loading the shared TargetScan + validated
# tables for all human miRNAs (bar <= 2 s), (2) the seed scan of 20,000 synthetic 3'UTRs (~30 Mb) x all human seeds
# (bar <= 10 s). Prints wall/user seconds and the scan time reported by exomir. Synthetic UTRs: AU-rich random
# sequence (A/U 0.3 each, C/G 0.2), lengths uniform in 500..2500 nt, fixed seed.
set -euo pipefail
EXOMIR=$(readlink -f "${1:-build/exomir}")
HERE=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$HERE/../shared/data
[ -d "$SHARED" ] || SHARED=$HERE/../../shared/data
SHARED=$(cd "$SHARED" && pwd)
T=$SHARED/targets
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
THREADS=${THREADS:-2}

python3 - "$WORK/utr.fa" <<'PY'
import random, sys
rng = random.Random(20261121)
with open(sys.argv[1], "w") as out:
    total = 0
    for i in range(20000):
        n = rng.randint(500, 2500)
        total += n
        seq = "".join(rng.choices("ACGT", weights=(3, 2, 2, 3), k=n))
        out.write(f">UTR{i:05d} gene=GENE{i:05d}\n{seq}\n")
print(f"synthetic UTRs: 20000 records, {total/1e6:.1f} Mb", file=sys.stderr)
PY

timed() {  # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %U %M" -o "$WORK/time" "$@" 2>"$WORK/log"
  read -r wall user rss <"$WORK/time"
  printf '%-34s wall %6.2f s  user %6.2f s  max RSS %5d MB\n' "$label" "$wall" "$user" $((rss / 1024))
}

echo "exomir targets benchmark, --threads $THREADS, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
timed "load TargetScan + validated tables" "$EXOMIR" targets -t "$THREADS" --no-curated --mirbase-diff "$SHARED/mirbase/diff" \
  --targetscan-family "$T/targetscan70_miR_Family_Info_human.txt" \
  --targetscan "$T/targetscan70_hsa_predicted_targets_PTC.tsv.gz" \
  --targetscan "$T/targetscan71_hsa_site_counts_SPONGE_symbol.tsv.gz" \
  --validated "$T/validated_mti_hsa_GroundT_PTC.tsv.gz" \
  --gmt "$T/msigdb_2023.1_c3_mir_le300genes.symbols.gmt.gz" -o "$WORK/tables.tsv"
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); t=j['timings']; print('  in-process wall s:', {s['step']: round(s['wall_s'], 2) for s in t}, ' rows:', j['n_rows']); print('  in-process CPU s: ', {s['step']: round(s['cpu_s'], 2) for s in t})" "$WORK/tables.tsv.run.json"
timed "scan 20,000 UTRs x all seeds" "$EXOMIR" targets -t "$THREADS" --no-curated --utr "$WORK/utr.fa" -o "$WORK/scan.tsv"
grep -o 'scanned.*' "$WORK/log" | sed 's/^/  /'
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); t=j['timings']; print('  in-process wall s:', {s['step']: round(s['wall_s'], 2) for s in t}, ' rows:', j['n_rows']); print('  in-process CPU s: ', {s['step']: round(s['cpu_s'], 2) for s in t})" "$WORK/scan.tsv.run.json"
