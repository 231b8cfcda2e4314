# exomir merge: per-sample tables -> counts.tsv, cpm.tsv, qc_summary.tsv; bad input.
P expected/merge_counts.tsv exomir quant --quiet --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o q $DATA/quant_small.fq && exomir quant --quiet --sample S0 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o q $DATA/quant_small.fq $DATA/quant_small.fq && exomir merge --quiet -o m q/S1.mirna.tsv q/S0.mirna.tsv && cat m/counts.tsv
P . exomir quant --quiet --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o q $DATA/quant_small.fq && exomir merge --quiet -o m q/S1.mirna.tsv && test -s m/cpm.tsv && test -s m/counts.run.json && grep -q '^S1	12	' m/qc_summary.tsv
N . exomir merge -o m $DATA/no_such.mirna.tsv
N . exomir merge -o m $DATA/mini_mature.fa
N2 . exomir merge $DATA/quant_small.fq
# blanks (medium-only controls): contamination.tsv + medium_share.tsv; --subtract-blank changes cpm.tsv only; bad names
P . exomir quant --quiet --sample S1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o q $DATA/quant_small.fq && exomir quant --quiet --sample B1 --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa -o q $DATA/quant_small.fq && exomir merge --quiet --blank B1 --subtract-blank -o m q/S1.mirna.tsv q/B1.mirna.tsv && head -1 m/contamination.tsv | grep -q '^mirna	mean_cpm_samples	mean_cpm_blanks	ratio	prevalence_blanks	prevalence_samples	p_prevalence	p_value	medium_fraction	flag$' && grep -q '^S1	sample	1.0000	blank profile fit$' m/medium_share.tsv && test -s m/counts_blank_subtracted.tsv && cmp -s <(cut -f1,2 m/counts.tsv) <(cut -f1,2 m/cpm.tsv)
N2 . exomir merge --blank nope -o m $CLI/expected/quant_small.mirna.tsv
N2 . exomir merge --subtract-blank -o m $CLI/expected/quant_small.mirna.tsv
