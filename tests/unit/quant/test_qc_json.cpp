// test_qc_json.cpp: the one reader of <sample>.qc.json (quant/qc_json.hpp) and its qc_gate block.
#include <catch2/catch.hpp>

#include <filesystem>

#include "exomir/core/error.hpp"
#include "exomir/quant/qc_json.hpp"

#include "fixtures.hpp"

using namespace exomir;

TEST_CASE("read_qc_json: absent is nullopt, damaged names the file, the reason and the caller's fix") {
    CHECK_FALSE(read_qc_json("/nonexistent/s.qc.json", "x").has_value());
    const auto ok = read_qc_json(test::write_temp("ok.qc.json", R"({"reads_in": 5})"), "x");
    REQUIRE(ok.has_value());
    CHECK((*ok)["reads_in"] == 5);
    const auto bad = test::write_temp("bad.qc.json", "{\"reads_in\": ");
    REQUIRE_THROWS_WITH(read_qc_json(bad, "rerun with --force"),
                        bad + ": not a qc.json of exomir quant (not valid JSON); rerun with --force");
    const auto array = test::write_temp("array.qc.json", "[1, 2]");
    REQUIRE_THROWS_WITH(read_qc_json(array, "fix"), Catch::Contains("(not a JSON object); fix"));
    std::filesystem::remove(bad), std::filesystem::remove(array);
}

TEST_CASE("qc_gate_verdict: verdict and reasons; empty for a qc.json older than the gate") {
    const auto gate = qc_gate_verdict(
        nlohmann::json::parse(R"({"qc_gate": {"verdict": "FAIL", "reasons": ["99% adapter dimers", 7, "no miRNA"]}})"));
    CHECK(gate.verdict == "FAIL");
    CHECK(gate.reasons == std::vector<std::string>{"99% adapter dimers", "no miRNA"});  // non-strings skipped
    CHECK(qc_gate_verdict(nlohmann::json::parse(R"({"annotation": {}})")).verdict.empty());
    CHECK(qc_gate_verdict(nlohmann::json::parse(R"({"qc_gate": {"verdict": null}})")).verdict.empty());
    CHECK(qc_gate_verdict(nlohmann::json()).verdict.empty());  // merge: no qc.json beside the table
    const auto pass = qc_gate_verdict(nlohmann::json::parse(R"({"qc_gate": {"verdict": "PASS"}})"));
    CHECK(pass.verdict == "PASS");
    CHECK(pass.reasons.empty());
}
