# exomir targets: sources, name resolution, seed scan, isomiR seeds, provenance, and failures without partial output.
# DIFF = the official miRBase miRNA.diff files (old names).
P . exomir targets --help
# Generic TSV + curated + miRTarBase-style rows: names of several styles and releases, weights by evidence class.
P targets_small.expected.tsv exomir targets --no-curated --mirbase-diff $SHARED/mirbase/diff --tsv $DATA/targets_pairs.tsv --curated $DATA/targets_interactions.tsv -o -
# Seed scan over UTRs + a 5' isomiR (its own seed GCTTATC) -> the expected scan rows.
P targets_scan.expected.tsv exomir targets --no-curated --mirbase-diff $SHARED/mirbase/diff --utr $DATA/targets_utr.fa --isomirs $DATA/targets_s1.isomir.gff3 -o - | grep -E 'hsa-miR-21-5p|let-7b-5p|miR-29b-3p'
# -o writes targets.tsv + run.json listing unresolved names with their reason.
P . exomir targets --no-curated --mirbase-diff $SHARED/mirbase/diff --tsv $DATA/targets_pairs.tsv -o t.tsv && test -s t.tsv && grep -q '"deleted from miRBase in release 17.0"' t.tsv.run.json && grep -q "other species 'mmu'" t.tsv.run.json
# Same bytes for 1 and 2 threads.
P . exomir targets --no-curated -t 1 --utr $DATA/targets_utr.fa --tsv $DATA/targets_pairs.tsv -o a.tsv && exomir targets --no-curated -t 2 --utr $DATA/targets_utr.fa --tsv $DATA/targets_pairs.tsv -o b.tsv && cmp a.tsv b.tsv
# The shared TargetScan, validated and MSigDB tables: every name resolves except 37 deleted ones and mouse miR-465a.
P . exomir targets --no-curated --mirbase-diff $SHARED/mirbase/diff --targetscan $SHARED/targets/targetscan70_hsa_predicted_targets_PTC.tsv.gz --targetscan $SHARED/targets/targetscan71_hsa_site_counts_SPONGE_symbol.tsv.gz --validated $SHARED/targets/validated_mti_hsa_GroundT_PTC.tsv.gz --gmt $SHARED/targets/msigdb_2023.1_c3_mir_le300genes.symbols.gmt.gz -o t.tsv && python3 -c "import json,sys; s=json.load(open('t.tsv.run.json'))['sources']; u=[x['name'] for t in s for x in t['unresolved'] if not x['reason'].startswith('deleted from miRBase')]; sys.exit(not ([t['n_unresolved_names'] for t in s] == [0, 0, 38, 0] and u == ['hsa-miR-465a-5p']))"
# Malformed rows: FILE:LINE error, exit 1, no output left behind.
N . exomir targets --no-curated --tsv $DATA/targets_bad_columns.tsv -o t.tsv
N . exomir targets --no-curated --tsv $DATA/targets_bad_weight.tsv -o t.tsv
N . exomir targets --no-curated --targetscan $DATA/targets_bad_context.txt -o t.tsv
N . exomir targets --no-curated --gmt $DATA/targets_bad.gmt -o t.tsv
N . exomir targets --no-curated --mirtarbase $DATA/targets_bad_mirtarbase.tsv -o t.tsv
N . exomir targets --no-curated --utr $DATA/targets_utr.fa --isomirs $DATA/targets_bad.isomir.gff3 -o t.tsv
N . exomir targets --no-curated --tsv $DATA/no_such_file.tsv -o t.tsv
N . exomir targets --no-curated --tsv $DATA/targets_pairs.tsv --mirbase-diff $DATA -o t.tsv
N . exomir targets --tsv $DATA/targets_pairs.tsv --targetscan $DATA/targets_bad_context.txt -o t.tsv
# Usage errors: no source at all, bad option values.
N2 . exomir targets --no-curated -o t.tsv
N2 . exomir targets --no-curated --utr $DATA/targets_utr.fa --scan-min-site 9mer -o t.tsv
N2 . exomir targets --no-curated --tsv $DATA/targets_pairs.tsv --weight-strong 2 -o t.tsv

# issue 18: an output that is an input (same path, hard link) is refused with exit 2 and the input is untouched
N2 . cp $DATA/targets_pairs.tsv mine.tsv && { exomir targets --no-curated --tsv mine.tsv -o mine.tsv; rc=$?; cmp -s mine.tsv $DATA/targets_pairs.tsv || rc=99; rm -f mine.tsv; exit $rc; }
N2 . cp $DATA/targets_pairs.tsv mine.tsv && ln mine.tsv link.tsv && { exomir targets --no-curated --tsv mine.tsv -o link.tsv; rc=$?; cmp -s mine.tsv $DATA/targets_pairs.tsv || rc=99; rm -f mine.tsv link.tsv; exit $rc; }
P . printf '\xef\xbb\xbf' > bom.tsv && cat $DATA/targets_pairs.tsv >> bom.tsv && exomir targets --no-curated --tsv bom.tsv -o a.tsv && exomir targets --no-curated --tsv $DATA/targets_pairs.tsv -o b.tsv && cmp a.tsv b.tsv
