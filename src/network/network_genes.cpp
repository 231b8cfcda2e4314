// network_genes.cpp: current gene symbols for every network input, GO BP default sets, target-source coverage.
#include "exomir/network/network_genes.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "exomir/core/io.hpp"

namespace exomir {
namespace {

// Renames `gene` in place to its current symbol and counts it in `tally`; memoised per source.
class Renamer {
  public:
    explicit Renamer(const GeneIds& ids) : ids_(ids) {}
    void operator()(std::string& gene) {
        auto it = memo_.find(gene);
        if (it == memo_.end()) {
            const GeneIdResult r = ids_.resolve(gene);
            tally_.add(gene, r);
            it = memo_.emplace(gene, r.symbol).first;
        }
        gene = it->second;
    }
    const GeneIdTally& tally() const { return tally_; }

  private:
    const GeneIds& ids_;
    GeneIdTally tally_;
    std::unordered_map<std::string, std::string> memo_;
};

void unique_in_order(std::vector<std::string>& genes) {
    std::set<std::string> seen;
    genes.erase(
        std::remove_if(genes.begin(), genes.end(), [&](const std::string& g) { return !seen.insert(g).second; }),
        genes.end());
}

}  // namespace

nlohmann::json normalise_gene_ids(NetworkInputs& in, const GeneIds& ids, std::vector<std::string>* summaries) {
    nlohmann::json out = nlohmann::json::object();
    const auto done = [&](const std::string& source, const Renamer& r) {
        out[source] = r.tally().json();
        if (summaries) summaries->push_back(fmt::format("{}: {}", source, r.tally().summary()));
    };
    {
        Renamer r(ids);
        for (auto& e : in.targets) r(e.gene);
        if (!in.targets.empty()) done("targets", r);
    }
    if (!in.modules.empty()) {
        Renamer r(ids);
        std::set<std::pair<std::string, std::string>> seen;
        for (auto& m : in.modules) r(m.gene);
        in.modules.erase(std::remove_if(in.modules.begin(), in.modules.end(),
                                        [&](const ModuleGene& m) { return !seen.emplace(m.module, m.gene).second; }),
                         in.modules.end());
        done("modules", r);
    }
    std::map<std::string, Renamer> by_source;
    for (auto& s : in.gene_sets) {
        if (s.source == "go_bp") continue;  // already current symbols of the same database
        auto& r = by_source.try_emplace(s.source, ids).first->second;
        for (auto& g : s.genes) r(g);
        unique_in_order(s.genes);
    }
    for (const auto& [source, r] : by_source) done(source, r);
    if (!in.ppi.empty()) {
        Renamer r(ids);
        for (auto& e : in.ppi) r(e.a), r(e.b);
        in.ppi.erase(std::remove_if(in.ppi.begin(), in.ppi.end(), [](const PpiEdge& e) { return e.a == e.b; }),
                     in.ppi.end());
        done("ppi", r);
    }
    return out;
}

std::vector<GeneSet> go_gene_sets(const std::vector<GoTerm>& terms) {
    std::vector<GeneSet> sets;
    sets.reserve(terms.size());
    for (const auto& t : terms)
        sets.push_back({t.name == t.id ? t.id : fmt::format("{} {}", t.id, t.name), "go_bp", t.genes});
    return sets;
}

std::vector<TargetSourceCoverage> target_source_coverage(const NetworkInputs& in,
                                                         const std::vector<std::string>& source_lists) {
    // Expressed miRNAs by name, and by each '/'-part of an `a/b` counts name (as build_network matches them).
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_name;
    const auto& ab = in.abundance;
    for (std::uint32_t m = 0; m < ab.mirnas.size(); ++m) {
        by_name[ab.mirnas[m]].push_back(m);
        if (ab.mirnas[m].find('/') != std::string::npos)
            for (auto part : split(ab.mirnas[m], '/')) by_name[std::string(part)].push_back(m);
    }
    std::vector<std::vector<std::string>> parts(source_lists.size());
    for (std::size_t i = 0; i < source_lists.size(); ++i) {
        for (auto p : split(source_lists[i], ',')) parts[i].emplace_back(trim_ws(p));
        if (source_lists[i].empty()) parts[i] = {"unknown"};
    }
    std::map<std::string, TargetSourceCoverage> cov;
    std::map<std::string, std::vector<std::uint8_t>> covered;
    const auto count = [&](const std::string& source, const std::vector<std::uint32_t>* mirnas) {
        auto& c = cov[source];
        auto& seen = covered[source];
        if (seen.empty()) seen.assign(ab.mirnas.size(), 0);
        ++c.pairs;
        if (!mirnas) return;
        ++c.pairs_expressed;
        for (const auto m : *mirnas) seen[m] = 1;
    };
    for (const auto& e : in.targets) {
        const auto it = by_name.find(e.mirna);
        const auto* mirnas = it == by_name.end() ? nullptr : &it->second;
        if (e.source_list < parts.size())
            for (const auto& s : parts[e.source_list]) count(s, mirnas);
        count("any", mirnas);
    }
    std::vector<TargetSourceCoverage> out;
    for (auto& [source, c] : cov) {
        c.source = source;
        const auto& seen = covered[source];
        for (std::size_t m = 0; m < seen.size(); ++m)
            if (seen[m]) ++c.mirnas_covered, c.read_share += ab.fraction[m];
        if (source != "any") out.push_back(c);
    }
    if (const auto it = cov.find("any"); it != cov.end()) out.push_back(it->second);
    return out;
}

bool genome_scale(const std::vector<TargetSourceCoverage>& cov) {
    return std::any_of(cov.begin(), cov.end(), [](const TargetSourceCoverage& c) {
        return c.source != "any" && c.source != "curated" && c.pairs_expressed > 0;
    });
}

nlohmann::json coverage_json(const std::vector<TargetSourceCoverage>& cov) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& c : cov)
        j[c.source] = {{"pairs", c.pairs},
                       {"pairs_expressed", c.pairs_expressed},
                       {"mirnas_covered", c.mirnas_covered},
                       {"read_share", c.read_share}};
    return j;
}

}  // namespace exomir
