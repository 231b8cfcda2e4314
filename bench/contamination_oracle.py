#!/usr/bin/python3
"""Oracle bounds for the contamination flags of bench/contamination.sh (issue #16): the best sensitivity for
mostly-bovine miRNAs at <= 5% of true MSC miRNAs flagged that idealised classifiers reach when they are given
MORE than exomir has, with the threshold chosen with hindsight.

usage: /usr/bin/python3 bench/contamination_oracle.py OUTDIR [--deep N] [--threads T]
  OUTDIR  a finished bench/contamination.sh output (any SEED / BLANK_READS; read from OUTDIR/sim/*.summary.json)
  --deep  reads of each deep re-simulation (default 1000000); cached in OUTDIR/oracle/quant
environment: EXOMIR (default build/exomir), SHARED (default ../shared)

The expectations come from re-simulating each library of the design with its own seed (same abundance profile,
same per-miRNA isomiR rates, same error model) at --deep reads and quantifying it with exomir: expected reads of
miRNA i in library j = N_j x deep count_i / deep reads. Oracles, from most to least informed:
  C  both expectations per sample: E_b (bovine part) and E_h (human part); no real method can know E_h.
  A  E_b per sample from the bovine library's own expectation (true profile and true serum read share) and a
     flat prior on the human part.
  A' E_b = true serum reads of the sample x the profile of infinitely deep blanks (blank seeds, deep), flat human
     prior: what infinitely deep blanks plus the true serum share give.
  B  the real blank counts (BL1 + BL2) and the true serum reads per sample; the per-miRNA bovine rate p is
     integrated over its posterior from the blank counts, with a flat prior on p (B-flat) or with the true
     distribution of p over miRNAs as prior (B-prior, an oracle empirical-Bayes prior); flat human prior.
Counts are negative binomial with variance phi x mean, phi = E[c^2]/E[c] of the simulator's PCR copy number
(1 + geometric, dup rate 0.3 -> phi = 1.857; between the blanks exomir measures 1.4-1.9); each oracle is also
scored with Poisson counts (phi = 1). The scores are P(mostly bovine | observed sample counts) = P(sum_j T_j >
n / 2), T_j the bovine part of sample j's n_j reads, and, for C, the expected share E_b / (E_b + E_h) without
looking at the counts. Labels are those of contamination_score.py (>= 5 true reads; mostly bovine = more true
bovine than human reads over the 4 samples; MSC = the rest)."""
import csv, json, math, os, subprocess, sys

import numpy as np
from scipy.special import gammaln, logsumexp

from contamination_common import matrix, truth_classes

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def die(msg):
    sys.exit(f"contamination_oracle: {msg}")


args = sys.argv[1:]
deep, threads, out = 1000000, 1, None
while args:
    a = args.pop(0)
    if a in ("--deep", "--threads") and args:
        v = args.pop(0)
        if not v.isdigit() or int(v) < 1:
            die(f"{a} needs a positive integer, got '{v}'")
        if a == "--deep": deep = int(v)
        else: threads = int(v)
    elif out is None and not a.startswith("-"):
        out = a
    else:
        die(f"unexpected argument '{a}' (usage: contamination_oracle.py OUTDIR [--deep N] [--threads T])")
if out is None:
    die("usage: contamination_oracle.py OUTDIR [--deep N] [--threads T]")
SHARED = os.environ.get("SHARED", os.path.join(ROOT, "..", "shared"))
EXOMIR = os.environ.get("EXOMIR", os.path.join(ROOT, "build", "exomir"))
M = os.path.join(SHARED, "data", "mirbase")
P = lambda *a: os.path.join(out, *a)
for f in ("merged/counts.tsv", "merged/contamination.tsv", "truth_human/counts.tsv", "truth_bovine/counts.tsv"):
    if not os.path.exists(P(f)):
        die(f"{P(f)}: missing; run bench/contamination.sh {out} first")

SAMPLES, BLANKS = ["S1", "S2", "S3", "S4"], ["BL1", "BL2"]


def params(lib):
    path = P("sim", f"{lib}.truth.tsv.summary.json")
    try:
        with open(path) as f:
            return json.load(f)["params"]
    except (OSError, ValueError, KeyError) as e:
        die(f"{path}: cannot read the simulation parameters ({e})")


# ---- deep re-simulations: the expectations ---------------------------------------------------------------------
LIBS = [f"H{i}" for i in range(1, 5)] + [f"B{i}" for i in range(1, 5)] + BLANKS
par = {lib: params(lib) for lib in LIBS}
os.makedirs(P("oracle", "quant"), exist_ok=True)
for lib in LIBS:
    q = P("oracle", "quant", f"d{lib}_{deep}.mirna.tsv")
    if os.path.exists(q):
        continue
    fq = P("oracle", f"d{lib}_{deep}.fq.gz")
    cmd = ["python3", os.path.join(SHARED, "sim", "simulate_smallrna.py"),
           "--hairpin", os.path.join(M, "hairpin.fa.gz"), "--mature", os.path.join(M, "mature.fa.gz"),
           "--pigz", "no", "--scale", str(deep), "--seed", str(par[lib]["seed"]), "--out", fq,
           "--truth", P("oracle", f"d{lib}_{deep}.truth.tsv")]
    if par[lib]["species"] == "bta":
        cmd += ["--species", "bta", "--profile", P("sim", "bta_profile.tsv")]
    else:
        cmd += ["--gff", os.path.join(M, "hsa.gff3")]
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    subprocess.run([EXOMIR, "quant", "--quiet", "-t", str(threads), "--mature", os.path.join(M, "mature.fa.gz"),
                    "--hairpin", os.path.join(M, "hairpin.fa.gz"), "--sample", f"d{lib}_{deep}",
                    "-o", P("oracle", "quant"), fq], check=True, stderr=subprocess.DEVNULL)
    os.remove(fq)


def quant_reads(path):
    with open(path) as f:
        return {r["mirna"]: float(r["reads"]) for r in csv.DictReader(f, delimiter="\t")}


deepq = {lib: quant_reads(P("oracle", "quant", f"d{lib}_{deep}.mirna.tsv")) for lib in LIBS}
N = {lib: par[lib]["n_reads"] for lib in LIBS}
cols, counts = matrix(P("merged", "counts.tsv"))
_, th = matrix(P("truth_human", "counts.tsv"))
_, tb = matrix(P("truth_bovine", "counts.tsv"))
with open(P("merged", "contamination.tsv")) as f:
    crows = {r["mirna"]: r for r in csv.DictReader(f, delimiter="\t")}
si = [cols.index(s) for s in SAMPLES]
bi = [cols.index(b) for b in BLANKS]
names = sorted(crows)
x = np.array([[round(counts.get(m, [0] * len(cols))[k]) for k in si] for m in names], dtype=int)
y = np.array([round(sum(counts.get(m, [0] * len(cols))[k] for k in bi)) for m in names], dtype=int)
Eb = np.array([[N[f"B{j}"] * deepq[f"B{j}"].get(m, 0.0) / deep for j in range(1, 5)] for m in names])
Eh = np.array([[N[f"H{j}"] * deepq[f"H{j}"].get(m, 0.0) / deep for j in range(1, 5)] for m in names])
p_blank_deep = np.array([(deepq["BL1"].get(m, 0.0) + deepq["BL2"].get(m, 0.0)) / (2 * deep) for m in names])
nb = np.array([N[f"B{j}"] for j in range(1, 5)], dtype=float)
n_blank = float(sum(N[b] for b in BLANKS))
TB = np.array([sum(tb.get(m, [0])) for m in names])  # true reads, for the table of missed miRNAs
TH = np.array([sum(th.get(m, [0])) for m in names])
MIN_READS = 5
pos, neg = (np.array(c) for c in truth_classes(names, th, tb, MIN_READS))

dup = 0.3
q_geo = dup  # copies = 1 + Geometric with P(G = g) = (1 - q) q^g, q = mu / (1 + mu), mu = d / (1 - d)
ec = 1 + q_geo / (1 - q_geo)
ec2 = q_geo / (1 - q_geo) ** 2 + ec ** 2
PHI_SIM = ec2 / ec


def logpmf(t, mean, phi):
    """log P(count = t) with the given mean, variance phi x mean (Poisson at phi = 1); mean 0 is a point mass."""
    t = np.asarray(t, dtype=float)
    if mean <= 0:
        return np.where(t == 0, 0.0, -np.inf)
    if phi <= 1:
        return t * math.log(mean) - mean - gammaln(t + 1)
    r = mean / (phi - 1)
    return gammaln(t + r) - gammaln(r) - gammaln(t + 1) + r * math.log(1 / phi) + t * math.log(1 - 1 / phi)


def sample_post(xj, eb, eh, phi):
    """Posterior of the bovine part T of a sample's xj reads: P(T = t) ~ P_b(t) P_h(xj - t) (P_h flat when eh is
    None). Returns (offset, probabilities on the kept support, log marginal)."""
    t = np.arange(xj + 1)
    lw = logpmf(t, eb, phi)
    if eh is not None:
        lw = lw + logpmf(xj - t, eh, phi)
    z = logsumexp(lw)
    if not np.isfinite(z):
        return None
    lw -= z
    keep = np.nonzero(lw > -40)[0]
    lo, hi = keep[0], keep[-1] + 1
    return lo, np.exp(lw[lo:hi]), z


def p_mostly(parts, n):
    """P(sum of the parts' T > n / 2) and E[sum T] / n."""
    off, dist = 0, np.array([1.0])
    for lo, pr, _ in parts:
        off += lo
        dist = np.convolve(dist, pr)
    tot = np.arange(len(dist)) + off
    s = dist.sum()
    return float(dist[2 * tot > n].sum() / s), float((dist * tot).sum() / s / max(n, 1))


THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.35, 0.5)
FLOOR = 1e-3  # expected reads: a deep count of 0 is not an impossibility (the sample's quant can differ)


def oracle_known(i, eb_row, eh_row, phi):
    n = int(x[i].sum())
    if n == 0:
        return 0.0, 0.0
    parts = [sample_post(int(x[i, j]), max(eb_row[j], FLOOR), None if eh_row is None else max(eh_row[j], FLOOR),
                         phi) for j in range(4)]
    if any(p is None for p in parts):
        return 0.0, 0.0
    return p_mostly(parts, n)


GRID = np.concatenate([np.logspace(-8, -0.5, 226)])
dgrid = np.gradient(GRID)
prior_oracle = np.histogram(np.clip(p_blank_deep, GRID[0], GRID[-1]),
                            bins=np.concatenate([[0], np.sqrt(GRID[1:] * GRID[:-1]), [1]]))[0].astype(float)
prior_oracle = (prior_oracle + 1e-3) / (prior_oracle.sum() + 1e-3 * len(GRID))


def oracle_blank(i, phi, log_prior, nb=nb, n_blank=n_blank):
    """B: integrate the bovine rate p over its posterior from the blank counts (and the sample counts); nb: the
    medium's size in each sample, n_blank: in the blanks (reads, or miRNA reads for B*)."""
    n = int(x[i].sum())
    if n == 0:
        return 0.0, 0.0
    lb = np.array([logpmf(y[i], g * n_blank, phi) for g in GRID]) + log_prior
    cand = np.nonzero(lb > lb.max() - 50)[0]
    lw, pm, fr = [], [], []
    for g in cand:
        parts = [sample_post(int(x[i, j]), GRID[g] * nb[j], None, phi) for j in range(4)]
        if any(p is None for p in parts):
            continue
        a, b = p_mostly(parts, n)
        lw.append(lb[g] + sum(p[2] for p in parts)); pm.append(a); fr.append(b)
    w = np.exp(np.array(lw) - logsumexp(lw))
    return float(w @ np.array(pm)), float(w @ np.array(fr))


def roc(score):
    """(threshold, sensitivity, FPR) at every distinct score among the labelled miRNAs (ties flagged together)."""
    lab = pos | neg
    s = np.asarray(score)[lab]
    ps, ng = pos[lab], neg[lab]
    pts = []
    for t in sorted(set(s.tolist()), reverse=True):
        f = s >= t
        pts.append((t, (f & ps).sum() / ps.sum(), (f & ng).sum() / ng.sum()))
    return pts


def best(pts, fpr_max):
    ok = [p for p in pts if p[2] <= fpr_max + 1e-12]
    return max(ok, key=lambda p: (p[1], -p[2])) if ok else (float("inf"), 0.0, 0.0)


scores = {}
for phi, tag in ((PHI_SIM, "NB"), (1.0, "Poisson")):
    c = [oracle_known(i, Eb[i], Eh[i], phi) for i in range(len(names))]
    scores[f"C  E_b, E_h known, P(mostly bovine), {tag}"] = [v[0] for v in c]
    a = [oracle_known(i, Eb[i], None, phi) for i in range(len(names))]
    scores[f"A  E_b known, flat human, P(mostly bovine), {tag}"] = [v[0] for v in a]
    scores[f"A  E_b known, flat human, E[bovine share], {tag}"] = [v[1] for v in a]
    a2 = [oracle_known(i, p_blank_deep[i] * nb, None, phi) for i in range(len(names))]
    scores[f"A' deep blanks x true serum reads, flat human, P(mostly bovine), {tag}"] = [v[0] for v in a2]
    scores[f"A' deep blanks x true serum reads, flat human, E[bovine share], {tag}"] = [v[1] for v in a2]
    for pname, lp in (("flat p", np.log(dgrid)), ("oracle prior of p", np.log(prior_oracle))):
        b = [oracle_blank(i, phi, lp) for i in range(len(names))]
        scores[f"B  real blanks, {pname}, flat human, P(mostly bovine), {tag}"] = [v[0] for v in b]
        scores[f"B  real blanks, {pname}, flat human, E[bovine share], {tag}"] = [v[1] for v in b]
# B*: only what exomir sees: the medium share s_j of each sample's miRNA reads (medium_share.tsv, blank-calibrated
# bovine-specific fraction), the blanks' miRNA reads and phi = blank_dispersion (counts.run.json)
with open(P("merged", "medium_share.tsv")) as f:
    share = {r["sample"]: float(r["medium_share"]) for r in csv.DictReader(f, delimiter="\t") if r["type"] == "sample"}
with open(P("merged", "counts.run.json")) as f:
    phi_blank = float(json.load(f)["contamination"]["blank_dispersion"])
mir_reads = np.array([sum(counts[m][k] for m in counts) for k in range(len(cols))])
nb_seen = np.array([share[s] * mir_reads[k] for s, k in zip(SAMPLES, si)])
b = [oracle_blank(i, phi_blank, np.log(dgrid), nb_seen, float(mir_reads[bi].sum())) for i in range(len(names))]
scores[f"B* exomir-visible: real blanks, medium_share.tsv, phi {phi_blank:.2f}, P(mostly bovine)"] = [v[0] for v in b]
scores[f"B* exomir-visible: real blanks, medium_share.tsv, phi {phi_blank:.2f}, E[bovine share]"] = [v[1] for v in b]
ebt, eht = Eb.sum(1), Eh.sum(1)
scores["C  expected share E_b / (E_b + E_h), counts not used"] = list(ebt / np.maximum(ebt + eht, 1e-12))
mf = [float(crows[m]["medium_fraction"]) if crows[m]["medium_fraction"] not in ("NA", "") else 0.0 for m in names]
scores["exomir medium_fraction (hindsight threshold)"] = mf

seed = par["B1"]["seed"] - 21
print(f"# oracle bounds, {out}: SEED {seed}, blanks {N['BL1']} + {N['BL2']} reads, deep re-simulations {deep} "
      f"reads, phi (NB) {PHI_SIM:.3f}")
print(f"labelled (>= {MIN_READS} true reads): mostly bovine {pos.sum()}, MSC {neg.sum()}; "
      f"bar: >= {math.ceil(0.9 * pos.sum())} of {pos.sum()} at <= {math.floor(0.05 * neg.sum())} of {neg.sum()}")
flag = np.array([crows[m]["flag"] == "likely_medium" for m in names])
print(f"exomir likely_medium: sensitivity {100 * (flag & pos).sum() / pos.sum():.1f}%, "
      f"MSC flagged {100 * (flag & neg).sum() / neg.sum():.1f}%\n")
print("| score | best sens. at FPR <= 1% | <= 2% | <= 5% (threshold) | <= 10% | sens./FPR at P >= 0.5 |")
print("|---|---|---|---|---|---|")
for k, v in scores.items():
    pts = roc(v)
    b5 = best(pts, 0.05)
    half = [p for p in pts if p[0] >= 0.5]
    hs = f"{100 * half[-1][1]:.1f}% / {100 * half[-1][2]:.1f}%" if half and "P(mostly" in k else ""
    print(f"| {k} | {100 * best(pts, 0.01)[1]:.1f}% | {100 * best(pts, 0.02)[1]:.1f}% | "
          f"**{100 * b5[1]:.1f}%** ({b5[0]:.3g}; FPR {100 * b5[2]:.1f}%) | {100 * best(pts, 0.10)[1]:.1f}% | {hs} |")

print("\nfixed thresholds (no hindsight): sensitivity / MSC flagged")
fixed = [k for k in scores if "E[bovine share], NB" in k or k.startswith("exomir") or "phi " in k and "E[" in k]
print("| score | " + " | ".join(f">= {t}" for t in THRESHOLDS) + " |")
print("|---|" + "---|" * len(THRESHOLDS))
for k in fixed:
    sc = np.array(scores[k])
    cells = [f"{100 * ((sc >= t) & pos).sum() / pos.sum():.1f} / {100 * ((sc >= t) & neg).sum() / neg.sum():.1f}"
             for t in THRESHOLDS]
    print(f"| {k} | " + " | ".join(cells) + " |")

for key in ("C  E_b, E_h known, P(mostly bovine), NB", "A  E_b known, flat human, P(mostly bovine), NB",
            "B  real blanks, flat p, flat human, E[bovine share], NB",
            next(k for k in scores if k.startswith("B*") and "E[" in k), "exomir medium_fraction (hindsight threshold)"):
    sc = np.array(scores[key])
    t5 = best(roc(sc), 0.05)[0]
    miss = [i for i in range(len(names)) if pos[i] and sc[i] < t5]
    fp = [i for i in range(len(names)) if neg[i] and sc[i] >= t5]
    print(f"\n## {key}: at FPR <= 5% (threshold {t5:.3g}) {len(miss)} mostly-bovine miRNAs missed, {len(fp)} MSC "
          f"flagged (of them {sum(ebt[i] >= eht[i] for i in fp)} with an expected bovine share >= 0.5)")
    if not miss:
        continue
    print("| miRNA | true bovine | true human | sample reads | blank reads | E_b | E_h | expected bovine share | "
          "realised | score |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for i in sorted(miss, key=lambda i: -TB[i]):
        print(f"| {names[i]} | {TB[i]:.0f} | {TH[i]:.0f} | {x[i].sum()} | {y[i]} | {ebt[i]:.1f} | {eht[i]:.1f} | "
              f"{ebt[i] / max(ebt[i] + eht[i], 1e-12):.2f} | {TB[i] / (TB[i] + TH[i]):.2f} | {sc[i]:.3f} |")
cross_pos = sum(1 for i in range(len(names)) if pos[i] and ebt[i] < eht[i])
cross_neg = sum(1 for i in range(len(names)) if neg[i] and ebt[i] > eht[i])
print(f"\nlabels against the expectations: {cross_pos} of {pos.sum()} mostly-bovine miRNAs have an expected bovine "
      f"share < 0.5 (sampling put them above), {cross_neg} of {neg.sum()} MSC miRNAs have one > 0.5")
