// cmd_network.cpp: the `exomir network` front end: parse, read tables, build and score the network, commit outputs.
#include <chrono>
#include <filesystem>

#include <fmt/format.h>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/network/cmd_network.hpp"
#include "exomir/network/graph.hpp"
#include "exomir/network/network_input.hpp"
#include "exomir/network/network_output.hpp"
#include "exomir/network/result.hpp"
#include "exomir/network/score.hpp"
#include "exomir/reference/mirna_ref.hpp"

namespace exomir {
namespace {

std::vector<std::string> validate(NetworkArgs& opt) {
    std::vector<std::string> problems = validate(opt.score);
    if (opt.modules.empty()) opt.modules = curated_reference_dir() + "/modules.tsv";
    if (!std::filesystem::exists(opt.modules) && opt.gmt.empty())
        problems.push_back(fmt::format("{}: no curated modules; pass --modules FILE or --gmt FILE", opt.modules));
    if (opt.min_cpm < 0) problems.push_back("--min-cpm must be >= 0");
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

NetworkInputs read_inputs(const NetworkArgs& opt) {
    NetworkInputs in;
    const CountsTable counts = read_counts(opt.counts);
    SampleSheet sheet;
    if (!opt.samplesheet.empty()) sheet = read_samplesheet(opt.samplesheet);
    const auto cols = select_samples(counts, opt.samplesheet.empty() ? nullptr : &sheet, opt.cargo);
    in.abundance = compute_abundance(counts, cols, opt.min_cpm);
    in.targets = read_targets(opt.targets);
    if (std::filesystem::exists(opt.modules))
        in.modules = read_modules(opt.modules);
    else
        log_warn(fmt::format("{}: not found; scoring the GMT sets only", opt.modules));
    for (const auto& path : opt.gmt) {
        auto sets = read_gmt(path);
        std::move(sets.begin(), sets.end(), std::back_inserter(in.gene_sets));
    }
    if (!opt.ppi.empty()) in.ppi = read_ppi(opt.ppi);
    return in;
}

nlohmann::json run_json(const NetworkArgs& opt, const NetworkInputs& in, const Network& net, const ScoreResult& res) {
    std::vector<std::string> inputs{opt.counts, opt.targets};
    if (std::filesystem::exists(opt.modules)) inputs.push_back(opt.modules);
    inputs.insert(inputs.end(), opt.gmt.begin(), opt.gmt.end());
    if (!opt.ppi.empty()) inputs.push_back(opt.ppi);
    if (!opt.samplesheet.empty()) inputs.push_back(opt.samplesheet);
    auto j = make_run_info(inputs);
    j["targets"] = opt.targets;  // explore's targets lookup (the command line may be `exomir run`'s)
    std::size_t n_sig = 0;
    for (const auto& m : res.modules) n_sig += m.fdr < 0.05;
    j["parameters"] = {{"permutations", opt.score.permutations},
                       {"seed", opt.score.seed},
                       {"stop_hits", opt.score.stop_hits},
                       {"hypergeom", "classical top-N target enrichment: biased toward heavily targeted genes"},
                       {"strata", opt.score.strata},
                       {"propagate", opt.score.propagate},
                       {"restart", opt.score.restart},
                       {"min_cpm", opt.min_cpm},
                       {"top_read_fraction", opt.score.top_read_fraction},
                       {"p_empirical", "one-sided upper tail: (1 + #{null >= observed}) / (B + 1)"}};
    j["cargo"] = {{"samples", in.abundance.samples},
                  {"n_mirnas_expressed", net.mirnas.size()},
                  {"n_mirnas_below_min_cpm", in.abundance.dropped.size()}};
    j["counts"] = {{"n_genes", net.genes.size()},
                   {"n_modules", net.modules.size()},
                   {"n_target_rows", net.counts.n_target_rows},
                   {"n_target_edges", net.target_genes.size()},
                   {"n_mirnas_without_targets", net.counts.n_mirnas_without_targets},
                   {"n_ppi_edges", net.counts.n_ppi_edges},
                   {"n_modules_fdr_lt_0.05", n_sig},
                   {"hypergeom_universe", res.n_universe},
                   {"hypergeom_top_targets", res.n_top_targets}};
    return j;
}

void write_outputs(const NetworkArgs& opt, const NetworkInputs& in, const Network& net, const ScoreResult& res) {
    make_dirs(opt.out_dir);
    const auto path = [&](const std::string& name) { return (std::filesystem::path(opt.out_dir) / name).string(); };
    OutputSet outs;
    outs.open(path("module_scores.tsv")).write(module_scores_tsv(net, res));
    outs.open(path("gene_load.tsv")).write(gene_load_tsv(net, res));
    outs.open(path("mirna_module.tsv")).write(mirna_module_tsv(net, res, opt.score, opt.contributions_max_fdr));
    outs.open(path("mirna_abundance.tsv")).write(mirna_abundance_tsv(net, res));
    GraphAnnotations ann{opt.score.propagate ? res.gene_propagated : res.gene_load, {}, {}};
    for (std::size_t p = 0; p < res.modules.size(); ++p) {
        ann.module_score.push_back(res.modules[p].statistic);
        ann.module_shown.push_back(net.modules[p].source == "curated" ||
                                   res.modules[p].fdr < opt.contributions_max_fdr);
    }
    outs.open(path("network.graphml")).write(to_graphml(net, ann));
    outs.open(path("network.dot")).write(to_dot(net, ann));
    outs.open(path("network.json")).write(to_json(net, ann));
    for (const auto& [name, text] : bundle_files(net)) outs.open(path(name)).write(text);
    outs.open(path("network.run.json")).write(dump_json(run_json(opt, in, net, res)));
    outs.commit_all();
}

}  // namespace

int run_network(const NetworkArgs& args) {
    const LogAs log_as("network");
    NetworkArgs opt = args;
    if (const auto problems = validate(opt); !problems.empty())
        throw UsageError(fmt::format("{}", fmt::join(problems, "; ")));

    const auto t0 = std::chrono::steady_clock::now();
    const auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
    const NetworkInputs in = read_inputs(opt);
    const Network net = build_network(in);
    log_info(fmt::format("{} expressed miRNAs ({} below --min-cpm), {} genes, {} target edges, {} modules in {:.1f} s",
                         net.mirnas.size(), in.abundance.dropped.size(), net.genes.size(), net.target_genes.size(),
                         net.modules.size(), seconds()));
    const ScoreResult res = score_network(net, opt.score);
    log_info(fmt::format("scored with {} permutations in {:.1f} s", opt.score.permutations, seconds()));
    write_outputs(opt, in, net, res);
    log_info(fmt::format("wrote {} in {:.1f} s", opt.out_dir, seconds()));
    return 0;
}

int cmd_network(int argc, char** argv) {
    CLI::App app{
        "Build and score the miRNA -> gene -> module network of an exosome cargo.\n"
        "example: exomir network --counts counts.tsv --targets targets.tsv --gmt go_bp.gmt -o net/",
        "exomir network"};
    NetworkArgs opt;
    CommonOptions common;
    add_common_options(app, common);
    app.add_option("--counts", opt.counts, "counts.tsv of 'exomir merge'")->required()->check(CLI::ExistingFile);
    app.add_option("--targets", opt.targets, "targets.tsv of 'exomir targets'")->required()->check(CLI::ExistingFile);
    app.add_option("--modules", opt.modules, "curated modules TSV [reference/modules.tsv]")->check(CLI::ExistingFile);
    app.add_option("--gmt", opt.gmt, "extra gene sets (GMT, unsigned), repeatable")->check(CLI::ExistingFile);
    app.add_option("--ppi", opt.ppi, "gene-gene PPI TSV (gene_a, gene_b[, score])")->check(CLI::ExistingFile);
    app.add_option("--sample", opt.cargo.sample, "cargo = this sample of counts.tsv [all samples]");
    app.add_option("--group", opt.group, "cargo = samples with COLUMN=VALUE in --samplesheet");
    app.add_option("--samplesheet", opt.samplesheet, "TSV with a sample column and condition columns")
        ->check(CLI::ExistingFile);
    app.add_option("--min-cpm", opt.min_cpm, "leave out miRNAs below this CPM")->capture_default_str();
    app.add_option("--permutations", opt.score.permutations, "permutations of the null")->capture_default_str();
    app.add_option("--seed", opt.score.seed, "random seed")->capture_default_str();
    app.add_option("--stop-hits", opt.score.stop_hits,
                   "a module stops drawing permutations after this many null scores >= its score (0 = never)")
        ->capture_default_str();
    app.add_option("--strata", opt.score.strata, "target-count strata of the null")->capture_default_str();
    app.add_flag("--propagate", opt.score.propagate, "score on the PPI random walk with restart of the gene load");
    app.add_option("--restart", opt.score.restart, "restart probability of the random walk")->capture_default_str();
    app.add_option("-o,--out", opt.out_dir, "output directory")->required();
    return parse_and_run(app, common, argc, argv, [&] { return run_network(opt); });
}

}  // namespace exomir
