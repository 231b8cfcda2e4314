// escape.cpp: HTML/XML and DOT escapers, the SVG sanitiser and the error-message quoting (see escape.hpp).
#include "exomir/core/escape.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace exomir {

namespace {

bool is_control(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

// SVG elements kept by sanitize_svg, spelled as SVG spells them (compared case-insensitively).
constexpr std::array<std::string_view, 16> k_svg_elements = {
    "svg",     "g",      "title", "text", "tspan", "path", "polygon",        "polyline",
    "ellipse", "circle", "rect",  "line", "defs",  "stop", "linearGradient", "radialGradient"};

// Presentation attributes kept by sanitize_svg; everything else (on*, href, xlink:*, style, src, ...) is dropped.
constexpr std::array<std::string_view, 48> k_svg_attributes = {"width",
                                                               "height",
                                                               "viewBox",
                                                               "xmlns",
                                                               "id",
                                                               "class",
                                                               "transform",
                                                               "fill",
                                                               "stroke",
                                                               "stroke-width",
                                                               "stroke-dasharray",
                                                               "stroke-linecap",
                                                               "stroke-linejoin",
                                                               "stroke-opacity",
                                                               "fill-opacity",
                                                               "opacity",
                                                               "points",
                                                               "d",
                                                               "cx",
                                                               "cy",
                                                               "rx",
                                                               "ry",
                                                               "r",
                                                               "x",
                                                               "y",
                                                               "x1",
                                                               "y1",
                                                               "x2",
                                                               "y2",
                                                               "dx",
                                                               "dy",
                                                               "text-anchor",
                                                               "font-family",
                                                               "font-size",
                                                               "font-weight",
                                                               "font-style",
                                                               "text-decoration",
                                                               "dominant-baseline",
                                                               "baseline-shift",
                                                               "preserveAspectRatio",
                                                               "offset",
                                                               "stop-color",
                                                               "stop-opacity",
                                                               "gradientUnits",
                                                               "gradientTransform",
                                                               "fx",
                                                               "fy",
                                                               "xml:space"};

// Elements whose whole content is dropped (not just the tag).
constexpr std::array<std::string_view, 8> k_svg_drop_content = {"script", "style", "foreignobject", "iframe",
                                                                "object", "embed", "audio",         "video"};

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

template <std::size_t N>
std::string_view find_name(const std::array<std::string_view, N>& names, std::string_view name) {
    for (const auto n : names)
        if (iequals(n, name)) return n;
    return {};
}

// Length of a character reference at the start of `s` ("&amp;", "&#45;", "&#x2d;"), or 0 if there is none.
std::size_t entity_length(std::string_view s) {
    if (s.size() < 3 || s[0] != '&') return 0;
    std::size_t i = 1;
    bool digits = false;
    if (s[1] == '#') {
        i = 2;
        const bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
        if (hex) ++i;
        const std::size_t start = i;
        while (i < s.size() && i - start < 8 &&
               (hex ? std::isxdigit(static_cast<unsigned char>(s[i])) : std::isdigit(static_cast<unsigned char>(s[i]))))
            ++i;
        digits = i > start;
    } else {
        while (i < s.size() && i < 33 && std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
        digits = i > 1;
    }
    return digits && i < s.size() && s[i] == ';' ? i + 1 : 0;
}

// Re-escapes text or an attribute value from an SVG document: character references are kept as they are,
// every other markup character is escaped.
void append_reescaped(std::string& out, std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (const std::size_t n = entity_length(s.substr(i)); n > 0) {
            out.append(s.substr(i, n));
            i += n - 1;
        } else {
            out += html_escape(s.substr(i, 1));
        }
    }
}

bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '_' || c == '-' || c == '.';
}

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

struct Tag {
    std::string_view name;
    bool closing = false, self_closing = false;
    std::vector<std::pair<std::string_view, std::string_view>> attributes;
    std::size_t end = 0;  // index just after '>'
};

// Parses the tag starting at svg[i] == '<'. False if it never closes (the rest of the input is dropped).
bool parse_tag(std::string_view svg, std::size_t i, Tag& tag) {
    std::size_t p = i + 1;
    if (p < svg.size() && svg[p] == '/') tag.closing = true, ++p;
    const std::size_t name_start = p;
    while (p < svg.size() && name_char(svg[p])) ++p;
    tag.name = svg.substr(name_start, p - name_start);
    while (p < svg.size()) {
        while (p < svg.size() && space(svg[p])) ++p;
        if (p >= svg.size()) return false;
        if (svg[p] == '>') {
            tag.end = p + 1;
            return true;
        }
        if (svg[p] == '/' && p + 1 < svg.size() && svg[p + 1] == '>') {
            tag.self_closing = true;
            tag.end = p + 2;
            return true;
        }
        const std::size_t a = p;
        while (p < svg.size() && !space(svg[p]) && svg[p] != '=' && svg[p] != '>' && svg[p] != '/') ++p;
        if (p == a) {  // a stray '/' or '=': skip it
            ++p;
            continue;
        }
        const std::string_view attr = svg.substr(a, p - a);
        std::string_view value;
        while (p < svg.size() && space(svg[p])) ++p;
        if (p < svg.size() && svg[p] == '=') {
            ++p;
            while (p < svg.size() && space(svg[p])) ++p;
            if (p < svg.size() && (svg[p] == '"' || svg[p] == '\'')) {
                const std::size_t close = svg.find(svg[p], p + 1);
                if (close == std::string_view::npos) return false;
                value = svg.substr(p + 1, close - p - 1);
                p = close + 1;
            } else {
                const std::size_t v = p;
                while (p < svg.size() && !space(svg[p]) && svg[p] != '>') ++p;
                value = svg.substr(v, p - v);
            }
        }
        tag.attributes.emplace_back(attr, value);
    }
    return false;
}

}  // namespace

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                if (is_control(c) && c != '\t' && c != '\n' && c != '\r')
                    out += "\xEF\xBF\xBD";  // U+FFFD: XML 1.0 has no way to write C0 controls
                else
                    out += c;
        }
    }
    return out;
}

std::string dot_quote(std::string_view s) {
    std::string out = "\"";
    out.reserve(s.size() + 2);
    for (const char c : s) {
        if (c == '"' || c == '\\')
            out += '\\', out += c;
        else if (c == '\n')
            out += "\\n";
        else if (is_control(c))
            out += ' ';
        else
            out += c;
    }
    return out + "\"";
}

bool is_dot_keyword(std::string_view s) {
    for (const std::string_view k : {"node", "edge", "graph", "digraph", "subgraph", "strict"})
        if (s.size() == k.size() && std::equal(s.begin(), s.end(), k.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == b;
            }))
            return true;
    return false;
}

std::string dot_id(std::string_view s) {
    const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    bool bare = false;
    if (!s.empty() && alpha(s[0])) {
        bare = std::all_of(s.begin(), s.end(), [&](char c) { return alpha(c) || digit(c); }) && !is_dot_keyword(s);
    } else if (!s.empty()) {  // numeral: -?(.[0-9]+|[0-9]+(.[0-9]*)?)
        std::size_t i = s[0] == '-' ? 1 : 0;
        std::size_t int_digits = 0, frac_digits = 0;
        while (i < s.size() && digit(s[i])) ++i, ++int_digits;
        const bool dot = i < s.size() && s[i] == '.';
        if (dot) ++i;
        while (i < s.size() && digit(s[i])) ++i, ++frac_digits;
        bare = i == s.size() && (int_digits > 0 || (dot && frac_digits > 0));
    }
    return bare ? std::string(s) : dot_quote(s);
}

std::string sanitize_svg(std::string_view svg) {
    std::string out;
    out.reserve(svg.size());
    int skip_depth = 0;  // > 0 inside an element whose content is dropped
    std::size_t i = 0;
    while (i < svg.size()) {
        if (svg[i] != '<') {
            const std::size_t next = std::min(svg.find('<', i), svg.size());
            if (skip_depth == 0) append_reescaped(out, svg.substr(i, next - i));
            i = next;
            continue;
        }
        if (svg.substr(i, 4) == "<!--") {
            const std::size_t end = svg.find("-->", i + 4);
            i = end == std::string_view::npos ? svg.size() : end + 3;
            continue;
        }
        if (svg.substr(i, 2) == "<!" || svg.substr(i, 2) == "<?") {  // DOCTYPE, CDATA, processing instructions
            const std::size_t end = svg.find('>', i);
            i = end == std::string_view::npos ? svg.size() : end + 1;
            continue;
        }
        Tag tag;
        if (!parse_tag(svg, i, tag)) break;
        i = tag.end;
        if (skip_depth > 0) {
            if (!tag.self_closing) skip_depth += tag.closing ? -1 : 1;
            continue;
        }
        const std::string_view element = find_name(k_svg_elements, tag.name);
        if (element.empty()) {
            if (!tag.closing && !tag.self_closing && !find_name(k_svg_drop_content, tag.name).empty()) skip_depth = 1;
            continue;  // <a>, </a> and any other element: the tag goes, its text stays
        }
        if (tag.closing) {
            out += fmt::format("</{}>", element);
            continue;
        }
        out += '<';
        out += element;
        for (const auto& [name, value] : tag.attributes) {
            const std::string_view attr = find_name(k_svg_attributes, name);
            if (attr.empty()) continue;
            out += ' ';
            out += attr;
            out += "=\"";
            append_reescaped(out, value);
            out += '"';
        }
        out += tag.self_closing ? "/>" : ">";
    }
    return out;
}

std::string shown(std::string_view s) {
    std::string out = "'";
    for (const char c : s) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (is_control(c))
            out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        else
            out += c;
    }
    return out + "'";
}

}  // namespace exomir
