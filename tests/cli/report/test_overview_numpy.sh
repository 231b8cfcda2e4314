#!/usr/bin/env bash
# test_overview_numpy.sh EXOMIR: the report's sample-overview maths (exomir_testdriver overview) against an
# independent reference in Python with numpy: edgeR plotMDS's pairwise leading-logFC distances and R cmdscale
# (numpy.linalg.eigh), on the deterministic 96-sample table of make_many_samples.py, for top = 50 and top = 500.
# With scipy, the average-linkage leaf order must also fit scipy's tree: every cluster of every cut is one run.
set -euo pipefail
EXOMIR=$(readlink -f "$1")
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
DRIVER="$(dirname "$EXOMIR")/exomir_testdriver"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# Debian's python3-numpy (TEST_PKGS) belongs to /usr/bin/python3, which may not be the first python3 on PATH
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
"$PY" -c 'import numpy' 2>/dev/null || fail "python3-numpy is missing (make deps installs it)"
"$PY" "$ROOT/tests/cli/report/make_many_samples.py" "$ROOT/tests/data/report" "$work/many" 96
for top in 50 500; do
  "$DRIVER" overview --top "$top" "$work/many/counts/tmm.tsv" > "$work/ours.$top.tsv" || fail "testdriver overview"
  "$PY" - "$work/many/counts/tmm.tsv" "$top" "$work/ours.$top.tsv" <<'PY'
import sys
import numpy as np
table, top, ours = sys.argv[1], int(sys.argv[2]), sys.argv[3]
x = np.log2(np.loadtxt(table, delimiter="\t", skiprows=1, dtype=str)[:, 2:].astype(float) + 1).T
n = x.shape[0]
d = np.zeros((n, n))
for i in range(n):  # edgeR plotMDS, gene.selection = "pairwise"
    for j in range(i + 1, n):
        sq = np.sort((x[i] - x[j]) ** 2)[::-1][:top]
        d[i, j] = d[j, i] = np.sqrt(sq.mean())
J = np.eye(n) - 1.0 / n  # R cmdscale
w, v = np.linalg.eigh(-0.5 * J @ (d ** 2) @ J)
idx = np.argsort(w)[::-1]
w, v = w[idx], v[:, idx]
ref = v[:, :2] * np.sqrt(np.maximum(w[:2], 0))
for k in range(2):  # exomir's sign rule: each axis's largest coordinate positive
    ref[:, k] *= np.sign(ref[np.argmax(np.abs(ref[:, k])), k])
rows = [line.rstrip("\n").split("\t") for line in open(ours)]
explained = np.array([float(v) for v in rows[0][1:]])
pts = np.array([[float(a), float(b)] for _, a, b in rows[1:n + 1]])
order = [int(r[1]) for r in rows[n + 1:]]
assert np.allclose(explained, w[:2] / w.sum(), atol=1e-9), (explained, w[:2] / w.sum())
err = np.abs(pts - ref).max()
assert err < 1e-8 * max(1.0, np.abs(ref).max()), f"MDS coordinates differ from numpy by {err}"
assert sorted(order) == list(range(n)), "the clustering order is not a permutation"
print(f"top={top}: MDS matches numpy (max |diff| {err:.2g}), var.explained {explained.round(4)}")
try:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
except ImportError:
    print("scipy not installed: the clustering order is checked by the unit tests only")
    sys.exit(0)
dd = 1 - np.corrcoef(x)
np.fill_diagonal(dd, 0)
tree = linkage(squareform(dd, checks=False), method="average")
pos = {s: i for i, s in enumerate(order)}
for k in range(2, n):
    labels = fcluster(tree, k, criterion="maxclust")
    for c in set(labels):
        p = sorted(pos[i] for i in np.where(labels == c)[0])
        assert p[-1] - p[0] + 1 == len(p), f"cut into {k}: a scipy cluster is split in exomir's order"
print("average-linkage order fits scipy's tree at every cut")
PY
done
echo "ok: the sample overview's MDS and clustering match numpy/scipy"
