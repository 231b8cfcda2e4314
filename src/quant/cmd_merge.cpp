// cmd_merge.cpp: the `exomir merge` front end: per-sample mirna.tsv -> counts.tsv, cpm.tsv, qc_summary.tsv.
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/quant/cmd_merge.hpp"
#include "exomir/quant/merge.hpp"

namespace exomir {
namespace {

// The <sample>.qc.json beside a <sample>.mirna.tsv, or null when there is none.
nlohmann::json read_qc_beside(const std::string& tsv_path) {
    std::string qc_path = tsv_path;
    const std::string suffix = ".mirna.tsv";
    if (!qc_path.ends_with(suffix)) return nullptr;
    qc_path.replace(qc_path.size() - suffix.size(), suffix.size(), ".qc.json");
    if (!file_exists(qc_path)) return nullptr;
    std::ifstream in(qc_path);
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded()) throw Error(fmt::format("{}: not valid JSON; re-run exomir quant for this sample", qc_path));
    return j;
}

}  // namespace

int run_merge(const MergeArgs& args) {
    const LogAs log_as("merge");
    const auto& [out_dir, inputs] = args;
    std::vector<SampleCounts> samples;
    std::vector<nlohmann::json> qcs;
    for (const auto& p : inputs) {
        samples.push_back(read_mirna_tsv(p));
        qcs.push_back(read_qc_beside(p));
    }
    const CountMatrix m = merge_counts(samples);
    std::vector<std::string> names;
    std::size_t n_qc = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) names.push_back(samples[i].sample), n_qc += !qcs[i].is_null();
    if (n_qc < samples.size())
        log_warn(fmt::format("{} of {} samples have no <sample>.qc.json beside the table: NA in qc_summary.tsv",
                             samples.size() - n_qc, samples.size()));

    nlohmann::json run = make_run_info(inputs);
    run["counts"] = {{"samples", samples.size()}, {"mirnas", m.mirnas.size()}, {"samples_with_qc", n_qc}};
    make_dirs(out_dir);
    const auto path = [&](const char* name) { return (std::filesystem::path(out_dir) / name).string(); };
    OutputSet set;
    set.open(path("counts.tsv")).write(format_count_matrix(m, false));
    set.open(path("cpm.tsv")).write(format_count_matrix(m, true));
    set.open(path("qc_summary.tsv")).write(format_qc_summary(names, qcs));
    set.open(path("counts.run.json")).write(dump_json(run));
    set.commit_all();
    log_info(fmt::format("{} samples, {} miRNAs -> {}", samples.size(), m.mirnas.size(), out_dir));
    return 0;
}

int cmd_merge(int argc, char** argv) {
    CLI::App app{
        "merge per-sample counts into counts.tsv, cpm.tsv and qc_summary.tsv\n\n"
        "example: exomir merge -o counts/ out/*.mirna.tsv",
        "exomir merge"};
    CommonOptions common;
    MergeArgs o;
    app.add_option("-o,--out", o.out_dir, "output directory")->required();
    app.add_option("tables", o.inputs, "<sample>.mirna.tsv files written by exomir quant (samples in this order)")
        ->required();
    add_common_options(app, common);
    return parse_and_run(app, common, argc, argv, [&] { return run_merge(o); });
}

}  // namespace exomir
