// fuzz_escape.cpp: libFuzzer target for the writers' escapers (core/escape.hpp): HTML, DOT and the SVG sanitiser.
//
// Contract under test, for any bytes:
// - html_escape: the output holds none of < > " ' and every & starts one of the five entities it writes, so the text
//   cannot open a tag or leave an attribute value.
// - dot_quote: the output is exactly one DOT quoted string (scanned the way Graphviz does: a backslash escapes the
//   next character), with no raw newline, so a name cannot add attributes such as URL=.
// - dot_id: either dot_quote(s), or s itself when s is a bare DOT ID (identifier or numeral) that is not a keyword
//   (node, edge, graph, digraph, subgraph, strict in any case), so a name never becomes DOT syntax.
// - sanitize_svg: every tag of the output is a known drawing element with only known presentation attributes in
//   double quotes (no on*, href, xlink:*, style), text holds no raw '<' or '>', and sanitising again changes nothing.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "exomir/core/escape.hpp"

using namespace exomir;

namespace {

void check_html(const std::string& s) {
    const std::string out = html_escape(s);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const char c = out[i];
        if (c == '<' || c == '>' || c == '"' || c == '\'') __builtin_trap();
        if (c == '&') {
            const std::string_view rest = std::string_view(out).substr(i);
            bool ok = false;
            for (const std::string_view e : {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"})
                ok = ok || rest.starts_with(e);
            if (!ok) __builtin_trap();
        }
    }
}

void check_dot(const std::string& s) {
    const std::string q = dot_quote(s);
    if (q.size() < 2 || q.front() != '"' || q.back() != '"') __builtin_trap();
    std::size_t i = 1;
    while (i < q.size() && q[i] != '"') i += q[i] == '\\' ? 2 : 1;
    if (i != q.size() - 1) __builtin_trap();  // the string closed early (injection) or swallowed its closing quote
    if (q.find('\n') != std::string::npos || q.find('\r') != std::string::npos) __builtin_trap();
}

void check_dot_id(const std::string& s) {
    const std::string id = dot_id(s);
    if (id == dot_quote(s)) return;
    if (id != s || s.empty() || is_dot_keyword(s)) __builtin_trap();
    for (const char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == '-'))
            __builtin_trap();
    for (const std::string_view k : {"node", "edge", "graph", "digraph", "subgraph", "strict"}) {
        std::string lower = s;
        for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        if (lower == k) __builtin_trap();
    }
}

constexpr std::array<std::string_view, 16> k_elements = {
    "svg",     "g",      "title", "text", "tspan", "path", "polygon",        "polyline",
    "ellipse", "circle", "rect",  "line", "defs",  "stop", "linearGradient", "radialGradient"};

bool known_element(std::string_view n) {
    for (const auto e : k_elements)
        if (e == n) return true;
    return false;
}

bool safe_attribute(std::string_view n) {
    if (n.empty() || n.size() > 24) return false;
    if ((n[0] == 'o' || n[0] == 'O') && n.size() > 1 && (n[1] == 'n' || n[1] == 'N')) return false;  // on*
    if (n.find("href") != std::string_view::npos || n.starts_with("xlink") || n == "style" || n == "src") return false;
    for (const char c : n)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ':'))
            return false;
    return true;
}

// Walks the sanitiser's canonical output: text, </name>, <name a="v" ...> or <name .../>.
void check_svg(const std::string& s) {
    const std::string out = sanitize_svg(s);
    std::size_t i = 0;
    while (i < out.size()) {
        if (out[i] == '>') __builtin_trap();
        if (out[i] != '<') {
            ++i;
            continue;
        }
        ++i;
        if (i < out.size() && out[i] == '/') ++i;
        const std::size_t n0 = i;
        while (i < out.size() && out[i] != ' ' && out[i] != '>' && out[i] != '/') ++i;
        if (!known_element(std::string_view(out).substr(n0, i - n0))) __builtin_trap();
        while (i < out.size() && out[i] == ' ') {
            const std::size_t a0 = ++i;
            while (i < out.size() && out[i] != '=') ++i;
            if (!safe_attribute(std::string_view(out).substr(a0, i - a0))) __builtin_trap();
            if (i + 1 >= out.size() || out[i + 1] != '"') __builtin_trap();
            i += 2;
            while (i < out.size() && out[i] != '"') {
                if (out[i] == '<' || out[i] == '>') __builtin_trap();
                ++i;
            }
            ++i;  // closing quote
        }
        if (i < out.size() && out[i] == '/') ++i;
        if (i >= out.size() || out[i] != '>') __builtin_trap();
        ++i;
    }
    if (sanitize_svg(out) != out) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    check_html(text);
    check_dot(text);
    check_dot_id(text);
    check_svg(text);
    return 0;
}
