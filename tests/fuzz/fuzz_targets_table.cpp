// fuzz_targets_table.cpp: libFuzzer target for the target-table loaders of `exomir targets` (target_sources.cpp).
//
// The first input byte picks the loader (TargetScan families / tables, miRTarBase, generic TSV, validated TSV,
// miRNA GMT, curated interactions, gene alias, isomiR mirGFF3); the rest is the file. Contract under test: the
// loader returns consistent evidence or throws exomir::Error; nothing else. Invariants checked on success:
// every weight in [0, 1], gene/seed/mature indices inside their pools, rows_used + rows_dropped <= rows_read
// for row-counting loaders; and the merged table (merge_targets) has weights in [0, 1] and unique, sorted
// (mirna, gene) rows.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "exomir/core/error.hpp"
#include "exomir/reference/mirna_names.hpp"
#include "exomir/reference/mirna_ref.hpp"
#include "exomir/targets/targets.hpp"
#include "fuzz_input.hpp"

using namespace exomir;

namespace {

// The default reference (as `exomir targets` without --reference) and an empty miRBase history: loaded once.
struct Context {
    MirnaReference ref = load_mirna_reference(resolve_reference_paths("", {}));
    MirbaseHistory history;
    NameResolver names{ref, history};
    LoadContext base;
    Context() {
        base.ref = &ref;
        base.names = &names;
        base.family_seed = {{"miR-21-5p", "AGCTTAT"}, {"let-7-5p/98-5p", "GAGGTAG"}};
    }
};

const Context& context() {
    static const Context c;
    return c;
}

bool unit_weight(double w) { return std::isfinite(w) && w >= 0.0 && w <= 1.0; }

void check_table(const SourceTable& t, const MirnaReference& ref) {
    for (const auto& e : t.rows) {
        if (!unit_weight(e.weight) || e.gene >= t.genes.size()) __builtin_trap();
        if (e.mature >= 0 ? static_cast<std::size_t>(e.mature) >= ref.matures.size() : e.seed >= t.seeds.size())
            __builtin_trap();
    }
    for (const auto& s : t.seeds)
        if (s.size() != 7) __builtin_trap();
}

void check_merged(const SourceTable& t, const MirnaReference& ref) {
    const TargetTable merged = merge_targets(ref, {}, {&t});
    for (std::size_t i = 0; i < merged.rows.size(); ++i) {
        const TargetRow& r = merged.rows[i];
        if (!unit_weight(r.weight) || r.mirna >= merged.mirnas.size() || r.gene >= merged.genes.size())
            __builtin_trap();
        if (i > 0) {
            const TargetRow& p = merged.rows[i - 1];
            const auto key = [&](const TargetRow& x) {
                return std::pair<const std::string&, const std::string&>(merged.mirnas[x.mirna].name,
                                                                         merged.genes[x.gene]);
            };
            if (!(key(p) < key(r))) __builtin_trap();
        }
    }
}

SourceTable load(unsigned kind, const std::string& path, LoadContext& ctx) {
    switch (kind) {
        case 0:
            load_targetscan_families(path, ctx);
            return load_targetscan(path, ctx);
        case 1:
            return load_targetscan(path, ctx);
        case 2:
            return load_mirtarbase(path, ctx);
        case 3:
            return load_pair_tsv(path, Source::tsv, ctx);
        case 4:
            return load_pair_tsv(path, Source::validated, ctx);
        case 5:
            return load_gmt(path, ctx);
        default:
            return load_curated(path, ctx);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const Context& c = context();
    const unsigned kind = data[0] % 9;
    fuzz::TempInput in(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1),
                       kind == 8 ? ".gff3" : ".tsv");
    LoadContext ctx = c.base;
    try {
        if (kind == 7) {
            for (const auto& [from, to] : load_gene_alias(in.path()))
                if (from.empty() && to.empty()) __builtin_trap();
        } else if (kind == 8) {
            SourceReport report;
            for (const auto& iso : load_isomir_seeds(in.path(), ctx, report))
                if (iso.mature >= c.ref.matures.size() || iso.seed.size() != 7 || !(iso.reads >= 0)) __builtin_trap();
        } else {
            const SourceTable t = load(kind, in.path(), ctx);
            check_table(t, c.ref);
            check_merged(t, c.ref);
        }
    } catch (const Error&) {}
    return 0;
}
