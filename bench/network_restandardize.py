#!/usr/bin/env python3
# network_restandardize.py: offline evaluation (issue #19) of Efron & Tibshirani 2007 (Ann Appl Stat 1:107)
# restandardization for one module: the gene-set z of the cargo, T(a) = (S(a) - mu_gs(a)) / sd_gs(a), with the
# exact moments of the matched random gene sets (strata of W_g as in `exomir network`, sampling without
# replacement within a stratum), tested against T of B within-stratum cargo permutations (the strata column of
# mirna_abundance.tsv). Not part of the CLI: it showed no power gain (bench/network_power.md).
# usage: /usr/bin/python3 bench/network_restandardize.py TARGETS.tsv RUN/mirna_abundance.tsv MODULES.tsv MODULE B
import sys, numpy as np
from network_offline import read_abundance, read_targets, read_roles, strata_groups, permute_within_strata
tg, ab, modfile, module, B = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
mirs, a, st = read_abundance(ab)
genes, rows, cols, ws, _ = read_targets(tg, mirs)
roles = read_roles(modfile, module)
for g in roles: genes.setdefault(g, len(genes))
G = len(genes)
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
groups = strata_groups(st)
for b in range(B):
    S, t = T(permute_within_strata(a, groups, rng)); tn.append(t); ge += t >= t0
print(f"S {S0:.5f} z_geneset {t0:.3f} p_restandardized {(1 + ge) / (B + 1):.4f} null_t mean {np.mean(tn):.3f} sd {np.std(tn):.3f}")
