# exomir report on the fixture results folder (tests/data/report): outputs never replace inputs (issue 18).
# The outputs are report.html and exomir_*_mqc.json in the results folder; the inputs are the sample sheet, every
# quant/S.qc.json and S.isomir.gff3, counts/cpm.tsv, net/*.tsv and net/network.run.json, rank/*.tsv. An output
# that is one of them (same path, symlink or hard link) exits 2 and leaves the input untouched.
P . cp -r $DATA/report res && exomir report --no-graphviz --quiet --samples res/samples.tsv res && test -s res/report.html && test -s res/exomir_general_mqc.json
N2 . cp -r $DATA/report res && cp res/samples.tsv res/report.html && { exomir report --no-graphviz --quiet --samples res/report.html res; rc=$?; cmp -s res/samples.tsv res/report.html || rc=99; rm -rf res; exit $rc; }
# a qc.json that is the real file behind a symlink: rewriting the MultiQC file would replace the sample's QC
N2 . cp -r $DATA/report res && mv res/quant/ad1.qc.json res/exomir_general_mqc.json && ln -s ../exomir_general_mqc.json res/quant/ad1.qc.json && { exomir report --no-graphviz --quiet --samples res/samples.tsv res; rc=$?; cmp -s res/exomir_general_mqc.json $DATA/report/quant/ad1.qc.json || rc=99; rm -rf res; exit $rc; }
N2 . cp -r $DATA/report res && ln res/quant/bm1.qc.json res/exomir_read_fates_mqc.json && { exomir report --no-graphviz --quiet --samples res/samples.tsv res; rc=$?; cmp -s res/quant/bm1.qc.json $DATA/report/quant/bm1.qc.json || rc=99; rm -rf res; exit $rc; }
N2 . cp -r $DATA/report res && echo '{"target_sources": {}}' > res/exomir_rna_classes_mqc.json && ln -s ../exomir_rna_classes_mqc.json res/net/network.run.json && { exomir report --no-graphviz --quiet --samples res/samples.tsv res; rc=$?; grep -q target_sources res/exomir_rna_classes_mqc.json || rc=99; rm -rf res; exit $rc; }
N2 . cp -r $DATA/report res && ln res/quant/ad1.isomir.gff3 res/report.html && { exomir report --no-graphviz --quiet --samples res/samples.tsv res; rc=$?; cmp -s res/quant/ad1.isomir.gff3 $DATA/report/quant/ad1.isomir.gff3 || rc=99; rm -rf res; exit $rc; }
N2 . cp -r $DATA/report res && ln res/counts/cpm.tsv res/report.html && { exomir report --no-graphviz --quiet --samples res/samples.tsv res; rc=$?; cmp -s res/counts/cpm.tsv $DATA/report/counts/cpm.tsv || rc=99; rm -rf res; exit $rc; }
