// test_trim.cpp: adapter search and per-read trimming.
#include <catch2/catch.hpp>

#include <random>

#include "exomir/quant/trim.hpp"

using namespace exomir;

namespace {
const std::string k_truseq = "TGGAATTCTCGGGTGCCAAGG";
const std::string k_mir21 = "TAGCTTATCAGACTGATGTTGA";

// The straightforward definition, to check the word-parallel implementation against.
AdapterHit reference_find(std::string_view read, std::string_view adapter, double e, int min_overlap) {
    for (int p = 0; p + min_overlap <= static_cast<int>(read.size()); ++p) {
        const int overlap = std::min<int>(adapter.size(), read.size() - p);
        int mm = 0;
        for (int i = 0; i < overlap; ++i) mm += read[p + i] != adapter[i] && read[p + i] != 'N';
        if (mm <= static_cast<int>(e * overlap + 1e-9)) return {p, overlap, mm};
    }
    return {};
}

// Finds the adapter both ways and requires the same hit.
void require_as_reference(const std::string& read, const std::string& adapter, double e, int min_overlap) {
    const AdapterHit got = find_adapter(read, adapter, e, min_overlap);
    const AdapterHit want = reference_find(read, adapter, e, min_overlap);
    INFO(read << " " << adapter << " e=" << e << " O=" << min_overlap);
    REQUIRE(got.pos == want.pos);
    REQUIRE(got.overlap == want.overlap);
    REQUIRE(got.mismatches == want.mismatches);
}
}  // namespace

TEST_CASE("find_adapter: full, partial at the end, mismatches, N") {
    REQUIRE(find_adapter(k_mir21 + k_truseq + "AACTCC", k_truseq, 0.1, 3).pos == 22);
    const AdapterHit partial = find_adapter(k_mir21 + "TGGAA", k_truseq, 0.1, 3);
    REQUIRE(partial.pos == 22);
    REQUIRE(partial.overlap == 5);
    std::string two_mm = k_truseq;
    two_mm[3] = 'C';
    two_mm[10] = 'A';
    REQUIRE(find_adapter(k_mir21 + two_mm, k_truseq, 0.1, 3).mismatches == 2);
    std::string three_mm = two_mm;
    three_mm[15] = 'A';
    REQUIRE(find_adapter(k_mir21 + three_mm + "AAAAAAAAA", k_truseq, 0.1, 3).pos != 22);
    REQUIRE(find_adapter(k_mir21 + "TNGAATTCTC", k_truseq, 0.1, 3).pos == 22);
    REQUIRE(find_adapter("ACGTACGTAC", k_truseq, 0.1, 3).pos == -1);
}

TEST_CASE("find_adapter agrees with the reference definition on random reads") {
    std::mt19937 rng(42);
    const char* nt = "ACGTN";
    for (int iter = 0; iter < 2000; ++iter) {
        std::string read;
        const int insert = static_cast<int>(rng() % 40);
        for (int i = 0; i < insert; ++i) read += nt[rng() % (iter % 5 == 0 ? 5 : 4)];
        read += k_truseq.substr(0, rng() % (k_truseq.size() + 1));
        for (char& c : read)
            if (rng() % 20 == 0) c = nt[rng() % 4];
        const AdapterHit a = find_adapter(read, k_truseq, 0.1, 3);
        const AdapterHit b = reference_find(read, k_truseq, 0.1, 3);
        INFO(read);
        REQUIRE(a.pos == b.pos);
        REQUIRE(a.mismatches == b.mismatches);
    }
}

TEST_CASE("find_adapter: bit-parallel search agrees with the reference over lengths, error rates and overlaps") {
    // Read and adapter lengths up to 64 (the bit-parallel path) and beyond (the placement-by-placement path),
    // adapters with N, error rates up to 0.4 and minimum overlaps longer than the adapter.
    std::mt19937 rng(7);
    const char* nt = "ACGTN";
    const double rates[] = {0.0, 0.1, 0.15, 0.2, 0.4};
    for (int iter = 0; iter < 20000; ++iter) {
        std::string adapter;
        const int a = 1 + static_cast<int>(rng() % (iter % 10 == 0 ? 70 : 40));
        for (int i = 0; i < a; ++i) adapter += nt[rng() % (iter % 7 == 0 ? 5 : 4)];
        std::string read;
        const int n = static_cast<int>(rng() % (iter % 10 == 1 ? 90 : 65));
        const int insert = n == 0 ? 0 : static_cast<int>(rng() % (n + 1));
        for (int i = 0; i < insert; ++i) read += nt[rng() % (iter % 3 == 0 ? 5 : 4)];
        for (int i = 0; static_cast<int>(read.size()) < n; ++i) read += i < a ? adapter[i] : nt[rng() % 4];
        for (char& c : read)
            if (rng() % 12 == 0) c = nt[rng() % 5];
        const double e = rates[rng() % 5];
        const int min_overlap = 1 + static_cast<int>(rng() % (a + 5));
        require_as_reference(read, adapter, e, min_overlap);
    }
}

TEST_CASE("find_adapter: the 16-placement filter keeps the leftmost hit on long reads") {
    // Several blocks of 16 whole-adapter placements, adapters of 8 bases and more, hits in any block, in the last
    // placements holding the whole adapter and in the partial ones after them.
    std::mt19937 rng(11);
    const double rates[] = {0.0, 0.1, 0.2, 0.3};
    for (int iter = 0; iter < 5000; ++iter) {
        std::string adapter, read;
        const int a = 8 + static_cast<int>(rng() % 40);
        for (int i = 0; i < a; ++i) adapter += "ACGT"[rng() % 4];
        const int n = static_cast<int>(rng() % 300), insert = n == 0 ? 0 : static_cast<int>(rng() % (n + 1));
        for (int i = 0; i < insert; ++i) read += "ACGT"[rng() % 4];
        for (int i = 0; static_cast<int>(read.size()) < n; ++i) read += i < a ? adapter[i] : "ACGT"[rng() % 4];
        for (char& c : read)
            if (rng() % 10 == 0) c = "ACGT"[rng() % 4];
        const double e = rates[rng() % 4];
        const int min_overlap = 1 + static_cast<int>(rng() % (a + 3));
        require_as_reference(read, adapter, e, min_overlap);
    }
}

TEST_CASE("trim_read: fates, UMI and random bases") {
    TrimOptions plan;
    plan.adapter = k_truseq;
    REQUIRE(trim_read(k_mir21 + k_truseq + "AACT", plan).insert == k_mir21);
    REQUIRE(trim_read(k_truseq + "AACTCCAGTCAC", plan).fate == ReadFate::dimer);
    REQUIRE(trim_read("ACGTACGTAC" + k_truseq, plan).fate == ReadFate::too_short);
    // 41-50 nt with the adapter found: kept for the other-RNA classes (--other-max-length 50; a 3' tRNA half);
    // above 50, or without the adapter (the insert is only known to be at least the read), too long
    const TrimResult long_insert = trim_read(std::string(45, 'A') + "C" + k_truseq, plan);
    REQUIRE(long_insert.fate == ReadFate::kept);
    REQUIRE(long_insert.insert.size() == 46);
    REQUIRE(trim_read(std::string(50, 'A') + "C" + k_truseq, plan).fate == ReadFate::too_long);
    REQUIRE(trim_read(std::string(45, 'A') + "C", plan).fate == ReadFate::too_long);
    TrimOptions trimmed;  // reads already trimmed (--adapter none): the insert is the read, its length is known
    REQUIRE(trim_read(std::string(45, 'A') + "C", trimmed).fate == ReadFate::kept);
    TrimOptions mirna_only = plan;
    mirna_only.other_max_length = 40;  // the miRNA window alone, as before --other-max-length
    REQUIRE(trim_read(std::string(45, 'A') + "C" + k_truseq, mirna_only).fate == ReadFate::too_long);
    const TrimResult untrimmed = trim_read(k_mir21, plan);
    REQUIRE(untrimmed.fate == ReadFate::no_adapter_kept);
    REQUIRE(untrimmed.insert == k_mir21);

    // --max-n counts uncalled bases in the insert only (an N in the adapter or beyond is not the insert's).
    std::string one_n = k_mir21;
    one_n[0] = 'N';
    TrimOptions max_n = plan;
    REQUIRE(trim_read(one_n + k_truseq, max_n).insert == one_n);  // default -1: every read kept
    max_n.max_n = 0;
    REQUIRE(trim_read(one_n + k_truseq, max_n).fate == ReadFate::too_many_n);
    REQUIRE(trim_read(one_n + k_truseq, max_n).insert.empty());
    REQUIRE(trim_read(k_mir21 + "TGGNATTCTCGG" + "NNNN", max_n).insert == k_mir21);
    max_n.max_n = 1;
    REQUIRE(trim_read(one_n + k_truseq, max_n).insert == one_n);
    REQUIRE(trim_read("NN" + k_mir21.substr(2) + k_truseq, max_n).fate == ReadFate::too_many_n);

    TrimOptions qia;
    qia.adapter = "AACTGTAGGCACCATCAAT";
    qia.umi_length = 12;
    const std::string qread = k_mir21 + qia.adapter + "ACGTACGTACGT" + "AGATCGG";
    const TrimResult q = trim_read(qread, qia);
    REQUIRE(q.insert == k_mir21);
    REQUIRE(q.umi == "ACGTACGTACGT");
    REQUIRE(trim_read(k_mir21 + qia.adapter + "ACGT", qia).fate == ReadFate::umi_missing);

    TrimOptions nf;
    nf.adapter = k_truseq;
    nf.random5 = nf.random3 = 4;
    REQUIRE(trim_read("GATC" + k_mir21 + "TTAG" + k_truseq, nf).insert == k_mir21);
    REQUIRE(trim_read("GATCTTAG" + k_truseq, nf).fate == ReadFate::dimer);
}

TEST_CASE("trimming is idempotent on kept inserts") {
    TrimOptions plan;
    plan.adapter = k_truseq;
    std::mt19937 rng(7);
    for (int iter = 0; iter < 200; ++iter) {
        std::string insert;
        for (int i = 0; i < 16 + static_cast<int>(rng() % 20); ++i) insert += "ACGT"[rng() % 4];
        const std::string read = insert + k_truseq;  // the result views into the read: keep it alive
        const TrimResult once = trim_read(read, plan);
        if (once.fate != ReadFate::kept) continue;
        const TrimResult twice = trim_read(once.insert, plan);
        // A second pass can only remove a chance partial adapter at the end, never more (the shorter
        // insert may then fall out of the length window, so compare lengths, and inserts when kept).
        REQUIRE(twice.insert_length <= once.insert_length);
        REQUIRE(once.insert_length - twice.insert_length <= 6);
        if (twice.fate == ReadFate::kept) REQUIRE(twice.insert == once.insert.substr(0, twice.insert.size()));
    }
}
