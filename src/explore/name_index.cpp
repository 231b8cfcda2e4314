// name_index.cpp: normalised name keys, alias lookup, resolution rules and edit-distance suggestions for explore.
#include "exomir/explore/name_index.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <tuple>
#include <utility>

#include "exomir/core/io.hpp"

namespace exomir {
namespace {

bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Splits on anything but letters and digits; drops empty chunks.
std::vector<std::string> alnum_chunks(const std::string& s) {
    std::vector<std::string> chunks;
    std::string cur;
    for (char c : s) {
        if (is_alnum(c))
            cur += c;
        else if (!cur.empty())
            chunks.push_back(std::move(cur)), cur.clear();
    }
    if (!cur.empty()) chunks.push_back(std::move(cur));
    return chunks;
}

// "hsa-miR-223-3p" -> "mir-223-3p": the lower-case name without a species prefix (what people type).
std::string plain_mirna(std::string_view name) {
    std::string s = ascii_lower(name);
    const auto dash = s.find('-');
    if (dash != std::string::npos && dash >= 2 && dash <= 4 && !starts_with(s, "mir") && !starts_with(s, "let") &&
        std::all_of(s.begin(), s.begin() + dash, is_alpha))
        s.erase(0, dash + 1);
    return s;
}

// The name parts of a node name: `a/b` miRNA rows are found by either part.
std::vector<std::string_view> slash_parts(std::string_view name) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (auto pos = name.find('/'); pos != std::string_view::npos; pos = name.find('/', start))
        parts.push_back(name.substr(start, pos - start)), start = pos + 1;
    parts.push_back(name.substr(start));
    return parts;
}

bool by_quality(const NodeMatch& a, const NodeMatch& b) {
    return std::tie(a.how, a.distance, a.node.kind, a.node.index) <
           std::tie(b.how, b.distance, b.node.kind, b.node.index);
}

}  // namespace

const char* node_kind_name(NodeKind k) {
    switch (k) {
        case NodeKind::mirna:
            return "mirna";
        case NodeKind::gene:
            return "gene";
        case NodeKind::module:
            return "module";
    }
    return "?";
}

const char* match_how_name(MatchHow h) {
    constexpr const char* names[] = {"exact", "alias", "normalised", "prefix", "substring", "fuzzy"};
    return names[static_cast<int>(h)];
}

MirnaKey mirna_key(std::string_view name) {
    MirnaKey out;
    auto chunks = alnum_chunks(ascii_lower(name));
    if (chunks.size() >= 2 && chunks[0].size() >= 2 && chunks[0].size() <= 4 && !starts_with(chunks[0], "mir") &&
        !starts_with(chunks[0], "let") && std::all_of(chunks[0].begin(), chunks[0].end(), is_alpha)) {
        out.species = chunks[0];
        chunks.erase(chunks.begin());
    }
    if (chunks.size() >= 2 && (chunks.back() == "3p" || chunks.back() == "5p")) {
        out.arm = chunks.back();
        chunks.pop_back();
    }
    std::vector<std::string> tokens;
    for (const auto& c : chunks) {
        std::size_t start = 0;
        for (std::size_t i = 1; i <= c.size(); ++i)
            if (i == c.size() || is_alpha(c[i]) != is_alpha(c[i - 1]))
                tokens.push_back(c.substr(start, i - start)), start = i;
    }
    if (!tokens.empty() && tokens[0] == "mirlet") tokens[0] = "let";  // HGNC host-gene style: MIRLET7A1
    for (const auto& t : tokens) out.key += (out.key.empty() ? "" : "-") + t;
    return out;
}

std::string alnum_lower(std::string_view s) {
    std::string out;
    for (char c : s)
        if (is_alnum(c)) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
    if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
    // Optimal string alignment (Damerau-Levenshtein without repeated edits of a substring): a swap of two adjacent
    // letters, the commonest typo in gene names (NLPR3), costs 1. Three rows: i-2, i-1, i.
    std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        std::size_t best = row[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                row[j] = std::min(row[j], prev2[j - 2] + 1);
            best = std::min(best, row[j]);
        }
        if (best > limit) return limit + 1;
        std::swap(prev2, prev), std::swap(prev, row);
    }
    return std::min(prev[b.size()], limit + 1);
}

NameIndex::NameIndex(const std::vector<std::string>& mirnas, const std::vector<std::string>& genes,
                     const std::vector<std::string>& modules, const std::vector<std::string>& module_sources,
                     const std::vector<std::pair<std::string, std::string>>& aliases)
    : names_{mirnas, genes, modules}, module_sources_(module_sources) {
    for (int k = 0; k < 3; ++k) {
        auto& order = by_name_[k];
        order.resize(names_[k].size());
        std::iota(order.begin(), order.end(), 0u);
        if (!std::is_sorted(names_[k].begin(), names_[k].end()))
            std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return names_[k][a] < names_[k][b]; });
    }
    for (const auto& [alias, target] : aliases)
        for (auto k : {NodeKind::mirna, NodeKind::gene, NodeKind::module})
            if (const auto i = find_exact(k, target); i >= 0) {
                const NodeRef ref{k, static_cast<std::uint32_t>(i)};
                aliases_.emplace(ascii_lower(alias), ref);
                // miRBase former names also answer without the species prefix ("miR-223" for "hsa-miR-223").
                if (k == NodeKind::mirna && plain_mirna(alias) != ascii_lower(alias))
                    aliases_.emplace(plain_mirna(alias), ref);
            }
}

std::int64_t NameIndex::find_exact(NodeKind k, std::string_view name) const {
    const auto& names = names_[static_cast<int>(k)];
    const auto& order = by_name_[static_cast<int>(k)];
    const auto it =
        std::lower_bound(order.begin(), order.end(), name, [&](auto i, std::string_view n) { return names[i] < n; });
    return it != order.end() && names[*it] == name ? static_cast<std::int64_t>(*it) : -1;
}

std::string NameIndex::key_of(NodeKind k, std::uint32_t i) const {
    const auto& n = names_[static_cast<int>(k)][i];
    return alnum_lower(k == NodeKind::mirna ? plain_mirna(n) : std::string_view(n));
}

const std::string& NameIndex::name(NodeRef n) const { return names_[static_cast<int>(n.kind)][n.index]; }

void NameIndex::add_candidates(std::string_view q, NodeKind k, std::vector<NodeMatch>& out, bool loose) const {
    const int ki = static_cast<int>(k);
    if (k != NodeKind::mirna) {
        const std::string key = alnum_lower(q);
        if (key.empty()) return;
        if (loose && k != NodeKind::module) return;
        for (std::uint32_t i = 0; i < names_[ki].size(); ++i) {
            const std::string nk = key_of(k, i);
            if (!loose && nk == key)
                out.push_back({{k, i}, MatchHow::normalised, 0});
            else if (loose && nk.find(key) != std::string::npos)
                out.push_back({{k, i}, MatchHow::substring, 0});
        }
        return;
    }
    const MirnaKey qk = mirna_key(q);
    if (qk.key.empty()) return;
    std::vector<NodeMatch> same_arm, any_arm;
    for (std::uint32_t i = 0; i < names_[ki].size(); ++i) {
        for (auto part : slash_parts(names_[ki][i])) {
            const MirnaKey nk = mirna_key(part);
            if (!qk.species.empty() && !nk.species.empty() && qk.species != nk.species) continue;
            const bool key_ok = loose ? starts_with(nk.key, qk.key + "-") : nk.key == qk.key;
            if (!key_ok) continue;
            const NodeMatch m{{k, i}, loose ? MatchHow::prefix : MatchHow::normalised, 0};
            if (nk.arm == qk.arm)
                same_arm.push_back(m);
            else if (qk.arm.empty() || loose)
                any_arm.push_back(m);
            break;
        }
    }
    // An armless query ("miR-223") takes an armless name first, else every arm (listed as ambiguous if several).
    if (loose || same_arm.empty()) same_arm.insert(same_arm.end(), any_arm.begin(), any_arm.end());
    out.insert(out.end(), same_arm.begin(), same_arm.end());
}

Resolution NameIndex::resolve(std::string_view query, const std::vector<NodeKind>& kinds_in) const {
    std::vector<NodeKind> kinds = kinds_in;
    const std::string lq = ascii_lower(query);
    for (auto k : {NodeKind::mirna, NodeKind::gene, NodeKind::module}) {
        const std::string prefix = std::string(node_kind_name(k)) + ":";
        if (starts_with(lq, prefix) && query.size() > prefix.size()) {
            query.remove_prefix(prefix.size());
            kinds = {k};
            break;
        }
    }
    const auto has = [&](NodeKind k) { return std::find(kinds.begin(), kinds.end(), k) != kinds.end(); };
    Resolution r;
    auto done = [&] { return !r.matches.empty(); };
    for (auto k : kinds)
        if (const auto i = find_exact(k, query); i >= 0)
            r.matches.push_back({{k, static_cast<std::uint32_t>(i)}, MatchHow::exact, 0});
    if (!done() && has(NodeKind::module))  // "<source>:<name>"
        for (std::uint32_t i = 0; i < names_[2].size(); ++i)
            if (query.size() == module_sources_[i].size() + 1 + names_[2][i].size() &&
                query == module_sources_[i] + ":" + names_[2][i])
                r.matches.push_back({{NodeKind::module, i}, MatchHow::exact, 0});
    if (!done())
        for (const auto& key : {ascii_lower(query), plain_mirna(query)})
            for (auto [it, end] = aliases_.equal_range(key); it != end; ++it)
                if (has(it->second.kind) && (key == lq || it->second.kind == NodeKind::mirna))
                    r.matches.push_back({it->second, MatchHow::alias, 0});
    if (!done())
        for (auto k : kinds)
            for (std::uint32_t i = 0; i < names_[static_cast<int>(k)].size(); ++i)
                if (ascii_lower(names_[static_cast<int>(k)][i]) == lq)
                    r.matches.push_back({{k, i}, MatchHow::normalised, 0});
    for (bool loose : {false, true})
        if (!done())
            for (auto k : kinds) add_candidates(query, k, r.matches, loose);
    std::sort(r.matches.begin(), r.matches.end(), by_quality);
    r.matches.erase(
        std::unique(r.matches.begin(), r.matches.end(), [](const auto& a, const auto& b) { return a.node == b.node; }),
        r.matches.end());
    if (!done()) r.suggestions = closest(query, kinds, 5);
    return r;
}

std::vector<NodeMatch> NameIndex::closest(std::string_view q, const std::vector<NodeKind>& kinds, std::size_t n) const {
    std::vector<NodeMatch> out;
    for (auto k : kinds) {
        const int ki = static_cast<int>(k);
        const std::string plain = alnum_lower(k == NodeKind::mirna ? plain_mirna(q) : q);
        const std::size_t limit = std::max<std::size_t>(2, plain.size() / 3);
        for (std::uint32_t i = 0; i < names_[ki].size(); ++i)
            if (const auto d = edit_distance(plain, key_of(k, i), limit); d <= limit)
                out.push_back({{k, i}, MatchHow::fuzzy, d});
    }
    std::sort(out.begin(), out.end(), by_quality);
    if (out.size() > n) out.resize(n);
    return out;
}

std::vector<NodeMatch> NameIndex::search(std::string_view text, std::size_t limit) const {
    const std::vector<NodeKind> all{NodeKind::mirna, NodeKind::gene, NodeKind::module};
    std::vector<NodeMatch> out;
    const Resolution r = resolve(text, all);
    out = r.matches;
    for (auto k : all) {
        const int ki = static_cast<int>(k);
        const std::string q = alnum_lower(k == NodeKind::mirna ? plain_mirna(text) : text);
        if (q.empty()) continue;
        const std::size_t max_d = std::max<std::size_t>(2, q.size() / 3);
        for (std::uint32_t i = 0; i < names_[ki].size(); ++i) {
            const std::string key = key_of(k, i);
            if (starts_with(key, q))
                out.push_back({{k, i}, MatchHow::prefix, 0});
            else if (key.find(q) != std::string::npos)
                out.push_back({{k, i}, MatchHow::substring, 0});
            else if (const auto d = edit_distance(q, key, max_d); d <= max_d)
                out.push_back({{k, i}, MatchHow::fuzzy, d});
        }
    }
    std::sort(out.begin(), out.end(), by_quality);
    std::vector<NodeMatch> unique;
    std::vector<std::uint8_t> seen[3];
    for (int k = 0; k < 3; ++k) seen[k].assign(names_[k].size(), 0);
    for (const auto& m : out)
        if (!std::exchange(seen[static_cast<int>(m.node.kind)][m.node.index], 1)) unique.push_back(m);
    if (unique.size() > limit) unique.resize(limit);
    return unique;
}

}  // namespace exomir
