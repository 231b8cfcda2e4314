// test_run.cpp: the plan of `exomir run` and its up-to-date check.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <variant>

#include <unistd.h>

#include "exomir/reference/mirna_ref.hpp"
#include "exomir/run/run.hpp"

using namespace exomir;

namespace {
SampleSheetTable two_samples() {
    const auto r = parse_samplesheet(
        "sample\tfastq\tkit\tadapter\tsource\n"
        "bm1\tbm1.fq.gz;bm1_L2.fq.gz\ttruseq\t\tbone_marrow\n"
        "ad1\tad1.fq.gz\t\tACGTACGT\tadipose\n",
        "in");
    REQUIRE(r.problems.empty());
    return r.sheet;
}
std::vector<std::string> names(const std::vector<RunStep>& steps) {
    std::vector<std::string> n;
    for (const auto& s : steps) n.push_back(s.name);
    return n;
}
}  // namespace

TEST_CASE("plan_run chains quant per sample, merge, targets, network, rank and report") {
    RunOptions o;
    o.samples = "in/samples.tsv";
    o.out_dir = "res";
    const auto steps = plan_run(two_samples(), o);
    REQUIRE(names(steps) ==
            std::vector<std::string>{"quant:bm1", "quant:ad1", "merge", "targets", "network", "rank", "report"});
    const auto& q0 = std::get<QuantArgs>(steps[0].args);
    CHECK(q0.sample == "bm1");
    CHECK(q0.kit == "truseq");
    CHECK(q0.kit_given);
    CHECK(q0.trim.adapter.empty());
    CHECK(q0.out_dir == "res/quant");
    CHECK(q0.inputs == std::vector<std::string>{"in/bm1.fq.gz", "in/bm1_L2.fq.gz"});
    const auto& q1 = std::get<QuantArgs>(steps[1].args);
    CHECK(q1.sample == "ad1");
    CHECK_FALSE(q1.kit_given);  // an adapter alone: a custom kit
    CHECK(q1.trim.adapter == "ACGTACGT");
    CHECK(q1.inputs == std::vector<std::string>{"in/ad1.fq.gz"});
    const auto& m = std::get<MergeArgs>(steps[2].args);
    CHECK(m.out_dir == "res/counts");
    CHECK(m.inputs == std::vector<std::string>{"res/quant/bm1.mirna.tsv", "res/quant/ad1.mirna.tsv"});
    const auto& t = std::get<TargetsArgs>(steps[3].args);
    CHECK(t.out == "res/targets/targets.tsv");
    CHECK(t.isomirs.empty());  // no seed-keyed source: no isomiR seeds
    const auto& n = std::get<NetworkArgs>(steps[4].args);
    CHECK(n.counts == "res/counts/counts.tsv");
    CHECK(n.targets == "res/targets/targets.tsv");
    CHECK(n.out_dir == "res/net");
    CHECK(n.score.permutations == NetworkArgs{}.score.permutations);  // network's default
    // one sample per source: no group comparison (the bootstrap needs >= 2 samples per group)
    const auto& rk = std::get<RankArgs>(steps[5].args);
    CHECK(rk.network_dir == "res/net");
    CHECK(rk.targets == "res/targets/targets.tsv");
    CHECK(rk.counts.empty());
    CHECK(rk.out_dir == "res/rank");
    CHECK(std::get<ReportArgs>(steps[6].args).out_dir == "res");
    CHECK(steps[6].outputs == std::vector<std::string>{"res/report.html"});
    // every input of a later step is an output of an earlier step or a user file
    CHECK(std::find(steps[6].inputs.begin(), steps[6].inputs.end(), "res/net/module_scores.tsv") !=
          steps[6].inputs.end());
}

TEST_CASE("plan_run passes the samples' isomiRs to targets with a seed-keyed source") {
    RunOptions o;
    o.samples = "s.tsv";
    o.out_dir = "r";
    o.targets_targetscan = {"ts.txt"};
    const auto steps = plan_run(two_samples(), o);
    const auto& t = std::get<TargetsArgs>(steps[3].args);
    CHECK(t.targetscan == std::vector<std::string>{"ts.txt"});
    CHECK(t.isomirs == std::vector<std::string>{"r/quant/bm1.isomir.gff3", "r/quant/ad1.isomir.gff3"});
    CHECK(t.out == "r/targets/targets.tsv");
    CHECK(steps[3].inputs == std::vector<std::string>{"ts.txt", "r/quant/bm1.isomir.gff3", "r/quant/ad1.isomir.gff3"});
}

TEST_CASE("plan_run: a ready targets.tsv skips the targets step; --no-rank drops rank") {
    RunOptions o;
    o.samples = "s.tsv";
    o.out_dir = "r";
    o.targets = "my_targets.tsv";
    o.rank = false;
    o.permutations = 200;
    const auto steps = plan_run(two_samples(), o);
    REQUIRE(names(steps) == std::vector<std::string>{"quant:bm1", "quant:ad1", "merge", "network", "report"});
    const auto& n = std::get<NetworkArgs>(steps[3].args);
    CHECK(n.counts == "r/counts/counts.tsv");
    CHECK(n.targets == "my_targets.tsv");
    CHECK(n.score.permutations == 200);
    CHECK(n.out_dir == "r/net");
    // the shipped modules.tsv network reads by default is an input too: editing it reruns the step
    CHECK(steps[3].inputs ==
          std::vector<std::string>{"r/counts/counts.tsv", "my_targets.tsv", curated_reference_dir() + "/modules.tsv"});
}

TEST_CASE("plan_run --reference BUNDLE: its targets.tsv skips the targets step; network reads its files") {
    const auto dir = std::filesystem::temp_directory_path() / ("exomir_run_bundle_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "gmt");
    for (const char* f : {"targets.tsv", "modules.tsv", "ppi.tsv", "gmt/b.gmt", "gmt/a.gmt", "gmt/notes.txt"})
        std::ofstream(dir / f) << "x\n";
    const std::string b = dir.string();
    RunOptions o;
    o.samples = "s.tsv";
    o.out_dir = "r";
    o.reference = b;
    o.rank = false;
    auto steps = plan_run(two_samples(), o);
    REQUIRE(names(steps) == std::vector<std::string>{"quant:bm1", "quant:ad1", "merge", "network", "report"});
    CHECK(std::get<QuantArgs>(steps[0].args).reference_dir == b);
    const auto& n = std::get<NetworkArgs>(steps[3].args);
    CHECK(n.targets == b + "/targets.tsv");
    CHECK(n.modules == b + "/modules.tsv");
    CHECK(n.ppi == b + "/ppi.tsv");
    CHECK(n.reference_gmt == std::vector<std::string>{b + "/gmt/a.gmt", b + "/gmt/b.gmt"});
    CHECK(steps[3].inputs == std::vector<std::string>{"r/counts/counts.tsv", b + "/targets.tsv", b + "/modules.tsv",
                                                      b + "/gmt/a.gmt", b + "/gmt/b.gmt", b + "/ppi.tsv"});
    // target sources ask for a new table: the targets step runs, with the bundle as its reference
    o.targets_validated = {"pairs.tsv"};
    steps = plan_run(two_samples(), o);
    REQUIRE(names(steps) ==
            std::vector<std::string>{"quant:bm1", "quant:ad1", "merge", "targets", "network", "report"});
    CHECK(std::get<TargetsArgs>(steps[3].args).reference_dir == b);
    CHECK(std::get<NetworkArgs>(steps[4].args).targets == "r/targets/targets.tsv");
    std::filesystem::remove_all(dir);
}

TEST_CASE("plan_run compares groups on the first condition column with >= 2 samples per group") {
    const auto r = parse_samplesheet(
        "sample\tfastq\tkit\tdonor\tsource\n"
        "a\ta.fq\ttruseq\td1\tbm\nb\tb.fq\ttruseq\td2\tbm\nc\tc.fq\ttruseq\td3\tad\nd\td.fq\ttruseq\td3\tad\n",
        "");
    REQUIRE(r.problems.empty());
    CHECK(comparison_column(r.sheet) == "source");  // donor has groups of one sample
    RunOptions o;
    o.samples = "s.tsv";
    o.out_dir = "r";
    const auto steps = plan_run(r.sheet, o);
    const RunStep& rank = steps.at(steps.size() - 2);
    const auto& a = std::get<RankArgs>(rank.args);
    CHECK(a.network_dir == "r/net");
    CHECK(a.targets == "r/targets/targets.tsv");
    CHECK(a.counts == "r/counts/counts.tsv");
    CHECK(a.samplesheet == "s.tsv");
    CHECK(a.group_by == "source");
    CHECK(a.out_dir == "r/rank");
    CHECK(rank.outputs.back() == "r/rank/group_comparison.tsv");
    const auto has = [](const RunStep& st, const std::string& f) {
        return std::find(st.inputs.begin(), st.inputs.end(), f) != st.inputs.end();
    };
    const RunStep& network = steps.at(steps.size() - 3);
    CHECK(std::get<NetworkArgs>(network.args).normalization == Normalization::cpm);
    CHECK(network.settings.at("normalization") == "cpm");
    CHECK_FALSE(has(network, "r/counts/norm_factors.tsv"));
    // --normalization tmm: network reads merge's factors beside counts.tsv, and so does rank (it follows network)
    o.normalization = Normalization::tmm;
    const auto tmm = plan_run(r.sheet, o);
    const RunStep& tmm_network = tmm.at(tmm.size() - 3);
    CHECK(std::get<NetworkArgs>(tmm_network.args).normalization == Normalization::tmm);
    CHECK(std::get<NetworkArgs>(tmm_network.args).norm_factors.empty());  // network finds it beside counts.tsv
    CHECK(tmm_network.settings.at("normalization") == "tmm");
    CHECK(has(tmm_network, "r/counts/norm_factors.tsv"));
    CHECK(has(tmm.at(tmm.size() - 2), "r/counts/norm_factors.tsv"));
}

TEST_CASE("missing_inputs names every absent user file with its option") {
    RunOptions o;
    o.targets = "no/such/targets.tsv";
    o.gmt = {"no/such/a.gmt", "no/such/b.gmt"};
    const auto p = missing_inputs(o);
    REQUIRE(p.size() == 3);
    CHECK(p[0] == "--targets no/such/targets.tsv: no such file");
    CHECK(p[2] == "--gmt no/such/b.gmt: no such file");
}

TEST_CASE("validate(RunOptions) lists every problem") {
    RunOptions o;
    o.permutations = -1;
    o.targets = "t.tsv";
    o.targets_utr = "utr.fa";
    const auto p = validate(o);
    CHECK(p.size() == 4);
}

TEST_CASE("up_to_date needs outputs newer than inputs and the same settings") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "exomir_test_run_stamp";
    fs::create_directories(dir);
    const std::string in = (dir / "in.txt").string(), out = (dir / "out.txt").string();
    std::ofstream(in) << "x";
    RunStep st{"merge", "merge", MergeArgs{"x", {in}, {}, {}, false}, {{"out", "x"}}, {in}, {out}};
    CHECK_FALSE(up_to_date(st, step_stamp(st)));  // no output yet
    std::ofstream(out) << "y";
    fs::last_write_time(in, fs::last_write_time(out) - std::chrono::seconds(10));
    CHECK(up_to_date(st, step_stamp(st)));
    CHECK_FALSE(up_to_date(st, nullptr));  // never recorded
    RunStep changed = st;
    changed.settings["extra"] = true;
    CHECK_FALSE(up_to_date(changed, step_stamp(st)));  // other parameters
    fs::last_write_time(in, fs::last_write_time(out) + std::chrono::seconds(10));
    CHECK_FALSE(up_to_date(st, step_stamp(st)));  // input changed after the output
    fs::remove_all(dir);
}

TEST_CASE("plan_run: blanks and negatives of the type column go to merge and never into the cargo") {
    const auto r = parse_samplesheet(
        "sample\tfastq\tkit\ttype\n"
        "s1\ts1.fq\ttruseq\tsample\n"
        "med\tm.fq\ttruseq\tblank\n"
        "s2\ts2.fq\ttruseq\t\n"
        "kit\tk.fq\ttruseq\tnegative\n",
        "in");
    REQUIRE(r.problems.empty());
    RunOptions o;
    o.samples = "in/samples.tsv";
    o.out_dir = "res";
    const auto steps = plan_run(r.sheet, o);
    const auto merge = std::find_if(steps.begin(), steps.end(), [](const RunStep& s) { return s.name == "merge"; });
    const auto& m = std::get<MergeArgs>(merge->args);
    CHECK(m.inputs.size() == 4);  // every library is counted: merge compares samples with the blanks
    CHECK(m.blanks == std::vector<std::string>{"med"});
    CHECK(m.negatives == std::vector<std::string>{"kit"});
    CHECK(std::find(merge->outputs.begin(), merge->outputs.end(), "res/counts/contamination.tsv") !=
          merge->outputs.end());
    CHECK(merge->settings["blanks"] == nlohmann::json::array({"med"}));
    const auto net = std::find_if(steps.begin(), steps.end(), [](const RunStep& s) { return s.name == "network"; });
    CHECK(std::get<NetworkArgs>(net->args).samplesheet == "in/samples.tsv");  // network leaves the controls out
    CHECK(std::get<NetworkArgs>(net->args).contamination == "res/counts/contamination.tsv");  // and likely_medium
    CHECK(std::find(net->inputs.begin(), net->inputs.end(), "in/samples.tsv") != net->inputs.end());
    // without controls nothing changes: no sheet for network, no contamination outputs
    const auto plain = plan_run(two_samples(), o);
    CHECK(std::get<NetworkArgs>(plain[4].args).samplesheet.empty());
    CHECK(std::get<NetworkArgs>(plain[4].args).contamination.empty());
    CHECK(std::get<MergeArgs>(plain[2].args).blanks.empty());
}

TEST_CASE("qc_failures: FAIL samples of type sample, with reasons; blanks and older qc.json are not gated") {
    const auto dir = std::filesystem::temp_directory_path() / "exomir_test_run_gate";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "quant");
    const auto write = [&](const std::string& name, const std::string& json) {
        std::ofstream(dir / "quant" / (name + ".qc.json")) << json;
    };
    write("good", R"({"qc_gate": {"verdict": "WARN", "reasons": ["few reads"]}})");
    write("bad", R"({"qc_gate": {"verdict": "FAIL", "reasons": ["99.7% of reads are adapter dimers", "no miRNA"]}})");
    write("med", R"({"qc_gate": {"verdict": "FAIL", "reasons": ["no miRNA"]}})");
    write("old", R"({"annotation": {}})");
    const auto r = parse_samplesheet(
        "sample\tfastq\tkit\ttype\ngood\ta.fq\ttruseq\t\nbad\tb.fq\ttruseq\t\nmed\tc.fq\ttruseq\tblank\n"
        "old\td.fq\ttruseq\t\n",
        "");
    REQUIRE(r.problems.empty());
    const RunLayout l(dir.string());
    const auto failed = qc_failures(r.sheet, l);
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].sample == "bad");
    CHECK(failed[0].reasons == "99.7% of reads are adapter dimers; no miRNA");
    CHECK(failed[0].qc_json == (dir / "quant" / "bad.qc.json").lexically_normal().string());
    write("old", "not json");
    REQUIRE_THROWS_WITH(
        qc_failures(r.sheet, l),
        Catch::Contains("old.qc.json: not a qc.json of exomir quant (not valid JSON); rerun with --force"));
    std::filesystem::remove_all(dir);
}
