#!/usr/bin/env bash
# test_explore.sh EXOMIR: `exomir explore` answers agree with the tables `exomir network` wrote (targets.tsv,
# gene_load.tsv, module_scores.tsv, mirna_module.tsv), names are forgiving, errors are clean, exports are atomic.
set -uo pipefail
EXOMIR=$(readlink -f "$1")
DATA=$(cd "$(dirname "$0")/../../data" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail=0
check() {  # check NAME COMMAND...: the command must succeed
  if "${@:2}"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
NET=$WORK/net
"$EXOMIR" network --counts "$DATA/network_counts.tsv" --targets "$DATA/network_targets.tsv" \
  --modules "$DATA/network_modules.tsv" --gmt "$DATA/network_extra.gmt" --ppi "$DATA/network_ppi.tsv" \
  --permutations 200 --threads 1 --quiet -o "$NET" || { echo "FAIL network fixture"; exit 1; }
X() { "$EXOMIR" explore "$NET" "$@"; }

# targets, regulators, module: all answers first, then one check against network's tables (one python start).
mkdir -p "$WORK/t" "$WORK/r" "$WORK/m"
for mir in $(awk -F'\t' 'NR > 1 { print $1 }' "$NET/bundle.mirnas.tsv"); do
  X targets "$mir" --format tsv > "$WORK/t/$mir.tsv" || { echo "FAIL targets $mir exit"; fail=1; }
done
for gene in $(awk -F'\t' 'NR > 1 && $2 > 0 { print $1 }' "$NET/gene_load.tsv"); do
  X regulators "$gene" --format tsv > "$WORK/r/$gene.tsv" || { echo "FAIL regulators $gene exit"; fail=1; }
done
for mod in $(awk -F'\t' 'NR > 1 && $2 == "curated" { print $1 }' "$NET/module_scores.tsv"); do
  X module "$mod" --format tsv > "$WORK/m/$mod.tsv" && X module "$mod" --format json > "$WORK/m/$mod.json" &&
    X top mirnas --module "$mod" --format tsv > "$WORK/m/$mod.top.tsv" || { echo "FAIL module $mod exit"; fail=1; }
done
python3 - "$WORK" "$NET" "$DATA" <<'EOF'
import csv, glob, json, os, sys
work, net, data = sys.argv[1:]
tsv = lambda p: list(csv.DictReader(open(p), delimiter='\t'))
gene_load = {r['gene']: r for r in tsv(net + '/gene_load.tsv')}
targets = tsv(data + '/network_targets.tsv')
failed = 0
def check(name, fn, *args):
    global failed
    try:
        fn(*args); print('ok  ', name)
    except AssertionError as e:
        failed = 1; print('FAIL', name, e)

# targets: every (gene, weight, n_sites, site_types, sources, evidence) of targets.tsv; modules as gene_load.tsv says.
def check_targets(path, mir):
    rows = tsv(path)
    want = {r['gene']: r for r in targets if r['mirna'] == mir}
    assert len(rows) == len(want), (len(rows), len(want))
    for r in rows:
        for c in ('weight', 'n_sites', 'site_types', 'sources', 'evidence'):
            assert r[c] == want[r['gene']][c], (r, c)
        assert r['modules'] == gene_load.get(r['gene'], {'modules': 'NA'})['modules'], r
    weights = [float(r['weight']) for r in rows]
    assert weights == sorted(weights, reverse=True)
for path in sorted(glob.glob(work + '/t/*.tsv')):
    mir = os.path.basename(path)[:-4]
    check('targets %s = targets.tsv rows' % mir, check_targets, path, mir)

# regulators: contributions a_m*w_mg add up to the gene's load, one row per expressed regulator.
def check_regulators(path, gene):
    rows, g = tsv(path), gene_load[gene]
    total = sum(float(r['contribution']) for r in rows)
    assert abs(total - float(g['load'])) <= 1e-5 * float(g['load']), (total, g['load'])
    assert len(rows) == int(g['n_mirnas']), (len(rows), g['n_mirnas'])
    assert abs(sum(float(r['share']) for r in rows) - 1) < 1e-4
for path in sorted(glob.glob(work + '/r/*.tsv')):
    gene = os.path.basename(path)[:-4]
    check('regulators %s sum to gene_load.tsv' % gene, check_regulators, path, gene)

# module: roles of modules.tsv, loads of gene_load.tsv, stats of module_scores.tsv, contributors of mirna_module.tsv;
# `top mirnas --module` reproduces mirna_module.tsv exactly.
def check_module(mod):
    rows = tsv('%s/m/%s.tsv' % (work, mod))
    roles = {r['gene']: r['role'] for r in tsv(data + '/network_modules.tsv') if r['module'] == mod}
    assert sorted(r['gene'] for r in rows) == sorted(roles), (rows, roles)
    for r in rows:
        assert r['role'] == roles[r['gene']] and r['load'] == gene_load.get(r['gene'], {'load': '0'})['load'], r
    j = json.load(open('%s/m/%s.json' % (work, mod)))
    s = [r for r in tsv(net + '/module_scores.tsv') if r['module'] == mod][0]
    for c in ('signed_score', 'load', 'p_cargo', 'fdr_cargo', 'hypergeom_fdr', 'z', 'p_geneset', 'fdr_geneset'):
        assert (s[c] == 'NA' and j[c] is None) or abs(float(s[c]) - j[c]) <= 1e-4 * abs(j[c]) + 5e-5, (c, s[c], j[c])
    assert j['call'] == s['call'], (j['call'], s['call'])
    mm = [r for r in tsv(net + '/mirna_module.tsv') if r['module'] == mod and r['source'] == 'curated']
    assert [t['mirna'] for t in j['top_mirnas']] == [r['mirna'] for r in mm[:5]], (j['top_mirnas'], mm[:5])
    top = s['top_mirnas'].split(';') if s['top_mirnas'] != 'NA' else []
    assert [t['mirna'] for t in j['top_mirnas'] if t['contribution'] > 0][:5] == top
    cols = ('rank', 'mirna', 'v', 'contribution', 'share')
    c = tsv('%s/m/%s.top.tsv' % (work, mod))
    assert [tuple(r[k] for k in cols) for r in c] == [tuple(r[k] for k in cols) for r in mm], (c, mm)
for path in sorted(glob.glob(work + '/m/*.json')):
    check('module %s = network tables' % os.path.basename(path)[:-5], check_module, os.path.basename(path)[:-5])
sys.exit(failed)
EOF
[ $? = 0 ] || fail=1

# top modules lists every module of module_scores.tsv once, fdr_cargo ascending.
X top modules --format tsv > "$WORK/tm.tsv"
check "top modules = module_scores.tsv" python3 - "$WORK/tm.tsv" "$NET/module_scores.tsv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
want = list(csv.DictReader(open(sys.argv[2]), delimiter='\t'))
assert sorted((r['source'], r['module'], r['fdr_cargo']) for r in rows) == sorted((r['source'], r['module'], r['fdr_cargo']) for r in want)
assert [float(r['fdr_cargo']) for r in rows] == sorted(float(r['fdr_cargo']) for r in rows)
EOF

# Forgiving names: three spellings, one answer; ambiguity and unknown names fail with the candidates.
X targets hsa-miR-223-3p --format tsv > "$WORK/n1" && X targets miR-223 --format tsv > "$WORK/n2" &&
  X targets MIR223_3P --format tsv > "$WORK/n3"
check "miR-223 = MIR223_3P = hsa-miR-223-3p" bash -c "cmp -s '$WORK/n1' '$WORK/n2' && cmp -s '$WORK/n1' '$WORK/n3' && [ -s '$WORK/n1' ]"
X regulators nlrp3 --format tsv > "$WORK/g1"
check "gene names are case-insensitive" grep -q "hsa-miR-223-3p" "$WORK/g1"
X targets miR-29 > "$WORK/amb.out" 2> "$WORK/amb.err"; rc=$?
check "ambiguous name: exit 1, candidates listed" bash -c "[ $rc = 1 ] && grep -q 'hsa-miR-29a-3p' '$WORK/amb.err' && grep -q 'hsa-miR-29b-3p' '$WORK/amb.err' && [ ! -s '$WORK/amb.out' ]"
X targets hsa-miR-2233-3p 2> "$WORK/unk.err"; rc=$?
check "unknown name: exit 1, closest names" bash -c "[ $rc = 1 ] && grep -q 'closest: hsa-miR-223-3p' '$WORK/unk.err'"
X module nlrp3_assembly --format tsv > "$WORK/ms.tsv"
check "module by unique part of its name" grep -q "inflammasome_nlrp3_assembly" "$WORK/ms.tsv"
printf 'alias\tname\nmiR-223\thsa-miR-223-3p\nNALP3\tNLRP3\n' > "$WORK/aliases.tsv"
"$EXOMIR" explore "$NET" regulators NALP3 --aliases "$WORK/aliases.tsv" --format tsv > "$WORK/al.tsv"
check "aliases (previous symbols) resolve" grep -q "^NLRP3	hsa-miR-223-3p" "$WORK/al.tsv"
source "$(dirname "$0")/../shared_data.sh"
if ! shared_missing "$SHARED/mirbase/diff" && [ -d /usr/lib/python3/dist-packages/optimir/resources/fasta ]; then
  "$EXOMIR" explore "$NET" search miR-223 --mirbase-diff "$SHARED/mirbase/diff" --format tsv > "$WORK/old.tsv"
  check "former miRBase name (miRNA.diff): miR-223 is an alias of hsa-miR-223-3p" \
    bash -c "awk -F'\t' 'NR == 2 { exit !(\$2 == \"hsa-miR-223-3p\" && \$4 == \"alias\") }' '$WORK/old.tsv'"
else
  echo "skip former miRBase names: no $SHARED/mirbase/diff or no optimir reference"
fi
X search nlrp --format tsv > "$WORK/s.tsv"
check "search finds NLRP3 and the NLRP3 module" bash -c "grep -q '^gene	NLRP3	' '$WORK/s.tsv' && grep -q 'inflammasome_nlrp3_assembly' '$WORK/s.tsv'"

# path: the direct edge first, then through the PPI; module paths end in a member gene.
X path miR-223-3p NLRP3 --format tsv > "$WORK/p.tsv"
check "path to a direct target: weight 0.6 first" bash -c "awk -F'\t' 'NR == 2 { exit !(\$2 == 0.6 && \$3 == 1) }' '$WORK/p.tsv'"
X path miR-223-3p CASP1 --format tsv > "$WORK/p2.tsv"
check "path through PPI: NLRP3 -> PYCARD -> CASP1" grep -q "NLRP3 -\[ppi 0.999\]-> PYCARD -\[ppi 0.999\]-> CASP1" "$WORK/p2.tsv"
X path miR-223-3p inflammasome_nlrp3_assembly --format json > "$WORK/p3.json"
check "path to a module (JSON)" python3 -c "import json; j = json.load(open('$WORK/p3.json')); assert j['rows'][0]['path'].endswith('-[driver]-> inflammasome_nlrp3_assembly')"

# neighbors and subgraph exports (atomic, with provenance); a bad format leaves no file.
X neighbors NLRP3 --depth 2 --format tsv > "$WORK/nb.tsv"
check "neighbors depth 2 reach PYCARD's module and miR-223" bash -c "grep -q '^1	mirna	hsa-miR-223-3p' '$WORK/nb.tsv' && grep -q '^2	gene	CASP1' '$WORK/nb.tsv'"
X subgraph inflammasome_nlrp3_assembly miR-29a-3p -o "$WORK/sub.graphml"
check "subgraph graphml + run.json" bash -c "grep -q '<graphml' '$WORK/sub.graphml' && grep -q 'hsa-miR-223-3p' '$WORK/sub.graphml' && grep -q COL1A1 '$WORK/sub.graphml' && [ -s '$WORK/sub.graphml.run.json' ]"
X subgraph inflammasome_nlrp3_assembly --format dot -o "$WORK/sub.dot"
check "subgraph dot" grep -q "digraph" "$WORK/sub.dot"
X subgraph inflammasome_nlrp3_assembly --format tsv > "$WORK/sub.tsv"
check "subgraph edge table" grep -q "^mirna:hsa-miR-223-3p	gene:NLRP3	targets	0.6000" "$WORK/sub.tsv"
X subgraph inflammasome_nlrp3_assembly --format pdf -o "$WORK/bad.pdf" 2> /dev/null; rc=$?
check "bad export format: exit 2, no file" bash -c "[ $rc = 2 ] && [ ! -e '$WORK/bad.pdf' ]"
X regulators NLRP3 --module fibrosis_ecm_collagen 2> /dev/null; rc=$?
check "--module on regulators: usage error" test "$rc" = 2
"$EXOMIR" explore "$WORK/nothing" top modules 2> "$WORK/nd.err"; rc=$?
check "missing result dir: exit 1" bash -c "[ $rc = 1 ] && grep -q 'exomir explore: error:' '$WORK/nd.err'"
X top genes --format text --top 3 > "$WORK/text.out"
check "text output: title, header, 3 rows, truncation note" bash -c "[ \$(wc -l < '$WORK/text.out') = 7 ] && grep -q 'showing 3 of' '$WORK/text.out'"
exit $fail
