// test_samplesheet.cpp: parse_samplesheet (every problem at once), missing fastq, load_samplesheet.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "exomir/core/error.hpp"
#include "exomir/core/samplesheet.hpp"

using namespace exomir;

namespace {
bool mentions(const std::vector<std::string>& problems, const std::string& text) {
    for (const auto& p : problems)
        if (p.find(text) != std::string::npos) return true;
    return false;
}
}  // namespace

// What `exomir run` passes (its kit names come from quant/kits, which core tests do not include).
const SheetNeeds k_run = SheetNeeds::with_reads({"truseq", "nebnext", "qiaseq", "nextflex", "auto"});

TEST_CASE("parse_samplesheet reads samples, fastq lists and condition columns") {
    const auto r = parse_samplesheet(
        "sample\tfastq\tkit\tsource\tculture\r\n"
        "bm1\ta_L1.fq.gz; a_L2.fq.gz\ttruseq\tbone_marrow\thypoxia\r\n"
        "\n"
        "ad1\t/abs/b.fq\tauto\tadipose\tnormoxia\n",
        "sheets");
    REQUIRE(r.problems.empty());
    REQUIRE(r.sheet.samples.size() == 2);
    REQUIRE(r.sheet.condition_columns == std::vector<std::string>{"source", "culture"});
    CHECK(r.sheet.samples[0].fastq == std::vector<std::string>{"sheets/a_L1.fq.gz", "sheets/a_L2.fq.gz"});
    CHECK(r.sheet.samples[1].fastq == std::vector<std::string>{"/abs/b.fq"});
    CHECK(r.sheet.samples[0].conditions.at("culture") == "hypoxia");
    CHECK(r.sheet.samples[1].kit == "auto");
}

TEST_CASE("parse_samplesheet accepts an adapter column instead of kit") {
    const auto r = parse_samplesheet("sample\tfastq\tadapter\ns1\tx.fq\tTGGAATTCTCGG\n", "");
    REQUIRE(r.problems.empty());
    CHECK(r.sheet.samples[0].adapter == "TGGAATTCTCGG");
    CHECK(r.sheet.samples[0].fastq == std::vector<std::string>{"x.fq"});
}

TEST_CASE("parse_samplesheet lists every problem at once") {
    const auto r = parse_samplesheet(
        "sample\tfastq\tkit\n"
        "s1\ta.fq\ttruseq\n"
        "s1\tb.fq\tillumina\n"
        "bad name\t\tnebnext\n"
        "s3\tc.fq\n"
        "s4\td.fq\t\n",
        "", k_run);
    CHECK(mentions(r.problems, "line 3: sample 's1' already named on line 2"));
    CHECK(mentions(r.problems, "unknown kit 'illumina'"));
    CHECK(mentions(r.problems, "line 4: sample name 'bad name'"));
    CHECK(mentions(r.problems, "line 4: sample 'bad name' has no fastq"));
    CHECK(mentions(r.problems, "line 5: 2 fields but the header has 3"));
    CHECK(mentions(r.problems, "line 6: sample 's4' has neither kit nor adapter"));
    CHECK(r.problems.size() == 6);
}

TEST_CASE("parse_samplesheet: fail_ cases") {
    SECTION("fail_empty") { CHECK(mentions(parse_samplesheet("", "").problems, "empty")); }
    SECTION("fail_header_only") {
        CHECK(mentions(parse_samplesheet("sample\tfastq\tkit\n", "").problems, "no samples"));
    }
    SECTION("fail_missing_columns") {
        const auto r = parse_samplesheet("name\treads\nx\ty\n", "");
        CHECK(mentions(r.problems, "missing column 'sample'"));
        CHECK(mentions(r.problems, "missing column 'fastq'"));
        CHECK(mentions(r.problems, "missing column 'kit' or 'adapter'"));
    }
    SECTION("fail_duplicate_column") {
        CHECK(mentions(parse_samplesheet("sample\tfastq\tkit\tkit\ns\tf\ttruseq\ttruseq\n", "").problems,
                       "'kit' appears twice"));
    }
    SECTION("fail_bad_adapter") {
        CHECK(mentions(parse_samplesheet("sample\tfastq\tadapter\ns\tf\tTGG-AAT\n", "").problems,
                       "letters other than ACGTN"));
    }
}

TEST_CASE("parse_samplesheet never throws on random text (fuzz-style)") {
    std::mt19937 rng(8);
    const std::string alphabet = "sample\tfastq\tkit\n;truseq auto x.fq\r ";
    for (int i = 0; i < 300; ++i) {
        std::string text;
        const int n = static_cast<int>(rng() % 200);
        for (int k = 0; k < n; ++k) text += alphabet[rng() % alphabet.size()];
        REQUIRE_NOTHROW(parse_samplesheet(text, "d"));
    }
}

TEST_CASE("load_samplesheet reports missing fastq files together with parse problems") {
    const auto dir = std::filesystem::temp_directory_path() / "exomir_test_samplesheet";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "present.fq") << "@r\nACGT\n+\nIIII\n";
    std::ofstream(dir / "sheet.tsv") << "sample\tfastq\tkit\nok\tpresent.fq\ttruseq\nmiss\tabsent.fq\tfoo\n";
    try {
        load_samplesheet((dir / "sheet.tsv").string(), k_run);
        FAIL("no error");
    } catch (const Error& e) {
        const std::string what = e.what();
        CHECK(what.find("2 problems") != std::string::npos);
        CHECK(what.find("unknown kit 'foo'") != std::string::npos);
        CHECK(what.find("absent.fq' does not exist") != std::string::npos);
        CHECK(what.find('\n') == std::string::npos);
    }
    std::ofstream(dir / "good.tsv") << "sample\tfastq\tkit\nok\tpresent.fq\ttruseq\n";
    const auto sheet = load_samplesheet((dir / "good.tsv").string(), k_run);
    CHECK(sheet.samples.at(0).fastq.at(0) == (dir / "present.fq").string());
    std::filesystem::remove_all(dir);
}

TEST_CASE("needs.reads = false: only the sample column is required; fastq, kit and adapter are optional") {
    const SheetNeeds results_only = SheetNeeds::without_reads();
    const auto r = parse_samplesheet("\xEF\xBB\xBFsample\tcondition\r\nS1\ta\r\nS2\tb\r\n", "", results_only);
    REQUIRE(r.problems.empty());
    CHECK(r.sheet.condition_columns == std::vector<std::string>{"condition"});
    CHECK(r.sheet.samples.at(1).conditions.at("condition") == "b");
    CHECK(mentions(parse_samplesheet("sample\tcondition\n", "", k_run).problems, "missing column 'fastq'"));
    CHECK(mentions(parse_samplesheet("name\tcondition\nS1\ta\n", "", results_only).problems,
                   "line 1: missing column 'sample'"));
    CHECK(mentions(parse_samplesheet("sample\tc\nS1\ta\nS1\tb\n", "", results_only).problems,
                   "line 3: sample 'S1' already named on line 2"));
    // a kit column is still checked when the caller gives the names
    CHECK(mentions(parse_samplesheet("sample\tkit\nS1\tfoo\n", "", SheetNeeds{false, {"truseq"}}).problems,
                   "unknown kit 'foo'"));
}

TEST_CASE("type column: sample (default), blank, negative; not a condition; blanks are no comparison group") {
    const auto r = parse_samplesheet(
        "sample\tfastq\tkit\ttype\tsource\n"
        "bm1\ta.fq\ttruseq\tsample\tbm\n"
        "bm2\tb.fq\ttruseq\t\tbm\n"
        "ad1\tc.fq\ttruseq\tsample\tad\n"
        "ad2\td.fq\ttruseq\tsample\tad\n"
        "med1\te.fq\ttruseq\tblank\tmedium\n"
        "kit1\tf.fq\ttruseq\tnegative\tmedium\n",
        "", k_run);
    REQUIRE(r.problems.empty());
    CHECK(r.sheet.condition_columns == std::vector<std::string>{"source"});
    CHECK(r.sheet.samples[1].type == "sample");
    CHECK(r.sheet.samples[1].is_sample());
    CHECK_FALSE(r.sheet.samples[4].is_sample());
    CHECK(r.sheet.names_of_type("sample") == std::vector<std::string>{"bm1", "bm2", "ad1", "ad2"});
    CHECK(r.sheet.names_of_type("blank") == std::vector<std::string>{"med1"});
    CHECK(r.sheet.names_of_type("negative") == std::vector<std::string>{"kit1"});
    // 'medium' has two rows, but both are controls: only bm and ad are groups, and they split the samples
    CHECK(comparison_column(r.sheet) == "source");
    const auto one = parse_samplesheet(
        "sample\tfastq\tkit\ttype\tsource\nbm1\ta.fq\ttruseq\tsample\tbm\n"
        "m1\tb.fq\ttruseq\tblank\tmed\nm2\tc.fq\ttruseq\tblank\tmed\n"
        "bm2\td.fq\ttruseq\tsample\tbm\n",
        "", k_run);
    CHECK(comparison_column(one.sheet).empty());  // one group of samples; the blanks' 'med' does not count
}

TEST_CASE("type column: an unknown type is one problem naming the line, the sample and the allowed values") {
    const auto r =
        parse_samplesheet("sample\tfastq\tkit\ttype\nS1\ta.fq\ttruseq\tcontrol\nS2\tb.fq\ttruseq\tBlank\n", "", k_run);
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0] ==
          "line 2: sample 'S1': unknown type 'control'; use sample (an exosome library), blank (medium-only "
          "control) or negative (extraction/library blank)");
    CHECK(mentions(r.problems, "line 3: sample 'S2': unknown type 'Blank'"));
    const auto dir = std::filesystem::temp_directory_path() / "exomir_test_samplesheet_type";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "a.fq") << "@r\nACGT\n+\nIIII\n";
    std::ofstream(dir / "sheet.tsv") << "sample\tfastq\tkit\ttype\nS1\ta.fq\ttruseq\tmedium\n";
    const std::string path = (dir / "sheet.tsv").string();
    REQUIRE_THROWS_WITH(load_samplesheet(path, k_run),
                        path +
                            ": 1 problem in the sample sheet: line 2: sample 'S1': unknown type 'medium'; use "
                            "sample (an exosome library), blank (medium-only control) or negative "
                            "(extraction/library blank)");
    std::filesystem::remove_all(dir);
}
