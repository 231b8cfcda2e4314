// target_sources.cpp (no header of its own: declared in targets/targets.hpp, one header for the targets tables):
// loaders of target tables (TargetScan, miRTarBase, generic TSV, GMT, curated) into evidence.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <unordered_set>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/fasta.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/tsv.hpp"
#include "exomir/targets/targets.hpp"

namespace exomir {
namespace {

// Header names compared without case, spaces, '_', '-', '(' and ')': "Species (miRNA)" -> "speciesmirna".
std::string norm_col(std::string_view s) {
    std::string out;
    for (const char c : s)
        if (c != ' ' && c != '_' && c != '-' && c != '(' && c != ')' && c != '"')
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Splits a CSV line honouring double quotes (miRTarBase CSV exports).
std::vector<std::string> split_csv(std::string_view line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"') {
            if (quoted && i + 1 < line.size() && line[i + 1] == '"')
                out.back() += '"', ++i;
            else
                quoted = !quoted;
        } else if (c == ',' && !quoted) {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    return out;
}

// Resolves miRNA names once per distinct name and collects the unresolved ones for the report.
class NameCache {
  public:
    explicit NameCache(const LoadContext& ctx) : ctx_(ctx) {}
    const NameMatch& get(std::string_view name) {
        const auto it = cache_.find(std::string(name));
        if (it != cache_.end()) return it->second;
        return cache_.emplace(std::string(name), ctx_.names->resolve(name)).first->second;
    }
    /// Resolves `name`; on failure counts the row as dropped and records the name.
    const NameMatch* resolve(std::string_view name, SourceReport& rep) {
        const NameMatch& m = get(name);
        if (!m.matures.empty()) return &m;
        rep.drop("unresolved miRNA name");
        auto& u = unresolved_[std::string(name)];
        u.reason = m.reason;
        ++u.rows;
        return nullptr;
    }
    void fill(SourceReport& rep) const {
        for (const auto& [name, u] : unresolved_) rep.unresolved.push_back({name, u.reason, u.rows});
        std::sort(rep.unresolved.begin(), rep.unresolved.end(),
                  [](const UnresolvedName& a, const UnresolvedName& b) { return a.name < b.name; });
    }
    void unresolved(const std::string& name, const std::string& reason, SourceReport& rep) {
        rep.drop("unresolved miRNA name");
        auto& u = unresolved_[name];
        u.reason = reason;
        ++u.rows;
    }

  private:
    const LoadContext& ctx_;
    std::unordered_map<std::string, NameMatch> cache_;
    std::unordered_map<std::string, UnresolvedName> unresolved_;
};

// Upper-case symbol after --gene-alias; "" when the gene cannot be used (reason in `why`).
std::string clean_gene(std::string_view raw, const LoadContext& ctx, const char*& why) {
    std::string g(trim_ws(raw));
    for (char& c : g) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (g.empty() || g == "NA") return why = "empty gene", std::string();
    if (const auto it = ctx.gene_alias.find(g); it != ctx.gene_alias.end()) return it->second;
    if (!ctx.gene_ids &&
        std::all_of(g.begin(), g.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return why = "numeric (Entrez) gene ID without a --gene-alias mapping", std::string();
    return g;
}

std::string version_from_path(const std::string& path) {
    const std::string f = ascii_lower(path.substr(path.find_last_of('/') + 1));
    for (const char* tool : {"targetscan", "mirtarbase", "msigdb_", "mirdb"}) {
        const std::size_t p = f.find(tool);
        if (p == std::string::npos) continue;
        std::string v;
        for (std::size_t i = p + std::strlen(tool);
             i < f.size() && (std::isdigit(static_cast<unsigned char>(f[i])) || f[i] == '.'); ++i)
            v += f[i];
        if (!v.empty() && v.back() == '.') v.pop_back();
        if (v.size() == 2 && v.find('.') == std::string::npos) v = fmt::format("{}.{}", v[0], v[1]);
        if (!v.empty())
            return fmt::format("{} {}",
                               tool[std::strlen(tool) - 1] == '_' ? std::string(tool, std::strlen(tool) - 1) : tool, v);
    }
    return "unknown";
}

SourceTable new_table(const std::string& path, const char* format) {
    SourceTable t;
    t.report.path = path;
    t.report.format = format;
    t.report.version = version_from_path(path);
    return t;
}

double context_weight(double score) { return std::clamp(1.0 - std::exp2(score), 0.0, 1.0); }

void add_by_mature(SourceTable& t, const NameMatch& m, const std::string& gene, TargetEvidence ev) {
    ev.gene = t.gene_id(gene);
    for (const std::uint32_t i : m.matures) {
        ev.mature = static_cast<std::int32_t>(i);
        t.rows.push_back(ev);
    }
}

// The shared tail of a pair row (miRNA name, gene): clean the gene, resolve the name, add the evidence; a row that
// cannot be used is counted as dropped with its reason.
void add_pair(SourceTable& t, NameCache& names, const LoadContext& ctx, std::string_view mirna,
              std::string_view gene_raw, const TargetEvidence& ev) {
    const char* why = nullptr;
    const std::string gene = clean_gene(gene_raw, ctx, why);
    if (gene.empty()) return t.report.drop(why);
    const NameMatch* m = names.resolve(mirna, t.report);
    if (!m) return;
    add_by_mature(t, *m, gene, ev);
    ++t.report.rows_used;
}

int site_type_of(std::string_view s) {
    const std::string v = ascii_lower(trim_ws(s));
    if (v == "8mer" || v == "8mer-1a" || v == "3") return 0;
    if (v == "7mer-m8" || v == "2") return 1;
    if (v == "7mer-1a" || v == "7mer-a1" || v == "1") return 2;
    if (v == "6mer" || v == "6") return 3;
    if (v == "offset-6mer" || v == "offset6mer") return 4;
    return -1;
}

// Layout of a TargetScan table, from its header.
struct TsColumns {
    int mirna = -1, mimat = -1, family = -1, gene = -1, species = -1, score = -1, total = -1, site_type = -1,
        utr_start = -1, n_sites = -1;
    std::vector<std::pair<int, int>> typed;  // (column, site type) of Summary_Counts site-count columns
};

TsColumns targetscan_columns(const TsvHeader& h) {
    TsColumns c;
    c.mimat = h.find_any({"mimat", "mirbaseaccession", "mirnaaccession"}, norm_col);
    c.mirna = h.find_any({"mirna", "mirbaseid", "representativemirna", "mirnamirbase22", "mirnamirbase21", "mirnaname"},
                         norm_col);
    c.family = h.find_any({"mirnafamily", "mirfamily", "mirnafamilyid"}, norm_col);
    c.gene = h.find_any({"genesymbol", "gene", "genename"}, norm_col);
    if (c.gene < 0) c.gene = h.find_any({"geneid", "ageneid"}, norm_col);
    c.species = h.find_any({"genetaxid", "speciesid"}, norm_col);
    c.score = h.find_any({"context++score"}, norm_col);
    c.total = h.find_any({"totalcontext++score", "cumulativeweightedcontext++score"}, norm_col);
    c.site_type = h.find_any({"sitetype", "seedmatch"}, norm_col);
    c.utr_start = h.find_any({"utrstart"}, norm_col);
    c.n_sites = h.find_any({"nsites", "numsites", "totalnumsites"}, norm_col);
    for (std::size_t i = 0; i < h.size(); ++i) {
        const std::string n = norm_col(h.names()[i]);
        if (!n.starts_with("numberof") || !n.ends_with("sites")) continue;
        const int type = n.find("8mer") != std::string::npos     ? 0
                         : n.find("7merm8") != std::string::npos ? 1
                         : n.find("7mer1a") != std::string::npos ? 2
                         : n.find("6mer") != std::string::npos   ? 3
                                                                 : -1;
        if (type >= 0) c.typed.emplace_back(static_cast<int>(i), type);
    }
    return c;
}

}  // namespace

std::uint32_t SourceTable::gene_id(const std::string& gene) {
    const auto [it, added] = gene_index_.emplace(gene, static_cast<std::uint32_t>(genes.size()));
    if (added) genes.push_back(gene);
    return it->second;
}

std::uint32_t SourceTable::seed_id(const std::string& seed) {
    const auto [it, added] = seed_index_.emplace(seed, static_cast<std::uint32_t>(seeds.size()));
    if (added) seeds.push_back(seed);
    return it->second;
}

std::pair<std::string, std::string> species_taxon(const std::string& prefix) {
    static const std::unordered_map<std::string, std::pair<std::string, std::string>> known = {
        {"hsa", {"9606", "Homo sapiens"}}, {"mmu", {"10090", "Mus musculus"}}, {"rno", {"10116", "Rattus norvegicus"}},
        {"bta", {"9913", "Bos taurus"}},   {"gga", {"9031", "Gallus gallus"}}, {"cfa", {"9615", "Canis familiaris"}}};
    const auto it = known.find(prefix);
    return it == known.end() ? std::pair<std::string, std::string>{} : it->second;
}

SourceReport load_targetscan_families(const std::string& path, LoadContext& ctx) {
    SourceReport rep;
    rep.path = path;
    rep.format = "targetscan_family";
    rep.version = version_from_path(path);
    LineReader in(path);
    std::string line;
    int c_family = 0, c_seed = 1, c_species = 2;
    while (in.next(line)) {
        if (line.empty()) continue;
        const auto f = split_tabs(line);
        if (in.line_no() == 1) {
            const TsvHeader h(line, path, TsvHeader::Repeats::allow);  // the header line is optional
            if (const int s = h.find_any({"seed+m8", "seed"}, norm_col); s >= 0) {
                c_family = std::max(0, h.find_any({"mirfamily", "mirnafamily"}, norm_col));
                c_seed = s;
                c_species = h.find_any({"speciesid"}, norm_col);
                continue;
            }
        }
        ++rep.rows_read;
        if (static_cast<int>(f.size()) <= std::max({c_family, c_seed, c_species}))
            throw Error(
                fmt::format("{}expected family, seed and species columns, got {} field(s)", in.where(), f.size()));
        std::string seed(trim_ws(f[c_seed]));
        if (!normalise_nucleotides(seed) || seed.size() != 7)
            throw Error(fmt::format("{}seed '{}' is not 7 nt (miRNA nt 2-8)", in.where(), f[c_seed]));
        bool here = c_species < 0;
        if (!here)
            for (auto sp : split(f[c_species], ';')) here |= trim_ws(sp) == ctx.taxid;
        if (!here) {
            rep.drop("other species");
            continue;
        }
        ctx.family_seed.emplace(std::string(trim_ws(f[c_family])), seed);
        ++rep.rows_used;
    }
    return rep;
}

namespace {

// Seeds named by one TargetScan row: its miRNA / MIMAT (resolved, then nt 2-8) or its family (miR_Family_Info).
// Empty when unresolved (recorded in the report).
std::vector<std::string> row_seeds(const std::vector<std::string_view>& f, const TsColumns& c, NameCache& names,
                                   const LoadContext& ctx, SourceReport& rep) {
    std::vector<std::string> seeds;
    if (c.mimat >= 0 || c.mirna >= 0) {
        if (const NameMatch* m = names.resolve(trim_ws(f[c.mimat >= 0 ? c.mimat : c.mirna]), rep))
            for (const std::uint32_t i : m->matures)
                if (const std::string s = seed_of(ctx.ref->matures[i].seq); !s.empty()) seeds.push_back(s);
        return seeds;
    }
    const std::string family(trim_ws(f[c.family]));
    if (const auto it = ctx.family_seed.find(family); it != ctx.family_seed.end())
        seeds.push_back(it->second);
    else
        names.unresolved(family, "TargetScan family not in miR_Family_Info (--targetscan-family)", rep);
    return seeds;
}

// Per-site rows: several miRNAs of one family list the same site; the strongest (weight, type) per
// (seed, gene, site position) is kept, then the sites of a pair combine as w = 1 - prod(1 - w_site).
class SiteAccumulator {
  public:
    void add(const std::string& seed, const std::string& gene, std::string_view position, double w, int type) {
        auto [it, added] = best_.try_emplace(fmt::format("{}\t{}\t{}", seed, gene, position), w, type);
        if (!added && w > it->second.first) it->second = {w, type};
    }
    void emit(SourceTable& t) const {
        std::map<std::pair<std::string, std::string>, std::pair<double, SiteCounts>> pairs;
        for (const auto& [key, best] : best_) {
            const auto parts = split(key, '\t');
            auto& [keep, counts] =
                pairs.try_emplace({std::string(parts[0]), std::string(parts[1])}, 1.0, SiteCounts{}).first->second;
            keep *= 1.0 - best.first;
            if (best.second >= 0) ++counts[best.second];
        }
        for (const auto& [key, v] : pairs) {
            TargetEvidence ev{-1, t.seed_id(key.first), t.gene_id(key.second), Source::targetscan,
                              EvidenceClass::predicted};
            ev.weight = std::clamp(1.0 - v.first, 0.0, 1.0);
            ev.sites = v.second;
            t.rows.push_back(ev);
        }
    }

  private:
    std::unordered_map<std::string, std::pair<double, int>> best_;
};

// Evidence of a gene-level row (summary counts or pairs): total context++ score, typed or untyped site counts.
TargetEvidence pair_evidence(const std::vector<std::string_view>& f, const TsColumns& c, const TsvHeader& h,
                             const std::string& where, const LoadContext& ctx) {
    TargetEvidence ev;
    ev.source = Source::targetscan;
    ev.weight = ctx.model.predicted_pair;
    if (c.total >= 0) ev.weight = context_weight(parse_double(f[c.total], where, "total context++ score"));
    for (const auto& [col, type] : c.typed)
        ev.sites[type] += static_cast<std::uint32_t>(parse_uint(f[col], where, h.names()[col]));
    if (c.n_sites >= 0) {
        ev.n_sites = static_cast<std::uint32_t>(parse_uint(f[c.n_sites], where, "n_sites"));
        if (c.total < 0) ev.weight = 1.0 - std::pow(1.0 - ctx.model.predicted_pair, ev.n_sites);
    }
    return ev;
}

}  // namespace

SourceTable load_targetscan(const std::string& path, const LoadContext& ctx) {
    SourceTable t = new_table(path, "targetscan");
    NameCache names(ctx);
    TsvReader in(path, "a TargetScan table with a header");
    const TsvHeader& h = in.header();
    const TsColumns c = targetscan_columns(h);
    if ((c.mirna < 0 && c.mimat < 0 && c.family < 0) || c.gene < 0)
        throw Error(fmt::format(
            "{}:1: not a TargetScan table: need a miRNA (or miRNA family / mimat) and a gene column", path));
    // Per-site layouts: Predicted_Targets_Context_Scores (context++ score) and Predicted_Targets_Info (site type only).
    const bool per_site = (c.score >= 0 || c.site_type >= 0) && c.total < 0;
    t.report.format = c.score >= 0 && per_site ? "targetscan_context_scores"
                      : per_site               ? "targetscan_sites"
                      : c.total >= 0           ? "targetscan_summary_counts"
                                               : "targetscan_pairs";
    const int need = std::max(
        {c.mirna, c.mimat, c.family, c.gene, c.species, c.score, c.total, c.site_type, c.n_sites, c.utr_start});
    SiteAccumulator sites;
    std::vector<std::string_view> f;
    while (in.next_at_least(f, static_cast<std::size_t>(need) + 1)) {
        ++t.report.rows_read;
        if (c.species >= 0 && trim_ws(f[c.species]) != ctx.taxid) {
            t.report.drop("other species");
            continue;
        }
        const char* why = nullptr;
        const std::string gene = clean_gene(f[c.gene], ctx, why);
        if (gene.empty()) {
            t.report.drop(why);
            continue;
        }
        const std::vector<std::string> seeds = row_seeds(f, c, names, ctx, t.report);
        if (seeds.empty()) continue;
        ++t.report.rows_used;
        if (!per_site) {
            TargetEvidence ev = pair_evidence(f, c, h, in.where(), ctx);
            ev.gene = t.gene_id(gene);
            for (const auto& s : seeds) ev.seed = t.seed_id(s), t.rows.push_back(ev);
            continue;
        }
        const int type = c.site_type >= 0 ? site_type_of(f[c.site_type]) : -1;
        if (c.site_type >= 0 && type < 0)
            throw Error(fmt::format("{}unknown site type '{}'; expected 8mer, 7mer-m8, 7mer-1a, 6mer or 1/2/3",
                                    in.where(), f[c.site_type]));
        const double w = c.score >= 0 ? context_weight(parse_double(f[c.score], in.where(), "context++ score"))
                                      : site_efficacy(static_cast<SiteType>(type));
        const std::string position = c.utr_start >= 0 ? std::string(f[c.utr_start]) : std::to_string(in.line_no());
        for (const auto& s : seeds) sites.add(s, gene, position, w, type);
    }
    sites.emit(t);
    names.fill(t.report);
    return t;
}

SourceTable load_mirtarbase(const std::string& path, const LoadContext& ctx) {
    SourceTable t = new_table(path, "mirtarbase");
    NameCache names(ctx);
    LineReader in(path);
    std::string line;
    if (!in.next(line)) throw Error(fmt::format("{}: empty file; expected a miRTarBase table with a header", path));
    const bool csv = line.find('\t') == std::string::npos;
    auto fields = [&](const std::string& l) {
        std::vector<std::string> out;
        if (csv) return split_csv(l);
        for (auto f : split_tabs(l)) out.emplace_back(f);
        return out;
    };
    const TsvHeader h(fields(line), path);
    const int c_mirna = h.find_any({"mirna"}, norm_col), c_gene = h.find_any({"targetgene"}, norm_col),
              c_support = h.find_any({"supporttype"}, norm_col);
    const int c_species = h.find_any({"speciesmirna"}, norm_col);
    if (c_mirna < 0 || c_gene < 0 || c_support < 0)
        throw Error(
            fmt::format("{}:1: not a miRTarBase table: need columns miRNA, Target Gene and Support Type", path));
    const int need = std::max({c_mirna, c_gene, c_support, c_species});
    while (in.next(line)) {
        if (line.empty()) continue;
        ++t.report.rows_read;
        const auto f = fields(line);
        if (static_cast<int>(f.size()) <= need)
            throw Error(fmt::format("{}expected at least {} columns, got {}", in.where(), need + 1, f.size()));
        if (c_species >= 0 && trim_ws(f[c_species]) != ctx.species_name) {
            t.report.drop("other species");
            continue;
        }
        const std::string support = ascii_lower(trim_ws(f[c_support]));
        if (support.find("non-functional") != std::string::npos) {
            t.report.drop("Non-Functional MTI");
            continue;
        }
        const bool weak = support.find("weak") != std::string::npos;
        if (!weak && support.find("functional mti") == std::string::npos)
            throw Error(
                fmt::format("{}unknown Support Type '{}'; expected 'Functional MTI', 'Functional MTI (Weak)' or "
                            "'Non-Functional MTI'",
                            in.where(), f[c_support]));
        TargetEvidence ev;
        ev.source = weak ? Source::mirtarbase_weak : Source::mirtarbase_strong;
        ev.evidence = weak ? EvidenceClass::weak : EvidenceClass::strong;
        ev.weight = weak ? ctx.model.weak : ctx.model.strong;
        add_pair(t, names, ctx, f[c_mirna], f[c_gene], ev);
    }
    names.fill(t.report);
    return t;
}

SourceTable load_pair_tsv(const std::string& path, Source source, const LoadContext& ctx) {
    SourceTable t = new_table(path, source == Source::validated ? "validated_tsv" : "tsv");
    NameCache names(ctx);
    const EvidenceClass default_class = source == Source::validated ? EvidenceClass::weak : EvidenceClass::predicted;
    LineReader in(path);
    std::string line;
    while (in.next(line)) {
        if (line.empty()) continue;
        const auto f = split_tabs(line);
        if (in.line_no() == 1 && (norm_col(f[0]) == "mirna" || norm_col(f[0]) == "mirnaname")) continue;
        ++t.report.rows_read;
        if (f.size() < 2)
            throw Error(fmt::format("{}expected 'mirna<TAB>gene[<TAB>weight[<TAB>evidence]]', got {} column(s)",
                                    in.where(), f.size()));
        // An optional column counts as given when present, non-empty and not NA.
        const auto given = [&f](std::size_t i) {
            return f.size() > i && !trim_ws(f[i]).empty() && trim_ws(f[i]) != "NA";
        };
        TargetEvidence ev;
        ev.source = source;
        ev.evidence = default_class;
        const bool classified = given(3);
        if (classified && !parse_evidence(f[3], ev.evidence))
            throw Error(fmt::format("{}evidence '{}' is not strong, weak or predicted", in.where(), f[3]));
        ev.weight =
            ev.evidence == EvidenceClass::strong ? ctx.model.strong
            : ev.evidence == EvidenceClass::weak
                ? (source == Source::validated && !classified ? ctx.model.validated_unclassified : ctx.model.weak)
                : ctx.model.predicted_pair;
        if (given(2)) {
            ev.weight = parse_double(trim_ws(f[2]), in.where(), "weight");
            if (!(ev.weight >= 0.0 && ev.weight <= 1.0))
                throw Error(
                    fmt::format("{}weight {} is outside [0,1]; give a fractional repression", in.where(), f[2]));
        }
        add_pair(t, names, ctx, f[0], f[1], ev);
    }
    names.fill(t.report);
    return t;
}

namespace {

// Seed named by a legacy MSigDB motif set (`ACTGTGA_MIR27A_MIR27B`: the UTR 7-mer pairing with nt 2-8).
std::string legacy_seed(std::string_view set_name) {
    std::string motif(set_name.substr(0, set_name.find('_')));
    if (motif.size() == 8 && (motif.back() == 'A' || motif.back() == 'a')) motif.pop_back();
    if (motif.size() != 7 || !normalise_nucleotides(motif) || motif.find('N') != std::string::npos) return {};
    return reverse_complement(motif);
}

// Resolves a GMT set name: member list `a/b`, TargetScan sub-family suffix `.1`, or a family name.
// MSigDB joins miRNAs of one set with '_' (`MIR103A_3P_MIR107`): split before each `_MIR` / `_LET`.
std::vector<std::string> msigdb_members(const std::string& name) {
    std::vector<std::string> out;
    std::size_t from = 0;
    for (std::size_t i = 1; i + 4 <= name.size(); ++i) {
        const std::string_view next = std::string_view(name).substr(i, 4);
        if (next == "_MIR" || next == "_LET") out.push_back(name.substr(from, i - from)), from = i + 1;
    }
    out.push_back(name.substr(from));
    return out;
}

NameMatch resolve_set(const std::string& set_name, NameCache& names, const LoadContext& ctx, std::string& seed) {
    NameMatch all;
    // A legacy motif set is a seed family: keyed by the seed, not by the few miRNAs its name lists.
    if (seed = legacy_seed(set_name); !seed.empty()) return all;
    auto add = [&](const NameMatch& m) {
        all.matures.insert(all.matures.end(), m.matures.begin(), m.matures.end());
        if (all.reason.empty()) all.reason = m.reason;
    };
    for (auto part : split(set_name, '/')) {
        const std::string p(trim_ws(part));
        const NameMatch& m = names.get(p);
        if (!m.matures.empty() || msigdb_members(p).size() == 1) {
            add(m);
            continue;
        }
        for (const auto& member : msigdb_members(p)) add(names.get(member));
    }
    std::sort(all.matures.begin(), all.matures.end());
    all.matures.erase(std::unique(all.matures.begin(), all.matures.end()), all.matures.end());
    if (all.matures.empty())
        if (const auto it = ctx.family_seed.find(set_name); it != ctx.family_seed.end()) seed = it->second;
    return all;
}

}  // namespace

SourceTable load_gmt(const std::string& path, const LoadContext& ctx) {
    SourceTable t = new_table(path, "gmt");
    NameCache names(ctx);
    LineReader in(path);
    std::string line;
    while (in.next(line)) {
        if (line.empty()) continue;
        const auto f = split_tabs(line);
        if (f.size() < 3)
            throw Error(
                fmt::format("{}expected 'set<TAB>description<TAB>gene...', got {} column(s)", in.where(), f.size()));
        const std::string set_name(trim_ws(f[0]));
        std::string seed;
        const NameMatch m = resolve_set(set_name, names, ctx, seed);
        const std::uint64_t n_genes = static_cast<std::uint64_t>(
            std::count_if(f.begin() + 2, f.end(), [](auto g) { return !trim_ws(g).empty(); }));
        t.report.rows_read += n_genes;
        if (m.matures.empty() && seed.empty()) {
            for (std::uint64_t i = 0; i < n_genes; ++i) names.unresolved(set_name, m.reason, t.report);
            continue;
        }
        for (std::size_t i = 2; i < f.size(); ++i) {
            if (trim_ws(f[i]).empty()) continue;
            const char* why = nullptr;
            const std::string gene = clean_gene(f[i], ctx, why);
            if (gene.empty()) {
                t.report.drop(why);
                continue;
            }
            TargetEvidence ev;
            ev.source = Source::gmt;
            ev.weight = ctx.model.predicted_pair;
            if (m.matures.empty()) {
                ev.seed = t.seed_id(seed);
                ev.gene = t.gene_id(gene);
                t.rows.push_back(ev);
            } else {
                add_by_mature(t, m, gene, ev);
            }
            ++t.report.rows_used;
        }
    }
    names.fill(t.report);
    return t;
}

SourceTable load_curated(const std::string& path, const LoadContext& ctx) {
    SourceTable t = new_table(path, "curated");
    t.report.version = "exomir reference";
    NameCache names(ctx);
    TsvReader in(path, "the header mirna, gene, effect, assay, ...");
    const TsvHeader& h = in.header();
    const int c_mirna = h.find_any({"mirna"}, norm_col), c_gene = h.find_any({"gene"}, norm_col),
              c_assay = h.find_any({"assay"}, norm_col);
    if (c_mirna < 0 || c_gene < 0 || c_assay < 0)
        throw Error(fmt::format("{}:1: curated interactions need columns mirna, gene and assay", path));
    const int need = std::max({c_mirna, c_gene, c_assay});
    std::vector<std::string_view> f;
    while (in.next_at_least(f, static_cast<std::size_t>(need) + 1)) {
        ++t.report.rows_read;
        const std::string assay = ascii_lower(f[c_assay]);
        bool strong = false;
        for (const char* a :
             {"luciferase", "reporter", "western", "pcr", "immunoblot", "elisa", "northern", "immunohisto"})
            strong |= assay.find(a) != std::string::npos;
        TargetEvidence ev;
        ev.source = Source::curated;
        ev.evidence = strong ? EvidenceClass::strong : EvidenceClass::weak;
        ev.weight = strong ? ctx.model.strong : ctx.model.weak;
        add_pair(t, names, ctx, f[c_mirna], f[c_gene], ev);
    }
    names.fill(t.report);
    return t;
}

void normalise_genes(SourceTable& t, const GeneIds& ids) {
    GeneIdTally tally;
    std::vector<std::uint8_t> unknown_entrez(t.genes.size(), 0);
    for (std::size_t i = 0; i < t.genes.size(); ++i) {
        const GeneIdResult r = ids.resolve(t.genes[i]);
        tally.add(t.genes[i], r);
        unknown_entrez[i] = r.status == GeneIdStatus::unknown && !t.genes[i].empty() &&
                            std::all_of(t.genes[i].begin(), t.genes[i].end(),
                                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        t.genes[i] = r.symbol;
    }
    const auto end = std::remove_if(t.rows.begin(), t.rows.end(),
                                    [&](const TargetEvidence& e) { return unknown_entrez[e.gene] != 0; });
    if (const auto n = static_cast<std::uint64_t>(t.rows.end() - end); n > 0) {
        t.report.drop("Entrez gene ID not in org.Hs.eg.db", n);
        t.report.rows_used -= std::min(t.report.rows_used, n);
        t.rows.erase(end, t.rows.end());
    }
    t.report.gene_ids = tally.json();
    t.report.gene_ids["summary"] = tally.summary();
}

std::unordered_map<std::string, std::string> load_gene_alias(const std::string& path) {
    std::unordered_map<std::string, std::string> out;
    LineReader in(path);
    std::string line;
    while (in.next(line)) {
        if (line.empty()) continue;
        const auto f = split_tabs(line);
        if (f.size() < 2 || trim_ws(f[0]).empty() || trim_ws(f[1]).empty())
            throw Error(fmt::format("{}expected 'old_symbol<TAB>symbol'", in.where()));
        if (in.line_no() == 1 && (norm_col(f[0]) == "alias" || norm_col(f[0]) == "old" || norm_col(f[0]) == "from"))
            continue;
        std::string from(trim_ws(f[0])), to(trim_ws(f[1]));
        for (char& c : from) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        for (char& c : to) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out[from] = to;
    }
    return out;
}

}  // namespace exomir
