// collapse.cpp: quant's read side: one tbb::parallel_pipeline read -> trim/UMI/collapse -> merge.
#include "exomir/quant/collapse.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "exomir/core/error.hpp"
#include "exomir/core/safety.hpp"
#include "exomir/core/tsan.hpp"
#include "exomir/quant/adapter_detect.hpp"
#include "exomir/quant/fastq.hpp"
#include "exomir/quant/trim.hpp"

namespace exomir {
namespace {

constexpr std::size_t k_chunk_bytes = 1 << 21;   // ~2 MB of FASTQ text per batch (~20k reads)
constexpr std::size_t k_detect_reads = 100000;   // reads sampled for --kit auto
constexpr double k_warn_adapter_fraction = 0.5;  // below this the QC carries a warning

// The hash of an insert, computed once per batch-unique insert in the parallel stage and reused by the merge.
inline std::uint64_t hash_seq(std::string_view seq) noexcept { return XXH3_64bits(seq.data(), seq.size()); }

// a == b for short sequences without a memcmp call: 8 bytes at a time, the last 8 overlapping (no byte past
// either end is read).
inline bool same_seq(std::string_view a, std::string_view b) noexcept {
    const std::size_t n = a.size();
    if (n != b.size()) return false;
    if (n < 8) return std::equal(a.begin(), a.end(), b.begin());
    const auto word = [](const char* p) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        return w;
    };
    for (std::size_t i = 0; i + 8 < n; i += 8)
        if (word(a.data() + i) != word(b.data() + i)) return false;
    return word(a.data() + n - 8) == word(b.data() + n - 8);
}

// a < b (bytewise, as std::string_view compares) without a memcmp call: 8 bytes at a time, compared as
// big-endian words (byte-swapped), then the rest byte by byte, then the lengths.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "seq_less reads words little-endian");
inline bool seq_less(std::string_view a, std::string_view b) noexcept {
    const std::size_t n = std::min(a.size(), b.size());
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t x, y;
        std::memcpy(&x, a.data() + i, 8);
        std::memcpy(&y, b.data() + i, 8);
        if (x != y) return __builtin_bswap64(x) < __builtin_bswap64(y);
    }
    for (; i < n; ++i)
        if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
    return a.size() < b.size();
}

// A batch's unique inserts with their read counts, in first-seen order: an open-addressing index (4 bytes a
// slot, at most half full) over entries that keep each insert's hash for the merge stage. Filled once per batch
// from its kept reads (add_all), with the index sized for them up front and its lookups fetched ahead.
class BatchInserts {
  public:
    struct Entry {
        std::string_view seq;
        std::uint64_t hash;
        std::uint64_t n_reads;
    };
    struct Read {  // a kept read's insert (n identical reads: a collapsed FASTA record's count)
        std::string_view seq;
        std::uint64_t n;
    };
    // Adds `reads` in order through an index sized for them (never more than half full: no rehash), freed when done
    // (the merge needs only the entries). Slots and entries are far larger than the L1 cache and each lookup reads a
    // slot, the entry it names and that entry's bytes in the batch text: the three are fetched 8, 4 and 2 reads ahead.
    void add_all(const std::vector<Read>& reads) {
        std::size_t size = 4096;
        while (size < 2 * reads.size()) size *= 2;
        std::vector<std::uint32_t> slots(size, 0);  // entry number + 1; 0 = empty
        std::vector<std::uint64_t> hashes(reads.size());
        for (std::size_t i = 0; i < reads.size(); ++i) hashes[i] = hash_seq(reads[i].seq);
        entries_.reserve(reads.size() / 2);
        const std::size_t mask = size - 1;
        for (std::size_t i = 0; i < reads.size(); ++i) {
            if (i + 8 < reads.size()) __builtin_prefetch(&slots[hashes[i + 8] & mask]);
            if (i + 4 < reads.size())
                if (const std::uint32_t slot = slots[hashes[i + 4] & mask]; slot != 0)
                    __builtin_prefetch(&entries_[slot - 1]);
            if (i + 2 < reads.size())
                if (const std::uint32_t slot = slots[hashes[i + 2] & mask]; slot != 0)
                    __builtin_prefetch(entries_[slot - 1].seq.data());
            add(slots, reads[i].seq, hashes[i], reads[i].n);
        }
    }
    const std::vector<Entry>& entries() const noexcept { return entries_; }

  private:
    void add(std::vector<std::uint32_t>& slots, std::string_view seq, std::uint64_t h, std::uint64_t n) {
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            if (slots[i] == 0) {
                entries_.push_back({seq, h, n});
                slots[i] = static_cast<std::uint32_t>(entries_.size());
                return;
            }
            Entry& e = entries_[slots[i] - 1];
            if (e.hash == h && same_seq(e.seq, seq)) {
                e.n_reads += n;
                return;
            }
        }
    }
    std::vector<Entry> entries_;
};

// A batch's partial result. Views point into `chunk.text`, which travels with the partial.
struct BatchPartial {
    ReadChunk chunk;
    std::uint64_t bytes_done = 0;          // input bytes consumed once this chunk was read (for progress)
    std::vector<BatchInserts::Read> kept;  // per kept record, in order (then added to `inserts` at once)
    BatchInserts inserts;
    struct UmiReads {
        std::string_view insert, umi;
        std::uint64_t n;  // identical reads (1, or a collapsed FASTA record's count)
    };
    std::vector<UmiReads> umi_reads;  // per kept record
    ReadQc qc;
};

/// Sizes of the input files as stored: `before[i]` = bytes of files 0..i-1; `total` = 0 if any size is
/// unknown (a pipe or special file), which turns the ETA off.
struct InputSizes {
    std::vector<std::uint64_t> before;
    std::uint64_t total = 0;
};

InputSizes input_sizes(const std::vector<std::string>& paths) {
    InputSizes s;
    bool known = true;
    for (const auto& p : paths) {
        s.before.push_back(s.total);
        std::error_code ec;
        const bool regular = std::filesystem::is_regular_file(p, ec);
        const auto size = regular ? std::filesystem::file_size(p, ec) : 0;
        if (!regular || ec)
            known = false;
        else
            s.total += size;
    }
    if (!known) s.total = 0;
    return s;
}

// The sample's unique inserts while reading: records in first-seen order, their bytes in a SeqArena, and
// an open-addressing index of record numbers (4 bytes a slot and a 1-byte hash tag, at most half full). About
// 34 bytes plus the bases per unique sequence, where a std::unordered_map<std::string, ...> node alone takes 80.
// UMI kits add 8 bytes a record for the molecule counts.
class InsertTable {
  public:
    explicit InsertTable(SeqArena& arena) : arena_(arena) {}
    // The record of `seq` (whose hash_seq() is `hash`), added with zero counts if new. Valid until the next call.
    SeqCount& find_or_add(std::string_view seq, std::uint64_t hash) {
        if (2 * (records_.size() + 1) > slots_.size()) grow();
        const std::size_t mask = slots_.size() - 1;
        const auto tag = static_cast<std::uint8_t>(hash >> 56);
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const std::uint32_t slot = slots_[i];
            if (slot == 0) {
                records_.push_back({arena_.store(seq), 0});
                slots_[i] = static_cast<std::uint32_t>(records_.size());
                tags_[i] = tag;
                return records_.back();
            }
            if (tags_[i] == tag && same_seq(records_[slot - 1].seq, seq)) return records_[slot - 1];
        }
    }
    // A hint for a coming find_or_add(seq, hash), in three stages a few lookups apart, each loading what the
    // last one fetched: the first slot of `hash` (0), the record it names (1), that record's bytes (2).
    void prefetch(std::uint64_t hash, int stage) const noexcept {
        if (slots_.empty()) return;
        const std::size_t i = hash & (slots_.size() - 1);
        if (stage == 0) {
            __builtin_prefetch(&slots_[i]);
            __builtin_prefetch(&tags_[i]);
            return;
        }
        if (slots_[i] == 0) return;
        const SeqCount& r = records_[slots_[i] - 1];
        __builtin_prefetch(stage == 1 ? static_cast<const void*>(&r) : static_cast<const void*>(r.seq.data()));
    }
    // One more molecule for the record `r` (a reference find_or_add returned).
    void add_molecule(const SeqCount& r) {
        const auto i = static_cast<std::size_t>(&r - records_.data());
        if (molecules_.size() <= i) molecules_.resize(records_.size(), 0);
        ++molecules_[i];
    }
    // The records (first-seen order) and the molecule counts added (for the first records that got one; the
    // caller pads them); the index is freed.
    std::pair<std::vector<SeqCount>, std::vector<std::uint64_t>> release() && {
        slots_ = {};
        tags_ = {};
        return {std::move(records_), std::move(molecules_)};
    }

  private:
    void grow() {
        if (records_.size() >= 0xffffffffu) throw Error("more than 4 billion unique sequences in one sample");
        const std::size_t size = std::max<std::size_t>(1024, 2 * slots_.size());
        slots_ = {};  // rebuilt from the records: the old and new index never coexist
        tags_ = {};
        slots_.assign(size, 0);
        tags_.assign(size, 0);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t r = 0; r < records_.size(); ++r) {
            const std::uint64_t h = hash_seq(records_[r].seq);
            std::size_t i = h & mask;
            while (slots_[i] != 0) i = (i + 1) & mask;
            slots_[i] = static_cast<std::uint32_t>(r + 1);
            tags_[i] = static_cast<std::uint8_t>(h >> 56);
        }
    }

    SeqArena& arena_;
    std::vector<SeqCount> records_;
    std::vector<std::uint32_t> slots_;      // record number + 1; 0 = empty; size a power of two
    std::vector<std::uint8_t> tags_;        // the top 8 bits of the hash of each slot's record: most probes of
                                            // another sequence stop here, before its record and its bytes
    std::vector<std::uint64_t> molecules_;  // per record (UMI kits only; grown on demand)
};

// Counts `n` identical reads `seq` (n > 1: a collapsed FASTA record): trimmed once, every counter advanced by n.
void count_read(std::string_view seq, std::uint64_t n, const TrimOptions& opt, BatchPartial& part) {
    ReadQc& qc = part.qc;
    qc.n_reads += n;
    qc.n_bases += n * seq.size();
    const TrimResult t = trim_read(seq, opt);
    if (t.adapter_found) {
        qc.n_adapter_found += n;
        qc.length_hist[std::min<std::size_t>(static_cast<std::size_t>(t.insert_length), 255)] += n;
    } else {
        qc.n_no_adapter += n;
    }
    switch (t.fate) {
        case ReadFate::dimer:
            qc.n_dimers += n;
            return;
        case ReadFate::too_short:
            qc.n_too_short += n;
            return;
        case ReadFate::too_long:
            qc.n_too_long += n;
            return;
        case ReadFate::umi_missing:
            qc.n_umi_missing += n;
            return;
        case ReadFate::too_many_n:
            qc.n_too_many_n += n;
            return;
        case ReadFate::kept:
        case ReadFate::no_adapter_kept:
            break;
    }
    qc.n_kept += n;
    part.kept.push_back({t.insert, n});
    if (opt.umi_length > 0) part.umi_reads.push_back({t.insert, t.umi, n});
}

// Reads the first `n` reads of `path` for adapter detection.
std::vector<std::string> sample_reads(const std::string& path, std::size_t n) {
    std::vector<std::string> reads;
    ReadSource src(path, 0);
    ReadChunk chunk;
    while (reads.size() < n && src.next(chunk, k_chunk_bytes))
        parse_chunk(chunk, path, [&](std::string_view s, std::uint64_t count) {
            for (std::uint64_t i = 0; i < count && reads.size() < n; ++i) reads.emplace_back(s);
        });
    return reads;
}

// Resolves --kit auto into a concrete adapter/kit before the pipeline runs.
void resolve_auto(TrimOptions& opt, const std::vector<std::string>& paths, CollapsedReads& out) {
    if (is_stream(paths.front()))
        throw UsageError(
            fmt::format("--kit auto reads the start of {} twice, which a stream (standard input, pipe) "
                        "cannot give; name the kit (--kit truseq, ...) or --adapter, or give a file",
                        paths.front()));
    const AdapterGuess g = detect_adapter(sample_reads(paths.front(), k_detect_reads));
    out.adapter_detection = g.to_json();
    if (g.kit == "none") {
        out.warnings.push_back(
            fmt::format("--kit auto: no adapter found in {:.1f}% or more of {} sampled reads; "
                        "treating reads as already trimmed",
                        10.0, g.n_sampled));
        opt.kit = Kit::custom;
        opt.adapter.clear();
        return;
    }
    opt.kit = g.kit == "custom" ? Kit::custom : parse_kit(g.kit);
    opt.adapter.clear();
    apply_kit_preset(opt);
    if (g.kit == "custom") opt.adapter = g.adapter;
}

}  // namespace

std::vector<std::string> validate(const TrimOptions& opt) {
    std::vector<std::string> problems;
    if (opt.error_rate < 0 || opt.error_rate >= 1) problems.push_back("--error-rate must be in [0, 1)");
    if (opt.min_overlap < 1) problems.push_back("--min-overlap must be >= 1");
    if (opt.min_length < 1) problems.push_back("--min-length must be >= 1");
    if (opt.max_length < opt.min_length) problems.push_back("--max-length must be >= --min-length");
    if (opt.max_length > 255) problems.push_back("--max-length must be <= 255");
    if (opt.other_max_length > 255) problems.push_back("--other-max-length must be <= 255");
    if (opt.max_n < -1) problems.push_back("--max-n must be >= 0, or -1 for no limit");
    if (opt.umi_length < 0 || opt.random5 < 0 || opt.random3 < 0) problems.push_back("UMI/random lengths must be >= 0");
    for (const char c : opt.adapter)
        if (std::string_view("ACGTN").find(c) == std::string_view::npos) {
            problems.push_back(fmt::format("--adapter '{}' must contain only ACGTN", opt.adapter));
            break;
        }
    return problems;
}

void ReadQc::merge(const ReadQc& o) {
    n_reads += o.n_reads;
    n_bases += o.n_bases;
    n_adapter_found += o.n_adapter_found;
    n_no_adapter += o.n_no_adapter;
    n_dimers += o.n_dimers;
    n_too_short += o.n_too_short;
    n_too_long += o.n_too_long;
    n_umi_missing += o.n_umi_missing;
    n_too_many_n += o.n_too_many_n;
    n_umi_duplicates += o.n_umi_duplicates;
    n_kept += o.n_kept;
    for (std::size_t i = 0; i < length_hist.size(); ++i) length_hist[i] += o.length_hist[i];
}

namespace {

// The serial, in-order merge stage of read_and_collapse: a batch's QC and inserts into the sample's; a UMI read adds
// a molecule only the first time its (insert, UMI) pair is seen.
void merge_batch(const BatchPartial& part, InsertTable& inserts, std::unordered_set<std::string>& molecules,
                 ReadQc& qc) {
    qc.merge(part.qc);
    const auto& entries = part.inserts.entries();
    for (std::size_t i = 0; i < entries.size(); ++i) {  // the table is far larger than the cache: fetch ahead
        if (i + 12 < entries.size()) inserts.prefetch(entries[i + 12].hash, 0);
        if (i + 8 < entries.size()) inserts.prefetch(entries[i + 8].hash, 1);
        if (i + 4 < entries.size()) inserts.prefetch(entries[i + 4].hash, 2);
        inserts.find_or_add(entries[i].seq, entries[i].hash).n_reads += entries[i].n_reads;
    }
    for (const auto& [seq, umi, n] : part.umi_reads) {
        std::string key;
        key.reserve(seq.size() + 1 + umi.size());
        key.append(seq).append(1, '\t').append(umi);
        const bool first = molecules.insert(std::move(key)).second;  // the other reads of the pair are duplicates
        if (first) inserts.add_molecule(inserts.find_or_add(seq, hash_seq(seq)));
        qc.n_umi_duplicates += first ? n - 1 : n;
    }
}

// The bucket of an insert by its first k_bucket_bases bases, numbered in the inserts' order (std::string_view's
// bytewise order): each base is a digit in base 6, 0 past the end, A 1, C 2, G 3, N 4, T 5. Inserts are upper-case
// ACGTN (SeqCount); another letter has no digit (false), and the caller then puts every insert in one bucket.
constexpr int k_bucket_bases = 5;
constexpr std::size_t k_buckets = 6 * 6 * 6 * 6 * 6;
inline bool bucket_of(std::string_view s, std::uint16_t& bucket) noexcept {
    constexpr auto digits = [] {
        std::array<std::uint8_t, 256> d{};
        d.fill(0xff);
        d['A'] = 1, d['C'] = 2, d['G'] = 3, d['N'] = 4, d['T'] = 5;
        return d;
    }();
    unsigned b = 0;
    for (int i = 0; i < k_bucket_bases; ++i) {
        const std::uint8_t d = static_cast<std::size_t>(i) < s.size() ? digits[static_cast<unsigned char>(s[i])] : 0;
        if (d == 0xff) return false;
        b = b * 6 + d;
    }
    bucket = static_cast<std::uint16_t>(b);
    return true;
}

// records[first, last) and their molecule counts (if any) sorted by sequence.
void sort_bucket(std::vector<SeqCount>& records, std::vector<std::uint64_t>& molecules, std::size_t first,
                 std::size_t last) {
    const auto by_seq = [](const SeqCount& a, const SeqCount& b) { return seq_less(a.seq, b.seq); };
    if (molecules.empty()) {
        std::sort(records.begin() + static_cast<std::ptrdiff_t>(first),
                  records.begin() + static_cast<std::ptrdiff_t>(last), by_seq);
        return;
    }
    std::vector<std::pair<SeqCount, std::uint64_t>> both;
    both.reserve(last - first);
    for (std::size_t i = first; i < last; ++i) both.emplace_back(records[i], molecules[i]);
    std::sort(both.begin(), both.end(), [&](const auto& a, const auto& b) { return by_seq(a.first, b.first); });
    for (std::size_t i = first; i < last; ++i) std::tie(records[i], molecules[i]) = both[i - first];
}

// Sorts the records by sequence, their molecule counts (if any) along: first into buckets by their first bases, in
// place (one pass over the records, whose bytes lie in the arena in the same order), then each bucket on its own,
// the buckets on every thread. A bucket's sequences fit in the cache, where sorting all the records at once read two
// sequences at random places of the arena per comparison. The inserts are distinct (a total order), so the order is
// the same at any thread count.
void sort_by_sequence(std::vector<SeqCount>& records, std::vector<std::uint64_t>& molecules) {
    std::vector<std::uint16_t> bucket(records.size());
    bool known = true;
    for (std::size_t i = 0; i < records.size() && known; ++i) known = bucket_of(records[i].seq, bucket[i]);
    if (!known) std::fill(bucket.begin(), bucket.end(), 0);
    std::vector<std::size_t> start(k_buckets + 1, 0);  // bucket b is [start[b], start[b + 1])
    for (const std::uint16_t b : bucket) ++start[b + 1];
    for (std::size_t b = 0; b < k_buckets; ++b) start[b + 1] += start[b];
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (std::size_t b = 0; b < k_buckets; ++b)  // each record swapped straight into its bucket
        while (next[b] < start[b + 1]) {
            const std::size_t i = next[b];
            const std::uint16_t to = bucket[i];
            if (to == b) {
                ++next[b];
                continue;
            }
            const std::size_t j = next[to]++;
            std::swap(records[i], records[j]);
            std::swap(bucket[i], bucket[j]);
            if (!molecules.empty()) std::swap(molecules[i], molecules[j]);
        }
    const TsanParallelRegion region;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, k_buckets, 16),
                      tsan_visible([&](const tbb::blocked_range<std::size_t>& r) {
                          for (std::size_t b = r.begin(); b != r.end(); ++b)
                              if (start[b + 1] - start[b] > 1) sort_bucket(records, molecules, start[b], start[b + 1]);
                      }));
    region.end();
}

// The sorted insert table (molecules = reads without UMIs) and the warnings of a finished sample.
void finish_collapse(InsertTable&& inserts, const TrimOptions& opt, CollapsedReads& out) {
    auto released = std::move(inserts).release();  // not a structured binding: clang 14 cannot capture one
    std::vector<SeqCount>& records = released.first;
    std::vector<std::uint64_t>& molecules = released.second;
    out.umi = opt.umi_length > 0;
    // The molecule counts (UMI kits; 0 for records that never got one) follow their records into sequence order.
    if (out.umi) molecules.resize(records.size(), 0);
    sort_by_sequence(records, molecules);
    out.sequences = std::move(records);
    if (out.umi) out.molecules = std::move(molecules);
    // An adapter in few reads (wrong kit, or trimmed reads) is judged by the QC gate (qc_gate.hpp), which fails
    // the sample and names the kit that fits; quant still writes its outputs so the run can report it.
    if (!opt.adapter.empty() && out.qc.n_reads > 0) {
        const double frac = static_cast<double>(out.qc.n_adapter_found) / static_cast<double>(out.qc.n_reads);
        if (frac < k_warn_adapter_fraction)
            out.warnings.push_back(
                fmt::format("adapter {} found in only {:.1f}% of reads; check the kit", opt.adapter, 100 * frac));
    }
    if (out.qc.n_reads == 0) out.warnings.push_back("no reads in the input: all counts are zero");
}

}  // namespace

CollapsedReads read_and_collapse(const std::vector<std::string>& paths, TrimOptions opt, const ProgressFn& progress) {
    CollapsedReads out;
    if (paths.empty()) throw UsageError("no input files; give one or more FASTQ/BAM files of the sample");
    if (opt.kit == Kit::auto_detect) resolve_auto(opt, paths, out);
    apply_kit_preset(opt);
    out.adapter_used = opt.adapter;
    out.kit_used = kit_name(opt.kit);

    InsertTable inserts(out.storage);
    std::unordered_set<std::string> molecules;  // insert + '\t' + UMI
    std::size_t file = 0;
    std::unique_ptr<ReadSource> src;
    std::uint64_t next_progress = 1000000;
    const InputSizes sizes = input_sizes(paths);
    const auto tokens = static_cast<std::size_t>(2 * tbb::this_task_arena::max_concurrency());

    const TsanParallelRegion tsan_region;  // no-op unless built with -fsanitize=thread (tsan.hpp)
    tbb::parallel_pipeline(
        tokens, tbb::make_filter<void, std::unique_ptr<BatchPartial>>(
                    tbb::filter_mode::serial_in_order,
                    tsan_visible([&](tbb::flow_control& fc) -> std::unique_ptr<BatchPartial> {
                        auto part = std::make_unique<BatchPartial>();
                        while (file < paths.size()) {
                            if (!src) src = std::make_unique<ReadSource>(paths[file], static_cast<std::uint32_t>(file));
                            if (src->next(part->chunk, k_chunk_bytes)) {
                                part->bytes_done = sizes.before[file] + src->bytes_consumed();
                                return part;
                            }
                            src.reset();
                            ++file;
                        }
                        fc.stop();
                        return nullptr;
                    })) &
                    tbb::make_filter<std::unique_ptr<BatchPartial>, std::unique_ptr<BatchPartial>>(
                        tbb::filter_mode::parallel, tsan_visible([&](std::unique_ptr<BatchPartial> part) {
                            BatchPartial& p = *part;
                            parse_chunk(p.chunk, paths[p.chunk.file_index],
                                        [&](std::string_view seq, std::uint64_t n) { count_read(seq, n, opt, p); });
                            p.inserts.add_all(p.kept);
                            std::vector<BatchInserts::Read>().swap(p.kept);
                            return part;
                        })) &
                    tbb::make_filter<std::unique_ptr<BatchPartial>, void>(
                        tbb::filter_mode::serial_in_order, tsan_visible([&](std::unique_ptr<BatchPartial> part) {
                            merge_batch(*part, inserts, molecules, out.qc);
                            if (progress && out.qc.n_reads >= next_progress) {
                                progress({out.qc.n_reads, part->bytes_done, sizes.total});
                                next_progress += 1000000;
                            }
                        })));
    tsan_region.end();

    molecules = {};
    finish_collapse(std::move(inserts), opt, out);
    return out;
}

KitCheck check_kit(const std::vector<std::string>& paths, const std::string& used_adapter) {
    KitCheck k;
    if (paths.empty() || used_adapter.empty() || is_stream(paths.front())) return k;
    const std::vector<std::string> reads = sample_reads(paths.front(), k_detect_reads);
    const AdapterGuess g = detect_adapter(reads);
    k.run = true;
    k.sampled = reads.size();
    k.best_kit = g.kit == "custom" ? "none" : g.kit;  // a de novo adapter is no kit to suggest
    k.best_support = g.kit == "custom" ? 0.0 : g.support;
    k.used_support = adapter_support(reads, used_adapter);
    return k;
}

nlohmann::json to_json(const CollapsedReads& reads, const TrimOptions& opt) {
    const ReadQc& qc = reads.qc;
    std::size_t last = 0;
    for (std::size_t i = 0; i < qc.length_hist.size(); ++i)
        if (qc.length_hist[i]) last = i + 1;
    nlohmann::json hist = nlohmann::json::array();
    for (std::size_t i = 0; i < last; ++i) hist.push_back(qc.length_hist[i]);
    nlohmann::json j;
    j["reads_in"] = qc.n_reads;
    j["bases_in"] = qc.n_bases;
    j["kit"] = reads.kit_used.empty() ? kit_name(opt.kit) : reads.kit_used;
    j["adapter"] = reads.adapter_used.empty() ? nlohmann::json(nullptr) : nlohmann::json(reads.adapter_used);
    j["adapter_found"] = qc.n_adapter_found;
    j["no_adapter"] = qc.n_no_adapter;
    j["adapter_dimers"] = qc.n_dimers;
    j["too_short"] = qc.n_too_short;
    j["too_long"] = qc.n_too_long;
    j["umi_missing"] = qc.n_umi_missing;
    j["too_many_n"] = qc.n_too_many_n;
    j["umi_duplicates"] = qc.n_umi_duplicates;
    j["reads_kept"] = qc.n_kept;
    j["unique_sequences"] = reads.sequences.size();
    j["insert_length_histogram"] = hist;
    j["length_window"] = {opt.min_length, opt.max_length};
    j["other_rna_max_length"] = std::max(opt.max_length, opt.other_max_length);
    if (!reads.adapter_detection.is_null()) j["adapter_detection"] = reads.adapter_detection;
    j["warnings"] = reads.warnings;
    return j;
}

}  // namespace exomir
