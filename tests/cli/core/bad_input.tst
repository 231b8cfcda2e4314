# Bad-input matrix (issue #9): every parser on main, through the test driver until the subcommands land
# (FASTQ cases against `exomir quant` wait in bad_input_quant.tst.pending). Generated inputs (truncated
# gzip, binary garbage, a 10 kb read) are in test_bad_input_generated.sh. Each N case: one-line error
# 'exomir <cmd>: error: FILE...', exit 1 (N) or 2 (N2), and nothing left in the case's directory.

# --- FASTQ reader + trimmer (read_and_collapse) ---
P . testdriver collapse -o out $DATA/bad/valid.fq && grep -q '^TAGCTTATCAGACTGATGTTGA	2	2$' out/collapsed.tsv
P . testdriver collapse -o out $DATA/bad/crlf.fq && testdriver collapse -o ref $DATA/bad/valid.fq && cmp out/collapsed.tsv ref/collapsed.tsv
P . testdriver collapse -o out $DATA/bad/empty.fq 2>err && grep -q 'warning: no reads' err && test "$(wc -l < out/collapsed.tsv)" = 1
P . testdriver collapse -o out $DATA/bad/letters_ok.fq && grep -q '^TAGCTTATCAGACTGATGTTGA	1	1$' out/collapsed.tsv && grep -q '^TGAGGTAGTAGGTTGTATAGTT	1	1$' out/collapsed.tsv && grep -q '^TAGCTTATCAGNCTGATGTTGA	2	2$' out/collapsed.tsv
P . testdriver collapse -o out $DATA/bad/valid.fq $DATA/bad/crlf.fq && grep -q '^TAGCTTATCAGACTGATGTTGA	4	4$' out/collapsed.tsv
P . testdriver collapse --threads 0 -o out $DATA/bad/valid.fq
# the message names file, record and line (P: exit 1 and the exact location are checked by hand)
P . testdriver collapse -o out $DATA/bad/no_at_header.fq 2>err; test $? = 1 && grep -q "^exomir collapse: error: .*/no_at_header.fq: record 2 (line 5): header does not start with '@'" err && test ! -e out/collapsed.tsv
P . testdriver collapse -o out $DATA/bad/qual_length.fq 2>err; test $? = 1 && grep -q '/qual_length.fq: record 2 (line 5): quality length 10 != sequence length 12' err
P . testdriver reference --mature $DATA/bad/dup_mature.fa --hairpin $DATA/bad/hairpin.fa -o out 2>err; test $? = 1 && grep -q "/dup_mature.fa:3: duplicate name 'hsa-let-7a-5p'" err
N . testdriver collapse -o out $DATA/bad/no_at_header.fq
N . testdriver collapse -o out $DATA/bad/qual_length.fq
N . testdriver collapse -o out $DATA/bad/missing_plus.fq
N . testdriver collapse -o out $DATA/bad/non_acgtn.fq
N . testdriver collapse -o out $DATA/bad/truncated_record.fq
N . testdriver collapse -o out $DATA/bad/qual_space.fq
N . testdriver collapse -o out $DATA/bad/blank_line_mid.fq
P . testdriver collapse -o out $DATA/bad/blank_lines_end.fq
# a FASTA of reads is input (one read per record, or collapsed with counts; issue 15); a letter that is no
# nucleotide in one is an error naming the file and the record
P . testdriver collapse -o out $DATA/bad/fasta_as_reads.fq
N . testdriver collapse -o out $DATA/bad/fasta_bad_letter.fa
N . testdriver collapse -o out $DATA/bad/no_such_file.fq
N . testdriver collapse -o out $DATA/bad
N . testdriver collapse -o out $DATA/bad/valid.fq $DATA/bad/qual_length.fq
N2 . testdriver collapse --kit frobseq -o out $DATA/bad/valid.fq
N2 . testdriver collapse --threads -1 -o out $DATA/bad/valid.fq
N2 . testdriver collapse --threads many -o out $DATA/bad/valid.fq
N2 . testdriver collapse --adapter ACGTXX -o out $DATA/bad/valid.fq
N2 . testdriver collapse -o out
N2 . testdriver collapse $DATA/bad/valid.fq

# --- FASTA reader + miRBase reference loader ---
P . testdriver reference --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa -o out && test "$(cut -f2 out/reference.tsv | sort | tr '\n' ' ')" = "hsa-let-7a-5p hsa-miR-21-5p mature "
P . testdriver reference --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa --species mmu -o out && grep -q '^mmu-mir-21a	mmu-miR-21a-5p	7	29$' out/reference.tsv
P . testdriver reference --mature $DATA/bad/crlf_wrapped_mature.fa --hairpin $DATA/bad/hairpin.fa -o out && test "$(wc -l < out/reference.tsv)" = 3
P . testdriver reference --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin_without_mature.fa -o out && test "$(wc -l < out/reference.tsv)" = 2
N . testdriver reference --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa --species xyz -o out
N . testdriver reference --mature $DATA/bad/dup_mature.fa --hairpin $DATA/bad/hairpin.fa -o out
N . testdriver reference --mature $DATA/bad/mature.fa --hairpin $DATA/bad/empty_seq_hairpin.fa -o out
N . testdriver reference --mature $DATA/bad/no_header.fa --hairpin $DATA/bad/hairpin.fa -o out
N . testdriver reference --mature $DATA/bad/bad_letters.fa --hairpin $DATA/bad/hairpin.fa -o out
N . testdriver reference --mature $DATA/bad/empty_header.fa --hairpin $DATA/bad/hairpin.fa -o out
N . testdriver reference --mature $DATA/bad/empty.fa --hairpin $DATA/bad/hairpin.fa -o out
N . testdriver reference --mature $DATA/bad/mature.fa --hairpin $DATA/bad/no_such.fa -o out
N . testdriver reference --mature $DATA/bad --hairpin $DATA/bad/hairpin.fa -o out
N . testdriver reference --reference $DATA/no_such_dir -o out
N . testdriver reference --reference $DATA/bad/valid.fq -o out
N2 . testdriver reference --mature $DATA/bad/mature.fa -o out
N2 . testdriver reference --mature $DATA/bad/mature.fa --hairpin $DATA/bad/hairpin.fa
