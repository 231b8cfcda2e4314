// cmd_reference_build.cpp: the `exomir reference build` front end: turns the files of `exomir reference fetch`
// into a bundle (species FASTAs, targets.tsv by the `exomir targets` code, GMTs, symbol-keyed PPI, curated
// tables, bundle.json). It lives in the targets stage because targets.tsv is made by the targets loaders
// (allowed arrow targets -> reference); cmd_reference_command dispatches to it.
#include <filesystem>
#include <optional>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/reference/bundle_build.hpp"
#include "exomir/reference/cmd_reference.hpp"
#include "exomir/reference/fetch.hpp"
#include "exomir/reference/gene_ids.hpp"
#include "exomir/reference/mirna_ref.hpp"
#include "exomir/targets/bundle_targets.hpp"
#include "exomir/targets/cmd_reference_build.hpp"

namespace exomir {
namespace {
namespace fs = std::filesystem;

struct BuildOptions {
    std::string dir;  ///< the folder of `exomir reference fetch`
    std::string out;  ///< bundle folder [DIR/bundle]
    std::string species = "hsa";
    int ppi_min_score = 700;  ///< STRING combined_score (700 = STRING's "high confidence")
    bool no_curated = false;
};

/// DIR/<rel> if it exists, else "".
std::string fetched(const BuildOptions& o, const std::string& rel) {
    const std::string p = (fs::path(o.dir) / rel).string();
    return file_exists(p) ? p : std::string();
}

std::string need(const BuildOptions& o, const std::string& rel, const char* source) {
    const std::string p = fetched(o, rel);
    if (p.empty())
        throw Error(fmt::format("{}: not found; run 'exomir reference fetch --sources {} -o {}' first",
                                (fs::path(o.dir) / rel).string(), source, o.dir));
    return p;
}

nlohmann::json source_json(const nlohmann::json& manifest, const std::string& name) {
    nlohmann::json s = manifest.contains("sources") && manifest["sources"].contains(name) ? manifest["sources"][name]
                                                                                          : nlohmann::json::object();
    s["files"] = nlohmann::json::array();
    if (manifest.contains("files"))
        for (const auto& f : manifest["files"])
            if (f.value("source", "") == name) s["files"].push_back(f);
    return s;
}

// Everything a bundle holds, parsed and checked before the first folder or file is created: a malformed upstream
// file leaves nothing.
struct BundleParts {
    std::string orgdb;  ///< "" = gene IDs used as given
    std::optional<GeneIds> gene_ids;
    GeneIdTally gmt_tally, ppi_tally;
    std::uint64_t n_mature = 0, n_hairpin = 0;
    std::string mature_fa, hairpin_fa;
    BundleTargets targets;
    std::vector<std::string> targets_tsv;
    std::string gmt_path;  ///< "" = no Reactome GMT fetched
    GmtBuild gmt;
    bool have_ppi = false;
    PpiBuild ppi;
};

// targets.tsv from whatever target sources were fetched, by the `exomir targets` loaders.
void build_targets(const BuildOptions& o, const MirnaReference& ref, BundleParts& parts) {
    BundleTargetInputs ti;
    ti.species = o.species;
    ti.gene_ids = parts.gene_ids ? &*parts.gene_ids : nullptr;
    if (auto p = fetched(o, "targetscan/miR_Family_Info.txt"); !p.empty()) ti.targetscan_family.push_back(p);
    for (const char* rel : {"targetscan/Predicted_Targets_Context_Scores.default_predictions.txt",
                            "targetscan/Summary_Counts.default_predictions.txt"})
        if (auto p = fetched(o, rel); !p.empty()) ti.targetscan.push_back(p);
    if (auto p = fetched(o, "mirtarbase/hsa_MTI.csv"); !p.empty()) ti.mirtarbase.push_back(p);
    const std::string curated_dir = curated_reference_dir();
    if (!o.no_curated && file_exists(curated_dir + "/interactions.tsv")) ti.curated = curated_dir + "/interactions.tsv";
    if (ti.targetscan.empty() && ti.mirtarbase.empty())
        log_warn("no TargetScan or miRTarBase files in " + o.dir + ": targets.tsv holds the curated pairs only");
    parts.targets = build_bundle_targets(ref, ti);
    parts.targets_tsv = format_targets_chunks(parts.targets.table);
}

BundleParts parse_sources(const BuildOptions& o) {
    BundleParts parts;
    // Gene IDs of every source through org.Hs.eg.db when present (docs/gene_ids.md), else symbols as given.
    parts.orgdb = find_orgdb();
    if (!parts.orgdb.empty())
        parts.gene_ids.emplace(GeneIds::load(parts.orgdb));
    else
        log_warn("org.Hs.eg.db not found (run 'make deps' or set EXOMIR_ORGDB): gene IDs are used as given");
    const auto normaliser = [&](GeneIdTally& tally) {
        return parts.gene_ids ? gene_ids_normaliser(*parts.gene_ids, tally) : default_gene_normaliser();
    };
    // miRBase (required): the species' records, and the reference the target loaders resolve names with.
    ReferencePaths paths;
    paths.mature = need(o, "mirbase/mature.fa", "mirbase");
    paths.hairpin = need(o, "mirbase/hairpin.fa", "mirbase");
    paths.species = o.species;
    const MirnaReference ref = load_mirna_reference(paths);
    parts.mature_fa = species_fasta(paths.mature, o.species, parts.n_mature);
    parts.hairpin_fa = species_fasta(paths.hairpin, o.species, parts.n_hairpin);
    build_targets(o, ref, parts);
    parts.gmt_path = fetched(o, "reactome/ReactomePathways.gmt");
    if (!parts.gmt_path.empty()) parts.gmt = normalise_gmt(parts.gmt_path, normaliser(parts.gmt_tally));
    const std::string links = fetched(o, "string/9606.protein.links.v12.0.txt");
    const std::string info = fetched(o, "string/9606.protein.info.v12.0.txt");
    parts.have_ppi = !links.empty() && !info.empty();
    if (parts.have_ppi) parts.ppi = build_string_ppi(links, info, o.ppi_min_score, normaliser(parts.ppi_tally));
    return parts;
}

// Row counts of bundle.json ("rows").
nlohmann::json row_counts(const BuildOptions& o, const BundleParts& parts) {
    const auto& table = parts.targets.table;
    nlohmann::json counts = {
        {"mature.fa", parts.n_mature},
        {"hairpin.fa", parts.n_hairpin},
        {"targets.tsv", {{"rows", table.rows.size()}, {"mirnas", table.mirnas.size()}, {"genes", table.genes.size()}}}};
    if (!parts.gmt_path.empty())
        counts["gmt/ReactomePathways.gmt"] = {{"sets", parts.gmt.sets}, {"genes", parts.gmt.genes_out}};
    if (parts.have_ppi)
        counts["ppi.tsv"] = {{"edges", parts.ppi.edges.size()},      {"genes", parts.ppi.n_genes},
                             {"links_read", parts.ppi.rows_read},    {"below_min_score", parts.ppi.below_min_score},
                             {"unmapped_links", parts.ppi.unmapped}, {"self_loops", parts.ppi.self_loops},
                             {"min_combined_score", o.ppi_min_score}};
    return counts;
}

// bundle.json: format, versions, row counts, the fetch manifest's sources, target-source reports, gene-ID tallies.
nlohmann::json bundle_json(const BuildOptions& o, const nlohmann::json& manifest, const BundleParts& parts) {
    nlohmann::json bundle = {{"format", "exomir-reference-bundle/1"},
                             {"exomir_version", EXOMIR_VERSION},
                             {"species", o.species},
                             {"built_from", fs::absolute(o.dir).lexically_normal().string()},
                             {"rows", row_counts(o, parts)},
                             {"sources", nlohmann::json::object()},
                             {"target_sources", nlohmann::json::array()}};
    for (const char* s : {"mirbase", "targetscan", "mirtarbase", "reactome", "string", "goa"})
        if (manifest.contains("sources") && manifest["sources"].contains(s))
            bundle["sources"][s] = source_json(manifest, s);
    for (const auto& r : parts.targets.reports) bundle["target_sources"].push_back(report_json(r));
    bundle["gene_ids"] = {{"orgdb", parts.orgdb.empty() ? nlohmann::json() : nlohmann::json(parts.orgdb)},
                          {"entrez_gene_date", parts.gene_ids ? parts.gene_ids->version() : std::string()},
                          {"sources", nlohmann::json::object()}};
    if (parts.gene_ids) {
        const std::pair<const char*, const GeneIdTally*> tallies[] = {{"gmt/ReactomePathways.gmt", &parts.gmt_tally},
                                                                      {"ppi.tsv", &parts.ppi_tally}};
        for (const auto& [name, tally] : tallies)
            if (tally->n_total() > 0) {
                bundle["gene_ids"]["sources"][name] = tally->json();
                log_info(fmt::format("{}: {}", name, tally->summary()));
            }
        for (const auto& r : parts.targets.reports)
            if (!r.gene_ids.is_null())
                log_info(fmt::format("{}: {}", r.path, r.gene_ids["summary"].get<std::string>()));
    }
    return bundle;
}

// Writes the bundle folder: every file or none (OutputSet).
void write_bundle(const BuildOptions& o, const BundleParts& parts, const nlohmann::json& bundle) {
    OutputSet outputs;
    make_dirs(o.out);
    outputs.open(o.out + "/mature.fa").write(parts.mature_fa);
    outputs.open(o.out + "/hairpin.fa").write(parts.hairpin_fa);
    AtomicFile& tfile = outputs.open(o.out + "/targets.tsv");
    for (const auto& part : parts.targets_tsv) tfile.write(part);
    if (!parts.gmt_path.empty()) {
        make_dirs(o.out + "/gmt");
        outputs.open(o.out + "/gmt/ReactomePathways.gmt").write(parts.gmt.text);
    }
    if (parts.have_ppi) outputs.open(o.out + "/ppi.tsv").write(format_ppi(parts.ppi));
    const std::string curated_dir = curated_reference_dir();
    for (const char* name : {"modules.tsv", "modules.gmt", "interactions.tsv"}) {
        const std::string src = curated_dir + "/" + name;
        if (!file_exists(src)) throw Error(fmt::format("{}: not found (the curated tables of exomir)", src));
        AtomicFile& f = outputs.open(o.out + "/" + name);
        LineReader in(src);
        std::string line;
        while (in.next(line)) f.write(line + "\n");
    }
    outputs.open(o.out + "/bundle.json").write(bundle.dump(2) + "\n");
    outputs.commit_all();
}

void run_reference_build(const BuildOptions& o) {
    const nlohmann::json manifest = load_fetch_manifest(o.dir);
    const BundleParts parts = parse_sources(o);
    const nlohmann::json bundle = bundle_json(o, manifest, parts);
    write_bundle(o, parts, bundle);
    log_info(fmt::format("bundle {}: {} matures, {} target rows ({} genes){}", o.out, parts.n_mature,
                         parts.targets.table.rows.size(), parts.targets.table.genes.size(),
                         parts.have_ppi ? fmt::format(", {} PPI edges", parts.ppi.edges.size()) : ""));
}

}  // namespace

int cmd_reference_build(int argc, char** argv) {
    CLI::App app{
        "turn the downloads of 'exomir reference fetch' into a reference bundle: the species' miRBase FASTAs,\n"
        "one merged seed-keyed targets.tsv (TargetScan + miRTarBase + curated, the 'exomir targets' code),\n"
        "the GMTs, the STRING PPI keyed by gene symbol, the curated tables and bundle.json\n\n"
        "example: exomir reference build refdata/ -o refdata/bundle",
        "reference build"};
    BuildOptions o;
    CommonOptions common;
    app.add_option("dir", o.dir, "folder written by 'exomir reference fetch'")->required();
    app.add_option("-o,--out", o.out, "bundle folder [DIR/bundle]");
    app.add_option("--species", o.species, "miRBase species prefix")->capture_default_str();
    app.add_option("--ppi-min-score", o.ppi_min_score, "keep STRING links with combined_score >= this")
        ->capture_default_str()
        ->check(CLI::Range(0, 1000));
    app.add_flag("--no-curated", o.no_curated, "leave the curated interactions out of targets.tsv");
    add_common_options(app, common);
    if (const int rc = parse_command_line(app, argc, argv); rc >= 0) return rc;
    const auto threads = apply_threads(common, "reference build");
    if (o.out.empty()) o.out = (fs::path(o.dir) / "bundle").string();
    run_reference_build(o);
    return 0;
}

int cmd_reference_command(int argc, char** argv) {
    if (argc >= 2 && std::string_view(argv[1]) == "build") return cmd_reference_build(argc - 1, argv + 1);
    return cmd_reference(argc, argv);
}

}  // namespace exomir
