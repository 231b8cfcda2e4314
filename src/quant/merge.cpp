// merge.cpp: reading per-sample miRNA tables and building the miRNA x sample count matrix.
#include "exomir/quant/merge.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/safety.hpp"
#include "exomir/core/tsv.hpp"
#include "exomir/quant/qc_json.hpp"

namespace exomir {

namespace {

// A per-sample quant table of counts: the sample from the file name (less `suffix`, else ".tsv"), one row per `key`.
SampleCounts read_count_table(const std::string& path, const std::string& suffix, const char* key, const char* what) {
    SampleCounts sc;
    sc.path = path;
    sc.sample = std::filesystem::path(path).filename().string();
    for (const std::string& sfx : {suffix, std::string(".tsv")})
        if (sc.sample.size() > sfx.size() && sc.sample.ends_with(sfx)) {
            sc.sample.resize(sc.sample.size() - sfx.size());
            break;
        }
    if (!valid_sample_name(sc.sample))
        throw Error(
            fmt::format("{}: the file name gives the {}; rename the file", path, sample_name_problem(sc.sample)));
    TsvReader in(path, what, "pass tables written by exomir quant");
    const bool mirna = std::string_view(key) == "mirna";
    const char* label = mirna ? "miRNA" : key;
    const std::size_t col_key = in.require(key), col_reads = in.require("reads");
    const std::size_t col_acc = mirna ? in.require("accession") : col_key;
    std::unordered_set<std::string> seen;
    std::vector<std::string_view> f;
    while (in.next(f)) {
        std::string name(f[col_key]);
        if (name.empty()) throw Error(fmt::format("{}empty {} name; fix the row", in.where(), key));
        if (!seen.insert(name).second)
            throw Error(
                fmt::format("{}{} '{}' appears twice; each {} must be one row", in.where(), label, name, label));
        sc.reads.push_back(parse_double(f[col_reads], in.where(), "reads"));
        sc.mirnas.push_back(std::move(name));
        sc.accessions.emplace_back(mirna ? f[col_acc] : std::string_view());
    }
    return sc;
}

}  // namespace

SampleCounts read_mirna_tsv(const std::string& path) {
    return read_count_table(path, ".mirna.tsv", "mirna", "a quant <sample>.mirna.tsv");
}

SampleCounts read_spikes_tsv(const std::string& path) {
    return read_count_table(path, ".spikes.tsv", "spike", "a quant <sample>.spikes.tsv");
}

CountMatrix merge_counts(const std::vector<SampleCounts>& samples) {
    CountMatrix m;
    std::map<std::string, std::string> accession;  // sorted by miRNA name
    std::unordered_set<std::string> names;
    for (const auto& s : samples) {
        if (!names.insert(s.sample).second)
            throw Error(fmt::format("{}: sample name '{}' is used by two inputs; rename one file", s.path, s.sample));
        m.samples.push_back(s.sample);
        for (std::size_t i = 0; i < s.mirnas.size(); ++i) accession.emplace(s.mirnas[i], s.accessions[i]);
    }
    std::map<std::string, std::size_t> row;
    for (const auto& [name, acc] : accession) {
        row[name] = m.mirnas.size();
        m.mirnas.push_back(name);
        m.accessions.push_back(acc);
    }
    m.counts.assign(m.mirnas.size(), std::vector<double>(samples.size(), 0.0));
    for (std::size_t j = 0; j < samples.size(); ++j)
        for (std::size_t i = 0; i < samples[j].mirnas.size(); ++i)
            m.counts[row[samples[j].mirnas[i]]][j] = samples[j].reads[i];
    return m;
}

std::string format_matrix(const CountMatrix& m, const std::function<double(std::size_t, std::size_t)>& value) {
    std::string out = "mirna\taccession";
    for (const auto& s : m.samples) out.append("\t").append(s);
    out += "\n";
    for (std::size_t i = 0; i < m.mirnas.size(); ++i) {
        out.append(m.mirnas[i]).append("\t").append(m.accessions[i]);
        for (std::size_t j = 0; j < m.samples.size(); ++j) out.append("\t").append(fmt_fixed(value(i, j), 2));
        out += "\n";
    }
    return out;
}

std::string format_spike_matrix(const CountMatrix& spikes) {
    std::string out = "spike";
    for (const auto& s : spikes.samples) out.append("\t").append(s);
    out += "\n";
    for (std::size_t i = 0; i < spikes.mirnas.size(); ++i) {
        out += spikes.mirnas[i];
        for (const double x : spikes.counts[i]) out.append("\t").append(fmt_fixed(x, 0));
        out += "\n";
    }
    return out;
}

std::string format_count_matrix(const CountMatrix& m, bool cpm) {
    std::vector<double> totals(m.samples.size(), 0.0);
    for (const auto& r : m.counts)
        for (std::size_t j = 0; j < r.size(); ++j) totals[j] += r[j];
    return format_matrix(m, [&](std::size_t i, std::size_t j) {
        return cpm ? (totals[j] > 0 ? m.counts[i][j] * 1e6 / totals[j] : 0.0) : m.counts[i][j];
    });
}

namespace {

// A QC value as TSV text: numbers as integers or 4-decimal fractions, strings as is, NA if absent.
std::string qc_field(const nlohmann::json& qc, const std::vector<const char*>& pointers, int digits = 0) {
    for (const char* p : pointers) {
        const nlohmann::json::json_pointer ptr(p);
        if (!qc.is_object() || !qc.contains(ptr)) continue;
        const auto& v = qc.at(ptr);
        if (v.is_number()) return fmt_fixed(v.get<double>(), digits);
        if (v.is_string() && !v.get<std::string>().empty()) return v.get<std::string>();
        if (v.is_array()) return std::to_string(v.size());
    }
    return "NA";
}

// bovine_specific_reads, bovine_fraction_of_mirna, serum_share_of_mirna: "not_run" when quant had no bovine
// hairpins (never a 0 that looks measured), NA when the qc.json predates the check.
std::string bovine_fields(const nlohmann::json& q) {
    const nlohmann::json::json_pointer checked("/bovine/checked");
    if (!q.is_object() || !q.contains(checked)) return "NA\tNA\tNA";
    if (!q.at(checked).is_boolean() || !q.at(checked).get<bool>()) return "not_run\tnot_run\tnot_run";
    return fmt::format("{}\t{}\t{}", qc_field(q, {"/bovine/bovine_specific_reads"}),
                       qc_field(q, {"/bovine/fraction_of_mirna_reads"}, 4),
                       qc_field(q, {"/bovine/serum_share_of_mirna_reads"}, 4));
}

// qc_verdict and qc_reasons from the qc.json's qc_gate block (NA when the qc.json predates the gate).
std::string gate_fields(const nlohmann::json& q) {
    const QcGateVerdict gate = qc_gate_verdict(q);
    if (gate.verdict.empty()) return "NA\tNA";
    std::string text = fmt::format("{}", fmt::join(gate.reasons, "; "));
    for (char& c : text)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';  // one TSV field
    return gate.verdict + "\t" + (text.empty() ? "." : text);
}

}  // namespace

std::string format_qc_summary(const std::vector<std::string>& samples, const std::vector<nlohmann::json>& qcs) {
    const nlohmann::json::json_pointer spike_ptr("/annotation/spike_in_reads");
    const bool spikes =
        std::any_of(qcs.begin(), qcs.end(), [&](const auto& q) { return q.is_object() && q.contains(spike_ptr); });
    std::string out =
        "sample\treads_in\tunique_sequences\tmirna_reads\tmirna_fraction\thairpin_other_reads\t"
        "other_rna_reads\tunmapped_reads\tambiguous_reads\tmirnas_detected\tadapter\twarnings\t"
        "bovine_specific_reads\tbovine_fraction_of_mirna\tserum_share_of_mirna\tqc_verdict\tqc_reasons";
    out += spikes ? "\tspike_in_reads\n" : "\n";
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const nlohmann::json& q = qcs[i];
        out += fmt::format(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", samples[i], qc_field(q, {"/annotation/reads_in"}),
            qc_field(q, {"/annotation/unique_sequences"}), qc_field(q, {"/annotation/mirna_reads"}),
            qc_field(q, {"/annotation/mirna_fraction_of_reads"}, 4), qc_field(q, {"/annotation/hairpin_other_reads"}),
            qc_field(q, {"/annotation/other_rna_reads"}), qc_field(q, {"/annotation/unmapped_reads"}),
            qc_field(q, {"/annotation/ambiguous_reads"}), qc_field(q, {"/annotation/mirnas_detected"}),
            qc_field(q, {"/adapter_used", "/adapter", "/adapter/sequence"}), qc_field(q, {"/warnings"}));
        out.pop_back();
        out += "\t" + bovine_fields(q) + "\t" + gate_fields(q);
        out += spikes ? "\t" + qc_field(q, {"/annotation/spike_in_reads"}) + "\n" : "\n";
    }
    return out;
}

}  // namespace exomir
