// test_quant_output.cpp: mirna.tsv, mirGFF3 fields (UID, Variant, Cigar, Expression) and thread determinism.
#include <catch2/catch.hpp>

#include <random>

#include <tbb/global_control.h>

#include "exomir/quant/quant.hpp"

#include "fixtures.hpp"

using namespace exomir;

namespace {

using test::mini_ref;

Annotation run(const std::vector<SeqCount>& seqs) {
    const AnnotationIndex index(mini_ref());
    return annotate(seqs, mini_ref(), index, nullptr, AnnotateOptions{});
}

std::vector<std::string> gff_body(const std::string& gff) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < gff.size()) {
        const auto end = gff.find('\n', start);
        const std::string line = gff.substr(start, end - start);
        if (line.rfind("##", 0) != 0) lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

}  // namespace

TEST_CASE("mirtop_uid matches the MINTplates encoding used by mirtop") {
    CHECK(mirtop_uid("TGAGGTAGTAGGTTGTATAGTT") == "iso-22-XKVLRYVPQ");
    CHECK(mirtop_uid("GATGAGGTAGTAGGTTGTATAGTT") == "iso-24-5URPV39QFE");
    CHECK(mirtop_uid("TGAGGTAGTAGGTTGTATAGTTAA") == "iso-24-XKVLRYVPKF");
    CHECK(mirtop_uid("AAAAAAAAAAAAAAAAAAAAAAAAAA") == "iso-26-BBBBBBBBBBB");  // 5 full chunks + 1 nt
}

TEST_CASE("mirna.tsv: sorted rows, 2-decimal floats, rpm over miRNA reads") {
    const Annotation a =
        run({{"TGAGGTAGTAGGTTGTATAGTT", 3}, {"TGAGGTAGTAGGTTGTATAGTTAA", 1}, {"ACAGTAGTCTGCACATTGGTTA", 4}});
    CHECK(format_mirna_tsv(a) ==
          "mirna\taccession\treads\trpm\tcanonical_reads\tisomir_reads\tunique_sequences\n"
          "hsa-let-7a-5p\tMIMAT0000062\t4.00\t500000.00\t3.00\t1.00\t2\n"
          "hsa-miR-199a-3p/hsa-miR-199b-3p\tMIMAT0000232/MIMAT0004563\t4.00\t500000.00\t4.00\t0.00\t1\n");
}

TEST_CASE("mirGFF3: header, type, coordinates, Variant, Cigar, Expression, Hits") {
    const std::vector<SeqCount> seqs = {{"TGAGGTAGTAGGTTGTATAGTT", 3},
                                        {"TGAGGTAGTAGCTTGTATAGTTAA", 2},
                                        {"ACAGTAGTCTGCACATTGGTTA", 4},
                                        {"TGAGGTAGNAGGTTGTATAGTT", 9}};  // N: no UID, left out
    GffHeader h;
    h.sample = "S1";
    h.source = "miRBasev22";
    const std::string gff = format_isomir_gff3(seqs, run(seqs), mini_ref(), h);
    CHECK(gff.rfind("## mirGFF3. VERSION 1.2\n## source-ontology: miRBasev22", 0) == 0);
    CHECK(gff.find("## COLDATA: S1\n") != std::string::npos);
    CHECK(gff.find("## TOOLS: exomir") != std::string::npos);
    const auto body = gff_body(gff);
    REQUIRE(body.size() == 3);
    CHECK(body[1] ==
          "hsa-let-7a-1\tmiRBasev22\tref_miRNA\t6\t27\t.\t+\t.\tRead=TGAGGTAGTAGGTTGTATAGTT; UID=iso-22-XKVLRYVPQ; "
          "Name=hsa-let-7a-5p; Parent=hsa-let-7a-1; Variant=NA; Cigar=22M; Expression=3; Filter=Pass; Hits=1");
    CHECK(body[0] ==
          "hsa-let-7a-1\tmiRBasev22\tisomiR\t6\t29\t.\t+\t.\tRead=TGAGGTAGTAGCTTGTATAGTTAA; "
          "UID=" +
              mirtop_uid("TGAGGTAGTAGCTTGTATAGTTAA") +
              "; Name=hsa-let-7a-5p; Parent=hsa-let-7a-1; Variant=iso_add3p:2,iso_snv_central; Cigar=11MG10MAA; "
              "Expression=2; Filter=Pass; Hits=1");
    CHECK(body[2].find("Name=hsa-miR-199a-3p/hsa-miR-199b-3p; Parent=hsa-mir-199a-1;") != std::string::npos);
    CHECK(body[2].find("Hits=2") != std::string::npos);
}

TEST_CASE("annotation QC and warnings show a mostly non-miRNA library plainly") {
    const Annotation a = run({{"TGAGGTAGTAGGTTGTATAGTT", 2}, {"ACGTACGTACGTACGTACGTAC", 98}});
    const auto j = annotation_qc_json(a, 120, AnnotateOptions{});
    CHECK(j["mirna_reads"] == 2);
    CHECK(j["unmapped_reads"] == 98);
    CHECK(j["mirna_fraction_of_reads"].get<double>() == Approx(2.0 / 120).margin(1e-6));
    const auto w = annotation_warnings(a, 120);
    REQUIRE(w.size() == 1);
    CHECK(w[0].find("1.7% of reads are miRNA") != std::string::npos);
    CHECK(annotation_warnings(run({}), 0).at(0).find("all counts are zero") != std::string::npos);
}

TEST_CASE("outputs are byte-identical at 1 and 4 threads") {
    std::mt19937 rng(42);
    const auto& ref = mini_ref();
    SeqArena storage;  // SeqCount::seq is a view: the bytes live here
    std::vector<SeqCount> seqs;
    for (int i = 0; i < 40000; ++i) {  // enough distinct isomiRs for several of the GFF writer's parallel blocks
        const Mature& m = ref.matures[rng() % ref.matures.size()];
        std::string s = m.seq.substr(rng() % 3);
        s.resize(s.size() - rng() % 4);
        if (rng() % 5 == 0) s[rng() % s.size()] = "ACGT"[rng() % 4];
        if (rng() % 4 == 0) s += std::string(1 + rng() % 3, "AT"[rng() % 2]);
        seqs.push_back({storage.store(s), 1 + rng() % 50});
    }
    std::sort(seqs.begin(), seqs.end(), [](const SeqCount& a, const SeqCount& b) { return a.seq < b.seq; });
    seqs.erase(
        std::unique(seqs.begin(), seqs.end(), [](const SeqCount& a, const SeqCount& b) { return a.seq == b.seq; }),
        seqs.end());
    GffHeader h;
    h.sample = "S";
    std::string out[2];
    const int threads[2] = {1, 4};
    for (int t = 0; t < 2; ++t) {
        tbb::global_control gc(tbb::global_control::max_allowed_parallelism, threads[t]);
        const Annotation a = run(seqs);
        out[t] = format_mirna_tsv(a) + format_isomir_gff3(seqs, a, ref, h) +
                 annotation_qc_json(a, 0, AnnotateOptions{}).dump();
    }
    CHECK(gff_body(format_isomir_gff3(seqs, run(seqs), ref, h)).size() > 2 * 2048);  // 3 blocks of 2048 lines
    CHECK(out[0] == out[1]);
}
