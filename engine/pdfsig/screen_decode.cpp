#include "pdfsig/screen_decode.h"

#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <memory>

namespace protokoll::sign::screen {

namespace {

struct TooLarge {
    std::string stage;
};

// One filter: takes bytes, passes what it decodes on to the next stage (or
// the sink). write() returns false once the stage wants no more input.
class Stage {
public:
    Stage(std::string name, size_t limit) : m_name(std::move(name)), m_limit(limit) {}
    virtual ~Stage() = default;
    virtual bool write(const unsigned char* data, size_t size) = 0;
    void connect(Stage* next) { m_next = next; }
    void keep_into(std::string* sink) { m_sink = sink; }
    size_t produced() const { return m_produced; }

protected:
    void emit(const unsigned char* data, size_t size) {
        if (size == 0) return;
        m_produced += size;
        if (m_produced > m_limit) throw TooLarge{m_name};
        if (m_next) m_next->write(data, size);
        else if (m_sink) m_sink->append(reinterpret_cast<const char*>(data), size);
    }

private:
    std::string m_name;
    size_t m_limit;
    size_t m_produced = 0;
    Stage* m_next = nullptr;
    std::string* m_sink = nullptr;
};

class Flate : public Stage {
public:
    explicit Flate(size_t limit) : Stage("FlateDecode", limit) { m_ok = inflateInit(&m_z) == Z_OK; }
    ~Flate() override {
        if (m_ok) inflateEnd(&m_z);
    }
    bool write(const unsigned char* data, size_t size) override {
        if (!m_ok || m_done) return false;
        m_z.next_in = const_cast<unsigned char*>(data);
        m_z.avail_in = static_cast<uInt>(size);
        unsigned char out[16384];
        do {
            m_z.next_out = out;
            m_z.avail_out = sizeof out;
            const int rc = inflate(&m_z, Z_NO_FLUSH);
            emit(out, sizeof out - m_z.avail_out);
            if (rc == Z_STREAM_END || (rc != Z_OK && rc != Z_BUF_ERROR)) {
                m_done = true;
                return false;
            }
            if (rc == Z_BUF_ERROR) break;  // no progress possible: more input needed
        } while (m_z.avail_out == 0 || m_z.avail_in > 0);
        return true;
    }

private:
    z_stream m_z{};
    bool m_ok = false, m_done = false;
};

// PoDoFo's LZW (PdfLZWFilter::DecodeBlockImpl), quirks and all: the table
// grows without bound, `old` and the bit buffer start afresh for every block
// of input. Entries are kept as (prefix, last byte) chains.
class Lzw : public Stage {
public:
    explicit Lzw(size_t limit) : Stage("LZWDecode", limit) { init_table(); }
    bool write(const unsigned char* data, size_t size) override {
        if (m_done) return false;
        if (m_first && size > 0) {
            m_character = data[0];
            m_first = false;
        }
        uint32_t buffer = 0, old = 0;
        unsigned buffer_size = 0;
        static const uint32_t masks[] = {0x1ff, 0x3ff, 0x7ff, 0xfff};
        while (size > 0) {
            while (buffer_size <= 16 && size > 0) {
                buffer = (buffer << 8) | *data++;
                buffer_size += 8;
                --size;
            }
            while (buffer_size >= m_code_len) {
                const uint32_t code = (buffer >> (buffer_size - m_code_len)) & masks[m_mask];
                buffer_size -= m_code_len;
                if (code == 256) {
                    m_mask = 0;
                    m_code_len = 9;
                    init_table();
                } else if (code == 257) {
                    m_done = true;
                    return false;
                } else {
                    if (code >= m_table.size() && old >= m_table.size()) {
                        m_done = true;  // PoDoFo: ValueOutOfRange
                        return false;
                    }
                    const unsigned char first = code < m_table.size() ? m_table[code].first : m_table[old].first;
                    if (code < m_table.size()) output(code, -1);
                    else output(old, m_character);
                    m_character = first;
                    m_table.push_back(Entry{static_cast<int32_t>(old), m_character, m_table[old].first,
                                            m_table[old].length + 1});
                    old = code;
                    const size_t n = m_table.size();
                    if (n == 511 || n == 1023 || n == 2047) {
                        ++m_code_len;
                        ++m_mask;
                    }
                }
            }
        }
        return true;
    }

private:
    struct Entry {
        int32_t prefix;  // -1: none
        unsigned char last, first;
        uint32_t length;
    };
    void init_table() {
        m_table.clear();
        for (int i = 0; i < 256; ++i) m_table.push_back(Entry{-1, static_cast<unsigned char>(i), static_cast<unsigned char>(i), 1});
        m_table.push_back(Entry{-1, 0, 0, 0});  // PoDoFo's dummy entry
    }
    // The bytes of entry `code`, then `extra` when it is a byte.
    void output(uint32_t code, int extra) {
        const Entry& e = m_table[code];
        m_bytes.assign(e.length + (extra >= 0 ? 1 : 0), 0);
        size_t at = e.length;
        for (int32_t i = static_cast<int32_t>(code); i >= 0 && at > 0; i = m_table[i].prefix) m_bytes[--at] = m_table[i].last;
        if (extra >= 0) m_bytes[e.length] = static_cast<unsigned char>(extra);
        emit(m_bytes.data(), m_bytes.size());
    }
    std::vector<Entry> m_table;
    std::vector<unsigned char> m_bytes;
    unsigned m_code_len = 9, m_mask = 0;
    unsigned char m_character = 0;
    bool m_first = true, m_done = false;
};

// PoDoFo's RunLengthDecode reads the length byte as a signed char: 0..127
// copies that many bytes, a "negative" length copies every byte after it.
class RunLength : public Stage {
public:
    explicit RunLength(size_t limit) : Stage("RunLengthDecode", limit) {}
    bool write(const unsigned char* data, size_t size) override {
        for (size_t i = 0; i < size; ++i) {
            if (m_length == 0) m_length = static_cast<signed char>(data[i]);
            else {
                emit(data + i, 1);
                --m_length;
            }
        }
        return true;
    }

private:
    long long m_length = 0;
};

class AsciiHex : public Stage {
public:
    explicit AsciiHex(size_t limit) : Stage("ASCIIHexDecode", limit) {}
    bool write(const unsigned char* data, size_t size) override {
        std::string out;
        for (size_t i = 0; i < size && !m_done; ++i) {
            const unsigned char c = data[i];
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (c == '>') m_done = true;
            if (v < 0) continue;
            if (m_high < 0) m_high = v;
            else {
                out += static_cast<char>(m_high * 16 + v);
                m_high = -1;
            }
        }
        emit(reinterpret_cast<const unsigned char*>(out.data()), out.size());
        return !m_done;
    }

private:
    int m_high = -1;
    bool m_done = false;
};

class Ascii85 : public Stage {
public:
    explicit Ascii85(size_t limit) : Stage("ASCII85Decode", limit) {}
    bool write(const unsigned char* data, size_t size) override {
        std::string out;
        for (size_t i = 0; i < size && !m_done; ++i) {
            const unsigned char c = data[i];
            if (c == '~') m_done = true;
            else if (c == 'z' && m_count == 0) out.append(4, '\0');
            else if (c >= '!' && c <= 'u' && ++m_count == 5) {
                out.append(4, 'x');  // the size counts, not the values
                m_count = 0;
            }
        }
        emit(reinterpret_cast<const unsigned char*>(out.data()), out.size());
        return !m_done;
    }

private:
    int m_count = 0;
    bool m_done = false;
};

std::unique_ptr<Stage> make_stage(const std::string& filter, size_t limit) {
    if (filter == "FlateDecode") return std::make_unique<Flate>(limit);
    if (filter == "LZWDecode") return std::make_unique<Lzw>(limit);
    if (filter == "RunLengthDecode") return std::make_unique<RunLength>(limit);
    if (filter == "ASCIIHexDecode") return std::make_unique<AsciiHex>(limit);
    if (filter == "ASCII85Decode") return std::make_unique<Ascii85>(limit);
    return nullptr;
}

}  // namespace

DecodeResult decode(std::string_view raw, const std::vector<std::string>& filters, size_t limit, bool keep) {
    DecodeResult result;
    std::vector<std::unique_ptr<Stage>> stages;
    for (const auto& filter : filters) {
        std::unique_ptr<Stage> stage = make_stage(filter, limit);
        if (!stage) break;
        if (!stages.empty()) stages.back()->connect(stage.get());
        stages.push_back(std::move(stage));
    }
    if (stages.empty()) {
        result.decoded = raw.size();
        if (keep) result.data.assign(raw.data(), raw.size());
        return result;
    }
    if (keep) stages.back()->keep_into(&result.data);
    try {
        constexpr size_t chunk = 1 << 16;
        for (size_t at = 0; at < raw.size(); at += chunk)
            if (!stages.front()->write(reinterpret_cast<const unsigned char*>(raw.data()) + at, std::min(chunk, raw.size() - at)))
                break;
    } catch (const TooLarge& e) {
        result.too_large = true;
        result.stage = e.stage;
    }
    result.decoded = stages.back()->produced();
    return result;
}

std::string unpredict(const std::string& data, long long predictor, long long colors, long long bpc, long long columns) {
    if (predictor < 2 || colors < 1 || bpc < 1 || columns < 1 || colors * bpc * columns > (1LL << 27)) return data;
    const size_t row = static_cast<size_t>((colors * bpc * columns + 7) / 8);
    const size_t bpp = static_cast<size_t>(std::max(1LL, colors * bpc / 8));
    std::string out;
    if (predictor == 2) {  // TIFF, 8 bits per component
        out = data;
        for (size_t i = 0; i < out.size(); ++i)
            if (i % row >= bpp) out[i] = static_cast<char>(out[i] + out[i - bpp]);
        return out;
    }
    std::string prev(row, '\0'), cur(row, '\0');
    for (size_t at = 0; at < data.size(); at += row + 1) {
        const int type = static_cast<unsigned char>(data[at]);
        const size_t n = std::min(row, data.size() - at - 1);
        for (size_t i = 0; i < n; ++i) {
            const int x = static_cast<unsigned char>(data[at + 1 + i]);
            const int a = i >= bpp ? static_cast<unsigned char>(cur[i - bpp]) : 0;
            const int b = static_cast<unsigned char>(prev[i]);
            const int c = i >= bpp ? static_cast<unsigned char>(prev[i - bpp]) : 0;
            int v = x;
            if (type == 1) v = x + a;
            else if (type == 2) v = x + b;
            else if (type == 3) v = x + (a + b) / 2;
            else if (type == 4) {
                const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
                v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
            }
            cur[i] = static_cast<char>(v);
        }
        out.append(cur, 0, n);
        prev = cur;
    }
    return out;
}

}  // namespace protokoll::sign::screen
