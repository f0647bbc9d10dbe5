// A public copy (public_copy.h).
#include "public_copy.h"

#include <cctype>

namespace protokoll::resolve {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

int number(const std::string& s, size_t at, size_t n) {
    int out = 0;
    for (size_t i = 0; i < n; ++i) out = out * 10 + (s[at + i] - '0');
    return out;
}

// MMDD of a personnummer, or of a samordningsnummer (day + 60).
bool month_and_day(const std::string& s, size_t at) {
    const int month = number(s, at, 2), day = number(s, at + 2, 2);
    return month >= 1 && month <= 12 && ((day >= 1 && day <= 31) || (day >= 61 && day <= 91));
}

// The Luhn check over the ten digits YYMMDDNNNC (Skatteverket's rule).
bool check_digit_holds(const std::string& ten) {
    int sum = 0;
    for (size_t i = 0; i < 10; ++i) {
        int d = (ten[i] - '0') * (i % 2 == 0 ? 2 : 1);
        sum += d > 9 ? d - 9 : d;
    }
    return sum % 10 == 0;
}

// The length of an identity number that starts at `at`, or 0.
size_t identity_number_at(const std::string& s, size_t at) {
    size_t digits = 0;
    while (at + digits < s.size() && digit(s[at + digits])) ++digits;
    const bool century = digits >= 8 && (s.compare(at, 2, "18") == 0 || s.compare(at, 2, "19") == 0 ||
                                         s.compare(at, 2, "20") == 0);
    auto followed_by_four = [&](size_t from) {
        if (from + 5 > s.size() || (s[from] != '-' && s[from] != '+')) return false;
        for (size_t i = 1; i <= 4; ++i)
            if (!digit(s[from + i])) return false;
        return from + 5 == s.size() || !digit(s[from + 5]);
    };
    if (digits == 6 && month_and_day(s, at + 2) && followed_by_four(at + 6)) return 11;
    if (digits == 8 && century && month_and_day(s, at + 4) && followed_by_four(at + 8)) return 13;
    if (digits == 12 && century && month_and_day(s, at + 4) && check_digit_holds(s.substr(at + 2, 10))) return 12;
    if (digits == 10 && month_and_day(s, at + 2) && check_digit_holds(s.substr(at, 10))) return 10;
    return 0;
}

model::Inline mark_inline(const std::string& text) {
    model::Inline out;
    out.text = text;
    return out;
}

model::RichText mark_text(const std::string& text) {
    model::Block block;
    block.inlines.push_back(mark_inline(text));
    return {block};
}

class Copier {
public:
    explicit Copier(const RemovalMark& mark) : m_mark(mark) {}

    std::string plain(const std::string& text) const {
        return without_identity_numbers(text, m_mark.text(m_mark.default_grounds));
    }

    // Runs of one <confidential> become one mark; other runs lose their
    // identity numbers (and a link its target when the target holds one).
    std::vector<model::Inline> inlines(const std::vector<model::Inline>& written) const {
        std::vector<model::Inline> out;
        int open = 0;
        for (const model::Inline& in : written) {
            if (in.confidential) {
                if (in.confidential != open) out.push_back(mark_inline(m_mark.text(in.grounds)));
                open = in.confidential;
                continue;
            }
            open = 0;
            model::Inline copy = in;
            copy.text = plain(in.text);
            if (plain(in.href) != in.href) copy.href.clear();
            out.push_back(std::move(copy));
        }
        return out;
    }

    model::RichText rich_text(const model::RichText& written) const {
        model::RichText out = written;
        for (model::Block& block : out) {
            block.inlines = inlines(block.inlines);
            for (model::ListItem& item : block.items) item.blocks = rich_text(item.blocks);
        }
        return out;
    }

    model::Section section(const model::Section& written) const {
        model::Section out = written;
        if (written.confidential) {
            const std::string text = m_mark.text(written.grounds);
            if (written.kind == model::SectionKind::Basis) {
                model::BasisDocument document;
                document.title = text;
                document.where = written.where;
                out.documents = {document};
            } else {
                out.content = mark_text(text);  // a vote's, a reservation's, a distribution's too, and who
                out.person.clear();
                out.vote = {};
                out.recipients.clear();
            }
            return out;
        }
        for (model::Proposal& proposal : out.vote.proposals) proposal.text = plain(proposal.text);
        for (std::string& recipient : out.recipients) recipient = plain(recipient);
        out.content = rich_text(written.content);
        for (model::BasisDocument& document : out.documents) {
            document.title = plain(document.title);
            document.reference = plain(document.reference);
        }
        return out;
    }

    model::Paragraph paragraph(const model::Paragraph& written) const {
        model::Paragraph out = written;
        out.title = plain(written.title);
        if (written.confidential) {
            model::Section removed;
            removed.kind = model::SectionKind::Text;
            removed.label = std::string();
            removed.content = mark_text(m_mark.text(written.grounds));
            removed.where = written.where;
            out.sections = {removed};
            return out;
        }
        for (model::Section& section : out.sections) section = this->section(section);
        return out;
    }

private:
    const RemovalMark& m_mark;
};

}  // namespace

std::string RemovalMark::text(const std::string& grounds) const {
    const std::string value = grounds.empty() ? default_grounds : grounds;
    std::string out = words;
    const std::string key = "{grounds}";
    if (size_t at = out.find(key); at != std::string::npos) out.replace(at, key.size(), value);
    return out;
}

std::string without_identity_numbers(const std::string& text, const std::string& mark) {
    std::string out;
    for (size_t at = 0; at < text.size();) {
        const bool starts = digit(text[at]) && (at == 0 || !digit(text[at - 1]));
        if (size_t length = starts ? identity_number_at(text, at) : 0) {
            out += mark;
            at += length;
            continue;
        }
        out += text[at++];
    }
    return out;
}

model::Protocol public_copy(const model::Protocol& written, const RemovalMark& mark) {
    Copier copier(mark);
    model::Protocol out = written;
    out.title = copier.plain(written.title);
    out.meeting.place = copier.plain(written.meeting.place);
    for (model::Paragraph& paragraph : out.paragraphs) paragraph = copier.paragraph(paragraph);
    out.closing = copier.rich_text(written.closing);
    return out;
}

}  // namespace protokoll::resolve
