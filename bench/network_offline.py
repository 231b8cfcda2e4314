#!/usr/bin/python3
"""network_offline.py: the parts of `exomir network`'s module scoring that the offline issue #19 scripts
(network_restandardize.py, network_null_diagnosis.py) re-implement: reading a run's cargo and strata, the targets
and a curated module, the per-miRNA module load v, and the within-stratum cargo permutation with its exact
moments (src/network/score.cpp, docs/scoring.md). Not a script: imported from bench/."""
import numpy as np

ROLE_SIGN = {'driver': 1, 'protective': -1}


def read_abundance(path):
    """RUN/mirna_abundance.tsv -> (miRNA names sorted, abundance a, cargo-null stratum; 0 = never moves)."""
    abund, strat = {}, {}
    with open(path) as f:
        col = {k: i for i, k in enumerate(f.readline().rstrip('\n').split('\t'))}
        for line in f:
            x = line.rstrip('\n').split('\t')
            abund[x[col['mirna']]] = float(x[col['abundance']])
            strat[x[col['mirna']]] = int(x[col['stratum']])
    mirs = sorted(abund)
    return mirs, np.array([abund[m] for m in mirs]), np.array([strat[m] for m in mirs])


def read_targets(path, mirs):
    """targets.tsv rows of the miRNAs in mirs -> (genes {name: index}, miRNA index, gene index, weight, sources)
    per edge; gene indices in order of first appearance."""
    mi = {m: i for i, m in enumerate(mirs)}
    genes, rows, cols, ws, sources = {}, [], [], [], []
    with open(path) as f:
        col = {k: i for i, k in enumerate(f.readline().rstrip('\n').split('\t'))}
        for line in f:
            x = line.rstrip('\n').split('\t')
            if x[col['mirna']] not in mi: continue
            rows.append(mi[x[col['mirna']]]); cols.append(genes.setdefault(x[col['gene']], len(genes)))
            ws.append(float(x[col['weight']])); sources.append(x[col['sources']])
    return genes, np.array(rows), np.array(cols), np.array(ws), sources


def read_roles(path, module):
    """The curated module's genes from modules.tsv -> {gene: +1 driver, -1 protective, 0 context}."""
    roles = {}
    with open(path) as f:
        for line in f:
            x = line.rstrip('\n').split('\t')
            if x[0] == module: roles[x[1]] = ROLE_SIGN.get(x[2], 0)
    if not roles: raise SystemExit(f"{path}: no module '{module}'")
    return roles


def module_load(roles, genes, rows, cols, ws, n_mirnas):
    """v_m = sum over m's targets g of w_mg * x_g, x_g = role / sum |role| (a signed curated module)."""
    norm = sum(abs(r) for r in roles.values())
    if norm == 0: raise SystemExit('module has no driver or protective gene: no signed score')
    x = np.zeros(len(genes))
    for g, r in roles.items():
        if g in genes: x[genes[g]] = r / norm
    return np.bincount(rows, weights=ws * x[cols], minlength=n_mirnas)


def strata_groups(stratum):
    """Index arrays of the strata 1.. in increasing order (stratum 0 stays put)."""
    return [np.where(stratum == s)[0] for s in sorted(set(stratum)) if s > 0]


def permute_within_strata(a, groups, rng):
    """One draw of the cargo null: a with its values permuted uniformly within each stratum."""
    ap = a.copy()
    for idx in groups: ap[idx] = a[rng.permutation(idx)]
    return ap


def null_moments(a, v, groups):
    """Exact mean and variance of a_pi . v under permute_within_strata (exomir's null_moments), and each
    miRNA's term of the variance: per stratum s of n miRNAs, var = sum_{m in s} (v_m - mean_s v)^2 * var_s(a)
    with var_s(a) = sum (a - mean_s a)^2 / (n - 1), so the terms are >= 0 and add up to the variance."""
    moved = np.zeros(len(a), bool); term = np.zeros(len(a)); mean = 0.0
    for idx in groups:
        moved[idx] = True; n = len(idx)
        mean += a[idx].sum() * v[idx].sum() / n
        if n > 1: term[idx] = (v[idx] - v[idx].mean()) ** 2 * ((a[idx] - a[idx].mean()) ** 2).sum() / (n - 1)
    mean += (a[~moved] * v[~moved]).sum()
    return mean, term.sum(), term
