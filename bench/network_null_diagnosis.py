#!/usr/bin/python3
"""network_null_diagnosis.py: the cargo-permutation null of one curated module's signed score in one
`exomir network` run, and the miRNAs that make it wide (issue #19, docs/scoring.md).

usage: /usr/bin/python3 bench/network_null_diagnosis.py RUN_DIR [--module M] [--permutations B] [--seed S]
         [--top N] [--targets T] [--modules M.tsv] [-o PREFIX]
  RUN_DIR        an `exomir network -o` directory (e.g. bench/network_power.sh's OUT/mir223_20.s2), without
                 --propagate
  --module       curated module (default inflammasome_nlrp3_assembly)
  --permutations draws of the null (default 10000); --seed of numpy's generator (default 1)
  --top          miRNAs in panel (b) (default 15)
  --targets, --modules  default: the files RUN_DIR/network.run.json names as inputs
  -o PREFIX      default bench/out/<RUN_DIR name>.<module>; writes PREFIX.png, PREFIX.strata.tsv, PREFIX.tsv (every moved miRNA's
                 share of the null variance) and PREFIX.summary.tsv

The null is exomir's: the cargo's abundances permuted uniformly within the `stratum` column of
RUN_DIR/mirna_abundance.tsv (stratum 0 stays put); S = sum_m a_m v_m with v_m = sum_g w_mg x_g, x_g = role /
sum |role|. Its variance decomposes exactly over the moved miRNAs: per stratum s, var = sum_{m in s}
(v_m - mean_s v)^2 var_s(a), var_s(a) = sum (a - mean_s a)^2 / (n_s - 1). A miRNA's term is its share of the
null's width: large when its load v stands out from its stratum mates' and its stratum holds large abundances
to move onto it. A miRNA is `validated_only` when every pair reaching the module's signed genes comes from the
validated union alone (targets.tsv `sources` = validated, weight 0.10 by default). Checks against the run's
module_scores.tsv and mirna_module.tsv: observed score, v, exact z, and the empirical p (within Monte-Carlo
error; exomir stops a module's draws after 50 hits, so its p rests on n_permutations draws)."""
import argparse, json, math, os, sys

import numpy as np

from network_offline import (module_load, null_moments, permute_within_strata, read_abundance, read_roles,
                             read_targets, strata_groups)


def read_tsv(path, value):
    """The rows of a TSV with a header whose first column equals value, as dicts."""
    with open(path) as f:
        head = f.readline().rstrip('\n').split('\t')
        return [dict(zip(head, line.rstrip('\n').split('\t'))) for line in f if line.split('\t')[0] == value]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('run_dir')
    ap.add_argument('--module', default='inflammasome_nlrp3_assembly')
    ap.add_argument('--permutations', type=int, default=10000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--top', type=int, default=15)
    ap.add_argument('--targets')
    ap.add_argument('--modules')
    ap.add_argument('-o', dest='prefix')
    args = ap.parse_args()
    run = args.run_dir.rstrip('/')
    with open(os.path.join(run, 'network.run.json')) as f: meta = json.load(f)
    if meta['parameters'].get('propagate'): sys.exit(f"{run}: run with --propagate; not re-implemented here")
    inputs = [x['path'] for x in meta['inputs']]
    targets = args.targets or next(p for p in inputs if p.endswith('targets.tsv'))
    modules = args.modules or next(p for p in inputs if p.endswith('modules.tsv'))
    prefix = args.prefix or os.path.join('bench', 'out', f"{os.path.basename(run)}.{args.module}")
    os.makedirs(os.path.dirname(prefix) or '.', exist_ok=True)

    mirs, a, st = read_abundance(os.path.join(run, 'mirna_abundance.tsv'))
    genes, rows, cols, ws, sources = read_targets(targets, mirs)
    roles = read_roles(modules, args.module)
    v = module_load(roles, genes, rows, cols, ws, len(mirs))
    signed = {genes[g] for g, r in roles.items() if r != 0 and g in genes}
    n_pairs = np.zeros(len(mirs), int); n_other = np.zeros(len(mirs), int)
    for e in np.where(np.isin(cols, list(signed)) & (ws > 0))[0]:
        n_pairs[rows[e]] += 1; n_other[rows[e]] += sources[e] != 'validated'
    validated_only = (n_pairs > 0) & (n_other == 0)

    # exomir's numbers for this module
    ms = read_tsv(os.path.join(run, 'module_scores.tsv'), args.module)
    ms = next((r for r in ms if r['source'] == 'curated'), None) or sys.exit(f"{run}: no curated {args.module}")
    v_exomir = {r['mirna']: float(r['v']) for r in read_tsv(os.path.join(run, 'mirna_module.tsv'), args.module)
                if r['source'] == 'curated'}
    mi = {m: i for i, m in enumerate(mirs)}
    v_diff = max(abs(v[mi[m]] - x) / max(abs(x), 1e-12) for m, x in v_exomir.items())

    groups = strata_groups(st)
    S = float(a @ v)
    mean, var, term = null_moments(a, v, groups)
    sd = math.sqrt(var); z = (S - mean) / sd
    rng = np.random.default_rng(args.seed); B = args.permutations
    null = np.array([permute_within_strata(a, groups, rng) @ v for _ in range(B)])
    p = (1 + np.count_nonzero(null >= S)) / (B + 1)
    emp_mean, emp_sd = null.mean(), null.std(ddof=1)
    se_mean = emp_sd / math.sqrt(B)
    se_sd = np.std((null - emp_mean) ** 2) / (2 * emp_sd * math.sqrt(B))
    p_col = 'p_cargo' if 'p_cargo' in ms else 'p_empirical'  # p_empirical: results of exomir before the rename
    p_ex, n_ex = float(ms[p_col]), int(ms['n_permutations'])
    se_p = math.sqrt(p * (1 - p) * (1 / B + 1 / n_ex))

    summary = [('run', run), ('module', args.module), ('observed_score', f"{S:.6g}"),
               ('exomir_signed_score', ms['signed_score']), ('exact_null_mean', f"{mean:.6g}"),
               ('exact_null_sd', f"{sd:.6g}"), ('z', f"{z:.4f}"), ('exomir_z', ms['z']),
               ('permutations', B), ('empirical_null_mean', f"{emp_mean:.6g}"), ('se_mean', f"{se_mean:.2g}"),
               ('empirical_null_sd', f"{emp_sd:.6g}"), ('se_sd', f"{se_sd:.2g}"), ('p', f"{p:.4g}"),
               ('exomir_p', ms[p_col]), ('exomir_n_permutations', n_ex),
               ('p_difference_in_se', f"{(p - p_ex) / se_p:.2f}"), ('v_max_relative_difference', f"{v_diff:.2g}")]
    with open(prefix + '.summary.tsv', 'w') as f:
        f.write('key\tvalue\n' + ''.join(f"{k}\t{x}\n" for k, x in summary))
    for k, x in summary: print(f"{k}\t{x}")

    order = [i for i in np.argsort(-term, kind='stable') if st[i] > 0]
    with open(prefix + '.tsv', 'w') as f:
        f.write('rank\tmirna\tstratum\tabundance\tv\tn_module_pairs\tn_validated_union_pairs\tvalidated_only\t'
                'variance_share\n')
        for r, i in enumerate(order, 1):
            f.write(f"{r}\t{mirs[i]}\t{st[i]}\t{a[i]:.8f}\t{v[i]:.6g}\t{n_pairs[i]}\t{n_pairs[i] - n_other[i]}\t"
                    f"{'yes' if validated_only[i] else 'no'}\t{term[i] / var:.6f}\n")
    strata = []
    for idx in groups:
        big = idx[np.argmax(a[idx])]
        sa = math.sqrt(((a[idx] - a[idx].mean()) ** 2).sum() / (len(idx) - 1)) if len(idx) > 1 else 0.0
        strata.append((st[idx[0]], len(idx), sa, mirs[big], a[big], np.count_nonzero(v[idx] != 0),
                       np.count_nonzero(validated_only[idx]), term[idx].sum() / var))
    with open(prefix + '.strata.tsv', 'w') as f:
        f.write('stratum\tn\tsd_abundance\tlargest\tlargest_abundance\tn_v_nonzero\tn_validated_only\t'
                'variance_share\n')
        f.write(''.join(f"{x[0]}\t{x[1]}\t{x[2]:.4g}\t{x[3]}\t{x[4]:.4g}\t{x[5]}\t{x[6]}\t{x[7]:.4f}\n" for x in strata))
    with open(prefix + '.strata.tsv') as f: print(f.read(), end='')
    print('top\tmirna\tstratum\tv\tn_module_pairs\tn_validated_union_pairs\tvalidated_only\tvariance_share')
    for r, i in enumerate(order[:args.top], 1):
        print(f"{r}\t{mirs[i]}\t{st[i]}\t{v[i]:.4g}\t{n_pairs[i]}\t{n_pairs[i] - n_other[i]}\t"
              f"{'yes' if validated_only[i] else 'no'}\t{term[i] / var:.4f}")
    top = [(mirs[i], st[i], v[i], n_pairs[i], n_pairs[i] - n_other[i], validated_only[i], term[i] / var)
           for i in order[:args.top]]
    plot(prefix + '.png', run, args.module, null, S, mean, sd, z, p, p_ex, n_ex, top,
         sorted(strata, key=lambda x: -x[7])[:3])


def plot(path, run, module, null, S, mean, sd, z, p, p_ex, n_ex, top, strata):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    fig, (ha, hb) = plt.subplots(1, 2, figsize=(14, 5.4), gridspec_kw={'width_ratios': [1, 1.15]})
    ha.hist(null, bins=80, density=True, color='0.65', label=f"null, {len(null):,} draws")
    ha.set_ylim(0, 1.5 * ha.get_ylim()[1])
    xs = np.linspace(min(null.min(), S), max(null.max(), S), 400)
    ha.plot(xs, np.exp(-0.5 * ((xs - mean) / sd) ** 2) / (sd * math.sqrt(2 * math.pi)), 'k--', lw=1,
            label='normal, exact mean / sd')
    ha.axvline(S, color='crimson', lw=2, label=f"observed S = {S:.4g}")
    ha.set_xlabel(f"signed score S of {module}")
    ha.set_ylabel('density')
    ha.set_title('(a) cargo-permutation null')
    ha.text(0.02, 0.97, f"null mean {mean:.4g}, sd {sd:.3g}\nz = {z:.2f}\np = {p:.3g} (this script)\n"
            f"p = {p_ex:.3g} (exomir, {n_ex:,} draws)", transform=ha.transAxes, ha='left', va='top', fontsize=9,
            bbox=dict(facecolor='white', edgecolor='0.8'))
    ha.legend(fontsize=8, loc='upper right')
    colour = {True: 'tab:orange', False: 'tab:blue'}
    labels = [f"{m.replace('hsa-', '')}  (s{s}, v {x:.3g}, {n} pair{'s' if n != 1 else ''}, {k} val.)"
              for m, s, x, n, k, _, _ in top]
    y = np.arange(len(top))[::-1]
    hb.barh(y, [100 * t[6] for t in top], color=[colour[bool(t[5])] for t in top])
    hb.set_yticks(y, labels, fontsize=8)
    hb.set_xlim(0, 1.7 * hb.get_xlim()[1])
    hb.set_xlabel('share of the null variance (%)')
    hb.set_title(f"(b) what widens the null: top {len(top)} miRNAs, {100 * sum(t[6] for t in top):.0f}% of its variance")
    hb.text(0.98, 0.42, 'variance by stratum (its largest abundance):\n' + '\n'.join(
        f"s{x[0]}: {100 * x[7]:.0f}% ({x[3].replace('hsa-', '')} {100 * x[4]:.1f}%)" for x in strata),
            transform=hb.transAxes, ha='right', va='top', fontsize=8, bbox=dict(facecolor='white', edgecolor='0.8'))
    hb.legend(handles=[Patch(color=colour[True], label='module load only from validated-union pairs'),
                       Patch(color=colour[False], label='also TargetScan / curated pairs')],
              fontsize=8, loc='lower right', title_fontsize=8,
              title='label: stratum, v, pairs to signed genes,\nof them validated-union only')
    fig.suptitle(f"{os.path.basename(run)}: {module}", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


if __name__ == '__main__':
    main()
