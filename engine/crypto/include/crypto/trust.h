// crypto: the trust anchors of --trust, read once for verify and seal.
#pragma once

#include "crypto/ossl.h"

#include <string>
#include <vector>

namespace protokoll::sign::trust {

// Every certificate of the PEM files (any number each), in order. Throws
// Error(BadInput) naming a file that cannot be read or holds no PEM
// certificate.
ossl::Ptr<STACK_OF(X509)> read_anchors(const std::vector<std::string>& files);

// The anchors as a store to verify chains against; nullptr for none.
ossl::Ptr<X509_STORE> store_of(STACK_OF(X509)* anchors);

}  // namespace protokoll::sign::trust
