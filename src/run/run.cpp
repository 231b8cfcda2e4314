// run.cpp: the step plan of `exomir run` and the up-to-date check (mtimes, recorded arguments, input fingerprints).
#include "exomir/run/run.hpp"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "exomir/core/io.hpp"
#include "exomir/core/run_info.hpp"

namespace exomir {

namespace {

std::string join(const std::string& dir, const std::string& name) {
    return (std::filesystem::path(dir) / name).lexically_normal().string();
}

void add_repeated(std::vector<std::string>& args, const char* option, const std::vector<std::string>& values) {
    for (const auto& v : values) args.insert(args.end(), {option, v});
}

void add_if(std::vector<std::string>& args, const char* option, const std::string& value) {
    if (!value.empty()) args.insert(args.end(), {option, value});
}

RunStep quant_step(const SheetSample& s, const RunLayout& l, const RunOptions& opt) {
    RunStep st{"quant:" + s.name, "quant", {"--sample", s.name}, s.fastq, {}};
    if (!s.kit.empty()) st.args.insert(st.args.end(), {"--kit", s.kit});
    add_if(st.args, "--adapter", s.adapter);
    add_if(st.args, "--reference", opt.reference);
    st.args.insert(st.args.end(), {"-o", l.quant_dir});
    st.args.insert(st.args.end(), s.fastq.begin(), s.fastq.end());
    for (const char* ext : {".mirna.tsv", ".isomir.gff3", ".qc.json"})
        st.outputs.push_back(join(l.quant_dir, s.name + ext));
    return st;
}

RunStep targets_step(const std::vector<RunStep>& quants, const RunLayout& l, const RunOptions& opt) {
    RunStep st{"targets", "targets", {}, {}, {l.targets_tsv}};
    add_if(st.args, "--reference", opt.reference);
    add_repeated(st.args, "--targetscan", opt.targets_targetscan);
    add_repeated(st.args, "--mirtarbase", opt.targets_mirtarbase);
    add_repeated(st.args, "--validated", opt.targets_validated);
    add_repeated(st.args, "--tsv", opt.targets_tsv);
    add_repeated(st.args, "--gmt", opt.targets_gmt);
    add_if(st.args, "--utr", opt.targets_utr);
    for (const auto* v :
         {&opt.targets_targetscan, &opt.targets_mirtarbase, &opt.targets_validated, &opt.targets_tsv, &opt.targets_gmt})
        st.inputs.insert(st.inputs.end(), v->begin(), v->end());
    if (!opt.targets_utr.empty()) st.inputs.push_back(opt.targets_utr);
    // 5' isomiRs get rows only through seed-keyed sources (targets refuses --isomirs otherwise)
    const bool seed_keyed = !opt.targets_targetscan.empty() || !opt.targets_utr.empty() || !opt.targets_gmt.empty();
    if (opt.targets_isomirs && seed_keyed)
        for (const auto& q : quants) {
            st.args.insert(st.args.end(), {"--isomirs", q.outputs[1]});
            st.inputs.push_back(q.outputs[1]);
        }
    st.args.insert(st.args.end(), {"-o", l.targets_tsv});
    return st;
}

RunStep network_step(const std::string& counts, const std::string& targets, const RunLayout& l, const RunOptions& opt) {
    RunStep st{"network", "network", {"--counts", counts, "--targets", targets}, {counts, targets}, {}};
    add_if(st.args, "--modules", opt.modules);
    add_repeated(st.args, "--gmt", opt.gmt);
    add_if(st.args, "--ppi", opt.ppi);
    if (opt.permutations > 0) st.args.insert(st.args.end(), {"--permutations", std::to_string(opt.permutations)});
    st.args.insert(st.args.end(), {"-o", l.net_dir});
    if (!opt.modules.empty()) st.inputs.push_back(opt.modules);
    st.inputs.insert(st.inputs.end(), opt.gmt.begin(), opt.gmt.end());
    if (!opt.ppi.empty()) st.inputs.push_back(opt.ppi);
    for (const char* f :
         {"module_scores.tsv", "mirna_module.tsv", "gene_load.tsv", "mirna_abundance.tsv", "network.dot"})
        st.outputs.push_back(join(l.net_dir, f));
    return st;
}

RunStep rank_step(const SampleSheetTable& sheet, const std::string& counts, const std::string& targets,
                  const RunLayout& l, const RunOptions& opt) {
    const std::string scores = join(l.net_dir, "module_scores.tsv");
    RunStep st{"rank", "rank", {l.net_dir, "--targets", targets}, {scores, targets}, {}};
    for (const char* f : {"payload_contributions.tsv", "payload_mirnas.tsv", "payload_cocktails.tsv"})
        st.outputs.push_back(join(l.rank_dir, f));
    if (const std::string column = comparison_column(sheet); !column.empty()) {
        st.args.insert(st.args.end(), {"--counts", counts, "--samplesheet", opt.samples, "--group-by", column});
        st.inputs.insert(st.inputs.end(), {counts, opt.samples});
        st.outputs.push_back(join(l.rank_dir, "group_comparison.tsv"));
    }
    st.args.insert(st.args.end(), {"-o", l.rank_dir});
    return st;
}

}  // namespace

RunLayout::RunLayout(const std::string& out)
    : out_dir(out),
      quant_dir(join(out, "quant")),
      counts_dir(join(out, "counts")),
      targets_tsv(join(out, "targets/targets.tsv")),
      net_dir(join(out, "net")),
      rank_dir(join(out, "rank")),
      report_html(join(out, "report.html")) {}

std::vector<std::string> validate(const RunOptions& opt) {
    std::vector<std::string> problems;
    if (opt.samples.empty()) problems.push_back("--samples is required: a TSV with sample, fastq and kit columns");
    if (opt.out_dir.empty() || opt.out_dir == "-") problems.push_back("-o must name a results folder");
    if (opt.permutations < 0) problems.push_back(fmt::format("--permutations must be >= 0; got {}", opt.permutations));
    const bool targets_sources = !opt.targets_targetscan.empty() || !opt.targets_mirtarbase.empty() ||
                                 !opt.targets_validated.empty() || !opt.targets_tsv.empty() ||
                                 !opt.targets_gmt.empty() || !opt.targets_utr.empty();
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
    RunStep merge{"merge", "merge", {"-o", l.counts_dir}, {}, {}};
    for (const auto& q : quants) {
        merge.args.push_back(q.outputs[0]);
        merge.inputs.push_back(q.outputs[0]);
        merge.inputs.push_back(q.outputs[2]);
    }
    for (const char* f : {"counts.tsv", "cpm.tsv", "qc_summary.tsv"}) merge.outputs.push_back(join(l.counts_dir, f));
    const std::string counts = merge.outputs[0];
    steps.push_back(std::move(merge));
    std::string targets = opt.targets;
    if (targets.empty()) {
        steps.push_back(targets_step(quants, l, opt));
        targets = l.targets_tsv;
    }
    steps.push_back(network_step(counts, targets, l, opt));
    if (opt.rank) steps.push_back(rank_step(sheet, counts, targets, l, opt));
    RunStep report{"report", "report", {"--samples", opt.samples, l.out_dir}, {opt.samples}, {l.report_html}};
    for (const auto& st : steps) report.inputs.insert(report.inputs.end(), st.outputs.begin(), st.outputs.end());
    steps.push_back(std::move(report));
    return steps;
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
        stamp.value("args", nlohmann::json::array()) != nlohmann::json(step.args))
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
    j["args"] = step.args;
    j["outputs"] = step.outputs;
    j["inputs"] = input_fingerprints(step);
    return j;
}

}  // namespace exomir
