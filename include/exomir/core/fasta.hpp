// fasta.hpp: FASTA reading (plain or gzip) with validation and nucleotide normalisation.
#pragma once

#include <string>
#include <vector>

namespace exomir {

/// One FASTA record. `id` is the first word of the header, `description` the rest.
struct FastaRecord {
    std::string id;
    std::string description;
    std::string seq;         ///< upper-case DNA letters (U converted to T) when normalised
    std::uint64_t line = 0;  ///< header line number, for error messages
};

/// Reads every record of a FASTA file. Accepts CRLF, blank lines, lowercase and U/T.
/// With `normalise_nt` the sequence is upper-cased, U->T, and any letter outside ACGTN
/// (IUPAC codes) is rejected. Throws Error naming file:line for: no '>' before sequence,
/// empty header, empty sequence, invalid letters.
std::vector<FastaRecord> read_fasta(const std::string& path, bool normalise_nt = true);

/// Upper-cases, converts U->T. @return false if a letter is not in ACGTN.
bool normalise_nucleotides(std::string& seq);

/// Reverse complement of an upper-case ACGTN string.
std::string reverse_complement(std::string_view seq);

}  // namespace exomir
