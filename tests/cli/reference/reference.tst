# exomir reference: check / describe a reference bundle (miRBase FASTA + curated tables); writes no file.
# --- shipped tables (reference/) against the default miRBase 22 (optimir) ---
P . exomir reference check --quiet | grep -Eqx 'ok: hsa: 2656 matures, 1917 hairpins; [0-9]+ modules, [0-9]+ interactions'
P . test "$(exomir reference describe --quiet --format tsv | awk -F'\t' '$2 == "modules" && $3 == "md5" { print $4 }')" = "$(md5sum < $ROOT/reference/modules.tsv | cut -c1-32)"
P . test "$(exomir reference describe --quiet --format tsv | awk -F'\t' '$1 == "module" && $3 == "genes" { n += $4 } END { print n }')" = "$(($(wc -l < $ROOT/reference/modules.tsv) - 1))"
P . exomir reference describe --quiet --format json | python3 -c 'import json, sys; d = json.load(sys.stdin); assert d["reference"]["matures"] == 2656 and d["interactions"]["count"] == sum(d["interactions"]["by_effect"].values()) > 0'
P . exomir reference describe --quiet | grep -Eq '^  inflammasome_nlrp3_assembly +[0-9]+ genes: driver [0-9]+, protective [0-9]+, context [0-9]+$'
# --- tests/data fixtures ---
P . exomir reference check --quiet --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --curated-dir $DATA/reference_mini | grep -qx 'ok: hsa: 10 matures, 5 hairpins; 2 modules, 3 interactions'
P expected/reference_describe_mini.tsv exomir reference describe --quiet --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --curated-dir $DATA/reference_mini --format tsv | sed "s|$DATA|DATA|"
P . exomir reference describe --quiet --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --curated-dir $DATA/reference_mini | grep -qx 'interactions  3: down 2, up 1'
P . exomir reference describe --quiet --reference $DATA/bad --curated-dir $DATA/reference_mini | grep -qx 'reference     hsa: 2 matures (0 in no hairpin), 2 hairpins'
P . EXOMIR_REFERENCE_DIR=$DATA/reference_mini exomir reference describe --quiet --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --format json | grep -q '"module": "fibrosis_tgfb_smad"'
# every problem is listed (file:line: what; fix), then one error line
P . out=$(exomir reference check --quiet --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --curated-dir $DATA/reference_bad 2>&1); test $? = 1 && grep -q "reference_bad/modules.tsv:3: role 'drivr' is not driver" <<<"$out" && grep -q "modules.tsv:5: duplicate row for gene TGFBR1 in module fibrosis_tgfb_smad (first at line 4)" <<<"$out" && grep -q "modules.tsv:6: gene 'Nek7' is not an upper-case" <<<"$out" && grep -q "modules.gmt:1: genes of 'fibrosis_tgfb_smad' differ" <<<"$out" && grep -q "error: 6 problems" <<<"$out"
P . out=$(exomir reference check --quiet --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --curated-dir $DATA/reference_bad_mirna 2>&1); test $? = 1 && grep -q "interactions.tsv:5: miRNA 'hsa-miR-9999-5p' is not a mature name" <<<"$out" && grep -q "interactions.tsv:2: miRNA 'MIMAT0000076'" <<<"$out" && grep -q "error: 2 problems" <<<"$out"
P . out=$(exomir reference check --quiet --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --curated-dir $DATA/no_such_dir 2>&1); test $? = 1 && test "$(grep -c ': file not found; a reference bundle needs' <<<"$out")" = 3
N . exomir reference check --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --curated-dir $DATA/reference_bad
N . exomir reference check --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --curated-dir $DATA/reference_bad_mirna
N . exomir reference check --reference $DATA/bad --curated-dir $DATA/reference_mini
N . exomir reference check --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --curated-dir $DATA/no_such_dir
N . exomir reference describe --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --curated-dir $DATA/no_such_dir
N . exomir reference check --mature $DATA/no_such_mature.fa --hairpin $DATA/mini_hairpin.fa --curated-dir $DATA/reference_mini
N . exomir reference describe --reference $DATA/no_such_dir --curated-dir $DATA/reference_mini
N . exomir reference check --mature $DATA/mini_mature.fa --hairpin $DATA/mini_hairpin.fa --species xyz --curated-dir $DATA/reference_mini
N2 . exomir reference frobnicate
N2 . exomir reference
N2 . exomir reference check --format json
N2 . exomir reference describe --format yaml
N2 . exomir reference check --mature $DATA/mini_mature.fa
