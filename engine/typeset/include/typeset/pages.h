// Pages of positioned boxes: what typeset produces and write consumes.
// Coordinates are PDF points with the origin at the bottom-left of the page.
#pragma once

#include "document/document.h"

#include <memory>
#include <string>
#include <vector>

namespace protokoll::typeset {

using document::Color;
using document::Face;

// Text drawn as-is starting at (x, baseline y). A justified line is several
// runs (one per word or per face change); a hyphen added at a line end is
// part of the last run's text as U+002D.
struct GlyphRun {
    double x = 0, y = 0;
    double size = 11;
    // Horizontal scaling of the glyphs in percent (PDF's Tz; 100 = none):
    // font expansion of a justified line, within 100 ± 100 EXPANSION_LIMIT
    // (paragraph.h). The run's advance is its natural advance times
    // horizontal_scale / 100; positions already account for it.
    double horizontal_scale = 100;
    Color color;
    std::string text;   // UTF-8, never contains characters the font lacks
    // When set, the run is drawn inside a marked-content span whose
    // /ActualText is *actual_text (UTF-8, may be empty): what text
    // extraction reads instead of the glyphs. Used for a word broken after a
    // hyphen it already has ("Vinnova-" / "finansierat"): the first half
    // carries the whole word, the second half the empty string, so pdftotext
    // gives back "Vinnova-finansierat" (it would otherwise take the hyphen
    // for a hyphenation and drop it). Rare, so held apart: a long
    // protocol's 150 000 runs do not each carry an empty string.
    std::shared_ptr<const std::string> actual_text;
    // The structure element (Pages::structure) the text belongs to;
    // document::ARTIFACT for a running header, a footer, a page number.
    int element = document::ARTIFACT;
    Face face = Face::Regular;
    // The run continues the previous run's word (a kern or a face change
    // inside the word moved it): no space between them when the text is read
    // back as words (structure_outline).
    bool joins_previous = false;

    bool has_actual_text() const { return actual_text != nullptr; }
};

struct Rect {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // x0 < x1, y0 < y1
};

struct LinkArea {
    Rect area;
    std::string uri;
    int element = document::ARTIFACT;  // its Link element
};

// The longest name a signature field may have (finish writes it as the
// field's /T; PDF/A-2 allows no string over 32 767 bytes). Names are the
// signers' (plus a prefix): an X.509 common name has at most 64 characters.
constexpr size_t MAX_FIELD_NAME_CHARACTERS = 1000;

struct FieldArea {      // an empty signature field's widget
    Rect area;
    std::string name;
    int signing_order = 0;  // finish lists fields in /AcroForm /Fields in this order
    std::string signed_words;  // "Justerat digitalt av {name}": what sign draws here
    int element = document::ARTIFACT;  // its Form element, whose /Alt is the field's /TU
};

struct RuleLine {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0, width = 0.5;
    Color color;
};

// A PNG drawn into `area` (the writer flattens any alpha channel onto white).
struct ImageBox {
    Rect area;
    std::string path;
    int element = document::ARTIFACT;  // a Figure, or a decoration
};

struct Page {
    std::vector<GlyphRun> runs;
    std::vector<ImageBox> images;
    std::vector<RuleLine> rules;
    std::vector<LinkArea> links;
    std::vector<FieldArea> fields;
};

// What the typesetter noticed; `render --report` prints it.
struct Report {
    int lines = 0;
    int hyphenated_lines = 0;
    int overfull_lines = 0;
    int underfull_lines = 0;
    double worst_badness = 0;
    int widows_avoided = 0;      // page breaks moved so a paragraph's last line is not alone
    int orphans_avoided = 0;     // page breaks moved so a paragraph's first line is not alone
    int words_broken_by_letters = 0;
    int pages = 0;
};

// Characters the regular face always embeds beyond the document's own text:
// signing draws its appearance (the layout's words, the signer's name, a time
// with its zone, a certificate serial) later, with the document's font, for
// signers whose names need not appear anywhere else in the text. The words
// themselves are added per document (Pages::reserved_characters).
constexpr const char* RESERVED_CHARACTERS =
    "0123456789 +-:.,/()"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c5\u00c4\u00d6\u00c9\u00dc"
    "abcdefghijklmnopqrstuvwxyz\u00e5\u00e4\u00f6\u00e9\u00fc";

// The most pages typeset makes of one protocol: it stops with an error
// naming the limit (paginate.cpp) rather than fill memory, and it keeps write
// far below libharu's 32 767-entry limit of the page tree.
constexpr int MAX_PAGES = 10000;

struct Pages {
    double width = 595.276, height = 841.89;
    document::FontFiles fonts;
    document::Metadata metadata;
    document::Signing signing;
    // The logical structure; the content's `element`s index it. Empty: untagged.
    document::Structure structure;
    // RESERVED_CHARACTERS and the characters of the words signing draws
    // (the fields' signed_words, signing.certificate_words).
    std::string reserved_characters = RESERVED_CHARACTERS;
    std::vector<Page> pages;
    Report report;
};

// Drops every page's runs and frees their memory: for after write, which
// draws them, and before finish, which needs none of them (a long
// protocol's runs are a third of its peak memory).
void release_glyph_runs(Pages& pages);
// The same for the page at `index` only (write drops each page's runs once
// it is drawn).
void release_glyph_runs(Pages& pages, size_t index);

// What each marked-content sequence of each page holds, by MCID: the
// index of its structure element. write_pdf fills it as it draws; finish
// makes it the structure tree's leaves and the ParentTree.
struct MarkedContent {
    std::vector<std::vector<int>> pages;  // [page][MCID] → element
};

}  // namespace protokoll::typeset
