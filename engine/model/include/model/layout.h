// A steering group's reusable template (layouts/NAME.xml): organisation,
// bodies, roster, labels, attendance groups, page design.
#pragma once

#include "model/protocol.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace protokoll::model {

struct Color {                 // sRGB, 0..1
    double r = 0, g = 0, b = 0;
};

enum class Face { Regular, Bold, Italic, BoldItalic };  // face="regular|bold|italic|bold-italic"
enum class Align { Justify, Left, Center, Right };     // align="justify|left|center|right"

// A named text style ("body", "title", "heading", "label", "header", "footer", …).
struct TextStyle {
    Face face = Face::Regular;
    double size = 11;              // pt
    double leading = 14;           // baseline-to-baseline, pt
    double space_before = 0;       // pt
    double space_after = 0;        // pt
    Align align = Align::Justify;
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
    // Attributes the file wrote ("margin-top", …): an extending layout
    // overrides only these, attribute by attribute.
    std::set<std::string> given;
    SourceLocation where;
};

// A PNG placed on the first page. x and y are the distance of its top-left
// corner from the page's top-left corner (as a designer measures); resolve
// turns them into the document's bottom-left coordinates.
struct Logo {
    std::string src;               // relative to the directory of the layout file that names it
    double x = 0, y = 0;           // pt
    double width = 0;              // pt
    std::optional<double> height;  // pt; default: from the PNG's aspect ratio
    SourceLocation where;
};

// <first-page>: the first page carries the title block and the logo, not
// the running header. Replaced as a whole by an extending layout.
struct FirstPage {
    std::optional<double> margin_top;        // pt; default: the page's margin-top
    bool has_header = false;                 // false: no header lines on the first page
    std::vector<std::string> header_lines;   // templates, like <header>
    std::optional<Logo> logo;
    SourceLocation where;
};

// <hyphenation>: settings per attribute (unset = the engine's default) and
// words hyphenated as written ("kompetens-försörjning"; no '-' = never).
struct HyphenationSettings {
    std::optional<bool> enabled;
    std::optional<bool> compounds;  // compounds="false": the patterns alone
    std::optional<int> left_min, right_min, max_consecutive;
    std::vector<std::string> exceptions;
    SourceLocation where;
};

// One step of <signing-order>: it selects signers by kind (`who`) and/or
// role; each step is one place in the order of signing, the first signs
// first. Which step a signer takes is resolve's rule (docs/format.md,
// "Signing order"): a step with roles before one without, else the first.
struct SigningStep {
    enum class Who { Any, Secretary, Adjuster };
    Who who = Who::Any;
    // Any of these matches the role written on the signer or the person's
    // role (roster or attendance), compared by role_key. Empty: any role.
    std::vector<std::string> roles;
    SourceLocation where;
};

// How roles are compared: white space collapsed and trimmed, letters
// lower-cased (ASCII and Latin-1: "ORDFÖRANDE" is "ordförande").
inline std::string role_key(const std::string& role) {
    std::string out;
    bool space = false;
    for (size_t i = 0; i < role.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(role[i]);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else if (c == 0xC3 && i + 1 < role.size()) {
            // U+00C0..U+00DE (À..Þ but ×) → U+00E0..U+00FE: second byte + 0x20.
            unsigned char next = static_cast<unsigned char>(role[++i]);
            out += static_cast<char>(c);
            out += static_cast<char>(next >= 0x80 && next <= 0x9E && next != 0x97 ? next + 0x20 : next);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

// Which heading an attendance group stands under: section="present"
// (NÄRVARANDE) or section="absent" (EJ NÄRVARANDE).
enum class Attendance { Present, Absent };

// An attendance group the protocol can fill: its label and its heading.
struct GroupDefinition {
    std::string id;            // "members", "secretary", "others", "absent-members"
    std::string label;         // "Ledamöter"
    Attendance section = Attendance::Present;
    SourceLocation where;
};

// <notice kept="…" in-protocol="true"/>: the posting notice (anslagsbevis).
struct NoticeDesign {
    std::string kept;                  // where the protocol is kept: "Göteborgsregionen, Gårdavägen 2, Göteborg"
    bool in_protocol = false;          // the notice as a block after the signatures, when its dates are known
    SourceLocation where;
};

// <appeal>: how to appeal the protocol's decisions (överklagandehänvisning),
// in one language, printed after the signatures of a protocol and its copies.
struct AppealDesign {
    RichText content;
    bool own_page = false;             // page="true": on a page of its own
    SourceLocation where;
};

struct Layout {
    std::string path;
    std::string id;
    std::string extends;               // parent layout name (layouts/NAME.xml); empty = none
    SourceLocation extends_where;      // the extends attribute, for errors about the parent
    // Top-level elements and attributes the file wrote ("kind", "organisation",
    // "page", "first-page", "sections", …): an extending layout overrides only
    // these. A layout without extends has everything that is required.
    std::set<std::string> given;
    DocumentKind kind = DocumentKind::Protocol;
    std::string organisation;          // "Göteborgsregionens kommunalförbund"
    std::vector<Body> bodies;          // at least one
    PageGeometry page;
    FontFiles fonts;
    std::map<std::string, TextStyle> styles;
    std::vector<std::string> header_lines;  // templates: {kind} {date} {time} {organisation} {place} {body}
    std::string footer;                     // template: "Sida {page} av {pages}"
    std::map<std::string, std::string> labels;     // Swedish (<labels lang="sv">): key → text, see docs/format.md
    std::map<std::string, std::string> labels_en;  // English (<labels lang="en">)
    SourceLocation labels_where, labels_en_where;  // the <labels> elements, for "missing label" errors
    std::optional<FirstPage> first_page;    // none: the first page looks like the others
    // Order in which a paragraph's sections are printed, by kind; kinds not
    // listed keep their written place. Empty: as written.
    std::vector<SectionKind> section_order;
    HyphenationSettings hyphenation;
    std::vector<GroupDefinition> groups;    // in the order they are printed
    // <signing-order>: who signs when (sign enforces it through the order of
    // /AcroForm /Fields). Empty: the order written in <signatures>.
    std::vector<SigningStep> signing_order;
    // <time-zone>: the tz database zone ("Europe/Stockholm") every signature's
    // time is shown in, whatever the signing machine's TZ is. Empty: UTC.
    std::string time_zone;
    SourceLocation time_zone_where;
    std::optional<NoticeDesign> notice;     // none: no posting notice (render --notice is an error)
    std::optional<AppealDesign> appeal, appeal_en;  // Swedish, English; none: no appeal instructions
    std::vector<Person> roster;             // people a protocol refers to by id
    SourceLocation where;
};

}  // namespace protokoll::model
