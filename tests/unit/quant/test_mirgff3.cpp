// test_mirgff3.cpp: the one mirGFF3 reader reads back what the writer wrote, both attribute forms, and its errors.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>

#include "exomir/core/error.hpp"
#include "exomir/quant/mirgff3.hpp"
#include "exomir/quant/quant.hpp"

#include "fixtures.hpp"

using namespace exomir;

namespace {
using test::write_temp;
}  // namespace

TEST_CASE("MirGffReader reads back format_isomir_gff3") {
    const std::vector<SeqCount> seqs = {
        {"TGAGGTAGTAGGTTGTATAGTT", 3}, {"TGAGGTAGTAGCTTGTATAGTTAA", 2}, {"ACAGTAGTCTGCACATTGGTTA", 4}};
    const AnnotationIndex index(test::mini_ref());
    const Annotation ann = annotate(seqs, test::mini_ref(), index, nullptr, AnnotateOptions{});
    GffHeader h;
    h.sample = "S1";
    const auto path = write_temp("roundtrip.gff3", format_isomir_gff3(seqs, ann, test::mini_ref(), h));
    MirGffReader in(path, "rerun quant");
    MirGffRecord rec;
    std::map<std::string, double> by_read;
    std::size_t n = 0;
    while (in.next(rec)) {
        ++n;
        CHECK((rec.type == "ref_miRNA" || rec.type == "isomiR"));
        CHECK(rec.seqid == rec.attribute("Parent"));
        by_read[std::string(rec.attribute("Read"))] = in.expression(rec);
    }
    CHECK(n == 3);
    CHECK(by_read == std::map<std::string, double>{{"TGAGGTAGTAGGTTGTATAGTT", 3},
                                                   {"TGAGGTAGTAGCTTGTATAGTTAA", 2},
                                                   {"ACAGTAGTCTGCACATTGGTTA", 4}});
    std::filesystem::remove(path);
}

TEST_CASE("MirGffReader: both attribute forms, several samples, comments; errors name FILE:LINE") {
    const auto path =
        write_temp("forms.gff3",
                   "##gff-version 3\n\n"
                   "hsa-mir-21\tmirtop\tisomiR\t9\t29\t.\t+\t.\tRead AGCTTATCAGACTGATGTTGA; Name hsa-miR-21-5p; "
                   "Variant iso_5p:+1; Expression 2,3\n"
                   "hsa-mir-21\texomir\tref_miRNA\t8\t29\t.\t+\t.\tName=hsa-miR-21-5p;Variant=NA;Expression= 4 \n"
                   "hsa-mir-21\texomir\tref_miRNA\t8\t29\t.\t+\t.\tName=hsa-miR-21-5p\n");
    MirGffReader in(path, "rerun quant");
    MirGffRecord rec;
    REQUIRE(in.next(rec));
    CHECK(rec.attribute("Read") == "AGCTTATCAGACTGATGTTGA");
    CHECK(rec.attribute("Variant") == "iso_5p:+1");
    CHECK(in.expression(rec) == 5.0);
    CHECK(rec.attribute("Nam").empty());  // a prefix of a key is not the key
    REQUIRE(in.next(rec));
    CHECK(rec.attribute("Name") == "hsa-miR-21-5p");
    CHECK(in.expression(rec) == 4.0);
    REQUIRE(in.next(rec));
    CHECK(in.expression(rec) == 0.0);  // no Expression attribute
    CHECK_FALSE(in.next(rec));

    const auto short_line = write_temp("short.gff3", "##gff-version 3\nhsa-mir-21\tx\tisomiR\t1\n");
    MirGffReader bad(short_line, "rerun quant for S1");
    CHECK_THROWS_WITH(bad.next(rec), Catch::Contains("short.gff3:2: expected 9 tab-separated mirGFF3 columns, got 4; "
                                                     "rerun quant for S1"));
    const auto nan = write_temp("nan.gff3", "m\tx\tisomiR\t1\t2\t.\t+\t.\tRead=A; Expression=nan\n");
    MirGffReader bad_n(nan, "rerun quant");
    REQUIRE(bad_n.next(rec));
    CHECK_THROWS_WITH(bad_n.expression(rec), Catch::Contains("nan.gff3:1:"));
    for (const auto& p : {path, short_line, nan}) std::filesystem::remove(p);
}
