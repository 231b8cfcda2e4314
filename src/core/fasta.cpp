// fasta.cpp: validated FASTA reading and nucleotide helpers.
#include "exomir/core/fasta.hpp"

#include <fmt/format.h>

#include "exomir/core/error.hpp"
#include "exomir/core/io.hpp"

namespace exomir {

bool normalise_nucleotides(std::string& seq) {
    for (char& c : seq) {
        switch (c) {
            case 'A':
            case 'C':
            case 'G':
            case 'T':
            case 'N':
                break;
            case 'a':
                c = 'A';
                break;
            case 'c':
                c = 'C';
                break;
            case 'g':
                c = 'G';
                break;
            case 't':
            case 'u':
            case 'U':
                c = 'T';
                break;
            case 'n':
                c = 'N';
                break;
            default:
                return false;
        }
    }
    return true;
}

std::string reverse_complement(std::string_view seq) {
    std::string out(seq.rbegin(), seq.rend());
    for (char& c : out) {
        switch (c) {
            case 'A':
                c = 'T';
                break;
            case 'C':
                c = 'G';
                break;
            case 'G':
                c = 'C';
                break;
            case 'T':
                c = 'A';
                break;
            default:
                c = 'N';
        }
    }
    return out;
}

std::vector<FastaRecord> read_fasta(const std::string& path, bool normalise_nt) {
    LineReader in(path);
    std::vector<FastaRecord> records;
    std::string line;
    auto finish = [&](void) {
        if (records.empty()) return;
        FastaRecord& r = records.back();
        if (r.seq.empty())
            throw Error(fmt::format("{}:{}: record '{}' has an empty sequence; remove it or add its sequence", path,
                                    r.line, r.id));
        if (normalise_nt && !normalise_nucleotides(r.seq))
            throw Error(
                fmt::format("{}:{}: record '{}' has letters other than ACGTUN; fix the sequence", path, r.line, r.id));
    };
    while (in.next(line)) {
        if (line.empty()) continue;
        if (line[0] == '>') {
            finish();
            FastaRecord r;
            r.line = in.line_no();
            const std::string_view h = trim_ws(std::string_view(line).substr(1));
            const std::size_t sp = h.find_first_of(" \t");
            r.id = std::string(h.substr(0, sp));
            if (sp != std::string_view::npos) r.description = std::string(trim_ws(h.substr(sp + 1)));
            if (r.id.empty()) throw Error(fmt::format("{}empty FASTA header; give every record a name", in.where()));
            records.push_back(std::move(r));
        } else {
            if (records.empty())
                throw Error(fmt::format("{}sequence before the first '>' header; is this a FASTA file?", in.where()));
            const std::string_view s = trim_ws(line);
            records.back().seq.append(s.data(), s.size());
        }
    }
    finish();
    return records;
}

}  // namespace exomir
