#include "typeset/outline.h"

#include <catch2/catch.hpp>

using namespace protokoll;
using document::Role;

namespace {

typeset::GlyphRun run(const std::string& text, int element, double y, bool joins = false) {
    typeset::GlyphRun out;
    out.text = text;
    out.element = element;
    out.y = y;
    out.joins_previous = joins;
    return out;
}

}  // namespace

TEST_CASE("the outline prints each element that holds content under its parent, with its words and pages") {
    typeset::Pages pages;
    document::Structure& s = pages.structure;
    s.add(Role::Document, -1);
    const int title = s.add(Role::H1, 0);
    const int sect = s.add(Role::Sect, 0);
    const int heading = s.add(Role::H2, sect);
    const int paragraph = s.add(Role::P, sect);
    s.add(Role::P, sect);  // holds nothing: left out
    const int figure = s.add(Role::Figure, 0, "Logotyp");
    pages.pages.resize(2);
    pages.pages[0].images.push_back(typeset::ImageBox{{0, 0, 10, 10}, "logo.png", figure});
    pages.pages[0].runs = {run("Protokoll", title, 800), run("Sidhuvud", document::ARTIFACT, 820),
                           run("N\u00c4RV", heading, 700), run("ARANDE", heading, 700, true),
                           run("Ett", paragraph, 680), run("stycke", paragraph, 680)};
    pages.pages[1].runs = {run("som", paragraph, 800), run("forts\u00e4tter.", paragraph, 800)};
    CHECK(typeset::structure_outline(pages) ==
          "Document\n"
          "  H1 \u201cProtokoll\u201d  p. 1\n"
          "  Sect\n"
          "    H2 \u201cN\u00c4RVARANDE\u201d  p. 1\n"
          "    P \u201cEtt stycke som forts\u00e4tter.\u201d  p. 1\u20132\n"
          "  Figure [Logotyp]  p. 1\n");
}

TEST_CASE("the outline cuts a long text after 60 characters and says so") {
    typeset::Pages pages;
    pages.structure.add(Role::Document, -1);
    const int p = pages.structure.add(Role::P, 0);
    pages.pages.resize(1);
    pages.pages[0].runs = {run(std::string(59, 'a') + "\u00e5\u00e4\u00f6", p, 700)};
    CHECK(typeset::structure_outline(pages) ==
          "Document\n  P \u201c" + std::string(59, 'a') + "\u00e5\u2026\u201d  p. 1\n");
}

TEST_CASE("an untagged document's outline says so") {
    typeset::Pages pages;
    CHECK(typeset::structure_outline(pages) == "(untagged)\n");
}
