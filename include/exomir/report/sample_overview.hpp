// sample_overview.hpp: the maths of the report's sample overview (edgeR-style MDS of log-CPM profiles, sample
// correlations, average-linkage clustering): small dense matrices, no library, deterministic.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

namespace exomir {

/// A dense matrix as rows (matrix[i][j]).
using Matrix = std::vector<std::vector<double>>;

/// Eigen-decomposition of a symmetric matrix: values in descending order, vectors[k] the unit eigenvector of
/// values[k], its sign fixed so its component of largest magnitude (the first of equal ones) is positive.
struct SymmetricEigen {
    std::vector<double> values;
    Matrix vectors;
};

/// Cyclic Jacobi rotations (Golub & Van Loan, Matrix Computations, 4th ed., section 8.5) until the off-diagonal
/// sum of squares is below 1e-22 of the total (at most 100 sweeps). `a` must be square and symmetric. Pure.
SymmetricEigen symmetric_eigen(Matrix a);

/// edgeR plotMDS distances ("leading log-fold-change", gene.selection = "pairwise", the default): for samples i and
/// j (rows of `x`, one column per feature, log2 values), the root mean square of the `top` largest squared
/// differences x[i][g] - x[j][g] (all features if fewer). Returns the symmetric n x n matrix. Pure.
Matrix leading_logfc_distances(const Matrix& x, std::size_t top = 500);

/// Classical (Torgerson) MDS, as R's cmdscale used by plotMDS: the top two eigenvectors of B = -1/2 J D^2 J
/// (J the centring matrix) scaled by the square roots of their eigenvalues (0 when an eigenvalue is <= 0).
/// `explained` is each eigenvalue over the sum of all eigenvalues (plotMDS's var.explained). Pure.
struct MdsResult {
    std::vector<std::array<double, 2>> points;
    std::array<double, 2> explained{0, 0};
};
MdsResult classical_mds(const Matrix& distances);

/// Pearson correlation between the rows of `x` (n x n, 1 on the diagonal; 0 against a constant row). Pure.
Matrix pearson_matrix(const Matrix& x);

/// Leaf order of average-linkage (UPGMA) agglomerative clustering of a symmetric distance matrix: the closest two
/// clusters are merged first (ties: the lowest cluster indices), a merged cluster lists the leaves of the one that
/// holds the lower sample index first. Returns a permutation of 0..n-1. Pure.
std::vector<std::size_t> average_linkage_order(const Matrix& distances);

}  // namespace exomir
