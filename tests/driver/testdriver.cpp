// testdriver.cpp: test-only CLI over core stages that have no subcommand on main yet (bad-input and interrupt tests).
//
// `exomir_testdriver collapse [--kit K] [--adapter A] [--open-early] [-t N] -o DIR READS...` runs
// read_and_collapse and writes DIR/collapsed.tsv + DIR/qc.json. Like the real commands it creates DIR and
// its outputs only after the work succeeded; with --open-early it opens them BEFORE reading, so a temp
// file exists for the whole run (what tests/cli/test_interrupt.sh needs).
// `exomir_testdriver reference --mature F --hairpin F [--species S] -o DIR` runs load_mirna_reference
// and writes DIR/reference.tsv. Errors print like the real binary: `exomir <cmd>: error: <message>`.
// `exomir_testdriver overview [--top N] TABLE` prints the report's sample-overview maths on a cpm.tsv/tmm.tsv
// (columns mirna, accession, samples): var.explained, each sample's MDS coordinates of log2(value + 1), and the
// average-linkage order on 1 - Pearson r (tests/cli/report/test_overview_numpy.sh checks them against numpy/scipy).
// Once `exomir quant` / `exomir reference` exist, the .tst cases move to them (bad_input_quant.tst.pending).
#include <cmath>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/core/signals.hpp"
#include "exomir/core/tsv.hpp"
#include "exomir/quant/collapse.hpp"
#include "exomir/reference/mirna_ref.hpp"
#include "exomir/report/sample_overview.hpp"

namespace {

using namespace exomir;

std::string out_path(const std::string& dir, const char* name) { return (std::filesystem::path(dir) / name).string(); }

int run_collapse(int argc, char** argv) {
    CLI::App app{"test driver: read_and_collapse", "exomir_testdriver collapse"};
    CommonOptions common;
    TrimOptions trim;
    std::string kit = "truseq", out_dir;
    std::vector<std::string> inputs;
    bool open_early = false;
    app.add_option("--kit", kit, "truseq, nebnext, qiaseq, nextflex or auto")->capture_default_str();
    app.add_option("--adapter", trim.adapter, "3' adapter ('none': reads already trimmed)");
    app.add_flag("--open-early", open_early, "create the output temp files before reading (interrupt test)");
    app.add_option("-o,--out", out_dir, "output directory")->required();
    app.add_option("reads", inputs, "FASTQ/BAM files")->required();
    add_common_options(app, common);
    if (const int rc = parse_command_line(app, argc, argv); rc >= 0) return rc;
    const auto threads = apply_threads(common, "collapse");
    trim.kit = parse_kit(kit);
    if (trim.adapter == "none") trim.kit = Kit::custom, trim.adapter.clear();
    apply_kit_preset(trim);
    if (const auto problems = validate(trim); !problems.empty()) throw UsageError(problems.front());

    OutputSet set;
    AtomicFile* tsv = nullptr;
    AtomicFile* qc = nullptr;
    const auto open_outputs = [&] {
        make_dirs(out_dir);
        tsv = &set.open(out_path(out_dir, "collapsed.tsv"));
        qc = &set.open(out_path(out_dir, "qc.json"));
    };
    if (open_early) open_outputs();
    const CollapsedReads reads = read_and_collapse(inputs, trim);
    if (!open_early) open_outputs();
    for (const auto& w : reads.warnings) log_warn(w);
    tsv->write("sequence\tn_reads\tn_molecules\n");
    for (std::size_t i = 0; i < reads.sequences.size(); ++i) {
        const SeqCount& s = reads.sequences[i];
        tsv->write(fmt::format("{}\t{}\t{}\n", s.seq, s.n_reads, reads.umi ? reads.molecules[i] : s.n_reads));
    }
    qc->write(dump_json(to_json(reads, trim)));
    set.commit_all();
    return 0;
}

int run_reference(int argc, char** argv) {
    CLI::App app{"test driver: load_mirna_reference", "exomir_testdriver reference"};
    CommonOptions common;
    ReferencePaths paths;
    std::string reference_dir, out_dir;
    app.add_option("--reference", reference_dir, "folder with mature.fa and hairpin.fa");
    app.add_option("--mature", paths.mature, "mature.fa(.gz)");
    app.add_option("--hairpin", paths.hairpin, "hairpin.fa(.gz)");
    app.add_option("--species", paths.species, "miRBase species prefix")->capture_default_str();
    app.add_option("-o,--out", out_dir, "output directory")->required();
    add_common_options(app, common);
    if (const int rc = parse_command_line(app, argc, argv); rc >= 0) return rc;
    const auto threads = apply_threads(common, "reference");
    const MirnaReference ref = load_mirna_reference(resolve_reference_paths(reference_dir, paths));
    make_dirs(out_dir);
    OutputSet set;
    AtomicFile& tsv = set.open(out_path(out_dir, "reference.tsv"));
    tsv.write("hairpin\tmature\tstart\tend\n");
    for (const auto& h : ref.hairpins)
        for (const auto& m : h.matures)
            tsv.write(fmt::format("{}\t{}\t{}\t{}\n", h.name, ref.matures[m.mature].name, m.start, m.end));
    set.commit_all();
    return 0;
}

int run_overview(int argc, char** argv) {
    CLI::App app{"test driver: the report's MDS and clustering", "exomir_testdriver overview"};
    CommonOptions common;
    std::string table;
    std::size_t top = 500;
    app.add_option("--top", top, "features per pair (plotMDS top)")->capture_default_str();
    app.add_option("table", table, "cpm.tsv or tmm.tsv")->required();
    add_common_options(app, common);
    if (const int rc = parse_command_line(app, argc, argv); rc >= 0) return rc;
    TsvReader in(table, "a count matrix");
    const std::size_t n = in.header().size() - 2;
    Matrix x(n);
    std::vector<std::string_view> f;
    while (in.next(f))
        for (std::size_t i = 0; i < n; ++i) x[i].push_back(std::log2(parse_double(f[i + 2], in.where(), "value") + 1));
    const MdsResult m = classical_mds(leading_logfc_distances(x, top));
    fmt::print("explained\t{:.12g}\t{:.12g}\n", m.explained[0], m.explained[1]);
    for (std::size_t i = 0; i < n; ++i)
        fmt::print("{}\t{:.12g}\t{:.12g}\n", in.header().names()[i + 2], m.points[i][0], m.points[i][1]);
    Matrix d = pearson_matrix(x);
    for (auto& row : d)
        for (double& v : row) v = 1 - v;
    for (const std::size_t i : average_linkage_order(d)) fmt::print("order\t{}\n", i);
    return 0;
}

constexpr exomir::Command k_commands[] = {
    {"collapse", "read_and_collapse on reads", run_collapse},
    {"reference", "load_mirna_reference", run_reference},
    {"overview", "the report's sample-overview maths", run_overview},
};

}  // namespace

int main(int argc, char** argv) {
    exomir::install_signal_handlers();
    for (const auto& c : k_commands) {
        if (argc < 2 || std::strcmp(argv[1], c.name) != 0) continue;
        exomir::invocation() = {std::vector<std::string>(argv, argv + argc), c.name};
        try {
            return c.run(argc - 1, argv + 1);
        } catch (const std::exception& e) {  // as src/main.cpp: one line, exit 1 or the Error's code
            fmt::print(stderr, "exomir {}: error: {}\n", c.name, e.what());
            const auto* error = dynamic_cast<const exomir::Error*>(&e);
            return error ? static_cast<int>(error->code()) : 1;
        }
    }
    fmt::print(stderr, "exomir: error: usage: exomir_testdriver collapse|reference|overview ...\n");
    return 2;
}
