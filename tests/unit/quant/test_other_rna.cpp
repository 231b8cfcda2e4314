// test_other_rna.cpp: other-RNA class priority, header tags, the shipped reference, tRNA/Y-RNA fragment types, tables.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/quant/other_rna.hpp"

#include "fixtures.hpp"

using namespace exomir;

namespace {

using test::mini_ref;

OtherRnaReference write_and_load(const std::string& tag, const std::string& fasta) {
    const auto path = (std::filesystem::temp_directory_path() / ("exomir_test_other_" + tag + ".fa")).string();
    std::ofstream(path) << fasta;
    return load_other_rna(path);
}

// tRNA-Gly-GCC-1-1 (GtRNAdb hg38) with CCA; anticodon GCC at 1-based 34.
const char* k_gly = "GCATTGGTGGTTCAGTGGTAGAATTCTCGCCTGCCACGCGGGAGGCCCGGGTTCGATTCCCGGCCAATGCACCA";
// RNY4 (GENCODE)
const char* k_rny4 = "GGCTGGTCCGATGGTAGTGGGTTATCAGAACTTATTAACATTAGTGTCACTAAAGTTGGTATACAACCCCCCACTGCTAAATTTGACTGGCTTTTT";

}  // namespace

TEST_CASE("other_rna_rank: tRNA > rRNA > Y RNA > snRNA > snoRNA > 7SK/7SL/vault/misc > user classes", "[other_rna]") {
    CHECK(other_rna_rank("tRNA") < other_rna_rank("rRNA"));
    CHECK(other_rna_rank("Mt_tRNA") == other_rna_rank("tRNA"));
    CHECK(other_rna_rank("rRNA") < other_rna_rank("Y_RNA"));
    CHECK(other_rna_rank("Y_RNA") < other_rna_rank("snRNA"));
    CHECK(other_rna_rank("snRNA") < other_rna_rank("snoRNA"));
    CHECK(other_rna_rank("scaRNA") == other_rna_rank("snoRNA"));
    CHECK(other_rna_rank("snoRNA") < other_rna_rank("7SK_RNA"));
    CHECK(other_rna_rank("7SL_RNA") == other_rna_rank("vault_RNA"));
    CHECK(other_rna_rank("vault_RNA") < other_rna_rank("bovine"));
}

TEST_CASE("other_rna_tag reads key=value only at a word start", "[other_rna]") {
    CHECK(other_rna_tag("class=tRNA feature=tRNA-Gly-GCC anticodon=34", "feature") == "tRNA-Gly-GCC");
    CHECK(other_rna_tag("subclass=x class=rRNA", "class") == "rRNA");
    CHECK(other_rna_tag("gene=RNY4;class=Y_RNA", "class") == "Y_RNA");
    CHECK_FALSE(other_rna_tag("subclass=x", "class").has_value());
    CHECK(other_rna_anticodon("class=tRNA anticodon=34", "f.fa", 3) == 34);
    CHECK(other_rna_anticodon("class=tRNA", "f.fa", 3) == 0);
    REQUIRE_THROWS_WITH(other_rna_anticodon("anticodon=x4", "f.fa", 3), Catch::Contains("f.fa:3"));
}

TEST_CASE("tRNA fragment types follow the MINTbase position definitions", "[other_rna]") {
    // anticodon at 34 (loop 32-38), mature length 72 without CCA
    CHECK(classify_trna_fragment(0, 33, 34, 72) == TrnaFragment::five_half);  // ends at 33, in the loop
    CHECK(classify_trna_fragment(0, 38, 34, 72) == TrnaFragment::five_half);
    CHECK(classify_trna_fragment(0, 31, 34, 72) == TrnaFragment::five_tRF);  // ends in the anticodon stem
    CHECK(classify_trna_fragment(0, 20, 34, 72) == TrnaFragment::five_tRF);
    CHECK(classify_trna_fragment(0, 50, 34, 72) == TrnaFragment::five_tRF);
    CHECK(classify_trna_fragment(34, 75, 34, 72) == TrnaFragment::three_half);  // starts at 35, ends in CCA
    CHECK(classify_trna_fragment(31, 72, 34, 72) == TrnaFragment::three_half);  // starts at 32
    CHECK(classify_trna_fragment(54, 75, 34, 72) == TrnaFragment::three_tRF);
    CHECK(classify_trna_fragment(54, 73, 34, 72) == TrnaFragment::three_tRF);  // ends in C of CCA
    CHECK(classify_trna_fragment(10, 40, 34, 72) == TrnaFragment::i_tRF);
    CHECK(classify_trna_fragment(0, 75, 34, 72) == TrnaFragment::full);
    CHECK(std::string(trna_fragment_name(TrnaFragment::three_tRF)) == "3'-tRF");
}

TEST_CASE("Y RNA fragments by end", "[other_rna]") {
    CHECK(classify_yrna_fragment(0, 30, 96) == YrnaFragment::five);
    CHECK(classify_yrna_fragment(2, 30, 96) == YrnaFragment::five);
    CHECK(classify_yrna_fragment(66, 96, 96) == YrnaFragment::three);
    CHECK(classify_yrna_fragment(66, 94, 96) == YrnaFragment::three);
    CHECK(classify_yrna_fragment(30, 60, 96) == YrnaFragment::internal);
    CHECK(classify_yrna_fragment(0, 96, 96) == YrnaFragment::full);
}

TEST_CASE("a sequence fitting several classes equally goes to the first by priority", "[other_rna]") {
    // The same 26-mer in an rRNA record (listed first, sorts first by name) and in a tRNA: tRNA wins.
    const std::string shared = std::string(k_gly).substr(0, 26);
    const OtherRnaReference other =
        write_and_load("prio", ">r1 class=rRNA\nAAAAAAAA" + shared +
                                   "CCCC\n>t1 class=tRNA feature=tRNA-Gly-GCC anticodon=34\n" + k_gly + "\n");
    CHECK(other.classes == std::vector<std::string>{"rRNA", "tRNA"});
    const AnnotationIndex index(mini_ref(), &other);
    const std::vector<SeqCount> seqs = {{shared, 4}};
    const Annotation a = annotate(seqs, mini_ref(), index, &other, {});
    REQUIRE(a.sequences.cls(0) == SeqClass::other_rna);
    CHECK(other.classes[a.sequences[0].other_class] == "tRNA");
    const OtherRnaSummary s = summarise_other_rna(seqs, a, &other, index, {});
    REQUIRE(s.features.size() == 1);
    CHECK(s.features[0].feature == "tRNA-Gly-GCC");
    REQUIRE(s.fragments.size() == 1);
    CHECK(s.fragments[0].fragment == "5'-tRF");
}

TEST_CASE("an insert longer than the miRNA window is other RNA or unmapped, never miRNA", "[other_rna]") {
    const OtherRnaReference other = write_and_load("long", std::string(">t1 class=tRNA feature=tRNA-Gly-GCC "
                                                                       "anticodon=34\n") +
                                                               k_gly + "\n");
    const AnnotationIndex index(mini_ref(), &other);
    // the 3' half of tRNA-Gly-GCC from its anticodon (position 34, in the loop) to CCA: 41 nt
    const std::string half = std::string(k_gly).substr(33);
    REQUIRE(half.size() == 41);
    // a 45-nt stretch of a mini hairpin: the hairpin aligner would call it hairpin-other
    const std::string hairpin = mini_ref().hairpins[0].seq.substr(0, 45);
    const std::vector<SeqCount> seqs = {{half, 3}, {hairpin, 2}};
    AnnotateOptions opt;
    CHECK(annotate(seqs, mini_ref(), index, &other, opt).sequences.cls(1) == SeqClass::hairpin_other);
    opt.mirna_max_length = 40;  // quant: --max-length
    const Annotation a = annotate(seqs, mini_ref(), index, &other, opt);
    REQUIRE(a.sequences.cls(0) == SeqClass::other_rna);
    CHECK(a.sequences.cls(1) == SeqClass::unmapped);
    const OtherRnaSummary s = summarise_other_rna(seqs, a, &other, index, opt);
    REQUIRE(s.fragments.size() == 1);
    CHECK(s.fragments[0].fragment == "3'-half");
    CHECK(s.fragments[0].reads == 3);
}

TEST_CASE("summarise_other_rna: class, feature and fragment tables", "[other_rna]") {
    const OtherRnaReference other =
        write_and_load("tables", std::string(">tRNA-Gly-GCC-1-1 class=tRNA feature=tRNA-Gly-GCC anticodon=34\n") +
                                     k_gly + "\n>RNY4|x class=Y_RNA feature=RNY4\n" + k_rny4 + "\n");
    const AnnotationIndex index(mini_ref(), &other);
    const std::string g(k_gly), y(k_rny4);
    // SeqCount holds views: the strings live here.
    const std::vector<std::string> text = {g.substr(0, 34),              // 5'-half (ends at 34)
                                           g.substr(g.size() - 22),      // 3'-tRF ending in CCA
                                           g.substr(g.size() - 23, 21),  // 3'-tRF ending in CC (not the whole CCA)
                                           g.substr(10, 20),             // i-tRF
                                           y.substr(0, 31),              // Y RNA 5'
                                           y.substr(y.size() - 27),      // Y RNA 3'
                                           "TGAGGTAGTAGGTTGTATAGTT",     // let-7a: miRNA
                                           "ACGTACGTTTTTACGTACGATCGA"};  // unmapped
    const std::vector<std::uint32_t> reads = {10, 6, 2, 3, 7, 5, 9, 1};
    std::vector<SeqCount> seqs;
    for (std::size_t i = 0; i < text.size(); ++i) seqs.push_back({text[i], reads[i]});
    const Annotation a = annotate(seqs, mini_ref(), index, &other, {});
    const OtherRnaSummary s = summarise_other_rna(seqs, a, &other, index, {});
    CHECK(s.kept_reads == 43);
    CHECK(format_rna_classes_tsv(s) ==
          "class\treads\tfraction\tunique_sequences\n"
          "miRNA\t9\t0.209302\t1\n"
          "hairpin_other\t0\t0.000000\t0\n"
          "tRNA\t21\t0.488372\t4\n"
          "Y_RNA\t12\t0.279070\t2\n"
          "unmapped\t1\t0.023256\t1\n");
    CHECK(format_other_rna_tsv(s) ==
          "feature\tclass\treads\tunique_sequences\ntRNA-Gly-GCC\ttRNA\t21\t4\nRNY4\tY_RNA\t12\t2\n");
    CHECK(format_rna_fragments_tsv(s) ==
          "class\tfeature\tfragment\treads\tunique_sequences\tcca_end_reads\n"
          "tRNA\ttRNA-Gly-GCC\t3'-tRF\t8\t2\t6\n"
          "tRNA\ttRNA-Gly-GCC\t5'-half\t10\t1\t0\n"
          "tRNA\ttRNA-Gly-GCC\ti-tRF\t3\t1\t0\n"
          "Y_RNA\tRNY4\t3'\t5\t1\t0\n"
          "Y_RNA\tRNY4\t5'\t7\t1\t0\n");
}

TEST_CASE("combine_other_rna: a user FASTA adds classes and replaces the default's", "[other_rna]") {
    const OtherRnaReference base = write_and_load(
        "base", std::string(">t1 class=tRNA\n") + k_gly + "\n>y1 class=Y_RNA feature=RNY4\n" + k_rny4 + "\n");
    const OtherRnaReference user =
        write_and_load("user",
                       ">myY class=Y_RNA feature=userY\nAGTTGGTCCGAGTGTTGTGGGTTATTGTTAAGTTGATTTAACATTGTCTCC\n"
                       ">bt1 class=bovine\nACGTTGCATGCATGCAAGCTTGCA\n");
    const OtherRnaReference c = combine_other_rna(base, user);
    CHECK(c.classes == std::vector<std::string>{"Y_RNA", "bovine", "tRNA"});
    CHECK(c.names == std::vector<std::string>{"t1", "myY", "bt1"});
    CHECK(c.features[1] == "userY");
    CHECK(c.class_rank.size() == 3);
}

TEST_CASE("the shipped reference loads: every class, tRNAs with anticodon and CCA, no duplicate sequences",
          "[other_rna]") {
    const OtherRnaReference r = load_other_rna(default_other_rna_path());
    for (const char* c : {"tRNA", "rRNA", "Y_RNA", "snRNA", "snoRNA", "7SK_RNA", "7SL_RNA", "vault_RNA", "misc_RNA"})
        CHECK(std::find(r.classes.begin(), r.classes.end(), c) != r.classes.end());
    std::size_t n_trna = 0, total = 0;
    std::set<std::string> seqs;
    for (std::size_t i = 0; i < r.seqs.size(); ++i) {
        total += r.seqs[i].size();
        CHECK(seqs.insert(r.seqs[i]).second);
        if (r.classes[r.class_of[i]] != "tRNA") continue;
        ++n_trna;
        CHECK(r.anticodon[i] > 0);
        CHECK(r.seqs[i].ends_with("CCA"));
    }
    CHECK(n_trna > 250);
    CHECK(total < 1'000'000);
    const auto f = std::find(r.features.begin(), r.features.end(), "RNY4");
    CHECK(f != r.features.end());
}
