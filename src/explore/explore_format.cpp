// explore_format.cpp (no header of its own: declared in explore/explore.hpp, one header for the explore module):
// rendering of explore answers as aligned text (people), TSV or JSON (pipes).
#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "exomir/explore/explore.hpp"

namespace exomir {
namespace {

bool is_number(const std::string& s) {
    double x = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

// Columns that hold names or lists, never converted to JSON numbers (a gene may be called "7SK" or "1-DEC").
bool is_name_column(const std::string& c) {
    static const std::set<std::string> names = {
        "mirna",      "gene",     "name",    "module",     "source",      "via",          "top_regulator",
        "target",     "kind",     "modules", "top_mirnas", "path",        "step_weights", "sources",
        "site_types", "evidence", "edge",    "role",       "module_role", "match"};
    return names.count(c) > 0;
}

std::string text_table(const Table& t) {
    std::string out = t.title + "\n";
    for (const auto& n : t.notes) out += "  " + n + "\n";
    if (t.rows.empty()) return out + "  (no rows)\n";
    std::vector<std::size_t> width(t.columns.size());
    std::vector<bool> numeric(t.columns.size(), true);
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        width[c] = t.columns[c].size();
        for (const auto& r : t.rows) {
            width[c] = std::max(width[c], r[c].size());
            numeric[c] = numeric[c] && (is_number(r[c]) || r[c] == "NA");
        }
    }
    const auto line = [&](const std::vector<std::string>& cells) {
        std::string s = " ";
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const bool last = c + 1 == cells.size();
            if (numeric[c])
                s += fmt::format(" {:>{}}", cells[c], width[c]);
            else
                s += last ? " " + cells[c] : fmt::format(" {:<{}}", cells[c], width[c]);
        }
        return s + "\n";
    };
    out += '\n';
    out += line(t.columns);
    for (const auto& r : t.rows) out += line(r);
    return out;
}

}  // namespace

std::string format_table(const Table& t, OutputFormat f) {
    if (f == OutputFormat::text) return text_table(t);
    if (f == OutputFormat::tsv) {
        std::string out = fmt::format("{}\n", fmt::join(t.columns, "\t"));
        for (const auto& r : t.rows) out += fmt::format("{}\n", fmt::join(r, "\t"));
        return out;
    }
    nlohmann::json j = t.meta;
    j["title"] = t.title;
    if (!t.notes.empty()) j["notes"] = t.notes;
    j["columns"] = t.columns;
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : t.rows) {
        nlohmann::json o = nlohmann::json::object();
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            if (r[c] == "NA")
                o[t.columns[c]] = nullptr;
            else if (!is_name_column(t.columns[c]) && is_number(r[c]))
                o[t.columns[c]] = std::stod(r[c]);
            else
                o[t.columns[c]] = r[c];
        }
        rows.push_back(std::move(o));
    }
    j["rows"] = std::move(rows);
    return j.dump(2) + "\n";
}

}  // namespace exomir
