#!/usr/bin/env python3
"""make_many_samples.py FIXTURE OUT N: a deterministic results folder of N samples for exomir report (standard library
only). Copies net/ from the small fixture (tests/data/report), writes samples.tsv (conditions source and culture),
quant/S.qc.json (with a qc_gate verdict), S.isomir.gff3, S.rna_classes.tsv, S.rna_fragments.tsv, counts/cpm.tsv and
counts/tmm.tsv. Two sources differ in 30 of 200 miRNAs, so the MDS plot and the heatmap have structure."""
import json
import os
import random
import shutil
import sys

fixture, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(15)
os.makedirs(f"{out}/quant", exist_ok=True)
os.makedirs(f"{out}/counts", exist_ok=True)
shutil.copytree(f"{fixture}/net", f"{out}/net", dirs_exist_ok=True)
names = [f"S{i + 1:03d}" for i in range(n)]
source = ["bone_marrow" if i % 2 else "adipose" for i in range(n)]
culture = ["hypoxia" if (i // 2) % 3 == 0 else "normoxia" for i in range(n)]
with open(f"{out}/samples.tsv", "w") as f:
    f.write("sample\tfastq\tkit\tsource\tculture\n")
    for s, a, b in zip(names, source, culture):
        f.write(f"{s}\treads_{s}.fq.gz\ttruseq\t{a}\t{b}\n")
mirnas = [f"hsa-miR-{1000 + g}-5p" for g in range(200)]
base = [2 ** rng.uniform(0, 14) for _ in mirnas]
matrix = []
for i in range(n):
    col = [b * 2 ** rng.gauss(0, 0.3) * (4 if source[i] == "bone_marrow" and g < 30 else 1) for g, b in enumerate(base)]
    total = sum(col)
    matrix.append([1e6 * v / total for v in col])
for name, scale in (("cpm", 1.0), ("tmm", 1.02)):
    with open(f"{out}/counts/{name}.tsv", "w") as f:
        f.write("mirna\taccession\t" + "\t".join(names) + "\n")
        for g, m in enumerate(mirnas):
            f.write(f"{m}\tMIMAT{g:07d}\t" + "\t".join(f"{matrix[i][g] * scale:.2f}" for i in range(n)) + "\n")
classes = ["miRNA", "hairpin_other", "tRNA", "rRNA", "Y_RNA", "snRNA", "snoRNA", "7SK_RNA", "unmapped"]
frags = [("tRNA", "tRNA-Gly-GCC", "5'-half"), ("tRNA", "tRNA-Glu-CTC", "5'-half"), ("tRNA", "tRNA-Val-CAC", "3'-tRF"),
         ("tRNA", "tRNA-Lys-CTT", "i-tRF"), ("tRNA", "mt-tRNA-Leu-TAA", "5'-tRF"), ("Y_RNA", "RNY4", "5'"),
         ("Y_RNA", "RNY4", "3'"), ("Y_RNA", "RNY1", "5'")]
for i, s in enumerate(names):
    reads = {c: rng.randint(500, 20000) for c in classes}
    kept = sum(reads.values())
    verdict = "FAIL" if i % 17 == 5 else "WARN" if i % 7 == 3 else "PASS"
    qc = {"sample": s, "adapter": "TGGAATTCTCGGGTGCCAAGG", "reads_in": kept + 1000, "adapter_dimers": 600,
          "too_short": 400, "insert_length_histogram": [600] + [0] * 15 + [rng.randint(10, 900) for _ in range(30)],
          "annotation": {"mirna_reads": reads["miRNA"], "hairpin_other_reads": reads["hairpin_other"],
                         "other_rna_reads": sum(reads[c] for c in classes[2:-1]), "unmapped_reads": reads["unmapped"],
                         "other_rna_class_reads": {c: reads[c] for c in classes[2:-1]}},
          "qc_gate": {"verdict": verdict, "reasons": [] if verdict == "PASS" else ["miRNA reads below 100,000"]}}
    with open(f"{out}/quant/{s}.qc.json", "w") as f:
        json.dump(qc, f)
    with open(f"{out}/quant/{s}.isomir.gff3", "w") as f:
        f.write(f"## mirGFF3. VERSION 1.2\n## source-ontology: miRBasev22\n## COLDATA: {s}\n## TOOLS: exomir\n")
        f.write("hsa-mir-21\tmiRBasev22\tref_miRNA\t8\t29\t.\t+\t.\tRead=TAGCTTATCAGACTGATGTTGA; UID=iso-22-X; "
                f"Name=hsa-miR-21-5p; Parent=hsa-mir-21; Variant=NA; Cigar=22M; Expression={reads['miRNA']}; "
                "Filter=Pass; Hits=1\n")
    with open(f"{out}/quant/{s}.rna_classes.tsv", "w") as f:
        f.write("class\treads\tfraction\tunique_sequences\n")
        for c in classes:
            f.write(f"{c}\t{reads[c]}\t{reads[c] / kept:.6f}\t{reads[c] // 3}\n")
    with open(f"{out}/quant/{s}.rna_fragments.tsv", "w") as f:
        f.write("class\tfeature\tfragment\treads\tunique_sequences\tcca_end_reads\n")
        for k, (c, feat, typ) in enumerate(frags):
            f.write(f"{c}\t{feat}\t{typ}\t{rng.randint(0, 3000) // (k + 1)}\t7\t0\n")
