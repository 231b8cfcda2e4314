// run.cpp: the step plan of `exomir run` and the up-to-date check (mtimes, recorded settings, input fingerprints).
#include "exomir/run/run.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/network/network_reference.hpp"
#include "exomir/network/result.hpp"
#include "exomir/quant/qc_json.hpp"

namespace exomir {

namespace {

bool has_targets_sources(const RunOptions& opt) {
    return !opt.targets_targetscan.empty() || !opt.targets_mirtarbase.empty() || !opt.targets_validated.empty() ||
           !opt.targets_tsv.empty() || !opt.targets_gmt.empty() || !opt.targets_utr.empty();
}

std::string join(const std::string& dir, const std::string& name) {
    return (std::filesystem::path(dir) / name).lexically_normal().string();
}

RunStep quant_step(const SheetSample& s, const RunLayout& l, const RunOptions& opt) {
    QuantArgs a;
    a.sample = s.name;
    if (!s.kit.empty()) {
        a.kit = s.kit;
        a.kit_given = true;
    }
    a.trim.adapter = s.adapter;
    a.reference_dir = opt.reference;
    a.out_dir = l.quant_dir;
    a.inputs = s.fastq;
    nlohmann::json settings = {{"sample", a.sample},           {"kit", s.kit},     {"adapter", a.trim.adapter},
                               {"reference", a.reference_dir}, {"out", a.out_dir}, {"reads", a.inputs}};
    std::vector<std::string> inputs = s.fastq;
    if (!opt.spike_ins.empty()) {  // recorded only when given, so results of earlier runs stay up to date
        a.spike_ins = opt.spike_ins;
        settings["spike_ins"] = opt.spike_ins;
        inputs.push_back(opt.spike_ins);
    }
    RunStep st{"quant:" + s.name, "quant", std::move(a), std::move(settings), std::move(inputs), {}};
    for (const char* ext : {".mirna.tsv", ".isomir.gff3", ".qc.json"})
        st.outputs.push_back(join(l.quant_dir, s.name + ext));
    if (!opt.spike_ins.empty()) st.outputs.push_back(join(l.quant_dir, s.name + ".spikes.tsv"));  // merge reads it
    return st;
}

RunStep targets_step(const std::vector<RunStep>& quants, const RunLayout& l, const RunOptions& opt) {
    TargetsArgs a;
    a.reference_dir = opt.reference;
    a.targetscan = opt.targets_targetscan;
    a.mirtarbase = opt.targets_mirtarbase;
    a.validated = opt.targets_validated;
    a.tsv = opt.targets_tsv;
    a.gmt = opt.targets_gmt;
    a.utr = opt.targets_utr;
    a.out = l.targets_tsv;
    std::vector<std::string> inputs;
    for (const auto* v : {&a.targetscan, &a.mirtarbase, &a.validated, &a.tsv, &a.gmt})
        inputs.insert(inputs.end(), v->begin(), v->end());
    if (!a.utr.empty()) inputs.push_back(a.utr);
    // 5' isomiRs get rows only through seed-keyed sources (targets refuses --isomirs otherwise)
    const bool seed_keyed = !a.targetscan.empty() || !a.utr.empty() || !a.gmt.empty();
    if (opt.targets_isomirs && seed_keyed)
        for (const auto& q : quants) {
            a.isomirs.push_back(q.outputs[1]);
            inputs.push_back(q.outputs[1]);
        }
    nlohmann::json settings = {{"reference", a.reference_dir},
                               {"targetscan", a.targetscan},
                               {"mirtarbase", a.mirtarbase},
                               {"validated", a.validated},
                               {"tsv", a.tsv},
                               {"gmt", a.gmt},
                               {"utr", a.utr},
                               {"isomirs", a.isomirs},
                               {"out", a.out}};
    return RunStep{"targets", "targets", std::move(a), std::move(settings), std::move(inputs), {l.targets_tsv}};
}

RunStep network_step(const SampleSheetTable& sheet, const std::string& counts, const std::string& targets,
                     const RunLayout& l, const RunOptions& opt) {
    NetworkArgs a;
    a.counts = counts;
    // blanks and negatives are in counts.tsv (merge compares them with the samples) but never in the cargo
    const bool controls =
        std::any_of(sheet.samples.begin(), sheet.samples.end(), [](const SheetSample& s) { return !s.is_sample(); });
    if (controls) a.samplesheet = opt.samples;
    // with blanks, merge flags medium-derived miRNAs and network leaves the likely ones out (its default)
    const bool blanks = !sheet.names_of_type("blank").empty();
    if (blanks) a.contamination = join(l.counts_dir, "contamination.tsv");
    a.targets = targets;
    a.reference_dir = opt.reference;
    a.modules = opt.modules;
    a.gmt = opt.gmt;
    a.ppi = opt.ppi;
    use_reference_dir(a);  // the bundle's modules, GMTs and PPI are inputs of the step too
    if (opt.permutations > 0) a.score.permutations = static_cast<std::uint64_t>(opt.permutations);
    a.normalization = opt.normalization;  // tmm: merge's norm_factors.tsv beside counts.tsv
    a.out_dir = l.net_dir;
    nlohmann::json settings = {{"counts", a.counts},
                               {"targets", a.targets},
                               {"reference", a.reference_dir},
                               {"modules", a.modules},
                               {"gmt", a.gmt},
                               {"reference_gmt", a.reference_gmt},
                               {"ppi", a.ppi},
                               {"permutations", opt.permutations},
                               {"samplesheet", a.samplesheet},
                               {"contamination", a.contamination},
                               {"normalization", normalization_name(a.normalization)},
                               {"out", a.out_dir}};
    std::vector<std::string> inputs = {counts, targets};
    if (a.normalization == Normalization::tmm) inputs.push_back(join(l.counts_dir, "norm_factors.tsv"));
    if (controls) inputs.push_back(opt.samples);
    if (blanks) inputs.push_back(join(l.counts_dir, "contamination.tsv"));
    if (file_exists(a.modules)) inputs.push_back(a.modules);
    inputs.insert(inputs.end(), a.reference_gmt.begin(), a.reference_gmt.end());
    inputs.insert(inputs.end(), a.gmt.begin(), a.gmt.end());
    if (!a.ppi.empty()) inputs.push_back(a.ppi);
    RunStep st{"network", "network", std::move(a), std::move(settings), std::move(inputs), {}};
    for (const char* f : {result_file::module_scores, result_file::mirna_module, result_file::gene_load,
                          result_file::mirna_abundance, result_file::dot})
        st.outputs.push_back(result_path(l.net_dir, f));
    return st;
}

RunStep rank_step(const SampleSheetTable& sheet, const std::string& counts, const std::string& targets,
                  const RunLayout& l, const RunOptions& opt) {
    const std::string scores = result_path(l.net_dir, result_file::module_scores);
    RankArgs a;
    a.network_dir = l.net_dir;
    a.targets = targets;
    a.out_dir = l.rank_dir;
    std::vector<std::string> inputs = {scores, targets}, outputs;
    for (const char* f : {"payload_contributions.tsv", "payload_mirnas.tsv", "payload_cocktails.tsv"})
        outputs.push_back(join(l.rank_dir, f));
    if (!sheet.names_of_type("blank").empty()) {  // the flags in the payload tables (network used the same file)
        a.contamination = join(l.counts_dir, "contamination.tsv");
        inputs.push_back(a.contamination);
    }
    if (const std::string column = comparison_column(sheet); !column.empty()) {
        a.counts = counts;
        a.samplesheet = opt.samples;
        a.group_by = column;
        inputs.insert(inputs.end(), {counts, opt.samples});
        // rank scales the samples as network did (network.run.json), with the same TMM factors
        if (opt.normalization == Normalization::tmm) inputs.push_back(join(l.counts_dir, "norm_factors.tsv"));
        outputs.push_back(join(l.rank_dir, "group_comparison.tsv"));
    }
    nlohmann::json settings = {{"network", a.network_dir},        {"targets", a.targets},   {"counts", a.counts},
                               {"samplesheet", a.samplesheet},    {"group_by", a.group_by}, {"out", a.out_dir},
                               {"contamination", a.contamination}};
    return RunStep{"rank", "rank", std::move(a), std::move(settings), std::move(inputs), std::move(outputs)};
}

}  // namespace

std::vector<std::string> validate(const RunOptions& opt) {
    std::vector<std::string> problems;
    if (opt.samples.empty()) problems.push_back("--samples is required: a TSV with sample, fastq and kit columns");
    if (opt.out_dir.empty() || opt.out_dir == "-") problems.push_back("-o must name a results folder");
    if (opt.permutations < 0) problems.push_back(fmt::format("--permutations must be >= 0; got {}", opt.permutations));
    const bool targets_sources = has_targets_sources(opt);
    if (!opt.targets.empty() && targets_sources)
        problems.push_back("--targets (a ready targets.tsv) and --targets-* sources exclude each other; give one");
    return problems;
}

std::vector<std::string> missing_inputs(const RunOptions& opt) {
    std::vector<std::pair<const char*, std::string>> files = {
        {"--targets", opt.targets}, {"--targets-utr", opt.targets_utr}, {"--modules", opt.modules}, {"--ppi", opt.ppi}};
    const std::vector<std::pair<const char*, const std::vector<std::string>*>> lists = {
        {"--targets-targetscan", &opt.targets_targetscan},
        {"--targets-mirtarbase", &opt.targets_mirtarbase},
        {"--targets-validated", &opt.targets_validated},
        {"--targets-tsv", &opt.targets_tsv},
        {"--targets-gmt", &opt.targets_gmt},
        {"--gmt", &opt.gmt}};
    for (const auto& [option, values] : lists)
        for (const auto& v : *values) files.emplace_back(option, v);
    std::vector<std::string> problems;
    for (const auto& [option, path] : files)
        if (!path.empty() && !file_exists(path)) problems.push_back(fmt::format("{} {}: no such file", option, path));
    return problems;
}

std::vector<RunStep> plan_run(const SampleSheetTable& sheet, const RunOptions& opt) {
    const RunLayout l(opt.out_dir);
    std::vector<RunStep> steps;
    for (const auto& s : sheet.samples) steps.push_back(quant_step(s, l, opt));
    const std::vector<RunStep> quants = steps;
    MergeArgs m;
    m.out_dir = l.counts_dir;
    m.blanks = sheet.names_of_type("blank");
    m.negatives = sheet.names_of_type("negative");
    std::vector<std::string> merge_inputs;
    for (const auto& q : quants) {
        m.inputs.push_back(q.outputs[0]);
        merge_inputs.insert(merge_inputs.end(), {q.outputs[0], q.outputs[2]});
    }
    nlohmann::json merge_settings = {
        {"out", m.out_dir}, {"tables", m.inputs}, {"blanks", m.blanks}, {"negatives", m.negatives}};
    const bool blanks = !m.blanks.empty();
    RunStep merge{"merge", "merge", std::move(m), std::move(merge_settings), std::move(merge_inputs), {}};
    for (const char* f : {"counts.tsv", "cpm.tsv", "tmm.tsv", "norm_factors.tsv", "qc_summary.tsv"})
        merge.outputs.push_back(join(l.counts_dir, f));
    if (blanks)
        for (const char* f : {"contamination.tsv", "medium_share.tsv"}) merge.outputs.push_back(join(l.counts_dir, f));
    const std::string counts = merge.outputs[0];
    steps.push_back(std::move(merge));
    std::string targets = opt.targets;
    const bool targets_sources = has_targets_sources(opt);
    // a --reference bundle's targets.tsv is a ready table, as --targets is, unless sources ask for a new one
    if (targets.empty() && !targets_sources && !opt.reference.empty() &&
        file_exists(join(opt.reference, "targets.tsv")))
        targets = join(opt.reference, "targets.tsv");
    if (targets.empty()) {
        steps.push_back(targets_step(quants, l, opt));
        targets = l.targets_tsv;
    }
    steps.push_back(network_step(sheet, counts, targets, l, opt));
    if (opt.rank) steps.push_back(rank_step(sheet, counts, targets, l, opt));
    const ReportArgs r{opt.samples, l.out_dir, false};
    RunStep report{"report",      "report",       r, {{"samples", r.samples}, {"results", r.out_dir}},
                   {opt.samples}, {l.report_html}};
    for (const auto& st : steps) report.inputs.insert(report.inputs.end(), st.outputs.begin(), st.outputs.end());
    steps.push_back(std::move(report));
    return steps;
}

std::vector<QcFailure> qc_failures(const SampleSheetTable& sheet, const RunLayout& layout) {
    std::vector<QcFailure> failed;
    for (const auto& s : sheet.samples) {
        if (!s.is_sample()) continue;
        const std::string path = join(layout.quant_dir, s.name + ".qc.json");
        const auto j = read_qc_json(path, "rerun with --force");
        if (!j) throw Error(fmt::format("{}: not found; rerun with --force", path));
        const QcGateVerdict gate = qc_gate_verdict(*j);
        if (gate.verdict != "FAIL") continue;  // older qc.json: no gate
        failed.push_back({s.name, fmt::format("{}", fmt::join(gate.reasons, "; ")), path});
    }
    return failed;
}

namespace {

// Size and content fingerprint of every input of a step, recorded in run.json.
nlohmann::json input_fingerprints(const RunStep& step) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& i : step.inputs) j[i] = {{"bytes", file_size(i)}, {"xxh3", file_fingerprint(i)}};
    return j;
}

}  // namespace

bool up_to_date(const RunStep& step, const nlohmann::json& stamp) {
    if (!stamp.is_object() || stamp.value("command", "") != step.command ||
        stamp.value("settings", nlohmann::json()) != step.settings)
        return false;
    std::error_code ec;
    std::filesystem::file_time_type oldest_out = std::filesystem::file_time_type::max();
    for (const auto& o : step.outputs) {
        const auto t = std::filesystem::last_write_time(o, ec);
        if (ec) return false;
        oldest_out = std::min(oldest_out, t);
    }
    for (const auto& i : step.inputs) {
        const auto t = std::filesystem::last_write_time(i, ec);
        if (ec || t > oldest_out) return false;
    }
    // mtimes can lie (cp -p, rsync -a and tar x keep old ones): the inputs' sizes and contents must match too
    return stamp.value("inputs", nlohmann::json()) == input_fingerprints(step);
}

nlohmann::json step_stamp(const RunStep& step) {
    nlohmann::json j;
    j["command"] = step.command;
    j["settings"] = step.settings;
    j["outputs"] = step.outputs;
    j["inputs"] = input_fingerprints(step);
    return j;
}

}  // namespace exomir
