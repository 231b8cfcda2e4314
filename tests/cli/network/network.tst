# exomir network: scores written to -o DIR (module_scores.tsv golden file), failures leave no output behind.
P network_scores.expected exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --gmt $DATA/network_extra.gmt --permutations 500 --strata 2 --quiet -o net && cat net/module_scores.tsv
P network_group.expected exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --group condition=hypoxia --samplesheet $DATA/network_samples.tsv --min-cpm 100 --permutations 500 --strata 2 --quiet -o net && cat net/mirna_abundance.tsv
P . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --ppi $DATA/network_ppi.tsv --propagate --sample S1 --permutations 100 --strata 2 --quiet -o net && test -s net/network.graphml && test -s net/bundle.members.tsv && grep -q '"n_modules": 5' net/network.run.json
P . exomir network --help
N2 . exomir network --targets $DATA/network_targets.tsv -o net
N2 . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --propagate -o net
N2 . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --sample S1 --group condition=hypoxia --samplesheet $DATA/network_samples.tsv -o net
N2 . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --permutations 0 -o net
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --sample S9 -o net
N . exomir network --counts $DATA/network_counts.tsv --targets <(printf 'mirna\tgene\tweight\nhsa-miR-21-5p\tPTEN\t1.7\n') --modules $DATA/network_modules.tsv -o net
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules <(printf 'module\tgene\trole\nP\tG\tactivator\n') -o net
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --gmt <(printf 'SET\tdescription only\n') -o net
N . exomir network --counts $DATA/network_targets.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net
