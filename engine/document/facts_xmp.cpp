// The protocol's facts as XMP (facts_xmp.h).
#include "document/facts_xmp.h"

#include "base/xml.h"

namespace protokoll::document {

std::string facts_rdf(const Facts& f) {
    std::string x;
    auto text = [&](const char* name, const std::string& value) {
        if (!value.empty()) x += std::string("   <ptk:") + name + ">" + xml_escape(value) + "</ptk:" + name + ">\n";
    };
    x += std::string("  <rdf:Description rdf:about=\"\" xmlns:ptk=\"") + FACTS_NAMESPACE + "\"\n    xmlns:ptkpara=\"" +
         PARAGRAPH_NAMESPACE + "\"\n    xmlns:ptksig=\"" + SIGNER_NAMESPACE + "\">\n";
    text("organisation", f.organisation);
    if (!f.bodies.empty()) {
        x += "   <ptk:bodies><rdf:Seq>";
        for (const std::string& body : f.bodies) x += "<rdf:li>" + xml_escape(body) + "</rdf:li>";
        x += "</rdf:Seq></ptk:bodies>\n";
    }
    text("kind", f.kind);
    text("variant", f.variant);
    text("meetingDate", f.date);
    text("layout", f.layout);
    text("sourceSHA256", f.source_sha256);
    if (!f.paragraphs.empty()) {
        text("firstParagraph", std::to_string(f.paragraphs.front().number));
        text("lastParagraph", std::to_string(f.paragraphs.back().number));
        x += "   <ptk:paragraphs>\n    <rdf:Seq>\n";
        for (const Facts::Paragraph& p : f.paragraphs) {
            x += "     <rdf:li rdf:parseType=\"Resource\">\n";
            x += "      <ptkpara:number>" + std::to_string(p.number) + "</ptkpara:number>\n";
            x += "      <ptkpara:title>" + xml_escape(p.title) + "</ptkpara:title>\n";
            if (!p.decision.empty()) x += "      <ptkpara:decision>" + xml_escape(p.decision) + "</ptkpara:decision>\n";
            if (!p.references.empty()) {
                std::string joined;
                for (const std::string& r : p.references) joined += (joined.empty() ? "" : "; ") + r;
                x += "      <ptkpara:references>" + xml_escape(joined) + "</ptkpara:references>\n";
            }
            x += "     </rdf:li>\n";
        }
        x += "    </rdf:Seq>\n   </ptk:paragraphs>\n";
    }
    if (!f.signers.empty()) {
        x += "   <ptk:signers>\n    <rdf:Seq>\n";
        for (const Facts::Signer& s : f.signers) {
            x += "     <rdf:li rdf:parseType=\"Resource\">\n";
            x += "      <ptksig:name>" + xml_escape(s.name) + "</ptksig:name>\n";
            if (!s.role.empty()) x += "      <ptksig:role>" + xml_escape(s.role) + "</ptksig:role>\n";
            x += "      <ptksig:kind>" + s.kind + "</ptksig:kind>\n";
            x += "     </rdf:li>\n";
        }
        x += "    </rdf:Seq>\n   </ptk:signers>\n";
    }
    x += "  </rdf:Description>\n";
    return x;
}

std::string facts_packet(const Facts& facts) {
    return "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
           "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
           " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n" +
           facts_rdf(facts) + " </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>\n";
}

}  // namespace protokoll::document
