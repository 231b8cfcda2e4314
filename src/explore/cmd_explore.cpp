// cmd_explore.cpp: the `exomir explore` front end: one query from the command line, or an interactive prompt
// (libedit: history and tab completion of node names).
#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <editline/readline.h>
#include <fmt/format.h>

#include "exomir/core/cli.hpp"
#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"
#include "exomir/core/log.hpp"
#include "exomir/core/run_info.hpp"
#include "exomir/core/safety.hpp"
#include "exomir/explore/cmd_explore.hpp"
#include "exomir/explore/explore.hpp"

namespace exomir {
namespace {

constexpr const char* k_queries =
    "queries:\n"
    "  targets MIRNA                 genes it targets: weight, sources, site types, evidence, modules\n"
    "  regulators GENE               miRNAs targeting it, weighted by abundance (its load broken down)\n"
    "  module NAME                   genes with role and load; score, z, FDR, top contributing miRNAs\n"
    "  path MIRNA (GENE|MODULE)      strongest paths miRNA -> gene (-> PPI) -> module\n"
    "  top modules|mirnas|genes      ranked lists (--module for contributors / module genes)\n"
    "  neighbors NODE --depth D      nodes within D steps (targets, PPI, membership edges)\n"
    "  subgraph NODE... -o FILE      export a focused piece (--format graphml|dot|json|tsv)\n"
    "  search TEXT                   fuzzy lookup of node names\n"
    "names are forgiving (miR-223, hsa-miR-223-3p, MIR223_3P); prefix mirna:, gene:, module: to pick a kind\n";

void add_query_options(CLI::App& app, ExploreArgs& o) {
    app.add_option("--format", o.format,
                   "text|tsv|json; subgraph: graphml|dot|json|tsv [text on a terminal, else tsv]");
    app.add_option("--top", o.top, "rows shown, 0 = all [30 as text, all otherwise]");
    app.add_option("--module", o.query.module, "restrict to the genes of this module (targets, top mirnas|genes)");
    app.add_option("--min-weight", o.query.min_weight, "ignore miRNA->gene and PPI edges below this weight")
        ->capture_default_str();
    app.add_option("--depth", o.query.depth, "depth of neighbors")->capture_default_str();
    app.add_option("-o,--out", o.out, "write the answer to FILE (atomically, with FILE.run.json) instead of stdout");
}

std::string export_format(const ExploreArgs& o, const Query& q, bool tty) {
    std::string f = o.format;
    if (q.kind == QueryKind::subgraph) {
        if (f == "auto") {
            const auto ext = std::filesystem::path(o.out).extension().string();
            f = ext == ".graphml" || ext == ".dot" || ext == ".json" ? ext.substr(1)
                                                                     : (tty && o.out.empty() ? "text" : "tsv");
        }
        if (f != "graphml" && f != "dot" && f != "json" && f != "tsv" && f != "text")
            throw UsageError(fmt::format("--format {}: subgraph writes graphml, dot, json, tsv or text", f));
        return f;
    }
    if (f == "auto") f = tty && o.out.empty() ? "text" : "tsv";
    if (f != "text" && f != "tsv" && f != "json")
        throw UsageError(fmt::format("--format {}: use text, tsv or json", f));
    return f;
}

// Answers one query; writes to -o FILE (atomic, with provenance) or returns the text for stdout.
std::string run_query(ExploreData& d, const ExploreArgs& o, bool tty, bool loaded) {
    QueryOptions opt = o.query;
    Query q = parse_query(d, o.words, opt);
    if (!loaded) load_parts(d, plan_query(d, q));
    const std::string f = export_format(o, q, tty);
    if (o.top < -1) throw UsageError("--top must be >= 0");
    q.opt.top = o.top >= 0 ? static_cast<std::size_t>(o.top) : (f == "text" ? 30 : 0);
    const auto [mirnas, genes] = detail_names(d, q);
    std::string text;
    if (q.kind == QueryKind::subgraph && (f == "graphml" || f == "dot" || f == "json")) {
        const Subgraph s = extract_subgraph(d, q);
        text = f == "graphml" ? to_graphml(s.net, s.ann) : f == "dot" ? to_dot(s.net, s.ann) : to_json(s.net, s.ann);
    } else {
        const auto fmt_kind = f == "text" ? OutputFormat::text : f == "json" ? OutputFormat::json : OutputFormat::tsv;
        text = format_table(answer(d, q, read_target_details(d.targets_path, mirnas, genes)), fmt_kind);
    }
    if (o.out.empty() || o.out == "-") return text;
    auto info = make_run_info({result_path(d.dir, result_file::run_json)});
    info["query"] = o.words;
    info["format"] = f;
    OutputSet outs;
    outs.open(o.out).write(text);
    outs.open(o.out + ".run.json").write(dump_json(info));
    outs.commit_all();
    return "";
}

void print_stdout(const std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) == EOF)
        throw Error("stdout: write failed");
}

// Splits a prompt line into words: whitespace-separated, "double" or 'single' quotes keep spaces.
std::vector<std::string> split_words(const std::string& line) {
    std::vector<std::string> words;
    std::string cur;
    bool in_word = false;
    char quote = 0;
    for (char c : line) {
        if (quote) {
            if (c == quote)
                quote = 0;
            else
                cur += c;
        } else if (c == '"' || c == '\'') {
            quote = c, in_word = true;
        } else if (c == ' ' || c == '\t') {
            if (in_word) words.push_back(std::move(cur)), cur.clear(), in_word = false;
        } else {
            cur += c, in_word = true;
        }
    }
    if (quote) throw UsageError("unbalanced quote");
    if (in_word) words.push_back(std::move(cur));
    return words;
}

// Completion for libedit: the query verbs as the first word, node names after it.
const ExploreData* g_completion_data = nullptr;
std::vector<std::string> g_candidates;

char* next_candidate(const char*, int state) {
    static std::size_t i = 0;
    if (state == 0) i = 0;
    return i < g_candidates.size() ? strdup(g_candidates[i++].c_str()) : nullptr;
}

char** complete(const char* text, int start, int) {
    rl_attempted_completion_over = 1;
    g_candidates.clear();
    const std::string prefix(text);
    static const std::vector<std::string> verbs = {"targets",   "regulators", "module", "path", "top",
                                                   "neighbors", "subgraph",   "search", "help", "quit",
                                                   "modules",   "mirnas",     "genes"};
    const auto add_from = [&](const std::vector<std::string>& names) {
        for (auto it = std::lower_bound(names.begin(), names.end(), prefix);
             it != names.end() && it->rfind(prefix, 0) == 0; ++it)
            g_candidates.push_back(*it);
    };
    if (start == 0) {
        for (const auto& v : verbs)
            if (v.rfind(prefix, 0) == 0) g_candidates.push_back(v);
    } else {
        for (auto k : {NodeKind::mirna, NodeKind::gene}) add_from(g_completion_data->names.names(k));
        for (const auto& m : g_completion_data->net.modules)  // modules are sorted by (source, name), not by name
            if (m.name.rfind(prefix, 0) == 0) g_candidates.push_back(m.name);
        std::sort(g_candidates.begin(), g_candidates.end());
        g_candidates.erase(std::unique(g_candidates.begin(), g_candidates.end()), g_candidates.end());
    }
    if (g_candidates.empty()) return nullptr;
    return rl_completion_matches(text, next_candidate);
}

// One prompt line: parse it like the command line's query part and answer it. Errors are printed, not fatal.
void prompt_line(ExploreData& d, const ExploreArgs& base, const std::string& line) {
    ExploreArgs o;
    o.dir = base.dir;
    CLI::App app{"explore query", "explore"};
    add_query_options(app, o);
    app.add_option("query", o.words, "query words")->required();
    add_number_checks(app);  // the same nan/inf/minus-sign checks as the command line (parse_command_line)
    auto args = split_words(line);
    std::reverse(args.begin(), args.end());  // CLI11 parses a vector in reverse order
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        throw UsageError(e.what());
    }
    print_stdout(run_query(d, o, isatty(STDOUT_FILENO) != 0, true));
}

int interactive(ExploreData& d, const ExploreArgs& o) {
    load_parts(d, load_everything());
    if (!o.history.empty()) check_not_an_input(o.history);  // written at the end: never over a file of the results
    g_completion_data = &d;
    rl_readline_name = "exomir";
    rl_attempted_completion_function = complete;
    using_history();
    if (!o.history.empty() && file_exists(o.history)) read_history(o.history.c_str());
    print_stdout(
        fmt::format("exomir explore {}: {} miRNAs, {} genes, {} modules. Tab completes names; 'help', 'quit'.\n", d.dir,
                    d.net.mirnas.size(), d.net.genes.size(), d.net.modules.size()));
    while (char* raw = readline("exomir> ")) {
        const std::string line(trim_ws(raw));
        std::free(raw);
        if (line.empty()) continue;
        add_history(line.c_str());
        if (line == "quit" || line == "exit") break;
        if (line == "help") {
            print_stdout(std::string(k_queries) +
                         "options: --top N, --module M, --min-weight W, --depth D, --format F, -o FILE\n");
            continue;
        }
        try {
            prompt_line(d, o, line);
        } catch (const Error& e) {  // the prompt stays open after a bad query
            std::fflush(stdout);
            fmt::print(stderr, "error: {}\n", e.what());
        }
    }
    if (!o.history.empty() && write_history(o.history.c_str()) != 0)
        fmt::print(stderr, "exomir explore: warning: could not write history to {}\n", o.history);
    return 0;
}

}  // namespace

int run_explore(const ExploreArgs& o) {
    const LogAs log_as("explore");
    ExploreData d = load_explore(o.dir, o.aliases, o.mirbase_diff);
    if (o.words.empty()) return interactive(d, o);
    print_stdout(run_query(d, o, isatty(STDOUT_FILENO) != 0, false));
    return 0;
}

int cmd_explore(int argc, char** argv) {
    CLI::App app{fmt::format("Query a saved 'exomir network' result; without a query, open an interactive prompt.\n{}"
                             "example: exomir explore net/ targets miR-223 --top 10",
                             k_queries),
                 "exomir explore"};
    ExploreArgs o;
    CommonOptions common;
    add_common_options(app, common);
    app.add_option("net_dir", o.dir, "the -o directory of 'exomir network'")->required();
    app.add_option("query", o.words, "query and its arguments (none: interactive prompt)");
    add_query_options(app, o);
    app.add_option("--aliases", o.aliases, "alias table: miRBase aliases.txt or TSV 'alias<TAB>name' (old names)")
        ->check(CLI::ExistingFile);
    app.add_option("--mirbase-diff", o.mirbase_diff,
                   "directory of miRBase miRNA_<release>.diff files: former miRNA names "
                   "(hsa-miR-223 -> hsa-miR-223-3p) resolve")
        ->check(CLI::ExistingDirectory);
    app.add_option("--history", o.history, "interactive prompt: read and save the history in FILE");
    return parse_and_run(app, common, argc, argv, [&] { return run_explore(o); });
}

}  // namespace exomir
