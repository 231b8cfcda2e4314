// fuzz_samplesheet.cpp: libFuzzer target for the sample sheet of `exomir run` and the workflow.
//
// Contract under test: parse_samplesheet never throws and never crashes on any bytes; a sheet reported
// valid (no problems) has unique, well-formed sample names, at least one fastq per sample, a kit from the
// known set or an ACGTN adapter, and its condition values exactly on its condition columns; invalid
// sheets give problems that name a line. load_samplesheet on the same bytes either returns the same
// samples or throws exomir::Error (never another exception).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "exomir/core/error.hpp"
#include "exomir/core/samplesheet.hpp"
#include "exomir/quant/kits.hpp"
#include "fuzz_input.hpp"

using namespace exomir;

namespace {

bool valid_name(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
               c == '-';
    });
}

bool valid_adapter(const std::string& a) {
    return a.empty() || a == "none" || std::all_of(a.begin(), a.end(), [](char c) {
               return c == 'A' || c == 'C' || c == 'G' || c == 'T' || c == 'N';
           });
}

void check_valid_sheet(const SampleSheetTable& sheet) {
    std::set<std::string> names;
    const auto& kits = known_kits();
    for (const auto& s : sheet.samples) {
        if (!valid_name(s.name) || !names.insert(s.name).second) __builtin_trap();
        if (s.fastq.empty()) __builtin_trap();
        if (s.kit.empty() && s.adapter.empty()) __builtin_trap();
        if (!s.kit.empty() && std::find(kits.begin(), kits.end(), s.kit) == kits.end()) __builtin_trap();
        if (!valid_adapter(s.adapter)) __builtin_trap();
        if (s.conditions.size() != sheet.condition_columns.size()) __builtin_trap();
        for (const auto& c : sheet.condition_columns)
            if (!s.conditions.count(c)) __builtin_trap();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const SheetNeeds needs = SheetNeeds::with_reads(known_kits());  // what exomir run passes
    const SheetParse parsed = parse_samplesheet(text, "", needs);
    if (parsed.problems.empty()) check_valid_sheet(parsed.sheet);
    for (const auto& p : parsed.problems)
        if (p.empty()) __builtin_trap();
    // comparison_column must accept any valid or partial sheet.
    (void)comparison_column(parsed.sheet);

    fuzz::TempInput in(text, ".tsv");
    try {
        const SampleSheetTable loaded = load_samplesheet(in.path(), needs);
        if (!parsed.problems.empty() || loaded.samples.size() != parsed.sheet.samples.size()) __builtin_trap();
    } catch (const Error&) {}
    return 0;
}
