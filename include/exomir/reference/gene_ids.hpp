// gene_ids.hpp: one current gene symbol for every gene identifier (symbol, alias, Entrez ID, Ensembl ID,
// spreadsheet date), and the offline GO BP gene sets, both read from Debian's Bioconductor SQLite databases
// (org.Hs.eg.db, GO.db). How they are found and what happens without them: docs/gene_ids.md.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace exomir {

/// Path of org.Hs.eg.sqlite: $EXOMIR_ORGDB, else the `make deps` cache
/// (${XDG_CACHE_HOME:-~/.cache}/exomir/bioc/usr/lib/R/site-library/...), else the installed R package.
/// "" when none exists or EXOMIR_ORGDB=none. Throws Error when EXOMIR_ORGDB names a missing file.
std::string find_orgdb();
/// Path of GO.sqlite, the same way ($EXOMIR_GODB).
std::string find_godb();

/// How an identifier resolved.
enum class GeneIdStatus : std::uint8_t {
    current,    ///< already a current official symbol
    renamed,    ///< an alias, Entrez ID, Ensembl ID or spreadsheet date of exactly one current gene
    ambiguous,  ///< an alias (or date) of several current genes: kept as it is, never merged
    unknown     ///< not in the database: kept as it is
};
const char* gene_id_status_name(GeneIdStatus s);

struct GeneIdResult {
    std::string symbol;  ///< the current symbol (upper case); the upper-cased input when ambiguous or unknown
    GeneIdStatus status = GeneIdStatus::unknown;
    const char* via = "";                 ///< "symbol", "alias", "entrez", "ensembl", "excel_date" (empty when unknown)
    bool excel_date = false;              ///< the input looks like a symbol a spreadsheet turned into a date
    std::vector<std::string> candidates;  ///< the current symbols an ambiguous identifier could mean (sorted)
};

/// The gene tables of org.Hs.eg.db in memory: read-only after load, safe to share between threads.
class GeneIds {
  public:
    /// Reads genes, gene_info, alias and ensembl of an org.*.eg.sqlite. Throws Error naming the file
    /// when it cannot be opened or lacks those tables.
    static GeneIds load(const std::string& sqlite_path);
    GeneIdResult resolve(std::string_view id) const;
    std::size_t n_genes() const { return symbols_.size(); }
    const std::string& path() const { return path_; }
    const std::string& version() const { return version_; }  ///< Entrez Gene date of the build (EGSOURCEDATE)
    /// Upper-case current symbol of an Entrez gene ID, "" when unknown.
    std::string symbol_of_entrez(std::string_view entrez) const;

  private:
    std::string path_, version_;
    std::vector<std::string> symbols_;                                      ///< upper case, by gene index
    std::unordered_map<std::string, std::uint32_t> by_symbol_, by_entrez_;  ///< -> gene index
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_alias_, by_ensembl_;
    std::vector<std::uint32_t> lookup(const std::string& key, const char*& via) const;
};

/// Per-source tally of distinct identifiers by outcome, for run.json and stderr.
class GeneIdTally {
  public:
    /// Counts `raw` once (repeats are ignored).
    void add(std::string_view raw, const GeneIdResult& r);
    std::size_t n(GeneIdStatus s) const { return count_[static_cast<int>(s)]; }
    std::size_t n_excel_dates() const { return excel_.size(); }
    std::size_t n_total() const { return seen_.size(); }
    /// {"ids", "current", "renamed", "ambiguous", "unknown", "excel_dates", "examples": {...}}.
    nlohmann::json json() const;
    /// "18135 gene IDs: 17143 current, 926 renamed, 66 ambiguous, 0 unknown, 12 spreadsheet dates".
    std::string summary() const;

  private:
    std::set<std::string> seen_;
    std::size_t count_[4] = {0, 0, 0, 0};
    std::map<std::string, std::string> renamed_, excel_;         ///< raw -> symbol (first examples)
    std::map<std::string, std::vector<std::string>> ambiguous_;  ///< raw -> candidates (first examples)
};

/// One GO biological-process term with its genes (annotations with ancestors: org.Hs.eg.db go_bp_all).
struct GoTerm {
    std::string id, name;
    std::vector<std::string> genes;  ///< upper-case current symbols, sorted, unique
};

/// The GO BP terms with min_genes..max_genes distinct genes (every evidence code), sorted by GO ID. Names come
/// from GO.sqlite when `godb` is not empty (else the name is the ID). Throws Error naming a file that cannot
/// be read.
std::vector<GoTerm> load_go_bp(const std::string& orgdb, const std::string& godb, std::size_t min_genes,
                               std::size_t max_genes);

}  // namespace exomir
