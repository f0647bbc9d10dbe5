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
// Compounds: Swedish writes compounds as one word, and the patterns know
// syllables, not members: they allow "kommunalla-gen" as readily as
// "kommunal-lagen". With a word list (Debian's wswedish: 121 000 words, one
// per line, Latin-1, sorted bytewise) the word is split, at pattern points
// only, into the fewest members the list knows; points at those boundaries
// stay as they are and the others are marked weak, for the line breaker to
// take only when it must.
//
// One document's needs: loading the whole files costs more than the rest of
// typesetting a protocol (libhyphen builds its automaton from 14 950
// patterns; the list has 121 000 lines), yet one protocol's words touch
// about 1 in 8 patterns. Built for a Vocabulary, a Hyphenator keeps the
// patterns whose letters may occur in the text and the list words that may
// be looked up, and gives the same points for every word of the text:
//  - libhyphen walks ".word." through an automaton whose states are the
//    patterns' prefixes, each state's fallback its longest proper suffix
//    that is a state, and applies the match of the state it is in. At each
//    letter it is in the longest suffix of what it has read that is a
//    state. With fewer patterns that suffix can only be shorter; when the
//    whole automaton's state is a pattern, that pattern is a substring of
//    the word, so it is kept and the state is the same. When it is not a
//    pattern, neither is any suffix of it in a file made by libhyphen's
//    substrings.pl (which adds every such state as a pattern with the
//    merged digits; Debian's hyph_sv_SE.dic: no exception among its 18 512
//    states), so neither automaton applies anything there.
//  - every lookup in the list (Splitter::known) is a member of the word, a
//    member less its final "s", or such a stem plus "a"/"e", perhaps
//    capitalised; each is a list word whose letters but the last, the first
//    lowercased, occur in the text, which is what is kept.
// A non-Latin-1 file, or one with a second level (NEXTLEVEL), is loaded
// whole. A word list whose lines resolve found in bytewise order
// (Hyphenation::word_list_sorted, remembered per unchanged file) is not
// read at all: each lookup is a binary search in the mapped file (a render's
// 4 500 lookups cost less than visiting its 121 000 lines once).
//
// Left/right minimum: the file asks for LEFTHYPHENMIN 1, RIGHTHYPHENMIN 2,
// which allows "o-rimlig" and "sekto-rer"; protokoll applies its own
// (Hyphenation::left_min/right_min, 2 and 3 by default) on top, per part of
// a compound written with hyphens. Non-standard hyphenation (rep/pos/cut,
// e.g. a changed spelling at the break) is never used: the Swedish patterns
// have none, and a changed spelling would not extract back to the input.
#include "hyphenate.h"

#include "base/diagnostic.h"
#include "base/files.h"
#include "typeset/utf8.h"

#include <hyphen.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <string_view>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <unistd.h>

namespace protokoll::typeset {

namespace {

// The patterns and the word list are loaded once per path for the whole
// process: reading them takes milliseconds, and every render of a batch uses
// the same files. Never freed (they live as long as the process); guarded by
// a mutex for loading only, they are read-only during hyphenation.
template <typename T, typename Load>
std::shared_ptr<const T> once_per_path(const std::string& path, Load load) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const T>> cache;
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(path);
    if (it != cache.end()) return it->second;
    std::shared_ptr<const T> loaded = load(path);
    cache.emplace(path, loaded);
    return loaded;
}

// What libhyphen compiled from `path`, freed with the last owner.
std::shared_ptr<const HyphenDict> owned_patterns(HyphenDict* dict, const std::string& path) {
    if (!dict) fail("cannot load the hyphenation patterns " + path);
    return std::shared_ptr<const HyphenDict>(dict, [](const HyphenDict* d) {
        hnj_hyphen_free(const_cast<HyphenDict*>(d));
    });
}

std::shared_ptr<const HyphenDict> load_patterns(const std::string& path) {
    return owned_patterns(hnj_hyphen_load(path.c_str()), path);
}

std::shared_ptr<const HyphenDict> load_cached(const std::string& path) {
    return once_per_path<HyphenDict>(path, load_patterns);
}

// A sorted word list, read once per path and process like the patterns, or
// searched in the mapped file as it lies when its lines are known to be in
// order (Hyphenation::word_list_sorted): a render asks it some 4 500 times,
// fewer than the 121 000 lines reading it would visit.
struct WordList {
    WordList(const std::string& path, bool in_place) : file(path), in_place(in_place) {}
    MappedFile file;                      // the file
    bool in_place;                        // its lines are in bytewise order: `words` stays empty
    std::vector<std::string_view> words;  // its lines, sorted bytewise
    bool contains(std::string_view word) const {
        return in_place ? file_contains(word) : std::binary_search(words.begin(), words.end(), word);
    }

private:
    // The lines the first levels of file_contains' search probe: every
    // search starts at the same middle and takes the same few first turns,
    // so the line found there (two memchr a probe) is kept, by the probe's
    // place in the search tree (1, then 2n left and 2n + 1 right), the
    // first time a search reaches it. A WordList is one Hyphenator's, and a
    // Hyphenator one thread's: no lock.
    struct Probe {
        size_t begin = 0, end = 0;  // the line [begin, end); begin == 0 (never a probe's): not yet found
    };
    static constexpr size_t KEPT_PROBES = 4096;  // 12 levels
    mutable std::vector<Probe> probes;

    // Binary search over byte offsets: the line sought, if there, begins in
    // [low, high), and `low` begins a line. A probe compares the first line
    // that begins after the middle; a few lines are left to read in order.
    bool file_contains(std::string_view word) const {
        const char* const all = file.bytes().data();
        const size_t size = file.bytes().size();
        auto line_end = [&](size_t at) {
            const void* newline = std::memchr(all + at, '\n', size - at);
            return newline ? static_cast<size_t>(static_cast<const char*>(newline) - all) : size;
        };
        auto order = [&](size_t begin, size_t end) {  // the line [begin, end) against `word`
            if (end > begin && all[end - 1] == '\r') --end;
            return std::string_view(all + begin, end - begin).compare(word);
        };
        if (probes.empty()) probes.resize(KEPT_PROBES);
        size_t low = 0, high = size;
        size_t node = 1;  // the probe's place in the search tree
        while (high - low > 64) {
            const size_t middle = low + (high - low) / 2;
            Probe probe;
            if (node < KEPT_PROBES && probes[node].begin != 0) {
                probe = probes[node];
            } else {
                probe.begin = line_end(middle) + 1;  // > 0
                probe.end = probe.begin < high ? line_end(probe.begin) : probe.begin;
                if (node < KEPT_PROBES) probes[node] = probe;
            }
            node *= 2;
            if (probe.begin >= high) {
                high = middle;  // no line begins in [middle, high)
                continue;
            }
            const int compared = order(probe.begin, probe.end);
            if (compared == 0) return true;
            if (compared < 0) {
                low = probe.end + 1;
                ++node;
            } else {
                high = probe.begin;
            }
        }
        for (size_t at = low; at < high && at < size;) {
            const size_t end = line_end(at);
            const int compared = order(at, end);
            if (compared >= 0) return compared == 0;
            at = end + 1;
        }
        return false;
    }
};

// The lines of a file, without their line ends ("\n", "\r\n"). Called for
// each of the word list's 121 000 lines in a render: memchr on pointers.
template <typename Each>
void for_each_line(std::string_view all, Each each) {
    const char* p = all.data();
    const char* const end = p + all.size();
    while (p < end) {
        const char* line_end = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
        if (!line_end) line_end = end;
        size_t size = static_cast<size_t>(line_end - p);
        if (size > 0 && p[size - 1] == '\r') --size;
        each(std::string_view(p, size));
        p = line_end + 1;
    }
}

// The word list at `path`, sorted bytewise; with `only_for`, just the words
// a lookup for that text can ask for (the top of the file says which).
std::shared_ptr<const WordList> read_word_list(const std::string& path, const Vocabulary* only_for) {
    if (access(path.c_str(), R_OK) != 0)
        fail("cannot read the word list for compounds " + path + " (Debian's wswedish: scripts/install-deps.sh)");
    auto list = std::make_shared<WordList>(path, false);
    // With `only_for`: a line that begins like the one before it up to past
    // where that one was found missing is missing there too, unasked:
    // wswedish's lines share their first letters with their neighbours (a
    // sorted list), so most are judged by comparing a few letters.
    std::string_view before;
    size_t before_missing = std::string_view::npos;
    for_each_line(list->file.bytes(), [&](std::string_view line) {
        if (line.empty()) return;
        if (!only_for) {
            list->words.push_back(line);
            return;
        }
        const std::string_view probe(line.data(), line.size() - 1);  // the last letter may be a joining vowel
        bool inherited = false;
        if (before_missing != std::string_view::npos && before_missing < probe.size()) {
            size_t common = 0;
            while (common <= before_missing && probe[common] == before[common]) ++common;
            inherited = common > before_missing;
        }
        const size_t missing = inherited ? before_missing : only_for->first_missing(probe, true);
        before = probe;
        before_missing = missing;
        if (missing == std::string_view::npos) list->words.push_back(line);
    });
    // wswedish is sorted already (checking costs one pass); another list may not be.
    if (!std::is_sorted(list->words.begin(), list->words.end())) std::sort(list->words.begin(), list->words.end());
    return list;
}

std::shared_ptr<const WordList> load_word_list(const std::string& path) {
    return once_per_path<WordList>(path, [](const std::string& p) { return read_word_list(p, nullptr); });
}

// The word list mapped, to be searched as it lies (its lines in order).
std::shared_ptr<const WordList> map_word_list(const std::string& path) {
    if (access(path.c_str(), R_OK) != 0)
        fail("cannot read the word list for compounds " + path + " (Debian's wswedish: scripts/install-deps.sh)");
    return std::make_shared<WordList>(path, true);
}

// The patterns of `path` that can match `vocabulary`'s text, with the
// charset line and the keywords (LEFTHYPHENMIN …), compiled by libhyphen
// from memory. Not shared: another document needs others.
std::shared_ptr<const HyphenDict> load_patterns_for(const std::string& path, const Vocabulary& vocabulary) {
    if (access(path.c_str(), R_OK) != 0) fail("cannot load the hyphenation patterns " + path);
    const MappedFile file(path);
    const std::string_view all = file.bytes();
    const size_t first_end = std::min(all.find('\n'), all.size());
    std::string_view charset = all.substr(0, first_end);
    if (!charset.empty() && charset.back() == '\r') charset.remove_suffix(1);
    if (charset != "ISO8859-1" || all.find("NEXTLEVEL") != std::string_view::npos) return load_cached(path);
    std::string kept(all.substr(0, first_end));
    kept += '\n';
    std::string letters;
    for_each_line(all.substr(std::min(first_end + 1, all.size())), [&](std::string_view line) {
        if (line.empty() || line.front() == '%') return;  // libhyphen skips comments too
        const unsigned char first = static_cast<unsigned char>(line.front());
        // Keywords, and non-standard patterns ("ab1c/b=c,1,2"), go as they are.
        bool keep = (first >= 'A' && first <= 'Z') || line.find('/') != std::string_view::npos;
        if (!keep) {
            letters.clear();
            for (char c : line) {
                if (c == ' ' || c == '\t') break;
                if (c < '0' || c > '9') letters += c;
            }
            keep = vocabulary.may_contain(letters);
        }
        if (!keep) return;
        kept.append(line.data(), line.size());
        kept += '\n';
    });
    FILE* in = fmemopen(kept.data(), kept.size(), "r");
    HyphenDict* dict = in ? hnj_hyphen_load_file(in) : nullptr;
    if (in) std::fclose(in);
    return owned_patterns(dict, path);
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

// ---- vocabulary -------------------------------------------------------------

constexpr int VOCABULARY_BITS = 19;  // 64 KB: about 1 % false "yes" for a 6-page protocol's 30 000 grams
constexpr unsigned char BOUNDARY = '.';

uint64_t gram_slot(uint32_t packed, int n) {
    const uint64_t key = (static_cast<uint64_t>(n) << 32) | packed;
    return (key * 0x9E3779B97F4A7C15ull) >> (64 - VOCABULARY_BITS);
}

uint32_t last_bytes(uint32_t window, int n) { return n >= 4 ? window : window & ((1u << (8 * n)) - 1); }

// What a character of the text is to a Vocabulary: its lowercase Latin-1
// letter, or a boundary.
unsigned char vocabulary_byte(char32_t c) {
    return c <= 0xFF && is_letter(c) ? static_cast<unsigned char>(to_lower(c)) : BOUNDARY;
}

unsigned char lower_byte(unsigned char c) { return static_cast<unsigned char>(to_lower(c)); }

std::u32string lowercase(const std::u32string& s) {
    std::u32string out = s;
    for (char32_t& c : out) c = to_lower(c);
    return out;
}

bool contains(const std::u32string& hay, const std::u32string& needle) {
    return hay.find(needle) != std::u32string::npos;
}

}  // namespace

Vocabulary::Vocabulary() : m_bits((size_t{1} << VOCABULARY_BITS) / 64, 0) {}

void Vocabulary::add_gram(uint32_t packed, int n) {
    const uint64_t slot = gram_slot(packed, n);
    m_bits[slot >> 6] |= uint64_t{1} << (slot & 63);
}

bool Vocabulary::has_gram(uint32_t packed, int n) const {
    const uint64_t slot = gram_slot(packed, n);
    return (m_bits[slot >> 6] >> (slot & 63)) & 1;
}

void Vocabulary::add(std::string_view utf8) {
    uint32_t window = BOUNDARY;
    int length = 1;  // bytes in the window, at most 4
    add_gram(BOUNDARY, 1);
    auto push = [&](unsigned char byte) {
        if (byte == BOUNDARY && (window & 0xFF) == BOUNDARY) return;  // one boundary between words
        window = (window << 8) | byte;
        length = std::min(length + 1, 4);
        for (int n = 1; n <= length; ++n) add_gram(last_bytes(window, n), n);
    };
    for (size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        if (lead < 0x80) {
            push(vocabulary_byte(lead));
            ++i;
        } else if ((lead == 0xC2 || lead == 0xC3) && i + 1 < utf8.size() &&
                   (static_cast<unsigned char>(utf8[i + 1]) & 0xC0) == 0x80) {
            push(vocabulary_byte(((lead & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu)));
            i += 2;
        } else {
            // Beyond Latin-1 (or not UTF-8, which typesetting reports): a boundary.
            push(BOUNDARY);
            for (++i; i < utf8.size() && (static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80;) ++i;
        }
    }
    push(BOUNDARY);
}

size_t Vocabulary::first_missing(std::string_view latin1, bool lower_first) const {
    uint32_t window = 0;
    const size_t n = latin1.size();
    for (size_t i = 0; i < n; ++i) {
        unsigned char byte = static_cast<unsigned char>(latin1[i]);
        if (i == 0 && lower_first) byte = lower_byte(byte);
        window = (window << 8) | byte;
        if (i >= 3 && !has_gram(window, 4)) return i;
    }
    if (n >= 4 || n == 0 || has_gram(window, static_cast<int>(n))) return std::string_view::npos;
    return n - 1;
}

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

// Members shorter than this are not looked for: the list's short words
// would split "område" into "om|råde", "analys" into "ana|lys" and
// "konsekvens" into "kon|sekvens".
constexpr size_t MIN_MEMBER = 4;

struct Hyphenator::Impl {
    std::shared_ptr<const HyphenDict> dict;
    std::shared_ptr<const WordList> word_list;
    int left_min = 2, right_min = 3;
    std::unordered_set<std::u32string> never;               // lowercased, no '-'
    std::map<std::u32string, std::vector<size_t>> given;    // lowercased without '-' -> points

    // What points() found for each all-letter part so far: a protocol says
    // "kommunstyrelsen" and "verksamhetsplan" again and again (the 2019
    // protocol's 1 450 lookups are 900 distinct parts), and the patterns
    // and the compound split cost about 10 000 instructions a part. A
    // Hyphenator is one thread's (paginate and set_paragraph share one per
    // thread, or make one for a single document), so the memo needs no
    // lock; it is emptied past MEMO_CHARACTERS (a few MB at most).
    struct Remembered {
        std::vector<size_t> found;
        std::vector<size_t> boundaries;
        bool has_boundaries = false;
    };
    static constexpr size_t MEMO_CHARACTERS = 1 << 18;
    std::unordered_map<std::u32string, Remembered> memo;
    size_t memo_characters = 0;

    Remembered& remembered(const std::u32string& part) {
        auto it = memo.find(part);
        if (it != memo.end()) return it->second;
        if (memo_characters + part.size() > MEMO_CHARACTERS) {
            memo.clear();
            memo_characters = 0;
        }
        memo_characters += part.size();
        Remembered& fresh = memo[part];
        fresh.found = pattern_points(part);
        return fresh;
    }

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

Hyphenator::Hyphenator(const document::Hyphenation& settings, const Vocabulary* only_for)
    : m_impl(std::make_unique<Impl>()) {
    m_impl->left_min = std::max(1, settings.left_min);
    m_impl->right_min = std::max(1, settings.right_min);
    if (settings.enabled && !settings.patterns.empty())
        m_impl->dict = only_for ? load_patterns_for(settings.patterns, *only_for) : load_cached(settings.patterns);
    if (settings.enabled && !settings.word_list.empty())
        m_impl->word_list = settings.word_list_sorted ? map_word_list(settings.word_list)
                            : only_for                ? read_word_list(settings.word_list, only_for)
                                                      : load_word_list(settings.word_list);
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

namespace {

// Derivational endings the word list also knows as words ("het", "era",
// "ingen", "ande"): "hållbar|het", "present|eras" are no compounds.
bool ending(std::string_view member) {
    static const std::string_view endings[] = {"ade",  "alt",   "ande",  "andet", "ens",   "ende", "era",
                                               "erar", "eras",  "erat",  "het",   "heten", "heter", "ingen",
                                               "ingar", "orten", "ering", "eringen"};
    return std::find(std::begin(endings), std::end(endings), member) != std::end(endings);
}

struct Splitter {
    const WordList& list;
    const std::string& word;           // Latin-1
    const std::vector<size_t>& at;     // 0, the pattern points, the word's length
    std::string probe, capital;
    bool names = true;  // known() also finds capitalised words

    // A member the list knows only as a name ("Göteborgs", "Göte|borgs"
    // would be wrong): whole, never split further.
    bool name(std::string_view member) {
        names = false;
        const bool common = joins(member);
        names = true;
        return !common && joins(member);
    }

    // A word of the list, in lower case or, a name's, capitalised ("Göteborg").
    bool known(std::string_view member) {
        if (list.contains(member)) return true;
        if (!names) return false;
        const unsigned char c = static_cast<unsigned char>(member.front());
        if (!((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7))) return false;
        capital.assign(member);
        capital[0] = static_cast<char>(c - 0x20);
        return list.contains(capital);
    }
    // A member before another: a word, or its joining form — "+s"
    // (grupps-, marknads-), the final vowel dropped (skol-, styr-) or
    // replaced by s (arbets-).
    bool joins(std::string_view member) {
        if (known(member)) return true;
        const bool s_end = member.back() == 's';
        const std::string_view stem = s_end ? member.substr(0, member.size() - 1) : member;
        if (s_end && known(stem)) return true;
        for (char vowel : {'a', 'e'}) {
            probe.assign(stem);
            probe += vowel;
            if (known(probe)) return true;
        }
        return false;
    }

    // Splits at[first] .. at[last] into the fewest members (two at least;
    // ties keep the longest last member), then each member on its own:
    // "arbetsmarknadsfrågor" is "arbetsmarknads|frågor", and
    // "arbetsmarknads" "arbets|marknads". `final`: the range ends the word,
    // so its last member is a word, not a joining form.
    void split(size_t first, size_t last, bool final, std::vector<size_t>& out) {
        if (last - first < 2) return;
        constexpr int NONE = std::numeric_limits<int>::max();
        std::vector<int> members(last - first + 1, NONE);
        std::vector<size_t> from(last - first + 1, 0);
        members[0] = 0;
        for (size_t i = first + 1; i <= last; ++i) {
            for (size_t j = first; j < i; ++j) {
                if (members[j - first] == NONE || at[i] - at[j] < MIN_MEMBER) continue;
                if (j == first && i == last) continue;  // the whole range is no split
                const std::string_view member = std::string_view(word).substr(at[j], at[i] - at[j]);
                const bool ok = i == last ? (final ? known(member) && !ending(member) : joins(member)) : joins(member);
                if (ok && members[j - first] + 1 < members[i - first]) {
                    members[i - first] = members[j - first] + 1;
                    from[i - first] = j;
                }
            }
        }
        if (members[last - first] == NONE) return;
        std::vector<size_t> cuts;  // indices into `at`, first .. last
        for (size_t i = last; i != first; i = from[i - first]) cuts.push_back(i);
        cuts.push_back(first);
        std::reverse(cuts.begin(), cuts.end());
        for (size_t m = 0; m + 1 < cuts.size(); ++m) {
            if (m > 0) out.push_back(at[cuts[m]]);
            if (!name(std::string_view(word).substr(at[cuts[m]], at[cuts[m + 1]] - at[cuts[m]])))
                split(cuts[m], cuts[m + 1], final && m + 2 == cuts.size(), out);
        }
    }
};

}  // namespace

std::vector<size_t> Hyphenator::compound_boundaries(const std::u32string& word,
                                                    const std::vector<size_t>& candidates) const {
    const WordList* list = m_impl->word_list.get();
    if (!list || word.size() < 2 * MIN_MEMBER) return {};
    std::string latin1;  // the list's encoding
    for (char32_t c : word) {
        if (c > 0xFF) return {};
        latin1 += static_cast<char>(c);
    }
    std::vector<size_t> at = {0};
    for (size_t k : candidates)
        if (k >= MIN_MEMBER && k + MIN_MEMBER <= word.size()) at.push_back(k);
    at.push_back(word.size());
    Splitter splitter{*list, latin1, at, {}, {}, true};
    std::vector<size_t> out;
    splitter.split(0, at.size() - 1, true, out);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<size_t> Hyphenator::points(const std::u32string& typed, std::vector<size_t>* weak) const {
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
                !m_impl->never.count(part)) {
                Impl::Remembered& known = m_impl->remembered(part);
                if (weak && !known.has_boundaries) {
                    known.boundaries = compound_boundaries(part, known.found);
                    known.has_boundaries = true;
                }
                static const std::vector<size_t> none;
                const std::vector<size_t>& boundaries = weak ? known.boundaries : none;
                for (size_t k : known.found) {
                    out.push_back(part_begin + k);
                    if (!boundaries.empty() && !std::binary_search(boundaries.begin(), boundaries.end(), k))
                        weak->push_back(part_begin + k);
                }
            }
        }
        part_begin = i + 1;
    }
    return out;
}

}  // namespace protokoll::typeset
