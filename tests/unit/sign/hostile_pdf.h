// Hostile PDFs for the screen and guard tests, written byte by byte (no PDF
// library would write them): minimal files from scratch, and incremental
// updates appended to a real file.
#pragma once

#include <catch2/catch.hpp>
#include <zlib.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace protokoll::sign::testing {

inline std::string nested_dict(int depth) {
    std::string out;
    for (int i = 0; i < depth; ++i) out += "<< /A ";
    out += "1";
    for (int i = 0; i < depth; ++i) out += " >>";
    return out;
}

inline std::string nested_array(int depth) { return std::string(depth, '[') + "1" + std::string(depth, ']'); }

// `zeros` zero bytes then `data`, zlib-compressed in steps (a bomb never
// exists uncompressed in the test either).
inline std::string deflated(const std::string& data, size_t zeros = 0) {
    z_stream z{};
    REQUIRE(deflateInit(&z, 9) == Z_OK);
    std::string out;
    const std::string chunk(1 << 20, '\0');
    auto feed = [&](const std::string& in, int flush) {
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        z.avail_in = static_cast<uInt>(in.size());
        char buffer[1 << 16];
        do {
            z.next_out = reinterpret_cast<Bytef*>(buffer);
            z.avail_out = sizeof buffer;
            deflate(&z, flush);
            out.append(buffer, sizeof buffer - z.avail_out);
        } while (z.avail_out == 0);
    };
    feed(data, Z_NO_FLUSH);
    for (size_t done = 0; done < zeros; done += chunk.size())
        feed(zeros - done >= chunk.size() ? chunk : chunk.substr(0, zeros - done), Z_NO_FLUSH);
    feed("", Z_FINISH);
    deflateEnd(&z);
    return out;
}

inline std::string stream_object(const std::string& dict_entries, const std::string& data) {
    return "<< " + dict_entries + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data + "\nendstream";
}

// The three objects every test file starts with: catalog, pages, one page.
inline std::vector<std::string> base_objects() {
    return {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 595 842 ] >>"};
}

// A whole file: `objects` are objects 1, 2, …, a classic xref table; the
// trailer gets /Size and /Root unless `trailer` names them.
inline std::string hand_pdf(const std::vector<std::string>& objects, const std::string& trailer = "") {
    std::string out = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
    std::vector<size_t> offsets;
    for (size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (size_t offset : offsets) {
        char entry[32];
        std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
        out += entry;
    }
    out += "trailer\n<< ";
    if (trailer.find("/Size") == std::string::npos) out += "/Size " + std::to_string(objects.size() + 1) + " ";
    if (trailer.find("/Root") == std::string::npos) out += "/Root 1 0 R ";
    out += trailer + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

// A whole file whose last section is a cross-reference stream: `objects`
// plainly (1, 2, …), then an object stream holding `members`, then the xref
// stream. `w` is written as /W (the entries are [1 4 2] all the same).
inline std::string xref_stream_pdf(const std::vector<std::string>& objects, const std::vector<std::string>& members,
                                   bool compress, const std::string& w = "[1 4 2]") {
    std::string out = "%PDF-1.7\n";
    std::vector<size_t> offsets;
    for (size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const size_t first_member = objects.size() + 1, stm = first_member + members.size(), xref = stm + 1;
    std::string header, body;
    for (size_t i = 0; i < members.size(); ++i) {
        header += std::to_string(first_member + i) + " " + std::to_string(body.size()) + " ";
        body += members[i] + "\n";
    }
    std::string content = header + body;
    std::string filter;
    if (compress) {
        content = deflated(content);
        filter = " /Filter /FlateDecode";
    }
    const size_t stm_at = out.size();
    out += std::to_string(stm) + " 0 obj\n" +
           stream_object("/Type /ObjStm /N " + std::to_string(members.size()) + " /First " + std::to_string(header.size()) + filter,
                         content) +
           "\nendobj\n";
    const size_t xref_at = out.size();
    auto entry = [](int type, size_t a, size_t b) {
        std::string e(1, static_cast<char>(type));
        for (int shift = 24; shift >= 0; shift -= 8) e += static_cast<char>((a >> shift) & 0xff);
        return e + static_cast<char>((b >> 8) & 0xff) + static_cast<char>(b & 0xff);
    };
    std::string entries = entry(0, 0, 65535);
    for (size_t offset : offsets) entries += entry(1, offset, 0);
    for (size_t i = 0; i < members.size(); ++i) entries += entry(2, stm, i);
    entries += entry(1, stm_at, 0) + entry(1, xref_at, 0);
    out += std::to_string(xref) + " 0 obj\n" +
           stream_object("/Type /XRef /Size " + std::to_string(xref + 1) + " /W " + w + " /Root 1 0 R", entries) +
           "\nendobj\nstartxref\n" + std::to_string(xref_at) + "\n%%EOF\n";
    return out;
}

// `pdf` (with a classic trailer) and an incremental update: `objects` by
// number (new ones from the trailer's /Size on, or replacements), a table,
// a trailer with /Prev — or `prev` instead, and `trailer` added to it.
inline std::string append_update(const std::string& pdf, const std::map<long, std::string>& objects,
                                 const std::string& trailer = "", long long prev = -1) {
    auto number_after = [&](const std::string& key, size_t from) {
        const size_t at = pdf.find(key, from);
        REQUIRE(at != std::string::npos);
        return std::stoll(pdf.substr(at + key.size()));
    };
    const size_t last_trailer = pdf.rfind("trailer");
    REQUIRE(last_trailer != std::string::npos);
    const long long size = number_after("/Size", last_trailer), root = number_after("/Root", last_trailer);
    const long long startxref = number_after("startxref", pdf.rfind("startxref"));
    std::string out = pdf;
    if (out.back() != '\n') out += '\n';
    long long new_size = size;
    std::map<long, size_t> offsets;
    for (const auto& [num, body] : objects) {
        offsets[num] = out.size();
        out += std::to_string(num) + " 0 obj\n" + body + "\nendobj\n";
        new_size = std::max<long long>(new_size, num + 1);
    }
    const size_t xref = out.size();
    out += "xref\n0 1\n0000000000 65535 f \n";
    for (const auto& [num, offset] : offsets) {
        char entry[64];
        std::snprintf(entry, sizeof entry, "%ld 1\n%010zu 00000 n \n", num, offset);
        out += entry;
    }
    out += "trailer\n<< ";
    if (trailer.find("/Size") == std::string::npos) out += "/Size " + std::to_string(new_size) + " ";
    out += "/Root " + std::to_string(root) + " 0 R /Prev " + std::to_string(prev >= 0 ? prev : startxref) + " " + trailer +
           " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

// The /Size of the newest trailer: the number a new object gets.
inline long next_object(const std::string& pdf) {
    const size_t at = pdf.find("/Size", pdf.rfind("trailer"));
    REQUIRE(at != std::string::npos);
    return std::stol(pdf.substr(at + 5));
}

}  // namespace protokoll::sign::testing
