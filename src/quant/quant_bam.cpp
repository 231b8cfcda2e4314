// quant_bam.cpp (no header of its own: declared in quant/quant.hpp, one header for quant's per-sample outputs): the
// optional BAM of collapsed sequences aligned to the hairpins (htslib).
#include <algorithm>
#include <memory>
#include <tuple>

#include <fmt/format.h>
#include <htslib/sam.h>

#include "exomir/core/error.hpp"
#include "exomir/quant/quant.hpp"

namespace exomir {
namespace {

struct BamRecord {
    std::uint32_t tid, pos;
    std::size_t seq_index;
    Hit hit;
    bool secondary;
    std::string tag;  // miRNA name or hairpin_other
    std::uint32_t n_hits;
};

std::vector<BamRecord> bam_records(const std::vector<SeqCount>& seqs, const Annotation& ann) {
    std::vector<BamRecord> recs;
    for (std::size_t s = 0; s < seqs.size(); ++s) {
        const SequenceAnnotation a = ann.sequences[s];
        if (a.cls == SeqClass::mirna) {
            const auto n = static_cast<std::uint32_t>(a.arm_hits.size());
            for (std::size_t i = 0; i < a.arm_hits.size(); ++i)
                recs.push_back({a.arm_hits[i].hit.target, a.arm_hits[i].hit.start, s, a.arm_hits[i].hit, i > 0,
                                ann.groups[a.arm_hits[i].group].name, n});
        } else if (a.cls == SeqClass::hairpin_other) {
            const auto n = static_cast<std::uint32_t>(a.hairpin_hits.size());
            for (std::size_t i = 0; i < a.hairpin_hits.size(); ++i)
                recs.push_back({a.hairpin_hits[i].target, a.hairpin_hits[i].start, s, a.hairpin_hits[i], i > 0,
                                "hairpin_other", n});
        }
    }
    std::sort(recs.begin(), recs.end(), [](const BamRecord& x, const BamRecord& y) {
        return std::tie(x.tid, x.pos, x.seq_index, x.tag) < std::tie(y.tid, y.pos, y.seq_index, y.tag);
    });
    return recs;
}

void set_record(bam1_t* b, const BamRecord& r, const SeqCount& sc) {
    const std::string qname = fmt::format("s{}_x{}", r.seq_index + 1, sc.n_reads);
    std::uint32_t cigar[2];
    std::size_t n_cigar = 0;
    cigar[n_cigar++] = bam_cigar_gen(r.hit.templated_len, BAM_CMATCH);
    if (r.hit.add3p) cigar[n_cigar++] = bam_cigar_gen(r.hit.add3p, BAM_CSOFT_CLIP);
    const std::uint16_t flag = r.secondary ? BAM_FSECONDARY : 0;
    const std::uint8_t mapq = r.n_hits == 1 ? 60 : 0;
    if (bam_set1(b, qname.size(), qname.c_str(), flag, static_cast<std::int32_t>(r.tid), r.pos, mapq, n_cigar, cigar,
                 -1, -1, 0, sc.seq.size(), sc.seq.data(), nullptr, 32) < 0)
        throw Error("BAM record could not be built (out of memory?)");
    const std::int32_t nh = static_cast<std::int32_t>(r.n_hits), nm = r.hit.n_mismatches;
    bam_aux_update_int(b, "NH", nh);
    bam_aux_update_int(b, "NM", nm);
    bam_aux_update_str(b, "XM", static_cast<int>(r.tag.size() + 1), r.tag.c_str());
}

}  // namespace

void write_hairpin_bam(const std::string& path, const std::vector<SeqCount>& seqs, const Annotation& ann,
                       const MirnaReference& ref) {
    std::unique_ptr<samFile, int (*)(samFile*)> out(sam_open(path.c_str(), "wb"), hts_close);
    if (!out) throw Error(fmt::format("{}: cannot create BAM output", path));
    std::unique_ptr<sam_hdr_t, void (*)(sam_hdr_t*)> hdr(sam_hdr_init(), sam_hdr_destroy);
    if (!hdr || sam_hdr_add_line(hdr.get(), "HD", "VN", "1.6", "SO", "coordinate", nullptr) < 0)
        throw Error(fmt::format("{}: cannot build the BAM header", path));
    for (const auto& h : ref.hairpins)
        if (sam_hdr_add_line(hdr.get(), "SQ", "SN", h.name.c_str(), "LN", std::to_string(h.seq.size()).c_str(),
                             nullptr) < 0)
            throw Error(fmt::format("{}: cannot build the BAM header", path));
    sam_hdr_add_line(hdr.get(), "PG", "ID", "exomir", "PN", "exomir", "VN", EXOMIR_VERSION, nullptr);
    if (sam_hdr_write(out.get(), hdr.get()) < 0) throw Error(fmt::format("{}: BAM header write failed", path));
    std::unique_ptr<bam1_t, void (*)(bam1_t*)> b(bam_init1(), bam_destroy1);
    for (const auto& r : bam_records(seqs, ann)) {
        set_record(b.get(), r, seqs[r.seq_index]);
        if (sam_write1(out.get(), hdr.get(), b.get()) < 0)
            throw Error(fmt::format("{}: BAM write failed (disk full?)", path));
    }
    if (hts_close(out.release()) < 0) throw Error(fmt::format("{}: BAM close failed (disk full?)", path));
}

}  // namespace exomir
