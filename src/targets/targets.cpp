// targets.cpp: seed scan over 3'UTR FASTA, 5' isomiR seeds, and the merge of all evidence into targets.tsv.
#include "exomir/targets/targets.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "exomir/core/error.hpp"
#include "exomir/core/fasta.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/tsan.hpp"
#include "exomir/quant/mirgff3.hpp"

namespace exomir {

const char* source_name(Source s) {
    static constexpr const char* names[] = {"curated",    "gmt", "mirtarbase_strong", "mirtarbase_weak", "scan",
                                            "targetscan", "tsv", "validated"};
    return names[static_cast<int>(s)];
}

const char* evidence_name(EvidenceClass e) {
    static constexpr const char* names[] = {"predicted", "weak", "strong"};
    return names[static_cast<int>(e)];
}

bool parse_evidence(std::string_view text, EvidenceClass& out) {
    std::string v(trim_ws(text));
    for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (int i = 0; i < 3; ++i)
        if (v == evidence_name(static_cast<EvidenceClass>(i))) return out = static_cast<EvidenceClass>(i), true;
    return false;
}

nlohmann::json report_json(const SourceReport& r) {
    nlohmann::json j = {{"path", r.path},           {"format", r.format},       {"version", r.version},
                        {"rows_read", r.rows_read}, {"rows_used", r.rows_used}, {"rows_dropped", r.rows_dropped},
                        {"dropped", r.dropped}};
    nlohmann::json u = nlohmann::json::array();
    for (const auto& n : r.unresolved) u.push_back({{"name", n.name}, {"reason", n.reason}, {"rows", n.rows}});
    j["unresolved"] = u;
    j["n_unresolved_names"] = r.unresolved.size();
    if (!r.gene_ids.is_null()) j["gene_ids"] = r.gene_ids;
    return j;
}

// ---------------------------------------------------------------- isomiRs

namespace {

// iso_5p shift of a `Variant` attribute, 0 if none. Throws on a non-integer shift.
int iso5p_shift(std::string_view variant, const std::string& where) {
    for (auto v : split(variant, ',')) {
        v = trim_ws(v);
        if (!v.starts_with("iso_5p:")) continue;
        std::string_view n = v.substr(7);
        if (!n.empty() && n[0] == '+') n.remove_prefix(1);
        const double x = parse_double(n, where, "Variant iso_5p");
        return static_cast<int>(x);
    }
    return 0;
}

// Without a Read attribute: the first 8 nt of the mature shifted by `shift` on its Parent hairpin ("" if unknown).
std::string shifted_start(const MirnaReference& ref, std::uint32_t mature, std::string_view parent, int shift) {
    for (const Hairpin& h : ref.hairpins) {
        if (!parent.empty() && h.name != parent) continue;
        for (const MatureLocus& l : h.matures) {
            const long start = static_cast<long>(l.start) + shift;
            if (l.mature == mature && start >= 0 && start + 8 <= static_cast<long>(h.seq.size()))
                return h.seq.substr(static_cast<std::size_t>(start), 8);
        }
    }
    return {};
}

}  // namespace

std::vector<IsomirSeed> load_isomir_seeds(const std::string& path, const LoadContext& ctx, SourceReport& rep) {
    rep.path = path;
    rep.format = "mirgff3";
    rep.version = "mirGFF3";
    struct Best {
        std::string seed;
        double best_reads = -1.0;
        double reads = 0.0;
    };
    std::map<std::pair<std::uint32_t, int>, Best> groups;
    MirGffReader in(path, "give the isomir.gff3 of 'exomir quant' to --isomirs");
    MirGffRecord rec;
    while (in.next(rec)) {
        ++rep.rows_read;
        const int shift = iso5p_shift(rec.attribute("Variant"), in.where());
        if (shift == 0) {
            rep.drop("not a 5' isomiR (iso_5p = 0)");
            continue;
        }
        const NameMatch m = ctx.names->resolve(rec.attribute("Name"));
        if (m.matures.size() != 1) {
            rep.drop("unresolved miRNA name");
            continue;
        }
        std::string read(rec.attribute("Read"));
        if (read.empty()) read = shifted_start(*ctx.ref, m.matures[0], rec.attribute("Parent"), shift);
        if (read.size() < 8 || !normalise_nucleotides(read))
            throw Error(
                fmt::format("{}no usable Read attribute ('{}') and the shifted mature is not on the Parent hairpin; "
                            "quant writes Read=SEQ",
                            in.where(), read));
        const double reads = in.expression(rec);
        Best& b = groups[{m.matures[0], shift}];
        b.reads += reads;
        if (reads > b.best_reads) b.best_reads = reads, b.seed = seed_of(read);
        ++rep.rows_used;
    }
    std::vector<IsomirSeed> out;
    for (const auto& [key, b] : groups) {
        const Mature& mat = ctx.ref->matures[key.first];
        if (b.seed == seed_of(mat.seq)) continue;
        out.push_back({fmt::format("{}|iso_5p:{:+d}", mat.name, key.second), key.first, b.seed, b.reads});
    }
    return out;
}

// ---------------------------------------------------------------- seed scan

namespace {

struct ScanHit {
    std::uint32_t gene = 0, seed = 0;
    SiteCounts counts{};
    double weight = 0.0;
    std::uint32_t utr = 0;  // the UTR's record number in the FASTA (the tie-break of the per-gene dedup)
};

// Gene symbol of a UTR record: a `gene=` tag anywhere in the header, else the first header word.
std::string utr_gene(const FastaRecord& r) {
    const std::string header = r.id + " " + r.description;
    std::string g = r.id;
    if (const std::size_t p = header.find("gene="); p != std::string::npos) {
        const std::size_t e = header.find_first_of(" \t;|", p + 5);
        g = header.substr(p + 5, e == std::string::npos ? std::string::npos : e - p - 5);
    }
    for (char& c : g) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return g;
}

// Per-thread scratch of the UTR scan: sites, and a counting sort of them by seed.
struct ScanWorkspace {
    std::vector<Site> sites, by_seed;
    std::vector<std::int8_t> code;
    std::vector<std::uint32_t> count, start, touched;
};

void scan_one(const SeedIndex& index, std::string_view seq, std::uint32_t gene, const UtrScanOptions& opt,
              ScanWorkspace& ws, std::vector<ScanHit>& hits) {
    ws.sites.clear();
    index.scan_into(seq, opt.scan, ws.sites, ws.code);
    if (ws.count.size() != index.size()) ws.count.assign(index.size(), 0), ws.start.assign(index.size(), 0);
    ws.touched.clear();
    for (const Site& s : ws.sites)
        if (ws.count[s.seed]++ == 0) ws.touched.push_back(s.seed);
    std::sort(ws.touched.begin(), ws.touched.end());
    std::uint32_t at = 0;
    for (const std::uint32_t t : ws.touched) ws.start[t] = at, at += ws.count[t];
    ws.by_seed.resize(ws.sites.size());
    for (const Site& s : ws.sites) ws.by_seed[ws.start[s.seed]++] = s;
    std::uint32_t from = 0;
    for (const std::uint32_t t : ws.touched) {
        const auto first = ws.by_seed.begin() + from, last = first + ws.count[t];
        from += ws.count[t];
        ws.count[t] = 0;
        if (std::none_of(first, last, [&](const Site& s) { return s.type <= opt.min_site; })) continue;
        ScanHit h{gene, t, count_non_overlapping(std::span<Site>(&*first, static_cast<std::size_t>(last - first))),
                  0.0};
        h.weight = combined_efficacy(h.counts);
        hits.push_back(h);
    }
}

}  // namespace

SourceTable scan_utrs(const std::string& fasta_path, const std::vector<std::string>& seeds, const UtrScanOptions& opt,
                      const LoadContext& ctx) {
    SourceTable t;
    t.report.path = fasta_path;
    t.report.format = "utr_fasta";
    t.report.version = "exomir seed scan (TargetScan 7 site definitions)";
    const std::vector<FastaRecord> utrs = read_fasta(fasta_path, true);
    std::vector<std::uint32_t> gene_of(utrs.size());
    for (std::size_t i = 0; i < utrs.size(); ++i) {
        std::string g = utr_gene(utrs[i]);
        if (const auto it = ctx.gene_alias.find(g); it != ctx.gene_alias.end()) g = it->second;
        gene_of[i] = t.gene_id(g);
    }
    for (const auto& s : seeds) t.seed_id(s);  // pool index == seed index of the SeedIndex
    const SeedIndex index(t.seeds);
    std::vector<std::vector<ScanHit>> per_utr(utrs.size());
    tbb::enumerable_thread_specific<ScanWorkspace> workspaces;
    const TsanParallelRegion tsan_region;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, utrs.size(), 8),
                      tsan_visible([&](const tbb::blocked_range<std::size_t>& r) {
                          ScanWorkspace& ws = workspaces.local();
                          for (std::size_t i = r.begin(); i != r.end(); ++i)
                              scan_one(index, utrs[i].seq, gene_of[i], opt, ws, per_utr[i]);
                      }));
    tsan_region.end();
    std::vector<ScanHit> hits;
    hits.reserve(std::accumulate(per_utr.begin(), per_utr.end(), std::size_t{0},
                                 [](std::size_t n, const auto& v) { return n + v.size(); }));
    for (std::size_t i = 0; i < per_utr.size(); ++i) {
        for (ScanHit& h : per_utr[i]) h.utr = static_cast<std::uint32_t>(i);
        hits.insert(hits.end(), per_utr[i].begin(), per_utr[i].end());
        std::vector<ScanHit>().swap(per_utr[i]);
    }
    t.report.rows_read = utrs.size();
    t.report.rows_used = utrs.size();
    if (t.genes.size() < utrs.size()) {
        // Several UTRs of one gene: keep, per (gene, seed), the UTR with the largest weight, the first in the FASTA
        // on ties (the sort is not stable: the UTR number makes the order total, the same at any thread count).
        sort_parallel(hits.begin(), hits.end(), [](const ScanHit& a, const ScanHit& b) {
            if (a.gene != b.gene) return a.gene < b.gene;
            if (a.seed != b.seed) return a.seed < b.seed;
            return a.weight != b.weight ? a.weight > b.weight : a.utr < b.utr;
        });
        hits.erase(std::unique(hits.begin(), hits.end(),
                               [](const ScanHit& a, const ScanHit& b) { return a.gene == b.gene && a.seed == b.seed; }),
                   hits.end());
    }
    t.rows.reserve(hits.size());
    for (const ScanHit& h : hits) {
        TargetEvidence ev{-1, h.seed, h.gene, Source::scan, EvidenceClass::predicted};
        ev.sites = h.counts;
        ev.weight = h.weight;
        t.rows.push_back(ev);
    }
    return t;
}

// ---------------------------------------------------------------- merge

namespace {

struct Entry {
    std::uint32_t gene_rank = 0;
    std::uint32_t table = 0, row = 0;  // evidence = tables[table]->rows[row]
};

// Output mirnas (matures, then isomiRs).
std::vector<TargetMirna> make_mirnas(const MirnaReference& ref, const std::vector<IsomirSeed>& isomirs) {
    std::vector<TargetMirna> out;
    for (std::size_t i = 0; i < ref.matures.size(); ++i) {
        const Mature& m = ref.matures[i];
        out.push_back({m.name, m.accession, seed_of(m.seq), static_cast<std::int64_t>(i), false});
    }
    for (const auto& iso : isomirs)
        out.push_back(
            {iso.name, ref.matures[iso.mature].accession, iso.seed, static_cast<std::int64_t>(iso.mature), true});
    return out;
}

std::vector<std::uint32_t> ranks_by_name(const std::vector<std::string>& names) {
    std::vector<std::uint32_t> order(names.size()), rank(names.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return names[a] < names[b]; });
    for (std::uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
    return rank;
}

// Folds the evidence of one (miRNA, gene) pair into a row (max per source, max across sources). Every
// operation is a max or an OR, so the result does not depend on the order of the evidence.
TargetRow fold(const Entry* first, const Entry* last, const std::vector<const SourceTable*>& tables) {
    TargetRow row;
    SiteCounts scan_sites{}, ts_sites{};
    bool has_scan = false, has_ts = false;
    std::uint32_t untyped = 0;
    for (const Entry* e = first; e != last; ++e) {
        const TargetEvidence& ev = tables[e->table]->rows[e->row];
        row.weight = std::max(row.weight, ev.weight);
        row.source_mask |= static_cast<std::uint8_t>(1u << static_cast<int>(ev.source));
        row.evidence = std::max(row.evidence, ev.evidence);
        const bool typed = std::any_of(ev.sites.begin(), ev.sites.end(), [](std::uint32_t n) { return n > 0; });
        if (typed) {
            const bool scan = ev.source == Source::scan;
            (scan ? has_scan : has_ts) = true;
            SiteCounts& into = scan ? scan_sites : ts_sites;
            for (int t = 0; t < k_n_site_types; ++t) into[t] = std::max(into[t], ev.sites[t]);
        }
        untyped = std::max(untyped, ev.n_sites);
    }
    const SiteCounts* sites = has_scan ? &scan_sites : has_ts ? &ts_sites : nullptr;
    if (sites) {
        row.n_sites = 0;
        for (int t = 0; t < k_n_site_types; ++t) {
            row.n_sites += (*sites)[t];
            if ((*sites)[t]) row.site_type_mask |= static_cast<std::uint8_t>(1u << t);
        }
    } else if (untyped > 0) {
        row.n_sites = untyped;
    }
    return row;
}

// Calls visit(mirna, table, row) for every (output miRNA, evidence row) pair: mature-keyed rows once,
// seed-keyed rows for every miRNA with that seed.
template <class Visit>
void for_each_entry(const std::vector<const SourceTable*>& tables,
                    const std::unordered_map<std::string, std::vector<std::uint32_t>>& by_seed, Visit&& visit) {
    for (std::uint32_t t = 0; t < tables.size(); ++t) {
        std::vector<const std::vector<std::uint32_t>*> seed_mirnas;
        for (const auto& s : tables[t]->seeds) {
            const auto it = by_seed.find(s);
            seed_mirnas.push_back(it == by_seed.end() ? nullptr : &it->second);
        }
        const auto& rows = tables[t]->rows;
        for (std::uint32_t r = 0; r < rows.size(); ++r) {
            if (rows[r].mature >= 0)
                visit(static_cast<std::uint32_t>(rows[r].mature), t, r);
            else if (const auto* ms = seed_mirnas[rows[r].seed])
                for (const std::uint32_t m : *ms) visit(m, t, r);
        }
    }
}

}  // namespace

TargetTable merge_targets(const MirnaReference& ref, const std::vector<IsomirSeed>& isomirs,
                          const std::vector<const SourceTable*>& tables) {
    TargetTable out;
    out.mirnas = make_mirnas(ref, isomirs);
    std::vector<std::string> mirna_names;
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_seed;
    for (std::uint32_t i = 0; i < out.mirnas.size(); ++i) {
        mirna_names.push_back(out.mirnas[i].name);
        if (!out.mirnas[i].seed.empty()) by_seed[out.mirnas[i].seed].push_back(i);
    }
    const std::vector<std::uint32_t> mirna_rank = ranks_by_name(mirna_names);
    // Global gene pool: table-local gene ids -> global ids -> rank by name.
    std::unordered_map<std::string, std::uint32_t> gene_index;
    std::vector<std::vector<std::uint32_t>> gene_map(tables.size());
    for (std::size_t t = 0; t < tables.size(); ++t)
        for (const auto& g : tables[t]->genes) {
            const auto [it, added] = gene_index.emplace(g, static_cast<std::uint32_t>(out.genes.size()));
            if (added) out.genes.push_back(g);
            gene_map[t].push_back(it->second);
        }
    const std::vector<std::uint32_t> gene_rank = ranks_by_name(out.genes);
    std::vector<std::uint32_t> gene_of_rank(gene_rank.size()), mirna_of_rank(mirna_rank.size());
    for (std::uint32_t i = 0; i < gene_rank.size(); ++i) gene_of_rank[gene_rank[i]] = i;
    for (std::uint32_t i = 0; i < mirna_rank.size(); ++i) mirna_of_rank[mirna_rank[i]] = i;
    // Counting sort of the evidence by miRNA rank, then each miRNA's bucket sorted by gene and folded in parallel.
    std::vector<std::size_t> begin(mirna_rank.size() + 1, 0);
    for_each_entry(tables, by_seed, [&](std::uint32_t m, std::uint32_t, std::uint32_t) { ++begin[mirna_rank[m] + 1]; });
    std::partial_sum(begin.begin(), begin.end(), begin.begin());
    std::vector<Entry> entries(begin.back());
    std::vector<std::size_t> fill(begin.begin(), begin.end() - 1);
    for_each_entry(tables, by_seed, [&](std::uint32_t m, std::uint32_t t, std::uint32_t r) {
        entries[fill[mirna_rank[m]]++] = {gene_rank[gene_map[t][tables[t]->rows[r].gene]], t, r};
    });
    std::vector<std::vector<TargetRow>> rows_of_rank(mirna_rank.size());
    const TsanParallelRegion tsan_region;
    tbb::parallel_for(std::size_t{0}, mirna_rank.size(), tsan_visible([&](std::size_t k) {
                          Entry* first = entries.data() + begin[k];
                          Entry* last = entries.data() + begin[k + 1];
                          std::sort(first, last,
                                    [](const Entry& a, const Entry& b) { return a.gene_rank < b.gene_rank; });
                          for (Entry* i = first; i != last;) {
                              Entry* j = i;
                              while (j != last && j->gene_rank == i->gene_rank) ++j;
                              TargetRow row = fold(i, j, tables);
                              row.mirna = mirna_of_rank[k];
                              row.gene = gene_of_rank[i->gene_rank];
                              rows_of_rank[k].push_back(row);
                              i = j;
                          }
                      }));
    tsan_region.end();
    std::size_t n = 0;
    for (const auto& v : rows_of_rank) n += v.size();
    out.rows.reserve(n);
    for (auto& v : rows_of_rank) out.rows.insert(out.rows.end(), v.begin(), v.end());
    return out;
}

namespace {

// ';'-joined names of the set bits of `mask`.
template <class NameOf>
std::string mask_names(unsigned mask, int n, NameOf name_of) {
    std::string out;
    for (int i = 0; i < n; ++i)
        if (mask & (1u << i)) {
            if (!out.empty()) out.push_back(';');
            out.append(name_of(i));
        }
    return out.empty() ? "NA" : out;
}

}  // namespace

std::vector<std::string> format_targets_chunks(const TargetTable& table) {
    std::vector<std::string> prefix, type_list(1u << k_n_site_types), source_list(1u << k_n_sources);
    for (const auto& m : table.mirnas)
        prefix.push_back(fmt::format("{}\t{}\t{}\t", m.name, m.accession, m.seed.empty() ? "NA" : m.seed));
    for (unsigned k = 0; k < type_list.size(); ++k)
        type_list[k] = mask_names(k, k_n_site_types, [](int i) { return site_type_name(static_cast<SiteType>(i)); });
    for (unsigned k = 0; k < source_list.size(); ++k)
        source_list[k] = mask_names(k, k_n_sources, [](int i) { return source_name(static_cast<Source>(i)); });
    constexpr std::size_t chunk = 1u << 15;
    const std::size_t n_chunks = (table.rows.size() + chunk - 1) / chunk;
    std::vector<std::string> parts(n_chunks + 1);
    parts[0] = "mirna\taccession\tseed\tgene\tweight\tn_sites\tsite_types\tsources\tevidence\n";
    const TsanParallelRegion tsan_region;
    tbb::parallel_for(std::size_t{0}, n_chunks, tsan_visible([&](std::size_t c) {
                          std::string& s = parts[c + 1];
                          s.reserve(chunk * 80);
                          char num[64];
                          const std::size_t end = std::min(table.rows.size(), (c + 1) * chunk);
                          for (std::size_t i = c * chunk; i < end; ++i) {
                              const TargetRow& r = table.rows[i];
                              s += prefix[r.mirna];
                              s += table.genes[r.gene];
                              // weights are in [0,1]: never "-0"; formatted into a stack buffer (no per-row allocation)
                              char* p = fmt::format_to(num, "\t{:.4f}\t", r.weight);
                              if (r.n_sites < 0)
                                  p = std::copy_n("NA", 2, p);
                              else
                                  p = fmt::format_to(p, "{}", r.n_sites);
                              *p++ = '\t';
                              s.append(num, p);
                              s += type_list[r.site_type_mask];
                              s += '\t';
                              s += source_list[r.source_mask];
                              s += '\t';
                              s += evidence_name(r.evidence);
                              s += '\n';
                          }
                      }));
    tsan_region.end();
    return parts;
}

std::string format_targets_tsv(const TargetTable& table) {
    std::string out;
    for (const auto& p : format_targets_chunks(table)) out += p;
    return out;
}

}  // namespace exomir
