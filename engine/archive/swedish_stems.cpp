// Swedish stems (swedish_stems.h), through libstemmer.
#include "swedish_stems.h"

#include "shared_library.h"

#include <libstemmer.h>

#include <memory>
#include <new>

namespace protokoll::archive {

namespace {

// libstemmer is opened on first use, like SQLite (sql.cpp).
struct Stemmer {
    decltype(&::sb_stemmer_delete) delete_stemmer = nullptr;
    decltype(&::sb_stemmer_length) length = nullptr;
    decltype(&::sb_stemmer_new) new_stemmer = nullptr;
    decltype(&::sb_stemmer_stem) stem = nullptr;
};

const Stemmer& stemmer_library() {
    return bound_once<Stemmer>("libstemmer.so.0d", "the archive's Swedish full-text index", "libstemmer0d",
                              [](const SharedLibrary& library, Stemmer& functions) {
        library.bind(functions.delete_stemmer, "sb_stemmer_delete");
        library.bind(functions.length, "sb_stemmer_length");
        library.bind(functions.new_stemmer, "sb_stemmer_new");
        library.bind(functions.stem, "sb_stemmer_stem");
    });
}

// The length of the UTF-8 sequence that starts at text[at] (1 for a stray byte).
size_t sequence_length(const std::string& text, size_t at) {
    const unsigned char lead = static_cast<unsigned char>(text[at]);
    const size_t n = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    return at + n <= text.size() ? n : 1;
}

// Whether the character of `n` bytes at text[at] belongs to a word. ASCII:
// letters and digits. Beyond it every letter is taken, with what Swedish text
// puts between words — U+0080…U+00BF (no-break space, «», §, °), × and ÷,
// and U+2000…U+2BFF (dashes, quotes, bullets, currency, arrows, symbols) —
// as separators.
bool in_word(const std::string& text, size_t at, size_t n) {
    const unsigned char b0 = static_cast<unsigned char>(text[at]);
    if (n == 1) return (b0 >= '0' && b0 <= '9') || (b0 >= 'a' && b0 <= 'z') || (b0 >= 'A' && b0 <= 'Z');
    const unsigned char b1 = static_cast<unsigned char>(text[at + 1]);
    if (b0 == 0xC2) return false;
    if (b0 == 0xC3 && (b1 == 0x97 || b1 == 0xB7)) return false;
    if (b0 == 0xE2 && b1 >= 0x80 && b1 <= 0xAF) return false;
    return true;
}

// Appends the character at text[at] lower-cased: ASCII and Latin-1's
// capitals (Å Ä Ö É Ü …); the stemmer's suffixes are all in those.
void append_lower(std::string& out, const std::string& text, size_t at, size_t n) {
    const char c = text[at];
    if (n == 1) {
        out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        return;
    }
    const unsigned char b1 = static_cast<unsigned char>(text[at + 1]);
    if (static_cast<unsigned char>(c) == 0xC3 && b1 >= 0x80 && b1 <= 0x9E && b1 != 0x97) {
        out += c;
        out += static_cast<char>(b1 + 0x20);
        return;
    }
    out.append(text, at, n);
}

struct StemmerDelete {
    void operator()(sb_stemmer* s) const { stemmer_library().delete_stemmer(s); }
};

}  // namespace

std::string swedish_stems(const std::string& text) {
    // One stemmer per call: libstemmer's are not to be shared between threads.
    const std::unique_ptr<sb_stemmer, StemmerDelete> stemmer(stemmer_library().new_stemmer("swedish", "UTF_8"));
    if (!stemmer) throw std::bad_alloc();
    std::string out, word;
    auto flush = [&] {
        if (word.empty()) return;
        const sb_symbol* stem =
            stemmer_library().stem(stemmer.get(), reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
        if (!stem) throw std::bad_alloc();
        if (!out.empty()) out += ' ';
        out.append(reinterpret_cast<const char*>(stem), static_cast<size_t>(stemmer_library().length(stemmer.get())));
        word.clear();
    };
    for (size_t at = 0; at < text.size();) {
        const size_t n = sequence_length(text, at);
        if (in_word(text, at, n)) append_lower(word, text, at, n);
        else flush();
        at += n;
    }
    flush();
    return out;
}

}  // namespace protokoll::archive
