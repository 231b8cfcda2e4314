#!/usr/bin/env python3
"""Scores bench/contamination.sh: bovine-specific fraction and serum share per sample against the simulation
truth, contamination flags against each miRNA's true bovine share, Spearman with and without --subtract-blank,
and the real-read checks. usage: contamination_score.py OUTDIR HAIRPIN_FA_GZ"""
import csv, gzip, json, os, sys

from contamination_common import matrix, truth_classes

out, hairpin_fa = sys.argv[1], sys.argv[2]
P = lambda *a: os.path.join(out, *a)


def human_hairpins():
    seqs, cur, keep = [], [], False
    with gzip.open(hairpin_fa, "rt") as f:
        for line in f:
            if line.startswith(">"):
                if keep: seqs.append("".join(cur))
                keep, cur = line[1:].startswith("hsa-"), []
            else:
                cur.append(line.strip().upper().replace("U", "T"))
    if keep: seqs.append("".join(cur))
    return seqs


def truth_reads(path):
    with open(path) as f:
        return {r["mirna"]: (r["sequence"], int(r["true_reads"])) for r in csv.DictReader(f, delimiter="\t")}


def ranks(v):
    order = sorted(range(len(v)), key=lambda i: v[i])
    r = [0.0] * len(v)
    i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and v[order[j + 1]] == v[order[i]]: j += 1
        for k in range(i, j + 1): r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(a); ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5; vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb)


hp = "\n".join(human_hairpins())


def near_human(seq):
    """True when seq lies in a human hairpin with at most 1 substitution (quant's default tolerance):
    one half is then exact (pigeonhole); verify every such placement."""
    half = len(seq) // 2
    for off, part in ((0, seq[:half]), (half, seq[half:])):
        pos = hp.find(part)
        while pos >= 0:
            start = pos - off
            cand = hp[start:start + len(seq)] if start >= 0 else ""
            if len(cand) == len(seq) and "\n" not in cand and sum(a != b for a, b in zip(seq, cand)) <= 1:
                return True
            pos = hp.find(part, pos + 1)
    return False
print("## per sample (simulated): bovine-specific fraction of miRNA reads and serum-derived share")
print("| sample | bovine reads % | true bovine-specific % (matures > 1 substitution from every human hairpin) | measured % | rel. err | true serum share | quant share (default f_ref) | merge share (blank-calibrated) | rel. err |")
print("|---|---|---|---|---|---|---|---|---|")
with open(P("merged", "medium_share.tsv")) as f:
    merge_share = {r["sample"]: r["medium_share"] for r in csv.DictReader(f, delimiter="\t")}
ok_frac = ok_share = 0
for i, pct in enumerate([2, 5, 10, 20], 1):
    h = truth_reads(P("sim", f"H{i}.truth.tsv")); b = truth_reads(P("sim", f"B{i}.truth.tsv"))
    h_mirna = sum(n for _, n in h.values()); b_mirna = sum(n for _, n in b.values())
    b_specific = sum(n for s, n in b.values() if n and not near_human(s))
    true_frac = b_specific / (h_mirna + b_mirna)
    true_share = b_mirna / (h_mirna + b_mirna)
    q = json.load(open(P("quant", f"S{i}.qc.json")))["bovine"]
    m = float(merge_share[f"S{i}"])
    e1 = q["fraction_of_mirna_reads"] / true_frac - 1; e2 = m / true_share - 1
    ok_frac += abs(e1) <= 0.2; ok_share += abs(e2) <= 0.3
    print(f"| S{i} | {pct} | {100*true_frac:.3f} | {100*q['fraction_of_mirna_reads']:.3f} | {100*e1:+.0f}% | "
          f"{100*true_share:.1f}% | {100*q['serum_share_of_mirna_reads']:.1f}% | {100*m:.1f}% | {100*e2:+.0f}% |")
print(f"\nbovine-specific fraction within +-20%: {ok_frac}/4; blank-calibrated serum share within +-30%: {ok_share}/4")

_, th = matrix(P("truth_human", "counts.tsv")); _, tb = matrix(P("truth_bovine", "counts.tsv"))
with open(P("merged", "contamination.tsv")) as f:
    flags = {r["mirna"]: r["flag"] for r in csv.DictReader(f, delimiter="\t")}
print("\n## flags (merge --blank BL1,BL2)")
bar = {}
for min_reads in (5, 20):
    is_bov, is_msc = truth_classes(list(flags), th, tb, min_reads)
    mostly_bov = [x for x, b in zip(flags, is_bov) if b]
    msc = [x for x, m in zip(flags, is_msc) if m]
    frac = lambda xs, fl: sum(flags[x] in fl for x in xs) / max(1, len(xs))
    print(f"- >= {min_reads} true reads: mostly-bovine miRNAs (bovine > human) {len(mostly_bov)}, flagged likely_medium "
          f"{100*frac(mostly_bov, {'likely_medium'}):.1f}%, likely or possible "
          f"{100*frac(mostly_bov, {'likely_medium', 'possible_medium'}):.1f}%; true MSC miRNAs (human >= bovine) "
          f"{len(msc)}, flagged likely_medium {100*frac(msc, {'likely_medium'}):.1f}%, likely or possible "
          f"{100*frac(msc, {'likely_medium', 'possible_medium'}):.1f}%")
    bar[min_reads] = (frac(mostly_bov, {'likely_medium'}), frac(msc, {'likely_medium'}),
                      frac(msc, {'likely_medium', 'possible_medium'}))
b5 = bar[5]
print(f"\nissue #16 bar (>= 5 true reads): >= 90% of mostly-bovine miRNAs likely_medium: {100*b5[0]:.1f}% "
      f"{'PASS' if b5[0] >= 0.9 else 'FAIL'}; <= 5% of true MSC miRNAs flagged: likely_medium {100*b5[1]:.1f}% "
      f"{'PASS' if b5[1] <= 0.05 else 'FAIL'}, likely or possible {100*b5[2]:.1f}% {'PASS' if b5[2] <= 0.05 else 'FAIL'}")
with open(P("merged", "counts.run.json")) as f:
    print(f"blank dispersion (Pearson X^2/df between the blanks): {json.load(f)['contamination']['blank_dispersion']:.3f}")

samples, raw = matrix(P("merged", "counts.tsv")); _, sub = matrix(P("merged_sub", "counts_blank_subtracted.tsv"))
print("\n## Spearman of the human miRNA counts with the human truth (miRNAs in either table)")
print("| sample | raw counts | after --subtract-blank |\n|---|---|---|")
names = sorted(set(raw) | set(th))
for i in range(4):
    t = [th.get(x, [0] * 4)[i] for x in names]
    r = [raw.get(x, [0] * 6)[i] for x in names]; s = [sub.get(x, [0] * 6)[i] for x in names]
    print(f"| S{i+1} | {spearman(t, r):.4f} | {spearman(t, s):.4f} |")

print("\n## real reads run as if human")
print("| reads | human miRNA reads | bovine-specific miRNA reads | % of miRNA reads | est. serum share |\n|---|---|---|---|---|")
for s in ["bovine_plasma", "bovine_serum", "dnapi_good"]:
    p = P("real", f"{s}.qc.json")
    if not os.path.exists(p): continue
    q = json.load(open(p))["bovine"]
    print(f"| {s} | {q['human_mirna_reads']} | {q['bovine_specific_mirna_reads']} | "
          f"{100*q['fraction_of_mirna_reads']:.3f}% | {100*q['serum_share_of_mirna_reads']:.1f}% |")
