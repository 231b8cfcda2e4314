// cmd_network.cpp: the `exomir network` front end: parse, read tables, build and score the network, commit outputs.
#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/network/cmd_network.hpp"
#include "exomir/network/graph.hpp"
#include "exomir/network/network_genes.hpp"
#include "exomir/network/network_input.hpp"
#include "exomir/network/network_output.hpp"
#include "exomir/network/network_reference.hpp"
#include "exomir/network/result.hpp"
#include "exomir/network/score.hpp"
#include "exomir/reference/mirna_ref.hpp"

namespace exomir {
namespace {

std::vector<std::string> validate(NetworkArgs& opt) {
    std::vector<std::string> problems = validate(opt.score);
    if (opt.targets.empty())
        problems.push_back(opt.reference_dir.empty()
                               ? "--targets is required (or --reference DIR with a targets.tsv)"
                               : fmt::format("--targets is required: {} has no targets.tsv", opt.reference_dir));
    if (!path_exists(opt.modules) && opt.gmt.empty() && opt.reference_gmt.empty())
        problems.push_back(fmt::format("{}: no curated modules; pass --modules FILE or --gmt FILE", opt.modules));
    if (opt.min_cpm < 0) problems.push_back("--min-cpm must be >= 0");
    if (!opt.norm_factors.empty() && opt.normalization != Normalization::tmm)
        problems.push_back("--norm-factors needs --normalization tmm");
    if (!opt.group.empty()) {
        const auto eq = opt.group.find('=');
        if (eq == std::string::npos || eq == 0)
            problems.push_back("--group must look like COLUMN=VALUE");
        else
            opt.cargo.group_column = opt.group.substr(0, eq), opt.cargo.group_value = opt.group.substr(eq + 1);
        if (opt.samplesheet.empty()) problems.push_back("--group needs --samplesheet");
    }
    if (!opt.cargo.sample.empty() && !opt.group.empty()) problems.push_back("--sample and --group exclude each other");
    if (opt.score.propagate && opt.ppi.empty()) problems.push_back("--propagate needs --ppi");
    return problems;
}

/// What the network stands on: gene-ID databases, per-source gene-ID outcomes, target-source coverage.
struct Provenance {
    std::string orgdb, godb, orgdb_version;
    std::size_t n_go_sets = 0;
    nlohmann::json gene_ids = nlohmann::json::object();
    std::vector<std::string> source_lists;
    std::vector<TargetSourceCoverage> coverage;
    std::string norm_factors;            ///< the TMM factors the cargo was normalised with ("" = cpm)
    std::string exclude_level = "none";  ///< --exclude-contaminants as applied
    std::vector<std::string> excluded;   ///< cargo miRNAs left out as medium-derived
};

// --exclude-contaminants: leaves the miRNAs that merge flagged as medium-derived out of the cargo
// (docs/contamination.md). Without --contamination there are no flags, and the run record says so.
void exclude_contaminants(const NetworkArgs& opt, NetworkInputs& in, Provenance& prov) {
    prov.exclude_level =
        opt.exclude_contaminants.empty() ? (opt.contamination.empty() ? "none" : "likely") : opt.exclude_contaminants;
    if (prov.exclude_level != "none" && opt.contamination.empty())
        throw UsageError(fmt::format("--exclude-contaminants {} needs --contamination (merge's contamination.tsv)",
                                     prov.exclude_level));
    if (opt.contamination.empty()) return;
    const auto excluded = contaminants_to_exclude(read_contamination_flags(opt.contamination), prov.exclude_level);
    prov.excluded = exclude_from_cargo(in.abundance, excluded);
    if (!prov.excluded.empty())
        log_info(fmt::format("{} miRNA{} flagged as medium-derived left out of the cargo (--exclude-contaminants {})",
                             prov.excluded.size(), prov.excluded.size() == 1 ? "" : "s", prov.exclude_level));
    if (in.abundance.mirnas.empty())
        throw Error(
            fmt::format("{}: every cargo miRNA is flagged as medium-derived; check the blanks, or use "
                        "--exclude-contaminants none",
                        opt.contamination));
}

// Current gene symbols for every input and, with no --gmt, the GO BP sets of org.Hs.eg.db (docs/gene_ids.md).
void add_gene_ids(const NetworkArgs& opt, NetworkInputs& in, Provenance& prov) {
    prov.orgdb = find_orgdb();
    if (prov.orgdb.empty()) {
        log_warn(
            "org.Hs.eg.db not found (run 'make deps' or set EXOMIR_ORGDB): gene IDs are used as given and "
            "no GO BP sets are scored");
        return;
    }
    const GeneIds ids = GeneIds::load(prov.orgdb);
    prov.orgdb_version = ids.version();
    if (opt.gmt.empty() && !opt.no_go) {
        prov.godb = find_godb();
        auto sets = go_gene_sets(load_go_bp(prov.orgdb, prov.godb, opt.go_min, opt.go_max));
        prov.n_go_sets = sets.size();
        log_info(fmt::format("{} GO BP terms of {} to {} genes from {}{}", sets.size(), opt.go_min, opt.go_max,
                             prov.orgdb, prov.godb.empty() ? " (GO.db not found: terms named by ID)" : ""));
        std::move(sets.begin(), sets.end(), std::back_inserter(in.gene_sets));
    }
    std::vector<std::string> summaries;
    prov.gene_ids = normalise_gene_ids(in, ids, &summaries);
    for (const auto& s : summaries) log_info(s);
}

// --normalization tmm without --norm-factors: the norm_factors.tsv that merge wrote beside the counts.
std::string norm_factors_beside(const std::string& counts) {
    const std::string path = (std::filesystem::path(counts).parent_path() / "norm_factors.tsv").string();
    if (!file_exists(path))
        throw Error(
            fmt::format("{}: not found (--normalization tmm reads the TMM factors beside {}); run `exomir "
                        "merge`, which writes it, or pass --norm-factors FILE",
                        path, counts));
    return path;
}

NetworkInputs read_inputs(const NetworkArgs& opt, Provenance& prov) {
    NetworkInputs in;
    const CountsTable counts = read_counts(opt.counts);
    SampleSheetTable sheet;
    if (!opt.samplesheet.empty()) sheet = load_samplesheet(opt.samplesheet, SheetNeeds::without_reads());
    const auto cols = select_samples(counts, opt.samplesheet.empty() ? nullptr : &sheet, opt.cargo);
    std::optional<NormFactors> factors;
    if (opt.normalization == Normalization::tmm) {
        prov.norm_factors = opt.norm_factors.empty() ? norm_factors_beside(opt.counts) : opt.norm_factors;
        factors = read_norm_factors(prov.norm_factors);
    }
    in.abundance = compute_abundance(counts, cols, opt.min_cpm, factors ? &*factors : nullptr);
    exclude_contaminants(opt, in, prov);
    for (const auto& name : in.abundance.empty)
        log_warn(fmt::format("{}: sample '{}' has no miRNA reads; left out of the cargo (check its quant qc.json)",
                             opt.counts, name));
    in.targets = read_targets(opt.targets, &prov.source_lists);
    if (path_exists(opt.modules))
        in.modules = read_modules(opt.modules);
    else
        log_warn(fmt::format("{}: not found; scoring the GMT sets only", opt.modules));
    for (const auto* list : {&opt.reference_gmt, &opt.gmt})
        for (const auto& path : *list) {
            auto sets = read_gmt(path);
            std::move(sets.begin(), sets.end(), std::back_inserter(in.gene_sets));
        }
    if (!opt.ppi.empty()) in.ppi = read_ppi(opt.ppi);
    add_gene_ids(opt, in, prov);
    prov.coverage = target_source_coverage(in, prov.source_lists);
    return in;
}

// Modules with cargo-null FDR < 0.05, with gene-set-null FDR < 0.05, and called (network.run.json counts).
std::array<std::size_t, 3> n_modules_below(const ScoreResult& res) {
    std::array<std::size_t, 3> n{};
    for (const auto& m : res.modules) n[0] += m.fdr_cargo < 0.05, n[1] += m.fdr_geneset < 0.05, n[2] += m.call;
    return n;
}

nlohmann::json run_json(const NetworkArgs& opt, const NetworkInputs& in, const Network& net, const ScoreResult& res,
                        const Provenance& prov) {
    std::vector<std::string> inputs{opt.counts, opt.targets};
    if (path_exists(opt.modules)) inputs.push_back(opt.modules);
    inputs.insert(inputs.end(), opt.reference_gmt.begin(), opt.reference_gmt.end());
    inputs.insert(inputs.end(), opt.gmt.begin(), opt.gmt.end());
    if (!opt.ppi.empty()) inputs.push_back(opt.ppi);
    if (!opt.samplesheet.empty()) inputs.push_back(opt.samplesheet);
    if (!opt.contamination.empty()) inputs.push_back(opt.contamination);
    if (!prov.norm_factors.empty()) inputs.push_back(prov.norm_factors);
    auto j = make_run_info(inputs);
    j["targets"] = opt.targets;  // explore's targets lookup (the command line may be `exomir run`'s)
    j["reference"] = opt.reference_dir.empty() ? nlohmann::json() : nlohmann::json(opt.reference_dir);
    const auto [n_cargo, n_geneset, n_called] = n_modules_below(res);
    j["parameters"] = {{"permutations", opt.score.permutations},
                       {"seed", opt.score.seed},
                       {"stop_hits", opt.score.stop_hits},
                       {"hypergeom", "classical top-N target enrichment: biased toward heavily targeted genes"},
                       {"strata", opt.score.strata},
                       {"strata_by", opt.score.strata_by_weight ? "weight" : "count"},
                       {"propagate", opt.score.propagate},
                       {"restart", opt.score.restart},
                       {"min_cpm", opt.min_cpm},
                       {"top_read_fraction", opt.score.top_read_fraction},
                       {"p_cargo", "cargo null, one-sided upper tail: (1 + #{null >= observed}) / (B + 1)"},
                       {"geneset_permutations", opt.score.geneset_permutations},
                       {"geneset_strata", opt.score.geneset_strata},
                       {"p_geneset", "gene-set null (matched random gene sets), one-sided upper tail"},
                       {"call", call_rule_name(opt.score.call)},
                       {"call_fdr", opt.score.call_fdr}};
    j["cargo"] = {{"samples", in.abundance.samples},
                  {"excluded_samples", opt.cargo.exclude},
                  {"n_mirnas_expressed", net.mirnas.size()},
                  {"n_mirnas_below_min_cpm", in.abundance.dropped.size()},
                  {"normalization", normalization_name(opt.normalization)},
                  {"norm_factors", prov.norm_factors.empty() ? nlohmann::json() : nlohmann::json(prov.norm_factors)},
                  {"exclude_contaminants", prov.exclude_level},
                  {"contamination", opt.contamination.empty() ? nlohmann::json() : nlohmann::json(opt.contamination)},
                  {"excluded_as_medium", prov.excluded}};
    j["counts"] = {{"n_genes", net.genes.size()},
                   {"n_modules", net.modules.size()},
                   {"n_target_rows", net.counts.n_target_rows},
                   {"n_target_edges", net.target_genes.size()},
                   {"n_mirnas_without_targets", net.counts.n_mirnas_without_targets},
                   {"n_ppi_edges", net.counts.n_ppi_edges},
                   {"n_modules_fdr_lt_0.05", n_cargo},
                   {"n_modules_fdr_geneset_lt_0.05", n_geneset},
                   {"n_modules_called", n_called},
                   {"hypergeom_universe", res.n_universe},
                   {"hypergeom_top_targets", res.n_top_targets}};
    j["gene_ids"] = {{"orgdb", prov.orgdb.empty() ? nlohmann::json() : nlohmann::json(prov.orgdb)},
                     {"entrez_gene_date", prov.orgdb_version},
                     {"sources", prov.gene_ids}};
    j["go_bp"] = {{"godb", prov.godb.empty() ? nlohmann::json() : nlohmann::json(prov.godb)},
                  {"n_sets", prov.n_go_sets},
                  {"min_genes", opt.go_min},
                  {"max_genes", opt.go_max}};
    j["target_sources"] = coverage_json(prov.coverage);
    j["genome_scale"] = genome_scale(prov.coverage);
    if (!genome_scale(prov.coverage)) j["genome_scale_fix"] = k_genome_scale_fix;
    return j;
}

void write_outputs(const NetworkArgs& opt, const NetworkInputs& in, const Network& net, const ScoreResult& res,
                   const Provenance& prov) {
    make_dirs(opt.out_dir);
    const auto path = [&](const std::string& name) { return (std::filesystem::path(opt.out_dir) / name).string(); };
    OutputSet outs;
    outs.open(path(result_file::module_scores)).write(module_scores_tsv(net, res));
    outs.open(path(result_file::gene_load)).write(gene_load_tsv(net, res));
    outs.open(path(result_file::mirna_module)).write(mirna_module_tsv(net, res, opt.score, opt.contributions_max_fdr));
    outs.open(path(result_file::mirna_abundance)).write(mirna_abundance_tsv(net, res));
    GraphAnnotations ann{opt.score.propagate ? res.gene_propagated : res.gene_load, {}, {}};
    for (std::size_t p = 0; p < res.modules.size(); ++p) {
        ann.module_score.push_back(res.modules[p].statistic);
        ann.module_shown.push_back(net.modules[p].source == "curated" ||
                                   res.modules[p].fdr_cargo < opt.contributions_max_fdr);
    }
    outs.open(path(result_file::graphml)).write(to_graphml(net, ann));
    outs.open(path(result_file::dot)).write(to_dot(net, ann));
    outs.open(path(result_file::json)).write(to_json(net, ann));
    for (const auto& [name, text] : bundle_files(net)) outs.open(path(name)).write(text);
    outs.open(path(result_file::run_json)).write(dump_json(run_json(opt, in, net, res, prov)));
    outs.commit_all();
}

}  // namespace

int run_network(const NetworkArgs& args) {
    const LogAs log_as("network");
    NetworkArgs opt = args;
    use_reference_dir(opt);
    if (const auto problems = validate(opt); !problems.empty())
        throw UsageError(fmt::format("{}", fmt::join(problems, "; ")));

    const auto t0 = std::chrono::steady_clock::now();
    const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
    Provenance prov;
    const NetworkInputs in = read_inputs(opt, prov);
    for (const auto& c : prov.coverage)
        log_info(
            fmt::format("targets from {}: {} pairs, {} of expressed miRNAs, covering {} miRNAs with {:.1f}% of "
                        "the cargo's miRNA reads",
                        c.source, c.pairs, c.pairs_expressed, c.mirnas_covered, 100 * c.read_share));
    if (!genome_scale(prov.coverage))
        log_warn(fmt::format("only curated interactions reach the cargo: scores are not genome-scale; {}",
                             k_genome_scale_fix));
    const Network net = build_network(in);
    log_info(fmt::format("{} expressed miRNAs ({} below --min-cpm), {} genes, {} target edges, {} modules in {:.1f} s",
                         net.mirnas.size(), in.abundance.dropped.size(), net.genes.size(), net.target_genes.size(),
                         net.modules.size(), seconds()));
    const ScoreResult res = score_network(net, opt.score);
    log_info(fmt::format("scored with {} permutations in {:.1f} s", opt.score.permutations, seconds()));
    write_outputs(opt, in, net, res, prov);
    log_info(fmt::format("wrote {} in {:.1f} s", opt.out_dir, seconds()));
    return 0;
}

namespace {

// The cargo and its inputs: counts, targets, reference, modules, gene sets, PPI, samples, contamination.
void add_input_options(CLI::App& app, NetworkArgs& opt) {
    app.add_option("--counts", opt.counts, "counts.tsv of 'exomir merge'")->required()->check(CLI::ExistingFile);
    app.add_option("--targets", opt.targets, "targets.tsv of 'exomir targets' [<reference>/targets.tsv]")
        ->check(CLI::ExistingFile);
    app.add_option("--reference", opt.reference_dir,
                   "bundle of 'exomir reference build': its targets.tsv, modules.tsv, gmt/*.gmt and ppi.tsv are used "
                   "unless an option names another file")
        ->check(CLI::ExistingDirectory);
    app.add_option("--modules", opt.modules, "curated modules TSV [<reference>/modules.tsv, else the shipped one]")
        ->check(CLI::ExistingFile);
    app.add_option("--gmt", opt.gmt, "extra gene sets (GMT, unsigned), repeatable; replace the GO BP default")
        ->check(CLI::ExistingFile);
    app.add_flag("--no-go", opt.no_go, "without --gmt, do not add the GO BP sets of org.Hs.eg.db");
    app.add_option("--go-min-genes", opt.go_min, "smallest GO BP term scored")->capture_default_str();
    app.add_option("--go-max-genes", opt.go_max, "largest GO BP term scored")->capture_default_str();
    app.add_option("--ppi", opt.ppi, "gene-gene PPI TSV (gene_a, gene_b[, score])")->check(CLI::ExistingFile);
    app.add_option("--sample", opt.cargo.sample, "cargo = this sample of counts.tsv [all samples]");
    app.add_option("--exclude-sample", opt.cargo.exclude,
                   "leave this sample out of the default or --group cargo (repeatable; exomir run passes the "
                   "samples that failed the QC gate)");
    app.add_option("--group", opt.group, "cargo = samples with COLUMN=VALUE in --samplesheet");
    app.add_option("--samplesheet", opt.samplesheet, "TSV with a sample column and condition columns")
        ->check(CLI::ExistingFile);
    app.add_option("--min-cpm", opt.min_cpm, "leave out miRNAs below this CPM (TMM-CPM with --normalization tmm)")
        ->capture_default_str();
    add_normalization_option(app, opt.normalization,
                             "cargo abundance: mean CPM of the samples (cpm), or mean TMM-normalised CPM with merge's "
                             "TMM factors (tmm)");
    app.add_option("--norm-factors", opt.norm_factors,
                   "with --normalization tmm: norm_factors.tsv of 'exomir merge' [beside --counts]")
        ->check(CLI::ExistingFile);
    app.add_option("--contamination", opt.contamination,
                   "contamination.tsv of 'exomir merge --blank': per-miRNA culture-medium flags")
        ->check(CLI::ExistingFile);
    app.add_option("--exclude-contaminants", opt.exclude_contaminants,
                   "leave out of the cargo miRNAs flagged likely_medium (likely), also possible_medium (possible), "
                   "or none [likely with --contamination, else none]")
        ->check(CLI::IsMember({"likely", "possible", "none"}));
}

// The two nulls, the decision rule and propagation. `call` holds --call's text until the options are parsed.
void add_scoring_options(CLI::App& app, NetworkArgs& opt, std::string& call) {
    app.add_option("--permutations", opt.score.permutations, "permutations of the cargo null")->capture_default_str();
    app.add_option("--seed", opt.score.seed, "random seed")->capture_default_str();
    app.add_option("--stop-hits", opt.score.stop_hits,
                   "a module stops drawing permutations after this many null scores >= its score (0 = never)")
        ->capture_default_str();
    app.add_option("--strata", opt.score.strata, "target-count strata of the cargo null")->capture_default_str();
    app.add_option_function<std::string>(
           "--strata-by", [&opt](const std::string& v) { opt.score.strata_by_weight = v == "weight"; },
           "cargo-null strata by target count (count) or by summed target weight, the sum of a miRNA's pair "
           "weights (weight)")
        ->check(CLI::IsMember({"count", "weight"}))
        ->default_str("count");
    app.add_option("--geneset-permutations", opt.score.geneset_permutations,
                   "random gene sets per module of the gene-set null")
        ->capture_default_str()
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100'000'000}));
    app.add_option("--geneset-strata", opt.score.geneset_strata, "target-weight strata of the gene-set null's genes")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    app.add_option("--call", call,
                   "decision rule of the call column: FDR < --call-fdr under both nulls, the cargo null, the gene-set "
                   "null, or either")
        ->capture_default_str()
        ->check(CLI::IsMember({"both", "cargo", "geneset", "either"}))
        ->each([&](const std::string& v) { opt.score.call = parse_call_rule(v); });
    app.add_option("--call-fdr", opt.score.call_fdr, "FDR level of the call column")
        ->capture_default_str()
        ->check(CLI::Range(1e-12, 1.0));
    app.add_flag("--propagate", opt.score.propagate, "score on the PPI random walk with restart of the gene load");
    app.add_option("--restart", opt.score.restart, "restart probability of the random walk")->capture_default_str();
}

}  // namespace

CLI::Option* add_normalization_option(CLI::App& app, Normalization& target, const std::string& help) {
    // The check lists the names, not the name -> enum map: CLI11 would print the enum values as raw bytes.
    std::vector<std::string> names;
    for (const auto& choice : normalization_choices()) names.push_back(choice.first);
    return app
        .add_option_function<std::string>(
            "--normalization", [&target](const std::string& v) { target = normalization_choices().at(v); }, help)
        ->check(CLI::IsMember(names))
        ->default_str(normalization_name(target));
}

int cmd_network(int argc, char** argv) {
    CLI::App app{
        "Build and score the miRNA -> gene -> module network of an exosome cargo.\n"
        "example: exomir network --counts counts.tsv --targets targets.tsv --gmt go_bp.gmt -o net/",
        "exomir network"};
    NetworkArgs opt;
    CommonOptions common;
    add_common_options(app, common);
    add_input_options(app, opt);
    std::string call = call_rule_name(opt.score.call);
    add_scoring_options(app, opt, call);
    app.add_option("-o,--out", opt.out_dir, "output directory")->required();
    return parse_and_run(app, common, argc, argv, [&] { return run_network(opt); });
}

}  // namespace exomir
