#!/usr/bin/env bash
# spike_ins.sh EXOMIR [WORK]: issue 15's spike-ins on a simulated library. Three calibrators (cel-miR-39-3p 5,000
# reads, cel-miR-54-3p 2,000, cel-miR-238-3p 500; seed 15) are added to ../shared/data/simulated/sim_truseq_200k with
# 3' ends at -2..+2 nt and 0 (85%), 1 (12%) or 2 (3%) substitutions. Prints, per spike, the reads within the matching
# rule (<= 1 substitution) and the reads quant counted, the 2-substitution reads (must not be counted), and whether
# mirna.tsv with --spike-ins equals that of the library without spikes (the spikes take nothing from the miRNAs).
set -euo pipefail
EXOMIR=$(readlink -f "$1")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_DATA:-$ROOT/../shared/data}
WORK=${2:-$(mktemp -d)}
mkdir -p "$WORK"
FQ=$SHARED/simulated/sim_truseq_200k.fastq.gz
/usr/bin/python3 - "$FQ" "$WORK" <<'PY'
import gzip, random, sys
fq, work = sys.argv[1], sys.argv[2]
random.seed(15)
ad = "TGGAATTCTCGGGTGCCAAGGAACTCCAGTCAC"
spikes = {"cel-miR-39-3p": ("TCACCGGGTGTAAATCAGCTTG", 5000), "cel-miR-54-3p": ("TACCCGTAATCTTCATAATCCGAG", 2000),
          "cel-miR-238-3p": ("TTTGTACTCCGATGCCATTCAGA", 500)}
with open(f"{work}/spikes.fa", "w") as f:
    for n, (s, _) in spikes.items():
        f.write(f">{n}\n{s}\n")
truth, beyond, i = {n: 0 for n in spikes}, 0, 0
with gzip.open(f"{work}/spiked.fastq.gz", "wt", compresslevel=1) as out:
    for line in gzip.open(fq, "rt"):
        out.write(line)
    for n, (s, k) in spikes.items():
        for _ in range(k):
            r, end = random.random(), random.choice([-2, -1, 0, 0, 0, 0, 1, 2])
            ins = s[:len(s) + end] if end < 0 else s + "".join(random.choice("ACGT") for _ in range(end))
            nsub = 0 if r < 0.85 else (1 if r < 0.97 else 2)
            bases = list(ins)
            for p in random.sample(range(len(ins) - max(end, 0)), nsub):
                bases[p] = random.choice([b for b in "ACGT" if b != bases[p]])
            truth[n] += nsub <= 1
            beyond += nsub > 1
            seq, i = ("".join(bases) + ad)[:50], i + 1
            out.write(f"@spk{i}\n{seq}\n+\n{'I' * len(seq)}\n")
with open(f"{work}/truth.tsv", "w") as f:
    f.write("".join(f"{n}\t{c}\n" for n, c in truth.items()) + f"two_substitutions\t{beyond}\n")
PY
"$EXOMIR" quant --quiet -t 2 --kit truseq --sample plain -o "$WORK/q" "$FQ" 2>/dev/null
"$EXOMIR" quant --quiet -t 2 --kit truseq --sample spiked --spike-ins "$WORK/spikes.fa" -o "$WORK/q" \
  "$WORK/spiked.fastq.gz" 2>/dev/null
printf 'spike\treads_within_rule\treads_counted\n'
awk -F'\t' 'NR == FNR { t[$1] = $2; next } FNR > 1 { print $1 "\t" t[$1] "\t" $2 }' "$WORK/truth.tsv" \
  "$WORK/q/spiked.spikes.tsv"
grep '^two_substitutions' "$WORK/truth.tsv" | sed 's/^/not counted (outside the rule): /'
if cmp -s "$WORK/q/plain.mirna.tsv" "$WORK/q/spiked.mirna.tsv"; then echo "mirna.tsv: identical to the library without spikes"
else echo "mirna.tsv: DIFFERENT from the library without spikes"; exit 1; fi
