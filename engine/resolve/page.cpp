// Resolver, step 6: the page template, hyphenation and the metadata.
#include "fonts.h"
#include "resolver.h"

#include <unistd.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>

namespace protokoll::resolve {

// People's names are never hyphenated, wherever they stand in the text:
// every part of every name in the roster and the attendance becomes an
// exception without a hyphen point.
void Resolver::build_hyphenation(document::Hyphenation& hyphenation) const {
    std::set<std::string> names;
    auto add_name = [&](const std::string& name) {
        size_t start = 0;
        while (start < name.size()) {
            size_t end = name.find_first_of(" -", start);
            if (end == std::string::npos) end = name.size();
            if (end > start) names.insert(name.substr(start, end - start));
            start = end + 1;
        }
    };
    for (const auto& person : m_layout.roster) add_name(person.name);
    for (const auto& group : m_groups)
        for (const auto& entry : group.entries) add_name(entry.person.name);
    // The layout's settings; unset ones keep the engine's defaults.
    const model::HyphenationSettings& settings = m_layout.hyphenation;
    if (settings.enabled) hyphenation.enabled = *settings.enabled;
    if (settings.left_min) hyphenation.left_min = *settings.left_min;
    if (settings.right_min) hyphenation.right_min = *settings.right_min;
    if (settings.max_consecutive) hyphenation.max_consecutive = *settings.max_consecutive;
    // Each language its own patterns: Swedish from hyphen-sv (the ones
    // LibreOffice uses), English from hyphen-en-gb.
    hyphenation.patterns = m_options.hyphenation_dir + (m_english ? "/hyph_en_GB.dic" : "/hyph_sv_SE.dic");
    if (hyphenation.enabled && access(hyphenation.patterns.c_str(), R_OK) != 0)
        fail(m_protocol.where, "no hyphenation patterns for language \"" + std::string(m_english ? "en" : "sv") +
                                   "\": " + hyphenation.patterns + " is missing",
             {"run scripts/install-deps.sh (packages hyphen-sv, hyphen-en-gb)"});
    // Swedish compounds hyphenate at their members' boundaries first
    // ("kommunal-lagen", not "kommunalla-gen"); English needs no word list.
    if (hyphenation.enabled && !m_english && settings.compounds.value_or(true)) {
        hyphenation.word_list = m_options.word_list;
        if (access(hyphenation.word_list.c_str(), R_OK) != 0)
            fail(m_protocol.where, "no Swedish word list for compounds: " + hyphenation.word_list + " is missing",
                 {"run scripts/install-deps.sh (package wswedish)", "or <hyphenation compounds=\"false\"/> in the layout"});
        hyphenation.word_list_sorted = sorted_bytewise(hyphenation.word_list, m_options.font_cache);
    }
    // The layout's words first; a name that is also a layout word keeps
    // the layout's hyphen points.
    std::set<std::string> plain_words;
    for (const std::string& word : settings.exceptions) {
        hyphenation.exceptions.push_back(word);
        plain_words.insert(replace_all(word, "-", ""));
    }
    for (const std::string& name : names)
        if (!plain_words.count(name)) hyphenation.exceptions.push_back(name);
}

std::string Resolver::fill(const std::string& templ) const {
    const model::Meeting& meeting = m_protocol.meeting;
    std::string time;
    if (!meeting.start.empty()) {
        time = label_or("time", ", kl {start}–{end}");
        time = replace_all(replace_all(time, "{start}", meeting.start), "{end}", meeting.end);
        if (meeting.end.empty()) time = replace_all(time, "–", "");
    }
    // {label:KEY} first: a label may itself hold variables ("Sida {page} av {pages}").
    std::string out;
    for (size_t at = 0; at < templ.size();) {
        size_t open = templ.find("{label:", at);
        if (open == std::string::npos) {
            out += templ.substr(at);
            break;
        }
        size_t close = templ.find('}', open);
        if (close == std::string::npos) {
            out += templ.substr(at);
            break;
        }
        out += templ.substr(at, open - at) + label(templ.substr(open + 7, close - open - 7));
        at = close + 1;
    }
    out = replace_all(out, "{kind}", title_word());
    out = replace_all(out, "{Kind}", capitalised(title_word()));
    out = replace_all(out, "{date}", meeting.date);
    out = replace_all(out, "{time}", time);
    out = replace_all(out, "{organisation}", m_layout.organisation);
    out = replace_all(out, "{place}", meeting.place);
    out = replace_all(out, "{body}", body_names());
    return out;
}

void Resolver::build_page_template(document::PageTemplate& page) {
    const model::PageGeometry& geometry = m_layout.page;
    page.width = geometry.width;
    page.height = geometry.height;
    page.margin_top = geometry.margin_top;
    page.margin_bottom = geometry.margin_bottom;
    page.margin_left = geometry.margin_left;
    page.margin_right = geometry.margin_right;
    page.header_top = geometry.header_top;
    page.footer_bottom = geometry.footer_bottom;
    page.margin_top_first = geometry.margin_top;
    for (const auto& line : m_layout.header_lines)
        page.header.push_back(text_block("header", fill(line), m_layout.where));
    page.first_header = page.header;
    page.footer = text_block("footer", fill(m_layout.footer), m_layout.where);
    // Without <first-page> the first page looks like the others.
    if (!m_layout.first_page) return;
    const model::FirstPage& first = *m_layout.first_page;
    if (first.margin_top) page.margin_top_first = *first.margin_top;
    page.first_header.clear();
    if (first.has_header)
        for (const auto& line : first.header_lines)
            page.first_header.push_back(text_block(m_layout.styles.count("first-header") ? "first-header" : "header",
                                                   fill(line), first.where));
    if (first.logo) {
        // The first page's logo is content a reader is told of (a Figure);
        // the running pages' decorations stay artifacts.
        document::Image logo = image(*first.logo, page);
        logo.element = tag(document::Role::Figure, 0,
                           fill(label_or("logo-description", "{organisation}")));
        page.first_images.push_back(std::move(logo));
    }
}

// A logo's file is found beside the layout file that names it (so a
// parent's logo stays its own when a child in another place extends it).
document::Image Resolver::image(const model::Logo& logo, const document::PageTemplate& page) {
    std::string dir = logo.where.file;
    size_t slash = dir.rfind('/');
    dir = slash == std::string::npos ? "." : dir.substr(0, slash);
    std::string path = dir + "/" + logo.src;
    struct stat info {};
    if (stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
        fail(logo.where, "logo \"" + logo.src + "\" not found: no file " + path,
             {"logo files are looked up relative to the layout's directory (layouts/)"});
    // Width and height from the PNG header (IHDR): the signature, then
    // length, "IHDR", width and height as big-endian 32-bit numbers.
    std::ifstream in(path, std::ios::binary);
    unsigned char head[24] = {};
    in.read(reinterpret_cast<char*>(head), sizeof head);
    static const unsigned char SIGNATURE[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (in.gcount() < 24 || !std::equal(SIGNATURE, SIGNATURE + 8, head) ||
        std::string(reinterpret_cast<char*>(head + 12), 4) != "IHDR")
        fail(logo.where, "logo \"" + logo.src + "\" is not a PNG file", {"the logo must be a PNG image"});
    auto be32 = [&](int at) {
        return (double(head[at]) * 16777216.0) + head[at + 1] * 65536.0 + head[at + 2] * 256.0 + head[at + 3];
    };
    double pixels_wide = be32(16), pixels_high = be32(20);
    if (pixels_wide <= 0 || pixels_high <= 0) fail(logo.where, "logo \"" + logo.src + "\" has no pixels");
    document::Image out;
    out.path = path;
    out.width = logo.width;
    out.height = logo.height ? *logo.height : logo.width * pixels_high / pixels_wide;
    out.x = logo.x;
    out.y = page.height - logo.y - out.height;  // the layout measures from the top edge
    return out;
}

void Resolver::build_metadata(document::Metadata& metadata) const {
    metadata.title = capitalised(title_word()) + " ";
    if (m_extract && !m_notice) metadata.title += (m_kind == DocumentKind::Protocol ? "§ " : "") + numbers_text() + " ";
    metadata.title += m_protocol.meeting.date + " " + body_names();
    metadata.author = m_layout.organisation;
    metadata.subject = body_names();
    metadata.keywords = kind_word() + ", " + body_names() + ", " + m_protocol.meeting.date;
    metadata.language = m_english ? "en-GB" : "sv-SE";
    metadata.source_description = fill(label_or("source-description", "XML source of this document"));
}

}  // namespace protokoll::resolve
