// The facts of an XMP packet (parse/xmp.h). The packet is checked as a
// protocol is (well-formedness, depth and size limits) before tinyxml2
// builds it; the walk then resolves each element's prefix to its URI.
#include "parse/xmp.h"

#include "base/diagnostic.h"
#include "parse/limits.h"

#include "source.h"
#include "wellformed.h"

#include <tinyxml2.h>

#include <cstdlib>

namespace protokoll::parse {

namespace {

using tinyxml2::XMLAttribute;
using tinyxml2::XMLElement;

const std::string RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const std::string FACTS = "urn:x-protokoll:xmp:protocol:1/";
const std::string PARAGRAPH = FACTS + "paragraph/";
const std::string SIGNER = FACTS + "signer/";

// The URI `prefix` stands for at `e` (its own xmlns:prefix or an ancestor's).
std::string uri_of(const XMLElement* e, const std::string& prefix) {
    const std::string attribute = prefix.empty() ? "xmlns" : "xmlns:" + prefix;
    for (const tinyxml2::XMLNode* n = e; n; n = n->Parent())
        if (const XMLElement* el = n->ToElement())
            if (const char* uri = el->Attribute(attribute.c_str())) return uri;
    return {};
}

// NAME = PREFIX:LOCAL split, and PREFIX resolved at `e`.
std::pair<std::string, std::string> qualified(const XMLElement* e, const char* name) {
    const std::string n = name;
    const size_t colon = n.find(':');
    if (colon == std::string::npos) return {uri_of(e, ""), n};
    return {uri_of(e, n.substr(0, colon)), n.substr(colon + 1)};
}

bool is(const XMLElement* e, const std::string& uri, const char* local) {
    auto [u, l] = qualified(e, e->Name());
    return u == uri && l == local;
}

const XMLElement* child(const XMLElement* parent, const std::string& uri, const char* local) {
    for (const XMLElement* c = parent->FirstChildElement(); c; c = c->NextSiblingElement())
        if (is(c, uri, local)) return c;
    return nullptr;
}

std::string text_of(const XMLElement* e) { return e && e->GetText() ? e->GetText() : ""; }

// A simple property of `description`: an element, or an attribute of it.
std::string simple(const XMLElement* description, const std::string& uri, const char* local) {
    if (const XMLElement* e = child(description, uri, local)) return text_of(e);
    for (const XMLAttribute* a = description->FirstAttribute(); a; a = a->Next()) {
        auto [u, l] = qualified(description, a->Name());
        if (u == uri && l == local) return a->Value();
    }
    return {};
}

// The rdf:li of a property holding an rdf:Seq (or rdf:Bag).
std::vector<const XMLElement*> items(const XMLElement* description, const std::string& uri, const char* local) {
    std::vector<const XMLElement*> out;
    const XMLElement* property = child(description, uri, local);
    if (!property) return out;
    const XMLElement* list = child(property, RDF, "Seq");
    if (!list) list = child(property, RDF, "Bag");
    if (!list) return out;
    for (const XMLElement* li = list->FirstChildElement(); li; li = li->NextSiblingElement())
        if (is(li, RDF, "li")) out.push_back(li);
    return out;
}

// A structure's fields: the li's own children (rdf:parseType="Resource"),
// or those of an rdf:Description inside it.
const XMLElement* fields_of(const XMLElement* li) {
    if (const XMLElement* d = child(li, RDF, "Description")) return d;
    return li;
}

int integer(const std::string& text) {
    char* end = nullptr;
    const long value = std::strtol(text.c_str(), &end, 10);
    return end && *end == '\0' && !text.empty() && value >= 0 && value <= 1000000 ? static_cast<int>(value) : 0;
}

// The rdf:Description that holds the facts: the one with ptk:kind. The
// recursion is as deep as the nesting, which check_well_formed bounds
// (limits::depth) before tinyxml2 sees the text.
const XMLElement* find_description(const XMLElement* e) {
    if (is(e, RDF, "Description") && !simple(e, FACTS, "kind").empty()) return e;
    for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement())
        if (const XMLElement* found = find_description(c)) return found;
    return nullptr;
}

}  // namespace

std::optional<document::Facts> facts_from_xmp(const std::string& xmp, const std::string& name) {
    const size_t start = xmp.find("<x:xmpmeta");
    const std::string end_tag = "</x:xmpmeta>";
    const size_t end = xmp.find(end_tag, start == std::string::npos ? 0 : start);
    if (start == std::string::npos || end == std::string::npos) return std::nullopt;
    const std::string text = xmp.substr(start, end + end_tag.size() - start);
    if (text.size() > limits::protocol_bytes)
        fail({name, 0, 0}, "the XMP packet is larger than the limit of " + std::to_string(limits::protocol_bytes) + " bytes");
    SourceText source(name, text);
    check_well_formed(text, source);
    tinyxml2::XMLDocument doc;
    if (doc.Parse(text.data(), text.size()) != tinyxml2::XML_SUCCESS || !doc.RootElement())
        fail({name, 0, 0}, std::string("the XMP packet is not well-formed XML: ") + doc.ErrorName());
    const XMLElement* d = find_description(doc.RootElement());
    if (!d) return std::nullopt;

    document::Facts f;
    f.organisation = simple(d, FACTS, "organisation");
    for (const XMLElement* li : items(d, FACTS, "bodies")) f.bodies.push_back(text_of(li));
    f.kind = simple(d, FACTS, "kind");
    f.variant = simple(d, FACTS, "variant");
    f.date = simple(d, FACTS, "meetingDate");
    f.layout = simple(d, FACTS, "layout");
    f.source_sha256 = simple(d, FACTS, "sourceSHA256");
    for (const XMLElement* li : items(d, FACTS, "paragraphs")) {
        const XMLElement* p = fields_of(li);
        document::Facts::Paragraph paragraph;
        paragraph.number = integer(simple(p, PARAGRAPH, "number"));
        paragraph.title = simple(p, PARAGRAPH, "title");
        paragraph.decision = simple(p, PARAGRAPH, "decision");
        const std::string references = simple(p, PARAGRAPH, "references");
        for (size_t at = 0; at < references.size();) {
            size_t next = references.find("; ", at);
            if (next == std::string::npos) next = references.size();
            if (next > at) paragraph.references.push_back(references.substr(at, next - at));
            at = next + 2;
        }
        f.paragraphs.push_back(std::move(paragraph));
    }
    for (const XMLElement* li : items(d, FACTS, "signers")) {
        const XMLElement* s = fields_of(li);
        f.signers.push_back({simple(s, SIGNER, "name"), simple(s, SIGNER, "role"), simple(s, SIGNER, "kind")});
    }
    return f;
}

}  // namespace protokoll::parse
