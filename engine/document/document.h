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

enum class Face { Regular = 0, Bold = 1, Italic = 2, BoldItalic = 3 };
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

struct Run {
    std::string text;           // UTF-8; single spaces between words; U+00A0 never breaks
    Face face = Face::Regular;  // final face (style face combined with strong/emphasis)
    std::string link;           // URI when this run is (part of) a link
    bool line_break = false;    // a forced line break; text is empty then
};

// A paragraph-like block: one or more lines of text.
struct TextBlock {
    Style style;
    std::vector<Run> runs;
    double indent = 0;          // left indent of every line, pt (list items)
    std::string marker;         // list marker ("•", "1.", "a)") hung left of the indent; may be empty
    double marker_indent = 0;   // x of the marker relative to the left margin, pt
    bool keep_with_next = false;// never put a page break between this block and the next item
    SourceLocation where;
};

// One signature field with the signer's name and role printed under it.
struct SignatureSlot {
    std::string field_name;     // unique name of the PDF form field (e.g. "Kent Lagrell")
    std::string name;           // printed under the field
    std::string role;           // printed under the name
    SourceLocation where;
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

struct PageTemplate {
    double width = 595.276, height = 841.89;  // pt, A4
    double margin_top = 85, margin_bottom = 70, margin_left = 70.87, margin_right = 70.87;
    double header_top = 34;     // first header baseline below the top edge
    double footer_bottom = 34;  // footer baseline above the bottom edge
    std::vector<TextBlock> header;  // running header lines on every page
    TextBlock footer;           // may contain "{page}" and "{pages}", replaced per page
};

struct FontFiles {              // absolute paths, checked against fonts/manifest.txt
    std::string path[FACE_COUNT];
};

struct Metadata {               // goes to Info and XMP
    std::string title;          // "Protokoll 2019-10-03 Styrgruppen för social välfärd"
    std::string author;         // organisation
    std::string subject;        // body name(s)
    std::string keywords;
    std::string language = "sv-SE";
};

struct Document {
    PageTemplate page;
    FontFiles fonts;
    Metadata metadata;
    std::vector<Item> flow;
};

}  // namespace protokoll::document
