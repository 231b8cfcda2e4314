# Bad-input matrix (issue #9) for exomir targets, network and rank: missing columns, non-numeric or out-of-range
# values, duplicate rows, names that must exist, missing files and conflicting options. Each N case: one-line
# 'exomir <cmd>: error: FILE:LINE: ...' (exit 1) or a usage error (N2, exit 2), and no file left behind.
# Small tables are inline (<(printf ...)); the fixtures are tests/data/network_* and targets_*.

# --- exomir network: counts.tsv ---
N . exomir network --counts <(printf 'mirna\tS1\nhsa-miR-21-5p\t5\n') --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net
N . exomir network --counts <(printf 'mirna\taccession\tS1\nhsa-miR-21-5p\tMIMAT0000076\tabc\n') --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net
N . exomir network --counts <(printf 'mirna\taccession\tS1\nhsa-miR-21-5p\tMIMAT0000076\t-4\n') --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net
N . exomir network --counts <(printf 'mirna\taccession\tS1\nhsa-miR-21-5p\tM\t4\nhsa-miR-21-5p\tM\t5\n') --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net
N . exomir network --counts <(printf 'mirna\taccession\tS1\tS2\nhsa-miR-21-5p\tM\t4\n') --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net
N . exomir network --counts <(printf 'mirna\taccession\nhsa-miR-21-5p\tM\n') --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net
N . exomir network --counts <(printf '') --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net
N . exomir network --counts <(printf 'mirna\taccession\tS1\nhsa-miR-21-5p\tM\t0\n') --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net
# the message names file and line
P . exomir network --counts <(printf 'mirna\taccession\tS1\nhsa-miR-21-5p\tM\t4\nhsa-miR-21-5p\tM\t5\n') --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net 2>err; test $? = 1 && grep -q "^exomir network: error: /dev/fd/[0-9]*:3: duplicate miRNA 'hsa-miR-21-5p'" err && test ! -e net
# --- targets.tsv ---
N . exomir network --counts $DATA/network_counts.tsv --targets <(printf 'mirna\tgene\nhsa-miR-21-5p\tPTEN\n') --modules $DATA/network_modules.tsv -o net
N . exomir network --counts $DATA/network_counts.tsv --targets <(printf 'mirna\tgene\tweight\nhsa-miR-21-5p\tPTEN\thigh\n') --modules $DATA/network_modules.tsv -o net
N . exomir network --counts $DATA/network_counts.tsv --targets <(printf 'mirna\tgene\tweight\nhsa-miR-21-5p\tPTEN\t0.5\nhsa-miR-21-5p\tPTEN\t0.4\n') --modules $DATA/network_modules.tsv -o net
N . exomir network --counts $DATA/network_counts.tsv --targets <(printf 'mirna\tgene\tweight\nhsa-miR-21-5p\t\t0.5\n') --modules $DATA/network_modules.tsv -o net
# --- modules.tsv and GMT ---
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules <(printf 'module\tgene\nm\tA\n') -o net
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules <(printf 'module\tgene\trole\nm\tA\tdriver\nm\tA\tcontext\n') -o net
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --gmt <(printf 'A\td\tG1\tG2\nA\td\tG3\n') -o net
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --gmt <(printf '\td\tG1\tG2\n') -o net
# --- PPI ---
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --ppi <(printf 'gene_a\tscore\nA\t1\n') --propagate -o net
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --ppi <(printf 'gene_a\tgene_b\tscore\nA\tB\thigh\n') --propagate -o net
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --ppi <(printf 'gene_a\tgene_b\tscore\nA\tB\t-3\n') --propagate -o net
# a score above STRING's 1000 (fuzz_network_tables crash-8ced5b70: it became an edge weight of 70.9)
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --ppi <(printf 'gene_a\tgene_b\tscore\nSMAD7\tTGFB1\t70900\n') --propagate -o net
# --- sample sheet and cargo selection: names that must exist ---
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --samplesheet <(printf 'name\tcondition\nS1\ta\n') --group condition=a -o net
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --samplesheet <(printf 'sample\tcondition\nS1\ta\nS1\tb\n') --group condition=a -o net
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --samplesheet <(printf 'sample\tcondition\nS9\thypoxia\n') --group condition=hypoxia -o net
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --samplesheet $DATA/network_samples.tsv --group nope=x -o net
N . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --samplesheet $DATA/network_samples.tsv --group condition=x -o net
# --- output path and options ---
N . cp $DATA/network_counts.tsv c.tsv && exomir network --counts c.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o c.tsv/net; rc=$?; rm -f c.tsv; exit $rc
N2 . exomir network --counts $DATA/no_such_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net
N2 . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --gmt $DATA/no_such.gmt -o net
N2 . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --group condition=hypoxia -o net
N2 . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --group condition --samplesheet $DATA/network_samples.tsv -o net
N2 . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --ppi $DATA/network_ppi.tsv --propagate --restart 1.5 -o net
N2 . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --strata 0 -o net
N2 . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --min-cpm -1 -o net
N2 . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --permutations 200000000 -o net
N2 . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --threads -1 -o net

# --- exomir targets: source tables ---
N . exomir targets --no-curated --tsv <(printf 'mirna\tgene\tweight\nhsa-miR-21-5p\tPTEN\t1.5\n') -o t.tsv
N . exomir targets --no-curated --tsv <(printf 'mirna\tgene\tweight\nhsa-miR-21-5p\tPTEN\tabc\n') -o t.tsv
N . exomir targets --no-curated --tsv <(printf 'mirna\nhsa-miR-21-5p\n') -o t.tsv
N . exomir targets --no-curated --validated <(printf 'mirna\tgene\tweight\tevidence\nhsa-miR-21-5p\tPTEN\t0.3\tsuper\n') -o t.tsv
N . exomir targets --no-curated --mirtarbase <(printf 'miRTarBase ID\tmiRNA\tTarget Gene\nMIRT1\thsa-miR-21-5p\tPTEN\n') -o t.tsv
N . exomir targets --no-curated --curated <(printf 'mirna\tgene\nhsa-miR-21-5p\tPTEN\n') -o t.tsv
N . exomir targets --no-curated --targetscan-family <(printf 'miR family\tSeed+m8\tSpecies ID\nmiR-21\tAGCTTATXX\t9606\n') --tsv $DATA/targets_pairs.tsv -o t.tsv
N . exomir targets --no-curated --gene-alias <(printf 'OLD\n') --tsv $DATA/targets_pairs.tsv -o t.tsv
N . exomir targets --no-curated --gmt <(printf 'MIR21_5P\n') -o t.tsv
N . exomir targets --no-curated --utr $DATA/no_such_utr.fa -o t.tsv
N . exomir targets --no-curated --tsv $DATA/targets_pairs.tsv --species zzz -o t.tsv
N . exomir targets --no-curated --tsv $DATA/targets_pairs.tsv --reference $DATA/no_such_dir -o t.tsv
# duplicate rows of one source are one pair (weight = max), not an error
P . exomir targets --no-curated --tsv <(printf 'mirna\tgene\tweight\nhsa-miR-21-5p\tPTEN\t0.5\nhsa-miR-21-5p\tPTEN\t0.3\n') -o - | grep -c PTEN | grep -qx 1
N2 . exomir targets --no-curated --tsv $DATA/targets_pairs.tsv --mature $DATA/mini_mature.fa -o t.tsv
N2 . exomir targets --no-curated --tsv $DATA/targets_pairs.tsv --weight-weak -0.1 -o t.tsv
N2 . exomir targets --no-curated --tsv $DATA/targets_pairs.tsv --mask-5p -3 -o t.tsv

# --- exomir rank: options and group-comparison inputs (network result made in the case directory, then removed) ---
N2 . exomir rank $DATA -o out --ci 1.5
N2 . exomir rank $DATA -o out --lambda -1
N2 . exomir rank $DATA -o out --group-by condition
N2 . exomir rank $DATA -o out --samplesheet $DATA/network_samples.tsv
N2 . exomir rank $DATA -o out --counts $DATA/network_counts.tsv --samplesheet $DATA/network_samples.tsv --group-by condition --bootstrap 0
N2 . exomir rank $DATA -o out --counts $DATA/network_counts.tsv --samplesheet $DATA/no_such_sheet.tsv --group-by condition
N . d=$(mktemp -d) && exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --permutations 10 --quiet -o $d && exomir rank $d --counts $DATA/network_counts.tsv --samplesheet <(printf 'sample\tcondition\nS1\ta\nS1\tb\n') --group-by condition -o out; rc=$?; rm -rf $d; exit $rc
N . d=$(mktemp -d) && exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --permutations 10 --quiet -o $d && exomir rank $d --counts $DATA/network_counts.tsv --samplesheet <(printf 'sample\tcondition\nS1\ta\nS2\ta\nS3\ta\nS4\ta\n') --group-by condition -o out; rc=$?; rm -rf $d; exit $rc
N . d=$(mktemp -d) && exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --permutations 10 --quiet -o $d && exomir rank $d --counts <(printf 'mirna\taccession\tS1\nhsa-miR-21-5p\tM\tx\n') --samplesheet $DATA/network_samples.tsv --group-by condition -o out; rc=$?; rm -rf $d; exit $rc
N . d=$(mktemp -d) && exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --permutations 10 --quiet -o $d && exomir rank $d --pool all --targets <(printf 'mirna\tgene\tweight\nhsa-miR-21-5p\tPTEN\t2\n') -o out; rc=$?; rm -rf $d; exit $rc
N . d=$(mktemp -d) && exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --permutations 10 --quiet -o $d && rm $d/bundle.targets.tsv && exomir rank $d -o out; rc=$?; rm -rf $d; exit $rc
N . d=$(mktemp -d) && exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --permutations 10 --quiet -o $d && printf 'garbage\n' > $d/bundle.mirnas.tsv && exomir rank $d -o out; rc=$?; rm -rf $d; exit $rc
# --- --normalization tmm: norm_factors.tsv (issue 15) ---
# no norm_factors.tsv beside --counts: one line naming the file and the fix (run exomir merge)
P . exomir network --counts $DATA/network_counts.tsv --normalization tmm --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net 2>err; test $? = 1 && test "$(wc -l < err)" = 1 && grep -q "^exomir network: error: $DATA/norm_factors.tsv: not found .*exomir merge" err && test ! -e net
# a cargo sample without a factor: the factors file, the sample and the fix in one line; no output
P . printf 'sample\tlib_size\tnorm_factor\nS1\t11420\t1\nS2\t10580\t1\nS3\t12341\t1\n' > nf.tsv && exomir network --counts $DATA/network_counts.tsv --normalization tmm --norm-factors nf.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net 2>err; test $? = 1 && test "$(wc -l < err)" = 1 && grep -q "^exomir network: error: nf.tsv: no TMM factor for sample 'S4' of the cargo .*run \`exomir merge\`" err && test ! -e net
N . exomir network --counts $DATA/network_counts.tsv --normalization tmm --norm-factors <(printf 'sample\tlib_size\tnorm_factor\nS1\t11420\t1\nS2\t10580\t1\nS3\t12341\t1\nS4\t9999\t1\n') --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net
N . exomir network --counts $DATA/network_counts.tsv --normalization tmm --norm-factors <(printf 'sample\tlib_size\tnorm_factor\nS1\t11420\t0\n') --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net
N . exomir network --counts $DATA/network_counts.tsv --normalization tmm --norm-factors <(printf 'sample\tnorm_factor\nS1\t1\n') --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net
N2 . exomir network --counts $DATA/network_counts.tsv --norm-factors $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net
N2 . exomir network --counts $DATA/network_counts.tsv --normalization quantile --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv -o net
N2 . exomir network --counts $DATA/network_counts.tsv --targets $DATA/network_targets.tsv --modules $DATA/network_modules.tsv --strata-by size -o net
