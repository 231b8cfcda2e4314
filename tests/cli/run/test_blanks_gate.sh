#!/usr/bin/env bash
# test_blanks_gate.sh EXOMIR: `exomir run` with the sample sheet's type column and the QC gate.
# - A blank (real bovine serum reads: what FBS medium holds) goes to merge as --blank, so contamination.tsv is written.
#   It stays in counts.tsv but is never in the cargo, and it is not gated.
# - A sample that fails QC (adapter dimers cut from real reads) is named with its reason in a warning.
#   A FAIL sample is left out of the cargo (the run goes on); with --keep-failed it stays in.
# - An unknown type is a one-line error naming the sheet, the line and the allowed values.
set -euo pipefail
EXOMIR=$(readlink -f "$1")
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
source "$ROOT/tests/cli/shared_data.sh"
DATA=$SHARED
SIM=$DATA/simulated/sim_truseq_200k.fastq.gz
SERUM=$DATA/reads/bovine_serum_sample.trimmed.fastq.gz
MIRQC=$DATA/reads/miRQC_A_SRR950876_subset.fastq.gz
need_shared "$SIM" "$SERUM" "$MIRQC"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"
mkdir in
zcat "$SIM" | head -n 80000 | gzip -1 > in/s1.fq.gz || true
zcat "$SIM" | sed -n '80001,160000p' | gzip -1 > in/s2.fq.gz || true
cp "$SERUM" in/medium.fq.gz
python3 "$ROOT/tests/cli/quant/dimer_fastq.py" "$MIRQC" > in/dimers.fq 2> /dev/null

run=("$EXOMIR" run --threads 2 --permutations 200 --no-rank)

# 1. blank: merge gets it, the cargo does not, and the blank's own verdict does not stop the run
printf 'sample\tfastq\tkit\tadapter\ttype\ns1\ts1.fq.gz\ttruseq\t\tsample\ns2\ts2.fq.gz\ttruseq\t\t\nmedium\tmedium.fq.gz\t\tnone\tblank\n' > in/samples.tsv
"${run[@]}" --samples in/samples.tsv -o res 2> run.log || { cat run.log; fail "run with a blank"; }
[ -s res/counts/contamination.tsv ] && [ -s res/counts/medium_share.tsv ] || fail "merge was not given the blank"
head -1 res/counts/counts.tsv | grep -c $'\tmedium$' >/dev/null || fail "the blank is not in counts.tsv"
python3 - res/net/network.run.json res/counts/contamination.tsv res/net/mirna_abundance.tsv <<'EOF' || fail "the blank or its miRNAs are in the cargo"
import csv, json, sys
cargo = json.load(open(sys.argv[1]))["cargo"]
assert cargo["samples"] == ["s1", "s2"], cargo["samples"]
# with a blank, network leaves the likely_medium miRNAs out of the cargo (--exclude-contaminants likely)
assert cargo["exclude_contaminants"] == "likely", cargo
likely = {r["mirna"] for r in csv.DictReader(open(sys.argv[2]), delimiter="\t") if r["flag"] == "likely_medium"}
assert set(cargo["excluded_as_medium"]) <= likely, cargo["excluded_as_medium"]
in_cargo = {r["mirna"] for r in csv.DictReader(open(sys.argv[3]), delimiter="\t")}
assert not in_cargo & likely, in_cargo & likely
print(f"{len(likely)} likely_medium miRNAs, {len(cargo['excluded_as_medium'])} left out of the cargo", file=sys.stderr)
EOF
grep -q '<h2 id="qc">QC gate</h2>' res/report.html || fail "no QC gate section in the report"
grep -q '<td class="l">medium</td><td class="l">blank</td>' res/report.html || fail "the report does not show the blank's type"
grep -q 'Medium-only blanks were sequenced: per-miRNA flags in' res/report.html || fail "the report does not say blanks were used"
! grep -q 'No medium-only blanks were sequenced' res/report.html || fail "the report warns of missing blanks although one was sequenced"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["data"]; assert all("qc_verdict" in v for v in d.values()), d' \
  res/exomir_general_mqc.json || fail "no QC verdict in the MultiQC general stats"

# 2. a failed sample: the run goes on, names it and why, and leaves it out of the cargo (issue #15)
printf 'dimers\tdimers.fq\ttruseq\t\tsample\n' >> in/samples.tsv
"${run[@]}" --samples in/samples.tsv -o res2 2> gate.log || { cat gate.log; fail "a FAIL sample stopped the run"; }
grep -q "warning: sample 'dimers' failed QC (res2/quant/dimers.qc.json): .*% of reads are adapter dimers.*left out of the cargo and group comparisons (--keep-failed keeps it)" gate.log ||
  { cat gate.log; fail "the warning does not name the sample, the reason and what happens"; }
grep -P '^dimers\t' res2/counts/qc_summary.tsv | grep -c $'\tFAIL\t' >/dev/null || fail "qc_summary.tsv does not say FAIL"
head -1 res2/counts/counts.tsv | grep -c dimers >/dev/null || fail "the failed sample's counts are gone from counts.tsv"
python3 - res2/net/network.run.json res2/run.json << 'EOF2' || fail "the failed sample is in the cargo"
import json, sys
net = json.load(open(sys.argv[1]))
assert "dimers" not in net["cargo"]["samples"] and net["cargo"]["excluded_samples"] == ["dimers"], net["cargo"]
assert json.load(open(sys.argv[2]))["steps"]["network"]["settings"]["exclude_samples"] == ["dimers"]
EOF2
grep -q '1 sample failed QC: `exomir run` leaves it out of the cargo' res2/report.html || fail "the report does not mark it"
# a rerun: merge and network up to date, the gate still applies
"${run[@]}" --samples in/samples.tsv -o res2 2> gate2.log || { cat gate2.log; fail "the rerun failed"; }
grep -q "sample 'dimers' failed QC" gate2.log || { cat gate2.log; fail "the rerun does not name the sample"; }
grep -q "(0 run, [0-9]* up to date)" gate2.log || { cat gate2.log; fail "the rerun redid a step"; }

# 3. --keep-failed: the sample stays in the cargo, with a warning, and network reruns
"${run[@]}" --samples in/samples.tsv -o res2 --keep-failed 2> keep.log || { cat keep.log; fail "--keep-failed did not go on"; }
grep -q "warning: sample 'dimers' failed QC .*kept in the cargo because of --keep-failed" keep.log ||
  { cat keep.log; fail "no --keep-failed warning"; }
grep -q "(0 run, " keep.log && { cat keep.log; fail "--keep-failed did not rerun network"; }
# (kept for the QC gate; network itself still leaves out a sample with no miRNA reads, as this one has)
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["cargo"]["excluded_samples"] == []' res2/net/network.run.json ||
  fail "--keep-failed still excluded the failed sample"
[ -s res2/net/module_scores.tsv ] && [ -s res2/report.html ] || fail "--keep-failed run is incomplete"
# every sample failing stops the run: no cargo is left
printf 'sample\tfastq\tkit\tsource\ttype\ndimers\tdimers.fq\ttruseq\t\tsample\n' > in/dimers_only.tsv
if "${run[@]}" --samples in/dimers_only.tsv -o res4 2> all.log; then fail "a run with every sample failed went on"; fi
tail -1 all.log | grep -c "^exomir run: error: every sample failed QC (dimers)" >/dev/null || { cat all.log; fail "no clear all-failed error"; }

# 3b. the Snakefile does the same: merge gets --blank, network the sheet, a FAIL sample is left out
if command -v snakemake > /dev/null; then
  smk=(snakemake -s "$ROOT/workflows/Snakefile" --cores 2 --config exomir="$EXOMIR" samples=in/samples.tsv
       permutations=200 rank=false)
  "${smk[@]}" out=smk_dry -n -p > dry.log 2>&1 || { cat dry.log; fail "snakemake -n"; }
  grep -q -- 'merge -o smk_dry/counts --blank medium ' dry.log || { cat dry.log; fail "snakemake merge without --blank"; }
  grep -q -- '--samplesheet in/samples.tsv' dry.log || fail "snakemake network without the sheet"
  "${smk[@]}" out=smk_res -q > smk.log 2>&1 || { cat smk.log; fail "snakemake stopped at a FAIL sample"; }
  grep -q "left out of the cargo and group comparisons: sample 'dimers' failed QC" smk_res/logs/qc_gate.ok ||
    { cat smk_res/logs/qc_gate.ok; fail "snakemake does not name the failed sample"; }
  [ "$(cat smk_res/logs/qc_excluded.txt)" = dimers ] || fail "snakemake does not exclude the failed sample"
  grep -q -- "--exclude-sample dimers" smk_res/logs/network.log 2>/dev/null || [ -s smk_res/net/module_scores.tsv ] ||
    fail "snakemake network did not run"
fi

# 4. an unknown type: one line naming the sheet, the line and the allowed values; nothing written
printf 'sample\tfastq\tkit\ttype\ns1\ts1.fq.gz\ttruseq\tmedium_only\n' > in/bad.tsv
if "$EXOMIR" run --samples in/bad.tsv -o res3 2> bad.log; then fail "an unknown type was accepted"; fi
[ "$(wc -l < bad.log)" -eq 1 ] || { cat bad.log; fail "not one line"; }
grep -q "in/bad.tsv: 1 problem in the sample sheet: line 2: sample 's1': unknown type 'medium_only'; use sample .*blank .*negative" bad.log ||
  { cat bad.log; fail "the error does not name file, line and values"; }
[ -e res3 ] && fail "an output folder was left behind"
echo "ok"
