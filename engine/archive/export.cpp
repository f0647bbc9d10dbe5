// archive export --sip: one record as an E-ARK SIP (CSIP 2 / SIP 2, the
// structure Riksarkivet's FGS Paketstruktur 2.0 adopts): METS.xml with the
// fileSec and structMap, PREMIS 3 with fixity, validation and ingest events,
// the PDF, its source and its verification report under
// representations/rep1/data/, the schemas under schemas/ (docs/archive.md).
#include "archive/archive.h"

#include "directories.h"

#include "base/diagnostic.h"
#include "base/files.h"
#include "base/time.h"
#include "base/xml.h"

#include <unistd.h>

#include <cstdio>

namespace protokoll::archive {

namespace {

// One file of the package: where it goes and what it holds.
struct PackageFile {
    PackageFile(std::string path, std::string bytes, std::string mimetype, std::string id)
        : path(std::move(path)), bytes(std::move(bytes)), mimetype(std::move(mimetype)), id(std::move(id)),
          sha256(sha256_hex(this->bytes)) {}
    std::string path;      // relative to the package's root
    std::string bytes;
    std::string mimetype;
    std::string id;        // METS file ID
    std::string sha256;    // of `bytes`, hashed once for METS and PREMIS
};

std::string attr(const std::string& name, const std::string& value) {
    return " " + name + "=\"" + xml_escape(value) + "\"";
}

std::string file_attributes(const PackageFile& f, const std::string& created) {
    return attr("ID", f.id) + attr("MIMETYPE", f.mimetype) + attr("SIZE", std::to_string(f.bytes.size())) +
           attr("CREATED", created) + attr("CHECKSUM", f.sha256) + attr("CHECKSUMTYPE", "SHA-256");
}

std::string premis_xml(const Record& r, const std::vector<PackageFile>& data, const std::string& version) {
    std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<premis:premis xmlns:premis=\"http://www.loc.gov/premis/v3\""
                    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                    " xsi:schemaLocation=\"http://www.loc.gov/premis/v3 ../../schemas/premis-3.0.xsd\" version=\"3.0\">\n";
    const std::string pdf_path = data.front().path;
    for (const PackageFile& f : data) {
        x += " <premis:object xsi:type=\"premis:file\">\n"
             "  <premis:objectIdentifier><premis:objectIdentifierType>local</premis:objectIdentifierType>"
             "<premis:objectIdentifierValue>" + xml_escape(f.path) + "</premis:objectIdentifierValue></premis:objectIdentifier>\n"
             "  <premis:objectCharacteristics>\n"
             "   <premis:compositionLevel>0</premis:compositionLevel>\n"
             "   <premis:fixity><premis:messageDigestAlgorithm>SHA-256</premis:messageDigestAlgorithm>"
             "<premis:messageDigest>" + f.sha256 + "</premis:messageDigest>"
             "<premis:messageDigestOriginator>protokoll</premis:messageDigestOriginator></premis:fixity>\n"
             "   <premis:size>" + std::to_string(f.bytes.size()) + "</premis:size>\n"
             "   <premis:format><premis:formatDesignation><premis:formatName>" +
             xml_escape(f.path == pdf_path ? "PDF/A-" + r.pdfa : f.mimetype) +
             "</premis:formatName></premis:formatDesignation></premis:format>\n"
             "  </premis:objectCharacteristics>\n"
             " </premis:object>\n";
    }
    // The record's history: its ingest (with the validation it passed) and every fixity check since.
    int n = 0;
    auto event = [&](const std::string& type, const std::string& at, const std::string& outcome, const std::string& detail) {
        x += " <premis:event>\n"
             "  <premis:eventIdentifier><premis:eventIdentifierType>local</premis:eventIdentifierType>"
             "<premis:eventIdentifierValue>event-" + std::to_string(++n) + "</premis:eventIdentifierValue></premis:eventIdentifier>\n"
             "  <premis:eventType>" + type + "</premis:eventType>\n"
             "  <premis:eventDateTime>" + xml_escape(at) + "</premis:eventDateTime>\n"
             "  <premis:eventOutcomeInformation><premis:eventOutcome>" + outcome + "</premis:eventOutcome>"
             "<premis:eventOutcomeDetail><premis:eventOutcomeDetailNote>" + xml_escape(detail) +
             "</premis:eventOutcomeDetailNote></premis:eventOutcomeDetail></premis:eventOutcomeInformation>\n"
             "  <premis:linkingAgentIdentifier><premis:linkingAgentIdentifierType>local</premis:linkingAgentIdentifierType>"
             "<premis:linkingAgentIdentifierValue>protokoll</premis:linkingAgentIdentifierValue></premis:linkingAgentIdentifier>\n"
             "  <premis:linkingObjectIdentifier><premis:linkingObjectIdentifierType>local</premis:linkingObjectIdentifierType>"
             "<premis:linkingObjectIdentifierValue>" + xml_escape(pdf_path) + "</premis:linkingObjectIdentifierValue></premis:linkingObjectIdentifier>\n"
             " </premis:event>\n";
    };
    for (const Record::Event& e : r.history) {
        if (e.type == "ingest" || e.type == "reindex") {
            event("validation", e.at, "valid", e.detail);
            event(e.type == "ingest" ? "ingestion" : "metadata modification", e.at, "success",
                  e.type == "ingest" ? "stored write-once under SHA-256 " + r.id : e.detail);
        } else if (e.type == "renewed") {
            event("digital signature generation", e.at, "success", e.detail);
        } else if (e.type == "fixity") {
            const bool ok = e.detail.rfind("ok", 0) == 0;
            event("fixity check", e.at, ok ? "pass" : "fail", e.detail);
        }
    }
    x += " <premis:agent>\n"
         "  <premis:agentIdentifier><premis:agentIdentifierType>local</premis:agentIdentifierType>"
         "<premis:agentIdentifierValue>protokoll</premis:agentIdentifierValue></premis:agentIdentifier>\n"
         "  <premis:agentName>protokoll</premis:agentName>\n"
         "  <premis:agentType>software</premis:agentType>\n"
         "  <premis:agentVersion>" + xml_escape(version) + "</premis:agentVersion>\n"
         " </premis:agent>\n"
         "</premis:premis>\n";
    return x;
}

std::string mets_xml(const Record& r, const std::vector<PackageFile>& schemas, const std::vector<PackageFile>& data,
                     const PackageFile& premis, const std::string& created, const std::string& version) {
    std::string label = r.facts.kind + " " + r.facts.date;
    for (const std::string& b : r.facts.bodies) label += " " + b;
    std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<mets:mets xmlns:mets=\"http://www.loc.gov/METS/\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"\n"
                    "  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                    "  xmlns:csip=\"https://DILCIS.eu/XML/METS/CSIPExtensionMETS\"\n"
                    "  xmlns:sip=\"https://DILCIS.eu/XML/METS/SIPExtensionMETS\"\n"
                    "  xsi:schemaLocation=\"http://www.loc.gov/METS/ schemas/mets-1.12.1.xsd http://www.w3.org/1999/xlink schemas/xlink.xsd\"\n"
                    " " + attr("OBJID", r.id) + attr("LABEL", label) + attr("TYPE", "OTHER") +
                    attr("csip:OTHERTYPE", "Protocol") + attr("csip:CONTENTINFORMATIONTYPE", "MIXED") +
                    attr("PROFILE", "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml") + ">\n";
    x += " <mets:metsHdr" + attr("CREATEDATE", created) + attr("RECORDSTATUS", "NEW") + attr("csip:OAISPACKAGETYPE", "SIP") + ">\n"
         "  <mets:agent ROLE=\"CREATOR\" TYPE=\"OTHER\" OTHERTYPE=\"SOFTWARE\"><mets:name>protokoll</mets:name>"
         "<mets:note csip:NOTETYPE=\"SOFTWARE VERSION\">" + xml_escape(version) + "</mets:note></mets:agent>\n";
    if (!r.facts.organisation.empty())
        x += "  <mets:agent ROLE=\"ARCHIVIST\" TYPE=\"ORGANIZATION\"><mets:name>" + xml_escape(r.facts.organisation) +
             "</mets:name></mets:agent>\n";
    x += " </mets:metsHdr>\n"
         " <mets:amdSec>\n"
         "  <mets:digiprovMD ID=\"digiprov-premis\" STATUS=\"CURRENT\">\n"
         "   <mets:mdRef LOCTYPE=\"URL\" xlink:type=\"simple\"" + attr("xlink:href", premis.path) + " MDTYPE=\"PREMIS\"" +
         attr("MIMETYPE", premis.mimetype) + attr("SIZE", std::to_string(premis.bytes.size())) + attr("CREATED", created) +
         attr("CHECKSUM", premis.sha256) + " CHECKSUMTYPE=\"SHA-256\"/>\n"
         "  </mets:digiprovMD>\n"
         " </mets:amdSec>\n"
         " <mets:fileSec ID=\"filesec\">\n";
    auto group = [&](const std::string& id, const std::string& use, const std::vector<PackageFile>& files) {
        x += "  <mets:fileGrp" + attr("ID", id) + attr("USE", use) + ">\n";
        for (const PackageFile& f : files)
            x += "   <mets:file" + file_attributes(f, created) + "><mets:FLocat LOCTYPE=\"URL\" xlink:type=\"simple\"" +
                 attr("xlink:href", f.path) + "/></mets:file>\n";
        x += "  </mets:fileGrp>\n";
    };
    group("grp-schemas", "Schemas", schemas);
    group("grp-rep1", "Representations/rep1/Data", data);
    x += " </mets:fileSec>\n"
         " <mets:structMap ID=\"structmap\" TYPE=\"PHYSICAL\" LABEL=\"CSIP\">\n"
         "  <mets:div ID=\"div-root\"" + attr("LABEL", r.id) + ">\n"
         "   <mets:div ID=\"div-metadata\" LABEL=\"Metadata\" ADMID=\"digiprov-premis\"/>\n"
         "   <mets:div ID=\"div-schemas\" LABEL=\"Schemas\">\n";
    for (const PackageFile& f : schemas) x += "    <mets:fptr" + attr("FILEID", f.id) + "/>\n";
    x += "   </mets:div>\n"
         "   <mets:div ID=\"div-rep1\" LABEL=\"Representations/rep1\">\n";
    for (const PackageFile& f : data) x += "    <mets:fptr" + attr("FILEID", f.id) + "/>\n";
    x += "   </mets:div>\n"
         "  </mets:div>\n"
         " </mets:structMap>\n"
         "</mets:mets>\n";
    return x;
}

}  // namespace

std::string Archive::export_sip(const std::string& id, const std::string& out_dir, const std::string& schemas_dir,
                                std::time_t now, const std::string& version) const {
    const Record r = show(id);
    const std::string name = "sip-" + r.id.substr(0, 16);
    const std::string final_path = out_dir + "/" + name;
    if (exists(final_path))
        fail({final_path, 0, 0}, "the package exists already: nothing is overwritten",
             {"export into another directory, or remove the old package"});

    std::vector<PackageFile> data;
    data.emplace_back("representations/rep1/data/protocol.pdf", stored_bytes(r.id), "application/pdf", "file-pdf");
    if (r.has_source)
        data.emplace_back("representations/rep1/data/protocol.xml", read_file(object_path(r.id, ".xml")), "text/xml",
                          "file-source");
    data.emplace_back("representations/rep1/data/verification.json", read_file(object_path(r.id, ".verify.json")),
                      "application/json", "file-verification");
    std::vector<PackageFile> schemas;
    for (const char* s : {"mets-1.12.1.xsd", "xlink.xsd", "premis-3.0.xsd"})
        schemas.emplace_back(std::string("schemas/") + s, read_file(schemas_dir + "/" + s), "text/xml",
                             "schema-" + std::to_string(schemas.size() + 1));
    const std::string created = iso8601_date(now);
    const PackageFile premis{"metadata/preservation/premis.xml", premis_xml(r, data, version), "text/xml", "premis"};
    const std::string mets = mets_xml(r, schemas, data, premis, created, version);

    // Built beside its final place and renamed into it: a package is whole or absent.
    const std::string building = out_dir + "/." + name + ".tmp-" + std::to_string(::getpid());
    std::vector<const PackageFile*> all;
    for (const PackageFile& f : data) all.push_back(&f);
    for (const PackageFile& f : schemas) all.push_back(&f);
    all.push_back(&premis);
    for (const PackageFile* f : all) {
        make_directories(std::filesystem::path(building + "/" + f->path).parent_path());
        write_file_atomically(building + "/" + f->path, f->bytes);
    }
    write_file_atomically(building + "/METS.xml", mets);
    std::error_code error;
    std::filesystem::rename(building, final_path, error);
    if (error) fail({final_path, 0, 0}, "cannot put the package in place: " + error.message());
    return final_path;
}

}  // namespace protokoll::archive
