// bundle_targets.cpp: targets.tsv of a reference bundle through the loaders and merge of `exomir targets`.
#include "exomir/targets/bundle_targets.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/reference/mirna_names.hpp"

namespace exomir {
namespace {

/// The upstream layout the bundle expects: a renamed or dropped column is an error naming file, line 1 and
/// the column, instead of a silent fallback to another layout of the generic loaders.
void require_columns(const std::string& path, const std::vector<std::string>& columns, const char* layout) {
    LineReader in(path);
    std::string header;
    if (!in.next(header)) throw Error(fmt::format("{}: empty file; expected the {} layout", path, layout));
    const bool csv = header.find('\t') == std::string::npos;
    std::vector<std::string> got;
    for (auto f : split(header, csv ? ',' : '\t')) got.emplace_back(trim_ws(f));
    for (const auto& c : columns)
        if (std::find(got.begin(), got.end(), c) == got.end())
            throw Error(
                fmt::format("{}expected column '{}' of the {} layout; the upstream format changed? "
                            "(header: {})",
                            in.where(), c, layout, header.substr(0, 200)));
}

const char* base_name(const std::string& p) {
    const auto slash = p.rfind('/');
    return p.c_str() + (slash == std::string::npos ? 0 : slash + 1);
}

}  // namespace

BundleTargets build_bundle_targets(const MirnaReference& ref, const BundleTargetInputs& in) {
    const MirbaseHistory history;  // the bundle's miRBase is the current release: no older names to map
    const NameResolver names(ref, history);
    LoadContext ctx;
    ctx.ref = &ref;
    ctx.names = &names;
    ctx.gene_ids = in.gene_ids;
    std::tie(ctx.taxid, ctx.species_name) = species_taxon(in.species);
    for (const auto& p : in.targetscan_family)
        require_columns(p, {"miR family", "Seed+m8", "Species ID", "MiRBase ID"}, "TargetScan 8 miR_Family_Info");
    for (const auto& p : in.targetscan) {
        if (std::string(base_name(p)).rfind("Summary_Counts", 0) == 0)
            require_columns(
                p, {"Gene Symbol", "miRNA family", "Species ID", "Representative miRNA", "Total context++ score"},
                "TargetScan 8 Summary_Counts");
        else
            require_columns(p, {"Gene Symbol", "Gene Tax ID", "miRNA", "Site Type", "context++ score"},
                            "TargetScan 8 Predicted_Targets_Context_Scores");
    }
    for (const auto& p : in.mirtarbase)
        require_columns(p, {"miRNA", "Species (miRNA)", "Target Gene", "Experiments", "Support Type"},
                        "miRTarBase MTI");
    BundleTargets out;
    for (const auto& p : in.targetscan_family) out.reports.push_back(load_targetscan_families(p, ctx));
    std::vector<SourceTable> tables;
    for (const auto& p : in.targetscan) tables.push_back(load_targetscan(p, ctx));
    for (const auto& p : in.mirtarbase) tables.push_back(load_mirtarbase(p, ctx));
    if (!in.curated.empty()) tables.push_back(load_curated(in.curated, ctx));
    if (in.gene_ids)
        for (auto& t : tables) normalise_genes(t, *in.gene_ids);
    std::vector<const SourceTable*> ptrs;
    for (const auto& t : tables) {
        ptrs.push_back(&t);
        out.reports.push_back(t.report);
    }
    out.table = merge_targets(ref, {}, ptrs);
    return out;
}

}  // namespace exomir
