// test_gene_ids.cpp: gene identifiers -> current symbols and GO BP sets, on a tiny org.Hs.eg.db / GO.db made here,
// and a table of known renamed and alias symbols on the real Debian database when `make deps` fetched it.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>

#include "exomir/core/error.hpp"
#include "exomir/reference/bundle_build.hpp"
#include "exomir/reference/gene_ids.hpp"

using namespace exomir;

namespace {

void exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string msg = err ? err : "?";
        sqlite3_free(err);
        FAIL(msg);
    }
}

// A new SQLite file at dir/name holding what `sql` creates.
std::string make_db(const std::filesystem::path& dir, const char* name, const char* sql) {
    const auto path = (dir / name).string();
    std::filesystem::remove(path);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    exec(db, sql);
    sqlite3_close(db);
    return path;
}

// The org.Hs.eg.db schema (the tables gene_ids reads) with a few real genes of NCBI Gene.
std::string make_orgdb(const std::filesystem::path& dir) {
    return make_db(
        dir, "org.Hs.eg.sqlite",
        "CREATE TABLE metadata (name TEXT, value TEXT);"
        "INSERT INTO metadata VALUES ('EGSOURCEDATE', '2022-Sep12');"
        "CREATE TABLE genes (_id INTEGER PRIMARY KEY, gene_id TEXT);"
        "CREATE TABLE gene_info (_id INTEGER, gene_name TEXT, symbol TEXT);"
        "CREATE TABLE alias (_id INTEGER, alias_symbol TEXT);"
        "CREATE TABLE ensembl (_id INTEGER, ensembl_id TEXT);"
        "CREATE TABLE go_bp_all (_id INTEGER, go_id TEXT, evidence TEXT);"
        "INSERT INTO genes VALUES (1,'1'),(2,'55016'),(3,'64757'),(4,'4735'),(5,'50514'),(6,'8553'),(7,'5045');"
        "INSERT INTO gene_info VALUES (1,'',"
        "'A1BG'),(2,'','MARCHF1'),(3,'','MTARC1'),(4,'','SEPTIN2'),(5,'','DELEC1'),(6,'','BHLHE40'),(7,'','FURIN');"
        "INSERT INTO alias VALUES (2,'MARCH1'),(2,'MARCHF1'),(3,'MARC1'),(4,'SEPT2'),(5,'DEC1'),(6,'DEC1'),"
        "(7,'PACE'),(7,'FURIN'),(1,'FURIN');"
        "INSERT INTO ensembl VALUES (4,'ENSG00000168385'),(7,'ENSG00000140564');"
        "INSERT INTO go_bp_all VALUES (1,'GO:0000001','IEA'),(2,'GO:0000001','IDA'),(2,'GO:0000001','IEA'),"
        "(4,'GO:0000001','IEA'),(1,'GO:0000002','IEA'),(7,'GO:0000003','IEA'),(1,'GO:0000003','IEA');");
}

std::string make_godb(const std::filesystem::path& dir) {
    return make_db(
        dir, "GO.sqlite",
        "CREATE TABLE go_term (_id INTEGER, go_id TEXT, term TEXT, ontology TEXT, definition TEXT);"
        "INSERT INTO go_term VALUES (1,'GO:0000001','test process one','BP',''),(2,'GO:0000003','test three','BP',''),"
        "(3,'GO:0000009','a function','MF','');");
}

std::filesystem::path temp_dir() {
    const auto d = std::filesystem::temp_directory_path() / ("exomir_gene_ids_" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
}

}  // namespace

TEST_CASE("gene IDs resolve through symbols, aliases, Entrez, Ensembl and spreadsheet dates", "[gene_ids]") {
    const auto dir = temp_dir();
    const GeneIds ids = GeneIds::load(make_orgdb(dir));
    CHECK(ids.n_genes() == 7);
    CHECK(ids.version() == "2022-Sep12");
    struct Case {
        const char* id;
        const char* symbol;
        GeneIdStatus status;
        const char* via;
    };
    const Case cases[] = {
        {"A1BG", "A1BG", GeneIdStatus::current, "symbol"},
        {"a1bg", "A1BG", GeneIdStatus::current, "symbol"},
        {"FURIN", "FURIN", GeneIdStatus::current, "symbol"},  // a symbol wins over another gene's alias
        {"MARCH1", "MARCHF1", GeneIdStatus::renamed, "alias"},
        {"PACE", "FURIN", GeneIdStatus::renamed, "alias"},
        {"55016", "MARCHF1", GeneIdStatus::renamed, "entrez"},
        {"ENSG00000168385", "SEPTIN2", GeneIdStatus::renamed, "ensembl"},
        {"ENSG00000168385.12", "SEPTIN2", GeneIdStatus::renamed, "ensembl"},
        {"2-Sep", "SEPTIN2", GeneIdStatus::renamed, "excel_date"},
        {"SEP-2", "SEPTIN2", GeneIdStatus::renamed, "excel_date"},
        {"DEC1", "DEC1", GeneIdStatus::ambiguous, "alias"},
        {"1-Mar", "1-MAR", GeneIdStatus::ambiguous, "excel_date"},  // MARCH1 or MARC1
        {"1-Dec", "1-DEC", GeneIdStatus::ambiguous, "excel_date"},
        {"NOTAGENE", "NOTAGENE", GeneIdStatus::unknown, ""},
        {"999999", "999999", GeneIdStatus::unknown, ""},
        {"ENSG00000000001", "ENSG00000000001", GeneIdStatus::unknown, ""},
        {"3-Sep", "3-SEP", GeneIdStatus::unknown, ""},
        {"31-Foo", "31-FOO", GeneIdStatus::unknown, ""},
    };
    for (const auto& c : cases) {
        INFO(c.id);
        const auto r = ids.resolve(c.id);
        CHECK(r.symbol == c.symbol);
        CHECK(r.status == c.status);
        CHECK(std::string(r.via) == c.via);
    }
    CHECK(ids.resolve("1-Mar").candidates == std::vector<std::string>{"MARCHF1", "MTARC1"});
    CHECK(ids.resolve("1-Mar").excel_date);
    CHECK(ids.resolve("DEC1").candidates == std::vector<std::string>{"BHLHE40", "DELEC1"});
    CHECK(ids.symbol_of_entrez("5045") == "FURIN");

    GeneIdTally tally;
    for (const char* id : {"A1BG", "A1BG", "MARCH1", "DEC1", "NOTAGENE", "2-Sep", "1-Mar"})
        tally.add(id, ids.resolve(id));
    CHECK(tally.n_total() == 6);
    CHECK(tally.n(GeneIdStatus::current) == 1);
    CHECK(tally.n(GeneIdStatus::renamed) == 2);
    CHECK(tally.n(GeneIdStatus::ambiguous) == 2);
    CHECK(tally.n(GeneIdStatus::unknown) == 1);
    CHECK(tally.n_excel_dates() == 2);
    const auto j = tally.json();
    CHECK(j["excel_dates"]["2-Sep"] == "SEPTIN2");
    CHECK(j["excel_dates"]["1-Mar"] == "ambiguous");
    CHECK(j["examples"]["ambiguous"]["DEC1"] == nlohmann::json{"BHLHE40", "DELEC1"});
    CHECK(tally.summary() ==
          "6 gene IDs: 1 current, 2 renamed, 2 ambiguous (kept as they are), 1 unknown, 2 spreadsheet dates");
    std::filesystem::remove_all(dir);
}

TEST_CASE("reference build: the bundle's PPI and GMT genes go through gene_ids", "[gene_ids]") {
    const auto dir = temp_dir();
    const GeneIds ids = GeneIds::load(make_orgdb(dir));
    const auto write = [&](const char* name, const char* text) {
        const auto p = (dir / name).string();
        std::ofstream(p, std::ios::binary) << text;
        return p;
    };
    // STRING names: an alias (PACE -> FURIN), an old symbol (MARCH1 -> MARCHF1), an ambiguous alias (DEC1, kept)
    const auto info = write("info.txt",
                            "#string_protein_id\tpreferred_name\tprotein_size\n"
                            "9606.P1\tPACE\t794\n9606.P2\tMARCH1\t289\n9606.P3\tFURIN\t794\n9606.P4\tDEC1\t412\n"
                            "9606.P5\tA1BG\t495\n");
    const auto links = write("links.txt",
                             "protein1 protein2 combined_score\n9606.P1 9606.P2 900\n9606.P3 9606.P2 950\n"
                             "9606.P1 9606.P3 990\n9606.P4 9606.P5 800\n");
    GeneIdTally ppi_tally;
    const PpiBuild ppi = build_string_ppi(links, info, 700, gene_ids_normaliser(ids, ppi_tally));
    // PACE and FURIN are one gene: their edges to MARCHF1 collapse (best score), their own edge is a self-loop
    using Edge = std::tuple<std::string, std::string, int>;
    CHECK(ppi.edges == std::vector<Edge>{{"A1BG", "DEC1", 800}, {"FURIN", "MARCHF1", 950}});
    CHECK(ppi.self_loops == 1);
    CHECK(ppi_tally.n(GeneIdStatus::renamed) == 2);    // PACE, MARCH1
    CHECK(ppi_tally.n(GeneIdStatus::ambiguous) == 1);  // DEC1
    CHECK(ppi_tally.n(GeneIdStatus::current) == 2);    // FURIN, A1BG

    // an Entrez-keyed GMT (as PanomiR's): IDs become symbols, an unknown Entrez ID is dropped
    const auto gmt = write("sets.gmt", "SET1\tdesc\t5045\t55016\t999999\nSET2\tdesc\tENSG00000168385\t2-Sep\n");
    GeneIdTally gmt_tally;
    const GmtBuild g = normalise_gmt(gmt, gene_ids_normaliser(ids, gmt_tally));
    CHECK(g.text == "SET1\tdesc\tFURIN\tMARCHF1\nSET2\tdesc\tSEPTIN2\n");
    CHECK(g.genes_in == 5);
    CHECK(g.genes_out == 3);
    CHECK(gmt_tally.n(GeneIdStatus::unknown) == 1);
    CHECK(gmt_tally.n_excel_dates() == 1);
    // without the database the hook only trims and upper-cases
    CHECK(default_gene_normaliser()(" pace ") == "PACE");
    std::filesystem::remove_all(dir);
}

TEST_CASE("GO BP sets: distinct genes per term, size bounds, names from GO.db", "[gene_ids]") {
    const auto dir = temp_dir();
    const auto org = make_orgdb(dir), go = make_godb(dir);
    const auto terms = load_go_bp(org, go, 2, 3);
    REQUIRE(terms.size() == 2);  // GO:0000002 has one gene
    CHECK(terms[0].id == "GO:0000001");
    CHECK(terms[0].name == "test process one");
    CHECK(terms[0].genes == std::vector<std::string>{"A1BG", "MARCHF1", "SEPTIN2"});  // IDA + IEA rows count once
    CHECK(terms[1].genes == std::vector<std::string>{"A1BG", "FURIN"});
    CHECK(load_go_bp(org, "", 1, 2).at(0).name == "GO:0000002");  // no GO.db: the ID is the name
    CHECK(load_go_bp(org, go, 3, 3).size() == 1);
    CHECK_THROWS_AS(GeneIds::load(go), Error);  // GO.sqlite has no gene tables
    CHECK_THROWS_AS(GeneIds::load((dir / "missing.sqlite").string()), Error);
    std::filesystem::remove_all(dir);
}

TEST_CASE("EXOMIR_ORGDB: none disables, a missing file is an error", "[gene_ids]") {
    const char* old = std::getenv("EXOMIR_ORGDB");
    const std::string saved = old ? old : "";
    ::setenv("EXOMIR_ORGDB", "none", 1);
    CHECK(find_orgdb().empty());
    ::setenv("EXOMIR_ORGDB", "/nonexistent/org.Hs.eg.sqlite", 1);
    CHECK_THROWS_AS(find_orgdb(), Error);
    if (old)
        ::setenv("EXOMIR_ORGDB", saved.c_str(), 1);
    else
        ::unsetenv("EXOMIR_ORGDB");
}

// Old symbols of the shared TargetScan 7 tables and the validated union, on the real org.Hs.eg.db 3.16.
TEST_CASE("known renamed and alias symbols on the real org.Hs.eg.db", "[gene_ids][real_db]") {
    std::string path;
    try {
        path = find_orgdb();
    } catch (const Error&) {}
    if (path.empty()) {
        WARN("org.Hs.eg.db not found (make deps fetches it): skipped");
        return;
    }
    const GeneIds ids = GeneIds::load(path);
    CHECK(ids.n_genes() > 60000);
    const std::pair<const char*, const char*> renamed[] = {
        {"KIAA0101", "PCLAF"}, {"FAM46A", "TENT5A"}, {"C10ORF10", "DEPP1"},
        {"MARCH1", "MARCHF1"}, {"GPR98", "ADGRV1"},  {"C7ORF60", "BMT2"},
        {"HIST1H4C", "H4C3"},  {"7157", "TP53"},     {"ENSG00000141510", "TP53"}};
    for (const auto& [old_name, now] : renamed) {
        INFO(old_name);
        const auto r = ids.resolve(old_name);
        CHECK(r.status == GeneIdStatus::renamed);
        CHECK(r.symbol == now);
    }
    for (const char* amb : {"MLL2", "SEPT2", "DEC1", "1-MAR"}) {
        INFO(amb);
        CHECK(ids.resolve(amb).status == GeneIdStatus::ambiguous);
    }
    CHECK(ids.resolve("TP53").status == GeneIdStatus::current);
    CHECK(ids.resolve("NLRP3").status == GeneIdStatus::current);
}
