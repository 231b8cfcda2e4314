# exomir rank: on a network result of the fixture tables (tests/data/network_*).
# The cocktail over the fixture cargo (golden), and all outputs with group comparison.
P rank_cocktails.tsv exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --permutations 50 --quiet -o net && exomir rank net --k 3 --quiet -o out && cat out/payload_cocktails.tsv
P rank_nlrp3_k2.tsv exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --permutations 50 --quiet -o net && exomir rank net --k 2 --modules inflammasome_nlrp3,fibrosis_ecm_ --quiet -o out && cut -f1-7,13 out/payload_cocktails.tsv
P . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --permutations 50 --quiet -o net && exomir rank net --pool all --targets $DATA/network_targets.tsv --counts $DATA/network_counts.tsv --samplesheet $DATA/network_samples.tsv --group-by source --bootstrap 200 --quiet -o out && for f in payload_contributions.tsv payload_mirnas.tsv payload_cocktails.tsv group_comparison.tsv; do test -s out/$f && test -s out/$f.run.json || exit 1; done
# Identical bytes for 1 and 2 threads.
P . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --permutations 50 --quiet -o net && for t in 1 2; do exomir rank net -t $t --counts $DATA/network_counts.tsv --samplesheet $DATA/network_samples.tsv --group-by condition --bootstrap 300 --quiet -o out$t || exit 1; done && for f in payload_contributions.tsv payload_mirnas.tsv payload_cocktails.tsv group_comparison.tsv; do cmp out1/$f out2/$f || exit 1; done
# Usage errors (exit 2) and input errors (exit 1) leave nothing behind.
N2 . exomir rank $DATA -o out --pool some
N2 . exomir rank $DATA -o out --k 0
N2 . exomir rank $DATA -o out --counts $DATA/network_counts.tsv
N2 . exomir rank -o out
N . exomir rank $DATA -o out
N . d=$(mktemp -d) && exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --permutations 10 --quiet -o $d && exomir rank $d --modules no_such_module -o out; rc=$?; rm -rf $d; exit $rc
N . d=$(mktemp -d) && exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --permutations 10 --quiet -o $d && exomir rank $d --counts $DATA/network_counts.tsv --samplesheet $DATA/network_samples.tsv --group-by nope -o out; rc=$?; rm -rf $d; exit $rc
