// fastq.cpp: format detection, record-boundary chunking (ISA-L for gzip and BGZF files, htslib for the rest), FASTQ
// record validation.
#include "exomir/quant/fastq.hpp"

#include <unistd.h>
#include <algorithm>
#include <array>
#include <charconv>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>
#include <htslib/bgzf.h>
#include <htslib/hfile.h>
#include <htslib/hts.h>
#include <htslib/sam.h>
#include <isa-l/igzip_lib.h>

#include "exomir/core/error.hpp"
#include "exomir/core/fasta.hpp"
#include "exomir/core/safety.hpp"

namespace exomir {
namespace {

// Letter normalisation table: 0 = invalid, else the upper-case base (IUPAC ambiguity codes -> N).
constexpr std::array<char, 256> make_letter_table() {
    std::array<char, 256> t{};
    const char* same = "ACGTN";
    for (const char* c = same; *c; ++c)
        t[static_cast<unsigned char>(*c)] = *c, t[static_cast<unsigned char>(*c + 32)] = *c;
    t['U'] = t['u'] = 'T';
    t['.'] = 'N';
    const char* iupac = "RYKMSWBDHV";
    for (const char* c = iupac; *c; ++c)
        t[static_cast<unsigned char>(*c)] = 'N', t[static_cast<unsigned char>(*c + 32)] = 'N';
    t['='] = 'N';
    return t;
}
constexpr std::array<char, 256> k_letters = make_letter_table();

BGZF* as_bgzf(void* p) { return static_cast<BGZF*>(p); }

constexpr std::size_t k_gzip_in_bytes = 1 << 20;  // compressed bytes per read(2) of a gzip or BGZF file

// Number of '\n' in [p, p + n): 16 bytes per step with SSE2, byte counters summed every 255 steps (std::count
// over chars is not vectorised well, and popcount is a library call without -mpopcnt).
std::size_t count_newlines(const char* p, std::size_t n) {
    std::size_t count = 0, i = 0;
#if defined(__SSE2__) && defined(__x86_64__)
    const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
    while (i + 16 <= n) {
        __m128i bytes = zero;  // per-byte newline counts, at most 255 steps
        for (int step = 0; step < 255 && i + 16 <= n; ++step, i += 16)
            bytes = _mm_sub_epi8(bytes, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), nl));
        const __m128i sums = _mm_sad_epu8(bytes, zero);  // two 64-bit lane sums
        count += static_cast<std::size_t>(_mm_cvtsi128_si64(sums)) +
                 static_cast<std::size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
    }
#endif
    for (; i < n; ++i) count += p[i] == '\n';
    return count;
}

// True if the `n` (>= 16) bases at s are all A, C, G or T and the `n` quality bytes at q all lie in '!'..'~': the
// usual record, which then needs no normalising. 16 bytes per step with SSE2, the last step overlapping.
#if defined(__SSE2__)
bool plain_record(const char* s, const char* q, std::size_t n) {
    const __m128i a = _mm_set1_epi8('A'), c = _mm_set1_epi8('C'), g = _mm_set1_epi8('G'), t = _mm_set1_epi8('T');
    const __m128i below = _mm_set1_epi8('!' - 1), above = _mm_set1_epi8('~' + 1);
    __m128i ok = _mm_set1_epi8(-1);
    for (std::size_t i = 0;; i += 16) {
        if (i + 16 > n) i = n - 16;
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + i));
        const __m128i base = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, a), _mm_cmpeq_epi8(b, c)),
                                          _mm_or_si128(_mm_cmpeq_epi8(b, g), _mm_cmpeq_epi8(b, t)));
        // signed compare: bytes >= 128 are negative, so below '!' too
        const __m128i qual = _mm_and_si128(_mm_cmpgt_epi8(v, below), _mm_cmplt_epi8(v, above));
        ok = _mm_and_si128(ok, _mm_and_si128(base, qual));
        if (i + 16 >= n) break;
    }
    return _mm_movemask_epi8(ok) == 0xffff;
}
#else
bool plain_record(const char*, const char*, std::size_t) { return false; }
#endif

}  // namespace

/// Streaming inflate of a gzip file (one or more members: BGZF is a series of them) through ISA-L, about 3x zlib's
/// speed; the file is read through htslib's hFILE so that the same paths (and URL schemes) open as with bgzf_open.
/// Like htslib's gzip reader: members are concatenated, and anything after a member that is not another valid
/// member (garbage, a cut) is an error, as is a wrong CRC or length in a member's trailer.
class GzipInflater {
  public:
    explicit GzipInflater(const std::string& path) : fp_(hopen(path.c_str(), "r")), in_(k_gzip_in_bytes) {
        if (!fp_) throw Error(fmt::format("{}: cannot open; check the path and permissions", path));
        isal_inflate_init(&st_);
        st_.crc_flag = ISAL_GZIP;
    }
    ~GzipInflater() {
        if (fp_) hclose_abruptly(fp_);
    }
    GzipInflater(const GzipInflater&) = delete;
    GzipInflater& operator=(const GzipInflater&) = delete;

    /// Inflates up to `n` bytes into `out`: the count (< n only at the end), or -1 when the stream is truncated
    /// or corrupt.
    long read(char* out, std::size_t n) {
        st_.next_out = reinterpret_cast<std::uint8_t*>(out);
        st_.avail_out = static_cast<std::uint32_t>(std::min<std::size_t>(n, 1u << 30));
        const std::uint32_t want = st_.avail_out;
        while (st_.avail_out > 0) {
            if (st_.block_state == ISAL_BLOCK_FINISH) {  // a member ended: the file ends or another member follows
                if (st_.avail_in == 0 && !refill()) return -1;
                if (st_.avail_in == 0) break;
                isal_inflate_reset(&st_);
                st_.crc_flag = ISAL_GZIP;
            }
            if (st_.avail_in == 0 && !refill()) return -1;
            const std::uint32_t in_before = st_.avail_in, out_before = st_.avail_out;
            const int ret = isal_inflate(&st_);
            if (ret != ISAL_DECOMP_OK && ret != ISAL_END_INPUT && ret != ISAL_OUT_OVERFLOW) return -1;
            // No input left, none consumed and nothing produced inside a member: the file is cut short.
            if (eof_ && in_before == 0 && st_.avail_out == out_before && st_.block_state != ISAL_BLOCK_FINISH)
                return -1;
        }
        return static_cast<long>(want - st_.avail_out);
    }
    /// Compressed bytes consumed so far.
    std::uint64_t consumed() const noexcept { return file_bytes_ - st_.avail_in; }

  private:
    // Reads the next block of compressed bytes; false on a read error. At the end of the file avail_in stays 0.
    bool refill() {
        if (eof_) return true;
        const ssize_t got = hread(fp_, in_.data(), in_.size());
        if (got < 0) return false;
        if (got == 0) eof_ = true;
        file_bytes_ += static_cast<std::uint64_t>(got);
        st_.next_in = in_.data();
        st_.avail_in = static_cast<std::uint32_t>(got);
        return true;
    }

    hFILE* fp_;
    std::vector<std::uint8_t> in_;
    inflate_state st_{};
    std::uint64_t file_bytes_ = 0;
    bool eof_ = false;
};

bool normalise_read_letters(char* s, std::size_t n) {
    // Fast path: upper-case ACGT only (branch-free so the compiler vectorises it).
    std::size_t n_acgt = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        n_acgt += static_cast<unsigned char>((c == 'A') | (c == 'C') | (c == 'G') | (c == 'T'));
    }
    if (n_acgt == n) return true;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = k_letters[static_cast<unsigned char>(s[i])];
        if (!c) return false;
        s[i] = c;
    }
    return true;
}

void fail_truncated_record(const std::string& path, std::uint64_t record, std::uint64_t line) {
    throw Error(
        fmt::format("{}: record {} (line {}): truncated record, fewer than 4 lines; the file is cut short or "
                    "not 4-line FASTQ",
                    path, record + 1, line + 1));
}

// Blank lines are accepted only at the end of the file. Checked per chunk: 4k blank lines that end
// exactly at a chunk cut are skipped without error (rare, and no read is lost or misparsed).
void fail_blank_line(const std::string& path, std::uint64_t record, std::uint64_t line) {
    throw Error(
        fmt::format("{}: line {} (before record {}): blank line between records; remove blank lines from "
                    "the FASTQ",
                    path, line + 1, record + 1));
}

bool only_blank_lines(std::string_view rest) noexcept {
    return rest.find_first_not_of("\r\n") == std::string_view::npos;
}

std::string_view check_fastq_record(std::string_view header, std::string_view seq, char* seq_mut, std::string_view plus,
                                    std::string_view qual, const std::string& path, std::uint64_t record,
                                    std::uint64_t line) {
    auto fail = [&](const std::string& what) {
        throw Error(fmt::format("{}: record {} (line {}): {}", path, record + 1, line + 1, what));
    };
    if (header[0] != '@') fail("header does not start with '@'; is this FASTQ (4 lines per record)?");
    if (plus.empty() || plus[0] != '+') fail("third line does not start with '+'; fix the record");
    if (qual.size() != seq.size())
        fail(fmt::format("quality length {} != sequence length {}; the record is corrupt", qual.size(), seq.size()));
    if (seq.size() >= 16 && plain_record(seq.data(), qual.data(), seq.size())) return seq;
    if (!normalise_read_letters(seq_mut, seq.size()))
        fail("sequence has a letter that is not a nucleotide (ACGTN or IUPAC); fix the record");
    unsigned char lo = 255, hi = 0;
    for (const char c : qual) {
        lo = std::min(lo, static_cast<unsigned char>(c));
        hi = std::max(hi, static_cast<unsigned char>(c));
    }
    if (!qual.empty() && (lo < '!' || hi > '~')) {
        // The parser's fast path takes a quality line by the sequence's length: a shorter one then runs into the
        // next record, and its true length is where the line ends.
        if (const auto nl = qual.find('\n'); nl != std::string_view::npos)
            fail(fmt::format("quality length {} != sequence length {}; the record is corrupt", nl, seq.size()));
        fail("quality has a character outside '!'..'~'; fix the record");
    }
    return seq;
}

ReadSource::ReadSource(const std::string& path, std::uint32_t file_index) : path_(path), file_index_(file_index) {
    hts_set_log_level(HTS_LOG_OFF);
    // Opened once: a stream (stdin "-", a pipe, a FIFO, <(zcat f.gz)) cannot be read twice.
    const bool stream = is_stream(path);
    BGZF* fp = path == "-" ? bgzf_dopen(::dup(STDIN_FILENO), "r") : bgzf_open(path.c_str(), "r");
    if (!fp) throw Error(fmt::format("{}: cannot open; check the path and permissions", path));
    note_input(path);
    // Peek at the first decompressed bytes to decide between FASTQ and htslib's record formats.
    char head[4] = {0, 0, 0, 0};
    const ssize_t got = bgzf_read(fp, head, sizeof head);
    const int compression = bgzf_compression(fp);
    const bool compressed = compression != no_compression;
    if (got < 0) {
        bgzf_close(fp);
        throw Error(fmt::format("{}: corrupt or truncated gzip at the start; re-download the file", path));
    }
    if (got == 0) {
        bgzf_close(fp);
        format_ = "empty";
        eof_ = true;
        return;
    }
    if ((head[0] == '@' && !(got == 4 && std::string_view(head, 3) == "@HD")) || head[0] == '>') {
        fasta_ = head[0] == '>';
        format_ = std::string(fasta_ ? "FASTA" : "FASTQ") + (compressed ? " gzip" : "");
        // A gzip or BGZF file: ISA-L (BGZF is a series of gzip members: ISA-L inflates them with half the CPU of
        // htslib's libdeflate, nearly as fast on one core as it on two); uncompressed files and streams: htslib.
        if ((compression == gzip || compression == bgzf) && !stream) {
            bgzf_close(fp);
            gzip_ = std::make_unique<GzipInflater>(path);
        } else {
            bgzf_ = fp;
            carry_.assign(head, static_cast<std::size_t>(got));  // the peeked bytes start the first chunk
        }
        return;
    }
    bgzf_close(fp);
    if (stream)
        throw Error(
            fmt::format("{}: BAM, CRAM and SAM input must be a file, not standard input or a pipe; save it to a "
                        "file first (FASTQ and FASTQ.gz can be streamed)",
                        path));
    const bool bam = got == 4 && std::string_view(head, 4) == std::string_view("BAM\1", 4);
    const bool cram = got == 4 && std::string_view(head, 4) == "CRAM";
    const bool sam = got >= 3 && std::string_view(head, 3) == "@HD";
    if (!bam && !cram && !sam)
        throw Error(
            fmt::format("{}: not FASTQ, FASTA, BAM or CRAM (first bytes are not '@', '>', 'BAM\\1' or 'CRAM'); "
                        "check the file is reads and not binary or another format",
                        path));
    htsFile* hts = hts_open(path.c_str(), "r");
    if (!hts)
        throw Error(fmt::format("{}: htslib cannot open this {} file", path, bam ? "BAM" : cram ? "CRAM" : "SAM"));
    hdr_ = sam_hdr_read(hts);
    if (!hdr_) {
        hts_close(hts);  // the destructor does not run when the constructor throws
        throw Error(fmt::format("{}: cannot read the BAM/CRAM header; the file is corrupt", path));
    }
    hts_ = hts;
    rec_ = bam_init1();
    format_ = bam ? "BAM" : cram ? "CRAM" : "SAM";
}

ReadSource::~ReadSource() {
    if (bgzf_) bgzf_close(as_bgzf(bgzf_));
    if (rec_) bam_destroy1(static_cast<bam1_t*>(rec_));
    if (hdr_) sam_hdr_destroy(static_cast<sam_hdr_t*>(hdr_));
    if (hts_) hts_close(static_cast<htsFile*>(hts_));
}

std::uint64_t ReadSource::bytes_consumed() const noexcept {
    if (gzip_) return gzip_->consumed();
    hFILE* raw = nullptr;
    if (bgzf_) {
        raw = as_bgzf(bgzf_)->fp;
    } else if (hts_) {
        const auto* h = static_cast<const htsFile*>(hts_);
        if (h->is_bgzf)
            raw = h->fp.bgzf->fp;  // BAM
        else if (!h->is_cram)
            raw = h->fp.hfile;  // plain SAM; CRAM: unknown
    }
    const off_t at = raw ? htell(raw) : 0;
    return at > 0 ? static_cast<std::uint64_t>(at) : 0;
}

bool ReadSource::next(ReadChunk& chunk, std::size_t target_bytes) {
    chunk.text.clear();
    chunk.file_index = file_index_;
    if (eof_) return false;
    if (bgzf_ || gzip_) return fasta_ ? next_fasta(chunk, target_bytes) : next_fastq(chunk, target_bytes);
    return next_sam(chunk, target_bytes);
}

long ReadSource::read_fastq_bytes(char* out, std::size_t n) {
    if (gzip_) return gzip_->read(out, n);
    return static_cast<long>(bgzf_read(as_bgzf(bgzf_), out, n));
}

void ReadSource::fill(std::string& text, std::size_t target_bytes) {
    while (text.size() < target_bytes) {
        const std::size_t old = text.size();
        text.resize(old + std::max<std::size_t>(target_bytes - old, 1 << 16));
        const long got = read_fastq_bytes(text.data() + old, text.size() - old);
        if (got < 0)
            throw Error(
                fmt::format("{}: gzip stream is truncated or corrupt after about {} records; re-download or "
                            "re-compress the file",
                            path_, records_done_));
        text.resize(old + static_cast<std::size_t>(got));
        if (got == 0) {
            eof_ = true;
            break;
        }
    }
}

bool ReadSource::next_fastq(ReadChunk& chunk, std::size_t target_bytes) {
    chunk.fastq = true;
    chunk.first_line = lines_done_;
    chunk.first_record = records_done_;
    std::string& text = chunk.text;
    text.swap(carry_);
    carry_.clear();
    fill(text, target_bytes);  // then cut after the last complete record
    if (text.empty()) return false;
    // Count lines (this runs in the serial input stage); cut after the newline that
    // completes the last multiple of 4 lines, found by stepping back over the lines of the partial record.
    const std::size_t lines = count_newlines(text.data(), text.size());
    std::size_t cut = 0, cut_lines = lines - lines % 4;
    if (cut_lines > 0) {
        std::size_t end = text.size();
        for (std::size_t back = 0; back <= lines % 4; ++back) {
            const void* nl = memrchr(text.data(), '\n', end);
            end = static_cast<std::size_t>(static_cast<const char*>(nl) - text.data());
        }
        cut = end + 1;
    }
    if (eof_) {
        cut = text.size();  // the parser reports a truncated final record
        cut_lines = lines + (text.back() != '\n');
    }
    carry_.assign(text, cut, std::string::npos);
    text.resize(cut);
    lines_done_ += cut_lines;
    records_done_ += cut_lines / 4;
    if (text.empty() && !eof_) return next_fastq(chunk, target_bytes * 2);  // a record longer than the chunk
    return !text.empty();
}

bool ReadSource::next_sam(ReadChunk& chunk, std::size_t target_bytes) {
    chunk.fastq = false;
    chunk.first_record = records_done_;
    auto* rec = static_cast<bam1_t*>(rec_);
    while (chunk.text.size() < target_bytes) {
        const int ret = sam_read1(static_cast<htsFile*>(hts_), static_cast<sam_hdr_t*>(hdr_), rec);
        if (ret == -1) {
            eof_ = true;
            break;
        }
        if (ret < -1)
            throw Error(fmt::format("{}: record {}: htslib cannot parse the record; the file is truncated or corrupt",
                                    path_, records_done_ + 1));
        if (rec->core.flag & (BAM_FSECONDARY | BAM_FSUPPLEMENTARY)) continue;
        const uint8_t* s = bam_get_seq(rec);
        const int n = rec->core.l_qseq;
        std::string seq(static_cast<std::size_t>(n), 'N');
        for (int i = 0; i < n; ++i) seq[i] = seq_nt16_str[bam_seqi(s, i)];
        normalise_read_letters(seq.data(), seq.size());
        chunk.text += (rec->core.flag & BAM_FREVERSE) ? reverse_complement(seq) : seq;
        chunk.text += '\n';
        ++records_done_;
    }
    return !chunk.text.empty();
}

// The largest read count a collapsed FASTA header may give: 10^9, more reads than one sample ever gets.
constexpr std::uint64_t k_max_fasta_count = 1'000'000'000ULL;

std::uint64_t fasta_read_count(std::string_view header, bool bare_number_is_count) {
    header = header.substr(0, header.find_first_of(" \t\r"));           // the ID; a description after it is not a count
    const auto number = [](std::string_view digits) -> std::uint64_t {  // all digits: the value (too large: max)
        std::uint64_t n = 0;
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) return 0;
        const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        return ec == std::errc::result_out_of_range ? std::numeric_limits<std::uint64_t>::max() : n;
    };
    std::uint64_t n = 0;
    if (const auto x = header.rfind("_x"); x != std::string_view::npos)
        n = number(header.substr(x + 2));  // mirDeep2 seq_N_xCOUNT, seqcluster NAME_xCOUNT
    else if (const auto dash = header.find('-'); dash != std::string_view::npos && number(header.substr(0, dash)) > 0)
        n = number(header.substr(dash + 1));  // FASTX-Toolkit RANK-COUNT
    else if (bare_number_is_count)
        n = number(header);  // COUNT
    return n > 0 ? n : 1;
}

namespace {

// True if the first two FASTA headers are the numbers 1 and 2 (or 0 and 1): reads renamed by number (seqtk rename,
// fastq_to_fasta -r), not bare read counts.
bool numbered_names(std::string_view text) {
    std::uint64_t ids[2] = {0, 0};
    std::size_t pos = 0;
    for (auto& id : ids) {
        if (pos >= text.size() || text[pos] != '>') return false;
        const auto end = text.find_first_of("\r\n", pos);
        const std::string_view h = text.substr(pos + 1, end == std::string_view::npos ? end : end - pos - 1);
        if (h.empty() || h.size() > 18 || h.find_first_not_of("0123456789") != std::string_view::npos) return false;
        std::from_chars(h.data(), h.data() + h.size(), id);
        pos = text.find("\n>", pos);
        pos = pos == std::string_view::npos ? text.size() : pos + 1;
    }
    return ids[0] <= 1 && ids[1] == ids[0] + 1;
}

}  // namespace

// FASTA: records cut at the last '>' that starts a line, or at the end of the file; each record becomes one line
// "SEQ" or "SEQ<TAB>COUNT" (a collapsed header), its sequence lines joined and normalised like FASTQ's.
bool ReadSource::next_fasta(ReadChunk& chunk, std::size_t target_bytes) {
    chunk.fastq = false;
    chunk.first_record = records_done_;
    std::string text;
    text.swap(carry_);
    fill(text, target_bytes);
    if (text.empty()) return false;
    std::size_t cut = text.size();
    if (!eof_) {
        const auto last = text.rfind("\n>");
        if (last == std::string::npos || last == 0) {  // one record longer than the chunk
            carry_ = std::move(text);
            return next_fasta(chunk, target_bytes * 2);
        }
        cut = last + 1;
    }
    carry_.assign(text, cut, std::string::npos);
    if (records_done_ == 0) numbered_names_ = numbered_names(text);
    std::string_view rest(text.data(), cut);
    std::string seq;
    while (!rest.empty()) {
        auto nl = rest.find('\n');
        std::string_view header = rest.substr(0, nl);
        rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
        if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
        if (header.empty()) continue;  // blank lines between records
        ++records_done_;
        if (header[0] != '>')
            throw Error(fmt::format("{}: record {}: a FASTA header must start with '>' (got '{}'); fix the file", path_,
                                    records_done_, header.substr(0, 40)));
        seq.clear();
        while (!rest.empty() && rest[0] != '>') {
            nl = rest.find('\n');
            std::string_view line = rest.substr(0, nl);
            rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            seq.append(line);
        }
        if (!normalise_read_letters(seq.data(), seq.size()))
            throw Error(
                fmt::format("{}: record {} ({}): sequence has a letter that is not a nucleotide (ACGTN or "
                            "IUPAC); fix the record",
                            path_, records_done_, header.substr(1, 60)));
        if (seq.empty()) continue;  // an empty record holds no read
        const std::uint64_t count = fasta_read_count(header.substr(1), !numbered_names_);
        if (count > k_max_fasta_count)  // each counted read goes through trimming and QC one by one
            throw Error(
                fmt::format("{}: record {} ({}): a count of {} reads is beyond any library (at most {}); fix "
                            "the header",
                            path_, records_done_, header.substr(1, 60), count, k_max_fasta_count));
        chunk.text += seq;
        if (count > 1) chunk.text += fmt::format("\t{}", count);
        chunk.text += '\n';
    }
    if (chunk.text.empty() && !eof_) return next_fasta(chunk, target_bytes);
    return !chunk.text.empty();
}

}  // namespace exomir
