// name_index.hpp: forgiving lookup of miRNA, gene and module names (normalised keys, aliases, edit-distance suggestions).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace exomir {

/// The kinds of node a name can denote.
enum class NodeKind : std::uint8_t { mirna = 0, gene = 1, module = 2 };
/// "mirna" / "gene" / "module".
const char* node_kind_name(NodeKind k);

/// A node of a network: its kind and its index in the network's sorted name vector of that kind.
struct NodeRef {
    NodeKind kind = NodeKind::mirna;
    std::uint32_t index = 0;
    bool operator==(const NodeRef&) const = default;
};

/// A miRNA name taken apart: species-free lower-case tokens and the arm.
/// `hsa-miR-223-3p`, `miR-223-3p` and `MIR223_3P` all give key "mir-223", arm "3p"; `hsa-let-7a-2-3p` gives
/// "let-7-a-2", "3p"; `miR-223` gives "mir-223", "" (no arm). `species` is the dropped prefix ("hsa") or "".
struct MirnaKey {
    std::string key;
    std::string arm;
    std::string species;
};
MirnaKey mirna_key(std::string_view name);

/// Lower-case letters and digits of `s` only ("NLRP3 assembly" -> "nlrp3assembly").
std::string alnum_lower(std::string_view s);

/// Edit distance between a and b (insertions, deletions, substitutions and swaps of adjacent letters: optimal
/// string alignment), or `limit + 1` as soon as it must exceed `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

/// How a query matched a node.
enum class MatchHow : std::uint8_t { exact, alias, normalised, prefix, substring, fuzzy };
const char* match_how_name(MatchHow h);

/// One candidate for a query.
struct NodeMatch {
    NodeRef node;
    MatchHow how = MatchHow::exact;
    std::size_t distance = 0;  ///< edit distance for fuzzy matches, 0 otherwise
};

/// The outcome of resolving one name: exactly one node, several (ambiguous, all listed) or none (with the
/// closest names by edit distance as suggestions).
struct Resolution {
    std::vector<NodeMatch> matches;      ///< size 1 = resolved; > 1 = ambiguous
    std::vector<NodeMatch> suggestions;  ///< when matches is empty: closest names, best first
};

/// The names of one network, indexed for lookup. Aliases map an old or alternative name (miRBase <= 17 names,
/// previous HGNC symbols) to a current one; an alias whose target is not in the network is ignored.
class NameIndex {
  public:
    NameIndex() = default;
    /// `modules` are "name" with a parallel `module_sources` ("curated", "gmt:<file>").
    NameIndex(const std::vector<std::string>& mirnas, const std::vector<std::string>& genes,
              const std::vector<std::string>& modules, const std::vector<std::string>& module_sources,
              const std::vector<std::pair<std::string, std::string>>& aliases);

    /// Resolves `query` among the nodes of `kinds`. A "mirna:", "gene:" or "module:" prefix restricts the kind;
    /// "module:<source>:<name>" names a module of one source. Rules, first that matches wins: exact name; alias;
    /// case-insensitive name; normalised key (miRNAs: mirna_key with the arm optional, genes: upper case,
    /// modules: alnum_lower); unique prefix/substring of the normalised key (modules and miRNA families). Pure.
    Resolution resolve(std::string_view query, const std::vector<NodeKind>& kinds) const;

    /// Every node whose name matches `text` exactly, by alias, by key, by prefix, by substring, or within edit
    /// distance max(2, |text|/3); best first (by how, then distance, then kind and name). At most `limit`.
    std::vector<NodeMatch> search(std::string_view text, std::size_t limit) const;

    /// Display name of a node (modules: the module name).
    const std::string& name(NodeRef n) const;
    /// All node names of a kind, sorted (for completion).
    const std::vector<std::string>& names(NodeKind k) const { return names_[static_cast<int>(k)]; }

  private:
    std::vector<std::string> names_[3];
    std::vector<std::string> module_sources_;
    std::vector<std::uint32_t> by_name_[3];  // indices sorted by name (binary search for exact names)
    std::unordered_multimap<std::string, NodeRef> aliases_;

    // Normalised key of a node (alnum_lower of the name, miRNAs without species), computed when a lookup needs it:
    // building keys for every name up front would cost more than most queries.
    std::string key_of(NodeKind k, std::uint32_t i) const;
    std::int64_t find_exact(NodeKind k, std::string_view name) const;

    void add_candidates(std::string_view q, NodeKind k, std::vector<NodeMatch>& out, bool loose) const;
    std::vector<NodeMatch> closest(std::string_view q, const std::vector<NodeKind>& kinds, std::size_t n) const;
};

}  // namespace exomir
