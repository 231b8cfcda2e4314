// test_kits.cpp: the kit table behind --kit, kit names in outputs, known_kits and adapter detection.
#include <catch2/catch.hpp>

#include "exomir/core/error.hpp"
#include "exomir/quant/adapter_detect.hpp"
#include "exomir/quant/kits.hpp"
#include "exomir/quant/trim.hpp"

using namespace exomir;

TEST_CASE("known_kits: every preset name, then auto; each parses back to its kit and name") {
    CHECK(known_kits() == std::vector<std::string>{"truseq", "nebnext", "qiaseq", "nextflex", "auto"});
    for (const auto& k : known_kits()) CHECK(kit_name(parse_kit(k)) == k);
    CHECK(kit_name(Kit::custom) == "custom");
    CHECK_THROWS_WITH(parse_kit("illumina"),
                      "unknown kit 'illumina'; use truseq, nebnext, qiaseq, nextflex or auto "
                      "(or --adapter SEQ)");
}

TEST_CASE("apply_kit_preset fills only what was not given") {
    TrimOptions q;
    q.kit = Kit::qiaseq;
    apply_kit_preset(q);
    CHECK(q.adapter == "AACTGTAGGCACCATCAAT");
    CHECK(q.umi_length == 12);
    TrimOptions n;
    n.kit = Kit::nextflex;
    n.adapter = "ACGT";
    apply_kit_preset(n);
    CHECK(n.adapter == "ACGT");
    CHECK((n.random5 == 4 && n.random3 == 4 && n.umi_length == 0));
    TrimOptions c;
    c.kit = Kit::custom;
    apply_kit_preset(c);
    CHECK(c.adapter.empty());
}

TEST_CASE("adapter detection names the preset whose adapter the reads carry") {
    for (const auto& p : kit_presets()) {
        if (!p.detect_by_adapter) continue;
        std::vector<std::string> reads;
        const std::string insert = "TAGCTTATCAGACTGATGTTGA";  // miR-21-5p
        for (int i = 0; i < 200; ++i) reads.push_back(insert + std::string(p.adapter) + "ACGTACGT");
        const AdapterGuess g = detect_adapter(reads, 0.1);
        CHECK(g.kit == p.name);
        CHECK(g.adapter == p.adapter);
    }
}
