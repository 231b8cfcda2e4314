# exomir merge: per-sample tables -> counts.tsv, cpm.tsv, qc_summary.tsv; bad input.
P expected/merge_counts.tsv exomir quant --quiet --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o q $DATA/quant_small.fq && exomir quant --quiet --sample S0 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o q $DATA/quant_small.fq $DATA/quant_small.fq && exomir merge --quiet -o m q/S1.mirna.tsv q/S0.mirna.tsv && cat m/counts.tsv
P . exomir quant --quiet --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o q $DATA/quant_small.fq && exomir merge --quiet -o m q/S1.mirna.tsv && test -s m/cpm.tsv && test -s m/counts.run.json && grep -q '^S1	12	' m/qc_summary.tsv
N . exomir merge -o m $DATA/no_such.mirna.tsv
N . exomir merge -o m $DATA/mini_mature.fa
N2 . exomir merge $DATA/quant_small.fq
# RNA classes and other-RNA features beside counts.tsv: one column per sample, classes in priority order
P . exomir quant --quiet --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o q $DATA/quant_small.fq && exomir quant --quiet --sample S0 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o q $DATA/quant_small.fq $DATA/quant_small.fq && exomir merge --quiet -o m q/S1.mirna.tsv q/S0.mirna.tsv && head -1 m/rna_classes.tsv | grep -q '^class	S1	S0$' && grep -q '^miRNA	9	18$' m/rna_classes.tsv && tail -1 m/rna_classes.tsv | grep -q '^unmapped	' && head -1 m/other_rna.tsv | grep -q '^feature	class	S1	S0$'
