#!/usr/bin/env python3
# network_restandardize.py: offline evaluation (issue #19) of Efron & Tibshirani 2007 (Ann Appl Stat 1:107)
# restandardization for one module: the gene-set z of the cargo, T(a) = (S(a) - mu_gs(a)) / sd_gs(a), with the
# exact moments of the matched random gene sets (strata of W_g as in `exomir network`, sampling without
# replacement within a stratum), tested against T of B within-stratum cargo permutations (the strata column of
# mirna_abundance.tsv). Not part of the CLI: it showed no power gain (bench/network_power.md).
# usage: /usr/bin/python3 bench/network_restandardize.py TARGETS.tsv RUN/mirna_abundance.tsv MODULES.tsv MODULE B
import sys, numpy as np
tg, ab, modfile, module, B = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
abund = {}; strat = {}
for i, line in enumerate(open(ab)):
    if i == 0: continue
    f = line.rstrip('\n').split('\t'); abund[f[0]] = float(f[1]); strat[f[0]] = int(f[4])
mirs = sorted(abund); mi = {m: i for i, m in enumerate(mirs)}
genes = {}; rows = []; cols = []; ws = []
for i, line in enumerate(open(tg)):
    if i == 0: continue
    f = line.split('\t')
    if f[0] not in mi: continue
    g = genes.setdefault(f[3], len(genes)); rows.append(mi[f[0]]); cols.append(g); ws.append(float(f[4]))
roles = {}
for line in open(modfile):
    f = line.split('\t')
    if f[0] == module: roles[f[1]] = {'driver': 1, 'protective': -1}.get(f[2], 0)
for g in roles: genes.setdefault(g, len(genes))
rows = np.array(rows); cols = np.array(cols); ws = np.array(ws); G = len(genes)
a = np.array([abund[m] for m in mirs]); st = np.array([strat[m] for m in mirs])
Wg = np.bincount(cols, weights=ws, minlength=G)
# gene strata: 0 for Wg == 0, then quantiles, >= 20 each, up to 10
pos = np.where(Wg > 0)[0]; order = pos[np.argsort(Wg[pos], kind='stable')]
neff = max(1, min(len(order) // 20, 10)); gs = np.zeros(G, int)
gs[order] = 1 + (np.arange(len(order)) * neff) // len(order)
norm = sum(abs(r) for r in roles.values())
slots = [(genes[g], r / norm) for g, r in roles.items() if r != 0]
def T(avec):
    L = np.bincount(cols, weights=avec[rows] * ws, minlength=G)
    S = sum(x * L[g] for g, x in slots)
    mu = 0.0; var = 0.0
    for s in set(gs[g] for g, _ in slots):
        xs = np.array([x for g, x in slots if gs[g] == s]); pop = L[gs == s]; N = len(pop)
        mu += xs.sum() * pop.mean(); s2 = pop.var()
        if N > 1: var += s2 * ((xs ** 2).sum() - (xs.sum() ** 2 - (xs ** 2).sum()) / (N - 1))
    return S, (S - mu) / np.sqrt(var)
S0, t0 = T(a)
rng = np.random.default_rng(1); ge = 0; tn = []
groups = [np.where(st == s)[0] for s in set(st) if s > 0]
for b in range(B):
    ap = a.copy()
    for idx in groups: ap[idx] = a[rng.permutation(idx)]
    S, t = T(ap); tn.append(t); ge += t >= t0
print(f"S {S0:.5f} z_geneset {t0:.3f} p_restandardized {(1 + ge) / (B + 1):.4f} null_t mean {np.mean(tn):.3f} sd {np.std(tn):.3f}")
