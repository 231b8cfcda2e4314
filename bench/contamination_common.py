"""contamination_common.py: what bench/contamination_score.py and bench/contamination_oracle.py share (issue #16):
the reader of merge's count matrices and the truth rule that says which miRNAs are mostly bovine (the medium's)
and which are the cells' own. Both scripts are run from bench/, so this module is found beside them."""
import csv


def matrix(path):
    """(sample columns, {mirna: [count per sample]}) of a merge counts.tsv: the first two columns are the miRNA and
    its accession, the rest one column per sample."""
    with open(path) as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return rows[0][2:], {r[0]: [float(x) for x in r[2:]] for r in rows[1:]}


def truth_classes(names, th, tb, min_reads):
    """For each miRNA of `names`, from the true human (th) and bovine (tb) count matrices summed over samples:
    (mostly_bovine, msc) booleans. Mostly bovine: at least min_reads true bovine reads and more bovine than human;
    the cells' own (MSC): at least min_reads true human reads and at least as many human as bovine."""
    bov = [sum(tb.get(m, [0])) for m in names]
    hum = [sum(th.get(m, [0])) for m in names]
    mostly_bovine = [b >= min_reads and b > h for b, h in zip(bov, hum)]
    msc = [h >= min_reads and h >= b for b, h in zip(bov, hum)]
    return mostly_bovine, msc
