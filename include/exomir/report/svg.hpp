// svg.hpp: the drawing helpers the report's sections share (legends, 100% stacked bars, categorical colours).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace exomir {

/// An HTML legend: one colour swatch and escaped label per item (label, CSS colour).
std::string html_legend(const std::vector<std::pair<std::string, std::string>>& items);

/// Inline SVG of horizontal 100% stacked bars, one per row label (escaped), segment k coloured colors[k]; each
/// segment's tooltip (<title>) gives its share and, when `series` is given, the row and series name. Thinner bars
/// and smaller labels above 24 rows, so 96 samples stay one screen-scroll tall.
std::string svg_stacked_bars(const std::vector<std::string>& labels, const std::vector<std::vector<double>>& values,
                             const std::vector<std::string>& colors, const std::vector<std::string>& series = {});

/// The i-th colour of a 10-colour categorical palette (Tableau 10), repeating after 10.
const char* category_color(std::size_t i);

}  // namespace exomir
