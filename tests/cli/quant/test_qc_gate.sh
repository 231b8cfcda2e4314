#!/usr/bin/env bash
# test_qc_gate.sh EXOMIR: the QC gate on real reads. The miRQC reads (TruSeq adapter) pass with their kit; run as
# NEBNext they FAIL and the reason names truseq; an adapter-dimer library cut from the same real reads FAILs on
# dimers. quant writes its outputs and exits 0 in every case, and merge carries the verdict into qc_summary.tsv.
set -euo pipefail
EXOMIR=$(readlink -f "$1")
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
source "$ROOT/tests/cli/shared_data.sh"
DATA=$SHARED
READS=$DATA/reads/miRQC_A_SRR950876_subset.fastq.gz
need_shared "$READS"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
verdict() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["qc_gate"]["verdict"])' "$1"; }
reasons() { python3 -c 'import json,sys; print("; ".join(json.load(open(sys.argv[1]))["qc_gate"]["reasons"]))' "$1"; }
cd "$work"

# 1. the right kit: no FAIL (a 31,770-read subset is below exceRpt's 100,000 annotated reads, so WARN is expected)
"$EXOMIR" quant --quiet --kit truseq --sample right -o q "$READS" 2> right.log || { cat right.log; fail "quant truseq"; }
v=$(verdict q/right.qc.json)
[ "$v" = PASS ] || [ "$v" = WARN ] || { reasons q/right.qc.json; fail "the right kit gives $v"; }
reasons q/right.qc.json | grep -c 'exceRpt asks for 100000' >/dev/null || fail "the 100,000-read depth warning is missing"

# 2. the wrong kit: FAIL, exit 0, every output written, and the kit that fits is named
"$EXOMIR" quant --quiet --kit nebnext --sample wrong -o q "$READS" 2> wrong.log || { cat wrong.log; fail "quant nebnext must exit 0"; }
for ext in mirna.tsv isomir.gff3 qc.json rna_classes.tsv run.json; do [ -s "q/wrong.$ext" ] || fail "no wrong.$ext"; done
[ "$(verdict q/wrong.qc.json)" = FAIL ] || { reasons q/wrong.qc.json; fail "the wrong kit is not FAIL"; }
reasons q/wrong.qc.json | grep -c 'adapter AGATCGGAAGAGCACACGTCT (nebnext) found in only' >/dev/null || fail "no adapter reason"
reasons q/wrong.qc.json | grep -c 'the reads fit kit truseq better .*rerun with --kit truseq' >/dev/null ||
  { reasons q/wrong.qc.json; fail "the truseq hint is missing"; }
grep -q 'wrong: QC FAIL: .*--kit truseq' wrong.log || { cat wrong.log; fail "no one-line QC FAIL warning on stderr"; }

# 3. adapter dimers: each real read cut at its adapter (what a read of an empty insert holds), its own qualities kept
python3 "$ROOT/tests/cli/quant/dimer_fastq.py" "$READS" > dimers.fq 2> dimers.log
[ "$(($(wc -l < dimers.fq) / 4))" -ge 10000 ] || { cat dimers.log; fail "too few dimer reads cut from the real reads"; }
"$EXOMIR" quant --quiet --kit truseq --sample dimers -o q dimers.fq 2> dimers_quant.log || { cat dimers_quant.log; fail "quant dimers"; }
[ "$(verdict q/dimers.qc.json)" = FAIL ] || fail "the dimer library is not FAIL"
reasons q/dimers.qc.json | grep -Eq '(99\.[5-9]|100\.0)% of reads are adapter dimers \(above 80%\)' || { reasons q/dimers.qc.json; fail "no dimer reason"; }
reasons q/dimers.qc.json | grep -Eq 'only [0-9]+ reads kept after trimming and length filtering \(fewer than 1000\)' || fail "no kept-reads reason"
# the same reads on standard input: still FAIL (no kit hint: a stream cannot be read twice)
"$EXOMIR" quant --quiet --kit truseq --sample stdin_dimers -o q - < dimers.fq 2> /dev/null
[ "$(verdict q/stdin_dimers.qc.json)" = FAIL ] || fail "dimers on stdin are not FAIL"

# 4. merge: qc_summary.tsv carries the verdicts and the reasons
"$EXOMIR" merge --quiet -o m q/right.mirna.tsv q/wrong.mirna.tsv q/dimers.mirna.tsv
python3 - m/qc_summary.tsv <<'EOF' || fail "qc_summary.tsv"
import csv, sys
rows = {r["sample"]: r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t")}
assert rows["right"]["qc_verdict"] in ("PASS", "WARN"), rows["right"]
assert rows["wrong"]["qc_verdict"] == "FAIL" and "--kit truseq" in rows["wrong"]["qc_reasons"], rows["wrong"]
assert rows["dimers"]["qc_verdict"] == "FAIL" and "adapter dimers" in rows["dimers"]["qc_reasons"], rows["dimers"]
EOF
# the verdict is the same at any thread count
"$EXOMIR" quant --quiet -t 1 --kit nebnext --sample t1 -o q1 "$READS" 2> /dev/null
"$EXOMIR" quant --quiet -t 2 --kit nebnext --sample t1 -o q2 "$READS" 2> /dev/null
cmp q1/t1.qc.json q2/t1.qc.json || fail "qc.json differs between 1 and 2 threads"
# 5. simulated EV-like libraries (real tRNA/Y RNA/rRNA/snoRNA sequences) at 0.05% and 0.2% miRNA: FAIL, WARN
SIMULATOR=$(dirname "$DATA")/sim/simulate_smallrna.py
if [ -s "$SIMULATOR" ]; then
  O=$DATA/other_rna
  for f in 0.0005 0.002; do
    python3 "$SIMULATOR" --hairpin "$DATA/mirbase/hairpin.fa.gz" --mature "$DATA/mirbase/mature.fa.gz" \
      --trna-fa "$O/tRNA_nuclear_and_mito_plusCCA.DERIVED.fa" --yrna-fa "$O/YRNA_human.fa" --rrna-fa "$O/rRNA_human.fa" \
      --snorna-fa "$O/snoRNA_scaRNA_human.fa" --out "low$f.fq.gz" --truth "low$f.truth.tsv" --scale 20000 --seed 7 \
      --frac-mirna "$f" --frac-hairpin-loop 0 --frac-trna 0.6 --frac-yrna 0.15 --frac-rrna 0.15 --frac-snorna 0.05 \
      --frac-other 0.05 --frac-dimer 0 --frac-short 0 --kit truseq --pigz no 2> /dev/null
    "$EXOMIR" quant --quiet --kit truseq --sample "low$f" -o q "low$f.fq.gz" 2> /dev/null
  done
  [ "$(verdict q/low0.0005.qc.json)" = FAIL ] || { reasons q/low0.0005.qc.json; fail "0.05% miRNA is not FAIL"; }
  reasons q/low0.0005.qc.json | grep -c 'of kept reads are miRNA (.*below 0.1%)' >/dev/null || fail "no miRNA-fraction reason"
  [ "$(verdict q/low0.002.qc.json)" = WARN ] || { reasons q/low0.002.qc.json; fail "0.2% miRNA is not WARN"; }
  reasons q/low0.002.qc.json | grep -c 'of kept reads are miRNA (.*below 1%)' >/dev/null || fail "0.2% miRNA is not flagged"
else
  echo "note: $SIMULATOR not found; the low-miRNA libraries were not simulated"
fi
echo "ok: right kit $(verdict q/right.qc.json), wrong kit FAIL, dimers FAIL"
