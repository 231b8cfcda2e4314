#!/usr/bin/env python3
"""Score a mirGFF3 against the miRTop incubator synthetic isomiR set, as mirtop's `compare` does.

The reference synthetic_100.gff predates the current UID scheme, so sequences are matched by their
Read (the sequence after the last '.'); old type names are mapped (iso_add -> iso_add3p, iso_snp* ->
iso_snv*). Per detected sequence and isomiR type: TP (type in both), FN (only in reference),
FP (only in the tool), TN. As in mirtop's _accuracy, a type counts as present when
its name is a substring of the simplified Variant (so iso_snv_central_supp also implies iso_snv and
iso_snv_central). The five tools' published rows in all/summary.txt are tallied per row and per unique
sequence (first row of each sequence; tools differ in how many hits they list).
Usage: mirtop_synthetic_score.py SYNTHETIC_DIR TOOL.gff3
"""
import collections
import csv
import sys

TYPES = ["iso_5p", "iso_3p", "iso_add3p", "iso_snv", "iso_snv_seed", "iso_snv_central",
         "iso_snv_central_supp", "iso_snv_central_offset"]


def norm_types(variant):
    """The simplified Variant string (types only, new names): mirtop compares types as substrings."""
    out = []
    for v in variant.replace(" ", "").split(","):
        t = v.split(":")[0]
        if not t or t == "NA":
            continue
        t = t.replace("iso_snp", "iso_snv")
        if t == "iso_add":
            t = "iso_add3p"
        out.append(t)
    return ",".join(out)


def attributes(col9):
    attr = {}
    for part in col9.strip().rstrip(";").split(";"):
        part = part.strip()
        if not part:
            continue
        k, _, v = part.partition("=") if "=" in part else part.partition(" ")
        attr[k.strip()] = v.strip()
    return attr


def read_gff(path):
    rows = []
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        a = attributes(line.rstrip("\n").split("\t")[8])
        rows.append((a["Read"].split(".")[-1].upper().replace("U", "T"), a["Name"], norm_types(a["Variant"])))
    return rows


def accuracy(tool, ref):
    return collections.Counter(("TP" if t in tool else "FN") if t in ref else ("FP" if t in tool else "TN")
                               for t in TYPES)


def score(rows, reference):
    per_row, per_seq, seen = collections.Counter(), collections.Counter(), set()
    for seq, name, types in rows:
        if seq in reference:
            acc = accuracy(types, reference[seq][1])
            per_row.update(acc)
            per_row["detected"] += 1
            per_row["same_mirna"] += name == reference[seq][0]
            if seq not in seen:
                per_seq.update(acc)
                per_seq["detected"] += 1
                seen.add(seq)
        else:
            per_row["extra"] += 1
            if seq not in seen:
                per_seq["extra"] += 1
                seen.add(seq)
    return per_row, per_seq


def main():
    base, tool_gff = sys.argv[1], sys.argv[2]
    reference = {seq: (name, types) for seq, name, types in read_gff(base + "/synthetic/synthetic_100.gff")}
    published = collections.defaultdict(list)
    hdr = None
    for r in csv.reader(open(base + "/all/summary.txt"), delimiter="\t"):
        if r[0] == "sample":
            hdr = r
            continue
        d = dict(zip(hdr, r))
        if d["tag"] == "M":
            continue
        published[d["sample"]].append((d["seq"], collections.Counter(d[k] for k in hdr[5:])))
    print("tool\tdetected\tTP\tFP\tFN\tTP_unique_seq\tFP_unique_seq\textra_seq")
    for name, rows in sorted(published.items()):
        row, seq, seen = collections.Counter(), collections.Counter(), set()
        for s, acc in rows:
            row.update(acc)
            if s not in seen:
                seq.update(acc)
                seq["detected"] += 1
                seen.add(s)
        print("%s\t%d/%d\t%d\t%d\t%d\t%d\t%d\t%d" % (name, seq["detected"], len(reference), row["TP"], row["FP"],
                                                     row["FN"], seq["TP"], seq["FP"], 0))
    for name, rows in [("exomir", read_gff(tool_gff))]:
        row, seq = score(rows, reference)
        print("%s\t%d/%d\t%d\t%d\t%d\t%d\t%d\t%d" % (name, seq["detected"], len(reference), row["TP"], row["FP"],
                                                     row["FN"], seq["TP"], seq["FP"], seq["extra"]))


if __name__ == "__main__":
    main()
