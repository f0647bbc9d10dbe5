// What may change after a signature (docs/verify.md, "Changes after a
// signature"): every attack class of issue 8, each reached in several ways —
// plainly, under the cover of a /DSS that refers to what it changes, under an
// orphan /Type /Sig that refers to it, and followed by a real later signature
// that covers it — must fail verification with the revision and what changed
// named; the benign updates (later signatures, validation data, document
// timestamps, certification levels) must stay valid. The files are built here,
// with PoDoFo, as incremental updates on a two-page protocol signed twice.
#include "sign/sign.h"
#include "verify/verify.h"

#include "base/files.h"

#include "checks.h"
#include "pdf_fixture.h"
#include "pdfsig/fields.h"
#include "shell.h"
#include "signing_dir.h"

#include <catch2/catch.hpp>
#include <podofo/podofo.h>

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <string>
#include <unistd.h>

using namespace protokoll;
using namespace protokoll::sign;
using namespace protokoll::sign::testing;
using namespace PoDoFo;

namespace {

const std::string kent = "Kent Lagrell";
const std::string sara = "Sara Nordenhielm";

const char* const xmp =
    "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
    "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
    "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Protokoll 2026-04-17</rdf:li></rdf:Alt></dc:title>"
    "</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>";

void text_page(PdfMemDocument& doc, PdfFont* font, const std::string& text) {
    PdfPage* page = doc.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
    PdfPainter painter;
    painter.SetPage(page);
    painter.SetFont(font);
    painter.DrawText(56, 780, text.c_str());
    painter.FinishPage();
}

// Two pages of decisions, /Info and XMP, the two signature fields on page 2.
void make_protocol(const std::string& path) {
    PdfMemDocument doc;
    PdfFont* font = doc.CreateFont("Helvetica");
    text_page(doc, font, "Paragraf 1. Kommunstyrelsen beslutar att anta budgeten.");
    text_page(doc, font, "Paragraf 2. Justering.");
    doc.GetInfo()->SetTitle(PdfString("Protokoll 2026-04-17"));
    PdfObject* metadata = doc.GetObjects().CreateObject("Metadata");
    metadata->GetDictionary().AddKey("Subtype", PdfName("XML"));
    metadata->GetStream()->Set(xmp, static_cast<pdf_long>(std::strlen(xmp)));
    doc.GetCatalog()->GetDictionary().AddKey("Metadata", metadata->Reference());
    add_signature_field(doc, doc.GetPage(1), PdfRect(56, 400, 200, 50), kent);
    add_signature_field(doc, doc.GetPage(1), PdfRect(300, 400, 200, 50), sara);
    doc.SetWriteMode(ePdfWriteMode_Clean);
    doc.Write(path.c_str());
}

struct Env : SigningDir {
    std::string unsigned_pdf, kent_only, both;
    std::time_t time = 0;

    Env() : SigningDir("changes-test") {
        time = std::time(nullptr) + 5;
        unsigned_pdf = path("unsigned.pdf");
        make_protocol(unsigned_pdf);
        kent_only = path("kent.pdf");
        both = path("both.pdf");
        sign_file(unsigned_pdf, kent_only, options(kent, "kent"));
        sign_file(kent_only, both, options(sara, "sara"));
    }
    SignOptions options(const std::string& field, const std::string& key) const { return SigningDir::options(field, key, time); }
};

Env& env() {
    static Env instance;
    return instance;
}

// ---- the covers an attack hides behind ---------------------------------------

// Ways the old analysis was fooled: anything reachable from "validation data"
// or from "a signature" was waved through.
enum class Cover { None, Dss, OrphanSignature, LaterSignature };

const char* cover_name(Cover c) {
    switch (c) {
    case Cover::None: return "plain";
    case Cover::Dss: return "under a /DSS referring to it";
    case Cover::OrphanSignature: return "under an orphan /Type /Sig referring to it";
    default: return "covered by a later signature";
    }
}

// The references in `doc` an attack touched, for the covers to point at.
using Touched = std::vector<PdfReference>;

void add_cover(PdfMemDocument& doc, Cover cover, const Touched& touched) {
    PdfArray refs;
    for (const PdfReference& r : touched) refs.push_back(r);
    refs.push_back(doc.GetPagesTree()->GetObject()->Reference());
    if (cover == Cover::Dss) {
        PdfDictionary dss;
        dss.AddKey("Certs", refs);
        PdfDictionary vri;
        PdfDictionary entry;
        entry.AddKey("Cert", refs);
        vri.AddKey("0123456789ABCDEF0123456789ABCDEF01234567", entry);
        dss.AddKey("VRI", vri);
        doc.GetCatalog()->GetDictionary().AddKey("DSS", dss);
    } else if (cover == Cover::OrphanSignature) {
        PdfObject* sig = doc.GetObjects().CreateObject("Sig");
        sig->GetDictionary().AddKey("Filter", PdfName("Adobe.PPKLite"));
        sig->GetDictionary().AddKey("SubFilter", PdfName("ETSI.CAdES.detached"));
        sig->GetDictionary().AddKey("ByteRange", PdfVariant(PdfData("[ 0 10 20 30 ]")));
        sig->GetDictionary().AddKey("Contents", PdfString(reinterpret_cast<const pdf_utf8*>("00")));
        sig->GetDictionary().AddKey("Reference", refs);
    }
}

// Signs `field` as another tool would (PoDoFo's placeholder, `openssl cms`),
// without sign_file's refusal of a file changed after its last signature:
// an unwary signer whose software signs whatever it is given.
void foreign_sign(const std::string& in, const std::string& out, const std::string& field_name, const std::string& key) {
    const std::string bytes = read_file(in) + "\n";
    PdfError::EnableDebug(false);
    PdfError::EnableLogging(false);
    PdfMemDocument doc;
    protokoll::sign::detail::load_keeping_mod_date(doc, bytes, true);
    protokoll::sign::detail::PlaceholderUpdate update(16384);
    PdfObject* sig = doc.GetObjects().CreateObject("Sig");
    PdfDictionary& dict = sig->GetDictionary();
    dict.AddKey("Filter", PdfName("Adobe.PPKLite"));
    dict.AddKey("SubFilter", PdfName("ETSI.CAdES.detached"));
    char when[32];
    std::tm tm{};
    const std::time_t t = env().time + 30;
    gmtime_r(&t, &tm);
    std::strftime(when, sizeof when, "D:%Y%m%d%H%M%SZ", &tm);
    dict.AddKey("M", PdfString(when));
    dict.AddKey("ByteRange", PdfVariant(PdfData("[ 0 1234567890 1234567890 1234567890]")));
    const std::string contents = "<" + update.device().GetSignatureBeacon()->data() + ">";
    dict.AddKey("Contents", PdfVariant(PdfData(contents.data(), contents.size())));
    bool found = false;
    for (auto& f : protokoll::sign::detail::signature_fields(doc))
        if (f.name == field_name) f.object->GetDictionary().AddKey("V", sig->Reference()), found = true;
    REQUIRE(found);
    doc.SetWriteMode(ePdfWriteMode_Clean);
    update.write(doc, "signature");
    write_file_atomically(out + ".covered", update.covered());
    const std::string certs = env().certs;
    auto [status, text] = run("openssl cms -sign -binary -outform DER -md sha256 -in '" + out + ".covered' -signer '" + certs +
                              "/" + key + ".pem' -inkey '" + certs + "/" + key + ".key' -certfile '" + certs + "/ca.pem' -out '" +
                              out + ".der'");
    INFO(text);
    REQUIRE(status == 0);
    write_file_atomically(out, update.fill(read_file(out + ".der"), bytes));
}

// Applies `attack` to the file both signers signed (or, with LaterSignature,
// to Kent's file, after which Sara signs), and verifies the result.
VerifyReport attacked(const std::string& name, Cover cover,
                      const std::function<void(PdfMemDocument&, Touched&)>& attack) {
    const std::string out = env().path(name + "-" + std::to_string(static_cast<int>(cover)) + ".pdf");
    const std::string base = cover == Cover::LaterSignature ? env().kent_only : env().both;
    const std::string updated = cover == Cover::LaterSignature ? out + ".attack.pdf" : out;
    append_update(base, updated, [&](PdfMemDocument& doc) {
        Touched touched;
        attack(doc, touched);
        add_cover(doc, cover, touched);
    });
    if (cover == Cover::LaterSignature) foreign_sign(updated, out, sara, "sara");
    // What was built is a PDF a reader opens: qpdf, which no code of ours
    // shares, checks its structure (3: warnings only).
    REQUIRE(have("qpdf"));
    auto [status, text] = run("qpdf --check '" + out + "'");
    INFO(text);
    CHECK((status == 0 || status == 3));
    return verify_file(out, env().trust());
}

const std::vector<Cover> all_covers = {Cover::None, Cover::Dss, Cover::OrphanSignature, Cover::LaterSignature};

// The attack fails verification for Kent (who signed before it), naming
// what changed in Kent's `disallowed` changes; the signatures themselves stay
// intact (the attack is in an update, not in the signed bytes).
void expect_caught(const VerifyReport& report, const std::string& what, Cover cover, const std::string& level = "other") {
    INFO(cover_name(cover) << "\n" << report_text(report, "attacked.pdf"));
    CHECK_FALSE(report.ok());
    const FieldReport& k = field(report, kent);
    CHECK(k.digest_ok);
    CHECK(k.signature_ok);
    CHECK(k.changes.checked);
    CHECK(mentions(k.changes.disallowed, what));
    CHECK(to_string(k.changes.level) == (cover == Cover::Dss ? "other" : level));  // a /DSS of page objects is a change of its own
    CHECK(mentions(report.reasons(), "signature field \"Kent Lagrell\": changed after signing: revision "));
}

PdfObject* stream_object(PdfMemDocument& doc, const std::string& data) {
    PdfObject* object = doc.GetObjects().CreateObject();
    object->GetStream()->Set(data.data(), static_cast<pdf_long>(data.size()));
    return object;
}

// A form XObject that draws `text` over `rect`'s size in Helvetica.
PdfObject* text_appearance(PdfMemDocument& doc, const PdfRect& rect, const std::string& text) {
    PdfXObject appearance(PdfRect(0, 0, rect.GetWidth(), rect.GetHeight()), &doc);
    PdfPainter painter;
    painter.SetPage(&appearance);
    painter.SetFont(doc.CreateFont("Helvetica"));
    painter.DrawText(4, rect.GetHeight() / 2, text.c_str());
    painter.FinishPage();
    return appearance.GetObject();
}

PdfObject* widget_of(PdfMemDocument& doc, const std::string& name) {
    PdfPage* page = doc.GetPage(1);
    PdfObject* annots = page->GetObject()->GetIndirectKey("Annots");
    REQUIRE(annots);
    for (PdfObject& item : annots->GetArray()) {
        PdfObject* w = doc.GetObjects().GetObject(item.GetReference());
        PdfObject* t = w ? w->GetIndirectKey("T") : nullptr;
        if (t && t->GetString().GetStringUtf8() == name) return w;
    }
    FAIL("no widget " << name);
    return nullptr;
}

}  // namespace

// ---- the page tree ---------------------------------------------------------------

TEST_CASE("changes: a page added after the signatures is caught, however it is covered") {
    for (Cover cover : all_covers) {
        VerifyReport report = attacked("page-added", cover, [](PdfMemDocument& doc, Touched& t) {
            text_page(doc, doc.CreateFont("Helvetica"), "Paragraf 3. Ett beslut som aldrig fattades.");
            t.push_back(doc.GetPage(2)->GetObject()->Reference());
        });
        expect_caught(report, "page 3 added", cover);
    }
}

TEST_CASE("changes: a page removed after the signatures is caught, however it is covered") {
    for (Cover cover : all_covers) {
        VerifyReport report = attacked("page-removed", cover, [](PdfMemDocument& doc, Touched& t) {
            doc.GetPagesTree()->DeletePage(0);
            t.push_back(doc.GetPage(0)->GetObject()->Reference());
        });
        expect_caught(report, "pages removed: the document has 1 pages instead of 2", cover);
    }
}

TEST_CASE("changes: page 1 replaced by a forged page object is caught, however it is covered") {
    for (Cover cover : all_covers) {
        VerifyReport report = attacked("page-forged", cover, [](PdfMemDocument& doc, Touched& t) {
            text_page(doc, doc.CreateFont("Helvetica"), "Paragraf 1. Kommunstyrelsen beslutar att avslå budgeten.");
            PdfObject* forged = doc.GetPage(2)->GetObject();
            PdfObject* root = doc.GetPagesTree()->GetObject();
            PdfArray& kids = root->GetIndirectKey("Kids")->GetArray();
            kids[0] = forged->Reference();
            kids.erase(kids.begin() + static_cast<long>(kids.size() - 1));
            root->GetDictionary().AddKey("Count", PdfObject(static_cast<pdf_int64>(2)));
            t.push_back(forged->Reference());
        });
        expect_caught(report, "page 1 is another page object now", cover);
    }
}

TEST_CASE("changes: page 1's content replaced, as a new stream or the old one rewritten, is caught") {
    const std::string forged = "BT /F0 12 Tf 56 780 Td (Paragraf 1. Budgeten avslas.) Tj ET";
    for (Cover cover : all_covers) {
        VerifyReport fresh = attacked("content-new", cover, [&](PdfMemDocument& doc, Touched& t) {
            PdfObject* stream = stream_object(doc, forged);
            doc.GetPage(0)->GetObject()->GetDictionary().AddKey("Contents", stream->Reference());
            t.push_back(stream->Reference());
        });
        expect_caught(fresh, "page 1: /Contents", cover);
        VerifyReport in_place = attacked("content-in-place", cover, [&](PdfMemDocument& doc, Touched& t) {
            PdfObject* contents = doc.GetPage(0)->GetContents();
            contents->GetStream()->Set(forged.data(), static_cast<pdf_long>(forged.size()));
            t.push_back(contents->Reference());
        });
        expect_caught(in_place, "its stream data differs", cover);
    }
}

TEST_CASE("changes: a font page 1 uses, rewritten in place, is caught") {
    for (Cover cover : all_covers) {
        VerifyReport report = attacked("font", cover, [](PdfMemDocument& doc, Touched& t) {
            PdfObject* fonts = doc.GetPage(0)->GetResources()->GetIndirectKey("Font");
            REQUIRE(fonts);
            PdfObject* font = doc.GetObjects().GetObject(fonts->GetDictionary().GetKeys().begin()->second->GetReference());
            font->GetDictionary().AddKey("BaseFont", PdfName("Courier"));
            t.push_back(font->Reference());
        });
        expect_caught(report, "page 1: /Resources /Font", cover);
    }
}

// ---- /Info and XMP -------------------------------------------------------------

TEST_CASE("changes: /Info rewritten in place or replaced is caught") {
    for (Cover cover : all_covers) {
        VerifyReport in_place = attacked("info", cover, [](PdfMemDocument& doc, Touched& t) {
            doc.GetInfo()->SetTitle(PdfString("Protokoll 2026-04-18 (forged)"));
            t.push_back(doc.GetInfo()->GetObject()->Reference());
        });
        expect_caught(in_place, "the document information (/Info) changed: /Title", cover);
        VerifyReport replaced = attacked("info-new", cover, [](PdfMemDocument& doc, Touched& t) {
            PdfObject* info = doc.GetObjects().CreateObject(PdfDictionary());
            info->GetDictionary().AddKey("Title", PdfString("Forged"));
            const_cast<PdfObject*>(doc.GetTrailer())->GetDictionary().AddKey("Info", info->Reference());
            t.push_back(info->Reference());
        });
        expect_caught(replaced, "the document information (/Info) changed", cover);
    }
}

TEST_CASE("changes: the XMP metadata rewritten in place or replaced is caught") {
    std::string forged = xmp;
    forged.replace(forged.find("2026-04-17"), 10, "2026-04-18");
    for (Cover cover : all_covers) {
        VerifyReport in_place = attacked("xmp", cover, [&](PdfMemDocument& doc, Touched& t) {
            PdfObject* metadata = doc.GetCatalog()->GetIndirectKey("Metadata");
            REQUIRE(metadata);
            metadata->GetStream()->Set(forged.data(), static_cast<pdf_long>(forged.size()));
            t.push_back(metadata->Reference());
        });
        expect_caught(in_place, "the XMP metadata (/Metadata) changed", cover);
        VerifyReport replaced = attacked("xmp-new", cover, [&](PdfMemDocument& doc, Touched& t) {
            PdfObject* metadata = stream_object(doc, forged);
            metadata->GetDictionary().AddKey("Type", PdfName("Metadata"));
            doc.GetCatalog()->GetDictionary().AddKey("Metadata", metadata->Reference());
            t.push_back(metadata->Reference());
        });
        expect_caught(replaced, "the XMP metadata (/Metadata) changed", cover);
    }
}

// ---- fields and appearances -------------------------------------------------------

TEST_CASE("changes: a new unsigned signature field whose widget covers page 1 is caught") {
    for (Cover cover : all_covers) {
        VerifyReport report = attacked("forged-field", cover, [](PdfMemDocument& doc, Touched& t) {
            const PdfRect all(0, 0, 595, 842);
            add_signature_field(doc, doc.GetPage(0), all, "Granskning");
            PdfObject* w = doc.GetPage(0)->GetObject()->GetIndirectKey("Annots")->GetArray().back().IsReference()
                               ? doc.GetObjects().GetObject(doc.GetPage(0)->GetObject()->GetIndirectKey("Annots")->GetArray().back().GetReference())
                               : nullptr;
            REQUIRE(w);
            PdfDictionary ap;
            ap.AddKey("N", text_appearance(doc, all, "FORGED CONTENT")->Reference());
            w->GetDictionary().AddKey("AP", ap);
            t.push_back(w->Reference());
        });
        expect_caught(report, "a new signature field \"Granskning\", unsigned, was added (a visible widget on page 1)", cover);
    }
}

TEST_CASE("changes: a widget belonging to no field, drawn over page 1, is caught") {
    for (Cover cover : all_covers) {
        VerifyReport report = attacked("orphan-widget", cover, [](PdfMemDocument& doc, Touched& t) {
            const PdfRect all(0, 0, 595, 842);
            PdfObject* w = doc.GetObjects().CreateObject("Annot");
            w->GetDictionary().AddKey("Subtype", PdfName("Widget"));
            PdfVariant rect;
            all.ToVariant(rect);
            w->GetDictionary().AddKey("Rect", rect);
            w->GetDictionary().AddKey("F", PdfObject(static_cast<pdf_int64>(4)));
            PdfDictionary ap;
            ap.AddKey("N", text_appearance(doc, all, "FORGED CONTENT")->Reference());
            w->GetDictionary().AddKey("AP", ap);
            PdfObject* page = doc.GetPage(0)->GetObject();
            PdfArray annots;
            annots.push_back(w->Reference());
            page->GetDictionary().AddKey("Annots", annots);
            t.push_back(w->Reference());
        });
        expect_caught(report, "page 1: a widget that belongs to no form field was added", cover);
    }
}

TEST_CASE("changes: a new visible signature field, even when it is then signed, is caught") {
    const std::string added = env().path("new-field.pdf");
    append_update(env().both, added, [](PdfMemDocument& doc) {
        add_signature_field(doc, doc.GetPage(0), PdfRect(56, 56, 200, 50), "Patrik Linde");
    });
    const std::string signed_ = env().path("new-field-signed.pdf");
    foreign_sign(added, signed_, "Patrik Linde", "patrik");
    VerifyReport report = verify_file(signed_, env().trust());
    expect_caught(report, "revision 4: a new signature field \"Patrik Linde\", unsigned, was added (a visible widget on page 1)",
                  Cover::None);
    // Patrik's own signature covers the field it signs: intact, and nothing after it.
    CHECK(field(report, "Patrik Linde").changes.later_revisions == 0);
    CHECK(field(report, "Patrik Linde").digest_ok);
}

TEST_CASE("changes: a signed field's appearance replaced, as a new stream or rewritten in place, is caught") {
    const std::string forged = "Justerat: NEJ, reservation";
    for (Cover cover : all_covers) {
        VerifyReport fresh = attacked("ap-new", cover, [&](PdfMemDocument& doc, Touched& t) {
            PdfObject* w = widget_of(doc, kent);
            PdfDictionary ap;
            ap.AddKey("N", text_appearance(doc, PdfRect(0, 0, 200, 50), forged)->Reference());
            w->GetDictionary().AddKey("AP", ap);
            t.push_back(w->Reference());
        });
        expect_caught(fresh, "field \"Kent Lagrell\": its appearance (/AP) was replaced although it was signed before", cover);
        VerifyReport in_place = attacked("ap-in-place", cover, [&](PdfMemDocument& doc, Touched& t) {
            PdfObject* n = widget_of(doc, kent)->GetIndirectKey("AP")->GetIndirectKey("N");
            REQUIRE(n);
            const std::string text = "BT /F0 12 Tf 4 20 Td (" + forged + ") Tj ET";
            n->GetStream()->Set(text.data(), static_cast<pdf_long>(text.size()));
            t.push_back(n->Reference());
        });
        expect_caught(in_place, "field \"Kent Lagrell\": its appearance (/AP) was replaced although it was signed before", cover);
    }
}

TEST_CASE("changes: an empty field given an appearance without a signature is caught") {
    const std::string out = env().path("ap-unsigned.pdf");
    append_update(env().kent_only, out, [](PdfMemDocument& doc) {
        PdfDictionary ap;
        ap.AddKey("N", text_appearance(doc, PdfRect(0, 0, 200, 50), "Justerat digitalt av Sara Nordenhielm")->Reference());
        widget_of(doc, sara)->GetDictionary().AddKey("AP", ap);
    });
    VerifyReport report = verify_file(out, env().trust());
    expect_caught(report, "field \"Sara Nordenhielm\": its appearance (/AP) was replaced although this update does not sign it",
                  Cover::None);
}

TEST_CASE("changes: a signed field's signature swapped for another is caught") {
    const std::string out = env().path("v-swapped.pdf");
    append_update(env().both, out, [](PdfMemDocument& doc) {
        PdfObject* k = widget_of(doc, kent);
        PdfObject* s = widget_of(doc, sara);
        k->GetDictionary().AddKey("V", *s->GetDictionary().GetKey("V"));
    });
    VerifyReport report = verify_file(out, env().trust());
    INFO(report_text(report, out));
    CHECK_FALSE(report.ok());
    CHECK(mentions(field(report, sara).changes.disallowed, "field \"Kent Lagrell\": its value (/V) changed"));
}

// ---- /Annots --------------------------------------------------------------------

TEST_CASE("changes: a page's /Annots replaced by a non-array is caught") {
    for (Cover cover : all_covers) {
        VerifyReport integer = attacked("annots-integer", cover, [](PdfMemDocument& doc, Touched&) {
            doc.GetPage(1)->GetObject()->GetDictionary().AddKey("Annots", PdfObject(static_cast<pdf_int64>(7)));
        });
        expect_caught(integer, "page 2: /Annots is an integer, not an array", cover);
        VerifyReport dictionary = attacked("annots-dict", cover, [](PdfMemDocument& doc, Touched& t) {
            PdfObject* d = doc.GetObjects().CreateObject(PdfDictionary());
            d->GetDictionary().AddKey("Type", PdfName("Annot"));
            doc.GetPage(1)->GetObject()->GetDictionary().AddKey("Annots", d->Reference());
            t.push_back(d->Reference());
        });
        expect_caught(dictionary, "page 2: /Annots is a dictionary, not an array", cover);
    }
}

TEST_CASE("changes: an annotation added after approval signatures is caught") {
    for (Cover cover : all_covers) {
        VerifyReport report = attacked("note", cover, [](PdfMemDocument& doc, Touched& t) {
            PdfAnnotation* note = doc.GetPage(0)->CreateAnnotation(ePdfAnnotation_Text, PdfRect(56, 600, 20, 20));
            note->SetContents(PdfString("Godkanns ej"));
            t.push_back(note->GetObject()->Reference());
        });
        expect_caught(report, "page 1: annotation added (/Annot /Text)", cover, "annotations");
    }
}

// ---- what stays valid -------------------------------------------------------------

TEST_CASE("changes: a later signature is permitted and named, with its revision") {
    VerifyReport report = verify_file(env().both, env().trust());
    INFO(report_text(report, env().both));
    CHECK(report.ok());
    const FieldReport& k = field(report, kent);
    CHECK(k.changes.later_revisions == 1);
    CHECK(k.changes.disallowed.empty());
    CHECK(mentions(k.changes.permitted, "revision 3: field \"Sara Nordenhielm\": signed"));
    CHECK(k.changes.level == ChangeLevel::Signing);
}

TEST_CASE("changes: validation data of certificates only is permitted, anything else in a /DSS is not") {
    auto [status, der] = run("openssl x509 -in '" + env().certs + "/ca.pem' -outform DER");
    REQUIRE(status == 0);
    const std::string good = env().path("dss-good.pdf");
    append_update(env().both, good, [&](PdfMemDocument& doc) {
        PdfArray certs;
        certs.push_back(stream_object(doc, der)->Reference());
        PdfDictionary dss;
        dss.AddKey("Certs", certs);
        doc.GetCatalog()->GetDictionary().AddKey("DSS", dss);
    });
    VerifyReport report = verify_file(good, env().trust());
    INFO(report_text(report, good));
    CHECK(report.ok());
    CHECK(mentions(field(report, kent).changes.permitted, "revision 4: validation data (/DSS) added: 1 certificate"));
    CHECK(field(report, sara).changes.level == ChangeLevel::ValidationData);

    const std::string bad = env().path("dss-text.pdf");
    append_update(env().both, bad, [&](PdfMemDocument& doc) {
        PdfArray certs;
        certs.push_back(stream_object(doc, "BT (not a certificate) Tj ET")->Reference());
        PdfDictionary dss;
        dss.AddKey("Certs", certs);
        doc.GetCatalog()->GetDictionary().AddKey("DSS", dss);
    });
    VerifyReport refused = verify_file(bad, env().trust());
    CHECK_FALSE(refused.ok());
    CHECK(mentions(field(refused, kent).changes.disallowed, "is not a DER certificate"));
}

TEST_CASE("changes: DocMDP 1 permits validation data but no signature, 2 also signatures, 3 also annotations") {
    auto [status, der] = run("openssl x509 -in '" + env().certs + "/ca.pem' -outform DER");
    REQUIRE(status == 0);
    auto certified = [&](int p) {
        const std::string out = env().path("certified-" + std::to_string(p) + ".pdf");
        SignOptions o = env().options(kent, "kent");
        o.certify = true;
        o.certify_permissions = p;
        sign_file(env().unsigned_pdf, out, o);
        return out;
    };
    auto add_note = [](PdfMemDocument& doc) {
        doc.GetPage(0)->CreateAnnotation(ePdfAnnotation_Text, PdfRect(56, 600, 20, 20))->SetContents(PdfString("Noterat"));
    };
    auto add_dss = [&](PdfMemDocument& doc) {
        PdfArray certs;
        certs.push_back(stream_object(doc, der)->Reference());
        PdfDictionary dss;
        dss.AddKey("Certs", certs);
        doc.GetCatalog()->GetDictionary().AddKey("DSS", dss);
    };
    const std::string p1 = certified(1), p2 = certified(2), p3 = certified(3);
    CHECK(field(verify_file(p1, env().trust()), kent).docmdp == 1);

    // P 1: a signature after it is a change; validation data is not.
    const std::string p1_signed = env().path("p1-signed.pdf");
    sign_file(p1, p1_signed, env().options(sara, "sara"));
    VerifyReport r1 = verify_file(p1_signed, env().trust());
    CHECK_FALSE(r1.ok());
    CHECK(mentions(field(r1, kent).changes.disallowed, "field \"Sara Nordenhielm\": signed (the certification, DocMDP /P 1"));
    const std::string p1_dss = env().path("p1-dss.pdf");
    append_update(p1, p1_dss, add_dss);
    CHECK(verify_file(p1_dss, env().trust()).ok());

    // P 2: signing yes, annotations no.
    const std::string p2_signed = env().path("p2-signed.pdf");
    sign_file(p2, p2_signed, env().options(sara, "sara"));
    CHECK(verify_file(p2_signed, env().trust()).ok());
    const std::string p2_note = env().path("p2-note.pdf");
    append_update(p2, p2_note, add_note);
    VerifyReport r2 = verify_file(p2_note, env().trust());
    CHECK_FALSE(r2.ok());
    CHECK(mentions(field(r2, kent).changes.disallowed, "annotation added (/Annot /Text) (the certification, DocMDP /P 2"));

    // P 3: annotations too — but still no change to a page.
    const std::string p3_note = env().path("p3-note.pdf");
    append_update(p3, p3_note, add_note);
    VerifyReport r3 = verify_file(p3_note, env().trust());
    INFO(report_text(r3, p3_note));
    CHECK(r3.ok());
    CHECK(mentions(field(r3, kent).changes.permitted, "page 1: annotation added (/Annot /Text)"));
    const std::string p3_page = env().path("p3-page.pdf");
    append_update(p3, p3_page, [](PdfMemDocument& doc) { doc.GetPagesTree()->DeletePage(0); });
    CHECK_FALSE(verify_file(p3_page, env().trust()).ok());
}
