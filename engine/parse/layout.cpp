// Parser: the layout (docs/format.md, "The layout").
#include "parser.h"

#include "base/time.h"
#include "parse/limits.h"

#include <set>

namespace protokoll::parse {

namespace {

const std::vector<std::string> k_label_keys = {
    "title-protokoll", "title-anteckningar", "present", "absent", "paragraphs", "points",
    "decision", "summary", "discussion", "basis", "attachment", "minutes-protokoll",
    "minutes-anteckningar", "adjusters", "absence-reason", "vacant", "time", "place", "page-of", "and",
    "signed-by-secretary", "signed-by-adjuster", "signature-certificate", "document-timestamp",
    "logo-description", "signature-field", "source-description", "title-extract-protokoll", "title-extract-anteckningar",
    "extract-certified", "removed", "removed-grounds", "title-notice", "notice-heading", "notice-text", "notice-body", "notice-meeting-date", "notice-paragraphs", "notice-points", "notice-adjusted", "notice-posted", "notice-appeal-until", "notice-taken-down", "notice-kept", "notice-signature", "notice-appeal-rule", "vote", "vote-proposal", "vote-order", "vote-yes", "vote-no", "vote-abstain", "vote-result", "vote-casting", "reservation", "reservation-by", "note", "note-by", "distribution", "recusal", "recused-in", "subtitle", "basis-date", "basis-reference", "decision-lead-in", "appeal"};

// Besides the fixed keys, "group-ID" labels name attendance group ID in one
// language (its text in <groups> is the Swedish default).
bool valid_label_key(const std::string& key) {
    return std::find(k_label_keys.begin(), k_label_keys.end(), key) != k_label_keys.end() || is_group_key(key);
}

const Words<model::Face> k_faces = {{"regular", model::Face::Regular},
                                    {"bold", model::Face::Bold},
                                    {"italic", model::Face::Italic},
                                    {"bold-italic", model::Face::BoldItalic}};

const Words<model::Align> k_aligns = {{"justify", model::Align::Justify},
                                      {"left", model::Align::Left},
                                      {"center", model::Align::Center},
                                      {"right", model::Align::Right}};

}  // namespace

struct Parser::LayoutIds {
    Ids body, style, person, languages, appeal_languages;
    explicit LayoutIds(const Parser& parser)
        : body(parser, "body id"), style(parser, "style name"), person(parser, "person id"),
          languages(parser, "<labels> for language"), appeal_languages(parser, "<appeal> for language") {}
};

model::PageGeometry Parser::page(const XMLElement* e) const {
    allow_attributes(e, {"size", "margin-top", "margin-bottom", "margin-left", "margin-right", "header-top",
                         "footer-bottom"});
    empty_element(e);
    model::PageGeometry g;
    g.where = where(e);
    one_of(e, "size", {"A4"}, "A4");  // the only size; its dimensions are the model's defaults
    for (const char* name : {"margin-top", "margin-bottom", "margin-left", "margin-right", "header-top", "footer-bottom"})
        if (optional(e, name)) g.given.insert(name);
    g.margin_top = length(e, "margin-top", g.margin_top);
    g.margin_bottom = length(e, "margin-bottom", g.margin_bottom);
    g.margin_left = length(e, "margin-left", g.margin_left);
    g.margin_right = length(e, "margin-right", g.margin_right);
    g.header_top = length(e, "header-top", g.header_top);
    g.footer_bottom = length(e, "footer-bottom", g.footer_bottom);
    return g;
}

model::FontFiles Parser::fonts(const XMLElement* e) const {
    allow_attributes(e, {"regular", "bold", "italic", "bold-italic"});
    empty_element(e);
    model::FontFiles f;
    f.where = where(e);
    // A bare file name: fonts are looked up in fonts/ only.
    auto font = [&](const char* name) {
        required(e, name);
        return *matching(e, name, is_simple_name, "a file name in fonts/, without a directory");
    };
    f.regular = font("regular");
    f.bold = font("bold");
    f.italic = font("italic");
    f.bold_italic = font("bold-italic");
    return f;
}

model::TextStyle Parser::style(const XMLElement* e) const {
    allow_attributes(e, {"name", "face", "size", "leading", "space-before", "space-after", "align", "color"});
    empty_element(e);
    model::TextStyle s;
    s.where = where(e);
    s.face = choice(e, "face", k_faces, s.face);
    s.size = points(e, "size", s.size);
    s.leading = points(e, "leading", s.leading);
    s.space_before = points(e, "space-before", s.space_before);
    s.space_after = points(e, "space-after", s.space_after);
    s.align = choice(e, "align", k_aligns, s.align);
    s.color = color(e, "color");
    return s;
}

// "decision summary discussion basis" (each kind once), or "written":
// the order the protocol writes them in (an empty list).
std::vector<model::SectionKind> Parser::section_order(const XMLElement* e, const std::string& name) const {
    std::string value = *optional(e, name);
    std::string words = trim(collapse(value));
    std::vector<model::SectionKind> out;
    const std::string expected =
        "\"written\", or section kinds separated by spaces, each once: decision, summary, discussion, text, basis";
    if (words == "written") return out;
    if (words.empty()) bad_value(e, name, value, expected);
    std::vector<std::string> seen;
    for (size_t at = 0; at <= words.size();) {
        size_t space = std::min(words.find(' ', at), words.size());
        std::string word = words.substr(at, space - at);
        at = space + 1;
        auto kind = std::find_if(k_section_kinds.begin(), k_section_kinds.end(),
                                 [&](const auto& k) { return k.first == word; });
        if (kind == k_section_kinds.end() || std::count(seen.begin(), seen.end(), word))
            bad_value(e, name, value, expected);
        seen.push_back(word);
        out.push_back(kind->second);
    }
    return out;
}

std::vector<std::string> Parser::header_lines(const XMLElement* e) const {
    allow_attributes(e, {});
    std::vector<std::string> lines;
    for (const XMLElement* line : children(e, {{{"line"}, 0, k_many}})) {
        allow_attributes(line, {});
        lines.push_back(text(line));
    }
    return lines;
}

model::Logo Parser::logo(const XMLElement* e) const {
    allow_attributes(e, {"src", "x", "y", "width", "height"});
    empty_element(e);
    model::Logo l;
    l.where = where(e);
    // A relative path below the layout's directory: no "..", no absolute paths.
    required(e, "src");
    l.src = *matching(e, "src", is_png_path, "a PNG file name relative to layouts/ (\"images/logo.png\"), without \"..\"");
    for (const char* name : {"x", "y", "width"}) required(e, name);
    l.x = length(e, "x", 0);
    l.y = length(e, "y", 0);
    l.width = length(e, "width", 0);
    if (l.width <= 0) bad_value(e, "width", *optional(e, "width"), "a length greater than 0");
    if (optional(e, "height")) {
        l.height = length(e, "height", 0);
        if (*l.height <= 0) bad_value(e, "height", *optional(e, "height"), "a length greater than 0");
    }
    return l;
}

model::FirstPage Parser::first_page(const XMLElement* e) const {
    allow_attributes(e, {"margin-top"});
    model::FirstPage f;
    f.where = where(e);
    if (optional(e, "margin-top")) f.margin_top = length(e, "margin-top", 0);
    for (const XMLElement* c : children(e, {{{"header"}, 0, 1}, {{"logo"}, 0, 1}})) {
        if (std::string(c->Name()) == "header") {
            f.has_header = true;
            f.header_lines = header_lines(c);
        } else {
            f.logo = logo(c);
        }
    }
    return f;
}

model::HyphenationSettings Parser::hyphenation(const XMLElement* e) const {
    allow_attributes(e, {"enabled", "compounds", "left-min", "right-min", "max-consecutive"});
    model::HyphenationSettings h;
    h.where = where(e);
    if (optional(e, "enabled")) h.enabled = boolean(e, "enabled");
    if (optional(e, "compounds")) h.compounds = boolean(e, "compounds");
    h.left_min = positive_integer(e, "left-min");
    h.right_min = positive_integer(e, "right-min");
    h.max_consecutive = positive_integer(e, "max-consecutive");
    for (const XMLElement* c : children(e, {{{"exception"}, 0, k_many}})) {
        allow_attributes(c, {});
        std::string value = required_text(c);
        if (!is_hyphenated_word(value))
            error(c, "bad hyphenation exception \"" + value + "\"",
                  {"one word, hyphen points marked with \"-\" (\"kompetens-försörjning\"); no spaces"});
        h.exceptions.push_back(value);
    }
    return h;
}

// <signing-order>: steps that select signers by who and/or role. A step
// that can never apply (an earlier step of the same sort — both with
// roles, or both without — takes every signer it selects) is an error:
// it would only mislead the reader of the layout. Comparing each step with
// every earlier one is quadratic, hence the limit on steps.
std::vector<model::SigningStep> Parser::signing_order(const XMLElement* e) const {
    using Who = model::SigningStep::Who;
    allow_attributes(e, {});
    std::vector<model::SigningStep> steps;
    std::vector<std::set<std::string>> keys;  // per step: its roles as compared
    std::vector<int> lines;
    auto elements = children(e, {{{"step"}, 0, k_many}});
    if (elements.size() > limits::signing_steps)
        error(elements[limits::signing_steps], "more than " + std::to_string(limits::signing_steps) +
                                                   " <step> in <signing-order> (limit " +
                                                   std::to_string(limits::signing_steps) + ")");
    for (const XMLElement* c : elements) {
        allow_attributes(c, {"who", "role"});
        empty_element(c);
        if (!optional(c, "who") && !optional(c, "role"))
            error(c, "<step> needs \"who\" or \"role\"",
                  {"who=\"secretary\", \"adjuster\" or \"any\"; role=\"ordförande|chair\" (any of the roles)"});
        model::SigningStep step;
        step.where = where(c);
        step.who = choice<Who>(c, "who", {{"secretary", Who::Secretary}, {"adjuster", Who::Adjuster}, {"any", Who::Any}},
                               Who::Any);
        std::set<std::string> key;
        if (auto role = optional(c, "role")) {
            const std::string expected = "role names separated by \"|\" (\"ordförande|chair\"), none empty";
            for (size_t at = 0; at <= role->size();) {
                size_t bar = std::min(role->find('|', at), role->size());
                std::string name = trim(collapse(role->substr(at, bar - at)));
                at = bar + 1;
                if (name.empty()) bad_value(c, "role", *role, expected);
                step.roles.push_back(name);
                key.insert(model::role_key(name));
            }
        }
        for (size_t i = 0; i < steps.size(); ++i) {
            const model::SigningStep& earlier = steps[i];
            bool covers_who = earlier.who == Who::Any || earlier.who == step.who;
            bool covers_roles = earlier.roles.empty() == step.roles.empty() &&
                                std::includes(keys[i].begin(), keys[i].end(), key.begin(), key.end());
            if (covers_who && covers_roles)
                error(c, "this <step> never applies: the <step> on line " + std::to_string(lines[i]) +
                             " takes every signer it selects",
                      {"a signer takes the first step that selects it, a step with \"role\" before one without"});
        }
        steps.push_back(step);
        keys.push_back(key);
        lines.push_back(c->GetLineNum());
    }
    return steps;
}

void Parser::labels(const XMLElement* c, model::Layout& l, Ids& languages) const {
    allow_attributes(c, {"lang"});
    std::string lang = one_of(c, "lang", {"sv", "en"}, "sv");
    languages.add(c, optional(c, "lang") ? "lang" : "", lang);
    auto& labels = lang == "en" ? l.labels_en : l.labels;
    (lang == "en" ? l.labels_en_where : l.labels_where) = where(c);
    label_entries(c, labels);
}

// The <label key="…">text</label> children of `c` into `labels`.
void Parser::label_entries(const XMLElement* c, std::map<std::string, std::string>& labels) const {
    Ids label_keys(*this, "label key");
    for (const XMLElement* label : children(c, {{{"label"}, 0, k_many}})) {
        allow_attributes(label, {"key"});
        std::string key = required(label, "key");
        if (!valid_label_key(key))
            bad_value(label, "key", key, "one of: " + join(k_label_keys) + ", or group-ID for a group");
        label_keys.add(label, "key", key);
        labels[key] = text(label);
    }
}

void Parser::groups(const XMLElement* c, model::Layout& l) const {
    allow_attributes(c, {});
    Ids group_ids(*this, "group id");
    for (const XMLElement* g : children(c, {{{"group"}, 0, k_many}})) {
        allow_attributes(g, {"id", "section"});
        model::GroupDefinition def;
        def.where = where(g);
        def.id = required(g, "id");
        group_ids.add(g, "id", def.id);
        required(g, "section");
        def.section = choice<model::Attendance>(
            g, "section", {{"present", model::Attendance::Present}, {"absent", model::Attendance::Absent}},
            model::Attendance::Present);
        def.label = required_text(g);
        l.groups.push_back(def);
    }
}

// One top-level element of a layout into `l`.
void Parser::layout_part(const XMLElement* c, model::Layout& l, LayoutIds& ids) const {
    std::string name = c->Name();
    l.given.insert(name);
    if (name == "organisation") {
        allow_attributes(c, {});
        l.organisation = required_text(c);
    } else if (name == "body") {
        allow_attributes(c, {"id"});
        model::Body b;
        b.where = where(c);
        b.id = required(c, "id");
        ids.body.add(c, "id", b.id);
        b.name = required_text(c);
        l.bodies.push_back(b);
    } else if (name == "page") {
        l.page = page(c);
    } else if (name == "fonts") {
        l.fonts = fonts(c);
    } else if (name == "styles") {
        allow_attributes(c, {});
        for (const XMLElement* s : children(c, {{{"style"}, 0, k_many}})) {
            model::TextStyle st = style(s);
            std::string style_name = required(s, "name");
            ids.style.add(s, "name", style_name);
            l.styles[style_name] = st;
        }
    } else if (name == "first-page") {
        l.first_page = first_page(c);
    } else if (name == "header") {
        l.header_lines = header_lines(c);
    } else if (name == "footer") {
        allow_attributes(c, {});
        l.footer = text(c);
    } else if (name == "labels") {
        labels(c, l, ids.languages);
    } else if (name == "sections") {
        allow_attributes(c, {"order"});
        empty_element(c);
        required(c, "order");
        l.section_order = section_order(c, "order");
    } else if (name == "hyphenation") {
        l.hyphenation = hyphenation(c);
    } else if (name == "groups") {
        groups(c, l);
    } else if (name == "signing-order") {
        l.signing_order = signing_order(c);
    } else if (name == "time-zone") {
        allow_attributes(c, {});
        l.time_zone = required_text(c);
        l.time_zone_where = where(c);
        if (!protokoll::is_time_zone_name(l.time_zone))
            error(c, "<time-zone> must name a zone of the tz database, such as Europe/Stockholm, not \"" +
                         l.time_zone + "\"",
                  {"the names are the files under /usr/share/zoneinfo; UTC is the default"});
    } else if (name == "notice") {
        allow_attributes(c, {"kept", "in-protocol"});
        empty_element(c);
        model::NoticeDesign notice;
        notice.kept = trim(collapse(required(c, "kept")));
        if (notice.kept.empty()) error(c, "kept=\"\" is empty", {"say where the protocol is kept, as the notice prints it"});
        notice.in_protocol = boolean(c, "in-protocol");
        notice.where = where(c);
        l.notice = notice;
    } else if (name == "appeal") {
        // Överklagandehänvisning: rich text, one per language.
        allow_attributes(c, {"lang", "page"});
        const std::string lang = one_of(c, "lang", {"sv", "en"}, "sv");
        ids.appeal_languages.add(c, optional(c, "lang") ? "lang" : "", lang);
        model::AppealDesign appeal;
        appeal.content = rich_text(c);
        appeal.own_page = boolean(c, "page");
        appeal.where = where(c);
        (lang == "en" ? l.appeal_en : l.appeal) = appeal;
    } else if (name == "roster") {
        allow_attributes(c, {});
        for (const XMLElement* pe : children(c, {{{"person"}, 0, k_many}})) {
            model::Person p = person(pe, true);
            ids.person.add(pe, "id", p.id);
            l.roster.push_back(p);
        }
    }
}

model::Layout Parser::layout_document() const {
    const XMLElement* e = root("layout");
    allow_attributes(e, {"id", "kind", "extends"});
    model::Layout l;
    l.path = m_source.path();
    l.where = where(e);
    l.id = required(e, "id");
    if (optional(e, "extends")) {
        required(e, "extends");
        l.extends = *matching(e, "extends", is_simple_name, "a layout name NAME for layouts/NAME.xml");
        l.extends_where = where(e, "extends");
    }
    if (optional(e, "kind")) l.given.insert("kind");
    l.kind = document_kind(e);
    // An extending layout writes only what differs from its parent: every
    // element is optional there, and resolve merges (docs/format.md).
    int required_once = l.extends.empty() ? 1 : 0;
    auto kids = children(e, {{{"organisation"}, required_once, 1}, {{"body"}, 0, k_many},
                             {{"page"}, required_once, 1}, {{"fonts"}, required_once, 1},
                             {{"styles"}, required_once, 1}, {{"first-page"}, 0, 1},
                             {{"header"}, required_once, 1}, {{"footer"}, required_once, 1},
                             {{"labels"}, required_once, 2}, {{"sections"}, 0, 1}, {{"hyphenation"}, 0, 1},
                             {{"groups"}, required_once, 1}, {{"signing-order"}, 0, 1}, {{"time-zone"}, 0, 1},
                             {{"notice"}, 0, 1}, {{"appeal"}, 0, 2}, {{"roster"}, 0, 1}});
    LayoutIds ids(*this);
    for (const XMLElement* c : kids) layout_part(c, l, ids);
    return l;
}

}  // namespace protokoll::parse
