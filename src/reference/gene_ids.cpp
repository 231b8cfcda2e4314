// gene_ids.cpp: gene identifiers -> current symbols, and GO BP gene sets, from org.Hs.eg.db / GO.db (SQLite).
#include "exomir/reference/gene_ids.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "exomir/core/error.hpp"

namespace exomir {
namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::string find_db(const char* env, const char* rel) {
    if (const char* e = std::getenv(env); e && *e) {
        if (std::string(e) == "none") return {};
        if (!std::filesystem::is_regular_file(e))
            throw Error(fmt::format("{}={}: file not found; point it at {} or set it to 'none'", env, e,
                                    std::filesystem::path(rel).filename().string()));
        return e;
    }
    std::vector<std::string> dirs;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) dirs.push_back(std::string(x) + "/exomir/bioc");
    if (const char* h = std::getenv("HOME"); h && *h) dirs.push_back(std::string(h) + "/.cache/exomir/bioc");
    dirs.emplace_back("");
    for (const auto& d : dirs) {
        const std::string p = d + "/usr/lib/R/site-library/" + rel;
        if (std::filesystem::is_regular_file(p)) return p;
    }
    return {};
}

// A read-only SQLite connection and one statement at a time.
class Db {
  public:
    explicit Db(const std::string& path) : path_(path) {
        sqlite3* db = nullptr;
        const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
        db_.reset(db);
        if (rc != SQLITE_OK)
            throw Error(fmt::format("{}: cannot open as SQLite ({}); rerun 'make deps' or set the path again", path,
                                    db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    }
    // Calls row(stmt) for every row of `sql`.
    template <class F>
    void each(const char* sql, F&& row) const {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db_.get(), sql, -1, &st, nullptr) != SQLITE_OK)
            throw Error(fmt::format("{}: not an org.Hs.eg.db / GO.db database ({}: {})", path_,
                                    sqlite3_errmsg(db_.get()), sql));
        const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(st, sqlite3_finalize);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) row(st);
        if (rc != SQLITE_DONE) throw Error(fmt::format("{}: read failed: {}", path_, sqlite3_errmsg(db_.get())));
    }

  private:
    std::string path_;
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> db_{nullptr, sqlite3_close};
};

std::string text(sqlite3_stmt* st, int col) {
    const auto* p = sqlite3_column_text(st, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(st, col)))
             : std::string();
}

constexpr std::array<const char*, 12> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                 "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

// "1-MAR" / "MAR-1" / "01-MAR": the symbols a spreadsheet may have turned into that date (Ziemann et al. 2016,
// Genome Biol 17:177): MARCH1 (now MARCHF1), MARC1 (now MTARC1), SEPT2 (now SEPTIN2), DEC1, ... Empty if not a date.
std::vector<std::string> excel_candidates(const std::string& key) {
    const auto dash = key.find('-');
    if (dash == std::string::npos || key.find('-', dash + 1) != std::string::npos) return {};
    std::string a = key.substr(0, dash), b = key.substr(dash + 1);
    if (all_digits(b)) std::swap(a, b);
    if (!all_digits(a) || a.size() > 2 || std::find(kMonths.begin(), kMonths.end(), b) == kMonths.end()) return {};
    const std::string day = std::to_string(std::atoi(a.c_str()));
    if (day == "0") return {};
    std::vector<std::string> out{b + day};
    if (b == "MAR") out.insert(out.end(), {"MARCH" + day, "MARCHF" + day, "MARC" + day});
    if (b == "SEP") out.insert(out.end(), {"SEPT" + day, "SEPTIN" + day});
    return out;
}

}  // namespace

std::string find_orgdb() { return find_db("EXOMIR_ORGDB", "org.Hs.eg.db/extdata/org.Hs.eg.sqlite"); }
std::string find_godb() { return find_db("EXOMIR_GODB", "GO.db/extdata/GO.sqlite"); }

const char* gene_id_status_name(GeneIdStatus s) {
    switch (s) {
        case GeneIdStatus::current:
            return "current";
        case GeneIdStatus::renamed:
            return "renamed";
        case GeneIdStatus::ambiguous:
            return "ambiguous";
        case GeneIdStatus::unknown:
            break;
    }
    return "unknown";
}

GeneIds GeneIds::load(const std::string& sqlite_path) {
    const Db db(sqlite_path);
    GeneIds g;
    g.path_ = sqlite_path;
    std::unordered_map<std::int64_t, std::uint32_t> by_row;
    db.each("SELECT g._id, g.gene_id, i.symbol FROM genes g JOIN gene_info i ON i._id = g._id ORDER BY g._id",
            [&](sqlite3_stmt* st) {
                const auto idx = static_cast<std::uint32_t>(g.symbols_.size());
                by_row.emplace(sqlite3_column_int64(st, 0), idx);
                g.symbols_.push_back(upper(text(st, 2)));
                g.by_entrez_.emplace(text(st, 1), idx);
                g.by_symbol_.emplace(g.symbols_.back(), idx);
            });
    if (g.symbols_.empty())
        throw Error(fmt::format("{}: no genes in table gene_info; is it an org.*.eg.sqlite?", sqlite_path));
    const auto add = [&](std::unordered_map<std::string, std::vector<std::uint32_t>>& map, const char* sql) {
        db.each(sql, [&](sqlite3_stmt* st) {
            const auto it = by_row.find(sqlite3_column_int64(st, 0));
            if (it == by_row.end()) return;
            auto& v = map[upper(text(st, 1))];
            if (std::find(v.begin(), v.end(), it->second) == v.end()) v.push_back(it->second);
        });
    };
    add(g.by_alias_, "SELECT _id, alias_symbol FROM alias ORDER BY _id");
    add(g.by_ensembl_, "SELECT _id, ensembl_id FROM ensembl ORDER BY _id");
    db.each("SELECT value FROM metadata WHERE name = 'EGSOURCEDATE'",
            [&](sqlite3_stmt* st) { g.version_ = text(st, 0); });
    return g;
}

std::string GeneIds::symbol_of_entrez(std::string_view entrez) const {
    const auto it = by_entrez_.find(std::string(entrez));
    return it == by_entrez_.end() ? std::string() : symbols_[it->second];
}

std::vector<std::uint32_t> GeneIds::lookup(const std::string& key, const char*& via) const {
    if (const auto it = by_symbol_.find(key); it != by_symbol_.end()) return via = "symbol", std::vector{it->second};
    if (all_digits(key)) {
        if (const auto it = by_entrez_.find(key); it != by_entrez_.end())
            return via = "entrez", std::vector{it->second};
        return {};
    }
    if (key.rfind("ENSG", 0) == 0) {
        const auto dot = key.find('.');  // ENSG00000141510.16: the version suffix is not part of the ID
        if (const auto it = by_ensembl_.find(key.substr(0, dot)); it != by_ensembl_.end())
            return via = "ensembl", it->second;
        return {};
    }
    if (const auto it = by_alias_.find(key); it != by_alias_.end()) return via = "alias", it->second;
    return {};
}

GeneIdResult GeneIds::resolve(std::string_view id) const {
    GeneIdResult r;
    const std::string key = upper(id);
    r.symbol = key;
    std::vector<std::uint32_t> genes = lookup(key, r.via);
    if (genes.empty()) {
        const auto dates = excel_candidates(key);
        r.excel_date = !dates.empty();
        for (const auto& c : dates) {
            const char* ignored = "";
            for (const auto g : lookup(c, ignored))
                if (std::find(genes.begin(), genes.end(), g) == genes.end()) genes.push_back(g);
        }
        if (!genes.empty()) r.via = "excel_date";
    }
    if (genes.empty()) return r;
    if (genes.size() > 1) {
        r.status = GeneIdStatus::ambiguous;
        for (const auto g : genes) r.candidates.push_back(symbols_[g]);
        std::sort(r.candidates.begin(), r.candidates.end());
        return r;
    }
    r.symbol = symbols_[genes.front()];
    r.status = r.symbol == key ? GeneIdStatus::current : GeneIdStatus::renamed;
    return r;
}

void GeneIdTally::add(std::string_view raw, const GeneIdResult& r) {
    if (!seen_.emplace(raw).second) return;
    ++count_[static_cast<int>(r.status)];
    constexpr std::size_t kExamples = 20;
    if (r.excel_date) excel_.emplace(raw, r.status == GeneIdStatus::renamed ? r.symbol : gene_id_status_name(r.status));
    if (r.status == GeneIdStatus::renamed && renamed_.size() < kExamples) renamed_.emplace(raw, r.symbol);
    if (r.status == GeneIdStatus::ambiguous && ambiguous_.size() < kExamples) ambiguous_.emplace(raw, r.candidates);
}

nlohmann::json GeneIdTally::json() const {
    return {{"ids", n_total()},
            {"current", n(GeneIdStatus::current)},
            {"renamed", n(GeneIdStatus::renamed)},
            {"ambiguous", n(GeneIdStatus::ambiguous)},
            {"unknown", n(GeneIdStatus::unknown)},
            {"excel_dates", excel_},
            {"examples", {{"renamed", renamed_}, {"ambiguous", ambiguous_}}}};
}

std::string GeneIdTally::summary() const {
    return fmt::format(
        "{} gene IDs: {} current, {} renamed, {} ambiguous (kept as they are), {} unknown, {} spreadsheet dates",
        n_total(), n(GeneIdStatus::current), n(GeneIdStatus::renamed), n(GeneIdStatus::ambiguous),
        n(GeneIdStatus::unknown), n_excel_dates());
}

std::vector<GoTerm> load_go_bp(const std::string& orgdb, const std::string& godb, std::size_t min_genes,
                               std::size_t max_genes) {
    const Db db(orgdb);
    std::unordered_map<std::int64_t, std::string> symbol;
    db.each("SELECT _id, symbol FROM gene_info",
            [&](sqlite3_stmt* st) { symbol.emplace(sqlite3_column_int64(st, 0), upper(text(st, 1))); });
    std::vector<GoTerm> terms;
    std::vector<std::int64_t> rows;
    const auto flush = [&] {
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
        auto& t = terms.back();
        for (const auto r : rows)
            if (const auto it = symbol.find(r); it != symbol.end()) t.genes.push_back(it->second);
        std::sort(t.genes.begin(), t.genes.end());
        t.genes.erase(std::unique(t.genes.begin(), t.genes.end()), t.genes.end());
        if (t.genes.size() < min_genes || t.genes.size() > max_genes) terms.pop_back();
        rows.clear();
    };
    db.each("SELECT go_id, _id FROM go_bp_all ORDER BY go_id", [&](sqlite3_stmt* st) {
        const auto* id = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        if (!id) return;
        if (terms.empty() || terms.back().id != id) {
            if (!terms.empty()) flush();
            terms.push_back({id, id, {}});
        }
        rows.push_back(sqlite3_column_int64(st, 1));
    });
    if (!terms.empty()) flush();
    if (!godb.empty()) {
        std::unordered_map<std::string, std::string> names;
        Db(godb).each("SELECT go_id, term FROM go_term WHERE ontology = 'BP'",
                      [&](sqlite3_stmt* st) { names.emplace(text(st, 0), text(st, 1)); });
        for (auto& t : terms)
            if (const auto it = names.find(t.id); it != names.end()) t.name = it->second;
    }
    return terms;
}

}  // namespace exomir
