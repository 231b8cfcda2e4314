// samplesheet.cpp: parsing and checking the sample sheet (pure parser + file checks).
#include "exomir/core/samplesheet.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/safety.hpp"
#include "exomir/core/tsv.hpp"

namespace exomir {

namespace {

const std::set<std::string, std::less<>> k_fixed_columns = {"sample", "fastq", "kit", "adapter", "type"};

bool valid_adapter(std::string_view s) {
    return s == "none" || std::all_of(s.begin(), s.end(), [](char c) {
               return std::string_view("ACGTNacgtn").find(c) != std::string_view::npos;
           });
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines = split(text, '\n');
    for (auto& l : lines)
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return lines;
}

std::string join_path(const std::string& base, std::string_view p) {
    if (base.empty() || (!p.empty() && p.front() == '/')) return std::string(p);
    return (std::filesystem::path(base) / std::string(p)).lexically_normal().string();
}

TsvHeader parse_header(std::string_view line, const SheetNeeds& needs, SheetParse& out) {
    TsvHeader h(line, "", TsvHeader::Repeats::allow);
    for (std::size_t i = 0; i < h.size(); ++i) {
        const std::string& name = h.names()[i];
        if (name.empty())
            out.problems.push_back(fmt::format("line 1: column {} has no name; name it or remove it", i + 1));
        else if (h.find(name) != static_cast<int>(i))
            out.problems.push_back(fmt::format("line 1: column '{}' appears twice; keep one", name));
        else if (!k_fixed_columns.count(name))
            out.sheet.condition_columns.push_back(name);
    }
    if (!needs.reads) {
        if (h.find("sample") < 0)
            out.problems.push_back("line 1: missing column 'sample'; the header needs a sample column");
        return h;
    }
    for (const char* need : {"sample", "fastq"})
        if (h.find(need) < 0)
            out.problems.push_back(
                fmt::format("line 1: missing column '{}'; the header needs sample, fastq and kit or adapter", need));
    if (h.find("kit") < 0 && h.find("adapter") < 0)
        out.problems.push_back(
            "line 1: missing column 'kit' or 'adapter'; add one (kit: truseq, nebnext, qiaseq, nextflex, auto)");
    return h;
}

std::string field(const std::vector<std::string_view>& f, int i) {
    return i >= 0 && static_cast<std::size_t>(i) < f.size() ? std::string(trim_ws(f[static_cast<std::size_t>(i)]))
                                                            : std::string();
}

void parse_row(std::string_view line, std::size_t line_no, const TsvHeader& h, const std::string& base_dir,
               const SheetNeeds& needs, SheetParse& out) {
    const auto f = split_tabs(line);
    if (f.size() != h.size()) {
        out.problems.push_back(fmt::format("line {}: {} fields but the header has {}; separate columns with one tab",
                                           line_no, f.size(), h.size()));
        return;
    }
    SheetSample s;
    s.name = field(f, h.find("sample"));
    s.kit = field(f, h.find("kit"));
    s.adapter = field(f, h.find("adapter"));
    if (!valid_sample_name(s.name))
        out.problems.push_back(fmt::format("line {}: {}", line_no, sample_name_problem(s.name)));
    const std::string fastq = field(f, h.find("fastq"));  // split() returns views into it
    for (const auto p : split(fastq, ';'))
        if (!trim_ws(p).empty()) s.fastq.push_back(join_path(base_dir, trim_ws(p)));
    if (s.fastq.empty() && needs.reads && h.find("fastq") >= 0)
        out.problems.push_back(
            fmt::format("line {}: sample '{}' has no fastq; give one or more files separated by ';'", line_no, s.name));
    const auto& kits = needs.kits;
    if (!s.kit.empty() && !kits.empty() && std::find(kits.begin(), kits.end(), s.kit) == kits.end())
        out.problems.push_back(fmt::format("line {}: sample '{}': unknown kit '{}'; use one of {} or an adapter column",
                                           line_no, s.name, s.kit, fmt::join(kits, ", ")));
    if (!valid_adapter(s.adapter))
        out.problems.push_back(
            fmt::format("line {}: sample '{}': adapter '{}' has letters other than ACGTN", line_no, s.name, s.adapter));
    if (s.kit.empty() && s.adapter.empty() && needs.reads && (h.find("kit") >= 0 || h.find("adapter") >= 0))
        out.problems.push_back(fmt::format(
            "line {}: sample '{}' has neither kit nor adapter; give one (kit 'auto' detects it)", line_no, s.name));
    if (const std::string type = field(f, h.find("type")); !type.empty()) s.type = type;
    const auto& types = sample_types();
    if (std::find(types.begin(), types.end(), s.type) == types.end())
        out.problems.push_back(fmt::format(
            "line {}: sample '{}': unknown type '{}'; use sample (an exosome library), blank (medium-only control) "
            "or negative (extraction/library blank)",
            line_no, s.name, s.type));
    for (const auto& c : out.sheet.condition_columns) s.conditions[c] = field(f, h.find(c));
    out.sheet.samples.push_back(std::move(s));
}

}  // namespace

const std::vector<std::string>& sample_types() {
    static const std::vector<std::string> types = {"sample", "blank", "negative"};
    return types;
}

std::vector<std::string> SampleSheetTable::names_of_type(std::string_view type) const {
    std::vector<std::string> names;
    for (const auto& s : samples)
        if (s.type == type) names.push_back(s.name);
    return names;
}

SheetParse parse_samplesheet(std::string_view text, const std::string& base_dir, const SheetNeeds& needs) {
    SheetParse out;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte-order mark (Excel)
    const auto lines = split_lines(text);
    std::size_t first = 0;
    while (first < lines.size() && trim_ws(lines[first]).empty()) ++first;
    if (first == lines.size()) {
        out.problems.push_back(
            "the sample sheet is empty; it needs a header (sample, fastq, kit) and one row per sample");
        return out;
    }
    const TsvHeader h = parse_header(lines[first], needs, out);
    std::map<std::string, std::size_t> first_line;
    for (std::size_t i = first + 1; i < lines.size(); ++i) {
        if (trim_ws(lines[i]).empty()) continue;
        const std::size_t before = out.sheet.samples.size();
        parse_row(lines[i], i + 1, h, base_dir, needs, out);
        if (out.sheet.samples.size() == before || out.sheet.samples.back().name.empty()) continue;
        const auto [it, fresh] = first_line.emplace(out.sheet.samples.back().name, i + 1);
        if (!fresh)
            out.problems.push_back(
                fmt::format("line {}: sample '{}' already named on line {}; sample names must be unique", i + 1,
                            it->first, it->second));
    }
    if (out.sheet.samples.empty() && first_line.empty() && out.problems.empty())
        out.problems.push_back("the sample sheet has a header but no samples; add one row per sample");
    return out;
}

std::string comparison_column(const SampleSheetTable& sheet) {
    for (const auto& c : sheet.condition_columns) {
        std::map<std::string, int> sizes;
        for (const auto& s : sheet.samples)
            if (s.is_sample()) ++sizes[s.conditions.at(c)];
        if (sizes.size() >= 2 && std::all_of(sizes.begin(), sizes.end(), [](const auto& g) { return g.second >= 2; }))
            return c;
    }
    return {};
}

std::vector<std::string> missing_fastq(const SampleSheetTable& sheet) {
    std::vector<std::string> problems;
    for (const auto& s : sheet.samples)
        for (const auto& p : s.fastq) {
            std::ifstream in(p);
            if ((!file_exists(p) && !is_stream(p)) || !in)
                problems.push_back(fmt::format("sample '{}': fastq '{}' does not exist or is not readable", s.name, p));
        }
    return problems;
}

SampleSheetTable load_samplesheet(const std::string& path, const SheetNeeds& needs) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(fmt::format("{}: cannot open the sample sheet; check the path", path));
    note_input(path);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string base = std::filesystem::path(path).parent_path().string();
    SheetParse parsed = parse_samplesheet(text.str(), base, needs);
    const auto missing = needs.reads ? missing_fastq(parsed.sheet) : std::vector<std::string>{};
    parsed.problems.insert(parsed.problems.end(), missing.begin(), missing.end());
    if (!parsed.problems.empty())
        throw Error(fmt::format("{}: {} problem{} in the sample sheet: {}", path, parsed.problems.size(),
                                parsed.problems.size() == 1 ? "" : "s", fmt::join(parsed.problems, "; ")));
    return std::move(parsed.sheet);
}

}  // namespace exomir
