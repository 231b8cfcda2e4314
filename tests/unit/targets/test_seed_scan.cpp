// test_seed_scan.cpp: site finding against TargetScan 7.0's own expected output, site types, counting.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "exomir/core/io.hpp"
#include "exomir/targets/seed_scan.hpp"
#include "shared_data.hpp"

using namespace exomir;

namespace {

const char* targetscan_type(SiteType t) {
    switch (t) {
        case SiteType::k8mer:
            return "8mer-1a";
        case SiteType::k7mer_m8:
            return "7mer-m8";
        case SiteType::k7mer_a1:
            return "7mer-1a";
        default:
            return "6mer";
    }
}

}  // namespace

TEST_CASE("seed scan reproduces targetscan_70.pl on its sample alignments (every site)", "[shared]") {
    const std::string dir = exomir::test::shared_data() + "/targets/targetscan70_sample/sites/";
    std::vector<std::string> families, seeds;
    std::vector<std::set<std::string>> species_of;
    std::string line;
    {
        LineReader in(dir + "miR_Family_info_sample.txt");
        while (in.next(line)) {
            const auto f = split_tabs(line);
            REQUIRE(f.size() == 3);
            families.emplace_back(f[0]);
            seeds.emplace_back(f[1]);
            std::set<std::string> sp;
            for (auto s : split(f[2], ';')) sp.emplace(s);
            species_of.push_back(sp);
        }
    }
    const SeedIndex index(seeds);
    ScanOptions opt;
    opt.offset_6mer = false;  // targetscan_70.pl does not search offset-6mers
    std::set<std::string> ours;
    {
        LineReader in(dir + "UTR_Sequences_sample.txt");
        while (in.next(line)) {
            const auto f = split_tabs(line);
            REQUIRE(f.size() == 3);
            for (const Site& s : index.scan(f[2], opt)) {
                if (!species_of[s.seed].count(std::string(f[1]))) continue;
                ours.insert(fmt::format("{}\t{}\t{}\t{}\t{}\t{}", f[0], families[s.seed], f[1], s.start + 1, s.end,
                                        targetscan_type(s.type)));
            }
        }
    }
    std::set<std::string> expected;
    {
        LineReader in(dir + "targetscan_70_output.txt");
        REQUIRE(in.next(line));  // header
        while (in.next(line)) {
            const auto f = split_tabs(line);
            REQUIRE(f.size() >= 9);
            expected.insert(fmt::format("{}\t{}\t{}\t{}\t{}\t{}", f[0], f[1], f[2], f[5], f[6], f[8]));
        }
    }
    REQUIRE(expected.size() == 213);
    std::vector<std::string> missing, extra;
    std::set_difference(expected.begin(), expected.end(), ours.begin(), ours.end(), std::back_inserter(missing));
    std::set_difference(ours.begin(), ours.end(), expected.begin(), expected.end(), std::back_inserter(extra));
    INFO("missing: " << (missing.empty() ? "" : missing.front()) << " extra: " << (extra.empty() ? "" : extra.front()));
    CHECK(missing.empty());
    CHECK(extra.empty());
    CHECK(ours == expected);
}

TEST_CASE("site types of one seed (let-7: GAGGUAG), masking and gaps") {
    const SeedIndex index({"GAGGUAG"});
    ScanOptions opt;
    opt.mask_5p = 0;
    // rc(nt 2-8) = CTACCTC; 8mer = CTACCTCA; 7mer-A1 = TACCTCA; 6mer = TACCTC; offset-6mer = CTACCT
    auto types = [&](const std::string& utr) {
        std::vector<std::string> out;
        for (const Site& s : index.scan(utr, opt)) out.push_back(fmt::format("{}@{}", site_type_name(s.type), s.start));
        return out;
    };
    CHECK(types("GGCTACCTCAGG") == std::vector<std::string>{"8mer@2"});
    CHECK(types("GGCTACCTCGGG") == std::vector<std::string>{"7mer-m8@2"});
    CHECK(types("GGGTACCTCAGG") == std::vector<std::string>{"7mer-A1@3"});
    CHECK(types("GGGTACCTCGGG") == std::vector<std::string>{"6mer@3"});
    CHECK(types("GGCTACCTGGGG") == std::vector<std::string>{"offset-6mer@2"});
    CHECK(types("GGCU-ACC--UCAGG") == std::vector<std::string>{"8mer@2"});  // alignment gaps and U
    CHECK(types("GGCTACNTCAGG").empty());
    opt.mask_5p = 14;
    CHECK(index.scan("GGCTACCTCAGG", opt).empty());  // inside the ribosome shadow
    CHECK(types("GGGGGGGGGGGGGGGGCTACCTCA").size() == 1);
}

TEST_CASE("efficacies are ordered and combine multiplicatively") {
    CHECK(site_efficacy(SiteType::k8mer) > site_efficacy(SiteType::k7mer_m8));
    CHECK(site_efficacy(SiteType::k7mer_m8) > site_efficacy(SiteType::k7mer_a1));
    CHECK(site_efficacy(SiteType::k7mer_a1) > site_efficacy(SiteType::k6mer));
    CHECK(site_efficacy(SiteType::k6mer) > site_efficacy(SiteType::koffset6mer));
    CHECK(site_efficacy(SiteType::k8mer) == Approx(1 - std::exp2(-0.31)));
    SiteCounts two{};
    two[0] = 2;
    CHECK(combined_efficacy(two) == Approx(1 - std::pow(std::exp2(-0.31), 2)));
    CHECK(combined_efficacy(SiteCounts{}) == 0.0);
}

TEST_CASE("non-overlapping counting keeps the strongest site of overlapping ones") {
    std::vector<Site> sites = {{0, 10, 18, SiteType::k8mer},
                               {0, 12, 18, SiteType::k6mer},
                               {0, 30, 36, SiteType::k6mer},
                               {0, 33, 40, SiteType::k7mer_a1}};
    const SiteCounts c = count_non_overlapping(sites);
    CHECK(c[0] == 1);
    CHECK(c[2] == 1);
    CHECK(c[3] == 0);
}

TEST_CASE("one-pass index finds the same sites as a per-seed scan (random UTRs)") {
    std::mt19937 rng(7);
    const char* nt = "ACGT";
    std::vector<std::string> seeds;
    for (int i = 0; i < 40; ++i) {
        std::string s;
        for (int j = 0; j < 7; ++j) s += nt[rng() % 4];
        seeds.push_back(s);
    }
    std::string utr;
    for (int j = 0; j < 20000; ++j) utr += nt[rng() % 4];
    const SeedIndex all(seeds);
    std::multiset<std::string> joint, single;
    for (const Site& s : all.scan(utr))
        joint.insert(fmt::format("{}:{}:{}", s.seed, s.start, static_cast<int>(s.type)));
    for (std::uint32_t i = 0; i < seeds.size(); ++i)
        for (const Site& s : SeedIndex({seeds[i]}).scan(utr))
            single.insert(fmt::format("{}:{}:{}", i, s.start, static_cast<int>(s.type)));
    CHECK(joint == single);
    CHECK(joint.size() > 100);
}
