// test_mirna_ref.cpp: FASTA loading and mature placement on hairpins.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "exomir/core/error.hpp"
#include "exomir/core/fasta.hpp"
#include "exomir/reference/mirna_ref.hpp"

#include "fixtures.hpp"
#include "shared_data.hpp"

using namespace exomir;

namespace {
using test::write_temp;
}  // namespace

TEST_CASE("load_mirna_reference places matures (RNA letters, CRLF, lowercase, other species)") {
    const auto mature = write_temp("mature.fa",
                                   ">hsa-let-7a-5p MIMAT0000062 Homo sapiens let-7a-5p\r\nugagguaguagguuguauaguu\r\n"
                                   ">mmu-let-7a-5p MIMAT0000521 Mus musculus let-7a-5p\nUGAGGUAGUAGGUUGUAUAGUU\n"
                                   ">hsa-let-7a-3p MIMAT0004481 Homo sapiens let-7a-3p\nCUAUACAAUCUACUGUCUUUC\n\n\n");
    const auto hairpin =
        write_temp("hairpin.fa",
                   ">hsa-let-7a-1 MI0000060 Homo sapiens let-7a-1 stem-loop\n"
                   "UGGGAUGAGGUAGUAGGUUGUAUAGUUUUAGGGUCACACCCACCACUGGGAGAUAACUAU\nACAAUCUACUGUCUUUCCUA\n");
    ReferencePaths paths;
    paths.mature = mature;
    paths.hairpin = hairpin;
    const MirnaReference ref = load_mirna_reference(paths);
    REQUIRE(ref.matures.size() == 2);
    REQUIRE(ref.hairpins.size() == 1);
    REQUIRE(ref.hairpins[0].matures.size() == 2);
    const auto& five = ref.hairpins[0].matures[0];
    REQUIRE(ref.matures[five.mature].name == "hsa-let-7a-5p");
    REQUIRE(five.start == 5);
    REQUIRE(five.end == 27);
    REQUIRE(ref.find_mature("MIMAT0000062") == five.mature);
    REQUIRE(ref.n_matures_unplaced == 0);
}

TEST_CASE("fail_unknown_species and fail_duplicate_name") {
    const auto mature = write_temp("m2.fa", ">hsa-miR-1 MIMAT1 x\nACGTACGTACGTACGTACGT\n>hsa-miR-1 MIMAT2 x\nACGT\n");
    const auto hairpin = write_temp("h2.fa", ">hsa-mir-1 MI1 x\nACGTACGTACGTACGTACGTAAAA\n");
    ReferencePaths paths;
    paths.mature = mature;
    paths.hairpin = hairpin;
    REQUIRE_THROWS_WITH(load_mirna_reference(paths), Catch::Contains("duplicate name 'hsa-miR-1'"));
    paths.species = "xyz";
    REQUIRE_THROWS_WITH(load_mirna_reference(paths), Catch::Contains("unknown species 'xyz'"));
}

TEST_CASE("fail_bad_fasta: empty sequence, bad letters, no header") {
    REQUIRE_THROWS_WITH(read_fasta(write_temp("e.fa", ">a\n>b\nACGT\n")), Catch::Contains("empty sequence"));
    REQUIRE_THROWS_WITH(read_fasta(write_temp("l.fa", ">a\nACGJ\n")), Catch::Contains("letters other than"));
    REQUIRE_THROWS_WITH(read_fasta(write_temp("n.fa", "ACGT\n>a\nAC\n")), Catch::Contains("before the first"));
}

TEST_CASE("reverse complement twice is the identity") {
    const std::string s = GENERATE(as<std::string>{}, "ACGT", "AACCGGTTN", "");
    REQUIRE(reverse_complement(reverse_complement(s)) == s);
}

TEST_CASE("all-species miRBase files load with a species filter (IUPAC letters elsewhere)", "[data][shared]") {
    ReferencePaths paths;
    paths.mature = exomir::test::shared_data() + "/mirbase/mature.fa.gz";
    paths.hairpin = exomir::test::shared_data() + "/mirbase/hairpin.fa.gz";
    const MirnaReference ref = load_mirna_reference(paths);
    REQUIRE(ref.hairpins.size() == 1917);
    REQUIRE(ref.matures.size() > 2600);
}

TEST_CASE("the optimir miRBase 22 reference loads", "[data]") {
    const ReferencePaths paths = resolve_reference_paths("", {});
    const MirnaReference ref = load_mirna_reference(paths);
    REQUIRE(ref.matures.size() > 2600);
    REQUIRE(ref.hairpins.size() > 1900);
    REQUIRE(ref.n_matures_unplaced < 10);
}
