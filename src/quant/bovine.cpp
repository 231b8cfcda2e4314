// bovine.cpp: bovine-specific (culture-medium serum) reads: unmapped to human, placed on a bta hairpin.
#include "exomir/quant/bovine.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "exomir/core/error.hpp"

namespace exomir {

std::unique_ptr<BovineReference> load_bovine_reference(const ReferencePaths& human, std::string& why_not) {
    if (human.species == "bta") {
        why_not = "the samples are quantified as bovine (--species bta)";
        return nullptr;
    }
    ReferencePaths bta = human;
    bta.species = "bta";
    auto out = std::make_unique<BovineReference>();
    try {
        out->ref = load_mirna_reference(bta);
    } catch (const Error& e) {
        const std::string what = e.what();
        why_not = what.find("unknown species") != std::string::npos
                      ? fmt::format(
                            "{}: no bovine (bta) entries; give the all-species miRBase mature.fa and "
                            "hairpin.fa (e.g. a `reference fetch` bundle) to check for serum miRNAs",
                            human.hairpin)
                      : "bovine (bta) reference not usable: " + what;
        return nullptr;
    }
    if (out->ref.hairpins.empty()) {
        why_not = fmt::format("{}: no bovine (bta) hairpins; give the all-species miRBase files", human.hairpin);
        return nullptr;
    }
    out->index = std::make_unique<AnnotationIndex>(out->ref);
    return out;
}

double BovineScan::fraction_of_mirna_reads() const {
    const std::uint64_t total = human_mirna_reads + mirna_reads;
    return total ? static_cast<double>(mirna_reads) / static_cast<double>(total) : 0.0;
}

double BovineScan::serum_share() const {
    if (!(serum_bovine_fraction > 0)) return 0.0;
    return std::min(1.0, fraction_of_mirna_reads() / serum_bovine_fraction);
}

BovineScan scan_bovine(const std::vector<SeqCount>& seqs, const Annotation& human, const BovineReference& bovine,
                       const AnnotateOptions& opt, double serum_bovine_fraction) {
    BovineScan scan;
    scan.checked = true;
    scan.serum_bovine_fraction = serum_bovine_fraction;
    scan.human_mirna_reads = human.qc.mirna_reads;
    scan.bovine_specific.assign(seqs.size(), 0);
    // Only sequences with no human hairpin and no other-RNA class (the human path is not aligned again), and
    // only as long as a bovine mature arm can explain (longest bta mature + 3' extension + additions): longer
    // inserts (tRNA halves, rRNA) are the bulk of the unmapped ones and cannot be bovine miRNA reads.
    std::size_t longest = 0;
    for (const auto& m : bovine.ref.matures) longest = std::max(longest, m.seq.size());
    const std::size_t max_len = longest + static_cast<std::size_t>(opt.max_extend3 + opt.max_add3p);
    std::vector<std::size_t> which;
    std::vector<SeqCount> unmapped;
    for (std::size_t s = 0; s < seqs.size(); ++s)
        if (human.sequences.cls(s) == SeqClass::unmapped && seqs[s].seq.size() <= max_len)
            which.push_back(s), unmapped.push_back(seqs[s]);
    scan.bta = annotate(unmapped, bovine.ref, *bovine.index, nullptr, opt);
    for (std::size_t i = 0; i < which.size(); ++i) {
        const SeqClass c = scan.bta.sequences.cls(i);
        if (c == SeqClass::unmapped) continue;
        scan.bovine_specific[which[i]] = 1;
        scan.reads += unmapped[i].n_reads;
        if (c == SeqClass::mirna) scan.mirna_reads += unmapped[i].n_reads;
    }
    return scan;
}

nlohmann::json bovine_qc_json(const BovineScan& scan, std::size_t top_n) {
    nlohmann::json j;
    j["checked"] = scan.checked;
    if (!scan.checked) {
        j["reason"] = scan.not_checked_reason;
        return j;
    }
    const auto round6 = [](double x) { return std::round(x * 1e6) / 1e6; };
    j["bovine_specific_reads"] = scan.reads;
    j["bovine_specific_mirna_reads"] = scan.mirna_reads;
    j["human_mirna_reads"] = scan.human_mirna_reads;
    j["fraction_of_mirna_reads"] = round6(scan.fraction_of_mirna_reads());
    j["serum_bovine_fraction"] = round6(scan.serum_bovine_fraction);
    j["serum_share_of_mirna_reads"] = round6(scan.serum_share());
    std::vector<const MirnaCount*> top;
    for (const auto& c : scan.bta.counts) top.push_back(&c);
    std::stable_sort(top.begin(), top.end(),
                     [](const MirnaCount* a, const MirnaCount* b) { return a->reads > b->reads; });
    nlohmann::json arr = nlohmann::json::array();
    for (std::size_t i = 0; i < top.size() && arr.size() < top_n; ++i)
        if (top[i]->reads >= 0.005)
            arr.push_back(
                {{"mirna", scan.bta.groups[top[i]->group].name}, {"reads", std::round(top[i]->reads * 100) / 100}});
    j["top_mirnas"] = arr;
    return j;
}

void add_bovine_qc(nlohmann::json& qc, const BovineScan& scan) {
    qc["bovine"] = bovine_qc_json(scan);
    if (!scan.checked || !qc.contains("annotation")) return;
    nlohmann::json& a = qc["annotation"];
    a["bovine_specific_reads"] = scan.reads;
    if (a.contains("unmapped_reads")) a["unmapped_reads"] = a["unmapped_reads"].get<std::uint64_t>() - scan.reads;
}

std::vector<std::string> bovine_warnings(const BovineScan& scan) {
    std::vector<std::string> w;
    if (!scan.checked) return w;  // said in qc.json (bovine.checked = false, reason) and in the log
    if (scan.serum_share() >= 0.2)
        w.push_back(
            fmt::format("an estimated {:.0f}% of the miRNA reads come from bovine serum ({} bovine-specific "
                        "reads, {:.2f}% of miRNA reads); see docs/contamination.md",
                        100 * scan.serum_share(), scan.mirna_reads, 100 * scan.fraction_of_mirna_reads()));
    return w;
}

}  // namespace exomir
