# exomir run / exomir report: sample-sheet validation (every problem in one error, nothing written) and usage.
P . exomir run --help
P . exomir report --help
# missing file, duplicate sample, unknown kit, bad name, no fastq: one error, exit 1, no results folder
N . exomir run --samples $DATA/run_bad_samples.tsv -o res
N . exomir run --samples $DATA/run_no_fastq_column.tsv -o res
N . exomir run --samples no_such_sheet.tsv -o res
N . exomir run --samples $DATA/run_bad_samples.tsv -o res --targets no_such_targets.tsv --gmt no_such.gmt
N2 . exomir run -o res
N2 . exomir run --samples $DATA/run_bad_samples.tsv -o res --targets t.tsv --targets-utr utr.fa
N2 . exomir run --samples $DATA/run_bad_samples.tsv -o res --permutations -5
N . exomir report --samples $DATA/run_bad_samples.tsv res
N . exomir report --samples $DATA/report/samples.tsv no_such_results
# issue 18: advice names the options of the command the user typed: rank's "--modules NAME" becomes run's way to
# choose modules (a modules TSV with roles, or --no-rank); the step and its command are named
N . printf 'sample\tfastq\tkit\tsource\nS1\t%s\ttruseq\tbm\nS2\t%s\ttruseq\tad\n' $DATA/quant_small.fq $DATA/quant_small.fq > s.tsv && awk -F'\t' -v OFS='\t' 'NR > 1 { $3 = "context" } 1' $DATA/network_modules.tsv > ctx.tsv && { exomir run --samples s.tsv -o res --targets $DATA/network_targets.tsv --modules ctx.tsv --permutations 20 --keep-failed 2> err.txt; rc=$?; grep -q 'step rank (exomir rank): .*give run --modules a modules TSV with driver/protective roles, or run with --no-rank' err.txt || rc=99; tail -n 1 err.txt >&2; rm -rf res s.tsv ctx.tsv err.txt; exit $rc; }
# issue 15: run --spike-ins reaches quant (S.spikes.tsv) and merge (spikes.tsv); the read fates still add up to reads in
P . printf 'sample\tfastq\tkit\tsource\nS1\t%s;%s\ttruseq\tbm\nS2\t%s\ttruseq\tad\n' $DATA/quant_small.fq $DATA/spike_reads.fq $DATA/spike_reads.fq > s.tsv && exomir run --samples s.tsv -o res --spike-ins $DATA/spike_ins.fa --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --permutations 20 --keep-failed --no-rank 2>/dev/null && test -s res/quant/S1.spikes.tsv && cmp -s res/counts/spikes.tsv <(printf 'spike\tS1\tS2\ncel-miR-39-3p\t6\t6\ncel-miR-54-3p\t1\t1\nspike-mir21\t3\t0\n') && grep -c '"spike_in": 10' res/exomir_read_fates_mqc.json >/dev/null && grep -c '"spike_ins": ' res/run.json >/dev/null
