// other_rna.cpp: other-RNA classes: default reference, priority, tRNA/Y-RNA fragment types, per-sample tables.
#include "exomir/quant/other_rna.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/tsan.hpp"
#include "exomir/reference/mirna_ref.hpp"

namespace exomir {

int other_rna_rank(std::string_view cls) {
    static const std::map<std::string_view, int> rank = {
        {"tRNA", 0},          {"Mt_tRNA", 0},     {"rRNA", 1},           {"Mt_rRNA", 1},   {"rRNA_pseudogene", 1},
        {"Y_RNA", 2},         {"YRNA", 2},        {"snRNA", 3},          {"snoRNA", 4},    {"scaRNA", 4},
        {"7SK_RNA", 5},       {"7SL_RNA", 5},     {"7SL_SRP_RNA", 5},    {"vault_RNA", 5}, {"misc_RNA", 5},
        {"RNase_MRP_RNA", 5}, {"RNase_P_RNA", 5}, {"telomerase_RNA", 5}, {"SNAR", 5}};
    const auto it = rank.find(cls);
    return it == rank.end() ? 6 : it->second;
}

std::optional<std::string> other_rna_tag(std::string_view description, std::string_view key) {
    for (std::size_t pos = description.find(key); pos != std::string_view::npos; pos = description.find(key, pos + 1)) {
        const std::size_t eq = pos + key.size();
        if (eq >= description.size() || description[eq] != '=') continue;
        if (pos > 0 && description.substr(pos - 1, 1).find_first_of(" \t;") == std::string_view::npos) continue;
        const std::size_t end = description.find_first_of(" \t;", eq + 1);
        return std::string(description.substr(eq + 1, end == std::string_view::npos ? end : end - eq - 1));
    }
    return std::nullopt;
}

int other_rna_anticodon(std::string_view description, const std::string& path, std::uint64_t line) {
    const auto v = other_rna_tag(description, "anticodon");
    if (!v) return 0;
    int n = 0;
    const auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || p != v->data() + v->size() || n < 1 || n > 200)
        throw Error(
            fmt::format("{}:{}: anticodon='{}' must be the 1-based anticodon position (1-200)", path, line, *v));
    return n;
}

void set_other_rna_classes(OtherRnaReference& r, const std::vector<std::string>& class_of_record) {
    r.classes = class_of_record;
    std::sort(r.classes.begin(), r.classes.end());
    r.classes.erase(std::unique(r.classes.begin(), r.classes.end()), r.classes.end());
    r.class_of.clear();
    for (const auto& c : class_of_record)
        r.class_of.push_back(
            static_cast<std::uint32_t>(std::lower_bound(r.classes.begin(), r.classes.end(), c) - r.classes.begin()));
    r.class_rank.clear();
    for (const auto& c : r.classes) r.class_rank.push_back(other_rna_rank(c));
}

std::string default_other_rna_path(const std::string& reference_dir) {
    return reference_file(reference_dir, "other_rna/human_other_rna.fa.gz");
}

OtherRnaReference combine_other_rna(const OtherRnaReference& base, const OtherRnaReference& user) {
    const std::set<std::string> replaced(user.classes.begin(), user.classes.end());
    OtherRnaReference out;
    out.path = base.path + "," + user.path;
    std::vector<std::string> cls;
    const auto add = [&](const OtherRnaReference& r, bool skip_replaced) {
        for (std::size_t i = 0; i < r.seqs.size(); ++i) {
            const std::string& c = r.classes[r.class_of[i]];
            if (skip_replaced && replaced.count(c)) continue;
            cls.push_back(c);
            out.names.push_back(r.names[i]);
            out.seqs.push_back(r.seqs[i]);
            out.features.push_back(r.features[i]);
            out.anticodon.push_back(r.anticodon[i]);
        }
    };
    add(base, true);
    add(user, false);
    set_other_rna_classes(out, cls);
    return out;
}

const char* trna_fragment_name(TrnaFragment f) {
    switch (f) {
        case TrnaFragment::five_half:
            return "5'-half";
        case TrnaFragment::five_tRF:
            return "5'-tRF";
        case TrnaFragment::i_tRF:
            return "i-tRF";
        case TrnaFragment::three_half:
            return "3'-half";
        case TrnaFragment::three_tRF:
            return "3'-tRF";
        case TrnaFragment::full:
            return "full";
    }
    return "i-tRF";
}

TrnaFragment classify_trna_fragment(int start, int end, int anticodon, int mature_len) {
    const bool at5 = start == 0, at3 = end >= mature_len;
    // 1-based anticodon loop [anticodon - 2, anticodon + 4]; the fragment's 1-based first base is
    // start + 1 and its last base is end.
    const bool ends_in_loop = end >= anticodon - 2 && end <= anticodon + 4;
    const bool starts_in_loop = start + 1 >= anticodon - 2 && start + 1 <= anticodon + 4;
    if (at5 && at3) return TrnaFragment::full;
    if (at5) return ends_in_loop ? TrnaFragment::five_half : TrnaFragment::five_tRF;
    if (at3) return starts_in_loop ? TrnaFragment::three_half : TrnaFragment::three_tRF;
    return TrnaFragment::i_tRF;
}

const char* yrna_fragment_name(YrnaFragment f) {
    switch (f) {
        case YrnaFragment::five:
            return "5'";
        case YrnaFragment::three:
            return "3'";
        case YrnaFragment::full:
            return "full";
        case YrnaFragment::internal:
            return "internal";
    }
    return "internal";
}

YrnaFragment classify_yrna_fragment(int start, int end, int length) {
    const bool at5 = start<3, at3 = end> length - 3;
    if (at5 && at3) return YrnaFragment::full;
    if (at5) return YrnaFragment::five;
    return at3 ? YrnaFragment::three : YrnaFragment::internal;
}

namespace {

constexpr std::size_t k_max_features = 3;

// Feature and fragment of one other-RNA sequence of class `cls`: its best hits within that class.
OtherRnaCall call_other_rna(std::string_view seq, std::uint32_t cls, const OtherRnaReference& other,
                            const SeqIndex& index, const AnnotateOptions& opt, AlignScratch& scratch) {
    const std::vector<Hit> hits = align_sequence(seq, index, opt, scratch);
    int best_mm = 1 << 20;
    for (const auto& h : hits)
        if (other.class_of[h.target] == cls) best_mm = std::min<int>(best_mm, h.n_mismatches);
    std::set<std::string> features;
    const Hit* first = nullptr;  // hits are sorted by (target, start): the earliest record wins
    for (const auto& h : hits) {
        if (other.class_of[h.target] != cls || h.n_mismatches != best_mm) continue;
        features.insert(other.features[h.target]);
        if (!first) first = &h;
    }
    OtherRnaCall call;
    if (!first) return call;  // cannot happen for a sequence annotate() put in this class
    if (features.size() > k_max_features) {
        call.feature = other.classes[cls] + ":ambiguous";
    } else {
        for (const auto& f : features) call.feature += (call.feature.empty() ? "" : "/") + f;
    }
    const std::string& target = other.seqs[first->target];
    const int start = static_cast<int>(first->start), end = start + first->templated_len;
    const int length = static_cast<int>(target.size());
    const int rank = other.class_rank[cls];
    if (rank == 0 && other.anticodon[first->target] > 0) {
        const int mature_len = target.ends_with("CCA") ? length - 3 : length;
        // A read whose non-templated 3' bases reach the 3' end ends there: the aligner takes a sequencing
        // error in the last bases (or an untemplated CCA) as a 3' addition.
        const int end3 = end + first->add3p >= mature_len ? std::max(end, mature_len) : end;
        call.fragment =
            trna_fragment_name(classify_trna_fragment(start, end3, other.anticodon[first->target], mature_len));
        call.cca_end = target.ends_with("CCA") && end == length;
    } else if (rank == 2) {
        call.fragment = yrna_fragment_name(classify_yrna_fragment(start, end, length));
    }
    return call;
}

using RowKey = std::tuple<int, std::string, std::string, std::string>;  // rank, class, feature, fragment

void tally(std::map<RowKey, OtherRnaSummary::Row>& rows, const RowKey& key, std::uint64_t reads, bool cca) {
    OtherRnaSummary::Row& r = rows[key];
    r.cls = std::get<1>(key), r.feature = std::get<2>(key), r.fragment = std::get<3>(key);
    r.reads += reads, ++r.unique_sequences, r.cca_end_reads += cca ? reads : 0;
}

}  // namespace

OtherRnaSummary summarise_other_rna(const std::vector<SeqCount>& seqs, const Annotation& ann,
                                    const OtherRnaReference* other, const AnnotationIndex& index,
                                    const AnnotateOptions& opt) {
    std::vector<std::uint32_t> todo;
    for (std::size_t s = 0; s < seqs.size(); ++s)
        if (ann.sequences.cls(s) == SeqClass::other_rna) todo.push_back(static_cast<std::uint32_t>(s));
    std::vector<OtherRnaCall> calls(todo.size());
    if (other && !todo.empty()) {
        const TsanParallelRegion tsan_region;
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, todo.size(), 512),
                          tsan_visible([&](const tbb::blocked_range<std::size_t>& r) {
                              AlignScratch scratch;
                              for (std::size_t i = r.begin(); i != r.end(); ++i)
                                  calls[i] = call_other_rna(seqs[todo[i]].seq, ann.sequences[todo[i]].other_class,
                                                            *other, index.other_rna, opt, scratch);
                          }));
        tsan_region.end();
    }
    OtherRnaSummary out;
    std::map<RowKey, OtherRnaSummary::Row> classes, features, fragments;
    // Every class of the reference gets a row (zero when absent), so samples' tables line up.
    if (index.spikes) classes[{-3, "spike_in", "", ""}].cls = "spike_in";
    classes[{-2, "miRNA", "", ""}].cls = "miRNA";
    classes[{-1, "hairpin_other", "", ""}].cls = "hairpin_other";
    if (other)
        for (std::size_t c = 0; c < other->classes.size(); ++c)
            classes[{other->class_rank[c], other->classes[c], "", ""}].cls = other->classes[c];
    classes[{99, "unmapped", "", ""}].cls = "unmapped";
    std::size_t next = 0;
    for (std::size_t s = 0; s < seqs.size(); ++s) {
        const std::uint64_t n = seqs[s].n_reads;
        out.kept_reads += n;
        switch (ann.sequences.cls(s)) {
            case SeqClass::mirna:
                tally(classes, {-2, "miRNA", "", ""}, n, false);
                break;
            case SeqClass::hairpin_other:
                tally(classes, {-1, "hairpin_other", "", ""}, n, false);
                break;
            case SeqClass::unmapped:
                tally(classes, {99, "unmapped", "", ""}, n, false);
                break;
            case SeqClass::spike_in:
                tally(classes, {-3, "spike_in", "", ""}, n, false);
                break;
            case SeqClass::other_rna: {
                const std::uint32_t c = ann.sequences[s].other_class;
                const int rank = other->class_rank[c];
                const std::string& name = other->classes[c];
                const OtherRnaCall& call = calls[next++];
                tally(classes, {rank, name, "", ""}, n, false);
                tally(features, {rank, name, call.feature, ""}, n, false);
                if (!call.fragment.empty())
                    tally(fragments, {rank, name, call.feature, call.fragment}, n, call.cca_end);
                break;
            }
        }
    }
    for (auto& [k, r] : classes) out.classes.push_back(std::move(r));
    for (auto& [k, r] : features) out.features.push_back(std::move(r));
    for (auto& [k, r] : fragments) out.fragments.push_back(std::move(r));
    return out;
}

// Class, feature and record names come from FASTA IDs and header tags, which end at whitespace: no field
// can hold a tab or a newline, so the tables need no escaping.
std::string format_rna_classes_tsv(const OtherRnaSummary& s) {
    std::string out = "class\treads\tfraction\tunique_sequences\n";
    for (const auto& r : s.classes) {
        const double f = s.kept_reads ? static_cast<double>(r.reads) / static_cast<double>(s.kept_reads) : 0.0;
        out += fmt::format("{}\t{}\t{}\t{}\n", r.cls, r.reads, fmt_fixed(f, 6), r.unique_sequences);
    }
    return out;
}

std::string format_other_rna_tsv(const OtherRnaSummary& s) {
    std::string out = "feature\tclass\treads\tunique_sequences\n";
    for (const auto& r : s.features)
        out += fmt::format("{}\t{}\t{}\t{}\n", r.feature, r.cls, r.reads, r.unique_sequences);
    return out;
}

std::string format_rna_fragments_tsv(const OtherRnaSummary& s) {
    std::string out = "class\tfeature\tfragment\treads\tunique_sequences\tcca_end_reads\n";
    for (const auto& r : s.fragments)
        out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\n", r.cls, r.feature, r.fragment, r.reads, r.unique_sequences,
                           r.cca_end_reads);
    return out;
}

namespace {

int row_rank(std::string_view cls) {
    if (cls == "spike_in") return -3;
    if (cls == "miRNA") return -2;
    if (cls == "hairpin_other") return -1;
    if (cls == "unmapped") return 99;
    return other_rna_rank(cls);
}

}  // namespace

std::string merge_rna_class_tables(const std::vector<std::string>& samples, const std::vector<std::string>& paths,
                                   bool by_feature) {
    using Key = std::tuple<int, std::string, std::string>;  // rank, class, feature
    std::map<Key, std::vector<double>> rows;
    for (std::size_t j = 0; j < paths.size(); ++j) {
        if (paths[j].empty()) continue;
        LineReader in(paths[j]);
        std::string line;
        if (!in.next(line))
            throw Error(fmt::format("{}: empty file; expected a table written by exomir quant", paths[j]));
        const auto header = split_tabs(line);
        int col_cls = -1, col_feature = -1, col_reads = -1;
        for (int i = 0; i < static_cast<int>(header.size()); ++i) {
            if (header[i] == "class") col_cls = i;
            if (header[i] == "feature") col_feature = i;
            if (header[i] == "reads") col_reads = i;
        }
        if (col_cls < 0 || col_reads < 0 || (by_feature && col_feature < 0))
            throw Error(fmt::format("{}:1: header lacks {}class or reads; pass tables written by exomir quant",
                                    paths[j], by_feature ? "feature, " : ""));
        const int n_cols = std::max({col_cls, col_feature, col_reads}) + 1;
        while (in.next(line)) {
            if (trim_ws(line).empty()) continue;
            const auto f = split_tabs(line);
            if (static_cast<int>(f.size()) < n_cols)
                throw Error(
                    fmt::format("{}only {} columns, expected at least {}; fix the row", in.where(), f.size(), n_cols));
            const std::string cls(f[col_cls]);
            const std::string feature = by_feature ? std::string(f[col_feature]) : std::string();
            auto& r = rows[{row_rank(cls), cls, feature}];
            r.resize(samples.size(), 0.0);
            r[j] += parse_double(f[col_reads], in.where(), "reads");
        }
    }
    std::string out = by_feature ? "feature\tclass" : "class";
    for (const auto& s : samples) out.append("\t").append(s);
    out += "\n";
    for (const auto& [key, reads] : rows) {
        out += by_feature ? std::get<2>(key) + "\t" + std::get<1>(key) : std::get<1>(key);
        for (const double x : reads) out.append("\t").append(fmt_fixed(x, 0));
        out += "\n";
    }
    return out;
}

}  // namespace exomir
