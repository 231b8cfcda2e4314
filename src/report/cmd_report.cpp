// cmd_report.cpp: the `exomir report` front end: report.html and MultiQC files from a results folder.
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/escape.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"
#include "exomir/core/process.hpp"
#include "exomir/report/cmd_report.hpp"
#include "exomir/report/report.hpp"

namespace exomir {

namespace {

// Renders `dot` text with Graphviz (`dot -Tsvg`, run with an argv, no shell) in a private temporary directory and
// returns the sanitised SVG (no links, scripts or event handlers); "" with a warning if Graphviz is missing or fails.
std::string graphviz_svg(const std::string& dot) {
    const TempDir scratch;
    const std::string in = scratch.path() + "/top_network.dot", out = scratch.path() + "/top_network.svg";
    {
        std::ofstream f(in);
        f << dot;
        if (!f) return {};
    }
    const ProgramRun run = run_program({"dot", "-Tsvg", "-o", out, in});
    if (!run.ok()) {
        if (run.exit_code != 127 && run.started)
            log_warn(fmt::format("Graphviz 'dot' failed ({}); the report draws the network inline", run.error));
        return {};
    }
    std::ifstream f(out);
    std::stringstream svg;
    svg << f.rdbuf();
    const std::string text = svg.str();
    const auto start = text.find("<svg");
    return start != std::string::npos ? sanitize_svg(std::string_view(text).substr(start)) : std::string();
}

}  // namespace

int run_report(const ReportArgs& args) {
    const LogAs log_as("report");
    const SampleSheetTable sheet = load_samplesheet(args.samples, SheetNeeds::without_reads());
    const RunLayout layout(args.out_dir);
    ReportData data = load_report_data(sheet, layout);
    if (!args.no_graphviz) data.network_svg = graphviz_svg(top_network_dot(data));
    const bool graphviz = !data.network_svg.empty();
    if (!graphviz) data.network_svg = top_network_svg(data);
    OutputSet set;
    set.open(layout.report_html).write(render_report(data));
    set.open(args.out_dir + "/exomir_read_fates_mqc.json").write(mqc_read_fates_json(data.samples));
    set.open(args.out_dir + "/exomir_general_mqc.json").write(mqc_general_stats_json(data.samples));
    set.open(args.out_dir + "/exomir_rna_classes_mqc.json").write(mqc_rna_classes_json(data.samples));
    set.commit_all();
    log_info(fmt::format("{} samples -> {} (network picture: {})", data.samples.size(), layout.report_html,
                         graphviz ? "Graphviz" : "inline drawing"));
    return 0;
}

int cmd_report(int argc, char** argv) {
    CLI::App app{
        "write report.html and the MultiQC files (exomir_*_mqc.json) of a results folder\n\n"
        "example: exomir report --samples samples.tsv results/",
        "exomir report"};
    CommonOptions common;
    ReportArgs o;
    add_common_options(app, common);
    app.add_option("--samples", o.samples, "sample sheet of the run (sample, fastq, kit, conditions)")->required();
    app.add_flag("--no-graphviz", o.no_graphviz, "draw the network picture inline even if Graphviz 'dot' is installed");
    app.add_option("results", o.out_dir, "results folder of 'exomir run' or the workflow")->required();
    return parse_and_run(app, common, argc, argv, [&] { return run_report(o); });
}

}  // namespace exomir
