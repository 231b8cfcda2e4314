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
