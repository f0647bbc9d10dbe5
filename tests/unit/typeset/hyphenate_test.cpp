// Swedish hyphenation: the real patterns (Debian's hyphen-sv, the ones
// LibreOffice uses) and protokoll's rules for what is never hyphenated.
#include "hyphenate.h"
#include "typeset/utf8.h"

#include <catch2/catch.hpp>

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
