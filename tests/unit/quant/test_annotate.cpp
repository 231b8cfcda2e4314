// test_annotate.cpp: hairpin alignment, isomiR classes, identical-sequence groups, other RNA and EM.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <tuple>

#include "exomir/core/error.hpp"
#include "exomir/quant/annotate.hpp"

#include "fixtures.hpp"

using namespace exomir;

namespace {

using test::mini_ref;

const char* k_let7a = "TGAGGTAGTAGGTTGTATAGTT";

Annotation run(const std::vector<SeqCount>& seqs, AnnotateOptions opt = {}, const OtherRnaReference* other = nullptr,
               const std::vector<std::uint64_t>& molecules = {}) {
    const AnnotationIndex index(mini_ref(), other);
    return annotate(seqs, mini_ref(), index, other, opt, molecules);
}

std::string group_name(const Annotation& a, std::size_t s, std::size_t i = 0) {
    const SequenceAnnotation sa = a.sequences[s];
    REQUIRE(i < sa.groups.size());
    return a.groups[sa.groups[i]].name;
}

// A miRBase-style reference written to the temp directory from FASTA text (species xxx).
MirnaReference temp_ref(const std::string& tag, const std::string& mature_fa, const std::string& hairpin_fa) {
    const auto dir = std::filesystem::temp_directory_path();
    ReferencePaths p;
    p.mature = (dir / ("exomir_test_" + tag + "_mature.fa")).string();
    p.hairpin = (dir / ("exomir_test_" + tag + "_hairpin.fa")).string();
    p.species = "xxx";
    std::ofstream(p.mature) << mature_fa;
    std::ofstream(p.hairpin) << hairpin_fa;
    return load_mirna_reference(p);
}

std::string variant_of(const std::string& seq) {
    const Annotation a = run({{seq, 1}});
    REQUIRE(a.sequences[0].cls == SeqClass::mirna);
    REQUIRE(!a.sequences[0].arm_hits.empty());
    const ArmHit& ah = a.sequences[0].arm_hits[0];
    const Hairpin& hp = mini_ref().hairpins[ah.hit.target];
    const MatureLocus& l = hp.matures[ah.locus];
    return variant_string(describe_isomir(seq, hp.seq, ah.hit, l.start, l.end));
}

}  // namespace

TEST_CASE("canonical and isomiR classes follow the mirtop sign convention") {
    CHECK(variant_of(k_let7a) == "NA");
    CHECK(variant_of("ATGAGGTAGTAGGTTGTATAGTT") == "iso_5p:-1");  // starts 1 nt upstream
    CHECK(variant_of("GAGGTAGTAGGTTGTATAGTT") == "iso_5p:+1");
    CHECK(variant_of("TGAGGTAGTAGGTTGTATAGTTTT") == "iso_3p:+2");  // ends 2 nt downstream (templated TT)
    CHECK(variant_of("TGAGGTAGTAGGTTGTATAG") == "iso_3p:-2");
    CHECK(variant_of("TGAGGTAGTAGGTTGTATAGTTAA") == "iso_add3p:2");  // hairpin continues with T: not templated
    CHECK(variant_of("TGAGCTAGTAGGTTGTATAGTT") == "iso_snv_seed");   // position 5
    CHECK(variant_of("TGAGGTACTAGGTTGTATAGTT") == "iso_snv_central_offset");
    CHECK(variant_of("TGAGGTAGTAGCTTGTATAGTT") == "iso_snv_central");
    CHECK(variant_of("TGAGGTAGTAGGTTGAATAGTT") == "iso_snv_central_supp");
    CHECK(variant_of("ATGAGGTAGTAGGTTGTATAGTA") == "iso_5p:-1,iso_3p:-1,iso_add3p:1");
}

TEST_CASE("snv_class uses mirtop position bins") {
    CHECK(std::string(snv_class(1)) == "iso_snv");
    CHECK(std::string(snv_class(7)) == "iso_snv_seed");
    CHECK(std::string(snv_class(8)) == "iso_snv_central_offset");
    CHECK(std::string(snv_class(12)) == "iso_snv_central");
    CHECK(std::string(snv_class(17)) == "iso_snv_central_supp");
    CHECK(std::string(snv_class(18)) == "iso_snv");
}

TEST_CASE("align_sequence: mismatch budget, N is a mismatch, minimum templated length") {
    const AnnotationIndex index(mini_ref());
    AlignScratch scratch;
    AnnotateOptions opt;
    REQUIRE(align_sequence(k_let7a, index.hairpins, opt, scratch).size() >= 1);
    CHECK(align_sequence("TGAGCTAGTAGGTTGTAAAGTT", index.hairpins, opt, scratch).empty());  // 2 substitutions
    const auto hits = align_sequence("TGAGGTAGNAGGTTGTATAGTT", index.hairpins, opt, scratch);
    REQUIRE(!hits.empty());
    CHECK(hits[0].n_mismatches == 1);
    opt.mismatches = 2;
    CHECK(!align_sequence("TGAGCTAGTAGGTTGTAAAGTT", index.hairpins, opt, scratch).empty());
    CHECK(align_sequence("TGAGGTAGTAGGTT", index.hairpins, opt, scratch).empty());  // 14 nt < 15 templated
}

TEST_CASE("a substitution plus a non-templated addition needs >= 19 templated nt") {
    const AnnotationIndex index(mini_ref());
    AlignScratch scratch;
    const AnnotateOptions opt;
    // let-7a-5p TGAGGTAGTAGGTTGTA|TAGTT: 17 templated nt, then C (the hairpin has T there).
    CHECK(!align_sequence("TGAGGTAGTAGGTTGTAC", index.hairpins, opt, scratch).empty());       // addition only
    CHECK(!align_sequence("TGAGCTAGTAGGTTGTAT", index.hairpins, opt, scratch).empty());       // substitution only
    CHECK(align_sequence("TGAGCTAGTAGGTTGTAC", index.hairpins, opt, scratch).empty());        // both on 17 nt
    const auto hits = align_sequence("TGAGCTAGTAGGTTGTATAGC", index.hairpins, opt, scratch);  // both on 20 nt
    REQUIRE(!hits.empty());
    CHECK(hits[0].add3p == 1);
    CHECK(hits[0].n_mismatches == 1);
}

TEST_CASE("align_sequence: reusing the last call's candidates changes no alignment (sorted isomiRs, two indexes)") {
    // Sorted sequences that share their first bases share their seeds, and align_sequence then reuses the last call's
    // candidate diagonals: the hits must be those of a fresh scratch, whichever index and mismatch budget comes next.
    std::mt19937 rng(5);
    const auto base = [&] { return "ACGTN"[rng() % 100 < 2 ? 4 : rng() % 4]; };
    std::vector<std::string> a(10), b(10);
    for (auto* set : {&a, &b})
        for (auto& t : *set)
            for (std::size_t i = 0, n = 60 + rng() % 200; i < n; ++i) t += base();
    const SeqIndex index_a(std::vector<std::string_view>(a.begin(), a.end()));
    const SeqIndex index_b(std::vector<std::string_view>(b.begin(), b.end()));
    CHECK(index_a.id() != index_b.id());
    std::vector<std::string> seqs;
    for (int r = 0; r < 400; ++r) {  // a 16-nt stem, then 0-14 further bases: runs of sequences with the same seeds
        const std::string& from = (r % 2 ? a : b)[rng() % 10];
        const std::size_t at = rng() % (from.size() - 40), len = 16 + rng() % 15;  // drawn in this order
        std::string seq = from.substr(at, len);
        for (int v = 0; v < 4; ++v) {
            std::string iso = seq;
            if (rng() % 2) iso[15 + rng() % (iso.size() - 15)] = base();  // past the seeds, or in the second
            for (int add = static_cast<int>(rng() % 3); add > 0; --add) iso += base();
            seqs.push_back(iso);
        }
    }
    std::sort(seqs.begin(), seqs.end());
    AlignScratch shared;
    std::size_t reused_with_hits = 0;
    for (const std::string& seq : seqs) {
        AnnotateOptions opt;
        opt.mismatches = rng() % 8 == 0 ? 2 : 1;
        for (const SeqIndex* index : {&index_a, &index_b, &index_a}) {
            AlignScratch fresh;
            const std::vector<Hit> want = align_sequence(seq, *index, opt, fresh);
            const bool reuse =
                shared.index == index->id() && shared.seeds == fresh.seeds && shared.n_seeds == fresh.n_seeds;
            const std::vector<Hit> got = align_sequence(seq, *index, opt, shared);
            INFO(seq);
            REQUIRE(got.size() == want.size());
            for (std::size_t i = 0; i < got.size(); ++i) {
                CHECK(got[i].target == want[i].target);
                CHECK(got[i].start == want[i].start);
                CHECK(got[i].templated_len == want[i].templated_len);
                CHECK(got[i].add3p == want[i].add3p);
                CHECK(got[i].n_mismatches == want[i].n_mismatches);
            }
            reused_with_hits += reuse && !got.empty();
        }
    }
    CHECK(reused_with_hits > 100);  // the reuse path was taken, on sequences that align
}

TEST_CASE("SequenceAnnotations: each sequence keeps its own hits and groups across concatenated blocks") {
    SequenceAnnotations b1, b2;
    b1.finish(SeqClass::unmapped);
    b1.add_arm_hit({Hit{4, 10, 22, 0, 0}, 0, 5});
    b1.add_arm_hit({Hit{9, 12, 22, 0, 0}, 1, 6});
    REQUIRE(b1.pending_arm_hits().size() == 2);
    b1.add_group(5, 1.0);
    b1.add_group(6, 0.05);
    b1.finish(SeqClass::mirna);
    CHECK(b1.pending_arm_hits().empty());
    b1.finish(SeqClass::other_rna, 3);
    b2.add_hairpin_hit(Hit{2, 30, 20, 1, 1});
    b2.finish(SeqClass::hairpin_other);
    b2.add_arm_hit({Hit{7, 5, 21, 0, 1}, 0, 8});
    b2.add_group(8, 1.0);
    b2.finish(SeqClass::mirna);
    std::vector<SequenceAnnotations> blocks;
    blocks.push_back(std::move(b1));
    blocks.push_back(std::move(b2));
    SequenceAnnotations all = SequenceAnnotations::concat(std::move(blocks));
    REQUIRE(all.size() == 5);
    CHECK(all[0].cls == SeqClass::unmapped);
    CHECK(all[0].groups.empty());
    const SequenceAnnotation m = all[1];
    REQUIRE(m.arm_hits.size() == 2);
    CHECK(m.arm_hits[1].hit.target == 9);
    CHECK(std::vector<std::uint32_t>(m.groups.begin(), m.groups.end()) == std::vector<std::uint32_t>{5, 6});
    CHECK(std::vector<double>(m.likelihood.begin(), m.likelihood.end()) == std::vector<double>{1.0, 0.05});
    CHECK(m.n_best_groups == 1);
    CHECK(m.hairpin_hits.empty());
    CHECK(all[2].cls == SeqClass::other_rna);
    CHECK(all[2].other_class == 3);
    REQUIRE(all[3].hairpin_hits.size() == 1);
    CHECK(all[3].hairpin_hits[0].start == 30);
    CHECK(all[3].arm_hits.empty());
    const SequenceAnnotation last = all[4];
    REQUIRE(last.arm_hits.size() == 1);
    CHECK(last.arm_hits[0].group == 8);
    REQUIRE(last.groups.size() == 1);
    CHECK(last.groups[0] == 8);
    all.weights(4)[0] = 1.0;
    CHECK(all[4].weights[0] == 1.0);
    CHECK(all[1].weights[0] == 0.0);
    CHECK(all.weights(0).empty());
}

TEST_CASE("identical matures from paralogous hairpins are one group and count once") {
    const Annotation a = run({{"ACAGTAGTCTGCACATTGGTTA", 7}});
    REQUIRE(a.sequences[0].cls == SeqClass::mirna);
    CHECK(a.sequences[0].arm_hits.size() == 2);  // mir-199a-1 and mir-199b
    REQUIRE(a.sequences[0].groups.size() == 1);
    CHECK(group_name(a, 0) == "hsa-miR-199a-3p/hsa-miR-199b-3p");
    REQUIRE(a.counts.size() == 1);
    CHECK(a.groups[a.counts[0].group].accession == "MIMAT0000232/MIMAT0004563");
    CHECK(a.counts[0].reads == 7.0);
    CHECK(a.counts[0].canonical_reads == 7.0);
    CHECK(a.qc.ambiguous_reads == 0);
}

TEST_CASE("hairpin loop fragments are hairpin-other; foreign sequences are unmapped") {
    const Annotation a = run({{"TTAGGGTCACACCCACCACTGGG", 3}, {"ACGTACGTACGTACGTACGTAC", 2}});
    CHECK(a.sequences[0].cls == SeqClass::hairpin_other);
    CHECK(a.sequences[1].cls == SeqClass::unmapped);
    CHECK(a.counts.empty());
    CHECK(a.qc.hairpin_other_reads == 3);
    CHECK(a.qc.unmapped_reads == 2);
    CHECK(a.qc.mirna_reads == 0);
}

TEST_CASE("a better substitution-free fit decides between similar miRNAs") {
    const Annotation a = run({{k_let7a, 5}, {"TGAGGTAGTAGGTTGTATGGTT", 4}});
    CHECK(group_name(a, 0) == "hsa-let-7a-5p");
    CHECK(group_name(a, 1) == "hsa-let-7c-5p");
    CHECK(a.sequences[0].groups.size() == 1);
}

TEST_CASE("ambiguous sequences: EM follows the unambiguous evidence; split and unique policies") {
    // The 3'-trimmed 18-mer fits let-7a-5p and let-7c-5p equally (iso_3p:-4 on both).
    const std::vector<SeqCount> seqs = {{k_let7a, 90}, {"TGAGGTAGTAGGTTGTATGGTT", 10}, {"TGAGGTAGTAGGTTGTAT", 100}};
    const Annotation em = run(seqs);
    REQUIRE(em.sequences[2].groups.size() == 2);
    CHECK(em.sequences[2].weights[0] == Approx(0.9).margin(1e-6));  // let-7a-5p sorts first
    CHECK(em.counts[0].reads == Approx(180).margin(1e-4));
    CHECK(em.counts[1].reads == Approx(20).margin(1e-4));
    CHECK(em.qc.ambiguous_reads == 100);
    CHECK(em.qc.ambiguous_sequences == 1);

    AnnotateOptions opt;
    opt.multimap = Multimap::split;
    const Annotation split = run(seqs, opt);
    CHECK(split.counts[0].reads == Approx(140));
    CHECK(split.counts[1].reads == Approx(60));
    opt.multimap = Multimap::unique;
    const Annotation uniq = run(seqs, opt);
    CHECK(uniq.counts[0].reads == Approx(90));
    CHECK(uniq.counts[1].reads == Approx(10));
    CHECK(uniq.qc.unassigned_ambiguous_reads == 100);
}

TEST_CASE("em_abundances converges to the fixed point and is deterministic") {
    int it1 = 0, it2 = 0;
    const std::vector<double> unique = {30, 10, 0};
    const std::vector<EmItem> amb = {{40, {0, 1}, {1.0, 1.0}}, {6, {1, 2}, {1.0, 1.0}}};
    const auto t1 = em_abundances(unique, amb, 1000, 1e-9, it1);
    const auto t2 = em_abundances(unique, amb, 1000, 1e-9, it2);
    CHECK(t1 == t2);
    CHECK(it1 == it2);
    CHECK(t1[0] == Approx(30.0 * 86 / 46).margin(1e-3));  // theta0 = 30 + 40 * theta0 / 86
    CHECK(t1[1] == Approx(86 - 30.0 * 86 / 46).margin(1e-3));
    CHECK(t1[2] == Approx(0).margin(1e-3));  // no unambiguous evidence: EM drains it
    CHECK(t1[0] + t1[1] + t1[2] == Approx(86));
}

TEST_CASE("molecules are counted for UMI kits") {
    AnnotateOptions opt;
    opt.count_molecules = true;
    const Annotation a = run({{k_let7a, 50}}, opt, nullptr, {12});
    CHECK(a.counts[0].reads == 12.0);
    CHECK(a.qc.mirna_reads == 50);  // QC keeps raw reads
}

TEST_CASE("other RNA that explains a sequence better is counted per class, not as miRNA") {
    const auto dir = std::filesystem::temp_directory_path();
    const auto path = (dir / "exomir_test_other.fa").string();
    std::ofstream(path) << ">tRNA-Gly-GCC-1 class=tRNA\nGCATTGGTGGTTCAGTGGTAGAATTCTCGCCTGCCACGCGGGAGG\n"
                        << ">RNY1 Y RNA\nGGCTGGTCCGAAGGTAGTGAGTTATCTCAATTGATTGTTCACAGTCAGTTACAG\n"
                        << ">let7like class=rRNA\nTGAGGTAGTAGGTTGTATAGTTCC\n";
    const OtherRnaReference other = load_other_rna(path);
    CHECK(other.classes == std::vector<std::string>{"RNY1", "rRNA", "tRNA"});
    const std::vector<SeqCount> seqs = {{"GCATTGGTGGTTCAGTGGTAGAATTC", 8},
                                        {"GGCTGGTCCGAAGGTAGTGAGTTATC", 3},
                                        {k_let7a, 5}};  // exact in both: a tie stays miRNA
    const Annotation a = run(seqs, {}, &other);
    CHECK(a.sequences[0].cls == SeqClass::other_rna);
    CHECK(other.classes[a.sequences[0].other_class] == "tRNA");
    CHECK(a.sequences[1].cls == SeqClass::other_rna);
    CHECK(a.sequences[2].cls == SeqClass::mirna);
    CHECK(a.qc.other_rna_class_reads.at("tRNA") == 8);
    CHECK(a.qc.other_rna_class_reads.at("RNY1") == 3);
    CHECK(a.qc.other_rna_reads == 11);
}

TEST_CASE("fail_options and fail_multimap_name") {
    AnnotateOptions opt;
    opt.mismatches = 7;
    opt.min_templated = 3;
    CHECK(validate(opt).size() == 2);
    CHECK(validate(AnnotateOptions{}).empty());
    REQUIRE_THROWS_AS(parse_multimap("best"), UsageError);
    CHECK(parse_multimap("split") == Multimap::split);
    REQUIRE_THROWS_WITH(load_other_rna(EXOMIR_SOURCE_DIR "/tests/data/no_such.fa"), Catch::Contains("no_such.fa"));
}

TEST_CASE("EM weighs candidates by isomiR likelihood: canonical of B vs 3'-trimmed isomiR of A") {
    // B = the first 20 nt of A, so B is also placed on mir-a: A's canonical read is B's iso_3p:+2 there.
    const MirnaReference ref =
        temp_ref("em", ">xxx-miR-a MIMATA\nTGAGGTAGTAGGTTGTATAGTT\n>xxx-miR-b MIMATB\nTGAGGTAGTAGGTTGTATAG\n",
                 ">xxx-mir-a MIA\nCCCCCTGAGGTAGTAGGTTGTATAGTTCCCCCCCCCCCCCCCCCCCCCCCCCCCCC\n"
                 ">xxx-mir-b MIB\nGGGGGTGAGGTAGTAGGTTGTATAGCCGGGGGGGGGGGGGGGGGGGGGGGGGGGGGG\n");
    const AnnotationIndex index(ref);
    const std::vector<SeqCount> seqs = {{"TGAGGTAGTAGGTTGTATAG", 100}, {"TGAGGTAGTAGGTTGTATAGTT", 1000}};
    AnnotateOptions opt;
    opt.max_add3p = 1;  // else A's canonical read is also B + "TT" on mir-b
    const Annotation em = annotate(seqs, ref, index, nullptr, opt);
    REQUIRE(em.sequences.size() == 2);
    for (std::size_t s = 0; s < em.sequences.size(); ++s) {
        const SequenceAnnotation a = em.sequences[s];
        REQUIRE(a.groups.size() == 2);
        CHECK(a.n_best_groups == 1);  // one best fit each: not counted as ambiguous
    }
    CHECK(em.qc.ambiguous_reads == 0);
    const auto likelihood = [&](std::size_t s) {
        const SequenceAnnotation a = em.sequences[s];
        return std::vector<double>(a.likelihood.begin(), a.likelihood.end());
    };
    CHECK(likelihood(0) == std::vector<double>{0.05, 1.0});  // A (iso_3p:-2), B (canonical)
    CHECK(likelihood(1) == std::vector<double>{1.0, 0.05});  // A (canonical), B (iso_3p:+2)
    // The result is a fixed point of theta_g = sum_s n_s theta_g L_sg / sum_h theta_h L_sh.
    const double ta = em.counts[0].reads, tb = em.counts[1].reads;
    CHECK(ta + tb == Approx(1100));
    CHECK(ta == Approx(100 * 0.05 * ta / (0.05 * ta + tb) + 1000 * ta / (ta + 0.05 * tb)).epsilon(1e-6));
    CHECK(ta > 1000);  // A keeps its canonical reads and takes part of the trimmed ones
    CHECK(tb < 100);
    opt.multimap = Multimap::split;
    const Annotation split = annotate(seqs, ref, index, nullptr, opt);
    CHECK(split.counts[0].reads == Approx(1000));  // only the best fit counts
    CHECK(split.counts[1].reads == Approx(100));
}

TEST_CASE("every non-templated base counts: the fit with fewer added bases wins (miR-103a/107-like pair)") {
    // A and B differ in their last 2 nt (..CTATGA / ..CTATCA). ..CTATGT is A iso_3p:-1 + T (2 points) or
    // B iso_3p:-2 + GT (3 points); ..CTATCT the other way round. One non-templated base per point.
    const MirnaReference ref =
        temp_ref("add3p", ">xxx-miR-a MIMATA\nAGCAGCATTGTACAGGGCTATGA\n>xxx-miR-b MIMATB\nAGCAGCATTGTACAGGGCTATCA\n",
                 ">xxx-mir-a MIA\nCCCCCAGCAGCATTGTACAGGGCTATGACCCCCCCCCCCCCCCCCCCCCCCCCCCCC\n"
                 ">xxx-mir-b MIB\nGGGGGAGCAGCATTGTACAGGGCTATCAGGGGGGGGGGGGGGGGGGGGGGGGGGGGG\n");
    const AnnotationIndex index(ref);
    const std::vector<SeqCount> seqs = {{"AGCAGCATTGTACAGGGCTATGT", 50}, {"AGCAGCATTGTACAGGGCTATCT", 17}};
    const Annotation a = annotate(seqs, ref, index, nullptr, AnnotateOptions{});
    REQUIRE(a.sequences[0].cls == SeqClass::mirna);
    REQUIRE(a.sequences[1].cls == SeqClass::mirna);
    const auto likelihood = [&](std::size_t i) {
        return std::vector<double>(a.sequences[i].likelihood.begin(), a.sequences[i].likelihood.end());
    };
    CHECK(likelihood(0) == std::vector<double>{1.0, 0.05});  // A (-1, +T), B (-2, +GT)
    CHECK(likelihood(1) == std::vector<double>{0.05, 1.0});  // A (-2, +CT), B (-1, +T)
    CHECK(a.qc.ambiguous_reads == 0);
    REQUIRE(a.counts.size() == 2);
    const double ta = a.counts[0].reads, tb = a.counts[1].reads;
    CHECK(ta + tb == Approx(67));
    CHECK(ta == Approx(50 * ta / (ta + 0.05 * tb) + 17 * 0.05 * ta / (0.05 * ta + tb)).epsilon(1e-6));
    CHECK(ta > 50);  // A keeps its best fits and takes a small share of B's
    CHECK(tb > 15);  // B keeps most of its best fits
}

namespace {

// The aligner's rule, base by base (the reference for the word-parallel extend): the best alignment of seq at
// diagonal d of t, or none.
std::optional<Hit> naive_extend(const std::string& seq, const std::string& t, std::uint32_t d,
                                const AnnotateOptions& opt) {
    const int n = static_cast<int>(seq.size()), avail = static_cast<int>(t.size()) - static_cast<int>(d);
    const auto mm = [&](int len) {
        int m = 0;
        for (int i = 0; i < len; ++i) m += seq[i] != t[d + i] || seq[i] == 'N';
        return m;
    };
    const int lo = std::max(opt.min_templated, n - opt.max_add3p);
    if (mm(std::min({lo, n, avail})) > opt.mismatches) return std::nullopt;
    std::optional<Hit> best;
    for (int add = 0; add <= opt.max_add3p && n - add >= opt.min_templated; ++add) {
        const int len = n - add;
        if (len > avail || (add > 0 && len < avail && seq[len] == t[d + len])) continue;
        if (add > 0 && mm(len) > 0 && len < opt.min_templated_mismatch_add) continue;
        if (mm(len) <= opt.mismatches && (!best || mm(len) < best->n_mismatches))
            best = Hit{0, d, static_cast<std::uint16_t>(len), static_cast<std::uint8_t>(add),
                       static_cast<std::uint8_t>(mm(len))};
    }
    return best;
}

}  // namespace

TEST_CASE("align_sequence finds exactly the alignments of the base-by-base rule (N, long reads, target ends)") {
    std::mt19937 rng(11);
    const auto base = [&] { return "ACGTN"[rng() % 100 < 2 ? 4 : rng() % 4]; };
    std::vector<std::string> targets(12);
    for (auto& t : targets)
        for (std::size_t i = 0, n = 40 + rng() % 260; i < n; ++i) t += base();
    const SeqIndex index(std::vector<std::string_view>(targets.begin(), targets.end()));
    AnnotateOptions opt;
    AlignScratch scratch;
    std::size_t with_hits = 0;
    for (int r = 0; r < 3000; ++r) {
        const std::string& from = targets[rng() % targets.size()];
        const std::size_t len = 15 + rng() % 120, start = rng() % from.size();
        std::string seq = from.substr(start, len);  // may run off the target's end: a shorter sequence
        for (int e = static_cast<int>(rng() % 3); e > 0; --e) seq[rng() % seq.size()] = base();
        for (int a = static_cast<int>(rng() % 4); a > 0; --a) seq += base();
        if (seq.size() > 255 || seq.size() < 15) continue;
        std::vector<std::tuple<std::uint32_t, std::uint32_t, int, int, int>> expected, got;
        for (std::uint32_t t = 0; t < targets.size(); ++t)
            for (std::uint32_t d = 0; d < targets[t].size(); ++d)
                if (const auto h = naive_extend(seq, targets[t], d, opt))
                    expected.emplace_back(t, d, h->templated_len, h->add3p, h->n_mismatches);
        for (const Hit& h : align_sequence(seq, index, opt, scratch))
            got.emplace_back(h.target, h.start, h.templated_len, h.add3p, h.n_mismatches);
        REQUIRE(got == expected);
        with_hits += !got.empty();
    }
    CHECK(with_hits > 1000);
}
