// test_targets.cpp: source loaders, weights, seed-keyed merge, isomiR seeds, UTR scan and determinism.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <tbb/global_control.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/targets/targets.hpp"

#include "fixtures.hpp"
#include "shared_data.hpp"

using namespace exomir;

namespace {

using test::write_temp;

struct Fixture {
    MirnaReference ref = load_mirna_reference(resolve_reference_paths("", {}));
    MirbaseHistory history = load_mirbase_history(exomir::test::shared_data() + "/mirbase/diff");
    NameResolver names{ref, history};
    LoadContext ctx;
    Fixture() {
        ctx.ref = &ref;
        ctx.names = &names;
    }
};

const Fixture& fixture() {
    static const Fixture f;
    return f;
}

// Rows of one miRNA in the merged table as "gene weight sources evidence n_sites".
std::vector<std::string> rows_of(const TargetTable& t, const std::string& mirna) {
    std::vector<std::string> out;
    for (const auto& r : t.rows) {
        if (t.mirnas[r.mirna].name != mirna) continue;
        std::string sources;
        for (int s = 0; s < k_n_sources; ++s)
            if (r.source_mask & (1u << s))
                sources += std::string(sources.empty() ? "" : ";") + source_name(static_cast<Source>(s));
        out.push_back(t.genes[r.gene] + " " + fmt_fixed(r.weight, 4) + " " + sources + " " + evidence_name(r.evidence) +
                      " " + (r.n_sites < 0 ? std::string("NA") : std::to_string(r.n_sites)));
    }
    return out;
}

TargetTable merge(const std::vector<SourceTable>& tables, const std::vector<IsomirSeed>& isomirs = {}) {
    std::vector<const SourceTable*> p;
    for (const auto& t : tables) p.push_back(&t);
    return merge_targets(fixture().ref, isomirs, p);
}

}  // namespace

TEST_CASE("TargetScan context++ sites: w = 1 - 2^(sum of scores), one site per family position", "[shared]") {
    const auto& f = fixture();
    // Official Predicted_Targets_Context_Scores layout; let-7a and let-7b share the seed and list the same site.
    const auto path = write_temp(
        "ts_context.txt",
        "Gene ID\tGene Symbol\tTranscript ID\tGene Tax ID\tmiRNA\tSite Type\tUTR_start\tUTR_end\tcontext++ score\n"
        "ENSG1\tHMGA2\tENST1\t9606\thsa-let-7a-5p\t3\t100\t107\t-0.5\n"
        "ENSG1\tHMGA2\tENST1\t9606\thsa-let-7b-5p\t3\t100\t107\t-0.4\n"
        "ENSG1\tHMGA2\tENST1\t9606\thsa-let-7a-5p\t1\t300\t306\t-0.2\n"
        "ENSG1\tHmga2\tENST1\t10090\thsa-let-7a-5p\t1\t300\t306\t-0.2\n"
        "ENSG2\tLIN28B\tENST2\t9606\tlet-7c\t2\t50\t56\t0.1\n");
    const SourceTable t = load_targetscan(path, f.ctx);
    CHECK(t.report.format == "targetscan_context_scores");
    CHECK(t.report.rows_read == 5);
    CHECK(t.report.rows_dropped == 1);
    const TargetTable m = merge({t});
    const double w = 1 - std::exp2(-0.5 - 0.2);
    // seed-keyed: every mature with the let-7 seed GAGGUAG gets the row
    CHECK(rows_of(m, "hsa-let-7b-5p") ==
          std::vector<std::string>{"HMGA2 " + fmt_fixed(w, 4) + " targetscan predicted 2",
                                   "LIN28B 0.0000 targetscan predicted 1"});
    CHECK(rows_of(m, "hsa-let-7a-5p") == rows_of(m, "hsa-let-7b-5p"));
    CHECK(rows_of(m, "hsa-miR-21-5p").empty());
}

TEST_CASE("TargetScan summary counts by family, pairs with site counts", "[shared]") {
    Fixture f;  // own copy: families are added to the context
    const auto fam =
        write_temp("fam.txt", "miR family\tSeed+m8\tSpecies ID\nmiR-21-5p\tAGCUUAU\t9606\nmiR-21-5p\tAGCUUAU\t10090\n");
    const SourceReport fr = load_targetscan_families(fam, f.ctx);
    CHECK(fr.rows_used == 1);
    const auto summary = write_temp(
        "summary.txt",
        "Transcript ID\tGene Symbol\tmiRNA family\tSpecies ID\tNumber of conserved 8mer sites\tNumber of conserved 7mer-m8 sites\t"
        "Number of nonconserved 8mer sites\tTotal context++ score\n"
        "ENST1\tPTEN\tmiR-21-5p\t9606\t1\t1\t1\t-0.6\n"
        "ENST2\tPDCD4\tmiR-99-nope\t9606\t1\t0\t0\t-0.1\n");
    const SourceTable s = load_targetscan(summary, f.ctx);
    CHECK(s.report.format == "targetscan_summary_counts");
    REQUIRE(s.report.unresolved.size() == 1);
    CHECK(s.report.unresolved[0].reason.find("miR_Family_Info") != std::string::npos);
    const auto pairs = write_temp(
        "pairs.tsv", "mimat\tmirna_mirbase22\tgene_symbol\tn_sites\nMIMAT0000076\thsa-miR-21-5p\tSMAD7\t2\n");
    const SourceTable p = load_targetscan(pairs, f.ctx);
    std::vector<const SourceTable*> both = {&s, &p};
    const TargetTable m = merge_targets(f.ref, {}, both);
    const double w2 = 1 - std::pow(1 - f.ctx.model.predicted_pair, 2);
    CHECK(rows_of(m, "hsa-miR-21-5p") ==
          std::vector<std::string>{"PTEN " + fmt_fixed(1 - std::exp2(-0.6), 4) + " targetscan predicted 3",
                                   "SMAD7 " + fmt_fixed(w2, 4) + " targetscan predicted 2"});
}

TEST_CASE("miRTarBase support types, validated TSV, max across sources and best evidence", "[shared]") {
    const auto& f = fixture();
    const auto mtb = write_temp(
        "mtb.tsv",
        "miRTarBase ID\tmiRNA\tSpecies (miRNA)\tTarget Gene\tTarget Gene (Entrez ID)\tSpecies (Target Gene)\tExperiments\tSupport Type\tReferences (PMID)\n"
        "MIRT1\thsa-miR-21-5p\tHomo sapiens\tPTEN\t5728\tHomo sapiens\tLuciferase reporter assay\tFunctional MTI\t1\n"
        "MIRT2\thsa-miR-21-5p\tHomo sapiens\tTGFBR2\t7048\tHomo sapiens\tCLASH\tFunctional MTI (Weak)\t2\n"
        "MIRT3\thsa-miR-21-5p\tHomo sapiens\tGAPDH\t2597\tHomo sapiens\tqPCR\tNon-Functional MTI\t3\n"
        "MIRT4\tmmu-miR-21a-5p\tMus musculus\tPten\t19211\tMus musculus\tWestern blot\tFunctional MTI\t4\n");
    const SourceTable a = load_mirtarbase(mtb, f.ctx);
    CHECK(a.report.rows_used == 2);
    CHECK(a.report.dropped.at("Non-Functional MTI") == 1);
    CHECK(a.report.dropped.at("other species") == 1);
    const auto tsv =
        write_temp("val.tsv", "mirna\tgene_symbol\nhsa-miR-21\tPTEN\nhsa-miR-21-5p\tSPRY1\t0.75\tverystrong\n");
    CHECK_THROWS_WITH(load_pair_tsv(tsv, Source::validated, f.ctx),
                      Catch::Contains("evidence") && Catch::Contains(":3:"));
    const auto ok = write_temp(
        "val2.tsv", "mirna\tgene_symbol\nhsa-miR-21\tPTEN\nMIR21_5P\tpten\nhsa-miR-21-5p\tSPRY1\t0.75\tstrong\n");
    const SourceTable v = load_pair_tsv(ok, Source::validated, f.ctx);
    const TargetTable m = merge({a, v});
    CHECK(rows_of(m, "hsa-miR-21-5p") == std::vector<std::string>{"PTEN 0.4000 mirtarbase_strong;validated strong NA",
                                                                  "SPRY1 0.7500 validated strong NA",
                                                                  "TGFBR2 0.2000 mirtarbase_weak weak NA"});
}

TEST_CASE("malformed rows fail with FILE:LINE", "[shared]") {
    const auto& f = fixture();
    CHECK_THROWS_WITH(load_pair_tsv(write_temp("bad1.tsv", "hsa-miR-21-5p\tPTEN\nhsa-miR-21-5p\n"), Source::tsv, f.ctx),
                      Catch::Contains("bad1.tsv:2:"));
    CHECK_THROWS_WITH(load_pair_tsv(write_temp("bad2.tsv", "hsa-miR-21-5p\tPTEN\tabc\n"), Source::tsv, f.ctx),
                      Catch::Contains("bad2.tsv:1:") && Catch::Contains("not a number"));
    CHECK_THROWS_WITH(load_pair_tsv(write_temp("bad3.tsv", "hsa-miR-21-5p\tPTEN\t1.5\n"), Source::tsv, f.ctx),
                      Catch::Contains("outside [0,1]"));
    CHECK_THROWS_WITH(load_targetscan(write_temp("bad4.txt",
                                                 "miRNA\tGene Symbol\tSpecies ID\tcontext++ score\tSite Type\n"
                                                 "hsa-miR-21-5p\tPTEN\t9606\tNaNx\t2\n"),
                                      f.ctx),
                      Catch::Contains("bad4.txt:2:"));
    CHECK_THROWS_WITH(load_targetscan(write_temp("bad5.txt", "foo\tbar\n"), f.ctx), Catch::Contains("bad5.txt:1:"));
    CHECK_THROWS_WITH(load_gmt(write_temp("bad6.gmt", "MIR21_5P\n"), f.ctx), Catch::Contains("bad6.gmt:1:"));
    CHECK_THROWS_AS(load_targetscan(write_temp("empty.txt", ""), f.ctx), Error);
}

TEST_CASE("GMT: MSigDB names, joined names, legacy seed sets and Entrez IDs through --gene-alias", "[shared]") {
    Fixture f;
    f.ctx.gene_alias = {{"5728", "PTEN"}};
    const auto gmt = write_temp("c3.gmt",
                                "MIR21_5P\tMIR:MIRDB\tPTEN\tpdcd4\n"
                                "MIR103A_3P_MIR107\tMIR:MIRDB\tDICER1\n"
                                "ATAAGCT_MIR21\tMIR:MIR_LEGACY\tRECK\n"
                                "hsa-miR-21-5p/hsa-miR-590-5p\tTargetScan7.2\t5728\t999999\n");
    const SourceTable g = load_gmt(gmt, f.ctx);
    CHECK(g.report.rows_read == 6);
    CHECK(g.report.dropped.at("numeric (Entrez) gene ID without a --gene-alias mapping") == 1);
    std::vector<const SourceTable*> p = {&g};
    const TargetTable m = merge_targets(f.ref, {}, p);
    CHECK(rows_of(m, "hsa-miR-107").size() == 1);
    CHECK(rows_of(m, "hsa-miR-103a-3p").size() == 1);
    const auto r21 = rows_of(m, "hsa-miR-21-5p");
    REQUIRE(r21.size() == 3);  // PDCD4, PTEN, RECK (legacy set keyed by seed AGCTTAT)
    CHECK(r21[2].starts_with("RECK "));
    // the legacy motif set is a seed family: miR-590-5p shares the seed AGCTTAT and gets RECK too
    CHECK(rows_of(m, "hsa-miR-590-5p") ==
          std::vector<std::string>{"PTEN 0.1056 gmt predicted NA", "RECK 0.1056 gmt predicted NA"});
}

TEST_CASE("curated interactions: assay decides strong or weak", "[shared]") {
    const auto& f = fixture();
    const auto cur = write_temp("interactions.tsv",
                                "mirna\tgene\teffect\tassay\tspecies\tcell_type\tpmid\n"
                                "hsa-miR-223-3p\tNLRP3\tdown\tluciferase reporter\thuman\tmacrophage\t19262508\n"
                                "hsa-miR-29b-3p\tCOL1A1\tdown\tmicroarray\thuman\tHSC\t1\n");
    const SourceTable c = load_curated(cur, f.ctx);
    const TargetTable m = merge({c});
    CHECK(rows_of(m, "hsa-miR-223-3p") == std::vector<std::string>{"NLRP3 0.4000 curated strong NA"});
    CHECK(rows_of(m, "hsa-miR-29b-3p") == std::vector<std::string>{"COL1A1 0.2000 curated weak NA"});
}

TEST_CASE("5' isomiRs get rows for their own seed; UTR scan with threads 1 and 2 gives the same bytes",
          "[threads][shared]") {
    const auto& f = fixture();
    // hsa-miR-21-5p TAGCTTATCAGACTGATGTTGA; iso_5p:+1 starts at AGCTTAT... -> seed GCTTATC
    const auto gff = write_temp(
        "s1.isomir.gff3",
        "##gff-version 3\n"
        "hsa-mir-21\texomir\tisomiR\t9\t29\t.\t+\t.\tRead=AGCTTATCAGACTGATGTTGA; UID=x; Name=hsa-miR-21-5p; Parent=hsa-mir-21; "
        "Variant=iso_5p:+1; Cigar=21M; Expression=5; Filter=Pass; Hits=1\n"
        "hsa-mir-21\texomir\tref_miRNA\t8\t29\t.\t+\t.\tRead=TAGCTTATCAGACTGATGTTGA; Name=hsa-miR-21-5p; Variant=NA; Expression=9\n");
    SourceReport rep;
    const auto iso = load_isomir_seeds(gff, f.ctx, rep);
    REQUIRE(iso.size() == 1);
    CHECK(iso[0].name == "hsa-miR-21-5p|iso_5p:+1");
    CHECK(iso[0].seed == "GCTTATC");
    CHECK_THROWS_WITH(load_isomir_seeds(write_temp("bad.gff3", "chr\tx\tisomiR\t1\n"), f.ctx, rep),
                      Catch::Contains("bad.gff3:1:"));
    // Without Read: the seed comes from the Parent hairpin shifted by iso_5p (-1: one nt upstream of miR-21-5p)
    const auto no_read = load_isomir_seeds(write_temp("noread.gff3",
                                                      "hsa-mir-21\tx\tisomiR\t7\t29\t.\t+\t.\tName=hsa-miR-21-5p; "
                                                      "Parent=hsa-mir-21; Variant=iso_5p:-1; Expression=3\n"),
                                           f.ctx, rep);
    REQUIRE(no_read.size() == 1);
    CHECK(no_read[0].name == "hsa-miR-21-5p|iso_5p:-1");
    CHECK(no_read[0].seed == "TAGCTTA");
    // UTRs: GENE1 has a 8mer for the isomiR seed (rc GATAAGC + A), GENE2 (two UTRs) a 7mer-m8 for miR-21 (rc ATAAGCT).
    const std::string pad(20, 'C');
    const auto fa =
        write_temp("utr.fa", ">u1 gene=GENE1\n" + pad + "GATAAGCA" + pad + "\n>GENE2 a\n" + pad + "ATAAGCTG" + pad +
                                 "\n>GENE2 b\n" + pad + "ATAAGCTA" + pad + "ATAAGCTG" + pad + "\n");
    std::vector<std::string> seeds = {"AGCTTAT", "GCTTATC"};
    auto run = [&](int threads) {
        tbb::global_control c(tbb::global_control::max_allowed_parallelism, threads);
        const SourceTable s = scan_utrs(fa, seeds, {}, f.ctx);
        std::vector<const SourceTable*> p = {&s};
        return format_targets_tsv(merge_targets(f.ref, iso, p));
    };
    const std::string one = run(1);
    CHECK(one == run(2));
    CHECK(one.find("hsa-miR-21-5p|iso_5p:+1\tMIMAT0000076\tGCTTATC\tGENE1\t" +
                   fmt_fixed(site_efficacy(SiteType::k8mer), 4) + "\t1\t8mer\tscan\tpredicted\n") != std::string::npos);
    // GENE2: the UTR with 8mer + 7mer-m8 wins over the one with a single 7mer-m8
    const double w = 1 - (1 - site_efficacy(SiteType::k8mer)) * (1 - site_efficacy(SiteType::k7mer_m8));
    CHECK(one.find("hsa-miR-21-5p\tMIMAT0000076\tAGCTTAT\tGENE2\t" + fmt_fixed(w, 4) +
                   "\t2\t8mer;7mer-m8\tscan\tpredicted\n") != std::string::npos);
    CHECK(one.starts_with("mirna\taccession\tseed\tgene\tweight\tn_sites\tsite_types\tsources\tevidence\n"));
}

TEST_CASE("TargetScan Predicted_Targets_Info sites by family: site-type efficacies combine per gene", "[shared]") {
    Fixture f;
    const auto fam = write_temp("fam2.txt", "let-7/98\tGAGGUAG\t9606;10090\n");
    load_targetscan_families(fam, f.ctx);
    const auto info = write_temp(
        "info.txt",
        "miR Family\tGene ID\tGene Symbol\tTranscript ID\tSpecies ID\tUTR start\tUTR end\tMSA start\tMSA end\tSeed match\tPCT\n"
        "let-7/98\tENSG1\tHMGA2\tENST1\t9606\t100\t107\t120\t127\t8mer\t0.9\n"
        "let-7/98\tENSG1\tHMGA2\tENST1\t9606\t400\t406\t450\t456\t7mer-1a\t0.5\n");
    const SourceTable t = load_targetscan(info, f.ctx);
    CHECK(t.report.format == "targetscan_sites");
    std::vector<const SourceTable*> p = {&t};
    const TargetTable m = merge_targets(f.ref, {}, p);
    const double w = 1 - (1 - site_efficacy(SiteType::k8mer)) * (1 - site_efficacy(SiteType::k7mer_a1));
    CHECK(rows_of(m, "hsa-miR-98-5p") ==
          std::vector<std::string>{"HMGA2 " + fmt_fixed(w, 4) + " targetscan predicted 2"});
}

TEST_CASE("gene alias table: header optional, upper-case, short rows fail") {
    const auto a = load_gene_alias(write_temp("alias.tsv", "alias\tsymbol\nLphn1\tADGRL1\n5728\tPTEN\n"));
    CHECK(a.at("LPHN1") == "ADGRL1");
    CHECK(a.at("5728") == "PTEN");
    CHECK_THROWS_WITH(load_gene_alias(write_temp("alias_bad.tsv", "LPHN1\n")), Catch::Contains("alias_bad.tsv:1:"));
}

TEST_CASE("fail_* inputs of the loaders: CRLF accepted, truncated gzip and empty files rejected", "[shared]") {
    const auto& f = fixture();
    const SourceTable crlf =
        load_pair_tsv(write_temp("crlf.tsv", "mirna\tgene\r\nhsa-miR-21-5p\tPTEN\r\n"), Source::tsv, f.ctx);
    REQUIRE(crlf.genes.size() == 1);
    CHECK(crlf.genes[0] == "PTEN");
    const std::string gz("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x4b\x4c\x4a\x4e\x49\x4d\x4b\xcf\xc8\xcc", 20);
    CHECK_THROWS_AS(load_pair_tsv(write_temp("trunc.tsv.gz", gz), Source::validated, f.ctx), Error);
    CHECK_THROWS_AS(load_gmt(write_temp("trunc.gmt.gz", gz), f.ctx), Error);
    CHECK_THROWS_WITH(load_mirtarbase(write_temp("empty_mtb.tsv", ""), f.ctx), Catch::Contains("empty file"));
    CHECK_THROWS_WITH(load_curated(write_temp("cur_bad.tsv", "mirna\tgene\n"), f.ctx),
                      Catch::Contains("cur_bad.tsv:1:"));
    CHECK(load_pair_tsv(write_temp("empty.tsv", ""), Source::tsv, f.ctx).rows.empty());
}
