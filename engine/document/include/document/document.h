// The flow document: what resolve produces and typeset consumes.
//
// It knows nothing of protocols: it is styled text blocks, signature rows and
// a page template. Resolve has already applied the layout (labels, numbers,
// people, fonts); typeset only has to break lines and pages.
#pragma once

#include "base/diagnostic.h"

#include <string>
#include <variant>
#include <vector>

namespace protokoll::document {

enum class Face : unsigned char { Regular = 0, Bold = 1, Italic = 2, BoldItalic = 3 };
constexpr int FACE_COUNT = 4;
enum class Align { Justify, Left, Center, Right };

struct Color {  // sRGB 0..1
    double r = 0, g = 0, b = 0;
    bool operator==(const Color& o) const { return r == o.r && g == o.g && b == o.b; }
};

struct Style {
    Face face = Face::Regular;  // face of plain runs; strong/emphasis runs carry their own
    double size = 11;           // pt
    double leading = 14;        // baseline to baseline, pt
    double space_before = 0;    // pt, above the block
    double space_after = 0;     // pt, below the block
    Align align = Align::Justify;
    Color color;
};

// The document's logical structure, which finish writes as the PDF's
// structure tree (tagged PDF: PDF/A-2a, PDF/UA-1). Resolve builds it in
// reading order; blocks, runs, images and signature slots name the element
// their content belongs to by its index. Content that names none (-1) is an
// artifact: running headers, footers, page numbers, rules.
enum class Role {
    Document, Sect, Div, H1, H2, H3, P, L, LI, Lbl, LBody, Link, Span, Figure, Form,
};
const char* role_name(Role role);  // the standard structure type: "H1", "LBody", …

constexpr int ARTIFACT = -1;

struct Element {
    Role role = Role::P;
    int parent = -1;            // index of the parent; -1 only for the root (element 0)
    std::string alt;            // Figure: /Alt; Form: the field's description (/TU)
    std::string lang;           // BCP 47, when it differs from the document's
};

struct Structure {
    std::vector<Element> elements;  // [0] is the Document; empty: an untagged document
    // Adds an element under `parent` and returns its index.
    int add(Role role, int parent, std::string alt = {}) {
        elements.push_back(Element{role, parent, std::move(alt), {}});
        return static_cast<int>(elements.size()) - 1;
    }
};

struct Run {
    std::string text;           // UTF-8; single spaces between words; U+00A0 never breaks
    Face face = Face::Regular;  // final face (style face combined with strong/emphasis)
    std::string link;           // URI when this run is (part of) a link
    bool line_break = false;    // a forced line break; text is empty then
    bool hyphenate = true;      // false: never hyphenate inside this run (names, numbers,
                                // diarienummer, URLs, e-mail addresses)
    int element = ARTIFACT;     // an element inside the block's (a Link, a Span); ARTIFACT: the block's own
    std::string lang = {};      // BCP 47 when the text is in another language than the document's
};

// A paragraph-like block: one or more lines of text.
struct TextBlock {
    Style style;
    std::vector<Run> runs;
    double indent = 0;          // left indent of every line, pt (list items)
    std::string marker;         // list marker ("•", "1.", "a)") hung left of the indent; may be empty
    double marker_indent = 0;   // x of the marker relative to the left margin, pt
    bool keep_with_next = false;// never put a page break between this block and the next item
    bool keep_together = false; // never put a page break inside this block (an attendance entry)
    bool page_break_before = false;  // begins a new page (appeal instructions on a page of their own)
    int element = ARTIFACT;     // the Structure element its text belongs to
    int marker_element = ARTIFACT;  // the list marker's (a Lbl)
    SourceLocation where;
};

// One signature field with the signer's name and role printed under it.
struct SignatureSlot {
    std::string field_name;     // unique name of the PDF form field (e.g. "Kent Lagrell")
    std::string name;           // printed under the field
    std::string role;           // printed under the name
    int signing_order = 0;      // place in the order of signing, 0 first (sign enforces it)
    // What the signed field will say, "{name}" standing for the signer
    // ("Justerat digitalt av {name}"): sign draws it, in the protocol's language.
    std::string signed_words;
    SourceLocation where;
    int element = ARTIFACT;       // the field's Form element
    int name_element = ARTIFACT;  // the printed name's
    int role_element = ARTIFACT;  // the printed role's
};

// Signature fields side by side (wrapping into more rows when they do not fit).
struct SignatureRow {
    Style style;                // style of name and role
    double field_height = 42;   // pt: the empty box a signature appearance is drawn in
    double column_width = 220;  // pt
    std::vector<SignatureSlot> slots;
    bool keep_with_next = false;
};

using Item = std::variant<TextBlock, SignatureRow>;

// A PNG image placed on the page (a logo). The writer embeds it without an
// alpha channel (flattened onto white), as PDF/A wants.
struct Image {
    std::string path;           // absolute path of a PNG file
    double x = 0, y = 0;        // bottom-left corner, pt from the page's bottom-left
    double width = 0, height = 0;  // pt
    int element = ARTIFACT;     // a Figure (with /Alt), or an artifact (decoration)
};

struct PageTemplate {
    double width = 595.276, height = 841.89;  // pt, A4
    double margin_top = 85, margin_bottom = 70, margin_left = 70.87, margin_right = 70.87;
    // The first page may differ (title block, logo) from the following ones
    // (running header). Margins of the first page: margin_top_first.
    double margin_top_first = 85;
    double header_top = 34;     // first header baseline below the top edge
    double footer_bottom = 34;  // footer baseline above the bottom edge
    std::vector<TextBlock> first_header;  // header lines of the first page (may be empty)
    std::vector<TextBlock> header;        // running header lines on every following page
    std::vector<Image> first_images;      // images on the first page (logo)
    std::vector<Image> images;            // images on every following page
    TextBlock footer;           // may contain "{page}" and "{pages}", replaced per page
};

// How words are hyphenated (Swedish patterns from Debian's hyphen-sv, the ones
// LibreOffice uses, read through libhyphen).
struct Hyphenation {
    bool enabled = true;
    std::string patterns;       // path of the .dic file; empty = no hyphenation
    // A word list (one word per line, Latin-1: Debian's wswedish) that
    // splits compounds into members, so hyphens go at their boundaries
    // first (typeset/hyphenate.h); empty = patterns alone.
    std::string word_list;
    // The word list's lines are in bytewise order (resolve checked it, once
    // per unchanged file): typeset then looks words up in the file as it
    // lies, without reading it whole.
    bool word_list_sorted = false;
    int left_min = 2;           // letters kept before a hyphen
    int right_min = 3;          // letters carried after a hyphen
    int max_consecutive = 2;    // hyphenated lines in a row, at most
    // Words hyphenated as given here, not by the patterns ("kompetens-försörjning");
    // a word without '-' is never hyphenated. Matched case-insensitively.
    std::vector<std::string> exceptions;
};

struct FontFiles {              // absolute paths, checked against fonts/manifest.txt
    std::string path[FACE_COUNT];
};

// What the protocol is, for an archive: finish writes it into the XMP in
// protokoll's extension schema (docs/metadata.md), so that an archive learns
// it without reading the document's text.
struct Facts {
    struct Paragraph {
        int number = 0;                       // § number, or point number in notes
        std::string title;
        std::string decision;                 // the decisions' text, plain; may be empty
        std::vector<std::string> references;  // diarienummer of its basis documents
    };
    struct Signer {
        std::string name;
        std::string role;                     // as printed under the signature
        std::string kind;                     // "secretary" or "adjuster"
    };
    std::string organisation;
    std::vector<std::string> bodies;          // names, in the order they meet
    std::string kind;                         // "protokoll" or "anteckningar"
    std::string variant;                      // "" the document itself; "extract", "public", "public extract", "notice"
    std::string date;                         // YYYY-MM-DD
    std::string layout;                       // the layout's id
    std::string source_sha256;                // of the protocol's XML file
    std::vector<Paragraph> paragraphs;
    std::vector<Signer> signers;              // in the order of signing
};

struct Metadata {               // goes to Info and XMP
    std::string title;          // "Protokoll 2019-10-03 Styrgruppen för social välfärd"
    std::string author;         // organisation
    std::string subject;        // body name(s)
    std::string keywords;
    std::string language = "sv-SE";
    std::string source_description;  // /Desc of the embedded XML source (PDF/A-3a)
    Facts facts;
};

// What sign and seal write later, decided now from the layout: finish
// stores it in the PDF, so a signature made anywhere looks the same.
struct Signing {
    std::string time_zone = "UTC";  // tz database name the signatures' times are shown in
    std::string certificate_words;  // "Certifikat nr {serial}"; empty: the serial alone
    std::string document_timestamp; // name of seal's invisible field ("Dokumenttidsstämpel")
};

struct Document {
    PageTemplate page;
    Signing signing;
    FontFiles fonts;
    Hyphenation hyphenation;
    Metadata metadata;
    Structure structure;
    std::vector<Item> flow;
};

}  // namespace protokoll::document
