// Rich text as written in a protocol: blocks (paragraphs, bullet and numbered
// lists nested up to two deep) of inline runs (plain, emphasis, strong, links,
// forced line breaks).
#pragma once

#include "base/diagnostic.h"

#include <string>
#include <vector>

namespace protokoll::model {

struct Inline {
    enum class Kind { Text, LineBreak };
    Kind kind = Kind::Text;
    std::string text;      // UTF-8; whitespace already collapsed to single spaces
    bool strong = false;   // <strong>
    bool emphasis = false; // <em>
    bool link = false;     // inside <a>, with or without a target
    std::string href;      // the <a>'s href; empty outside links and for a link whose target is unknown
    std::string lang = {}; // inside <span lang="…">: the text's language (BCP 47); empty: the protocol's
    int confidential = 0;  // inside the Nth <confidential> of the file (1, 2, …); 0: public
    std::string grounds = {};  // that <confidential>'s grounds="…" (the law that keeps it secret); may be empty
};

struct ListItem;

struct Block {
    enum class Kind { Paragraph, BulletList, NumberedList };
    Kind kind = Kind::Paragraph;
    std::vector<Inline> inlines;    // Paragraph
    std::vector<ListItem> items;    // BulletList / NumberedList
    int start = 1;                  // NumberedList: <ol start="3">
    char numbering = 0;             // NumberedList: <ol type="1|a|A">; 0: "1" at the top level, "a" inside a list
    SourceLocation where;
};

struct ListItem {
    std::vector<Block> blocks;      // bare inline content becomes one Paragraph
    SourceLocation where;
};

using RichText = std::vector<Block>;

}  // namespace protokoll::model
