#include "wellformed.h"

#include "parse/limits.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace protokoll::parse {

namespace {

const char* const k_write_lt = "write &lt; for a \"<\" in text (\"&lt;40 år\")";
const char* const k_write_amp = "write &amp; for an \"&\" in text (\"Svensson &amp; Co\")";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_name_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' ||
           static_cast<unsigned char>(c) >= 0x80;
}

bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-'; }

// A character XML 1.0 allows (production Char).
bool is_xml_char(unsigned long c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

std::string code_point(unsigned long c) {
    char text[16];
    std::snprintf(text, sizeof text, "U+%04lX", c);
    return text;
}

class Scanner {
public:
    Scanner(const std::string& text, const SourceText& source) : m_text(text), m_source(source) {}

    void run() {
        m_start = m_text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
        m_at = m_start;
        while (m_at < m_text.size()) {
            char c = m_text[m_at];
            if (c == '<') markup();
            else if (c == '&') reference();
            else if (c == ']' && m_text.compare(m_at, 3, "]]>") == 0)
                error(m_at, "\"]]>\" is not allowed in text", {"write ]]&gt;"});
            else character();
        }
        if (!m_open.empty()) {
            const Open& last = m_open.back();
            error(last.offset, tag(last.name) + " is not closed: the file ends before </" + last.name + ">");
        }
    }

private:
    struct Open {
        std::string name;
        size_t offset;  // of its "<"
    };

    static std::string tag(const std::string& name) { return "<" + name + ">"; }

    [[noreturn]] void error(size_t offset, const std::string& message, std::vector<std::string> hints = {}) const {
        fail(m_source.location(offset), "malformed XML: " + message, std::move(hints));
    }

    std::string position(size_t offset) const {
        SourceLocation where = m_source.location(offset);
        return "line " + std::to_string(where.line) + ", column " + std::to_string(where.column);
    }

    // One character of text (or of an attribute value): control characters
    // other than tab, line feed and carriage return are not XML.
    void character() {
        unsigned char c = static_cast<unsigned char>(m_text[m_at]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            error(m_at, "control character " + code_point(c) + " is not allowed in XML",
                  {"remove it (it is often left by copying from another program)"});
        ++m_at;
    }

    std::string name() {
        size_t begin = m_at;
        if (m_at < m_text.size() && is_name_start(m_text[m_at]))
            while (m_at < m_text.size() && is_name_char(m_text[m_at])) ++m_at;
        return m_text.substr(begin, m_at - begin);
    }

    bool skip_space() {
        size_t begin = m_at;
        while (m_at < m_text.size() && is_space(m_text[m_at])) ++m_at;
        return m_at > begin;
    }

    void markup() {
        size_t at = m_at;
        if (m_text.compare(at, 4, "<!--") == 0) return comment();
        if (m_text.compare(at, 9, "<![CDATA[") == 0) {
            size_t end = m_text.find("]]>", at + 9);
            if (end == std::string::npos) error(at, "CDATA section not closed with ]]>");
            m_at = end + 3;
            return;
        }
        if (m_text.compare(at, 9, "<!DOCTYPE") == 0)
            error(at, "a <!DOCTYPE> is not allowed",
                  {"protocols and layouts use no DTD (their schemas are schema/protocol.xsd and schema/layout.xsd): "
                   "remove the <!DOCTYPE …> declaration"});
        if (m_text.compare(at, 2, "<!") == 0) error(at, "\"<!\" starts no comment or CDATA section", {k_write_lt});
        if (m_text.compare(at, 2, "<?") == 0) return processing_instruction();
        if (m_text.compare(at, 2, "</") == 0) return end_tag();
        if (at + 1 < m_text.size() && is_name_start(m_text[at + 1])) return start_tag();
        error(at, "a \"<\" that starts no tag", {k_write_lt});
    }

    void comment() {
        size_t at = m_at;
        size_t dashes = m_text.find("--", at + 4);
        if (dashes == std::string::npos) error(at, "comment not closed with -->");
        if (m_text.compare(dashes, 3, "-->") != 0)
            error(dashes, "\"--\" inside a comment", {"XML allows no \"--\" between <!-- and -->"});
        m_at = dashes + 3;
    }

    void processing_instruction() {
        size_t at = m_at;
        size_t end = m_text.find("?>", at + 2);
        if (end == std::string::npos) error(at, "<?…?> declaration not closed with ?>");
        m_at = at + 2;
        std::string target = name();
        std::string lower = target;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return c | 0x20; });
        if (lower == "xml" && at != m_start)
            error(at, "the XML declaration <?xml …?> must come first in the file",
                  {"nothing, not even a blank line or a comment, may come before it"});
        m_at = end + 2;
    }

    void end_tag() {
        size_t at = m_at;
        m_at += 2;
        std::string tag_name = name();
        if (tag_name.empty()) error(at, "bad end tag", {"an end tag is </name>; " + std::string(k_write_lt)});
        skip_space();
        if (m_at >= m_text.size() || m_text[m_at] != '>')
            error(m_at < m_text.size() ? m_at : at, "end tag </" + tag_name + "> not closed with \">\"");
        ++m_at;
        if (m_open.empty())
            error(at, "end tag </" + tag_name + "> closes no element",
                  {"remove it, or add its start tag " + tag(tag_name)});
        const Open& open = m_open.back();
        if (open.name != tag_name)
            error(at,
                  tag(open.name) + " (" + position(open.offset) + ") is not closed before </" + tag_name + ">",
                  {"close elements in the reverse order they were opened: </" + open.name + "> first"});
        m_open.pop_back();
    }

    void start_tag() {
        size_t at = m_at;
        ++m_at;
        std::string tag_name = name();
        if (++m_elements > limits::elements)
            error(at, "more than " + std::to_string(limits::elements) + " elements in the file (limit " +
                          std::to_string(limits::elements) + ")");
        std::vector<std::string> attributes;
        while (true) {
            bool spaced = skip_space();
            if (m_at >= m_text.size()) error(at, tag(tag_name) + " is not closed with \">\": the file ends in it");
            if (m_text[m_at] == '>') {
                ++m_at;
                if (static_cast<int>(m_open.size()) >= limits::depth)
                    error(at, "elements nested deeper than " + std::to_string(limits::depth) + " (limit " +
                                  std::to_string(limits::depth) + ")",
                          {"an element is missing its end tag, or the file is not a protocol or layout"});
                m_open.push_back({tag_name, at});
                return;
            }
            if (m_text.compare(m_at, 2, "/>") == 0) {
                m_at += 2;
                return;
            }
            if (!spaced)
                error(m_at, "expected white space, \">\" or \"/>\" in the tag " + tag(tag_name),
                      {"write attributes as name=\"value\", separated by spaces"});
            attribute(tag_name, attributes);
        }
    }

    void attribute(const std::string& element, std::vector<std::string>& seen) {
        size_t at = m_at;
        std::string attribute_name = name();
        if (attribute_name.empty())
            error(at, "unexpected \"" + std::string(1, m_text[at]) + "\" in the tag " + tag(element),
                  {"write attributes as name=\"value\""});
        const std::string write = "write " + attribute_name + "=\"…\"";
        if (std::find(seen.begin(), seen.end(), attribute_name) != seen.end())
            error(at, "attribute \"" + attribute_name + "\" appears twice on " + tag(element),
                  {"write each attribute once"});
        if (seen.size() >= limits::attributes)
            error(at, "more than " + std::to_string(limits::attributes) + " attributes on " + tag(element) +
                          " (limit " + std::to_string(limits::attributes) + ")");
        seen.push_back(attribute_name);
        skip_space();
        if (m_at >= m_text.size() || m_text[m_at] != '=')
            error(at, "attribute \"" + attribute_name + "\" on " + tag(element) + " has no value", {write});
        ++m_at;
        skip_space();
        if (m_at >= m_text.size() || (m_text[m_at] != '"' && m_text[m_at] != '\''))
            error(m_at < m_text.size() ? m_at : at,
                  "the value of attribute \"" + attribute_name + "\" on " + tag(element) + " is not in quotes", {write});
        char quote = m_text[m_at++];
        size_t characters = 0;
        while (true) {
            if (m_at >= m_text.size())
                error(at, "the value of attribute \"" + attribute_name + "\" on " + tag(element) +
                              " has no closing quote");
            char c = m_text[m_at];
            if (c == quote) break;
            if (c == '<')
                error(m_at, "a \"<\" in the value of attribute \"" + attribute_name + "\"", {"write &lt;"});
            if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && ++characters > limits::attribute_chars)
                error(at, "the value of attribute \"" + attribute_name + "\" on " + tag(element) +
                              " is longer than " + std::to_string(limits::attribute_chars) + " characters (limit " +
                              std::to_string(limits::attribute_chars) + ")");
            if (c == '&') reference();
            else character();
        }
        ++m_at;
    }

    // "&" must start &name; (one of XML's five) or a character reference.
    void reference() {
        size_t at = m_at;
        ++m_at;
        if (m_at < m_text.size() && m_text[m_at] == '#') return character_reference(at);
        size_t begin = m_at;
        while (m_at < m_text.size() && m_at - begin < 64 && is_name_char(m_text[m_at]) &&
               static_cast<unsigned char>(m_text[m_at]) < 0x80)
            ++m_at;
        std::string entity = m_text.substr(begin, m_at - begin);
        if (entity.empty() || !is_name_start(entity[0]) || m_at >= m_text.size() || m_text[m_at] != ';')
            error(at, "a raw \"&\" that starts no entity", {k_write_amp});
        ++m_at;
        static const char* const known[] = {"amp", "lt", "gt", "quot", "apos"};
        if (std::find(std::begin(known), std::end(known), entity) == std::end(known))
            error(at, "unknown entity &" + entity + ";",
                  {"XML knows only &amp; &lt; &gt; &quot; &apos;: write the character itself, or a character "
                   "reference such as &#160; (no-break space)",
                   k_write_amp});
    }

    void character_reference(size_t at) {
        ++m_at;  // '#'
        bool hex = m_at < m_text.size() && m_text[m_at] == 'x';
        if (hex) ++m_at;
        unsigned long value = 0;
        size_t digits = 0;
        for (; m_at < m_text.size(); ++m_at, ++digits) {
            char c = m_text[m_at];
            int digit = c >= '0' && c <= '9' ? c - '0'
                        : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                      : -1;
            if (digit < 0) break;
            value = std::min(value * (hex ? 16 : 10) + static_cast<unsigned long>(digit), 0x110000UL);
        }
        if (digits == 0 || m_at >= m_text.size() || m_text[m_at] != ';')
            error(at, "bad character reference", {"write &#NNN; or &#xHHHH;", k_write_amp});
        ++m_at;
        if (!is_xml_char(value))
            error(at, "character reference " + m_text.substr(at, m_at - at) + " is not a character XML allows");
    }

    const std::string& m_text;
    const SourceText& m_source;
    size_t m_at = 0;
    size_t m_start = 0;
    size_t m_elements = 0;
    std::vector<Open> m_open;
};

}  // namespace

void check_well_formed(const std::string& text, const SourceText& source) { Scanner(text, source).run(); }

}  // namespace protokoll::parse
