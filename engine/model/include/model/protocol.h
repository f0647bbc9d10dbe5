// The protocol as the secretary wrote it (output of parse, input of resolve).
// Nothing here is resolved yet: people may be references into the layout's
// roster, paragraph numbers may be missing, labels are only overrides.
// See docs/format.md for the XML that produces it.
#pragma once

#include "model/rich_text.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace protokoll::model {

enum class DocumentKind { Protocol, Notes };  // "protokoll" (§ paragraphs) / "anteckningar" (numbered points)
enum class Language { Swedish, English };     // language="sv" / "en": which labels, hyphenation, metadata

// One attendance entry or roster entry. Either `ref` names a roster person
// (other fields then override the roster's), or `name` is given inline.
struct Person {
    std::string id;            // for signers to refer to; roster ids are ids too
    std::string ref;           // roster id
    std::string name;
    std::string party;         // "M", "S", …
    std::string municipality;
    std::string role;          // "ordförande", "vice ordförande", "ledamot", "ersättare", "tjänstgörande ersättare"
    std::string title;         // "planeringsledare"
    std::string organisation;  // "Göteborgsregionen"
    std::string attended;      // partial attendance as written: "§ 95", "§ 3–7", "från pkt. 3"
    std::string reason;        // absence reason: "avböjt"
    std::string body;          // body id at a joint meeting
    bool vacant = false;       // <vacant municipality="Lilla Edet"/>
    SourceLocation where;
};

struct AttendanceGroup {
    std::string ref;           // group id defined by the layout ("members", "secretary", …)
    std::vector<Person> people;
    SourceLocation where;
};

struct BasisDocument {         // one "Beslutsunderlag" entry
    std::string title;
    std::string date;          // YYYY-MM-DD, optional
    std::string reference;     // diarienummer, optional
    SourceLocation where;
};

enum class SectionKind { Decision, Summary, Discussion, Text, Basis, Vote, Reservation, Note, Distribution };

// <vote>: a vote by name (votering). Two proposals are put against each
// other: those for `yes` vote ja, those for `no` vote nej.
struct Proposal {
    std::string id;                    // "a", "b"
    std::string by;                    // the person who moved it (attendance id)
    std::string text;                  // "bifall till förvaltningens förslag"
    SourceLocation where;
};

struct Cast {
    enum class Choice { Yes, No, Abstain };  // ja / nej / avstår
    std::string ref;                   // attendance id
    Choice choice = Choice::Yes;
    SourceLocation where;
};

struct Vote {
    std::vector<Proposal> proposals;
    std::string yes, no;               // proposal ids: the order of propositions
    std::string result;                // proposal id; needed when the votes tie (the chair's casting vote)
    std::vector<Cast> casts;
};

struct Section {
    SectionKind kind = SectionKind::Text;
    std::optional<std::string> label;  // override of the layout's label; "" = no heading
    std::string body;                  // body id (decision per body at a joint meeting)
    // Decision with a body: the words that begin it ("{body} beslutar att"),
    // over the layout's decision-lead-in label; "" = none.
    std::optional<std::string> lead_in;
    RichText content;                  // all kinds but Basis
    std::vector<BasisDocument> documents;  // Basis
    std::string person;                // Reservation, Note: who (attendance id)
    Vote vote;                         // Vote
    std::vector<std::string> recipients;   // Distribution ("Expedieras till")
    bool confidential = false;         // confidential="true": left out of a public copy
    std::string grounds;               // grounds="OSL 26 kap. 1 §"; empty: the layout's default
    SourceLocation where;
};

struct Recusal {                       // <recusal ref="…"/>: jäv, the person takes no part in the paragraph
    std::string ref;
    SourceLocation where;
};

struct Paragraph {
    std::optional<int> number;         // explicit number, else counted on
    std::string id;
    std::string title;
    bool attachment = false;           // "bilaga"
    bool confidential = false;         // confidential="true": a public copy keeps only its title
    std::string grounds;               // grounds="OSL 26 kap. 1 §"; empty: the layout's default
    std::vector<Recusal> recusals;
    std::vector<Section> sections;     // in the order written
    SourceLocation where;
};

struct Signer {
    enum class Kind { Secretary, Adjuster };  // "Vid protokollet" / "Justeras"
    Kind kind = Kind::Adjuster;
    std::string ref;                   // id of a person in the attendance
    std::string role;                  // printed under the name: "Beredningsansvarig", "Ordförande", "Justerare"
    std::string body;                  // body id at a joint meeting
    SourceLocation where;
};

struct Body {                          // a steering group; a joint meeting has several
    std::string id;
    std::string name;                  // "Styrgruppen för social välfärd"
    SourceLocation where;
};

struct Meeting {
    std::string date;                  // YYYY-MM-DD
    std::string start;                 // HH:MM, optional
    std::string end;                   // HH:MM, optional
    std::string place;                 // "GR, Anders Personsgatan 8, Göteborg", "Digitalt via Teams"
    std::vector<std::string> bodies;   // body ids (from the layout); empty = the layout's bodies
    std::optional<int> first_number;   // number of the first paragraph when not given on it
    SourceLocation where;
};

// <notice adjusted="…" posted="…"/>: when the protocol was adjusted and
// the posting of that fact went up on the notice board (anslagsbevis).
struct Notice {
    std::string adjusted;              // YYYY-MM-DD, optional here (render --adjusted)
    std::string posted;                // YYYY-MM-DD, optional here (render --posted)
    SourceLocation where;
};

struct Protocol {
    std::string path;                  // file it was read from
    std::string layout;                // layout name: layouts/NAME.xml
    std::optional<DocumentKind> kind;  // else the layout's
    Language language = Language::Swedish;
    std::string title;                 // optional document title override
    // <labels>: this document's own words, over the layout's (same keys, the
    // protocol's language): "title-anteckningar", "group-ID", "points" ("" for
    // no overview heading), "subtitle", "basis-reference", …
    std::map<std::string, std::string> labels;
    // section-order="…": overrides the layout's section order for this
    // protocol; an empty list means as written.
    std::optional<std::vector<SectionKind>> section_order;
    SourceLocation section_order_where;
    Meeting meeting;
    std::vector<AttendanceGroup> attendance;
    std::vector<Paragraph> paragraphs;
    std::vector<Signer> signers;
    // <closing>: what follows the signatures ("Några kommande aktiviteter:"); empty: none.
    RichText closing;
    SourceLocation closing_where;
    bool appeal = true;                // appeal="false": without the layout's appeal instructions
    std::optional<Notice> notice;
    std::string source_sha256;         // of the file's bytes as read (lower-case hex)
    SourceLocation where;
};

}  // namespace protokoll::model
