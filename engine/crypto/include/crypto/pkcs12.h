// crypto: a signer's PKCS#12 file opened without OpenSSL's slow key
// derivations (see pkcs12.cpp).
#pragma once

#include "crypto/ossl.h"

#include <string>
#include <string_view>

namespace protokoll::sign {

// What PKCS12_parse(p12, password, &key, &cert, &chain) gives, with its
// return value: 1, or 0 with OpenSSL's error queue saying why. `der` is
// the file `p12` was read from. A file of today's profile (an HMAC-SHA-1 or
// SHA-256 MAC, PBES2 with PBKDF2 and AES-CBC, or bags in the clear) and a
// password without characters beyond the BMP are read here; any other
// file, or anything unexpected, by PKCS12_parse itself. `read_here`, when
// given, says which.
int parse_pkcs12(PKCS12* p12, std::string_view der, const std::string& password, EVP_PKEY** key, X509** cert,
                 STACK_OF(X509)** chain, bool* read_here = nullptr);

}  // namespace protokoll::sign
