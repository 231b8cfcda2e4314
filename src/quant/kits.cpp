// kits.cpp: the kit table and the lookups over it.
#include "exomir/quant/kits.hpp"

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/quant/trim.hpp"

namespace exomir {

namespace {

// Adapters and layouts: DESIGN.md (quant). NEXTflex uses the TruSeq adapter with 4 random bases on each side.
constexpr KitPreset k_kits[] = {
    {Kit::truseq, "truseq", "TGGAATTCTCGGGTGCCAAGG", 0, 0, 0, true},
    {Kit::nebnext, "nebnext", "AGATCGGAAGAGCACACGTCT", 0, 0, 0, true},
    {Kit::qiaseq, "qiaseq", "AACTGTAGGCACCATCAAT", 12, 0, 0, true},
    {Kit::nextflex, "nextflex", "TGGAATTCTCGGGTGCCAAGG", 0, 4, 4, false},
};

const KitPreset* preset_of(Kit kit) {
    for (const auto& p : k_kits)
        if (p.kit == kit) return &p;
    return nullptr;
}

}  // namespace

std::span<const KitPreset> kit_presets() { return k_kits; }

const std::vector<std::string>& known_kits() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (const auto& p : k_kits) v.emplace_back(p.name);
        v.emplace_back("auto");
        return v;
    }();
    return names;
}

Kit parse_kit(const std::string& name) {
    for (const auto& p : k_kits)
        if (p.name == name) return p.kit;
    if (name == "auto") return Kit::auto_detect;
    std::vector<std::string_view> names;
    for (const auto& p : k_kits) names.push_back(p.name);
    throw UsageError(fmt::format("unknown kit '{}'; use {} or auto (or --adapter SEQ)", name, fmt::join(names, ", ")));
}

std::string kit_name(Kit kit) {
    if (const KitPreset* p = preset_of(kit)) return std::string(p->name);
    return kit == Kit::auto_detect ? "auto" : "custom";
}

void apply_kit_preset(TrimOptions& opt) {
    const KitPreset* p = preset_of(opt.kit);
    if (!p) return;
    if (opt.adapter.empty()) opt.adapter = p->adapter;
    if (opt.umi_length == 0) opt.umi_length = p->umi_length;
    if (opt.random5 == 0 && opt.random3 == 0) opt.random5 = p->random5, opt.random3 = p->random3;
}

}  // namespace exomir
