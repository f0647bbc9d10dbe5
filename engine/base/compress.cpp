#include "base/compress.h"

#include "base/diagnostic.h"

#include <libdeflate.h>

#include <memory>

namespace protokoll {

namespace {

constexpr int LEVEL = 6;

struct FreeCompressor {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

}  // namespace

std::string deflate_zlib(std::string_view bytes) {
    // A compressor is about 0.5 MB of tables: one per thread, kept (batch
    // renders run documents in threads, and a compressor is not shared).
    thread_local std::unique_ptr<libdeflate_compressor, FreeCompressor> compressor;
    if (!compressor) compressor.reset(libdeflate_alloc_compressor(LEVEL));
    if (!compressor) throw Error(ErrorCode::Internal, SourceLocation{}, "deflate: out of memory");
    std::string out(libdeflate_zlib_compress_bound(compressor.get(), bytes.size()), '\0');
    const size_t size = libdeflate_zlib_compress(compressor.get(), bytes.data(), bytes.size(), &out[0], out.size());
    if (size == 0) throw Error(ErrorCode::Internal, SourceLocation{}, "deflate: the bound was too small");
    out.resize(size);
    return out;
}

}  // namespace protokoll
