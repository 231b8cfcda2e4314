// test_spike_ins.cpp: the spike FASTA checks, the spike matching rule (before the miRNA aligner), the spike table
// and merge's spike size factors (DESeq2 median-of-ratios over the spikes).
#include <catch2/catch.hpp>

#include <cmath>

#include "exomir/core/error.hpp"
#include "exomir/quant/annotate.hpp"
#include "exomir/quant/normalize.hpp"
#include "exomir/quant/spike_ins.hpp"

#include "fixtures.hpp"

using namespace exomir;

namespace {

const char* k_cel39 = "TCACCGGGTGTAAATCAGCTTG";  // cel-miR-39-3p, a common synthetic calibrator
const char* k_mir21 = "TAGCTTATCAGACTGATGTTGA";  // hsa-miR-21-5p (in the mini reference)

SpikeIns spikes_from(const std::string& tag, const std::string& fasta) {
    return load_spike_ins(test::write_temp("spikes_" + tag + ".fa", fasta));
}

}  // namespace

TEST_CASE("spike rule: 5' end aligned (no shift), length within 2 nt, at most 1 mismatch", "[spike_ins]") {
    const SpikeIns s =
        spikes_from("rule", std::string(">cel-miR-39\n") + k_cel39 + "\n>cel-miR-54\n" + "TACCCGTAATCTTCATAATCCGAG\n");
    const SpikeMatcher m(s);
    const std::string cel39 = k_cel39;
    CHECK(m.match(cel39) == 0u);
    CHECK(m.match("TACCCGTAATCTTCATAATCCGAG") == 1u);
    CHECK(m.match(cel39.substr(0, 20)) == 0u);                           // 3' trimmed by 2
    CHECK(m.match(cel39 + "AA") == 0u);                                  // 2 extra 3' bases
    CHECK(m.match("A" + cel39.substr(1)) == 0u);                         // 1 mismatch (first base)
    CHECK(m.match(cel39.substr(0, 10) + "A" + cel39.substr(11)) == 0u);  // 1 mismatch in the middle
    CHECK(m.match(cel39.substr(0, 21) + "N") == 0u);                     // an N is one mismatch
    CHECK_FALSE(m.match(cel39.substr(0, 19)));                           // trimmed by 3
    CHECK_FALSE(m.match(cel39 + "AAA"));                                 // 3 extra bases
    CHECK_FALSE(m.match("AA" + cel39.substr(2)));                        // 2 mismatches
    CHECK_FALSE(m.match("A" + cel39));                                   // 5' shift
    CHECK_FALSE(m.match(cel39.substr(0, 12)));                           // too short to hold a spike
    CHECK_FALSE(m.match(k_mir21));
}

TEST_CASE("spike rule: of several spikes, fewest mismatches, then closest length", "[spike_ins]") {
    // Two spikes that differ only at their last base: each read goes to the one it matches exactly.
    const std::string a = std::string(k_cel39), b = a.substr(0, 21) + "A";
    const SpikeIns s = spikes_from("tie", ">A\n" + a + "\n>B\n" + b + "\n");
    const SpikeMatcher m(s);
    CHECK(m.match(a) == 0u);
    CHECK(m.match(b) == 1u);
    CHECK(m.match(a + "T") == 0u);          // both 1 extra base from the shared 21: A has 0 mismatches over 22
    CHECK(m.match(a.substr(0, 21)) == 0u);  // equal fit to both: the first in the FASTA
}

TEST_CASE("spike identical to a miRNA: its reads are spike-in, never miRNA", "[spike_ins]") {
    const SpikeIns s = spikes_from("mir21", std::string(">spike21\n") + k_mir21 + "\n");
    const SpikeMatcher matcher(s);
    AnnotationIndex index(test::mini_ref());
    const std::string let7a = "TGAGGTAGTAGGTTGTATAGTT", mir21 = k_mir21, mir21_trim = mir21.substr(0, 21);
    const std::vector<SeqCount> seqs = {{let7a, 4}, {mir21, 3}, {mir21_trim, 2}};
    const Annotation without = annotate(seqs, test::mini_ref(), index, nullptr, AnnotateOptions{});
    CHECK(without.qc.mirna_reads == 9);
    index.spikes = &matcher;
    const Annotation ann = annotate(seqs, test::mini_ref(), index, nullptr, AnnotateOptions{});
    CHECK(ann.sequences.cls(0) == SeqClass::mirna);
    CHECK(ann.sequences.cls(1) == SeqClass::spike_in);
    CHECK(ann.sequences.cls(2) == SeqClass::spike_in);
    CHECK(ann.qc.mirna_reads == 4);
    CHECK(ann.qc.spike_in_reads == 5);
    CHECK(ann.qc.spike_in_sequences == 2);
    REQUIRE(ann.counts.size() == 1);
    CHECK(ann.groups[ann.counts[0].group].name == "hsa-let-7a-5p");
    const SpikeCounts c = count_spikes(s, seqs, ann);
    CHECK(c.reads == std::vector<std::uint64_t>{5});
    CHECK(c.unique_sequences == std::vector<std::uint64_t>{2});
    CHECK(format_spikes_tsv(s, c) == "spike\treads\tunique_sequences\nspike21\t5\t2\n");
}

TEST_CASE("spike that takes a miRNA's reads: one warning naming the FASTA and the pairs; none for calibrators",
          "[spike_ins]") {
    const SpikeIns cel = spikes_from("warn_cel", std::string(">cel-miR-39\n") + k_cel39 + "\n");
    CHECK(spike_mirna_warning(cel, SpikeMatcher(cel), test::mini_ref()).empty());
    // hsa-miR-21-5p with its last base trimmed is still within the rule; both 199a-3p and 199b-3p have the sequence.
    const std::string mir21 = k_mir21;
    const SpikeIns s = spikes_from("warn", std::string(">cel-miR-39\n") + k_cel39 + "\n>s21\n" + mir21.substr(0, 21) +
                                               "\n>s199\nACAGTAGTCTGCACATTGGTTA\n");
    CHECK(spike_mirna_warning(s, SpikeMatcher(s), test::mini_ref()) ==
          s.path +
              ": the spikes take the reads of 3 miRNAs of the reference (hsa-miR-199a-3p by s199, hsa-miR-199b-3p by "
              "s199, hsa-miR-21-5p by s21): by the spike rule they count as spike-in, never as miRNA; give spikes that "
              "are not in the sample (docs/spike_ins.md)");
}

TEST_CASE("spike FASTA: bad letters, short, repeated name or sequence, N: one-line errors", "[spike_ins]") {
    const std::string ok = k_cel39;
    CHECK_THROWS_WITH(spikes_from("bad", ">s1\nTCACCGGGTGTAAATCAGCTXG\n"),
                      Catch::Contains(":1:") && Catch::Contains("letters other than"));
    CHECK_THROWS_WITH(spikes_from("short", ">s1\nTCACCGGGTGTAAATC\n"), Catch::Contains("at least 18 nt"));
    CHECK_THROWS_WITH(spikes_from("dupname", ">s1\n" + ok + "\n>s1\n" + std::string(k_mir21) + "\n"),
                      Catch::Contains(":3: spike name 's1' is already used at line 1"));
    CHECK_THROWS_WITH(spikes_from("dupseq", ">s1\n" + ok + "\n>s2\n" + ok + "\n"),
                      Catch::Contains("same sequence as the spike at line 1"));
    CHECK_THROWS_WITH(spikes_from("n", ">s1\nTCACCGGGTGTAAATCAGCTNG\n"), Catch::Contains("has an N"));
    CHECK_THROWS_WITH(spikes_from("empty", ""), Catch::Contains("no spike sequences"));
    const SpikeIns lower = spikes_from("lower", ">s1 some description\ntcaccggguguaaaucagcuug\n");
    CHECK(lower.names == std::vector<std::string>{"s1"});
    CHECK(lower.seqs == std::vector<std::string>{ok});
}

TEST_CASE("spike size factors: DESeq2 median-of-ratios, known answers", "[spike_ins]") {
    CountMatrix sp;
    sp.samples = {"A", "B", "C"};
    sp.mirnas = {"s1", "s2", "s3", "s4"};
    sp.accessions = {"", "", "", ""};
    // s1, s2: B has twice A, C half of A; s3: an outlier in B; s4: no reads in C (not used).
    sp.counts = {{100, 200, 50}, {10, 20, 5}, {40, 400, 20}, {7, 7, 0}};
    const SpikeFactors f = spike_size_factors(sp, {"a", "b", "c"});
    CHECK(f.spikes_used == 3);
    CHECK(f.spike_reads == std::vector<double>{157, 627, 75});
    // geometric means: s1 = s2-scaled 100, ratios A 1, B 2, C 0.5 (both s1 and s2); median with s3 unchanged.
    CHECK(f.factor[0] == Approx(1.0).epsilon(1e-12));
    CHECK(f.factor[1] == Approx(2.0).epsilon(1e-12));
    CHECK(f.factor[2] == Approx(0.5).epsilon(1e-12));
    // Two samples, one spike: factor = count / geometric mean.
    CountMatrix two;
    two.samples = {"A", "B"};
    two.mirnas = {"s1"};
    two.accessions = {""};
    two.counts = {{6, 12}};
    const SpikeFactors g = spike_size_factors(two, {"a", "b"});
    CHECK(g.factor[0] == Approx(6 / std::sqrt(72.0)));
    CHECK(g.factor[1] == Approx(12 / std::sqrt(72.0)));
    CHECK(format_spike_factors(two, g) == "sample\tspike_reads\tsize_factor\nA\t6\t0.707106781\nB\t12\t1.41421356\n");
}

TEST_CASE("spike size factors: a sample without spike reads, or no spike in every sample, is an error", "[spike_ins]") {
    CountMatrix sp;
    sp.samples = {"A", "B"};
    sp.mirnas = {"s1", "s2"};
    sp.accessions = {"", ""};
    sp.counts = {{5, 0}, {3, 0}};
    CHECK_THROWS_WITH(spike_size_factors(sp, {"q/A.spikes.tsv", "q/B.spikes.tsv"}),
                      Catch::StartsWith("q/B.spikes.tsv: sample B has no spike-in reads"));
    sp.counts = {{5, 0}, {0, 3}};
    CHECK_THROWS_WITH(spike_size_factors(sp, {"q/A.spikes.tsv", "q/B.spikes.tsv"}),
                      Catch::Contains("no spike has reads in every sample"));
}

TEST_CASE("spike_in annotations survive the parallel blocks: every sequence keeps its spike", "[spike_ins]") {
    const SpikeIns s = spikes_from("blocks", std::string(">cel39\n") + k_cel39 + "\n>spike21\n" + k_mir21 + "\n");
    const SpikeMatcher matcher(s);
    AnnotationIndex index(test::mini_ref());
    index.spikes = &matcher;
    // 5,000 sequences (several 2,048-sequence blocks): every 7th cel-miR-39, every 11th miR-21 (a spike here),
    // the rest let-7a; each made unique by a different 3' base pair that keeps it within the rules.
    std::vector<std::string> store;
    const std::string cel39 = k_cel39, mir21 = k_mir21, let7a = "TGAGGTAGTAGGTTGTATAGTT";
    for (int i = 0; i < 5000; ++i) {
        const std::string& base = i % 7 == 0 ? cel39 : i % 11 == 0 ? mir21 : let7a;
        store.push_back(base + std::string(1, "ACGT"[i % 4]) + std::string(1, "ACGT"[(i / 4) % 4]));
    }
    std::vector<SeqCount> seqs;
    for (const auto& x : store) seqs.push_back({x, 1});
    const Annotation ann = annotate(seqs, test::mini_ref(), index, nullptr, AnnotateOptions{});
    std::uint64_t n39 = 0, n21 = 0;
    for (int i = 0; i < 5000; ++i) {
        const bool is39 = i % 7 == 0, is21 = !is39 && i % 11 == 0;
        REQUIRE(ann.sequences.cls(i) == (is39 || is21 ? SeqClass::spike_in : SeqClass::mirna));
        if (is39 || is21) REQUIRE(ann.sequences[i].spike == (is39 ? 0u : 1u));
        n39 += is39, n21 += is21;
    }
    const SpikeCounts c = count_spikes(s, seqs, ann);
    CHECK(c.reads == std::vector<std::uint64_t>{n39, n21});
    CHECK(ann.qc.spike_in_reads == n39 + n21);
    CHECK(ann.qc.mirna_reads == 5000 - n39 - n21);
}
