// cmd_rank.cpp: the `exomir rank` front end: load a network result, rank miRNAs, cocktails and groups, commit outputs.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/network/network_input.hpp"
#include "exomir/network/result.hpp"
#include "exomir/rank/cmd_rank.hpp"
#include "exomir/rank/rank.hpp"

namespace exomir {
namespace {

std::vector<std::string> validate(RankArgs& opt) {
    std::vector<std::string> problems = validate(opt.rank);
    if (opt.pool == "all")
        opt.rank.pool = Pool::all;
    else if (opt.pool != "present")
        problems.push_back(fmt::format("--pool must be present or all; got '{}'", opt.pool));
    const int n_group = !opt.counts.empty() + !opt.samplesheet.empty() + !opt.group_by.empty();
    if (n_group != 0 && n_group != 3)
        problems.push_back("--counts, --samplesheet and --group-by go together (group comparison)");
    return problems;
}

// The culture-medium flags (docs/contamination.md) and the level rank applies: --contamination, else the
// contamination.tsv that network recorded; --exclude-contaminants, else the level network applied (likely when
// only rank was given a contamination.tsv).
struct RankContamination {
    std::string path;  ///< "" = not assessed (no blanks)
    MirnaFlags flags;
    std::string level = "none";
    std::vector<std::string> excluded;  ///< sorted
};

RankContamination rank_contamination(const RankArgs& opt, const NetworkRunInfo& info) {
    RankContamination c;
    c.path = opt.contamination;
    if (c.path.empty() && !info.contamination.empty()) {
        c.path = recorded_input(opt.network_dir, info.contamination);
        if (c.path.empty())
            log_warn(
                fmt::format("{} (recorded by network) no longer exists: the contamination column says NA, and "
                            "the {} miRNA(s) network left out stay out of the cocktail",
                            info.contamination, info.excluded_as_medium.size()));
    }
    if (!opt.exclude_contaminants.empty())
        c.level = opt.exclude_contaminants;
    else if (!info.contamination.empty())
        c.level = info.exclude_contaminants;
    else if (!opt.contamination.empty())
        c.level = "likely";
    if (c.level != "none" && c.path.empty() && !opt.exclude_contaminants.empty())
        throw UsageError(
            fmt::format("--exclude-contaminants {} needs the contamination.tsv of 'exomir merge --blank': "
                        "pass --contamination FILE",
                        c.level));
    if (!c.path.empty()) c.flags = read_contamination_flags(c.path);
    return c;
}

// The miRNAs of the matrix that --exclude-contaminants keeps out of the cocktail: by the flag the tables show
// (contamination_flag: an a/b name by its most severe part), or, when the file network used is gone, the miRNAs
// network left out. Sorted.
std::vector<std::string> excluded_mirnas(const RankContamination& c, const NetworkRunInfo& info,
                                         const PayloadMatrix& mat) {
    std::vector<std::string> out;
    if (c.level == "none") return out;
    if (c.path.empty()) {
        out = info.excluded_as_medium;
    } else {
        for (const auto& name : mat.mirnas)
            if (excluded_at_level(contamination_flag(c.flags, name), c.level)) out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

nlohmann::json contamination_json(const RankContamination& c) {
    return {{"file", c.path.empty() ? nlohmann::json() : nlohmann::json(c.path)},
            {"exclude_contaminants", c.level},
            {"not_cocktail_candidates", c.excluded}};
}

nlohmann::json base_json(const RankArgs& opt, const std::vector<std::string>& modules) {
    std::vector<std::string> inputs;
    for (const char* f : {result_file::mirnas, result_file::targets, result_file::modules, result_file::members})
        inputs.push_back(result_path(opt.network_dir, f));
    for (const auto* f : {&opt.targets, &opt.counts, &opt.samplesheet, &opt.contamination})
        if (!f->empty()) inputs.push_back(*f);
    auto j = make_run_info(inputs);
    j["modules"] = modules;
    return j;
}

struct Outputs {
    std::string contributions, mirnas, cocktails, groups;
    nlohmann::json contributions_json, cocktails_json, groups_json;
};

// The TMM factors of the group comparison: the norm_factors.tsv network normalised the cargo with (network.run.json),
// so that the samples are scaled as the cargo was; none when network used CPM.
std::optional<NormFactors> group_norm_factors(const RankArgs& opt, const NetworkRunInfo& info) {
    if (info.normalization != Normalization::tmm) return std::nullopt;
    const std::string path = recorded_input(opt.network_dir, info.norm_factors);
    if (path.empty())
        throw Error(
            fmt::format("{}: network normalised the cargo with TMM factors from '{}', which no longer exists; "
                        "rerun `exomir merge`, then `exomir network --normalization tmm`",
                        result_path(opt.network_dir, result_file::run_json), info.norm_factors));
    return read_norm_factors(path);
}

void rank_groups(const RankArgs& opt, const PayloadMatrix& mat, const Network& net,
                 const std::vector<std::size_t>& modules, const NetworkRunInfo& info, Outputs& out) {
    const ScoreOptions& scoring = info.scoring;
    const std::optional<NormFactors> factors = group_norm_factors(opt, info);
    const CountsTable counts = read_counts(opt.counts);
    SampleSheetTable sheet = load_samplesheet(opt.samplesheet, SheetNeeds::without_reads());
    std::erase_if(sheet.samples, [&](const SheetSample& s) {
        return std::find(opt.exclude_samples.begin(), opt.exclude_samples.end(), s.name) != opt.exclude_samples.end();
    });
    const SampleGroups groups = group_samples(counts, sheet, opt.group_by);
    std::vector<std::vector<double>> vectors;
    std::vector<std::string> names, sources;
    for (auto p : modules) {
        vectors.push_back(payload_module_vector(mat, net, p, scoring));
        names.push_back(net.modules[p].name), sources.push_back(net.modules[p].source);
    }
    const auto rows =
        compare_groups(sample_module_scores(mat, counts, vectors, factors ? &*factors : nullptr), groups, opt.rank);
    out.groups = group_comparison_tsv(rows, groups, names, sources);
    std::size_t n_sig = 0;
    for (const auto& r : rows) n_sig += r.fdr < 0.05;
    out.groups_json = {{"group_by", opt.group_by},
                       {"groups", groups.names},
                       {"excluded_samples", opt.exclude_samples},
                       {"bootstrap", opt.rank.bootstrap},
                       {"seed", opt.rank.seed},
                       {"ci", opt.rank.ci},
                       {"normalization", normalization_name(info.normalization)},
                       {"norm_factors", factors ? nlohmann::json(factors->path) : nlohmann::json()},
                       {"p_bootstrap", "two-sided; both groups resampled from their pooled samples (H0)"},
                       {"n_comparisons", rows.size()},
                       {"n_fdr_lt_0.05", n_sig}};
}

Outputs compute_rank(const RankArgs& opt) {
    const Network net = read_bundle(opt.network_dir);
    const NetworkRunInfo info = read_network_run(opt.network_dir);
    const ScoreOptions& scoring = info.scoring;  // the same module vectors as network, for contributions to add up
    RankContamination medium = rank_contamination(opt, info);
    const std::vector<TargetEdge> extra = opt.targets.empty() ? std::vector<TargetEdge>{} : read_targets(opt.targets);
    const PayloadMatrix mat = make_payload_matrix(net, extra);
    medium.excluded = excluded_mirnas(medium, info, mat);
    RankOptions rank = opt.rank;
    rank.exclude_mirnas = medium.excluded;
    const auto modules = select_modules(net, opt.rank.modules);
    std::vector<std::string> module_names;
    for (auto p : modules) module_names.push_back(net.modules[p].name);
    Outputs out;
    const auto contributions = module_contributions(mat, net, modules, scoring);
    out.contributions = payload_contributions_tsv(mat, net, contributions);
    out.mirnas = payload_mirnas_tsv(mat, net, role_genes(net, modules), contributions, medium.flags);
    out.contributions_json = base_json(opt, module_names);
    out.contributions_json["scoring"] = {{"propagate", scoring.propagate}, {"restart", scoring.restart}};
    out.contributions_json["contamination"] = contamination_json(medium);
    if (!medium.excluded.empty())
        log_info(fmt::format("{} miRNA{} flagged as culture-medium derived ({}) are no cocktail candidates",
                             medium.excluded.size(), medium.excluded.size() == 1 ? "" : "s", medium.level));
    const PayloadCocktail pc = make_payload_cocktail(mat, net, modules, rank);
    const auto steps = greedy_cocktail(pc.problem, opt.rank.k);
    out.cocktails = payload_cocktails_tsv(mat, pc, steps, opt.rank.k, medium.flags);
    out.cocktails_json = base_json(opt, module_names);
    out.cocktails_json["contamination"] = contamination_json(medium);
    out.cocktails_json["parameters"] = {{"k", opt.rank.k}, {"lambda", opt.rank.lambda}, {"pool", opt.pool}};
    out.cocktails_json["counts"] = {{"n_candidates", pc.candidates.size()},
                                    {"n_drivers", pc.drivers.size()},
                                    {"n_universe", mat.n_universe},
                                    {"off_module_scale", pc.off_module_scale},
                                    {"n_steps", steps.size()},
                                    {"stopped_early", steps.size() < opt.rank.k}};
    log_info(fmt::format("{} candidates, {} drivers in {} modules; cocktail of {} (F = {:.4f})", pc.candidates.size(),
                         pc.drivers.size(), modules.size(), steps.size(), steps.empty() ? 0.0 : steps.back().value));
    if (steps.size() < opt.rank.k)
        log_warn(fmt::format("cocktail stopped at {} of --k {}: no further miRNA has a positive marginal gain",
                             steps.size(), opt.rank.k));
    if (!opt.counts.empty()) {
        rank_groups(opt, mat, net, modules, info, out);
        out.groups_json.update(base_json(opt, module_names));
    }
    return out;
}

void write_outputs(const RankArgs& opt, const Outputs& out) {
    make_dirs(opt.out_dir);
    const auto path = [&](const std::string& name) { return (std::filesystem::path(opt.out_dir) / name).string(); };
    OutputSet outs;
    auto write = [&](const std::string& name, const std::string& text, const nlohmann::json& j) {
        outs.open(path(name)).write(text);
        outs.open(path(name + ".run.json")).write(dump_json(j));
    };
    write("payload_contributions.tsv", out.contributions, out.contributions_json);
    write("payload_mirnas.tsv", out.mirnas, out.contributions_json);
    write("payload_cocktails.tsv", out.cocktails, out.cocktails_json);
    if (!opt.counts.empty()) write("group_comparison.tsv", out.groups, out.groups_json);
    outs.commit_all();
}

}  // namespace

int run_rank(const RankArgs& args) {
    const LogAs log_as("rank");
    RankArgs opt = args;
    if (const auto problems = validate(opt); !problems.empty())
        throw UsageError(fmt::format("{}", fmt::join(problems, "; ")));
    const auto t0 = std::chrono::steady_clock::now();
    const Outputs out = compute_rank(opt);
    write_outputs(opt, out);
    log_info(fmt::format("wrote {} in {:.2f} s", opt.out_dir,
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()));
    return 0;
}

int cmd_rank(int argc, char** argv) {
    CLI::App app{
        "Rank the payloads of a network result: miRNA contributions, k-miRNA cocktails, sample groups.\n"
        "example: exomir rank net/ --k 5 --modules inflammasome_ --pool all --targets targets.tsv -o rank/",
        "exomir rank"};
    RankArgs opt;
    CommonOptions common;
    add_common_options(app, common);
    app.add_option("network_dir", opt.network_dir, "-o directory of 'exomir network'")
        ->required()
        ->check(CLI::ExistingDirectory);
    app.add_option("-o,--out", opt.out_dir, "output directory")->required();
    app.add_option("--modules", opt.rank.modules, "modules to target: names or prefixes [every signed module]")
        ->delimiter(',');
    app.add_option("--k", opt.rank.k, "cocktail size")->capture_default_str();
    app.add_option("--lambda", opt.rank.lambda, "weight of the harmful load in the cocktail objective")
        ->capture_default_str();
    app.add_option("--pool", opt.pool, "cocktail candidates: present (in the cargo) or all (every miRNA with targets)")
        ->capture_default_str();
    app.add_option("--targets", opt.targets, "targets.tsv: adds miRNAs the cargo lacks (for --pool all, groups)")
        ->check(CLI::ExistingFile);
    app.add_option("--counts", opt.counts, "counts.tsv of 'exomir merge' (group comparison)")->check(CLI::ExistingFile);
    app.add_option("--samplesheet", opt.samplesheet, "sample sheet with the --group-by column")
        ->check(CLI::ExistingFile);
    app.add_option("--group-by", opt.group_by, "sample-sheet column whose values are the groups");
    app.add_option("--exclude-sample", opt.exclude_samples,
                   "leave this sample out of the group comparison (repeatable; exomir run passes the samples that "
                   "failed the QC gate)");
    app.add_option("--contamination", opt.contamination,
                   "contamination.tsv of 'exomir merge --blank': flags in the tables, flagged miRNAs no cocktail "
                   "candidates [the one network used]")
        ->check(CLI::ExistingFile);
    app.add_option("--exclude-contaminants", opt.exclude_contaminants,
                   "keep miRNAs flagged likely_medium (likely), also possible_medium (possible), or none out of the "
                   "cocktail [as network did; likely with --contamination]")
        ->check(CLI::IsMember({"likely", "possible", "none"}));
    app.add_option("--bootstrap", opt.rank.bootstrap, "bootstrap resamples")->capture_default_str();
    app.add_option("--ci", opt.rank.ci, "level of the bootstrap interval")->capture_default_str();
    app.add_option("--seed", opt.rank.seed, "random seed")->capture_default_str();
    return parse_and_run(app, common, argc, argv, [&] { return run_rank(opt); });
}

}  // namespace exomir
