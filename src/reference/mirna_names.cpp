// mirna_names.cpp: miRBase name history (miRNA.diff) and the resolver from any naming style to miRBase 22.
#include "exomir/reference/mirna_names.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"

namespace exomir {
namespace {

// Release number of `miRNA_<major>.<minor>.diff`; {-1,-1} if the name does not match.
std::pair<int, int> release_of(const std::string& file_name) {
    static const std::regex re(R"(miRNA_(\d+)\.(\d+)\.diff)");
    std::smatch m;
    if (!std::regex_match(file_name, m, re)) return {-1, -1};
    return {std::stoi(m[1]), std::stoi(m[2])};
}

// Arm-less form of a name ending in -5p/-3p, or "" (used when miRBase added the arm suffix).
std::string strip_arm(const std::string& name) {
    if (name.size() > 3 && (name.ends_with("-5p") || name.ends_with("-3p"))) return name.substr(0, name.size() - 3);
    return {};
}

struct HistoryBuilder {
    MirbaseHistory& h;
    std::unordered_map<std::string, std::string> current;  // MIMAT -> name in the release being read

    void add_former(const std::string& acc, const std::string& name) {
        auto& v = h.former_names[acc];
        if (std::find(v.begin(), v.end(), name) == v.end()) v.push_back(name);
    }
    void record(const std::string& acc, const std::string& name, std::string_view tags, const std::string& release) {
        const auto it = current.find(acc);
        const bool known = it != current.end();
        if (tags.find("DELETE") != std::string_view::npos) {
            h.deleted[acc] = release;
            h.deleted[name] = release;
            if (known) h.deleted[it->second] = release;
            return;
        }
        if (tags.find("NAME") != std::string_view::npos) {
            if (known && it->second != name) add_former(acc, it->second);
            // Entries older than the first diff have no NEW record: miRBase 18/22 renamed arm-less names
            // by adding -5p/-3p, so the arm-less form is the name this accession carried before.
            if (!known && !strip_arm(name).empty()) add_former(acc, strip_arm(name));
        }
        current[acc] = name;
    }
};

bool is_alpha_token(std::string_view t) { return !t.empty() && std::isalpha(static_cast<unsigned char>(t[0])); }

std::vector<std::string> tokens_of(std::string_view name) {
    std::vector<std::string> out;
    std::string cur;
    int cur_kind = 0;  // 1 letters, 2 digits
    auto flush = [&] {
        if (!cur.empty()) out.push_back(cur);
        cur.clear();
        cur_kind = 0;
    };
    for (const char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        const int kind = std::isalpha(c) ? 1 : std::isdigit(c) ? 2 : 0;
        if (ch == '*') {
            flush();
            out.emplace_back("*");
            continue;
        }
        if (kind == 0) {
            flush();
            continue;
        }
        if (kind != cur_kind) flush();
        cur += static_cast<char>(std::tolower(c));
        cur_kind = kind;
    }
    flush();
    return out;
}

// Species prefix of a name like "mmu-miR-1" ("" if none): a letters-only first field followed by '-'.
std::string species_prefix(std::string_view name) {
    const std::size_t dash = name.find('-');
    if (dash == std::string_view::npos || dash < 2 || dash > 4) return {};
    const std::string p = ascii_lower(name.substr(0, dash));
    if (p == "mir" || p == "let" || p == "lin" || p == "lsy") return {};
    for (char c : p)
        if (!std::isalpha(static_cast<unsigned char>(c))) return {};
    return p;
}

void sort_unique(std::vector<std::uint32_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

MirbaseHistory load_mirbase_history(const std::string& dir, const std::string& species) {
    if (!dir_exists(dir))
        throw Error(fmt::format(
            "{}: miRBase diff directory not found; pass --mirbase-diff DIR with miRNA_<release>.diff files", dir));
    std::vector<std::pair<std::pair<int, int>, std::string>> files;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        const auto rel = release_of(e.path().filename().string());
        if (rel.first >= 0) files.emplace_back(rel, e.path().string());
    }
    if (files.empty())
        throw Error(fmt::format("{}: no miRNA_<release>.diff file; use the official miRBase diff files", dir));
    std::sort(files.begin(), files.end());
    MirbaseHistory h;
    HistoryBuilder b{h, {}};
    const std::string prefix = species + "-";
    std::string line;
    for (const auto& [rel, path] : files) {
        h.files.push_back(path);
        const std::string release = fmt::format("{}.{}", rel.first, rel.second);
        LineReader in(path);
        while (in.next(line)) {
            if (!line.starts_with("MIMAT")) continue;
            const auto f = split_tabs(line);
            if (f.size() < 3 || f[1].empty())
                throw Error(
                    fmt::format("{}expected 'MIMAT<TAB>name<TAB>TAG', got {} field(s); use an official miRNA.diff",
                                in.where(), f.size()));
            ++h.n_records;
            if (!f[1].starts_with(prefix)) continue;
            std::string tags;
            for (std::size_t i = 2; i < f.size(); ++i) tags += std::string(f[i]) + " ";
            b.record(std::string(f[0]), std::string(f[1]), tags, release);
        }
    }
    return h;
}

std::string seed_of(std::string_view mature_seq) {
    return mature_seq.size() < 8 ? std::string() : std::string(mature_seq.substr(1, 7));
}

std::string NameResolver::token_key(std::string_view name) {
    std::vector<std::string> t = tokens_of(name);
    // Drop a species token ("hsa" in hsa-miR-21): two leading letter tokens such as hsa + mir/let.
    if (t.size() >= 2 && is_alpha_token(t[0]) && is_alpha_token(t[1]) && t[0] != "*" && t[1] != "*" &&
        t[0].size() >= 2 && t[0].size() <= 4)
        t.erase(t.begin());
    std::string key;
    for (const auto& s : t) {
        if (!key.empty()) key += '.';
        key += s;
    }
    return key;
}

NameResolver::NameResolver(const MirnaReference& ref, const MirbaseHistory& history)
    : ref_(ref), species_(ref.species) {
    for (std::uint32_t i = 0; i < ref.matures.size(); ++i) {
        lower_.emplace(ascii_lower(ref.matures[i].name), i);
        tokens_[token_key(ref.matures[i].name)].push_back(i);
    }
    // Arm of each mature on its hairpin(s): '5' if its centre lies in the 5' half, '3' otherwise.
    for (const Hairpin& h : ref.hairpins)
        for (const MatureLocus& l : h.matures) {
            const char arm = (l.start + l.end) < h.seq.size() ? '5' : '3';
            const auto [it, added] = arm_.emplace(l.mature, arm);
            if (!added && it->second != arm) it->second = '?';
        }
    for (const auto& [acc, names] : history.former_names) {
        const std::int64_t m = ref.find_mature(acc);
        if (m < 0) continue;
        for (const auto& n : names) former_[token_key(n)].push_back(static_cast<std::uint32_t>(m));
    }
    for (auto& [k, v] : former_) sort_unique(v);
    for (const auto& [name, release] : history.deleted)
        if (!name.starts_with("MIMAT")) deleted_.emplace(token_key(name), release);
}

NameMatch NameResolver::arm_less(const std::string& key) const {
    NameMatch r;
    if (key.ends_with(".5.p") || key.ends_with(".3.p")) {
        // An arm name for a miRBase 22 entry that is still arm-less (hsa-miR-325-3p -> hsa-miR-325): accept it
        // when the mature lies on that arm of its hairpin.
        const auto it = tokens_.find(key.substr(0, key.size() - 4));
        if (it == tokens_.end() || it->second.size() != 1) return r;
        const auto arm = arm_.find(it->second[0]);
        if (arm != arm_.end() && arm->second == key[key.size() - 3])
            r.matures = it->second, r.how = "arm";
        else
            r.reason = "arm name for an arm-less miRBase 22 entry on the other (or unknown) hairpin arm";
        return r;
    }
    if (key.ends_with("*")) return r;
    const auto p5 = tokens_.find(key + ".5.p");
    const auto p3 = tokens_.find(key + ".3.p");
    const bool has5 = p5 != tokens_.end(), has3 = p3 != tokens_.end();
    if (has5 != has3) {
        r.matures = has5 ? p5->second : p3->second;
        r.how = "arm";
    } else if (has5 && has3) {
        r.reason = "arm-less name: both -5p and -3p exist in miRBase 22 and miRNA.diff names neither";
    }
    return r;
}

NameMatch NameResolver::resolve(std::string_view raw) const {
    NameMatch r;
    const std::string name(trim_ws(raw));
    if (name.empty()) return r.reason = "empty name", r;
    if (ascii_lower(name).starts_with("mimat")) {
        std::string acc = ascii_upper(name);
        if (const std::size_t us = acc.find('_'); us != std::string::npos) acc.resize(us);
        if (const std::int64_t m = ref_.find_mature(acc); m >= 0)
            return r.matures = {static_cast<std::uint32_t>(m)}, r.how = "accession", r;
        return r.reason = fmt::format("accession not in miRBase 22 {}", species_), r;
    }
    if (const std::int64_t m = ref_.find_mature(name); m >= 0)
        return r.matures = {static_cast<std::uint32_t>(m)}, r.how = "exact", r;
    const std::string sp = species_prefix(name);
    if (!sp.empty() && sp != species_)
        return r.reason = fmt::format("other species '{}' (only {} is used)", sp, species_), r;
    std::string full = ascii_lower(name);
    if (sp.empty() && !full.starts_with("mir_") && full.find('_') == std::string::npos) full = species_ + "-" + full;
    if (const auto it = lower_.find(full); it != lower_.end()) return r.matures = {it->second}, r.how = "case", r;
    const std::string key = token_key(name);
    if (const auto it = tokens_.find(key); it != tokens_.end()) {
        if (it->second.size() == 1) return r.matures = it->second, r.how = "style", r;
        return r.reason = "ambiguous: several miRBase 22 names share this spelling", r;
    }
    if (const auto it = former_.find(key); it != former_.end()) {
        if (it->second.size() == 1) return r.matures = it->second, r.how = "diff", r;
        return r.reason = "former name of several miRBase 22 matures (miRNA.diff)", r;
    }
    NameMatch arm = arm_less(key);
    if (!arm.matures.empty() || !arm.reason.empty()) return arm;
    if (const auto it = deleted_.find(key); it != deleted_.end())
        return r.reason = fmt::format("deleted from miRBase in release {}", it->second), r;
    // TargetScan sub-family suffix: hsa-miR-101-3p.1 -> hsa-miR-101-3p
    if (const std::size_t dot = name.rfind('.');
        dot != std::string::npos && dot + 1 < name.size() &&
        std::all_of(name.begin() + static_cast<std::ptrdiff_t>(dot) + 1, name.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        NameMatch sub = resolve(std::string_view(name).substr(0, dot));
        if (!sub.matures.empty()) sub.how = "subfamily";
        return sub;
    }
    return r.reason = fmt::format("not a miRBase 22 {} name, accession or former name (miRNA.diff)", species_), r;
}

}  // namespace exomir
