#!/usr/bin/env python3
"""trna_fragments.py EXOMIR OUT_DIR [N_PER_TYPE] [SEED]: tRNA fragment test set with known types, scored.

Draws fragments of every type from the shipped reference's tRNAs (reference/other_rna/human_other_rna.fa.gz, using
each record's anticodon= position) at the positions that define the type (docs/rna_classes.md):
  5'-half  position 1 .. an end inside the anticodon loop (anticodon-2 .. anticodon+4)
  5'-tRF   position 1 .. an end 16 nt or longer, before the loop
  3'-half  a start inside the loop .. the 3' end (discriminator, C, CC or CCA)
  3'-tRF   a start after the loop .. the 3' end, 16-30 nt
  i-tRF    a start after position 1 .. an end before the 3' end, 16-30 nt
20% of the reads get one random substitution. One already-trimmed FASTQ per type goes through
`exomir quant --adapter none` (default length window); a read is correct when rna_fragments.tsv counts it under its type.
Prints type, reads, correct, fraction; exits 1 if the overall fraction is below 0.95. Standard library only.
"""
import csv
import gzip
import os
import random
import re
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
exomir, out = sys.argv[1], sys.argv[2]
n_per = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
ref = os.path.join(here, "..", "reference", "other_rna", "human_other_rna.fa.gz")
trnas = []
with gzip.open(ref, "rt") as f:
    header = None
    for line in f:
        if line.startswith(">"):
            header = line
        elif "class=tRNA" in header:
            a = int(re.search(r"anticodon=(\d+)", header).group(1))
            seq = line.strip()
            trnas.append((seq, len(seq) - 3, a))  # every shipped tRNA ends in CCA


def draw(kind):
    while True:
        seq, L, a = rng.choice(trnas)
        if kind == "5'-half":
            s, e = 0, rng.randint(a - 2, a + 4)
        elif kind == "5'-tRF":
            s, e = 0, rng.randint(16, a - 3)
        elif kind == "3'-half":
            s, e = rng.randint(a - 2, a + 4) - 1, rng.randint(L, L + 3)
        elif kind == "3'-tRF":
            e = rng.randint(L, L + 3)
            s = e - rng.randint(16, 30)
            if s + 1 <= a + 4:
                continue
        else:  # i-tRF
            n = rng.randint(16, 30)
            s = rng.randint(1, L - 1 - n)
            e = s + n
        frag = seq[s:e]
        if not 16 <= len(frag) <= 50:
            continue
        if rng.random() < 0.2:
            i = rng.randrange(len(frag))
            frag = frag[:i] + rng.choice([b for b in "ACGT" if b != frag[i]]) + frag[i + 1:]
        return frag


os.makedirs(out, exist_ok=True)
types = ["5'-half", "5'-tRF", "i-tRF", "3'-half", "3'-tRF"]
total = correct_total = 0
print("type\treads\tcorrect\tfraction")
for k, kind in enumerate(types):
    fq = os.path.join(out, "type%d.fastq" % k)
    with open(fq, "w") as f:
        for i in range(n_per):
            s = draw(kind)
            f.write("@r%d\n%s\n+\n%s\n" % (i, s, "I" * len(s)))
    # quant's default length window: 3' halves (36-45 nt here) reach the other-RNA classes through
    # --other-max-length (50) while the miRNA aligner keeps --max-length 40
    subprocess.run([exomir, "quant", "--quiet", "-t", "2", "--adapter", "none", "--sample", "type%d" % k, "-o", out, fq],
                   check=True)
    correct = 0
    with open(os.path.join(out, "type%d.rna_fragments.tsv" % k)) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["class"] == "tRNA" and row["fragment"] == kind:
                correct += int(row["reads"])
    total += n_per
    correct_total += correct
    print("%s\t%d\t%d\t%.4f" % (kind, n_per, correct, correct / n_per))
frac = correct_total / total
print("all\t%d\t%d\t%.4f (bar >= 0.95)" % (total, correct_total, frac))
sys.exit(0 if frac >= 0.95 else 1)
