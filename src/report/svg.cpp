// svg.cpp: the report's shared drawing helpers (legends, stacked bars, categorical colours).
#include "exomir/report/svg.hpp"

#include <numeric>

#include <fmt/format.h>

#include "exomir/core/escape.hpp"

namespace exomir {

std::string html_legend(const std::vector<std::pair<std::string, std::string>>& items) {
    std::string s = "<div class=\"legend\">";
    for (const auto& [label, color] : items)
        s += fmt::format("<span><i class=\"sw\" style=\"background:{}\"></i>{}</span>", color, html_escape(label));
    return s + "</div>";
}

std::string svg_stacked_bars(const std::vector<std::string>& labels, const std::vector<std::vector<double>>& values,
                             const std::vector<std::string>& colors, const std::vector<std::string>& series) {
    const bool compact = labels.size() > 24;
    const double w = 740, x0 = 170, bar = compact ? 10 : 18, gap = compact ? 3 : 8, font = compact ? 9 : 12;
    std::string svg = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" font-size=\"{:.0f}\">",
        x0 + w + 24, (bar + gap) * static_cast<double>(labels.size()) + 22, font);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const double y = static_cast<double>(i) * (bar + gap);
        const double total = std::accumulate(values[i].begin(), values[i].end(), 0.0);
        svg += fmt::format("<text x=\"{:.0f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>", x0 - 6,
                           y + bar / 2 + font / 2 - 1, html_escape(labels[i]));
        double x = x0;
        for (std::size_t k = 0; k < values[i].size(); ++k) {
            const double dw = total > 0 ? w * values[i][k] / total : 0.0;
            if (dw <= 0) continue;
            const std::string name =
                k < series.size() ? html_escape(labels[i]) + " · " + html_escape(series[k]) + ": " : std::string();
            svg += fmt::format(
                "<rect x=\"{:.2f}\" y=\"{:.1f}\" width=\"{:.2f}\" height=\"{:.0f}\" fill=\"{}\"><title>{}{:.1f}%</title></rect>",
                x, y, dw, bar, colors[k], name, 100.0 * values[i][k] / total);
            if (dw > 34 && !compact)
                svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#fff\" font-size=\"10\">{:.0f}%</text>",
                                   x + 3, y + 13, 100.0 * values[i][k] / total);
            x += dw;
        }
    }
    const double ya = (bar + gap) * static_cast<double>(labels.size()) + 14;
    for (int t = 0; t <= 100; t += 25)
        svg += fmt::format(
            "<text x=\"{:.1f}\" y=\"{:.0f}\" text-anchor=\"middle\" fill=\"#666\" font-size=\"10\">{}%</text>",
            x0 + w * t / 100.0, ya, t);
    return svg + "</svg>";
}

const char* category_color(std::size_t i) {
    static const char* palette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
    return palette[i % 10];
}

}  // namespace exomir
