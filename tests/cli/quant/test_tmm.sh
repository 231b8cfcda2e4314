#!/usr/bin/env bash
# test_tmm.sh EXOMIR: merge's TMM factors (norm_factors.tsv) and tmm.tsv against an independent reference
# implementation of edgeR's calcNormFactors(method = "TMM") in Python with numpy, on random tables with composition
# differences, ties, zero rows, a sample without reads and a blank-subtracted run. No ../shared needed.
set -euo pipefail
EXOMIR=$(readlink -f "$1")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*"; exit 1; }
# Debian's python3-numpy (TEST_PKGS) belongs to /usr/bin/python3, which may not be the first python3 on PATH
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
"$PY" -c 'import numpy' 2>/dev/null || fail "python3-numpy is missing (make deps installs it)"

# 1. per-sample mirna.tsv tables: 400 miRNAs, 6 samples; sample k over-expresses a block of miRNAs (a composition
# shift that TMM must correct), counts are small enough for ties, a few miRNAs are zero everywhere, and an empty one.
"$PY" - <<'PY'
import numpy as np
rng = np.random.default_rng(7)
n = 400
base = rng.lognormal(3, 1.6, n)
for k in range(6):
    mu = base.copy()
    mu[k * 30:(k + 1) * 30] *= 8 + 4 * k          # a different block dominates each sample
    x = rng.poisson(mu * rng.uniform(0.5, 2.0))
    x[390:] = 0                                    # all-zero rows
    with open(f"S{k}.mirna.tsv", "w") as f:
        f.write("mirna\taccession\treads\trpm\tcanonical_reads\tisomir_reads\tunique_sequences\n")
        for i, c in enumerate(x):
            f.write(f"hsa-miR-{i}\tMIMAT{i:07d}\t{c}.00\t0.00\t{c}.00\t0.00\t1\n")
with open("Sempty.mirna.tsv", "w") as f:
    f.write("mirna\taccession\treads\trpm\tcanonical_reads\tisomir_reads\tunique_sequences\n")
    f.write("hsa-miR-0\tMIMAT0000000\t0.00\t0.00\t0.00\t0.00\t0\n")
PY
"$EXOMIR" merge --quiet -o m S*.mirna.tsv
[ -s m/tmm.tsv ] && [ -s m/norm_factors.tsv ] || fail "merge wrote no tmm.tsv or norm_factors.tsv"

# 2. the reference implementation (edgeR 4.x calcNormFactors.default + .calcFactorTMM, written from the paper and
# edgeR's documented defaults), on merge's own counts.tsv
cat > tmm_ref.py <<'PY'
import sys
import numpy as np

def rank_avg(x):  # R's rank(): ties get their average rank
    order = np.argsort(x, kind="mergesort")
    ranks = np.empty(len(x))
    xs = x[order]
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and xs[j + 1] == xs[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks

def tmm(obs, ref, n_o, n_r, lt=0.3, st=0.05):
    with np.errstate(divide="ignore", invalid="ignore"):
        log_r = np.log2((obs / n_o) / (ref / n_r))
        abs_e = (np.log2(obs / n_o) + np.log2(ref / n_r)) / 2
        v = (n_o - obs) / n_o / obs + (n_r - ref) / n_r / ref
    fin = np.isfinite(log_r) & np.isfinite(abs_e)
    log_r, abs_e, v = log_r[fin], abs_e[fin], v[fin]
    if len(log_r) == 0 or np.max(np.abs(log_r)) < 1e-6:
        return 1.0
    n = len(log_r)
    lo_l = np.floor(n * lt) + 1; hi_l = n + 1 - lo_l
    lo_s = np.floor(n * st) + 1; hi_s = n + 1 - lo_s
    rr, re = rank_avg(log_r), rank_avg(abs_e)
    keep = (rr >= lo_l) & (rr <= hi_l) & (re >= lo_s) & (re <= hi_s)
    f = np.sum(log_r[keep] / v[keep]) / np.sum(1 / v[keep])
    return 2 ** (f if np.isfinite(f) else 0)

rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
samples = rows[0][2:]
x = np.array([[float(v) for v in r[2:]] for r in rows[1:]])
x = x[(x > 0).any(axis=1)]
lib = x.sum(axis=0)
controls = set(sys.argv[2:])  # blanks and negatives: factor 1, not in the reference or the scaling
live = [j for j in range(len(samples)) if lib[j] > 0 and samples[j] not in controls]
f75 = np.array([np.quantile(x[:, j], 0.75) / lib[j] for j in live])  # numpy's default = R's type 7
ref = live[int(np.argmin(np.abs(f75 - f75.mean())))] if np.median(f75) >= 1e-20 else \
    live[int(np.argmax([np.sqrt(x[:, j]).sum() for j in live]))]
f = np.ones(len(samples))
for j in live:
    f[j] = tmm(x[:, j], x[:, ref], lib[j], lib[ref])
f[live] /= np.exp(np.mean(np.log(f[live])))
for j, s in enumerate(samples):
    print(f"{s}\t{lib[j]:.2f}\t{f[j]:.10g}\t{'yes' if j == ref else 'no'}")
PY
"$PY" tmm_ref.py m/counts.tsv > want.tsv
"$PY" - m/norm_factors.tsv want.tsv m/tmm.tsv m/counts.tsv <<'PY' || fail "TMM differs from the numpy reference"
import sys
got = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
want = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
assert len(got) == len(want) == 7, (len(got), len(want))
for g, w in zip(got, want):
    assert g[0] == w[0] and g[1] == w[1] and g[4] == w[3], (g, w)
    assert abs(float(g[2]) - float(w[2])) <= 1e-7 * float(w[2]), (g, w)
factors = {w[0]: float(w[2]) for w in want}
assert factors["Sempty"] == 1.0
assert max(factors.values()) / min(factors.values()) > 1.2, factors   # the composition shift is corrected
# tmm.tsv = count * 1e6 / (lib * factor)
counts = [l.rstrip("\n").split("\t") for l in open(sys.argv[4])]
tmm = [l.rstrip("\n").split("\t") for l in open(sys.argv[3])]
lib = {w[0]: float(w[1]) for w in want}
for c, t in zip(counts[1:], tmm[1:]):
    for s, cv, tv in zip(counts[0][2:], c[2:], t[2:]):
        e = lib[s] * factors[s]
        assert abs(float(tv) - (float(cv) * 1e6 / e if e > 0 else 0)) <= 0.006, (s, c[0], cv, tv)
print(f"TMM factors match numpy: {', '.join(f'{s} {v:.4f}' for s, v in factors.items())}", file=sys.stderr)
PY

# 3. with --subtract-blank the factors are those of the subtracted counts (cpm.tsv's matrix), over the samples only
# (the blank S5 keeps factor 1); counts_blank_subtracted.tsv
# rounds them to 2 decimals, so the reference on that file agrees to 2e-3 (relative), not to 1e-7
"$EXOMIR" merge --quiet --blank S5 --subtract-blank -o b S*.mirna.tsv 2> /dev/null
"$PY" tmm_ref.py b/counts_blank_subtracted.tsv S5 > want_b.tsv
awk -F'\t' '$1 == "S5" && $3 == "1" && $5 == "no" { ok = 1 } END { exit !ok }' b/norm_factors.tsv ||
  fail "the blank S5 is not left out of TMM (factor 1, not the reference)"
paste <(cut -f1,3 b/norm_factors.tsv | tail -n +2) <(cut -f1,3 want_b.tsv) |
  awk -F'\t' '$1 != $3 || ($2 - $4 > 2e-3 * $4) || ($4 - $2 > 2e-3 * $4) { bad = 1 } END { exit bad }' ||
  fail "the blank-subtracted TMM factors differ"
echo "ok: TMM factors and tmm.tsv equal the numpy reference (plain and blank-subtracted)"
