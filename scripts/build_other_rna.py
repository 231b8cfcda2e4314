#!/usr/bin/env python3
"""Build reference/other_rna/human_other_rna.fa.gz, the small-RNA class reference quant uses by default.

usage: scripts/build_other_rna.py [SOURCE_DIR] [OUT_FASTA_GZ]
  SOURCE_DIR   ../shared/data/other_rna (the real sequences; see its README.md)
  OUT_FASTA_GZ reference/other_rna/human_other_rna.fa.gz

Python 3 standard library only. Deterministic: the same inputs give the same bytes (gzip mtime 0).
Header of every record: >ID class=CLASS feature=FEATURE [anticodon=POS] src=FILE
  class     tRNA, rRNA, Y_RNA, snRNA, snoRNA, 7SK_RNA, 7SL_RNA, vault_RNA, misc_RNA (quant's class order)
  feature   what other_rna.tsv counts: tRNA isotype-anticodon (tRNA-Gly-GCC, mt-tRNA-Leu-TAG), gene symbol
            (RNY4, RN7SK, SNORD3A), rRNA unit (RNA45S, RNA18S, RNA5-8S, RNA28S, RNA5S, MT-RNR1, MT-RNR2)
  anticodon tRNA only: 1-based position of the anticodon's first base in the mature sequence
Sequences identical to an earlier record (class order, then file order) are dropped.
"""
import gzip
import os
import re
import sys

# (file, how to read the class and feature of a record); class order = quant's priority.
CLASS_ORDER = ["tRNA", "rRNA", "Y_RNA", "snRNA", "snoRNA", "7SK_RNA", "7SL_RNA", "vault_RNA", "misc_RNA"]
SOURCE_CLASS = {
    "tRNA": "tRNA", "Mt_tRNA": "tRNA", "rRNA": "rRNA", "Mt_rRNA": "rRNA", "Y_RNA": "Y_RNA", "snRNA": "snRNA",
    "snoRNA": "snoRNA", "7SK_RNA": "7SK_RNA", "7SL_SRP_RNA": "7SL_RNA", "vault_RNA": "vault_RNA",
    "RNase_MRP_RNA": "misc_RNA", "RNase_P_RNA": "misc_RNA", "telomerase_RNA": "misc_RNA", "SNAR": "misc_RNA",
}
FILES = [
    "tRNA_nuclear_GtRNAdb_hg38_mature.fa",
    "tRNA_mito_mitotRNAdb.fa",
    "rRNA_human.fa",
    "YRNA_human.fa",
    "snRNA_human.fa",
    "snoRNA_scaRNA_human.fa",
    "7SK_7SL_vault_RMRP_RPPH1_TERC_SNAR_human.fa",
]
RRNA_FEATURE = {"45S_pre-rRNA": "RNA45S", "18S": "RNA18S", "5.8S": "RNA5-8S", "28S": "RNA28S", "5S": "RNA5S",
                "Mt_12S": "MT-RNR1", "Mt_16S": "MT-RNR2", "misc_RNA(RNAcentral_rRNA_type)": "RNA5S-like"}


def read_fasta(path):
    name, seq = None, []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith(">"):
                if name is not None:
                    yield name, "".join(seq)
                name, seq = line[1:], []
            elif line:
                seq.append(line.strip())
    if name is not None:
        yield name, "".join(seq)


def tag(header, key):
    m = re.search(r"(?:^|\s)" + re.escape(key) + r"=(\S+)", header)
    return m.group(1) if m else None


def anticodon_position(seq, anticodon, name):
    """1-based start of the anticodon: the occurrence closest to the canonical position 34 within 20-40 (mt-tRNA-Ser(GCT) has no D-arm)."""
    best = None
    for m in re.finditer("(?=%s)" % anticodon, seq):
        p = m.start() + 1
        if 20 <= p <= 40 and (best is None or abs(p - 34) < abs(best - 34)):
            best = p
    if best is None:
        sys.exit("%s: anticodon %s not found at positions 20-40" % (name, anticodon))
    return best


def records(src_dir):
    for fname in FILES:
        for header, seq in read_fasta(os.path.join(src_dir, fname)):
            ident = header.split()[0]
            cls = SOURCE_CLASS.get(tag(header, "class"))
            if cls is None:
                sys.exit("%s: %s: class %s is not mapped" % (fname, ident, tag(header, "class")))
            seq = seq.upper().replace("U", "T")
            extra = ""
            if cls == "tRNA":
                m = re.match(r"^(mt-)?tRNA-([A-Za-z]+?)\d?-([ACGTN]{3})(?:-\d+-\d+)?$", ident)
                if not m:
                    sys.exit("%s: tRNA name %s not understood" % (fname, ident))
                feature = "%stRNA-%s-%s" % (m.group(1) or "", m.group(2), m.group(3))
                extra = " anticodon=%d" % anticodon_position(seq, m.group(3), ident)
                if not seq.endswith("CCA"):
                    seq += "CCA"  # mature tRNAs carry the post-transcriptional 3' CCA
            elif cls == "rRNA":
                feature = RRNA_FEATURE.get(tag(header, "subtype"))
                if feature is None:
                    sys.exit("%s: %s: rRNA subtype %s is not mapped" % (fname, ident, tag(header, "subtype")))
            else:
                feature = tag(header, "gene") or ident.split("|")[0]
            yield cls, feature, ident, seq, extra, fname


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "data", "other_rna")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "reference", "other_rna",
                                                              "human_other_rna.fa.gz")
    recs = sorted(records(src_dir), key=lambda r: CLASS_ORDER.index(r[0]))  # stable: file order within a class
    seen, lines, per_class, dropped = set(), [], {}, 0
    for cls, feature, ident, seq, extra, fname in recs:
        if not re.fullmatch("[ACGTN]+", seq):
            sys.exit("%s: %s has letters other than ACGTN" % (fname, ident))
        if seq in seen:
            dropped += 1
            continue
        seen.add(seq)
        lines.append(">%s class=%s feature=%s%s src=%s\n%s\n" % (ident, cls, feature, extra, fname, seq))
        n, b = per_class.get(cls, (0, 0))
        per_class[cls] = (n + 1, b + len(seq))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write("".join(lines).encode())
    for cls in CLASS_ORDER:
        n, b = per_class.get(cls, (0, 0))
        print("%s\t%d records\t%d nt" % (cls, n, b))
    print("dropped %d exact duplicates; wrote %s" % (dropped, out))


if __name__ == "__main__":
    main()
