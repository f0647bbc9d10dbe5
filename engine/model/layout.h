// A steering group's reusable template (layouts/NAME.xml): organisation,
// bodies, roster, labels, attendance groups, page design.
#pragma once

#include "model/protocol.h"

#include <map>
#include <string>
#include <vector>

namespace protokoll::model {

struct Color {                 // sRGB, 0..1
    double r = 0, g = 0, b = 0;
};

// A named text style ("body", "title", "heading", "label", "header", "footer", …).
struct TextStyle {
    std::string face = "regular";  // regular | bold | italic | bold-italic
    double size = 11;              // pt
    double leading = 14;           // baseline-to-baseline, pt
    double space_before = 0;       // pt
    double space_after = 0;        // pt
    std::string align = "justify"; // justify | left | center | right
    Color color;
    SourceLocation where;
};

struct FontFiles {             // file names in fonts/ (pinned by fonts/manifest.txt)
    std::string regular, bold, italic, bold_italic;
    SourceLocation where;
};

struct PageGeometry {          // all in pt (the layout file may write mm)
    double width = 595.276;    // A4
    double height = 841.89;
    double margin_top = 70.87, margin_bottom = 70.87, margin_left = 70.87, margin_right = 70.87;
    double header_top = 36;        // first running-header baseline, below the page's top edge
    double footer_bottom = 30;     // footer baseline, above the page's bottom edge
    SourceLocation where;
};

// An attendance group the protocol can fill: its label and which heading
// ("present" → NÄRVARANDE, "absent" → EJ NÄRVARANDE) it stands under.
struct GroupDefinition {
    std::string id;            // "members", "secretary", "others", "absent-members"
    std::string label;         // "Ledamöter"
    std::string section;       // "present" | "absent"
    SourceLocation where;
};

struct Layout {
    std::string path;
    std::string id;
    DocumentKind kind = DocumentKind::Protocol;
    std::string organisation;          // "Göteborgsregionens kommunalförbund"
    std::vector<Body> bodies;          // at least one
    PageGeometry page;
    FontFiles fonts;
    std::map<std::string, TextStyle> styles;
    std::vector<std::string> header_lines;  // templates: {kind} {date} {time} {organisation} {place} {body}
    std::string footer;                     // template: "Sida {page} av {pages}"
    std::map<std::string, std::string> labels;  // key → text, see docs/format.md
    std::vector<GroupDefinition> groups;    // in the order they are printed
    std::vector<Person> roster;             // people a protocol refers to by id
    SourceLocation where;
};

}  // namespace protokoll::model
