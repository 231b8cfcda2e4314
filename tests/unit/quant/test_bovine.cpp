// test_bovine.cpp: bovine-specific (culture-medium serum) reads decided by alignment, not by mature names.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "exomir/quant/bovine.hpp"

using namespace exomir;

namespace {

// Hairpin A exists in human and cow (orthologues, identical); cow annotates a 2-nt longer mature (like
// bta-miR-30d vs hsa-miR-30d). Hairpin B is bovine only. C is in neither.
const char* k_hp_a = "GCTAAAGACAATTACATAACATACACGTCAGCACGAAACTTGTTGGCCCAGTGTGAATCGCTTAAGGGTT";
const char* k_hp_b = "AAGTAAGTGTGATGCATACGCCTTTACTTGCTGTGTCCACCCCATCGGACTGGCATTTTTATTACACTCA";
const char* k_hsa_a = "AGACAATTACATAACATACACG";
const char* k_bta_a = "AGACAATTACATAACATACACGTC";  // longer bovine annotation of the same arm
const char* k_bta_b = "CCCATCGGACTGGCATTTTTAT";
const char* k_none = "TCGGGTAATTTTGACAGGTCAC";

ReferencePaths write_ref(const std::string& tag, bool with_bta) {
    const auto dir = std::filesystem::temp_directory_path();
    ReferencePaths p;
    p.mature = (dir / ("exomir_bovine_" + tag + "_mature.fa")).string();
    p.hairpin = (dir / ("exomir_bovine_" + tag + "_hairpin.fa")).string();
    p.species = "hsa";
    std::ofstream m(p.mature), h(p.hairpin);
    m << ">hsa-miR-a MIMAT1\n" << k_hsa_a << "\n";
    h << ">hsa-mir-a MI1\n" << k_hp_a << "\n";
    if (with_bta) {
        m << ">bta-miR-a MIMAT2\n" << k_bta_a << "\n>bta-miR-b MIMAT3\n" << k_bta_b << "\n";
        h << ">bta-mir-a MI2\n" << k_hp_a << "\n>bta-mir-b MI3\n" << k_hp_b << "\n";
    }
    return p;
}

}  // namespace

TEST_CASE("scan_bovine: only reads no human hairpin explains are bovine-specific", "[bovine]") {
    const ReferencePaths paths = write_ref("all", true);
    const MirnaReference human = load_mirna_reference(paths);
    std::string why;
    const auto bovine = load_bovine_reference(paths, why);
    REQUIRE(bovine);
    CHECK(why.empty());
    CHECK(bovine->ref.hairpins.size() == 2);
    const std::vector<SeqCount> seqs = {{k_hsa_a, 10}, {k_bta_a, 5}, {k_bta_b, 3}, {k_none, 2}};
    const AnnotateOptions opt;
    const AnnotationIndex index(human);
    const Annotation ann = annotate(seqs, human, index, nullptr, opt);
    REQUIRE(ann.qc.mirna_reads == 15);  // the longer bovine annotation fits the human arm as a 3' isomiR
    const BovineScan scan = scan_bovine(seqs, ann, *bovine, opt, 0.5);
    CHECK(scan.checked);
    CHECK(scan.bovine_specific == std::vector<std::uint8_t>{0, 0, 1, 0});
    CHECK(scan.reads == 3);
    CHECK(scan.mirna_reads == 3);
    CHECK(scan.fraction_of_mirna_reads() == Approx(3.0 / 18.0));
    CHECK(scan.serum_share() == Approx(1.0 / 3.0));
    CHECK(scan_bovine(seqs, ann, *bovine, opt, 0.1).serum_share() == 1.0);  // capped

    nlohmann::json qc = {{"annotation", {{"unmapped_reads", 5}}}};
    add_bovine_qc(qc, scan);
    CHECK(qc["annotation"]["unmapped_reads"] == 2);
    CHECK(qc["annotation"]["bovine_specific_reads"] == 3);
    CHECK(qc["bovine"]["checked"] == true);
    REQUIRE(qc["bovine"]["top_mirnas"].size() == 1);
    CHECK(qc["bovine"]["top_mirnas"][0]["mirna"] == "bta-miR-b");
}

TEST_CASE("load_bovine_reference: a human-only reference means the check is not run, never 0%", "[bovine]") {
    const ReferencePaths paths = write_ref("hsa", false);
    std::string why;
    CHECK_FALSE(load_bovine_reference(paths, why));
    CHECK_THAT(why, Catch::Contains("no bovine (bta) entries"));
    const BovineScan scan = BovineScan::not_checked(why);
    nlohmann::json qc = {{"annotation", {{"unmapped_reads", 5}}}};
    add_bovine_qc(qc, scan);
    CHECK(qc["bovine"]["checked"] == false);
    CHECK_FALSE(qc["bovine"].contains("fraction_of_mirna_reads"));
    CHECK(qc["annotation"]["unmapped_reads"] == 5);
    ReferencePaths cow = paths;
    cow.species = "bta";
    CHECK_FALSE(load_bovine_reference(cow, why));
}
