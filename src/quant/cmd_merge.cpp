// cmd_merge.cpp: the `exomir merge` front end: per-sample mirna.tsv -> counts.tsv, cpm.tsv, tmm.tsv, qc_summary.tsv.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>

#include <fmt/format.h>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/quant/cmd_merge.hpp"
#include "exomir/quant/contamination.hpp"
#include "exomir/quant/merge.hpp"
#include "exomir/quant/normalize.hpp"
#include "exomir/quant/other_rna.hpp"
#include "exomir/quant/qc_json.hpp"

namespace exomir {
namespace {

// The <sample><suffix> file beside a <sample>.mirna.tsv, or "" when there is none.
std::string path_beside(const std::string& tsv_path, const char* suffix) {
    const std::string mirna = ".mirna.tsv";
    if (!tsv_path.ends_with(mirna)) return {};
    std::string p = tsv_path.substr(0, tsv_path.size() - mirna.size()) + suffix;
    return file_exists(p) ? p : std::string();
}

// The <sample>.qc.json beside a <sample>.mirna.tsv, or null when there is none.
nlohmann::json read_qc_beside(const std::string& tsv_path) {
    const std::string qc_path = path_beside(tsv_path, ".qc.json");
    if (qc_path.empty()) return nullptr;
    auto j = read_qc_json(qc_path, "re-run exomir quant for this sample");
    return j ? std::move(*j) : nlohmann::json();
}

// Sample types from --blank/--negative names; every named sample must exist.
std::vector<SampleType> sample_types(const CountMatrix& m, const std::vector<std::string>& blanks,
                                     const std::vector<std::string>& negatives) {
    std::vector<SampleType> types(m.samples.size(), SampleType::sample);
    const auto mark = [&](const std::vector<std::string>& names, SampleType t, const char* opt) {
        for (const auto& n : names) {
            const auto it = std::find(m.samples.begin(), m.samples.end(), n);
            if (it == m.samples.end())
                throw UsageError(fmt::format("{} '{}': no such sample among the tables; use a sample name", opt, n));
            types[static_cast<std::size_t>(it - m.samples.begin())] = t;
        }
    };
    mark(blanks, SampleType::blank, "--blank");
    mark(negatives, SampleType::negative, "--negative");
    return types;
}

// The spike x sample matrix from the <sample>.spikes.tsv beside each table (a sample without one: zeros), and those
// files ("" = none). Empty matrix (no samples) when no sample has one.
struct SpikeTables {
    CountMatrix matrix;
    std::vector<std::string> paths;
};
// A spikes.tsv must be of the same quant run as the qc.json beside it: its reads add up to the qc.json's
// annotation.spike_in_reads (a table left over from an earlier run with other spikes, or none, is refused).
void check_spikes_match_qc(const SampleCounts& t, const std::string& path, const nlohmann::json& qc) {
    if (qc.is_null()) return;  // no qc.json beside the table: nothing to check against
    const nlohmann::json::json_pointer ptr("/annotation/spike_in_reads");
    double total = 0;
    for (const double x : t.reads) total += x;
    const double recorded = qc.contains(ptr) && qc.at(ptr).is_number() ? qc.at(ptr).get<double>() : -1;
    if (recorded < 0 || std::abs(recorded - total) > 0.5)
        throw Error(
            fmt::format("{}: {} spike reads, but the qc.json beside it records {}; the table is from another "
                        "quant run: rerun exomir quant for sample {} (with --spike-ins, or delete the table)",
                        path, total, recorded < 0 ? std::string("no spike-ins") : fmt_fixed(recorded, 0), t.sample));
}

SpikeTables read_spike_tables(const std::vector<std::string>& inputs, const std::vector<std::string>& names,
                              const std::vector<nlohmann::json>& qcs) {
    SpikeTables t;
    std::vector<SampleCounts> per_sample;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        t.paths.push_back(path_beside(inputs[i], ".spikes.tsv"));
        per_sample.push_back(t.paths.back().empty() ? SampleCounts{names[i], inputs[i], {}, {}, {}}
                                                    : read_spikes_tsv(t.paths.back()));
        per_sample.back().sample = names[i];
        if (!t.paths.back().empty()) check_spikes_match_qc(per_sample.back(), t.paths.back(), qcs[i]);
    }
    if (std::any_of(t.paths.begin(), t.paths.end(), [](const auto& p) { return !p.empty(); }))
        t.matrix = merge_counts(per_sample);
    return t;
}

// --normalize spike: every sample needs its spikes.tsv; DESeq2 median-of-ratios size factors over the spikes.
// Checked before any output is made; nullopt for --normalize cpm.
std::optional<SpikeFactors> spike_factors(const std::string& normalize, const SpikeTables& spikes,
                                          const std::vector<std::string>& inputs,
                                          const std::vector<std::string>& names) {
    if (normalize != "cpm" && normalize != "spike")
        throw UsageError(fmt::format("--normalize '{}': use cpm or spike", normalize));
    if (normalize != "spike") return std::nullopt;
    for (std::size_t j = 0; j < inputs.size(); ++j)
        if (spikes.paths[j].empty())
            throw Error(
                fmt::format("{}: sample {} has no {}.spikes.tsv beside it; run exomir quant --spike-ins for "
                            "it, or use --normalize cpm",
                            inputs[j], names[j], names[j]));
    return spike_size_factors(spikes.matrix, spikes.paths);
}

template <class Path>
void write_spike_normalised(const CountMatrix& m, const SpikeFactors& f, OutputSet& set, const Path& path,
                            nlohmann::json& run) {
    set.open(path("spike_factors.tsv")).write(format_spike_factors(m, f));
    set.open(path("spike_normalized.tsv")).write(format_spike_normalized(m, f));
    run["normalization"]["spike"] = {
        {"method",
         "DESeq2 median-of-ratios size factors over the spike-ins (estimateSizeFactors with controlGenes; "
         "Anders & Huber 2010)"},
        {"spikes_used", f.spikes_used}};
}

// cpm.tsv, and TMM (tmm.tsv, norm_factors.tsv) on the same matrix: the raw counts, or the blank-subtracted ones.
// TMM's factors come from the samples only; blanks and negatives get 1 (their composition is the medium's or the
// kit's, and one of them must not become the reference).
template <class Path>
void write_normalised(const CountMatrix& m, const std::vector<SampleType>& types, OutputSet& set, const Path& path,
                      nlohmann::json& run, const std::function<void(const CountMatrix&)>& also) {
    set.open(path("cpm.tsv")).write(format_count_matrix(m, true));
    std::vector<std::uint8_t> in_tmm;
    for (const auto t : types) in_tmm.push_back(t == SampleType::sample);
    const TmmFactors tmm = tmm_factors(m, in_tmm);
    set.open(path("tmm.tsv")).write(format_tmm_matrix(m, tmm));
    set.open(path("norm_factors.tsv")).write(format_norm_factors(m, tmm));
    run["normalization"] = {
        {"tmm",
         "edgeR calcNormFactors(method = \"TMM\") defaults: logratioTrim 0.3, sumTrim "
         "0.05, weighted (Robinson & Oshlack 2010)"},
        {"reference_sample", m.samples.empty() ? nlohmann::json() : nlohmann::json(m.samples[tmm.ref])}};
    also(m);
}

}  // namespace

int run_merge(const MergeArgs& args) {
    const LogAs log_as("merge");
    const auto& [out_dir, inputs, blanks, negatives, subtract, normalize] = args;
    std::vector<SampleCounts> samples;
    std::vector<nlohmann::json> qcs;
    std::vector<std::string> class_tables, feature_tables;  // "" = the sample has none
    std::size_t n_class_tables = 0;
    for (const auto& p : inputs) {
        samples.push_back(read_mirna_tsv(p));
        qcs.push_back(read_qc_beside(p));
        class_tables.push_back(path_beside(p, ".rna_classes.tsv"));
        feature_tables.push_back(path_beside(p, ".other_rna.tsv"));
        n_class_tables += !class_tables.back().empty();
    }
    const CountMatrix m = merge_counts(samples);
    if (subtract && blanks.empty()) throw UsageError("--subtract-blank needs at least one --blank sample");
    const std::vector<SampleType> types = sample_types(m, blanks, negatives);
    std::vector<std::string> names;
    std::size_t n_qc = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) names.push_back(samples[i].sample), n_qc += !qcs[i].is_null();
    if (n_qc < samples.size())
        log_warn(fmt::format("{} of {} samples have no <sample>.qc.json beside the table: NA in qc_summary.tsv",
                             samples.size() - n_qc, samples.size()));

    const SpikeTables spikes = read_spike_tables(inputs, names, qcs);
    const std::optional<SpikeFactors> spike_f = spike_factors(normalize, spikes, inputs, names);
    nlohmann::json run = make_run_info(inputs);
    run["counts"] = {{"samples", samples.size()}, {"mirnas", m.mirnas.size()}, {"samples_with_qc", n_qc}};
    make_dirs(out_dir);
    // An init-capture: clang 14 cannot capture a structured binding itself.
    const auto path = [&dir = out_dir](const char* name) { return (std::filesystem::path(dir) / name).string(); };
    OutputSet set;
    set.open(path("counts.tsv")).write(format_count_matrix(m, false));
    if (!spikes.matrix.samples.empty()) set.open(path("spikes.tsv")).write(format_spike_matrix(spikes.matrix));
    const auto spike_norm = [&](const CountMatrix& x) {
        if (spike_f) write_spike_normalised(x, *spike_f, set, path, run);
    };
    if (!blanks.empty()) {
        const MediumScale scale = estimate_medium_scale(m, types, qcs);
        set.open(path("contamination.tsv")).write(format_contamination_tsv(contamination(m, types, scale)));
        set.open(path("medium_share.tsv")).write(format_medium_share_tsv(m, types, scale));
        run["contamination"] = {{"blanks", blanks},
                                {"medium_share_source", scale.source},
                                {"blank_dispersion", scale.dispersion},
                                {"subtract_blank", subtract}};
        if (subtract) {
            const CountMatrix sub = subtract_blanks(m, types, scale);
            set.open(path("counts_blank_subtracted.tsv")).write(format_count_matrix(sub, false));
            write_normalised(sub, types, set, path, run, spike_norm);
        }
    }
    if (!subtract) write_normalised(m, types, set, path, run, spike_norm);
    set.open(path("qc_summary.tsv")).write(format_qc_summary(names, qcs));
    if (n_class_tables > 0) {  // RNA classes and other-RNA features (docs/rna_classes.md)
        set.open(path("rna_classes.tsv")).write(merge_rna_class_tables(names, class_tables, false));
        set.open(path("other_rna.tsv")).write(merge_rna_class_tables(names, feature_tables, true));
    }
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
    app.add_option("--blank", o.blanks,
                   "sample that is a medium-only (blank) control: writes contamination.tsv and medium_share.tsv")
        ->delimiter(',')
        ->allow_extra_args(false)  // one name (or a comma list) per --blank: the tables after it stay tables
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--negative", o.negatives, "sample that is an extraction/library blank (left out of both sides)")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_flag("--subtract-blank", o.subtract_blank,
                 "remove the blank-estimated medium counts before CPM (cpm.tsv); raw counts stay in counts.tsv");
    app.add_option("--normalize", o.normalize,
                   "cpm (cpm.tsv, tmm.tsv), or spike: also spike_factors.tsv and spike_normalized.tsv from the "
                   "<sample>.spikes.tsv of quant --spike-ins (docs/spike_ins.md)")
        ->check(CLI::IsMember({"cpm", "spike"}))
        ->capture_default_str();
    app.add_option("tables", o.inputs, "<sample>.mirna.tsv files written by exomir quant (samples in this order)")
        ->required();
    add_common_options(app, common);
    return parse_and_run(app, common, argc, argv, [&] { return run_merge(o); });
}

}  // namespace exomir
