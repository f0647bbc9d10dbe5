// Swedish hyphenation: where a word may take a hyphen at a line end.
// Patterns come from libhyphen (Debian's hyphen-sv, the LibreOffice
// patterns); the policy of what is never hyphenated is protokoll's own.
#pragma once

#include "document/document.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace protokoll::typeset {

// The letters one document can hand a Hyphenator, kept as the set of their
// n-grams (n = 1..4) over lowercased Latin-1, '.' standing for every word
// boundary and every other character, in a hashed bit set: a false "yes" is
// possible, a false "no" is not. A Hyphenator built for a Vocabulary loads
// only the patterns and list words that can match its text (about a tenth of
// either for a protocol) and hyphenates that text exactly as with the whole
// files (hyphenate.cpp says why).
class Vocabulary {
public:
    Vocabulary();
    // Text as typed (UTF-8); each call begins and ends at a word boundary.
    void add(std::string_view utf8);
    // Whether `latin1` may occur in the text: every 4-gram of it (the whole
    // of it when shorter) does. "" is in every text. `lower_first`: with its
    // first letter lowercased ("Göteborg" as "göteborg").
    bool may_contain(std::string_view latin1, bool lower_first = false) const {
        return first_missing(latin1, lower_first) == std::string_view::npos;
    }
    // npos when may_contain; else where the first piece of `latin1` that is
    // certainly not in the text ends (an index into it): any string holding
    // latin1[0 .. that index] is not in the text either.
    size_t first_missing(std::string_view latin1, bool lower_first = false) const;

private:
    void add_gram(uint32_t packed, int n);
    bool has_gram(uint32_t packed, int n) const;
    std::vector<uint64_t> m_bits;
};

// A compiled hyphenation policy: the patterns file (loaded once per path and
// process, shared), left/right minimum and the exception list, lowercased.
// Immutable after construction, so safe to share between threads.
class Hyphenator {
public:
    // Throws Error (BadInput) when `settings.patterns` names a file libhyphen
    // cannot load. Empty patterns or `enabled == false`: only soft hyphens
    // and hyphenated exceptions give points.
    // With `only_for`, loads just what that text needs (not shared with
    // other Hyphenators): hyphenating words of the text gives the same
    // points as without, other words may get fewer.
    explicit Hyphenator(const document::Hyphenation& settings, const Vocabulary* only_for = nullptr);
    ~Hyphenator();
    Hyphenator(const Hyphenator&) = delete;
    Hyphenator& operator=(const Hyphenator&) = delete;

    // Where `word` (one piece of text between spaces, as typed: it may carry
    // punctuation, hyphens, en dashes and soft hyphens U+00AD) may be broken
    // with an added hyphen. Each point k means "between word[k-1] and
    // word[k]", counted in characters of `word` with its soft hyphens
    // removed; ascending. Rules, in order:
    //  - a word containing U+00AD: exactly its soft hyphens, nothing else;
    //  - never a word with a digit, "://", "www." or "@" (numbers, dates,
    //    diarienummer, URLs, e-mail), nor an all-capitals word (AB, SKL);
    //  - an exception (case-insensitive, surrounding punctuation ignored; a
    //    name also in its genitive, "Anderssons"): without '-' never, with
    //    '-' exactly at its hyphens;
    //  - otherwise each part between hyphens, en dashes and slashes that is
    //    all letters goes to the patterns, with left_min letters kept before
    //    and right_min carried after every point (per part).
    // `weak`, when given, receives the points (a subset of the result) that
    // lie inside a compound's member where the word has compound boundaries:
    // "kommunal-lagen" is a boundary, "kommunalla-gen" weak (see
    // compound_boundaries). A caller breaks at weak points only when the
    // lines are much worse without.
    // Each part's points are remembered for the next time it occurs, so one
    // Hyphenator must not be used by two threads at once (typeset keeps one
    // per thread, paragraph.h's thread_hyphenator).
    std::vector<size_t> points(const std::u32string& word, std::vector<size_t>* weak = nullptr) const;

    bool has_patterns() const;

    // The compound boundaries of one lowercased, all-letter word among its
    // pattern points `candidates`: the split of the word, at those points
    // only, into the fewest members (two at least) that the word list knows
    // — the last as a word, the others also in a joining form ("arbets-"
    // from arbete, "skol-" from skola, "grupps-" from grupp). Empty when
    // there is no word list or no such split ("beslutar": "bes" is no
    // member). Splitting only where the patterns allow a hyphen keeps
    // chance words ("gem|ensamma") out.
    std::vector<size_t> compound_boundaries(const std::u32string& word, const std::vector<size_t>& candidates) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The word with its soft hyphens removed, and the positions (in the result)
// where they were: what Hyphenator::points counts in.
std::u32string strip_soft_hyphens(const std::u32string& word, std::vector<size_t>* positions = nullptr);

constexpr char32_t SOFT_HYPHEN = U'\u00AD';

}  // namespace protokoll::typeset
