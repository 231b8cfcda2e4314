#!/usr/bin/env python3
"""rna_classes_score.py READ_TRUTH.tsv.gz RNA_CLASSES.tsv [MIN_LEN MAX_LEN]: quant's class fractions vs the truth.

Truth = the simulator's per-read class of every read whose true insert is MIN_LEN..MAX_LEN nt (what quant keeps);
simulator classes map to quant's: miRNA->miRNA, hairpin_loop->hairpin_other, tRNA, YRNA->Y_RNA, rRNA, snoRNA,
other (random genomic-like fragments)->unmapped. Prints class, truth %, quant %, difference (percentage points);
exits 1 if any class differs by 2 points or more. Python 3 standard library only.
"""
import csv
import gzip
import sys

MAP = {"miRNA": "miRNA", "hairpin_loop": "hairpin_other", "tRNA": "tRNA", "YRNA": "Y_RNA", "rRNA": "rRNA",
       "snoRNA": "snoRNA", "other": "unmapped"}
truth_path, classes_path = sys.argv[1], sys.argv[2]
lo, hi = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (16, 40)
truth = {}
with gzip.open(truth_path, "rt") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        c = MAP.get(row["class"])
        if c is None or not (lo <= len(row["insert"]) <= hi):
            continue
        truth[c] = truth.get(c, 0) + 1
n_truth = sum(truth.values())
quant = {}
with open(classes_path) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        quant[row["class"]] = int(row["reads"])
n_quant = sum(quant.values())
worst = 0.0
print("class\ttruth_pct\tquant_pct\tdiff_pp")
for c in sorted(set(truth) | set(quant), key=lambda c: -truth.get(c, 0)):
    t, q = 100.0 * truth.get(c, 0) / n_truth, 100.0 * quant.get(c, 0) / n_quant
    worst = max(worst, abs(q - t))
    print("%s\t%.2f\t%.2f\t%+.2f" % (c, t, q, q - t))
print("kept reads: truth %d, quant %d; largest difference %.2f pp (bar < 2)" % (n_truth, n_quant, worst))
sys.exit(0 if worst < 2.0 else 1)
