// curated.cpp: checks and summaries of the curated reference tables (modules.tsv, modules.gmt, interactions.tsv).
#include "exomir/reference/curated.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <htslib/hts.h>
#include <nlohmann/json.hpp>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/run_info.hpp"

namespace exomir {
namespace {

const std::set<std::string, std::less<>> k_roles = {"driver", "protective", "context"};
const std::set<std::string, std::less<>> k_cell_types = {"HSC", "macrophage", "hepatocyte", "any"};
const std::set<std::string, std::less<>> k_effects = {"down", "up"};
constexpr std::size_t k_min_evidence_chars = 20;

std::string at(const TextTable& t, std::size_t row) { return fmt::format("{}:{}: ", t.path, t.lines[row]); }

std::string joined(const std::vector<std::string>& v, std::string_view sep) {
    return fmt::format("{}", fmt::join(v, sep));
}

// Header check shared by both TSV tables. @return false if the table has no header row.
bool check_header(const TextTable& t, const std::vector<std::string>& header, std::vector<std::string>& problems) {
    if (t.rows.empty()) {
        problems.push_back(fmt::format("{}: empty file; start it with the header '{}'", t.path, joined(header, "\\t")));
        return false;
    }
    if (t.rows[0] != header)
        problems.push_back(at(t, 0) + fmt::format("header is '{}'; expected '{}' (docs/formats.md)",
                                                  joined(t.rows[0], "\\t"), joined(header, "\\t")));
    return true;
}

// Field-count check of row i. @return true if the row has one field per header column.
bool check_width(const TextTable& t, std::size_t i, const std::vector<std::string>& header,
                 std::vector<std::string>& problems) {
    if (t.rows[i].size() == header.size()) return true;
    problems.push_back(at(t, i) + fmt::format("{} tab-separated fields; expected {} ({})", t.rows[i].size(),
                                              header.size(), joined(header, ", ")));
    return false;
}

void check_symbol_and_pmid(const TextTable& t, std::size_t i, const std::string& gene, const std::string& pmid,
                           std::vector<std::string>& problems) {
    if (!is_gene_symbol(gene))
        problems.push_back(at(t, i) + fmt::format("gene '{}' is not an upper-case HGNC symbol; write the human "
                                                  "symbol in capitals (A-Z, 0-9, '-')",
                                                  gene));
    if (!is_pmid(pmid))
        problems.push_back(at(t, i) + fmt::format("pmid '{}' is not a PubMed ID; give one numeric PMID", pmid));
}

void check_module_row(const TextTable& t, std::size_t i, std::vector<std::string>& problems) {
    const auto& r = t.rows[i];
    if (!r[0].starts_with("fibrosis_") && !r[0].starts_with("inflammasome_"))
        problems.push_back(at(t, i) + fmt::format("module '{}' does not start with fibrosis_ or inflammasome_; "
                                                  "rename it",
                                                  r[0]));
    if (!k_roles.contains(r[2]))
        problems.push_back(at(t, i) + fmt::format("role '{}' is not driver, protective or context; use one of "
                                                  "them",
                                                  r[2]));
    if (!k_cell_types.contains(r[3]))
        problems.push_back(at(t, i) + fmt::format("cell_type '{}' is not HSC, macrophage, hepatocyte or any; use "
                                                  "one of them",
                                                  r[3]));
    if (r[4].size() < k_min_evidence_chars)
        problems.push_back(at(t, i) + fmt::format("evidence '{}' is shorter than {} characters; say in one sentence "
                                                  "what the cited paper shows",
                                                  r[4], k_min_evidence_chars));
    check_symbol_and_pmid(t, i, r[1], r[5], problems);
}

}  // namespace

TextTable read_text_table(const std::string& path) {
    TextTable t{path, {}, {}};
    LineReader in(path);
    std::string line;
    while (in.next(line)) {
        if (trim_ws(line).empty()) continue;
        std::vector<std::string> fields;
        for (auto f : split_tabs(line)) fields.emplace_back(f);
        t.rows.push_back(std::move(fields));
        t.lines.push_back(in.line_no());
    }
    return t;
}

bool is_gene_symbol(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool is_pmid(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> check_modules(const TextTable& t) {
    std::vector<std::string> problems;
    if (!check_header(t, k_modules_header, problems)) return problems;
    std::unordered_map<std::string, std::uint64_t> first_line;  // "module\tgene" -> line
    std::pair<std::string, std::string> previous;
    for (std::size_t i = 1; i < t.rows.size(); ++i) {
        const auto& r = t.rows[i];
        if (!check_width(t, i, k_modules_header, problems)) continue;
        check_module_row(t, i, problems);
        const auto [it, fresh] = first_line.emplace(r[0] + '\t' + r[1], t.lines[i]);
        if (!fresh)
            problems.push_back(at(t, i) + fmt::format("duplicate row for gene {} in module {} (first at line {}); "
                                                      "keep one row",
                                                      r[1], r[0], it->second));
        std::pair<std::string, std::string> key{r[0], r[1]};
        if (fresh && key < previous)
            problems.push_back(at(t, i) + fmt::format("row {} {} is out of order; sort rows by module, then gene "
                                                      "(LC_ALL=C sort)",
                                                      r[0], r[1]));
        if (previous < key) previous = std::move(key);
    }
    return problems;
}

std::vector<ModuleSummary> summarise_modules(const TextTable& t) {
    std::vector<ModuleSummary> out;
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 1; i < t.rows.size(); ++i) {
        const auto& r = t.rows[i];
        if (r.size() != k_modules_header.size() || !k_roles.contains(r[2])) continue;
        const auto [it, fresh] = index.emplace(r[0], out.size());
        if (fresh) out.push_back({r[0], {}, 0, 0, 0});
        ModuleSummary& m = out[it->second];
        m.genes.push_back(r[1]);
        (r[2] == "driver" ? m.n_driver : r[2] == "protective" ? m.n_protective : m.n_context) += 1;
    }
    return out;
}

std::string gmt_line(const ModuleSummary& m) {
    return fmt::format("{0}\texomir curated {0}: {1} genes (driver {2}, protective {3}, context {4})\t{5}", m.module,
                       m.genes.size(), m.n_driver, m.n_protective, m.n_context, joined(m.genes, "\t"));
}

std::vector<std::string> check_modules_gmt(const TextTable& gmt, const TextTable& modules) {
    const std::string fix = "regenerate it with scripts/modules_to_gmt.sh";
    const std::vector<ModuleSummary> expected = summarise_modules(modules);
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t k = 0; k < expected.size(); ++k) index.emplace(expected[k].module, k);
    std::vector<std::string> problems;
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < gmt.rows.size(); ++i) {
        const auto& r = gmt.rows[i];
        const std::string& name = r[0];
        const auto it = index.find(name);
        if (it == index.end()) {
            problems.push_back(at(gmt, i) + fmt::format("set '{}' is not a module of {}; {}", name, modules.path, fix));
            continue;
        }
        if (!seen.insert(name).second) {
            problems.push_back(at(gmt, i) + fmt::format("set '{}' appears twice; {}", name, fix));
            continue;
        }
        const ModuleSummary& m = expected[it->second];
        if (i != it->second)
            problems.push_back(at(gmt, i) + fmt::format("set '{}' is line {} but module {} of {}; {}", name,
                                                        gmt.lines[i], it->second + 1, modules.path, fix));
        const std::vector<std::string> genes(r.begin() + std::min<std::size_t>(2, r.size()), r.end());
        if (genes != m.genes)
            problems.push_back(at(gmt, i) + fmt::format("genes of '{}' differ from its {} rows of {}; {}", name,
                                                        m.genes.size(), modules.path, fix));
        else if (joined(r, "\t") != gmt_line(m))
            problems.push_back(at(gmt, i) + fmt::format("description of '{}' does not give its gene and role counts "
                                                        "({} genes); {}",
                                                        name, m.genes.size(), fix));
    }
    for (const auto& m : expected)
        if (!seen.contains(m.module))
            problems.push_back(
                fmt::format("{}: module '{}' of {} has no line; {}", gmt.path, m.module, modules.path, fix));
    return problems;
}

std::vector<std::string> check_interactions(const TextTable& t, const MirnaReference& ref) {
    std::vector<std::string> problems;
    if (!check_header(t, k_interactions_header, problems)) return problems;
    std::unordered_map<std::string, std::uint64_t> first_line;
    for (std::size_t i = 1; i < t.rows.size(); ++i) {
        const auto& r = t.rows[i];
        if (!check_width(t, i, k_interactions_header, problems)) continue;
        const std::int64_t m = ref.find_mature(r[0]);
        if (m < 0 || ref.matures[static_cast<std::size_t>(m)].name != r[0])
            problems.push_back(at(t, i) + fmt::format("miRNA '{}' is not a mature name of the {} reference ({}); use "
                                                      "its miRBase 22 mature name, e.g. {}-miR-21-5p",
                                                      r[0], ref.species, ref.mature_path, ref.species));
        if (!k_effects.contains(r[2]))
            problems.push_back(at(t, i) + fmt::format("effect '{}' is not down or up; use one of them", r[2]));
        check_symbol_and_pmid(t, i, r[1], r[6], problems);
        const auto [it, fresh] = first_line.emplace(r[0] + '\t' + r[1], t.lines[i]);
        if (!fresh)
            problems.push_back(at(t, i) + fmt::format("duplicate row for {} -> {} (first at line {}); keep one row and "
                                                      "join the assays",
                                                      r[0], r[1], it->second));
    }
    return problems;
}

std::map<std::string, std::size_t> count_effects(const TextTable& t) {
    std::map<std::string, std::size_t> out;
    for (std::size_t i = 1; i < t.rows.size(); ++i)
        if (t.rows[i].size() == k_interactions_header.size()) ++out[t.rows[i][2]];
    return out;
}

std::string file_md5(const std::string& path) {
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), std::fclose);
    if (!in) throw Error(fmt::format("{}: cannot open for reading; check the path and permissions", path));
    const std::unique_ptr<hts_md5_context, void (*)(hts_md5_context*)> ctx(hts_md5_init(), hts_md5_destroy);
    if (!ctx) throw Error("cannot initialise MD5 (htslib hts_md5_init failed)");
    std::vector<char> buf(1 << 16);
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), in.get())) > 0) hts_md5_update(ctx.get(), buf.data(), n);
    if (std::ferror(in.get())) throw Error(fmt::format("{}: read error while hashing; check the file", path));
    unsigned char digest[16];
    char hex[33];
    hts_md5_final(digest, ctx.get());
    hts_md5_hex(hex, digest);
    return hex;
}

namespace {

std::string format_text(const ReferenceDescription& d) {
    std::string out = fmt::format("reference     {}: {} matures ({} in no hairpin), {} hairpins\n", d.species,
                                  d.n_matures, d.n_unplaced, d.n_hairpins);
    for (const auto& f : d.files) out += fmt::format("{:<13} {} ({} bytes, md5 {})\n", f.role, f.path, f.bytes, f.md5);
    out += fmt::format("modules       {}\n", d.modules.size());
    for (const auto& m : d.modules)
        out += fmt::format("  {:<30} {:>3} genes: driver {}, protective {}, context {}\n", m.module, m.genes.size(),
                           m.n_driver, m.n_protective, m.n_context);
    std::vector<std::string> effects;
    for (const auto& [effect, n] : d.effects) effects.push_back(fmt::format("{} {}", effect, n));
    out += fmt::format("interactions  {}: {}\n", d.n_interactions, effects.empty() ? "none" : joined(effects, ", "));
    return out;
}

std::string format_tsv(const ReferenceDescription& d) {
    std::string out = "section\titem\tfield\tvalue\n";
    const auto row = [&out](std::string_view s, std::string_view item, std::string_view field, const auto& value) {
        out += fmt::format("{}\t{}\t{}\t{}\n", s, item, field, value);
    };
    row("reference", d.species, "matures", d.n_matures);
    row("reference", d.species, "hairpins", d.n_hairpins);
    row("reference", d.species, "unplaced_matures", d.n_unplaced);
    for (const auto& f : d.files) {
        row("file", f.role, "path", f.path);
        row("file", f.role, "bytes", f.bytes);
        row("file", f.role, "md5", f.md5);
    }
    for (const auto& m : d.modules) {
        row("module", m.module, "genes", m.genes.size());
        row("module", m.module, "driver", m.n_driver);
        row("module", m.module, "protective", m.n_protective);
        row("module", m.module, "context", m.n_context);
    }
    row("interactions", "all", "count", d.n_interactions);
    for (const auto& [effect, n] : d.effects) row("interactions", effect, "count", n);
    return out;
}

std::string format_json(const ReferenceDescription& d) {
    nlohmann::json j;
    j["reference"] = {{"species", d.species},
                      {"matures", d.n_matures},
                      {"hairpins", d.n_hairpins},
                      {"unplaced_matures", d.n_unplaced}};
    j["files"] = nlohmann::json::array();
    for (const auto& f : d.files)
        j["files"].push_back({{"role", f.role}, {"path", f.path}, {"bytes", f.bytes}, {"md5", f.md5}});
    j["modules"] = nlohmann::json::array();
    for (const auto& m : d.modules)
        j["modules"].push_back({{"module", m.module},
                                {"genes", m.genes.size()},
                                {"driver", m.n_driver},
                                {"protective", m.n_protective},
                                {"context", m.n_context}});
    j["interactions"] = {{"count", d.n_interactions}, {"by_effect", d.effects}};
    return dump_json(j);
}

}  // namespace

std::string format_description(const ReferenceDescription& d, std::string_view format) {
    if (format == "text") return format_text(d);
    if (format == "tsv") return format_tsv(d);
    if (format == "json") return format_json(d);
    throw UsageError(fmt::format("--format '{}' is not text, tsv or json", format));
}

}  // namespace exomir
