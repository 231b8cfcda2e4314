#!/usr/bin/env bash
# bench/qc_gate.sh EXOMIR [OUT]: the QC gate's verdict on the shared real reads and the simulated kits, each with
# its own kit and with a wrong one (docs/qc_gate.md). Prints "sample verdict | reasons".
set -euo pipefail
EXOMIR=$(readlink -f "${1:?usage: bench/qc_gate.sh EXOMIR [OUT]}")
OUT=${2:-qc_gate_bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
D=${EXOMIR_SHARED_DATA:-$(cd "$ROOT/.." && pwd)/shared/data}
q() { "$EXOMIR" quant --quiet -t 1 -o "$OUT" "$@" 2> /dev/null; }
q --kit truseq --sample miRQC "$D/reads/miRQC_A_SRR950876_subset.fastq.gz"
q --adapter none --sample bovine_plasma "$D/reads/bovine_plasma_sample.trimmed.fastq.gz"
q --adapter none --sample bovine_serum "$D/reads/bovine_serum_sample.trimmed.fastq.gz"
DN=/usr/share/doc/dnapi/examples/good.fq.gz
[ -s "$DN" ] || DN=${XDG_CACHE_HOME:-$HOME/.cache}/exomir/dnapi/usr/share/doc/dnapi/examples/good.fq.gz
[ -s "$DN" ] && q --kit truseq --sample dnapi_good "$DN"
for k in truseq nebnext qiaseq nextflex; do q --kit "$k" --sample "sim_$k" "$D/simulated/sim_${k}_200k.fastq.gz"; done
q --kit nebnext --sample miRQC_as_nebnext "$D/reads/miRQC_A_SRR950876_subset.fastq.gz"
q --kit truseq --sample sim_nextflex_as_truseq "$D/simulated/sim_nextflex_200k.fastq.gz"
q --kit qiaseq --sample sim_truseq_as_qiaseq "$D/simulated/sim_truseq_200k.fastq.gz"
for f in "$OUT"/*.qc.json; do
  python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); g=j["qc_gate"]
print(j["sample"], g["verdict"], "|", "; ".join(g["reasons"]))' "$f"
done
