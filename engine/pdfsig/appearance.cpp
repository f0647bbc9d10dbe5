#include "pdfsig/appearance.h"

#include "pdfsig/fields.h"

#include <algorithm>
#include <set>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>

namespace protokoll::sign::detail {

using namespace PoDoFo;

namespace {

// A Type0 / Identity-H font of the document with what drawing needs: the CID
// of each character (from its ToUnicode CMap) and the glyph widths (/W, /DW).
struct DocFont {
    PdfObject* object = nullptr;
    std::string base_font;
    std::map<char32_t, unsigned> cid_of;
    std::map<unsigned, double> width_of;  // in 1/1000 em
    double default_width = 1000;

    double width(unsigned cid) const {
        auto found = width_of.find(cid);
        return found == width_of.end() ? default_width : found->second;
    }
};

std::u32string utf32(const std::string& utf8) {
    std::u32string out;
    for (size_t i = 0; i < utf8.size();) {
        unsigned char c = static_cast<unsigned char>(utf8[i]);
        int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
        for (int k = 1; k <= extra && i + k < utf8.size(); ++k) cp = (cp << 6) | (utf8[i + k] & 0x3F);
        out += cp;
        i += 1 + extra;
    }
    return out;
}

unsigned hex_value(const std::string& hex) { return static_cast<unsigned>(std::strtoul(hex.c_str(), nullptr, 16)); }

// The "<...>" tokens and bracketed arrays of a CMap section, in order.
std::vector<std::string> tokens(const std::string& text) {
    std::vector<std::string> out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '<') {
            size_t end = text.find('>', i);
            if (end == std::string::npos) break;
            out.push_back(text.substr(i + 1, end - i - 1));
            i = end;
        } else if (text[i] == '[') {
            size_t end = text.find(']', i);
            if (end == std::string::npos) break;
            out.push_back("[");  // an array destination: not used for lookups
            i = end;
        }
    }
    return out;
}

// Unicode → CID from the bfchar and bfrange sections; only BMP destinations of
// one character, which is all a Latin protocol needs.
void parse_to_unicode(const std::string& cmap, DocFont& font) {
    for (const char* kind : {"bfchar", "bfrange"}) {
        const std::string begin = std::string("begin") + kind, end = std::string("end") + kind;
        for (size_t at = cmap.find(begin); at != std::string::npos; at = cmap.find(begin, at + 1)) {
            size_t stop = cmap.find(end, at);
            if (stop == std::string::npos) break;
            std::vector<std::string> t = tokens(cmap.substr(at + begin.size(), stop - at - begin.size()));
            const bool range = std::string(kind) == "bfrange";
            const size_t step = range ? 3 : 2;
            for (size_t i = 0; i + step <= t.size(); i += step) {
                const std::string& dst = t[i + step - 1];
                if (dst == "[" || dst.size() != 4) continue;
                unsigned first = hex_value(t[i]), last = range ? hex_value(t[i + 1]) : first;
                unsigned uni = hex_value(dst);
                for (unsigned cid = first; cid <= last && cid - first < 0x10000; ++cid)
                    font.cid_of.emplace(static_cast<char32_t>(uni + (cid - first)), cid);
            }
        }
    }
}

void parse_widths(const PdfArray& w, DocFont& font) {
    for (size_t i = 0; i < w.size();) {
        if (!w[i].IsNumber()) break;
        unsigned first = static_cast<unsigned>(w[i].GetNumber());
        if (i + 1 < w.size() && w[i + 1].IsArray()) {
            const PdfArray& list = w[i + 1].GetArray();
            for (size_t k = 0; k < list.size(); ++k)
                if (list[k].IsNumber() || list[k].IsReal()) font.width_of[first + static_cast<unsigned>(k)] = list[k].GetReal();
            i += 2;
        } else if (i + 2 < w.size() && w[i + 1].IsNumber()) {
            unsigned last = static_cast<unsigned>(w[i + 1].GetNumber());
            for (unsigned cid = first; cid <= last && cid - first < 0x10000; ++cid) font.width_of[cid] = w[i + 2].GetReal();
            i += 3;
        } else {
            break;
        }
    }
}

// The font dictionaries the pages' resources name, in page order, each once.
// Walking the page tree touches only the pages, their resources and fonts:
// asking every object of the file whether it is a font made PoDoFo load and
// parse all of them, the whole file a second time.
std::vector<PdfObject*> page_fonts(PdfMemDocument& doc) {
    PdfVecObjects& objects = doc.GetObjects();
    std::vector<PdfObject*> out;
    std::set<PdfReference> seen_nodes, seen_fonts;
    PdfObject* root = doc.GetCatalog() ? resolve(objects, doc.GetCatalog()->GetDictionary().GetKey("Pages")) : nullptr;
    // Depth first, kids in order; /Resources may be inherited from a /Pages node.
    std::vector<std::pair<PdfObject*, PdfObject*>> stack;  // node, inherited resources
    if (root) stack.push_back({root, nullptr});
    while (!stack.empty()) {
        auto [node, inherited] = stack.back();
        stack.pop_back();
        if (!node || !node->IsDictionary()) continue;
        if (node->Reference().IsIndirect() && !seen_nodes.insert(node->Reference()).second) continue;  // a cycle
        const PdfDictionary& dict = node->GetDictionary();
        PdfObject* resources = resolve(objects, const_cast<PdfObject*>(dict.GetKey("Resources")));
        if (!resources) resources = inherited;
        if (PdfObject* kids = resolve(objects, const_cast<PdfObject*>(dict.GetKey("Kids"))); kids && kids->IsArray()) {
            const PdfArray& array = kids->GetArray();
            for (size_t k = array.size(); k-- > 0;) {
                PdfObject* kid = resolve(objects, const_cast<PdfObject*>(&array[k]));
                stack.push_back({kid, resources});
            }
            continue;
        }
        PdfObject* fonts = resources && resources->IsDictionary()
                               ? resolve(objects, const_cast<PdfObject*>(resources->GetDictionary().GetKey("Font")))
                               : nullptr;
        if (!fonts || !fonts->IsDictionary()) continue;
        for (const auto& entry : fonts->GetDictionary().GetKeys()) {
            PdfObject* font = resolve(objects, entry.second);
            if (!font || !font->IsDictionary()) continue;
            if (font->Reference().IsIndirect() && !seen_fonts.insert(font->Reference()).second) continue;
            out.push_back(font);
        }
    }
    return out;
}

// Every Type0 / Identity-H font with a ToUnicode CMap the pages use, regular faces first.
std::vector<DocFont> document_fonts(PdfMemDocument& doc) {
    PdfVecObjects& objects = doc.GetObjects();
    std::vector<DocFont> out;
    for (PdfObject* object : page_fonts(doc)) {
        if (!object || !object->IsDictionary()) continue;
        const PdfDictionary& dict = object->GetDictionary();
        const PdfObject* type = dict.GetKey("Type");
        const PdfObject* subtype = dict.GetKey("Subtype");
        const PdfObject* encoding = dict.GetKey("Encoding");
        if (!type || !type->IsName() || type->GetName() != PdfName("Font") || !subtype || !subtype->IsName() ||
            subtype->GetName() != PdfName("Type0") || !encoding || !encoding->IsName() ||
            encoding->GetName() != PdfName("Identity-H"))
            continue;
        PdfObject* to_unicode = resolve(objects, const_cast<PdfObject*>(dict.GetKey("ToUnicode")));
        PdfObject* descendants = resolve(objects, const_cast<PdfObject*>(dict.GetKey("DescendantFonts")));
        if (!to_unicode || !to_unicode->HasStream() || !descendants || !descendants->IsArray() || descendants->GetArray().empty())
            continue;
        PdfObject* cid_font = resolve(objects, &descendants->GetArray()[0]);
        if (!cid_font || !cid_font->IsDictionary()) continue;

        DocFont font;
        font.object = object;
        if (const PdfObject* base = dict.GetKey("BaseFont"); base && base->IsName()) font.base_font = base->GetName().GetName();
        char* buffer = nullptr;
        pdf_long length = 0;
        // Through the const object: the non-const GetStream() marks the stream
        // dirty, and PoDoFo would write every CMap again into the update.
        static_cast<const PdfObject*>(to_unicode)->GetStream()->GetFilteredCopy(&buffer, &length);
        std::string cmap(buffer ? buffer : "", buffer ? static_cast<size_t>(length) : 0);
        podofo_free(buffer);
        parse_to_unicode(cmap, font);
        const PdfDictionary& cid_dict = cid_font->GetDictionary();
        if (const PdfObject* dw = cid_dict.GetKey("DW"); dw && (dw->IsNumber() || dw->IsReal())) font.default_width = dw->GetReal();
        if (PdfObject* w = resolve(objects, const_cast<PdfObject*>(cid_dict.GetKey("W"))); w && w->IsArray())
            parse_widths(w->GetArray(), font);
        if (!font.cid_of.empty()) out.push_back(std::move(font));
    }
    auto styled = [](const DocFont& f) {
        return f.base_font.find("Bold") != std::string::npos || f.base_font.find("Italic") != std::string::npos ||
               f.base_font.find("Oblique") != std::string::npos;
    };
    std::stable_sort(out.begin(), out.end(), [&](const DocFont& a, const DocFont& b) { return !styled(a) && styled(b); });
    return out;
}

std::string number(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", value);
    return buf;
}

// The widget that shows `field` (the field itself when merged, as finish
// writes it, else its first kid) and its size; "" or why there is none.
std::string find_widget(PdfVecObjects& objects, PdfObject* field, PdfObject*& widget, double& width, double& height) {
    widget = field;
    if (!field->GetDictionary().HasKey("Rect")) {
        PdfObject* kids = resolve(objects, field->GetDictionary().GetKey("Kids"));
        widget = kids && kids->IsArray() && !kids->GetArray().empty() ? resolve(objects, &kids->GetArray()[0]) : nullptr;
    }
    PdfObject* rect = widget && widget->IsDictionary() ? resolve(objects, widget->GetDictionary().GetKey("Rect")) : nullptr;
    if (!rect || !rect->IsArray() || rect->GetArray().size() != 4) return "the field has no widget rectangle";
    const PdfArray& r = rect->GetArray();
    for (const PdfObject& v : r)
        if (!v.IsNumber() && !v.IsReal()) return "the field's rectangle is not numeric";
    width = std::abs(r[2].GetReal() - r[0].GetReal());
    height = std::abs(r[3].GetReal() - r[1].GetReal());
    if (width < 20 || height < 10) return "the field is too small for a visible signature";
    return {};
}

// `text` as a TJ array of `font`'s CIDs and its width in 1/1000 em, or
// nullopt when the font lacks a character (each one added to `missing`).
// Spaces need no glyph: the document's own text positions its words and maps
// no space in its CMap, so a word gap becomes a TJ offset of `space`.
std::optional<std::pair<std::string, double>> encode(const DocFont& font, const std::string& text, double space,
                                                     std::string* missing) {
    std::string hex = "[<";
    double width = 0;
    bool ok = true;
    for (char32_t c : utf32(text)) {
        if (c == U' ') {
            hex += "> " + number(-space) + " <";
            width += space;
            continue;
        }
        auto found = font.cid_of.find(c);
        if (found == font.cid_of.end()) {
            if (missing) *missing += static_cast<char>(c < 0x80 ? c : '?');
            ok = false;
            continue;
        }
        char buf[8];
        std::snprintf(buf, sizeof buf, "%04X", found->second & 0xFFFF);
        hex += buf;
        width += font.width(found->second);
    }
    if (!ok) return std::nullopt;
    return std::make_pair(hex + ">]", width);
}

// The lines `font` can draw: of each line the first candidate it has every
// character of. A line it cannot draw is left out (the others still say who
// signed, which beats an empty box); without the first line, nothing.
struct Drawable {
    std::vector<std::string> tj;  // one TJ array per line
    double widest = 0;            // 1/1000 em
    std::string missing;          // characters of first candidates the font lacks
};
Drawable drawable(const DocFont& font, const std::vector<std::vector<std::string>>& lines) {
    auto cid_space = font.cid_of.find(U' ');
    const double space = cid_space != font.cid_of.end() ? font.width(cid_space->second) : 278;
    Drawable out;
    for (const auto& candidates : lines) {
        std::optional<std::pair<std::string, double>> chosen;
        for (const auto& candidate : candidates)
            if ((chosen = encode(font, candidate, space, &candidate == &candidates.front() ? &out.missing : nullptr)))
                break;
        if (!chosen) {
            if (out.tj.empty()) break;
            continue;
        }
        out.tj.push_back(chosen->first);
        out.widest = std::max(out.widest, chosen->second);
    }
    return out;
}

// The form XObject with `text` in `font` inside a hairline frame of the
// field's size, as the widget's /AP /N.
void put_appearance(PdfVecObjects& objects, PdfObject* widget, const DocFont& font, const Drawable& text, double width,
                    double height) {
    // As large as fits, at most 9 pt: the field is a box of ~200 × 40 pt.
    const double pad = 3, leading = 1.2;
    double size = std::min({9.0, (height - 2 * pad) / (leading * text.tj.size()),
                            text.widest > 0 ? (width - 2 * pad) * 1000 / text.widest : 9.0});
    const double block = size * leading * text.tj.size();
    double baseline = (height + block) / 2 - size;  // first line, block centred vertically
    std::string content = "q 0.5 w 0.6 0.6 0.6 RG 0.25 0.25 " + number(width - 0.5) + " " + number(height - 0.5) +
                          " re S Q\nBT 0 0 0 rg /F1 " + number(size) + " Tf\n";
    for (const auto& tj : text.tj) {
        content += "1 0 0 1 " + number(pad) + " " + number(baseline) + " Tm " + tj + " TJ\n";
        baseline -= size * leading;
    }
    content += "ET\n";

    PdfDictionary fonts;
    fonts.AddKey("F1", font.object->Reference());
    PdfDictionary resources;
    resources.AddKey("Font", fonts);
    PdfArray bbox;
    bbox.push_back(PdfObject(0.0));
    bbox.push_back(PdfObject(0.0));
    bbox.push_back(PdfObject(width));
    bbox.push_back(PdfObject(height));
    PdfObject* form = objects.CreateObject("XObject");
    PdfDictionary& dict = form->GetDictionary();
    dict.AddKey("Subtype", PdfName("Form"));
    dict.AddKey("BBox", bbox);
    dict.AddKey("Resources", resources);
    form->GetStream()->Set(content.data(), static_cast<pdf_long>(content.size()));
    PdfDictionary ap;
    ap.AddKey("N", form->Reference());
    widget->GetDictionary().AddKey("AP", ap);
}

}  // namespace

std::string set_signed_appearance(PdfMemDocument& doc, PdfObject* field,
                                  const std::vector<std::vector<std::string>>& lines) {
    PdfVecObjects& objects = doc.GetObjects();
    PdfObject* widget = nullptr;
    double width = 0, height = 0;
    if (std::string why = find_widget(objects, field, widget, width, height); !why.empty()) return why;

    std::string missing;
    for (const DocFont& font : document_fonts(doc)) {
        Drawable text = drawable(font, lines);
        missing = text.missing;
        if (text.tj.empty()) continue;
        put_appearance(objects, widget, font, text, width, height);
        return text.tj.size() == lines.size() ? std::string()
                                              : "drawn without " + std::to_string(lines.size() - text.tj.size()) +
                                                    " line(s): the document's fonts lack the characters \"" + missing + "\"";
    }
    return missing.empty() ? "the document embeds no Type0 font with a ToUnicode map"
                           : "the document's fonts lack the characters \"" + missing + "\"";
}

}  // namespace protokoll::sign::detail
