// kits.hpp: the library-prep kits, one table: `--kit`, the kit names in outputs, the sample sheet's kit column
// (known_kits) and adapter detection all read it.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace exomir {

/// Library-prep kit (DESIGN.md, quant). custom: an adapter given or found de novo; auto_detect: `--kit auto`.
enum class Kit { truseq, nebnext, qiaseq, nextflex, custom, auto_detect };

/// One kit's preset: what `--kit NAME` fills in when the option is not given explicitly.
struct KitPreset {
    Kit kit;
    std::string_view name;     ///< `--kit` value and the name written to outputs
    std::string_view adapter;  ///< 3' adapter
    int umi_length;            ///< UMI after the adapter (QIAseq: 12)
    int random5, random3;      ///< random bases on each side of the insert (NEXTflex: 4, 4)
    bool detect_by_adapter;  ///< adapter detection probes this adapter (NEXTflex shares TruSeq's: told apart by length)
};

/// The kits, in the order of `--help`, the sample sheet and adapter detection's probes.
std::span<const KitPreset> kit_presets();

/// The names accepted by `--kit` and the sample sheet's kit column: every preset, then "auto".
const std::vector<std::string>& known_kits();

/// Parses a known_kits() name; throws UsageError listing the valid names.
Kit parse_kit(const std::string& name);
/// The preset's name, "custom" or "auto".
std::string kit_name(Kit kit);

struct TrimOptions;
/// Fills kit-dependent fields (adapter, umi_length, random5/3) of `opt` from its kit's preset when not given
/// explicitly (custom and auto_detect: nothing).
void apply_kit_preset(TrimOptions& opt);

}  // namespace exomir
