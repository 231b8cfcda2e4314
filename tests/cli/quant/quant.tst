# exomir quant: counts, mirGFF3, QC, BAM on a 12-read TruSeq fixture with the mini reference; bad input.
# The mini reference ($DATA/mini_*.fa): let-7a-1, let-7c, mir-21, mir-199a-1, mir-199b (identical 3p arms).
P expected/quant_small.mirna.tsv exomir quant --quiet --sample S1 --kit truseq --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq && cat out/S1.mirna.tsv
P expected/quant_small.isomir.gff3 exomir quant --quiet --sample S1 --kit truseq --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq && grep -v '^## \(CMD\|REFERENCE\)' out/S1.isomir.gff3
# issue 15: the same reads collapsed to FASTA with counts (mirDeep2 >seq_N_xCOUNT, FASTX-Toolkit >RANK-COUNT, gzip) give
# the FASTQ's mirna.tsv and isomiRs; a FASTA without counts is one read per record
P expected/quant_small.mirna.tsv awk 'NR % 4 == 2' $DATA/quant_small.fq | sort | uniq -c | awk '{ printf ">seq_%d_x%d\n%s\n", NR, $1, $2 }' > c.fa && exomir quant --quiet --sample S1 --kit truseq --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out c.fa && grep -q '"reads_in": '"$(($(wc -l < $DATA/quant_small.fq) / 4))" out/S1.qc.json && cat out/S1.mirna.tsv
P expected/quant_small.isomir.gff3 awk 'NR % 4 == 2' $DATA/quant_small.fq | sort | uniq -c | sort -k1,1nr | awk '{ printf ">%d-%d\n%s\n", NR, $1, $2 }' | gzip -c > c.fa.gz && exomir quant --quiet --sample S1 --kit truseq --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out c.fa.gz && grep -v '^## \(CMD\|REFERENCE\)' out/S1.isomir.gff3
P expected/quant_small.mirna.tsv awk 'NR % 4 == 1 { print ">" substr($0, 2) } NR % 4 == 2' $DATA/quant_small.fq > p.fa && exomir quant --quiet --sample S1 --kit truseq --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out p.fa && cat out/S1.mirna.tsv
# -t 1 and -t 4 give identical bytes (run.json holds the command line, so it is left out)
P . exomir quant --quiet -t 1 --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --allow-duplicate-lanes -o a $DATA/quant_small.fq $DATA/quant_small.fq && exomir quant --quiet -t 4 --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --allow-duplicate-lanes -o b $DATA/quant_small.fq $DATA/quant_small.fq && for f in mirna.tsv qc.json; do cmp a/S1.$f b/S1.$f || exit 1; done && diff <(grep -v '^## CMD' a/S1.isomir.gff3) <(grep -v '^## CMD' b/S1.isomir.gff3)
# all outputs present, BAM readable, QC shows classes plainly
P . exomir quant --quiet --bam --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq && test -s out/S1.bam && test -s out/S1.run.json && grep -q '"hairpin_other_reads": 1' out/S1.qc.json && grep -q '"unmapped_reads": 1' out/S1.qc.json && grep -q '"mirna_reads": 9' out/S1.qc.json
# --multimap and --mismatches are accepted; an empty but valid FASTQ gives zero counts and a warning
P . exomir quant --quiet --multimap split --mismatches 0 --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq && test -s out/S1.mirna.tsv
P . exomir quant --sample E --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/empty.fq 2>err && test $(wc -l < out/E.mirna.tsv) -eq 1 && grep -q 'warning: .*zero' err && grep -q 'all counts are zero' out/E.qc.json
# the default reference is announced on stderr
P . exomir quant --sample S1 -o out $DATA/quant_small.fq 2>err && grep -q 'optimir' err
# bad input: no output left behind
N . exomir quant --sample S1 --species xyz --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq
N . exomir quant --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/no_such.fq
N . exomir quant --sample S1 --mature $DATA/no_such_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq
N . exomir quant --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --other-rna $DATA/no_such.fa -o out $DATA/quant_small.fq
N2 . exomir quant --sample S1 --multimap best -o out $DATA/quant_small.fq
N2 . exomir quant --sample S1 --mismatches 9 -o out $DATA/quant_small.fq
N2 . exomir quant --sample S1 --kit frobnicate -o out $DATA/quant_small.fq
N2 . exomir quant --sample 'a,b' -o out $DATA/quant_small.fq
N2 . exomir quant --sample S1 --mature $DATA/mini_mature.fa -o out $DATA/quant_small.fq
N2 . exomir quant -o out $DATA/quant_small.fq
# --other-rna: a sequence explained by the other-RNA FASTA is counted under its class, not as miRNA
P . exomir quant --quiet --other-rna $DATA/other_rna.fa --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq && grep -q '"tRNA": 1' out/S1.qc.json && grep -q '"unmapped_reads": 0' out/S1.qc.json && grep -q '"mirna_reads": 9' out/S1.qc.json
# RNA classes by default (shipped reference/other_rna): the class table lists every class, miRNA first, unmapped last
P . exomir quant --quiet --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq && head -2 out/S1.rna_classes.tsv | tail -1 | grep -q '^miRNA	9	' && grep -q '^tRNA	' out/S1.rna_classes.tsv && grep -q '^snoRNA	' out/S1.rna_classes.tsv && tail -1 out/S1.rna_classes.tsv | grep -q '^unmapped	' && test -s out/S1.other_rna.tsv && test -s out/S1.rna_fragments.tsv
# --no-other-rna: only miRNA, hairpin_other and unmapped; with --other-rna its classes are added to the shipped ones
P . exomir quant --quiet --no-other-rna --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq && test $(wc -l < out/S1.rna_classes.tsv) -eq 4
P . exomir quant --quiet --other-rna $DATA/other_rna.fa --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq && grep -q '^RNY4	' out/S1.rna_classes.tsv && grep -q '^rRNA	' out/S1.rna_classes.tsv && grep -q 'tRNA-like	tRNA	1	1' out/S1.other_rna.tsv

# issue 18: streams, duplicate lanes, names, numbers, outputs over inputs
P expected/quant_small.mirna.tsv exomir quant --quiet --sample S1 --kit truseq --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out - < $DATA/quant_small.fq && cat out/S1.mirna.tsv
P expected/quant_small.mirna.tsv exomir quant --quiet --sample S1 --kit truseq --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out <(gzip -c $DATA/quant_small.fq) && cat out/S1.mirna.tsv
P expected/quant_small.mirna.tsv mkfifo reads.fifo && (cat $DATA/quant_small.fq > reads.fifo &) && exomir quant --quiet --sample S1 --kit truseq --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out reads.fifo && cat out/S1.mirna.tsv
N2 . exomir quant --quiet --sample S1 --kit auto --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out - < $DATA/quant_small.fq
N2 . exomir quant --quiet --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq $DATA/quant_small.fq
N2 . exomir quant --quiet --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq $DATA/../data/quant_small.fq
N2 . exomir quant --quiet --sample $'S1\nS2' --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq
N2 . exomir quant --quiet --sample $'S1\rS2' --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq
N2 . exomir quant --quiet --sample "x'\$(touch pwned)'" --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq
N2 . exomir quant --quiet --sample S1 --error-rate nan --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq
N2 . exomir quant --quiet --sample S1 --error-rate inf --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq
N2 . cp $DATA/quant_small.fq S1.qc.json && { exomir quant --quiet --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o . S1.qc.json; rc=$?; cmp -s S1.qc.json $DATA/quant_small.fq || rc=99; rm -f S1.qc.json; exit $rc; }

# issue 15: --spike-ins: spikes are matched before the miRNA aligner (spike-mir21 is hsa-miR-21-5p itself, so miR-21's
# 3 reads are spike-in, not miRNA); cel-miR-39: 3 exact + 1 mismatch + 3' trimmed by 2 + 2 extra bases (r7, 2
# mismatches, is not a spike); the classes still sum to the kept reads; without --spike-ins nothing changes
P expected/spikes.spikes.tsv exomir quant --quiet --sample S1 --kit truseq --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --spike-ins $DATA/spike_ins.fa -o out $DATA/quant_small.fq $DATA/spike_reads.fq && ! grep -c 'miR-21' out/S1.mirna.tsv >/dev/null && grep -c '"spike_in_reads": 10' out/S1.qc.json >/dev/null && grep -c '"reads_annotated": 19' out/S1.qc.json >/dev/null && head -2 out/S1.rna_classes.tsv | tail -1 | grep -c '^spike_in	10	0.526316	7$' >/dev/null && cat out/S1.spikes.tsv
P expected/spikes.spikes.tsv exomir quant --quiet --sample S1 --kit truseq --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --spike-ins <(gzip -c $DATA/spike_ins.fa) -o out $DATA/quant_small.fq $DATA/spike_reads.fq >/dev/null && cat out/S1.spikes.tsv
P expected/quant_small.mirna.tsv exomir quant --quiet --sample S1 --kit truseq --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o out $DATA/quant_small.fq && test ! -e out/S1.spikes.tsv && ! grep -c 'spike_in' out/S1.qc.json out/S1.rna_classes.tsv >/dev/null && cat out/S1.mirna.tsv
# spike reads leave the QC gate's insert-length checks: 20 reads of a 30-nt spike give the same mirna_length_fraction
# (1.0) and short_insert_fraction as the library without them (they were 0.35 with the spikes counted)
P . printf '>long-spike 30 nt\nACGTTGCATGCCAGTAGGATCCGTAGCTAA\n' > ls.fa && for i in $(seq 20); do printf '@s%d\nACGTTGCATGCCAGTAGGATCCGTAGCTAATGGAATTCTCGGGTGCCAAGG\n+\n%s\n' $i IIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIII; done > ls.fq && exomir quant --quiet --sample S1 --kit truseq --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o a $DATA/quant_small.fq 2>/dev/null && exomir quant --quiet --sample S1 --kit truseq --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --spike-ins ls.fa -o b $DATA/quant_small.fq ls.fq 2>/dev/null && grep -c '"spike_in_reads": 20' b/S1.qc.json >/dev/null && python3 -c 'import json, sys; v = [{c["check"]: c["value"] for c in json.load(open(d + "/S1.qc.json"))["qc_gate"]["checks"]} for d in "ab"]; sys.exit(not all(v[0][k] == v[1][k] for k in ("mirna_length_fraction", "short_insert_fraction")) or v[1]["mirna_length_fraction"] != 1.0)'
# a spike that takes a miRNA's reads (spike-mir21) is allowed but warned about, once, naming the FASTA and the pairs;
# 8 matures of the miRNA FASTA given as --spike-ins: 9 miRNAs (199b-3p = 199a-3p), 5 shown and how many more;
# cel-miR-39 alone: no warning
P . exomir quant --quiet --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --spike-ins $DATA/spike_ins.fa -o out $DATA/quant_small.fq 2>err && test "$(grep -c 'take the reads' err)" -eq 1 && grep -c -F "warning: $DATA/spike_ins.fa: the spikes take the reads of 1 miRNA of the reference (hsa-miR-21-5p by spike-mir21): by the spike rule they count as spike-in, never as miRNA; give spikes that are not in the sample (docs/spike_ins.md)" err >/dev/null
P . head -n 16 $DATA/mini_mature.fa > sp.fa && exomir quant --quiet --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --spike-ins sp.fa -o out $DATA/quant_small.fq 2>err && grep -c -F 'sp.fa: the spikes take the reads of 9 miRNAs of the reference (hsa-let-7a-3p by hsa-let-7a-3p, hsa-let-7a-5p by hsa-let-7a-5p, hsa-let-7c-3p by hsa-let-7c-3p, hsa-let-7c-5p by hsa-let-7c-5p, hsa-miR-199a-3p by hsa-miR-199a-3p and 4 more)' err >/dev/null
P . head -n 2 $DATA/spike_ins.fa > sp.fa && exomir quant --quiet --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --spike-ins sp.fa -o out $DATA/quant_small.fq 2>err && test -s out/S1.spikes.tsv && ! grep -c 'take the reads' err >/dev/null
# -t 1 and -t 4 give identical spike tables
P . exomir quant --quiet -t 1 --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --spike-ins $DATA/spike_ins.fa -o a $DATA/quant_small.fq $DATA/spike_reads.fq && exomir quant --quiet -t 4 --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --spike-ins $DATA/spike_ins.fa -o b $DATA/quant_small.fq $DATA/spike_reads.fq && for f in spikes.tsv mirna.tsv qc.json rna_classes.tsv; do cmp a/S1.$f b/S1.$f || exit 1; done
# bad spike FASTA (docs/spike_ins.md): the exact one-line error naming the file, the record and the fix, exit 1, and no file
# of S1 in the output folder (bad_spike_fasta.sh: out/ already holds another sample's table, which stays alone)
# no such file; an empty file, or one of blank lines; not a FASTA (a FASTQ)
N . bash $CLI/bad_spike_fasta.sh no_such.fa 'exomir quant: error: no_such.fa: no such file; check the path'
N . : > sp.fa && bash $CLI/bad_spike_fasta.sh sp.fa 'exomir quant: error: sp.fa: no spike sequences; give a FASTA with at least one record'
N . printf '\n\n' > sp.fa && bash $CLI/bad_spike_fasta.sh sp.fa 'exomir quant: error: sp.fa: no spike sequences; give a FASTA with at least one record'
N . printf '@r1\nTCACCGGGTGTAAATCAGCTTG\n+\nIIIIIIIIIIIIIIIIIIIIII\n' > sp.fa && bash $CLI/bad_spike_fasta.sh sp.fa 'exomir quant: error: sp.fa:1: sequence before the first '"'>'"' header; is this a FASTA file?'
# a record without a name; a record without a sequence (at the end, and before the next record)
N . printf '>\nTCACCGGGTGTAAATCAGCTTG\n' > sp.fa && bash $CLI/bad_spike_fasta.sh sp.fa 'exomir quant: error: sp.fa:1: empty FASTA header; give every record a name'
N . printf '>s1\nTCACCGGGTGTAAATCAGCTTG\n>s2\n' > sp.fa && bash $CLI/bad_spike_fasta.sh sp.fa 'exomir quant: error: sp.fa:3: record '"'s2'"' has an empty sequence; remove it or add its sequence'
N . printf '>s1 calibrator\n\n>s2\nTACCCGTAATCTTCATAATCCGAG\n' > sp.fa && bash $CLI/bad_spike_fasta.sh sp.fa 'exomir quant: error: sp.fa:1: record '"'s1'"' has an empty sequence; remove it or add its sequence'
# a letter outside ACGTU (X, an IUPAC code, a gap), an N, a spike shorter than 18 nt
N . printf '>s1\nTCACCGGGTGTAAATCAGCTXG\n' > sp.fa && bash $CLI/bad_spike_fasta.sh sp.fa 'exomir quant: error: sp.fa:1: record '"'s1'"' has letters other than ACGTUN; fix the sequence'
N . printf '>s1\nTCACCGGGTGTAAATCAGCTTG\n>s2\nTACCCGTAATCTTCATAATCCGRG\n' > sp.fa && bash $CLI/bad_spike_fasta.sh sp.fa 'exomir quant: error: sp.fa:3: record '"'s2'"' has letters other than ACGTUN; fix the sequence'
N . printf '>s1\nTCACCGGG-TGTAAATCAGCTTG\n' > sp.fa && bash $CLI/bad_spike_fasta.sh sp.fa 'exomir quant: error: sp.fa:1: record '"'s1'"' has letters other than ACGTUN; fix the sequence'
N . printf '>s1\nTCACCGGGTGTAAATCAGCTNG\n' > sp.fa && bash $CLI/bad_spike_fasta.sh sp.fa 'exomir quant: error: sp.fa:1: spike '"'s1'"' has an N; give the spike'"'"'s exact sequence (ACGT)'
N . printf '>s1\nTCACCGGGTGTAAATCA\n' > sp.fa && bash $CLI/bad_spike_fasta.sh sp.fa 'exomir quant: error: sp.fa:1: spike '"'s1'"' is 17 nt; spikes must be at least 18 nt'
# a repeated name (also in a gzipped FASTA); a repeated sequence, written in RNA letters and lower case the second time
N . printf '>s1\nTCACCGGGTGTAAATCAGCTTG\n>s1\nTACCCGTAATCTTCATAATCCGAG\n' > sp.fa && bash $CLI/bad_spike_fasta.sh sp.fa 'exomir quant: error: sp.fa:3: spike name '"'s1'"' is already used at line 1; give every spike its own name'
N . printf '>s1\nTCACCGGGTGTAAATCAGCTTG\n>s2\nTACCCGTAATCTTCATAATCCGAG\n>s1\nTACCCGTAATCTTCATAATCCGAGTT\n' | gzip -c > sp.fa.gz && bash $CLI/bad_spike_fasta.sh sp.fa.gz 'exomir quant: error: sp.fa.gz:5: spike name '"'s1'"' is already used at line 1; give every spike its own name'
N . printf '>s1\nTCACCGGGTGTAAATCAGCTTG\n>s2\nucaccgggugUAAAUCAGCUUG\n' > sp.fa && bash $CLI/bad_spike_fasta.sh sp.fa 'exomir quant: error: sp.fa:3: spike '"'s2'"' has the same sequence as the spike at line 1; keep one'
