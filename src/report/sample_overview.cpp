// sample_overview.cpp: MDS, correlations and average-linkage clustering for the report's sample overview.
#include "exomir/report/sample_overview.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace exomir {

namespace {

double off_diagonal_squares(const Matrix& a) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < a.size(); ++j)
            if (i != j) s += a[i][j] * a[i][j];
    return s;
}

// One Jacobi rotation zeroing a[p][q] (Golub & Van Loan Algorithm 8.5.1 with the stable tangent); v collects them.
void jacobi_rotate(Matrix& a, Matrix& v, std::size_t p, std::size_t q) {
    const double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
    const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
    const double c = 1 / std::sqrt(t * t + 1), s = t * c;
    const std::size_t n = a.size();
    for (std::size_t k = 0; k < n; ++k) {  // columns p, q
        const double akp = a[k][p], akq = a[k][q];
        a[k][p] = c * akp - s * akq;
        a[k][q] = s * akp + c * akq;
    }
    for (std::size_t k = 0; k < n; ++k) {  // rows p, q
        const double apk = a[p][k], aqk = a[q][k];
        a[p][k] = c * apk - s * aqk;
        a[q][k] = s * apk + c * aqk;
    }
    for (std::size_t k = 0; k < n; ++k) {
        const double vkp = v[k][p], vkq = v[k][q];
        v[k][p] = c * vkp - s * vkq;
        v[k][q] = s * vkp + c * vkq;
    }
}

}  // namespace

SymmetricEigen symmetric_eigen(Matrix a) {
    const std::size_t n = a.size();
    Matrix v(n, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i) v[i][i] = 1;
    double total = 0;
    for (const auto& row : a)
        for (const double x : row) total += x * x;
    for (int sweep = 0; sweep < 100 && off_diagonal_squares(a) > 1e-22 * total; ++sweep)
        for (std::size_t p = 0; p + 1 < n; ++p)
            for (std::size_t q = p + 1; q < n; ++q)
                if (a[p][q] != 0) jacobi_rotate(a, v, p, q);
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return a[x][x] > a[y][y]; });
    SymmetricEigen e;
    for (const std::size_t k : order) {
        e.values.push_back(a[k][k]);
        std::vector<double> vec(n);
        std::size_t big = 0;
        for (std::size_t i = 0; i < n; ++i) {
            vec[i] = v[i][k];
            if (std::abs(vec[i]) > std::abs(vec[big]) * (1 + 1e-9)) big = i;
        }
        if (n > 0 && vec[big] < 0)
            for (double& x : vec) x = -x;
        e.vectors.push_back(std::move(vec));
    }
    return e;
}

Matrix leading_logfc_distances(const Matrix& x, std::size_t top) {
    const std::size_t n = x.size();
    Matrix d(n, std::vector<double>(n, 0.0));
    std::vector<double> sq;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            sq.clear();
            for (std::size_t g = 0; g < x[i].size(); ++g) sq.push_back((x[i][g] - x[j][g]) * (x[i][g] - x[j][g]));
            const std::size_t k = std::min(top, sq.size());
            if (k == 0) continue;
            std::nth_element(sq.begin(), sq.begin() + static_cast<std::ptrdiff_t>(k - 1), sq.end(), std::greater<>());
            std::sort(sq.begin(), sq.begin() + static_cast<std::ptrdiff_t>(k));  // a fixed summation order
            d[i][j] = d[j][i] = std::sqrt(
                std::accumulate(sq.begin(), sq.begin() + static_cast<std::ptrdiff_t>(k), 0.0) / static_cast<double>(k));
        }
    return d;
}

MdsResult classical_mds(const Matrix& dist) {
    const std::size_t n = dist.size();
    MdsResult r;
    r.points.assign(n, {0.0, 0.0});
    if (n < 2) return r;
    Matrix b(n, std::vector<double>(n));
    std::vector<double> row_mean(n, 0.0);
    double all = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            b[i][j] = dist[i][j] * dist[i][j];
            row_mean[i] += b[i][j] / static_cast<double>(n);
        }
    for (const double m : row_mean) all += m / static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) b[i][j] = -0.5 * (b[i][j] - row_mean[i] - row_mean[j] + all);
    const SymmetricEigen e = symmetric_eigen(std::move(b));
    const double sum = std::accumulate(e.values.begin(), e.values.end(), 0.0);
    for (std::size_t k = 0; k < 2 && k < n; ++k) {
        const double scale = e.values[k] > 0 ? std::sqrt(e.values[k]) : 0.0;
        for (std::size_t i = 0; i < n; ++i) r.points[i][k] = scale * e.vectors[k][i];
        r.explained[k] = sum > 0 ? std::max(0.0, e.values[k]) / sum : 0.0;
    }
    return r;
}

Matrix pearson_matrix(const Matrix& x) {
    const std::size_t n = x.size();
    Matrix centred = x;
    std::vector<double> norm(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const double m =
            x[i].empty() ? 0.0 : std::accumulate(x[i].begin(), x[i].end(), 0.0) / static_cast<double>(x[i].size());
        for (double& v : centred[i]) v -= m, norm[i] += v * v;
        norm[i] = std::sqrt(norm[i]);
    }
    Matrix r(n, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i) {
        r[i][i] = 1;
        for (std::size_t j = i + 1; j < n; ++j) {
            const double dot = std::inner_product(centred[i].begin(), centred[i].end(), centred[j].begin(), 0.0);
            r[i][j] = r[j][i] = norm[i] > 0 && norm[j] > 0 ? dot / (norm[i] * norm[j]) : 0.0;
        }
    }
    return r;
}

std::vector<std::size_t> average_linkage_order(const Matrix& dist) {
    const std::size_t n = dist.size();
    Matrix d = dist;
    std::vector<std::vector<std::size_t>> leaves(n);
    std::vector<bool> alive(n, true);
    for (std::size_t i = 0; i < n; ++i) leaves[i] = {i};
    for (std::size_t step = 1; step < n; ++step) {
        std::size_t a = 0, b = 0;
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n && alive[i]; ++j)
                if (alive[j] && (b == 0 || d[i][j] < best)) best = d[i][j], a = i, b = j;  // NaN: first pair
        const double na = static_cast<double>(leaves[a].size()), nb = static_cast<double>(leaves[b].size());
        for (std::size_t k = 0; k < n; ++k)  // Lance-Williams update for average linkage
            d[a][k] = d[k][a] = (na * d[a][k] + nb * d[b][k]) / (na + nb);
        // cluster a holds the lower index (a < b, and a cluster keeps the slot of its lowest leaf)
        leaves[a].insert(leaves[a].end(), leaves[b].begin(), leaves[b].end());
        alive[b] = false;
    }
    return n ? leaves[0] : std::vector<std::size_t>{};
}

}  // namespace exomir
