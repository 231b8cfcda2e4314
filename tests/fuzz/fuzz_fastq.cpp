// fuzz_fastq.cpp: libFuzzer target for the quant read side: ReadSource + parse_chunk + trim_read,
// adapter detection and read_and_collapse on a file made of the fuzz input.
//
// Contract under test: any byte string either parses or throws exomir::Error; nothing else (no crash,
// leak, UB, hang, other exception). The first input byte also picks the kit and the chunk size, so the
// record-boundary cutting of ReadSource is exercised at many sizes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <tbb/global_control.h>

#include "exomir/adapter_detect.hpp"
#include "exomir/collapse.hpp"
#include "exomir/error.hpp"
#include "exomir/fastq.hpp"
#include "exomir/trim.hpp"
#include "fuzz_input.hpp"

using namespace exomir;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::init_htslib_env();
    return 0;
}

namespace {

constexpr Kit k_kits[] = {Kit::truseq, Kit::nebnext, Kit::qiaseq, Kit::nextflex, Kit::auto_detect};

// Serial path: chunks of a small size, every record parsed and trimmed.
std::vector<std::string> read_all(const std::string& path, std::size_t chunk_bytes, const TrimPlan& plan) {
    std::vector<std::string> reads;
    ReadSource src(path, 0);
    ReadChunk chunk;
    while (src.next(chunk, chunk_bytes))
        parse_chunk(chunk, path, [&](std::string_view seq) {
            const TrimResult t = trim_read(seq, plan);
            if (t.insert.size() > seq.size()) __builtin_trap();
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
    TrimPlan plan;
    plan.adapter = "TGGAATTCTCGGGTGCCAAGG";
    plan.umi_length = knob & 8 ? 12 : 0;
    plan.random5 = plan.random3 = knob & 16 ? 4 : 0;
    try {
        const auto reads = read_all(in.path(), 1 + (knob >> 3) * 7, plan);
        detect_adapter(reads);
    } catch (const Error&) {
    }
    try {
        const CollapsedReads r = read_and_collapse({in.path()}, opt);
        std::uint64_t kept = 0;
        for (const auto& s : r.sequences) kept += s.n_reads;
        if (kept != r.qc.n_kept) __builtin_trap();  // every kept read is in exactly one sequence
    } catch (const Error&) {
    }
    return 0;
}
