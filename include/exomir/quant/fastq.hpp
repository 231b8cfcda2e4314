// fastq.hpp: read input for quant: chunking of FASTQ (gzip and BGZF files through ISA-L; uncompressed input and
// compressed streams through htslib), of FASTA with or without read counts (collapsed reads), and of unaligned
// BAM/CRAM (htslib).
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace exomir {

/// A batch of whole records cut by the serial reader. `text` holds either raw FASTQ lines
/// (`fastq = true`) or one sequence per line, already upper-case ACGTN (decoded from BAM/CRAM records, or from
/// FASTA records, where `SEQ<TAB>COUNT` stands for COUNT reads of SEQ).
struct ReadChunk {
    std::string text;
    bool fastq = true;
    std::uint32_t file_index = 0;
    std::uint64_t first_record = 0;  ///< 0-based index of the first record in its file
    std::uint64_t first_line = 0;    ///< 0-based line number of the first line (FASTQ)
};

/// Serially reads one input file into chunks of about `target_bytes`, always ending at a record
/// boundary. Format is detected from content: FASTQ (plain, gzip, BGZF), FASTA (the same compressions; see
/// fasta_read_count for collapsed headers), BAM, CRAM, SAM.
/// Throws Error naming the file for unreadable/unknown formats and truncated or corrupt gzip.
class GzipInflater;

class ReadSource {
  public:
    ReadSource(const std::string& path, std::uint32_t file_index);
    ~ReadSource();
    ReadSource(const ReadSource&) = delete;
    ReadSource& operator=(const ReadSource&) = delete;

    /// Fills `chunk` with the next batch. @return false at end of file (chunk left empty).
    bool next(ReadChunk& chunk, std::size_t target_bytes);
    const std::string& path() const noexcept { return path_; }
    /// Human-readable detected format ("FASTQ gzip", "BAM", "empty", ...).
    const std::string& format() const noexcept { return format_; }
    /// Bytes of the file (compressed, as stored) consumed so far; 0 when unknown (CRAM, empty file).
    std::uint64_t bytes_consumed() const noexcept;

  private:
    bool next_fastq(ReadChunk& chunk, std::size_t target_bytes);
    bool next_fasta(ReadChunk& chunk, std::size_t target_bytes);
    /// Appends decompressed bytes to `text` until it holds at least target_bytes or the file ends (sets eof_).
    void fill(std::string& text, std::size_t target_bytes);
    bool next_sam(ReadChunk& chunk, std::size_t target_bytes);
    /// Decompressed FASTQ bytes into `out`: >0 bytes, 0 at the end, -1 on a truncated or corrupt stream.
    long read_fastq_bytes(char* out, std::size_t n);

    std::string path_;
    std::uint32_t file_index_;
    std::string format_;
    void* bgzf_ = nullptr;                // BGZF* (FASTQ: uncompressed, or a compressed stream)
    std::unique_ptr<GzipInflater> gzip_;  // FASTQ in a gzip or BGZF file
    void* hts_ = nullptr;                 // htsFile* (BAM/CRAM/SAM)
    void* hdr_ = nullptr;                 // sam_hdr_t*
    void* rec_ = nullptr;                 // bam1_t*
    std::string carry_;                   // bytes after the last complete record
    std::uint64_t lines_done_ = 0, records_done_ = 0;
    bool eof_ = false;
    bool fasta_ = false;
    bool numbered_names_ = false;  // FASTA headers 1, 2, 3, ...: read names, not counts
};

/// One parsed read: views into the chunk text (the sequence is upper-cased in place).
struct ParsedRead {
    std::string_view seq;
};

/// Parses the records of a chunk, upper-casing sequences in place ('.' and U become N and T).
/// Calls `on_read(seq, n)` for each record in order: n = 1, or the read count of a collapsed FASTA record (n
/// identical reads, which the caller counts at once). Throws Error
/// "<path>: record R (line L): <what>; <fix>" for a header without '@', a missing '+' line,
/// quality length != sequence length, a non-nucleotide letter, or a truncated last record.
template <typename F>
void parse_chunk(ReadChunk& chunk, const std::string& path, F&& on_read);

/// The read count of a FASTA header (without '>'), for collapsed reads: mirDeep2's `seq_N_xCOUNT` and seqcluster's
/// `NAME_xCOUNT` (the count after the last `_x`), FASTX-Toolkit's `RANK-COUNT`, or a header that is only `COUNT`
/// (unless `bare_number_is_count` is false: ReadSource says so for a file whose first headers are 1, 2, i.e. reads
/// renamed by number). Any other header is one read. A count field that is not a whole number, or is 0, is not a
/// count; one too large for 64 bits is the largest value (the reader then refuses it).
std::uint64_t fasta_read_count(std::string_view header, bool bare_number_is_count = true);

/// Implementation detail of parse_chunk: validates and normalises one FASTQ record.
/// @return the sequence view; throws Error on malformed records.
std::string_view check_fastq_record(std::string_view header, std::string_view seq_line_const, char* seq_mut,
                                    std::string_view plus, std::string_view qual, const std::string& path,
                                    std::uint64_t record, std::uint64_t line);
/// Throws Error for a record cut short at the end of the file.
[[noreturn]] void fail_truncated_record(const std::string& path, std::uint64_t record, std::uint64_t line);
/// Throws Error for a blank line between records (it would shift the 4-line record grid).
[[noreturn]] void fail_blank_line(const std::string& path, std::uint64_t record, std::uint64_t line);
/// True if `rest` holds nothing but line breaks.
bool only_blank_lines(std::string_view rest) noexcept;
/// Upper-cases a BAM-decoded or FASTQ sequence; @return false on a non-nucleotide letter.
bool normalise_read_letters(char* s, std::size_t n);

template <typename F>
void parse_chunk(ReadChunk& chunk, const std::string& path, F&& on_read) {
    char* const base = chunk.text.data();
    const std::size_t n = chunk.text.size();
    std::size_t pos = 0;
    auto next_line = [&](std::string_view& line) -> bool {
        if (pos >= n) return false;
        const void* nl = std::memchr(base + pos, '\n', n - pos);
        const std::size_t end = nl ? static_cast<const char*>(nl) - base : n;
        std::size_t len = end - pos;
        if (len > 0 && base[pos + len - 1] == '\r') --len;
        line = std::string_view(base + pos, len);
        pos = end + 1;
        return true;
    };
    std::string_view h, s, p, q;
    std::uint64_t record = chunk.first_record;
    if (!chunk.fastq) {  // BAM/CRAM/FASTA sequences: already decoded and normalised by ReadSource
        while (next_line(s)) {
            const auto tab = s.find('\t');
            if (tab == std::string_view::npos) {
                on_read(s, std::uint64_t{1});
                continue;
            }
            std::uint64_t count = 0;  // collapsed FASTA: written by ReadSource as SEQ<TAB>COUNT
            for (const char c : s.substr(tab + 1)) count = count * 10 + static_cast<std::uint64_t>(c - '0');
            on_read(s.substr(0, tab), count);
        }
        return;
    }
    std::uint64_t line = chunk.first_line;
    while (next_line(h)) {
        if (h.empty()) {  // blank lines are tolerated only at the end of the file (of the chunk, see fastq.cpp)
            if (!only_blank_lines(std::string_view(base + pos, n - pos))) fail_blank_line(path, record, line);
            break;
        }
        if (!next_line(s)) fail_truncated_record(path, record, line);
        // Most records: a bare "+" line and a quality line exactly as long as the sequence, ended by '\n' (no
        // '\r'): both taken without a line search; anything else goes through next_line.
        const std::size_t qual_at = pos + 2, qual_end = qual_at + s.size();
        if (qual_end < n && base[pos] == '+' && base[pos + 1] == '\n' && base[qual_end] == '\n' &&
            (s.empty() || base[qual_end - 1] != '\r')) {
            p = std::string_view(base + pos, 1);
            q = std::string_view(base + qual_at, s.size());
            pos = qual_end + 1;
        } else if (!next_line(p) || !next_line(q)) {
            fail_truncated_record(path, record, line);
        }
        on_read(check_fastq_record(h, s, const_cast<char*>(s.data()), p, q, path, record, line), std::uint64_t{1});
        ++record;
        line += 4;
    }
}

}  // namespace exomir
