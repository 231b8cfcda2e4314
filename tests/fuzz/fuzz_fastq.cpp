// fuzz_fastq.cpp: libFuzzer target for the quant read side: ReadSource + parse_chunk + trim_read,
// adapter detection and read_and_collapse on a file made of the fuzz input.
//
// Contract under test: any byte string either parses or throws exomir::Error; nothing else (no crash,
// leak, UB, hang, other exception). The first input byte also picks the kit and a small chunk size, and
// the outcome (error or not, number of reads) must not depend on where the chunks are cut.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <tbb/global_control.h>

#include "exomir/core/error.hpp"
#include "exomir/quant/adapter_detect.hpp"
#include "exomir/quant/collapse.hpp"
#include "exomir/quant/fastq.hpp"
#include "exomir/quant/trim.hpp"
#include "fuzz_input.hpp"

using namespace exomir;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::init_htslib_env();
    return 0;
}

namespace {

constexpr Kit k_kits[] = {Kit::truseq, Kit::nebnext, Kit::qiaseq, Kit::nextflex, Kit::auto_detect};

// Serial path: chunks of a small size, every record parsed and trimmed.
std::vector<std::string> read_all(const std::string& path, std::size_t chunk_bytes, const TrimOptions& plan,
                                  std::uint64_t& n_reads) {
    std::vector<std::string> reads;
    ReadSource src(path, 0);
    ReadChunk chunk;
    while (src.next(chunk, chunk_bytes))
        parse_chunk(chunk, path, [&](std::string_view seq, std::uint64_t count) {
            const TrimResult t = trim_read(seq, plan);
            if (t.insert.size() > seq.size()) __builtin_trap();
            n_reads += count;
            if (reads.size() < 1000) reads.emplace_back(seq);
        });
    return reads;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
    const std::uint8_t knob = size > 0 ? data[0] : 0;
    fuzz::TempInput in(std::string_view(reinterpret_cast<const char*>(data), size), ".fq");

    TrimOptions opt;
    opt.kit = k_kits[knob % 5];
    TrimOptions plan;
    plan.adapter = "TGGAATTCTCGGGTGCCAAGG";
    plan.umi_length = knob & 8 ? 12 : 0;
    plan.random5 = plan.random3 = knob & 16 ? 4 : 0;
    bool small_ok = true, big_ok = true;
    std::uint64_t n_small = 0, n_big = 0;
    try {
        const auto reads = read_all(in.path(), 1 + (knob >> 3) * 7, plan, n_small);
        detect_adapter(reads);
    } catch (const Error&) {
        small_ok = false;
    }
    try {
        const CollapsedReads r = read_and_collapse({in.path()}, opt);
        std::uint64_t kept = 0;
        for (const auto& s : r.sequences) kept += s.n_reads;
        if (kept != r.qc.n_kept) __builtin_trap();  // every kept read is in exactly one sequence
        n_big = r.qc.n_reads;
    } catch (const Error& e) {
        // read_and_collapse may also refuse a library for its adapter, which is no parse error; a parse error names
        // the record (FASTQ "record R (line L)", FASTA "record R (header)"), and a FASTA header may hold any word
        const std::string_view what = e.what();
        big_ok = what.find("adapter") != std::string_view::npos && what.find("record") == std::string_view::npos;
        n_big = n_small;
    }
    if (small_ok != big_ok || (small_ok && n_small != n_big)) __builtin_trap();  // chunking changed the outcome
    return 0;
}
