// test_safety.cpp: escapers (HTML, DOT, SVG), the sample-name rule, the output-over-input guard, the all-or-nothing
// OutputSet, the CLI number checks, input fingerprints and running a program without a shell (issue 18).
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/escape.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/process.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/core/safety.hpp"

using namespace exomir;

namespace {
void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }
std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
// Hostile names for every user-named field (sample, condition, module, gene, miRNA, path).
const std::vector<std::string> k_hostile = {"O'Brien_lab",
                                            "x'$(touch pwned)'",
                                            "a\" URL=\"javascript:alert(1)",
                                            "m\\",
                                            "<script>alert(1)</script>",
                                            "S1\nS2",
                                            "S1\rS2",
                                            "\" onload=\"x",
                                            "gene\\\"], n [URL=\"x\"",
                                            "a&b<c>d",
                                            "\\N\\G\\L"};
}  // namespace

TEST_CASE("dot_id: bare only for identifiers and numerals that are not DOT keywords") {
    CHECK(dot_id("NLRP3") == "NLRP3");
    CHECK(dot_id("_a1") == "_a1");
    CHECK(dot_id("0.5") == "0.5");
    CHECK(dot_id("-3") == "-3");
    CHECK(dot_id(".25") == ".25");
    CHECK(dot_id("7.") == "7.");
    for (const std::string k : {"node", "edge", "graph", "digraph", "subgraph", "strict", "NODE", "Graph", "sTrIcT"}) {
        CHECK(is_dot_keyword(k));
        CHECK(dot_id(k) == "\"" + k + "\"");
    }
    CHECK_FALSE(is_dot_keyword("nodes"));
    CHECK(dot_id("nodes") == "nodes");
    CHECK(dot_id("") == "\"\"");
    CHECK(dot_id(".") == "\".\"");  // not a DOT numeral (Boost wrote it bare)
    CHECK(dot_id("-") == "\"-\"");
    CHECK(dot_id("1e-05") == "\"1e-05\"");
    CHECK(dot_id("hsa-miR-21-5p") == "\"hsa-miR-21-5p\"");
    for (const auto& s : k_hostile) CHECK(dot_id(s) == dot_quote(s));
}

TEST_CASE("html_escape leaves no markup character") {
    CHECK(html_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
    CHECK(html_escape(std::string("a\x01z", 3)) == "a\xEF\xBF\xBDz");
    for (const auto& s : k_hostile) CHECK(html_escape(s).find_first_of("<>\"'") == std::string::npos);
}

TEST_CASE("dot_quote gives one DOT string token for any name") {
    CHECK(dot_quote("miR-21-5p") == "\"miR-21-5p\"");
    CHECK(dot_quote("m\\") == "\"m\\\\\"");
    CHECK(dot_quote("a\"b") == "\"a\\\"b\"");
    CHECK(dot_quote("S1\nS2") == "\"S1\\nS2\"");
    for (const auto& s : k_hostile) {
        const std::string q = dot_quote(s);
        // scan as Graphviz does: a backslash escapes the next character; the first bare quote must be the last one
        std::size_t i = 1;
        while (i < q.size() && q[i] != '"') i += q[i] == '\\' ? 2 : 1;
        CHECK(i == q.size() - 1);
        CHECK(q.find('\n') == std::string::npos);
    }
}

TEST_CASE("sanitize_svg drops links, scripts and event handlers but keeps the drawing") {
    const std::string svg =
        "<svg width=\"10\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" onload=\"alert(1)\"><!-- c -->"
        "<g id=\"a\"><a xlink:href=\"javascript:alert(1)\" xlink:title=\"t\"><text x=\"1\">miR&#45;21 &amp; x</text></a>"
        "<script>alert(2)</script><foreignObject><div>hi</div></foreignObject>"
        "<path d=\"M0,0\" style=\"fill:url(javascript:1)\" ONCLICK='x' href=\"y\"/></g></svg>";
    const std::string out = sanitize_svg(svg);
    CHECK(out == "<svg width=\"10\"><g id=\"a\"><text x=\"1\">miR&#45;21 &amp; x</text><path d=\"M0,0\"/></g></svg>");
    CHECK(sanitize_svg("<svg><text>a < b</text>") == "<svg><text>a ");  // a tag with no name is dropped
    CHECK(sanitize_svg("<svg><text>1 > 0 & 2</text></svg>") == "<svg><text>1 &gt; 0 &amp; 2</text></svg>");
}

TEST_CASE("one sample-name rule") {
    for (const char* ok : {"S1", "ctrl_rep-2", "MSC.exo.1"}) CHECK(valid_sample_name(ok));
    for (const char* bad : {"", ".hidden", "-x", "S1\nS2", "S1\rS2", "a/b", "a b", "O'Brien", "x$(y)"})
        CHECK_FALSE(valid_sample_name(bad));
    CHECK(sample_name_problem("S1\nS2").find("'S1\\nS2'") != std::string::npos);
    CHECK(shown("a\tb\x01") == "'a\\tb\\x01'");
}

TEST_CASE("an output that is an input is refused before anything is written") {
    const auto dir = std::filesystem::temp_directory_path() / ("exomir_test_safety_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string in = (dir / "mine.tsv").string(), link = (dir / "hard.tsv").string();
    write_file(in, "a\n");
    REQUIRE(::link(in.c_str(), link.c_str()) == 0);
    clear_inputs();
    {
        LineReader r(in);
        std::string line;
        r.next(line);
    }
    CHECK_THROWS_AS(AtomicFile(in), UsageError);
    CHECK_THROWS_AS(AtomicFile(link), UsageError);  // a hard link is the same file
    CHECK_THROWS_AS(AtomicFile((dir / "." / "mine.tsv").string()), UsageError);
    CHECK(read_file(in) == "a\n");
    {
        OutputSet set;
        set.open((dir / "new.tsv").string()).write("x");
        CHECK_NOTHROW(set.commit_all());
    }
    clear_inputs();
    std::filesystem::remove_all(dir);
}

TEST_CASE("OutputSet is all or nothing when a rename fails") {
    const auto dir = std::filesystem::temp_directory_path() / ("exomir_test_commit_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "c" / "full");  // renaming a file onto a non-empty folder fails
    write_file((dir / "a.tsv").string(), "old a\n");
    {
        OutputSet set;
        set.open((dir / "a.tsv").string()).write("new a\n");
        set.open((dir / "b.tsv").string()).write("new b\n");
        set.open((dir / "c").string()).write("new c\n");
        CHECK_THROWS_AS(set.commit_all(), Error);
    }
    CHECK(read_file((dir / "a.tsv").string()) == "old a\n");
    CHECK_FALSE(std::filesystem::exists(dir / "b.tsv"));
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) n += e.path().filename() != "c" ? 1 : 0;
    CHECK(n == 1);  // no temp file or backup left
    std::filesystem::remove_all(dir);
}

TEST_CASE("LineReader strips a UTF-8 byte-order mark") {
    const std::string p = (std::filesystem::temp_directory_path() / "exomir_test_bom.tsv").string();
    write_file(p, "\xEF\xBB\xBFmirna\tS1\n");
    LineReader in(p);
    std::string line;
    REQUIRE(in.next(line));
    CHECK(line == "mirna\tS1");
    std::filesystem::remove(p);
}

TEST_CASE("every floating-point option rejects NaN and inf, every unsigned one a minus sign") {
    double w = 0.5;
    unsigned k = 3;
    const auto parse = [&](std::vector<std::string> args) {
        CLI::App app{"t", "exomir t"};
        app.add_option("--min-weight", w);
        app.add_option("--k", k);
        std::vector<char*> argv{const_cast<char*>("t")};
        for (auto& a : args) argv.push_back(a.data());
        return parse_command_line(app, static_cast<int>(argv.size()), argv.data());
    };
    for (const char* bad : {"nan", "NaN", "inf", "-inf", "1e999"})
        CHECK_THROWS_AS(parse({"--min-weight", bad}), UsageError);
    CHECK(parse({"--min-weight", "1e308", "--k", "4"}) == -1);
    CHECK(w == 1e308);
    try {
        parse({"--k=-1"});
        FAIL("accepted --k -1");
    } catch (const UsageError& e) {
        CHECK(std::string(e.what()).find("'-1'") != std::string::npos);
        CHECK(std::string(e.what()).find("18446744073709551615") == std::string::npos);
    }
}

TEST_CASE("file_fingerprint sees a changed content of the same size") {
    const std::string p = (std::filesystem::temp_directory_path() / "exomir_test_fp.fq").string();
    write_file(p, std::string(3 << 20, 'A'));
    const std::string a = file_fingerprint(p);
    write_file(p, std::string(3 << 20, 'A').replace((3 << 20) - 5, 1, "C"));
    const std::string b = file_fingerprint(p);
    CHECK(a.size() == 16);
    CHECK(a != b);
    std::filesystem::remove(p);
    CHECK(file_fingerprint(p).empty());
}

TEST_CASE("StepTimes records each step's wall and CPU seconds in the order marked") {
    StepTimes times;
    // Busy until 30 ms of wall and 20 ms of this process's CPU time have passed (whatever the machine's load).
    const auto wall_end = std::chrono::steady_clock::now() + std::chrono::milliseconds(30);
    const std::clock_t cpu_end = std::clock() + CLOCKS_PER_SEC / 50;
    for (volatile std::uint64_t x = 0; std::chrono::steady_clock::now() < wall_end || std::clock() < cpu_end;)
        x = x + 1;
    times.mark("busy");
    times.mark("nothing");
    const nlohmann::json j = times.to_json();
    REQUIRE(j.size() == 2);
    CHECK(j[0]["step"] == "busy");
    CHECK(j[0]["wall_s"].get<double>() >= 0.03);
    CHECK(j[0]["cpu_s"].get<double>() >= 0.019);  // 20 ms, less the rounding to the millisecond
    CHECK(j[1]["step"] == "nothing");
    CHECK(j[1]["wall_s"].get<double>() < j[0]["wall_s"].get<double>());
}

TEST_CASE("run_program passes arguments verbatim, without a shell") {
    const TempDir dir;
    const std::string hostile = dir.path() + "/x'$(touch pwned)'; touch pwned2";
    const ProgramRun run = run_program({"touch", hostile});
    CHECK(run.ok());
    CHECK(std::filesystem::exists(hostile));
    CHECK_FALSE(std::filesystem::exists("pwned"));
    CHECK_FALSE(std::filesystem::exists("pwned2"));
    const ProgramRun missing = run_program({"exomir-no-such-program"});
    CHECK_FALSE(missing.ok());
    const ProgramRun failed = run_program({"false"});
    CHECK(failed.started);
    CHECK(failed.exit_code == 1);
}

TEST_CASE("the same file twice as two lanes is refused") {
    const std::string p = (std::filesystem::temp_directory_path() / "exomir_test_lane.fq").string();
    write_file(p, "@r\nACGT\n+\nIIII\n");
    CHECK_THROWS_AS(check_distinct_files({p, p}, "--allow-duplicate-lanes"), UsageError);
    CHECK_NOTHROW(check_distinct_files({p}, "--allow-duplicate-lanes"));
    std::filesystem::remove(p);
}
