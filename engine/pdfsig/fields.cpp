#include "pdfsig/fields.h"

#include "base/diagnostic.h"
#include "base/signing_keys.h"

#include <set>

namespace protokoll::sign::detail {

using namespace PoDoFo;

PdfObject* resolve(PdfVecObjects& objects, PdfObject* object) {
    if (object && object->IsReference()) return objects.GetObject(object->GetReference());
    return object;
}

std::string describe(const PdfError& error) {
    std::string out = PdfError::ErrorMessage(error.GetError()) ? PdfError::ErrorMessage(error.GetError()) : "";
    if (out.empty()) out = PdfError::ErrorName(error.GetError());
    // The innermost frame says what PoDoFo was looking at; the rest is its call stack.
    const auto& stack = error.GetCallstack();
    if (!stack.empty() && !stack.front().GetInformation().empty())
        out += " (" + stack.front().GetInformation() + ")";
    return out;
}

PdfObject* acro_form(PdfMemDocument& doc) {
    PdfObject* catalog = doc.GetCatalog();
    if (!catalog || !catalog->IsDictionary()) return nullptr;
    PdfObject* form = catalog->GetIndirectKey("AcroForm");
    return form && form->IsDictionary() ? form : nullptr;
}

namespace {

std::string text_of(const PdfObject* object) {
    if (!object || !(object->IsString() || object->IsHexString())) return {};
    return object->GetString().GetStringUtf8();
}

struct Walker {
    PdfVecObjects& objects;
    std::vector<SigField>& out;
    std::set<PdfReference> seen;  // a /Kids cycle must not loop forever

    void walk(PdfObject* node, const std::string& parent_name, const std::string& parent_type, int depth) {
        if (depth > 32) return;
        if (node && node->IsReference()) {
            if (!seen.insert(node->GetReference()).second) return;
            node = objects.GetObject(node->GetReference());
        }
        if (!node || !node->IsDictionary()) return;
        const PdfDictionary& dict = node->GetDictionary();

        std::string name = parent_name;
        if (const PdfObject* t = resolve(objects, const_cast<PdfObject*>(dict.GetKey("T")))) {
            std::string partial = text_of(t);
            name = parent_name.empty() ? partial : parent_name + "." + partial;
        }
        std::string type = parent_type;
        if (const PdfObject* ft = resolve(objects, const_cast<PdfObject*>(dict.GetKey("FT"))); ft && ft->IsName())
            type = ft->GetName().GetName();

        // Kids with their own /T are child fields; kids without are only widgets
        // of this field, which then is the terminal field.
        bool has_child_fields = false;
        if (PdfObject* kids = resolve(objects, const_cast<PdfObject*>(dict.GetKey("Kids"))); kids && kids->IsArray()) {
            for (PdfObject& kid : kids->GetArray()) {
                PdfObject* k = resolve(objects, &kid);
                if (k && k->IsDictionary() && k->GetDictionary().HasKey("T")) {
                    has_child_fields = true;
                    walk(&kid, name, type, depth + 1);
                }
            }
        }
        if (!has_child_fields && type == "Sig") out.push_back(SigField{name, node});
    }
};

}  // namespace

std::vector<SigField> signature_fields(PdfMemDocument& doc) {
    std::vector<SigField> out;
    PdfObject* form = acro_form(doc);
    if (!form) return out;
    PdfObject* fields = form->GetIndirectKey("Fields");
    if (!fields || !fields->IsArray()) return out;
    Walker walker{doc.GetObjects(), out, {}};
    for (PdfObject& field : fields->GetArray()) walker.walk(&field, "", "", 0);
    return out;
}

// What /Info /ModDate said in the file before PoDoFo's Load overwrote it
// (PdfInfo's constructor stamps "now"); nullopt when there was none.
std::string field_person(PdfVecObjects& objects, const SigField& field) {
    if (field.object && field.object->IsDictionary()) {
        const PdfObject* t = resolve(objects, const_cast<PdfObject*>(field.object->GetDictionary().GetKey("T")));
        if (t && (t->IsString() || t->IsHexString())) return t->GetString().GetStringUtf8();
    }
    return field.name;
}

std::optional<PdfString> original_mod_date(const std::string& bytes) {
    PdfVecObjects objects;
    objects.SetAutoDelete(true);  // the parser's objects are ours to free
    PdfParser parser(&objects);
    parser.ParseFile(bytes.data(), static_cast<long>(bytes.size()), true);
    const PdfObject* trailer = parser.GetTrailer();
    if (!trailer || !trailer->IsDictionary()) return std::nullopt;
    const PdfObject* info = trailer->GetDictionary().GetKey("Info");
    if (info && info->IsReference()) info = objects.GetObject(info->GetReference());
    if (!info || !info->IsDictionary()) return std::nullopt;
    const PdfObject* date = info->GetDictionary().GetKey("ModDate");
    if (!date || !date->IsString()) return std::nullopt;
    return date->GetString();
}

PlaceholderUpdate::PlaceholderUpdate(size_t room) : m_memory(&m_buffer), m_device(&m_memory) {
    m_device.SetSignatureSize(room);
}

void PlaceholderUpdate::write(PdfMemDocument& doc, const std::string& what) {
    doc.WriteUpdate(&m_device, true);
    if (!m_device.HasSignaturePosition()) throw Error(ErrorCode::Internal, {}, "PoDoFo wrote no " + what + " placeholder");
    PdfArray adjusted = m_device.AdjustByteRange();
    m_device.Flush();
    m_bytes.assign(m_buffer.GetBuffer(), m_memory.GetLength());
    if (adjusted.size() != 4) throw Error(ErrorCode::Internal, {}, "unexpected /ByteRange");
    for (int i = 0; i < 4; ++i) range[i] = static_cast<size_t>(adjusted[i].GetNumber());
    if (range[0] != 0 || range[1] >= range[2] || range[2] + range[3] != m_bytes.size() || m_bytes[range[1]] != '<' ||
        m_bytes[range[2] - 1] != '>')
        throw Error(ErrorCode::Internal, {}, "PoDoFo's /ByteRange does not frame /Contents");
}

std::string PlaceholderUpdate::covered() const {
    return m_bytes.substr(range[0], range[1]) + m_bytes.substr(range[2], range[3]);
}

const std::string& PlaceholderUpdate::fill(const std::string& contents, const std::string& original) {
    m_device.SetSignature(PdfData(contents.data(), contents.size()));
    m_device.Flush();
    m_bytes.assign(m_buffer.GetBuffer(), m_memory.GetLength());
    // An incremental update never touches the bytes before it: that is what
    // keeps earlier signatures valid. Check rather than trust.
    if (m_bytes.size() <= original.size() || m_bytes.compare(0, original.size(), original) != 0)
        throw Error(ErrorCode::Internal, {}, "the update changed bytes of the file it extends");
    return m_bytes;
}

SigningWords signing_words(PdfMemDocument& doc, const SigField* field) {
    SigningWords words;
    auto take = [&](PdfObject* dict, const char* key, std::string& into) {
        if (!dict || !dict->IsDictionary()) return;
        std::string value = text_of(resolve(doc.GetObjects(), dict->GetDictionary().GetKey(key)));
        if (!value.empty() && value.size() <= 200) into = value;
    };
    PdfObject* form = acro_form(doc);
    take(form, signing_keys::TIME_ZONE, words.time_zone);
    take(form, signing_keys::CERTIFICATE, words.certificate);
    take(form, signing_keys::DOCUMENT_TIMESTAMP, words.document_timestamp);
    if (field) take(field->object, signing_keys::SIGNED_BY, words.signed_by);
    return words;
}

void load_keeping_mod_date(PdfMemDocument& doc, const std::string& bytes, bool load_on_demand) {
    const std::optional<PdfString> date = original_mod_date(bytes);
    doc.LoadFromBuffer(bytes.data(), static_cast<long>(bytes.size()), load_on_demand);
    restore_mod_date(doc, date);
}

void restore_mod_date(PdfMemDocument& doc, const std::optional<PdfString>& date) {
    PdfInfo* info = doc.GetInfo();
    if (!info) return;
    PdfDictionary& dict = info->GetObject()->GetDictionary();
    if (date)
        dict.AddKey("ModDate", *date);
    else
        dict.RemoveKey("ModDate");
    // The Info dictionary is as it was: keep it out of the incremental update.
    dict.SetDirty(false);
}

}  // namespace protokoll::sign::detail
