// Swedish hyphenation: the real patterns (Debian's hyphen-sv, the ones
// LibreOffice uses) and protokoll's rules for what is never hyphenated.
#include "hyphenate.h"
#include "base/files.h"
#include "typeset/utf8.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace protokoll;
using namespace protokoll::typeset;

namespace {

const char* const PATTERNS = "/usr/share/hyphen/hyph_sv_SE.dic";

document::Hyphenation swedish(std::vector<std::string> exceptions = {}) {
    document::Hyphenation settings;
    settings.patterns = PATTERNS;
    settings.left_min = 2;
    settings.right_min = 3;
    settings.exceptions = std::move(exceptions);
    return settings;
}

// The word with '=' at every point ("kom=mun=sty=rel=sen"); soft hyphens
// in the input are dropped, as the points count without them.
std::string marked(const Hyphenator& hyphenator, const std::string& word) {
    const std::u32string typed = decode_utf8(word, {});
    const std::vector<size_t> points = hyphenator.points(typed);
    const std::u32string plain = strip_soft_hyphens(typed);
    std::string out;
    size_t next = 0;
    for (size_t i = 0; i < plain.size(); ++i) {
        if (next < points.size() && points[next] == i) {
            out += '=';
            ++next;
        }
        append_utf8(out, plain[i]);
    }
    return out;
}

}  // namespace

TEST_CASE("Swedish words are hyphenated by the patterns, 2 letters left, 3 right", "[hyphenate]") {
    const Hyphenator hyphenator(swedish());
    REQUIRE(hyphenator.has_patterns());
    struct Case {
        const char* word;
        const char* expected;
    };
    const std::vector<Case> cases = {
        {"kompetensförsörjning", "kom=pe=tens=för=sörj=ning"},
        {"verksamhetsplanering", "verk=sam=hets=pla=ne=ring"},
        {"kommunstyrelsen", "kom=mun=sty=rel=sen"},
        {"äldreomsorgen", "äldre=om=sor=gen"},
        {"förvaltningen", "för=valt=ningen"},        // no "en" alone on the next line
        {"protokollet", "pro=to=kol=let"},
        {"Styrgruppen", "Styr=grup=pen"},            // capitalised: lowercased for the patterns
        {"välfärd.", "väl=färd."},                   // trailing punctuation ignored
        {"(funktionshinder)", "(funk=tions=hin=der)"},
        {"Vinnova-finansierat", "Vin=nova-fi=nan=si=e=rat"},  // each part on its own
        {"och", "och"},
        {"ordf", "ordf"},
    };
    for (const Case& c : cases) {
        INFO(c.word);
        CHECK(marked(hyphenator, c.word) == c.expected);
    }
}

TEST_CASE("names, numbers, URLs, e-mail and abbreviations are never hyphenated", "[hyphenate]") {
    const Hyphenator hyphenator(swedish({"Margareta", "Forsberg", "Lindqvist"}));
    for (const char* word :
         {"Margareta", "Forsberg,", "FORSBERG", "Lindqvists", "2019-10-03", "Dnr 2019-00123",
          "8200", "kr1000", "https://goteborgsregionen.se/projekt", "www.goteborgsregionen.se",
          "fornamn.efternamn@goteborgsregionen.se", "SKR", "FoU-ÖVERSIKT", "NPM"}) {
        INFO(word);
        CHECK(hyphenator.points(decode_utf8(word, {})).empty());
    }
}

TEST_CASE("exceptions with hyphens give the only points", "[hyphenate]") {
    const Hyphenator hyphenator(swedish({"kompetens-försörjning", "Anders-son"}));
    CHECK(marked(hyphenator, "kompetensförsörjning") == "kompetens=försörjning");
    CHECK(marked(hyphenator, "Kompetensförsörjning,") == "Kompetens=försörjning,");
    CHECK(marked(hyphenator, "Andersson") == "Anders=son");
}

TEST_CASE("a double name among the exceptions is never hyphenated", "[hyphenate]") {
    const Hyphenator hyphenator(swedish({"Britt-Marie", "Kuylenstierna"}));
    CHECK(marked(hyphenator, "Britt-Marie") == "Britt-Marie");
    CHECK(marked(hyphenator, "Britt-Maries") == "Britt-Maries");
    CHECK(marked(hyphenator, "Kuylenstiernas") == "Kuylenstiernas");
}

TEST_CASE("a soft hyphen is the only point of its word", "[hyphenate]") {
    const Hyphenator hyphenator(swedish());
    CHECK(marked(hyphenator, "verksamhets\u00ADplanering") == "verksamhets=planering");
    CHECK(marked(hyphenator, "\u00ADord\u00AD") == "ord");  // at either end: no point
    // Without patterns the soft hyphen still counts.
    document::Hyphenation none;
    const Hyphenator without(none);
    CHECK_FALSE(without.has_patterns());
    CHECK(marked(without, "verksamhets\u00ADplanering") == "verksamhets=planering");
    CHECK(marked(without, "verksamhetsplanering") == "verksamhetsplanering");
}

TEST_CASE("left and right minimum are honoured", "[hyphenate]") {
    document::Hyphenation settings = swedish();
    settings.left_min = 4;
    settings.right_min = 4;
    const Hyphenator hyphenator(settings);
    CHECK(marked(hyphenator, "kommunstyrelsen") == "kommun=sty=relsen");
}

TEST_CASE("a pattern file that cannot be loaded is an error", "[hyphenate]") {
    document::Hyphenation settings;
    settings.patterns = "/nonexistent/hyph_xx.dic";
    CHECK_THROWS_AS(Hyphenator(settings), Error);
}

namespace {

const char* const WORD_LIST = "/usr/share/dict/swedish";  // Debian's wswedish

document::Hyphenation with_compounds() {
    document::Hyphenation settings = swedish();
    settings.word_list = WORD_LIST;
    return settings;
}

// The word with '=' at its strong points and '~' at its weak ones
// ("kommunal=lagen" where the member's own syllables are '~').
std::string ranked(const Hyphenator& hyphenator, const std::string& word) {
    const std::u32string typed = decode_utf8(word, {});
    std::vector<size_t> weak;
    const std::vector<size_t> points = hyphenator.points(typed, &weak);
    std::string out;
    for (size_t i = 0; i < typed.size(); ++i) {
        if (std::find(points.begin(), points.end(), i) != points.end())
            out += std::find(weak.begin(), weak.end(), i) != weak.end() ? '~' : '=';
        append_utf8(out, typed[i]);
    }
    return out;
}

}  // namespace

TEST_CASE("compounds: the members' boundary is the strong point, the members' syllables are weak", "[hyphenate]") {
    const Hyphenator h(with_compounds());
    // The defects the issue saw: "Kommunalla-gen", "fokusom-råde".
    CHECK(ranked(h, "Kommunallagen") == "Kom~mu~nal=la~gen");
    CHECK(ranked(h, "fokusområde") == "fo~kus=om~råde");
    // Joining forms (arbets- from arbete, marknads-), members within members.
    CHECK(ranked(h, "arbetsmarknadsfrågor") == "ar~bets=mark~nads=frå~gor");
    // Boundaries only where the patterns allow a hyphen: they have none
    // at "grupps|möte" (they split "grupp-smö-te").
    CHECK(ranked(h, "styrgruppsmöte") == "styr=gruppsmöte");
    // The same points as without the word list: only their weight differs.
    const Hyphenator plain(swedish());
    for (const char* word : {"Kommunallagen", "fokusområde", "arbetsmarknadsfrågor", "verksamhetsplanen"}) {
        std::string a = ranked(h, word), b = marked(plain, word);
        std::replace(a.begin(), a.end(), '~', '=');
        CHECK(a == b);
    }
}

TEST_CASE("compounds: a word that is no compound keeps every point strong", "[hyphenate]") {
    const Hyphenator h(with_compounds());
    // "bes|lutar" and "gem|ensamma" would split at a place the patterns do
    // not allow a hyphen: no boundary, no weak points.
    // Nor do derivational endings the list knows as words ("het", "eras").
    for (const char* word : {"beslutar", "diskuterar", "kommunen", "hållbarhet", "presenteras"}) {
        const std::string r = ranked(h, word);
        INFO(r);
        CHECK(r.find('~') == std::string::npos);
        CHECK(r.find('=') != std::string::npos);
    }
    CHECK(h.compound_boundaries(U"beslutar", {2, 5}).empty());
    CHECK(h.compound_boundaries(U"kommunallagen", {3, 5, 8, 10}) == std::vector<size_t>{8});
}

TEST_CASE("compounds: a word list that cannot be read is an error", "[hyphenate]") {
    document::Hyphenation settings = swedish();
    settings.word_list = "/nonexistent/swedish";
    CHECK_THROWS_AS(Hyphenator(settings), Error);
}
TEST_CASE("compounds: short words are no members, names are members of their own", "[hyphenate]") {
    const Hyphenator h(with_compounds());
    // "ana|lys", "kon|sekvens": three-letter words of the list are not members.
    CHECK(ranked(h, "konsekvensanalys") == "kon~se~kven~s=ana~lys");
    CHECK(ranked(h, "kompetensutveckling") == "kom~pe~tens=ut~veck~ling");
    CHECK(ranked(h, "samhällsplaneringen") == "sam~hälls=pla~ne~ringen");
    // A name the list has capitalised joins like a word and stays whole ("Göte|borg" is no split).
    CHECK(ranked(h, "Göteborgsregionens") == "Gö~te~borgs=re~gi~o~nens");
    CHECK(ranked(h, "Götalandsregionen") == "Gö~ta~lands=re~gi~o~nen");
    // No split at the patterns' points ("yrke|skurser"): every point keeps its weight.
    CHECK(ranked(h, "yrkeskurser") == "yr=ke=skur=ser");
}

// ---- one document's patterns and words --------------------------------------

namespace {

std::string latin1_to_utf8(std::string_view latin1) {
    std::string out;
    for (unsigned char c : latin1) append_utf8(out, c);
    return out;
}

// The words of the word list, every `step`th, as UTF-8, with a capitalised
// and a genitive variant now and then.
std::vector<std::string> sample_of_word_list(size_t step) {
    const std::string all = read_file(WORD_LIST);
    std::vector<std::string> out;
    size_t line = 0;
    for (size_t start = 0; start < all.size(); ++line) {
        size_t end = all.find('\n', start);
        if (end == std::string::npos) end = all.size();
        if (line % step == 0 && end > start) out.push_back(latin1_to_utf8(std::string_view(all).substr(start, end - start)));
        start = end + 1;
    }
    for (size_t i = 0; i < out.size(); i += 7) out.push_back(out[i] + "s");
    return out;
}

// The words of the examples' text (tags dropped, no entities decoded).
std::vector<std::string> words_of_examples() {
    std::vector<std::string> out;
    for (const char* name : {"protokoll-2019-10-03-social-valfard.xml", "protokoll-2021-01-22-social-valfard.xml",
                             "anteckningar-2026-02-12-socialchefsnatverket.xml"}) {
        const std::string xml = read_file(std::string(PROTOKOLL_SOURCE_DIR) + "/examples/" + name);
        std::string word;
        bool in_tag = false;
        for (char c : xml) {
            if (c == '<') in_tag = true;
            const bool space = c == ' ' || c == '\n' || c == '\t';
            if (in_tag || space) {
                if (!word.empty()) out.push_back(word);
                word.clear();
            } else {
                word += c;
            }
            if (c == '>') in_tag = false;
        }
    }
    return out;
}

// UTF-8 to the Latin-1 a Vocabulary is asked in.
std::string latin1(const char* utf8) {
    std::string out;
    for (char32_t c : decode_utf8(utf8, {})) out += static_cast<char>(c);
    return out;
}

Vocabulary vocabulary_of(const std::vector<std::string>& words) {
    Vocabulary vocabulary;
    for (const std::string& w : words) vocabulary.add(w);
    return vocabulary;
}

}  // namespace

TEST_CASE("a vocabulary knows every piece of its text and few others", "[hyphenate]") {
    Vocabulary v;
    v.add("Kommunstyrelsen beslutar, Göteborg–Borås");
    for (const char* piece : {"kommunstyrelsen", ".kommun", "styrelsen.", ".beslutar.", "göteborg", ".bor", "rås.", "", "k"})
        CHECK(v.may_contain(latin1(piece)));
    CHECK(v.may_contain(latin1("Göteborg"), true));
    CHECK_FALSE(v.may_contain(latin1("Göteborg")));
    CHECK(v.first_missing("kommunxyz") == 6);  // "munx" is the first 4-gram not in the text
    int found = 0;
    for (const char* piece : {"xylofon", "zebra", "hjort", "qwerty", "vatten", ".styrelsen", "beslutar.."})
        found += v.may_contain(piece);
    CHECK(found == 0);
}

TEST_CASE("a Hyphenator built for a text hyphenates it as one built from the whole files", "[hyphenate]") {
    std::vector<std::string> words = words_of_examples();
    const std::vector<std::string> sample = sample_of_word_list(10);
    words.insert(words.end(), sample.begin(), sample.end());
    REQUIRE(words.size() > 6000);
    const Vocabulary vocabulary = vocabulary_of(words);
    const Hyphenator whole(with_compounds());
    const Hyphenator only(with_compounds(), &vocabulary);
    size_t weak_points = 0, points = 0;
    for (const std::string& word : words) {
        const std::u32string typed = decode_utf8(word, {});
        std::vector<size_t> weak_whole, weak_only;
        const std::vector<size_t> a = whole.points(typed, &weak_whole);
        const std::vector<size_t> b = only.points(typed, &weak_only);
        INFO(word);
        REQUIRE(a == b);
        REQUIRE(weak_whole == weak_only);
        points += a.size();
        weak_points += weak_whole.size();
    }
    CHECK(points > 8000);   // the comparison saw points, and
    CHECK(weak_points > 1000);  // compounds split by the word list

    // One word at a time, the narrowest text there is.
    for (size_t i = 0; i < sample.size(); i += 25) {
        const Vocabulary one = vocabulary_of({sample[i]});
        const Hyphenator narrow(with_compounds(), &one);
        const std::u32string typed = decode_utf8(sample[i], {});
        std::vector<size_t> weak_whole, weak_narrow;
        INFO(sample[i]);
        CHECK(whole.points(typed, &weak_whole) == narrow.points(typed, &weak_narrow));
        CHECK(weak_whole == weak_narrow);
    }

    // And it does load less: a word not in the text loses its points.
    const Vocabulary cat = vocabulary_of({"katt"});
    const Hyphenator for_cat(with_compounds(), &cat);
    CHECK(marked(whole, "kompetensförsörjning") == "kom=pe=tens=för=sörj=ning");
    CHECK(marked(for_cat, "kompetensförsörjning") != marked(whole, "kompetensförsörjning"));
}

TEST_CASE("a sorted word list searched in the file gives what the list read whole gives", "[hyphenate]") {
    std::vector<std::string> words = words_of_examples();
    const std::vector<std::string> sample = sample_of_word_list(10);
    words.insert(words.end(), sample.begin(), sample.end());
    document::Hyphenation sorted = with_compounds();
    sorted.word_list_sorted = true;
    const Hyphenator read(with_compounds());
    const Hyphenator in_place(sorted);
    size_t weak_points = 0;
    for (const std::string& word : words) {
        const std::u32string typed = decode_utf8(word, {});
        std::vector<size_t> weak_read, weak_in_place;
        INFO(word);
        REQUIRE(read.points(typed, &weak_read) == in_place.points(typed, &weak_in_place));
        REQUIRE(weak_read == weak_in_place);
        weak_points += weak_read.size();
    }
    CHECK(weak_points > 1000);  // compounds were split, so the list was asked
}

TEST_CASE("the word list searched in place finds its first and last lines, CRLF ends, and nothing else", "[hyphenate]") {
    // Members are looked up only from four letters on; the split of
    // "aaaa|zzzz" needs both to be words of the list.
    std::string list = "aaaa\r\n";
    for (int i = 0; i < 400; ++i) list += "m" + std::to_string(1000 + i) + "\r\n";  // past the 64-byte scan
    list += "zzzz";  // no line end at the end of the file
    const std::string path = "/tmp/protokoll_hyphenate_test_words.txt";
    write_file_atomically(path, list);
    document::Hyphenation settings;
    settings.word_list = path;
    settings.word_list_sorted = true;
    const Hyphenator h(settings);
    CHECK(h.compound_boundaries(U"aaaazzzz", {4}) == std::vector<size_t>{4});
    CHECK(h.compound_boundaries(U"aaaazzzy", {4}).empty());
    CHECK(h.compound_boundaries(U"aaabzzzz", {4}).empty());
    CHECK(h.compound_boundaries(U"m1200m1399", {5}) == std::vector<size_t>{5});  // lines between
    CHECK(h.compound_boundaries(U"m1200m1400", {5}).empty());
    settings.word_list_sorted = false;  // the same answers from the list read whole
    const Hyphenator whole(settings);
    CHECK(whole.compound_boundaries(U"aaaazzzz", {4}) == std::vector<size_t>{4});
    CHECK(whole.compound_boundaries(U"aaaazzzy", {4}).empty());
    std::remove(path.c_str());
}
