// escape.hpp: one escaper per output format (HTML/XML, DOT) and the sanitiser for Graphviz's SVG.
// Every writer that puts a user-named string (sample, condition, module, gene, miRNA, path) into a file
// goes through the escaper of that file's format; see docs/security.md.
#pragma once

#include <string>
#include <string_view>

namespace exomir {

/// Escapes text for HTML/XML element content and double- or single-quoted attribute values:
/// & < > " ' become entities. Control characters other than tab are replaced by U+FFFD (XML 1.0 forbids them).
std::string html_escape(std::string_view s);

/// A DOT quoted string, quotes included: `"` -> `\"`, `\` -> `\\`, newline -> `\n`, other control
/// characters -> space. The result is one DOT token whatever `s` holds, so a name can never close the
/// quote and add attributes (URL=..., href=...), and label escapes (\N, \G, \L) are never formed.
std::string dot_quote(std::string_view s);

/// A DOT ID as Graphviz reads it back: `s` bare when it is an ASCII identifier ([A-Za-z_][A-Za-z0-9_]*) that is not
/// a DOT keyword (node, edge, graph, digraph, subgraph, strict, in any case) or a numeral (-?(.[0-9]+|[0-9]+(.[0-9]*)?)),
/// otherwise dot_quote(s). A keyword written bare would break parsing ("node [..]" sets defaults for every node).
std::string dot_id(std::string_view s);

/// True for the DOT keywords node, edge, graph, digraph, subgraph and strict, compared case-insensitively.
bool is_dot_keyword(std::string_view s);

/// Keeps only drawing elements of an SVG document (svg, g, title, text, tspan, path, polygon, polyline, ellipse,
/// circle, rect, line, defs, linearGradient, radialGradient, stop) and only attributes that are not event handlers,
/// links, or styles (on*, href, xlink:*, style, src, ...): Graphviz's <a> wrappers, <script>, <foreignObject>,
/// comments, DOCTYPE and processing instructions are dropped (the contents of <a> are kept). Attribute values are
/// re-escaped. The result is safe to inline into an HTML page.
std::string sanitize_svg(std::string_view svg);

/// A string quoted for an error message: control characters shown as \n, \r, \t or \xNN, so a name with a
/// newline cannot forge a second message line.
std::string shown(std::string_view s);

}  // namespace exomir
