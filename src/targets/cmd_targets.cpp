// cmd_targets.cpp: the `exomir targets` front end: parse, validate, load sources in parallel, merge, commit.
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <tbb/parallel_for.h>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/reference/mirna_names.hpp"
#include "exomir/targets/cmd_targets.hpp"
#include "exomir/targets/targets.hpp"

namespace exomir {
namespace {

std::vector<std::string> validate(const TargetsArgs& o) {
    std::vector<std::string> problems;
    for (const auto& [name, w] : {std::pair{"--weight-strong", o.model.strong},
                                  {"--weight-weak", o.model.weak},
                                  {"--weight-predicted", o.model.predicted_pair},
                                  {"--weight-validated", o.model.validated_unclassified}})
        if (!(w >= 0.0 && w <= 1.0)) problems.push_back(fmt::format("{} must be in [0,1]; got {}", name, w));
    if (o.mask_5p < 0) problems.push_back(fmt::format("--mask-5p must be >= 0; got {}", o.mask_5p));
    const bool any = !o.targetscan.empty() || !o.mirtarbase.empty() || !o.validated.empty() || !o.tsv.empty() ||
                     !o.gmt.empty() || !o.utr.empty() || !o.curated.empty();
    if (!any)
        problems.push_back(
            "no target source: give --targetscan, --mirtarbase, --validated, --tsv, --gmt, --utr "
            "or --curated (the shipped curated table was not found or --no-curated was given)");
    if (!o.isomirs.empty() && o.utr.empty() && o.targetscan.empty() && o.gmt.empty())
        problems.push_back("--isomirs needs a seed-keyed source (--utr, --targetscan or a seed-named --gmt)");
    return problems;
}

SiteType parse_site_type(const std::string& name) {
    for (int t = 0; t < k_n_site_types; ++t)
        if (name == site_type_name(static_cast<SiteType>(t))) return static_cast<SiteType>(t);
    throw UsageError(fmt::format("--scan-min-site '{}': use 8mer, 7mer-m8, 7mer-A1, 6mer or offset-6mer", name));
}

void add_options(CLI::App& app, TargetsArgs& o) {
    app.add_option("-o,--out", o.out, "targets.tsv path ('-' = stdout, no run.json)")->capture_default_str();
    app.add_option("--reference", o.reference_dir,
                   "folder with mature.fa and hairpin.fa, e.g. a bundle of 'exomir reference build' (its "
                   "interactions.tsv and mirbase_diff/ are used when present) [optimir miRBase 22]");
    app.add_option("--mature", o.mature, "mature.fa(.gz) (with --hairpin)");
    app.add_option("--hairpin", o.hairpin, "hairpin.fa(.gz) (with --mature)");
    app.add_option("--species", o.species, "miRBase species prefix")->capture_default_str();
    app.add_option("--mirbase-diff", o.mirbase_diff,
                   "directory of official miRBase miRNA_<release>.diff files (old names)");
    app.add_option("--targetscan", o.targetscan,
                   "TargetScan table (context scores, summary counts or pairs); repeatable");
    app.add_option("--targetscan-family", o.targetscan_family,
                   "TargetScan miR_Family_Info (family -> seed); repeatable");
    app.add_option("--mirtarbase", o.mirtarbase, "miRTarBase MTI table (TSV or CSV); repeatable");
    app.add_option("--validated", o.validated, "validated mirna<TAB>gene[<TAB>weight<TAB>evidence] TSV; repeatable");
    app.add_option("--tsv", o.tsv, "predicted mirna<TAB>gene[<TAB>weight<TAB>evidence] TSV; repeatable");
    app.add_option("--gmt", o.gmt, "GMT with one set per miRNA (MSigDB C3 MIR); repeatable");
    app.add_option("--curated", o.curated, "curated interactions.tsv [reference/interactions.tsv when present]");
    app.add_flag("--no-curated", o.no_curated, "do not load the shipped reference/interactions.tsv by default");
    app.add_option("--utr", o.utr, "3'UTR FASTA for exomir's own seed scan (gene = first header word or gene=)");
    app.add_option("--isomirs", o.isomirs, "mirGFF3 of quant: 5' isomiRs get rows for their own seed; repeatable");
    app.add_option("--gene-alias", o.gene_alias, "old_symbol<TAB>symbol map (also Entrez ID -> symbol)");
    app.add_option("--scan-min-site", o.scan_min_site, "scan rows need a site at least this strong")
        ->capture_default_str();
    app.add_option("--mask-5p", o.mask_5p, "UTR 5' nt not scanned (ribosome shadow)")->capture_default_str();
    app.add_flag("--no-offset-6mer", o.no_offset_6mer, "do not count offset-6mer sites");
    app.add_option("--weight-strong", o.model.strong, "weight of a strongly validated pair")->capture_default_str();
    app.add_option("--weight-weak", o.model.weak, "weight of a weakly validated pair")->capture_default_str();
    app.add_option("--weight-predicted", o.model.predicted_pair, "weight of a predicted pair without score")
        ->capture_default_str();
    app.add_option("--weight-validated", o.model.validated_unclassified,
                   "weight of a --validated pair without an evidence class (support unknown)")
        ->capture_default_str();
}

std::string default_diff_dir(const std::string& reference_dir) {
    if (const char* env = std::getenv("EXOMIR_MIRBASE_DIFF"); env && *env) return env;
    const std::string shipped = reference_file(reference_dir, "mirbase_diff");
    return dir_exists(shipped) ? shipped : std::string();
}

// The loaders to run, each an independent task (run in parallel, results kept in option order).
std::vector<std::function<SourceTable()>> source_tasks(const TargetsArgs& o, const LoadContext& ctx) {
    std::vector<std::function<SourceTable()>> tasks;
    for (const auto& p : o.targetscan) tasks.emplace_back([&ctx, p] { return load_targetscan(p, ctx); });
    for (const auto& p : o.mirtarbase) tasks.emplace_back([&ctx, p] { return load_mirtarbase(p, ctx); });
    for (const auto& p : o.validated)
        tasks.emplace_back([&ctx, p] { return load_pair_tsv(p, Source::validated, ctx); });
    for (const auto& p : o.tsv) tasks.emplace_back([&ctx, p] { return load_pair_tsv(p, Source::tsv, ctx); });
    for (const auto& p : o.gmt) tasks.emplace_back([&ctx, p] { return load_gmt(p, ctx); });
    if (!o.curated.empty()) tasks.emplace_back([&ctx, p = o.curated] { return load_curated(p, ctx); });
    return tasks;
}

// Everything read before the merge.
struct Loaded {
    ReferencePaths paths;
    MirnaReference ref;
    MirbaseHistory history;
    std::vector<SourceReport> family_reports, isomir_reports;
    std::vector<SourceTable> tables;
    std::vector<IsomirSeed> isomirs;
    std::optional<GeneIds> gene_ids;
};

// Reference, name history, gene aliases, families, then every table source in parallel, then isomiR seeds.
void load_sources(TargetsArgs& o, Loaded& d, std::unique_ptr<NameResolver>& names, LoadContext& ctx) {
    ReferencePaths given;
    given.mature = o.mature;
    given.hairpin = o.hairpin;
    given.species = o.species;
    d.paths = resolve_reference_paths(o.reference_dir, given);
    d.ref = load_mirna_reference(d.paths);
    if (o.mirbase_diff.empty()) o.mirbase_diff = default_diff_dir(o.reference_dir);
    if (!o.mirbase_diff.empty())
        d.history = load_mirbase_history(o.mirbase_diff, o.species);
    else
        log_warn("no --mirbase-diff: names of older miRBase releases resolve only by style and arm rules");
    names = std::make_unique<NameResolver>(d.ref, d.history);
    ctx.ref = &d.ref;
    ctx.names = names.get();
    ctx.model = o.model;
    std::tie(ctx.taxid, ctx.species_name) = species_taxon(o.species);
    if (!o.gene_alias.empty()) ctx.gene_alias = load_gene_alias(o.gene_alias);
    if (const std::string orgdb = find_orgdb(); !orgdb.empty())
        ctx.gene_ids = &d.gene_ids.emplace(GeneIds::load(orgdb));
    else
        log_warn("org.Hs.eg.db not found (run 'make deps' or set EXOMIR_ORGDB): gene symbols are used as given");
    for (const auto& p : o.targetscan_family) d.family_reports.push_back(load_targetscan_families(p, ctx));
    const auto tasks = source_tasks(o, ctx);
    d.tables.resize(tasks.size());
    tbb::parallel_for(std::size_t{0}, tasks.size(), [&](std::size_t i) {
        d.tables[i] = tasks[i]();
        if (ctx.gene_ids) normalise_genes(d.tables[i], *ctx.gene_ids);
    });
    for (const auto& p : o.isomirs) {
        d.isomir_reports.emplace_back();
        auto more = load_isomir_seeds(p, ctx, d.isomir_reports.back());
        d.isomirs.insert(d.isomirs.end(), more.begin(), more.end());
    }
}

// Distinct seeds of every mature and isomiR: what the UTR scan looks for.
std::vector<std::string> scan_seeds(const MirnaReference& ref, const std::vector<IsomirSeed>& isomirs) {
    std::vector<std::string> seeds;
    for (const auto& m : ref.matures)
        if (const std::string s = seed_of(m.seq); !s.empty()) seeds.push_back(s);
    for (const auto& iso : isomirs) seeds.push_back(iso.seed);
    std::sort(seeds.begin(), seeds.end());
    seeds.erase(std::unique(seeds.begin(), seeds.end()), seeds.end());
    return seeds;
}

nlohmann::json run_json(const TargetsArgs& o, const Loaded& d, const TargetTable& table, const StepTimes& phases) {
    std::vector<std::string> input_paths = {d.paths.mature, d.paths.hairpin};
    for (const auto* list :
         {&o.targetscan_family, &o.targetscan, &o.mirtarbase, &o.validated, &o.tsv, &o.gmt, &o.isomirs})
        input_paths.insert(input_paths.end(), list->begin(), list->end());
    for (const auto* p : {&o.curated, &o.utr, &o.gene_alias})
        if (!p->empty()) input_paths.push_back(*p);
    nlohmann::json info = make_run_info(input_paths);
    nlohmann::json sources = nlohmann::json::array(), iso = nlohmann::json::array();
    for (const auto& r : d.family_reports) sources.push_back(report_json(r));
    for (const auto& t : d.tables) sources.push_back(report_json(t.report));
    for (const auto& r : d.isomir_reports) iso.push_back(report_json(r));
    info["reference"] = {{"mature", d.paths.mature},
                         {"hairpin", d.paths.hairpin},
                         {"description", d.paths.description},
                         {"species", o.species},
                         {"n_matures", d.ref.matures.size()}};
    info["mirbase_diff"] = {
        {"dir", o.mirbase_diff}, {"files", d.history.files.size()}, {"mimat_records", d.history.n_records}};
    info["sources"] = sources;
    info["isomirs"] = iso;
    info["n_isomir_seeds"] = d.isomirs.size();
    info["n_rows"] = table.rows.size();
    info["weight_model"] = {
        {"strong", o.model.strong},
        {"weak", o.model.weak},
        {"predicted_pair", o.model.predicted_pair},
        {"validated_unclassified", o.model.validated_unclassified},
        {"targetscan", "1 - 2^(context++ score), clipped to [0,1]; sites combine as 1 - prod(1 - w)"},
        {"scan", "1 - prod over non-overlapping sites of 2^(mean log2 fold change of the site type)"},
        {"across_sources", "max over sources (overlapping estimates of one repression)"},
        {"doc", "docs/targets.md"}};
    info["scan"] = {{"min_site", o.scan_min_site}, {"mask_5p", o.mask_5p}, {"offset_6mer", !o.no_offset_6mer}};
    info["timings"] = phases.to_json();
    return info;
}

void write_outputs(const std::string& out, const std::vector<std::string>& tsv, const nlohmann::json& info) {
    if (out == "-") {
        for (const auto& part : tsv)
            if (std::fwrite(part.data(), 1, part.size(), stdout) != part.size()) throw Error("stdout: write failed");
        if (std::fflush(stdout) == EOF) throw Error("stdout: write failed");
        return;
    }
    OutputSet outputs;
    AtomicFile& file = outputs.open(out);
    for (const auto& part : tsv) file.write(part);
    outputs.open(out + ".run.json").write(dump_json(info));
    outputs.commit_all();
}

}  // namespace

int run_targets(const TargetsArgs& args) {
    const LogAs log_as("targets");
    TargetsArgs o = args;
    if (o.curated.empty() && !o.no_curated) {
        // the --reference bundle's interactions.tsv, else the shipped one
        if (std::string p = reference_file(o.reference_dir, "interactions.tsv"); file_exists(p)) o.curated = p;
    }
    if (const auto problems = validate(o); !problems.empty())
        throw UsageError(fmt::format("{}", fmt::join(problems, "; ")));
    UtrScanOptions scan_opt;
    scan_opt.min_site = parse_site_type(o.scan_min_site);
    scan_opt.scan.mask_5p = o.mask_5p;
    scan_opt.scan.offset_6mer = !o.no_offset_6mer;
    StepTimes phases;
    Loaded d;
    std::unique_ptr<NameResolver> names;
    LoadContext ctx;
    load_sources(o, d, names, ctx);
    phases.mark("load");
    if (!o.utr.empty()) {
        const std::vector<std::string> seeds = scan_seeds(d.ref, d.isomirs);
        d.tables.push_back(scan_utrs(o.utr, seeds, scan_opt, ctx));
        if (ctx.gene_ids) normalise_genes(d.tables.back(), *ctx.gene_ids);
        phases.mark("scan");
        log_info(fmt::format("scanned {} UTRs x {} seeds in {:.2f} s", d.tables.back().report.rows_read, seeds.size(),
                             phases.wall("scan")));
    }
    std::vector<const SourceTable*> table_ptrs;
    for (const auto& t : d.tables) {
        table_ptrs.push_back(&t);
        if (!t.report.gene_ids.is_null())
            log_info(fmt::format("{}: {}", t.report.path, t.report.gene_ids["summary"].get<std::string>()));
    }
    const TargetTable table = merge_targets(d.ref, d.isomirs, table_ptrs);
    phases.mark("merge");
    const std::vector<std::string> tsv = format_targets_chunks(table);
    phases.mark("format");
    write_outputs(o.out, tsv, run_json(o, d, table, phases));
    log_info(fmt::format("{} rows ({} miRNAs incl. {} isomiR seeds) in {:.2f} s (load {:.2f} s)", table.rows.size(),
                         table.mirnas.size(), d.isomirs.size(), phases.total_wall(), phases.wall("load")));
    return 0;
}

int cmd_targets(int argc, char** argv) {
    CLI::App app{
        "Build the seed-keyed miRNA -> target gene table from validated, predicted and scanned evidence.\n"
        "example: exomir targets --targetscan Summary_Counts.txt --mirtarbase hsa_MTI.txt --utr utr.fa -o targets.tsv",
        "exomir targets"};
    CommonOptions common;
    TargetsArgs o;
    add_common_options(app, common);
    add_options(app, o);
    return parse_and_run(app, common, argc, argv, [&] { return run_targets(o); });
}

}  // namespace exomir
