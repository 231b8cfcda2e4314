# Bad-input matrix for `exomir quant` (issue #9).
# Same FASTQ fixtures as bad_input.tst; generated inputs (truncated gzip,
# binary garbage, a 10 kb read) are in test_bad_input_generated.sh, which switches to quant by itself.
# Reference: the small tests/data/bad/{mature,hairpin}.fa so the cases stay fast.
# Every N case: one-line 'exomir quant: error: FILE...', exit 1 (N) / 2 (N2), no file left in $PWD.

P . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/valid.fq && test -s out/S.mirna.tsv && test -s out/S.qc.json
P . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/crlf.fq && exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o ref $DATA/bad/valid.fq && cmp out/S.mirna.tsv ref/S.mirna.tsv
P . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/empty.fq 2>err && grep -q 'warning: no reads' err && test -s out/S.mirna.tsv
P . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/letters_ok.fq
P . exomir quant --sample S --threads 0 --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/valid.fq
P . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/no_at_header.fq 2>err; test $? = 1 && grep -q "^exomir quant: error: .*/no_at_header.fq: record 2 (line 5)" err && test ! -e out/S.mirna.tsv
N . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/no_at_header.fq
N . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/qual_length.fq
N . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/missing_plus.fq
N . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/non_acgtn.fq
N . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/truncated_record.fq
N . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/qual_space.fq
N . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/blank_line_mid.fq
P . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/blank_lines_end.fq
# a FASTA of reads is input (one read per record, or collapsed with counts; issue 15); a letter that is no
# nucleotide in one is an error naming the file and the record
P . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/fasta_as_reads.fq
N . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/fasta_bad_letter.fa
N . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/no_such_file.fq
N . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/valid.fq $DATA/bad/qual_length.fq
N . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa --species xyz -o out $DATA/bad/valid.fq
N . exomir quant --sample S --mature $DATA/bad/dup_mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/valid.fq
N . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/empty_seq_hairpin.fa -o out $DATA/bad/valid.fq
N . exomir quant --sample S --reference $DATA/no_such_dir -o out $DATA/bad/valid.fq
N2 . exomir quant --sample S --kit frobseq --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/valid.fq
N2 . exomir quant --sample S --threads -1 --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/valid.fq
N2 . exomir quant --sample S --mature $DATA/bad/mature.fa -o out $DATA/bad/valid.fq
N2 . exomir quant --sample S --min-length 30 --max-length 20 --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/valid.fq
N2 . exomir quant --sample S --max-n -2 --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/valid.fq
N2 . exomir quant --sample S --adapter ACGTXX --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/valid.fq
N2 . exomir quant --sample 'a/b' --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/valid.fq
N2 . exomir quant --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out $DATA/bad/valid.fq
N2 . exomir quant --sample S --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa $DATA/bad/valid.fq
