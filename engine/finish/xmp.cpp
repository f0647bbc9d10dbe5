#include "xmp.h"

#include "base/xml.h"
#include "document/facts_xmp.h"

#include <string>

namespace protokoll::finish {
namespace {

// One property or field of the extension schema's description.
struct Declared {
    const char* name;
    const char* value_type;
    const char* description;
};

const Declared FACT_PROPERTIES[] = {
    {"organisation", "Text", "The organisation whose body met"},
    {"bodies", "seq Text", "The names of the bodies that met, in order"},
    {"kind", "Text", "protokoll (numbered paragraphs) or anteckningar (notes with numbered points)"},
    {"variant", "Text",
     "extract (a protokollsutdrag of some paragraphs), public (a public copy without what is confidential) "
     "public extract, or notice (its posting notice, anslagsbevis); absent on the protocol itself"},
    {"meetingDate", "Date", "The date of the meeting"},
    {"layout", "Text", "The id of the layout the document was rendered with"},
    {"sourceSHA256", "Text", "SHA-256 of the protocol's XML source file, lower-case hex"},
    {"firstParagraph", "Integer", "The number of the first paragraph or point"},
    {"lastParagraph", "Integer", "The number of the last paragraph or point"},
    {"paragraphs", "seq Paragraph", "Every paragraph or point, in order"},
    {"signers", "seq Signer", "Who signs, in the order of signing"},
};
const Declared PARAGRAPH_FIELDS[] = {
    {"number", "Integer", "The paragraph's number"},
    {"title", "Text", "The paragraph's title"},
    {"decision", "Text", "The text of its decisions, plain"},
    {"references", "Text", "Diarienummer of its basis documents, separated by semicolons"},
};
const Declared SIGNER_FIELDS[] = {
    {"name", "Text", "The signer's name, as printed under the signature field"},
    {"role", "Text", "The role printed under the name"},
    {"kind", "Text", "secretary or adjuster"},
};

template <size_t N>
void declare(std::string& x, const char* prefix_of_entry, const Declared (&entries)[N], bool properties)
{
    for (const Declared& d : entries) {
        x += "        <rdf:li rdf:parseType=\"Resource\">\n";
        x += std::string("         <") + prefix_of_entry + ":name>" + d.name + "</" + prefix_of_entry + ":name>\n";
        x += std::string("         <") + prefix_of_entry + ":valueType>" + d.value_type + "</" + prefix_of_entry +
             ":valueType>\n";
        if (properties) x += "         <pdfaProperty:category>external</pdfaProperty:category>\n";
        x += std::string("         <") + prefix_of_entry + ":description>" + d.description + "</" + prefix_of_entry +
             ":description>\n";
        x += "        </rdf:li>\n";
    }
}

template <size_t N>
void declare_type(std::string& x, const char* type, const char* namespace_uri, const char* prefix,
                  const char* description, const Declared (&fields)[N])
{
    x += "      <rdf:li rdf:parseType=\"Resource\">\n";
    x += std::string("       <pdfaType:type>") + type + "</pdfaType:type>\n";
    x += std::string("       <pdfaType:namespaceURI>") + namespace_uri + "</pdfaType:namespaceURI>\n";
    x += std::string("       <pdfaType:prefix>") + prefix + "</pdfaType:prefix>\n";
    x += std::string("       <pdfaType:description>") + description + "</pdfaType:description>\n";
    x += "       <pdfaType:field>\n        <rdf:Seq>\n";
    std::string fields_x;
    declare(fields_x, "pdfaField", fields, false);
    x += fields_x;
    x += "        </rdf:Seq>\n       </pdfaType:field>\n      </rdf:li>\n";
}

const Declared UA_PROPERTIES[] = {
    {"part", "Integer", "Indicates, which part of ISO 14289 standard is followed"},
};

// The extension schemas' description (ISO 19005-1 6.7.8, -2 6.6.2.3):
// without it a PDF/A validator rejects every ptk property, and PDF/A-2
// predefines no pdfuaid schema either (ISO 14289-1 § 5 asks for its part).
void extension_schema(std::string& x, bool pdfua)
{
    x += "  <rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
         "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
         "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\"\n"
         "    xmlns:pdfaType=\"http://www.aiim.org/pdfa/ns/type#\"\n"
         "    xmlns:pdfaField=\"http://www.aiim.org/pdfa/ns/field#\">\n"
         "   <pdfaExtension:schemas>\n"
         "    <rdf:Bag>\n";
    if (pdfua) {
        x += "     <rdf:li rdf:parseType=\"Resource\">\n"
             "      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
             "      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
             "      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
             "      <pdfaSchema:property>\n       <rdf:Seq>\n";
        std::string ua;
        for (const Declared& d : UA_PROPERTIES) {
            ua += "        <rdf:li rdf:parseType=\"Resource\">\n";
            ua += std::string("         <pdfaProperty:name>") + d.name + "</pdfaProperty:name>\n";
            ua += std::string("         <pdfaProperty:valueType>") + d.value_type + "</pdfaProperty:valueType>\n";
            ua += "         <pdfaProperty:category>internal</pdfaProperty:category>\n";
            ua += std::string("         <pdfaProperty:description>") + d.description + "</pdfaProperty:description>\n";
            ua += "        </rdf:li>\n";
        }
        x += ua + "       </rdf:Seq>\n      </pdfaSchema:property>\n     </rdf:li>\n";
    }
    x += "     <rdf:li rdf:parseType=\"Resource\">\n"
         "      <pdfaSchema:schema>protokoll: what a protocol is, for archives</pdfaSchema:schema>\n"
         "      <pdfaSchema:namespaceURI>";
    x += document::FACTS_NAMESPACE;
    x += "</pdfaSchema:namespaceURI>\n"
         "      <pdfaSchema:prefix>ptk</pdfaSchema:prefix>\n"
         "      <pdfaSchema:property>\n       <rdf:Seq>\n";
    declare(x, "pdfaProperty", FACT_PROPERTIES, true);
    x += "       </rdf:Seq>\n      </pdfaSchema:property>\n"
         "      <pdfaSchema:valueType>\n       <rdf:Seq>\n";
    declare_type(x, "Paragraph", document::PARAGRAPH_NAMESPACE, "ptkpara", "A numbered paragraph or point", PARAGRAPH_FIELDS);
    declare_type(x, "Signer", document::SIGNER_NAMESPACE, "ptksig", "A person who signs the document", SIGNER_FIELDS);
    x += "       </rdf:Seq>\n      </pdfaSchema:valueType>\n"
         "     </rdf:li>\n"
         "    </rdf:Bag>\n"
         "   </pdfaExtension:schemas>\n"
         "  </rdf:Description>\n";
}

}  // namespace

std::string build_xmp(const document::Metadata& m, const std::string& date, int pdfa_part, char conformance,
                      bool pdfua)
{
    std::string x;
    x.reserve(8192);
    x += "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
         "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
         " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
         "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
         "   <dc:format>application/pdf</dc:format>\n";
    if (!m.title.empty())
        x += "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(m.title) +
             "</rdf:li></rdf:Alt></dc:title>\n";
    if (!m.author.empty())
        x += "   <dc:creator><rdf:Seq><rdf:li>" + xml_escape(m.author) + "</rdf:li></rdf:Seq></dc:creator>\n";
    if (!m.subject.empty())
        x += "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_escape(m.subject) +
             "</rdf:li></rdf:Alt></dc:description>\n";
    x += "  </rdf:Description>\n"
         "  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
         "   <xmp:CreateDate>" + date + "</xmp:CreateDate>\n"
         "   <xmp:ModifyDate>" + date + "</xmp:ModifyDate>\n"
         "   <xmp:MetadataDate>" + date + "</xmp:MetadataDate>\n"
         "   <xmp:CreatorTool>" + xml_escape(CREATOR) + "</xmp:CreatorTool>\n"
         "  </rdf:Description>\n"
         "  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
         "   <pdf:Producer>" + xml_escape(PRODUCER) + "</pdf:Producer>\n";
    if (!m.keywords.empty())
        x += "   <pdf:Keywords>" + xml_escape(m.keywords) + "</pdf:Keywords>\n";
    x += "  </rdf:Description>\n"
         "  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
         "   <pdfaid:part>" + std::to_string(pdfa_part) + "</pdfaid:part>\n"
         "   <pdfaid:conformance>" + std::string(1, conformance) + "</pdfaid:conformance>\n"
         "  </rdf:Description>\n";
    if (pdfua)
        x += "  <rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
             "   <pdfuaid:part>1</pdfuaid:part>\n"
             "  </rdf:Description>\n";
    extension_schema(x, pdfua);
    x += document::facts_rdf(m.facts);
    x += " </rdf:RDF>\n"
         "</x:xmpmeta>\n"
         "<?xpacket end=\"w\"?>";
    return x;
}

}  // namespace protokoll::finish
