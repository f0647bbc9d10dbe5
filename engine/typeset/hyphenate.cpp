// Hyphenation through libhyphen.
//
// libhyphen's dictionary declares its own encoding on its first line: Debian's
// hyph_sv_SE.dic says ISO8859-1 (not UTF-8), so words are handed to it in
// Latin-1, where one byte is one character; a word with a character beyond
// U+00FF is simply not hyphenated by the patterns. Should a UTF-8 dictionary
// be configured instead, hnj_hyphen_hyphenate2 itself maps its byte offsets
// back to character offsets (hnj_hyphen_norm), so both cases index
// `hyphens` by character.
//
// Left/right minimum: the file asks for LEFTHYPHENMIN 1, RIGHTHYPHENMIN 2,
// which allows "o-rimlig" and "sekto-rer"; protokoll applies its own
// (Hyphenation::left_min/right_min, 2 and 3 by default) on top, per part of
// a compound written with hyphens. Non-standard hyphenation (rep/pos/cut,
// e.g. a changed spelling at the break) is never used: the Swedish patterns
// have none, and a changed spelling would not extract back to the input.
#include "hyphenate.h"

#include "base/diagnostic.h"
#include "typeset/utf8.h"

#include <hyphen.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <unordered_set>

namespace protokoll::typeset {

namespace {

struct DictDeleter {
    void operator()(HyphenDict* dict) const {
        if (dict) hnj_hyphen_free(dict);
    }
};
using Dict = std::unique_ptr<HyphenDict, DictDeleter>;

// Loaded once per path for the whole process: reading the 15 000 patterns
// takes a few milliseconds, and every render of a batch uses the same file.
// Never freed (lives as long as the process); guarded by a mutex for loading
// only, the dictionaries themselves are read-only during hyphenation.
std::shared_ptr<const HyphenDict> load_cached(const std::string& path) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const HyphenDict>> cache;
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(path);
    if (it != cache.end()) return it->second;
    HyphenDict* dict = hnj_hyphen_load(path.c_str());
    if (!dict) fail("cannot load the hyphenation patterns " + path);
    std::shared_ptr<const HyphenDict> shared(dict, [](const HyphenDict* d) {
        hnj_hyphen_free(const_cast<HyphenDict*>(d));
    });
    cache.emplace(path, shared);
    return shared;
}

bool is_upper(char32_t c) {
    return (c >= U'A' && c <= U'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}
bool is_lower(char32_t c) {
    return (c >= U'a' && c <= U'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
}
// Letters as far as hyphenation cares: Latin-1 letters and the rest of the
// Latin blocks (a word with "ł" is left alone by the patterns anyway).
bool is_letter(char32_t c) { return is_upper(c) || is_lower(c) || (c >= 0x100 && c < 0x250); }
bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_part_separator(char32_t c) { return c == U'-' || c == U'\u2013' || c == U'/'; }

char32_t to_lower(char32_t c) { return is_upper(c) ? c + 0x20 : c; }

std::u32string lowercase(const std::u32string& s) {
    std::u32string out = s;
    for (char32_t& c : out) c = to_lower(c);
    return out;
}

bool contains(const std::u32string& hay, const std::u32string& needle) {
    return hay.find(needle) != std::u32string::npos;
}

}  // namespace

std::u32string strip_soft_hyphens(const std::u32string& word, std::vector<size_t>* positions) {
    std::u32string out;
    for (char32_t c : word) {
        if (c == SOFT_HYPHEN) {
            if (positions && !out.empty()) positions->push_back(out.size());
        } else {
            out.push_back(c);
        }
    }
    return out;
}

struct Hyphenator::Impl {
    std::shared_ptr<const HyphenDict> dict;
    int left_min = 2, right_min = 3;
    std::unordered_set<std::u32string> never;               // lowercased, no '-'
    std::map<std::u32string, std::vector<size_t>> given;    // lowercased without '-' -> points

    // Pattern points of one all-letter part, already lowercased.
    std::vector<size_t> pattern_points(const std::u32string& part) const {
        std::vector<size_t> out;
        const int n = static_cast<int>(part.size());
        if (!dict || n < left_min + right_min) return out;
        std::string bytes;
        if (dict->utf8) {
            for (char32_t c : part) append_utf8(bytes, c);
        } else {
            for (char32_t c : part) {
                if (c > 0xFF) return out;
                bytes += static_cast<char>(c);
            }
        }
        std::vector<char> hyphens(bytes.size() + 5, '0');
        char** rep = nullptr;
        int* pos = nullptr;
        int* cut = nullptr;
        // libhyphen's signature is not const-correct; it does not modify the dictionary.
        hnj_hyphen_hyphenate2(const_cast<HyphenDict*>(dict.get()), bytes.c_str(),
                              static_cast<int>(bytes.size()), hyphens.data(), nullptr, &rep, &pos,
                              &cut);
        for (int i = 0; i + 1 < n; ++i) {
            // hyphens[i] odd: a break after character i.
            if (!(hyphens[i] & 1)) continue;
            if (rep && rep[i]) continue;  // non-standard: never used, see the top
            const int k = i + 1;          // letters before the break
            if (k >= left_min && n - k >= right_min) out.push_back(static_cast<size_t>(k));
        }
        if (rep) {
            for (int i = 0; i < n; ++i) std::free(rep[i]);
            std::free(rep);
        }
        std::free(pos);
        std::free(cut);
        return out;
    }
};

Hyphenator::Hyphenator(const document::Hyphenation& settings) : m_impl(std::make_unique<Impl>()) {
    m_impl->left_min = std::max(1, settings.left_min);
    m_impl->right_min = std::max(1, settings.right_min);
    if (settings.enabled && !settings.patterns.empty()) m_impl->dict = load_cached(settings.patterns);
    for (const std::string& exception : settings.exceptions) {
        const std::u32string word = lowercase(decode_utf8(exception, {}));  // resolved names and layout words: valid UTF-8
        if (word.empty()) continue;
        if (word.find(U'-') == std::u32string::npos) {
            m_impl->never.insert(word);
            continue;
        }
        // As typed it is also a word of its own that is never hyphenated: a
        // double name ("Britt-Marie") keeps its hyphen and gets no other.
        m_impl->never.insert(word);
        std::u32string plain;
        std::vector<size_t> points;
        for (char32_t c : word) {
            if (c == U'-') {
                if (!plain.empty()) points.push_back(plain.size());
            } else {
                plain.push_back(c);
            }
        }
        m_impl->given[plain] = points;
    }
}

Hyphenator::~Hyphenator() = default;

bool Hyphenator::has_patterns() const { return m_impl->dict != nullptr; }

std::vector<size_t> Hyphenator::points(const std::u32string& typed) const {
    std::vector<size_t> soft;
    const std::u32string word = strip_soft_hyphens(typed, &soft);
    if (!soft.empty()) {
        // The author chose: only there (a soft hyphen at either end is no point).
        std::vector<size_t> out;
        for (size_t k : soft)
            if (k > 0 && k < word.size()) out.push_back(k);
        return out;
    }
    std::vector<size_t> out;
    const std::u32string lower = lowercase(word);
    if (std::any_of(word.begin(), word.end(), is_digit)) return out;
    if (contains(lower, U"://") || contains(lower, U"www.") || contains(lower, U"@")) return out;

    // The core: the word without leading and trailing punctuation ("(nämnden),").
    size_t begin = 0, end = word.size();
    while (begin < end && !is_letter(word[begin])) ++begin;
    while (end > begin && !is_letter(word[end - 1])) --end;
    if (end - begin < 2) return out;
    const std::u32string core = lower.substr(begin, end - begin);

    // All capitals (an abbreviation): at least two letters, none lower case.
    {
        int upper = 0, lowers = 0;
        for (size_t i = begin; i < end; ++i) {
            if (is_upper(word[i])) ++upper;
            if (is_lower(word[i])) ++lowers;
        }
        if (upper >= 2 && lowers == 0) return out;
    }

    // Exceptions: a name is never hyphenated, nor its genitive ("Anderssons",
    // "Malmös" — Swedish adds -s without apostrophe).
    if (m_impl->never.count(core)) return out;
    if (core.size() > 2 && core.back() == U's' && m_impl->never.count(core.substr(0, core.size() - 1)))
        return out;
    {
        auto it = m_impl->given.find(core);
        if (it != m_impl->given.end()) {
            for (size_t k : it->second) out.push_back(begin + k);
            return out;
        }
    }

    // Parts between hyphens, en dashes and slashes, each on its own.
    size_t part_begin = begin;
    for (size_t i = begin; i <= end; ++i) {
        if (i < end && !is_part_separator(word[i])) continue;
        if (i > part_begin) {
            const std::u32string part = lower.substr(part_begin, i - part_begin);
            // An all-capitals part is an abbreviation too ("FoU-ÖVERSIKT").
            const bool capitals = std::none_of(word.begin() + part_begin, word.begin() + i, is_lower);
            if (!capitals && std::all_of(part.begin(), part.end(), is_letter) &&
                !m_impl->never.count(part))
                for (size_t k : m_impl->pattern_points(part)) out.push_back(part_begin + k);
        }
        part_begin = i + 1;
    }
    return out;
}

}  // namespace protokoll::typeset
