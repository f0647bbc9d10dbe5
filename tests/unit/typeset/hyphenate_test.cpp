// Swedish hyphenation: the real patterns (Debian's hyphen-sv, the ones
// LibreOffice uses) and protokoll's rules for what is never hyphenated.
#include "hyphenate.h"
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
