// test_mirna_names.cpp: miRNA name resolution across releases and styles (miRBase 22 + official miRNA.diff).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "exomir/core/error.hpp"
#include "exomir/reference/mirna_names.hpp"
#include "shared_data.hpp"

using namespace exomir;

namespace {

const MirnaReference& reference() {
    static const MirnaReference ref = load_mirna_reference(resolve_reference_paths("", {}));
    return ref;
}

const MirbaseHistory& history() {
    static const MirbaseHistory h = load_mirbase_history(exomir::test::shared_data() + "/mirbase/diff");
    return h;
}

std::string resolved_name(const NameResolver& r, const std::string& query) {
    const NameMatch m = r.resolve(query);
    if (m.matures.size() != 1) return "<" + m.reason + ">";
    return reference().matures[m.matures[0]].name;
}

}  // namespace

TEST_CASE("token keys ignore style, case and species prefix") {
    CHECK(NameResolver::token_key("hsa-miR-21-5p") == "mir.21.5.p");
    CHECK(NameResolver::token_key("MIR21_5P") == "mir.21.5.p");
    CHECK(NameResolver::token_key("MIR_122_5P") == "mir.122.5.p");
    CHECK(NameResolver::token_key("LET_7A_2_3P") == "let.7.a.2.3.p");
    CHECK(NameResolver::token_key("hsa-let-7a-2-3p") == "let.7.a.2.3.p");
    CHECK(NameResolver::token_key("hsa-miR-21*") == "mir.21.*");
    CHECK(NameResolver::token_key("hsa-miR-215-5p") != NameResolver::token_key("hsa-miR-21-5p"));
}

TEST_CASE("names of every style resolve to the miRBase 22 mature", "[shared]") {
    const NameResolver r(reference(), history());
    CHECK(resolved_name(r, "hsa-miR-21-5p") == "hsa-miR-21-5p");
    CHECK(r.resolve("hsa-miR-21-5p").how == "exact");
    CHECK(resolved_name(r, "MIMAT0000076") == "hsa-miR-21-5p");
    CHECK(resolved_name(r, "HSA-MIR-21-5P") == "hsa-miR-21-5p");
    CHECK(resolved_name(r, "miR-21-5p") == "hsa-miR-21-5p");
    CHECK(resolved_name(r, "MIR21_5P") == "hsa-miR-21-5p");
    CHECK(resolved_name(r, "LET_7A_5P") == "hsa-let-7a-5p");
    CHECK(resolved_name(r, "MIR_122_5P") == "hsa-miR-122-5p");
    CHECK(resolved_name(r, "LET_7A_2_3P") == "hsa-let-7a-2-3p");
    // arm-less miRBase 21 names: the arm that carried the name in miRNA.diff
    CHECK(resolved_name(r, "hsa-miR-375") == "hsa-miR-375-3p");
    CHECK(resolved_name(r, "hsa-let-7b") == "hsa-let-7b-5p");
    CHECK(r.resolve("hsa-let-7b").how == "diff");
    // star names of old releases
    CHECK(resolved_name(r, "hsa-miR-21*") == "hsa-miR-21-3p");
    CHECK(resolved_name(r, "hsa-let-7b*") == "hsa-let-7b-3p");
    // arm-less with a single arm in miRBase 22
    CHECK(resolved_name(r, "hsa-miR-4503") == "hsa-miR-4503");
    // TargetScan sub-family suffix
    CHECK(resolved_name(r, "hsa-miR-101-3p.1") == "hsa-miR-101-3p");
    CHECK(r.resolve("hsa-miR-101-3p.1").how == "subfamily");
}

TEST_CASE("unresolved names carry a reason", "[shared]") {
    const NameResolver r(reference(), history());
    CHECK(r.resolve("hsa-miR-1274a").reason == "deleted from miRBase in release 17.0");
    CHECK(r.resolve("mmu-miR-21a-5p").reason.find("other species 'mmu'") != std::string::npos);
    CHECK(r.resolve("hsa-miR-325-3p").matures.empty());
    CHECK(r.resolve("MIMAT9999999").reason.find("accession not in miRBase 22") != std::string::npos);
    CHECK(r.resolve("").reason == "empty name");
    CHECK(r.resolve("hsa-miR-99999").reason.find("not a miRBase 22") != std::string::npos);
}

TEST_CASE("without miRNA.diff arm-less names with two arms stay unresolved") {
    const NameResolver r(reference(), MirbaseHistory{});
    const NameMatch m = r.resolve("hsa-let-7b");
    CHECK(m.matures.empty());
    CHECK(m.reason.find("both -5p and -3p") != std::string::npos);
    CHECK(resolved_name(r, "hsa-miR-4503") == "hsa-miR-4503");
}

TEST_CASE("miRNA.diff history: renames and the fail cases", "[shared]") {
    const MirbaseHistory& h = history();
    CHECK(h.files.size() == 22);
    CHECK(h.files.back().ends_with("miRNA_22.0.diff"));
    const auto& former = h.former_names.at("MIMAT0004494");
    CHECK(std::find(former.begin(), former.end(), "hsa-miR-21*") != former.end());
    const auto dir = std::filesystem::temp_directory_path() / "exomir_test_diff";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "miRNA_22.0.diff") << "# miRNA.diff\r\nMIMAT0000001\thsa-miR-1-3p\tNAME\r\nMIMAT0000002\n";
    CHECK_THROWS_WITH(load_mirbase_history(dir.string()), Catch::Contains("miRNA_22.0.diff:3:"));
    const auto empty = std::filesystem::temp_directory_path() / "exomir_test_diff_empty";
    std::filesystem::create_directories(empty);
    CHECK_THROWS_AS(load_mirbase_history(empty.string()), Error);
    CHECK(seed_of("TAGCTTATCAGACTGATGTTGA") == "AGCTTAT");
    CHECK(seed_of("TAGC").empty());
}
