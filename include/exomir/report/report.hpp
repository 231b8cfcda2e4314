// report.hpp: report.html (one self-contained page) and the MultiQC custom-content files of a run.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "exomir/core/escape.hpp"
#include "exomir/core/run_layout.hpp"
#include "exomir/core/samplesheet.hpp"
#include "exomir/core/tsv.hpp"
#include "exomir/reference/serum_mirnas.hpp"

namespace exomir {

/// One tRNA or Y-RNA fragment type of a feature in a sample (quant <sample>.rna_fragments.tsv).
struct FragmentReads {
    std::string cls, feature, fragment;
    double reads = 0;
};

/// Read fates of one sample (from <sample>.qc.json); every read lands in exactly one fate.
struct SampleFates {
    std::string sample;
    std::string conditions;                               ///< "source=bm, culture=hypoxia" (display only)
    std::map<std::string, std::string> condition_values;  ///< the sample sheet's condition columns
    std::string adapter;                                  ///< adapter used ("NA" if none)
    std::uint64_t reads_in = 0, adapter_dimers = 0, too_short = 0,
                  filtered_other = 0;  ///< filtered_other: too long, no UMI, too many N (--max-n)
    std::uint64_t mirna = 0, hairpin_other = 0, other_rna = 0, unmapped = 0;
    std::uint64_t bovine_specific = 0;  ///< reads only a bovine hairpin explains (culture-medium serum)
    std::uint64_t spike_in = 0;         ///< reads of quant --spike-ins calibrators (never miRNA reads)
    /// The qc.json `bovine` block: checked (false = no bovine hairpins, nothing measured), why not, the
    /// bovine-specific fraction of miRNA reads, the estimated serum-derived share, top bovine-specific miRNAs.
    bool bovine_checked = false;
    std::string bovine_reason, bovine_top;
    double bovine_fraction = 0, serum_share = 0;
    std::vector<std::uint64_t> length_hist;            ///< insert length (nt) -> reads kept
    std::map<std::string, std::uint64_t> rna_classes;  ///< other-RNA class -> reads (qc.json other_rna_class_reads)
    std::string type = "sample";                       ///< the sample sheet's type: sample, blank, negative
    std::string qc_verdict = "NA";                     ///< the QC gate (qc.json qc_gate): PASS, WARN, FAIL; NA = none
    std::string qc_reasons;                            ///< its reasons, "; "-joined
    /// <sample>.rna_classes.tsv (class, reads) in its row order (quant's class priority); empty if absent.
    std::vector<std::pair<std::string, double>> class_reads;
    std::vector<FragmentReads> fragments;  ///< <sample>.rna_fragments.tsv; empty if absent
    double mirna_fraction() const {
        return reads_in ? static_cast<double>(mirna) / static_cast<double>(reads_in) : 0.0;
    }
};

/// One read fate as shown in the report and MultiQC: key, label, colour and its count in a sample.
struct FateCategory {
    const char* key;
    const char* label;
    const char* color;
    std::uint64_t SampleFates::*count;
};

/// The read fates in display order (miRNA first).
const std::vector<FateCategory>& fate_categories();
/// The same, with a spike-in fate after miRNA when some sample has spike-in reads (quant --spike-ins).
std::vector<FateCategory> fate_categories(const std::vector<SampleFates>& samples);

/// isomiR composition of one sample's miRNA reads (from <sample>.isomir.gff3, each sequence once).
struct IsomirMix {
    std::string sample;
    double canonical = 0, shift_5p = 0, add_3p = 0, trim_ext_3p = 0,
           snv = 0;  ///< reads (exclusive classes, in this priority)
};

/// A TSV read whole: header and rows of fields (for tables shown as they are).
struct TsvTable {
    std::string path;  ///< relative to the results folder (the link in the report)
    TsvHeader header;  ///< column names (header.find(name): index or -1)
    std::vector<std::vector<std::string>> rows;
};

/// Everything the report shows, read from a results folder.
struct ReportData {
    std::string title;
    std::vector<SampleFates> samples;
    std::vector<IsomirMix> isomirs;
    TsvTable cpm;             ///< counts/cpm.tsv
    TsvTable tmm;             ///< counts/tmm.tsv (empty if merge did not write it)
    TsvTable modules;         ///< net/module_scores.tsv
    TsvTable contributions;   ///< net/mirna_module.tsv
    TsvTable cocktails;       ///< rank/payload_cocktails.tsv (empty if rank did not run)
    TsvTable groups;          ///< rank/group_comparison.tsv (empty without a group comparison)
    std::string network_svg;  ///< picture of the top of the network (Graphviz or inline drawing)
    /// What the network stands on (net/network.run.json): one line per target source, and whether it is
    /// genome-scale (false: only curated interactions reached the cargo; `genome_scale_fix` says what to run).
    std::vector<std::string> target_sources;
    bool genome_scale = true;
    std::string genome_scale_fix, gene_ids_note;
    std::string cargo_note;  ///< how network computed the cargo abundance (CPM or TMM, network.run.json)
    /// Culture-medium controls as network applied them (network.run.json cargo): the blanks' contamination.tsv
    /// ("" = no blanks were sequenced), --exclude-contaminants and the miRNAs it left out of the cargo.
    bool network_ran = false;
    std::string contamination_file, exclude_contaminants = "none";
    std::vector<std::string> excluded_as_medium;
    /// miRNAs the literature shows in fetal bovine serum (reference/serum_mirnas.tsv), flagged with or without blanks.
    std::vector<SerumMirna> known_serum;
};

/// Reads the outputs of a run in `layout` for the samples of `sheet`. Missing optional parts (rank)
/// stay empty; a missing quant/merge/network output throws Error naming the file and the step to run.
ReportData load_report_data(const SampleSheetTable& sheet, const RunLayout& layout);

/// The small DOT graph of the top of the network: the best modules (by z) and their top miRNAs.
std::string top_network_dot(const ReportData& data, int n_modules = 6, int n_mirnas = 4);

/// An inline SVG drawing of the same graph (two columns: miRNAs, modules), used without Graphviz.
std::string top_network_svg(const ReportData& data, int n_modules = 6, int n_mirnas = 4);

/// Report sections (report_overview.cpp): the RNA classes of each sample's kept reads as stacked bars (quant's
/// class priority), the top tRNA and Y-RNA fragments, and the sample overview (MDS of log-CPM miRNA profiles coloured
/// by each condition column and the QC verdict; clustered sample-correlation heatmap; docs/report.md).
std::string rna_classes_section(const ReportData& data);
std::string fragments_section(const ReportData& data, std::size_t top = 10);
std::string sample_overview_section(const ReportData& data);

/// The report page: self-contained HTML (inline CSS and SVG, no scripts, no network access). Pure.
std::string render_report(const ReportData& data);

/// MultiQC custom content: bar graph of read fates per sample (`exomir_read_fates_mqc.json`).
std::string mqc_read_fates_json(const std::vector<SampleFates>& samples);

/// MultiQC custom content: general-statistics columns (miRNA %, reads) per sample (`exomir_general_mqc.json`).
std::string mqc_general_stats_json(const std::vector<SampleFates>& samples);
/// MultiQC custom content: the RNA classes of each sample's kept reads as a bar graph (miRNA, hairpin_other,
/// other-RNA classes in quant's priority order, unmapped).
std::string mqc_rna_classes_json(const std::vector<SampleFates>& samples);

}  // namespace exomir
