// pdfsig: the rule for validation data added after a signature —
// a /DSS whose every object is a certificate, an OCSP response, a CRL or a
// timestamp token, and which keeps what it held.
#pragma once

#include "pdfsig/compare.h"
#include "pdfsig/snapshot.h"

#include <string>

namespace protokoll::sign::detail {

struct DssVerdict {
    std::string problem;  // why the /DSS update is not validation data only; "" when it is
    std::string summary;  // "added: 4 certificates, 3 OCSP responses, 2 CRLs, 3 /VRI entries"; "" when unchanged
};

DssVerdict judge_dss(Comparer& compare, const Snapshot& older, const Snapshot& newer);

// A stream's decoded bytes when it has no filter or only /FlateDecode (the
// filters validation data is written with) and decodes to at most `limit`
// bytes; false with `problem` set otherwise. Never inflates past the limit.
bool bounded_stream_data(const Snapshot& snapshot, const PoDoFo::PdfObject* stream, size_t limit, std::string& out,
                         std::string& problem);

}  // namespace protokoll::sign::detail
