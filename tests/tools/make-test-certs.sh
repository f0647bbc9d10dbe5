#!/bin/sh
# make-test-certs.sh OUTDIR [URL] — throwaway PKI for the signing tests.
#
# Creates in OUTDIR (deterministic names, so tests can find them):
#   ca.key ca.pem                      test CA (RSA 2048, SHA-256, 10 years)
#   kent.key kent.pem kent.p12         signer "Kent Lagrell"
#   sara.key sara.pem sara.p12         signer "Sara Nordenhielm"
#   patrik.key patrik.pem patrik.p12   signer "Patrik Linde"
#   signer4…signer6 .key .pem .p12     more signers for a joint meeting's six fields
#                                      (pdfsig cannot trust one certificate used twice)
#   password.txt                       the PKCS#12 password (no newline)
#   tsa.key tsa.pem tsa.cnf            a time-stamp authority (EKU timeStamping, critical)
#                                      and its `openssl ts -reply` configuration
#   ocsp.key ocsp.pem                  the CA's OCSP responder (EKU OCSPSigning)
#   ca.cnf index.txt serial            the CA's `openssl ca` database: every certificate
#                                      above is in index.txt, so OCSP answers "good"
#   ca.crl                             the CA's CRL (DER), empty until a revocation
#
# With URL (e.g. http://127.0.0.1:8123, where tests/tools/test-pki.py listens),
# the signers' certificates name URL/crl/ca.crl as CRL distribution point and
# URL/ocsp as OCSP responder (authorityInfoAccess), as real e-ID certificates do.
#
# Revoking a signer later (the CRL and OCSP answers change at once):
#   tests/tools/make-test-certs.sh --revoke OUTDIR NAME     (e.g. ... --revoke out sara)
# Keys are generated fresh on every run: no private key is ever committed.
set -eu

make_crl() {
    openssl ca -batch -config ca.cnf -gencrl -crldays 30 -out ca.crl.pem 2>/dev/null
    openssl crl -in ca.crl.pem -outform DER -out ca.crl
    rm -f ca.crl.pem
}

if [ $# -eq 3 ] && [ "$1" = "--revoke" ]; then
    cd "$2"
    openssl ca -batch -config ca.cnf -revoke "$3.pem" -crl_reason keyCompromise 2>/dev/null
    make_crl
    exit 0
fi
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 OUTDIR [URL] | $0 --revoke OUTDIR NAME" >&2
    exit 2
fi
out=$1
url=${2:-}
mkdir -p "$out"
cd "$out"
dir=$(pwd)

password="protokoll-test"
printf '%s' "$password" > password.txt
chmod 600 password.txt

# The CA's database: `openssl ca` issues, revokes and writes CRLs; the OCSP
# responder reads the same index.txt.
rm -f index.txt index.txt.* serial serial.* tsaserial
: > index.txt
echo 01 > serial
echo 01 > tsaserial
revocation=""
if [ -n "$url" ]; then
    revocation="crlDistributionPoints = URI:$url/crl/ca.crl
authorityInfoAccess = OCSP;URI:$url/ocsp"
fi
cat > ca.cnf <<CNF
[ca]
default_ca = test_ca
[test_ca]
dir = $dir
database = \$dir/index.txt
new_certs_dir = \$dir
serial = \$dir/serial
certificate = \$dir/ca.pem
private_key = \$dir/ca.key
default_md = sha256
default_days = 3650
default_crl_days = 30
policy = anything
crl_extensions = crl_ext
unique_subject = no
copy_extensions = none
utf8 = yes
[crl_ext]
authorityKeyIdentifier = keyid:always
[anything]
countryName = optional
organizationName = optional
commonName = supplied
# End-entity signing certificates carry the key usages a PDF signer needs.
[signer]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
$revocation
[tsa]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ocsp]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = OCSPSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 3650 \
    -subj "/C=SE/O=Protokoll Test/CN=Protokoll Test CA" -keyout ca.key -out ca.pem \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" 2>/dev/null

issue() {  # issue BASE "CN" EXTENSIONS
    openssl req -new -newkey rsa:2048 -nodes -sha256 -utf8 \
        -subj "/C=SE/O=Protokoll Test/CN=$2" -keyout "$1.key" -out "$1.csr" 2>/dev/null
    openssl ca -batch -config ca.cnf -extensions "$3" -notext -in "$1.csr" -out "$1.pem" 2>/dev/null
    rm -f "$1.csr"
}
make_signer() {
    issue "$1" "$2" signer
    openssl pkcs12 -export -inkey "$1.key" -in "$1.pem" -certfile ca.pem \
        -name "$2" -passout "file:password.txt" -out "$1.p12"
}

make_signer kent "Kent Lagrell"
make_signer sara "Sara Nordenhielm"
make_signer patrik "Patrik Linde"
make_signer signer4 "Test Signer 4"
make_signer signer5 "Test Signer 5"
make_signer signer6 "Test Signer 6"
issue tsa "Protokoll Test TSA" tsa
issue ocsp "Protokoll Test OCSP" ocsp
rm -f ./[0-9A-F][0-9A-F].pem   # openssl ca's copies, named by serial
make_crl

cat > tsa.cnf <<CNF
[tsa]
default_tsa = test_tsa
[test_tsa]
dir = $dir
serial = \$dir/tsaserial
crypto_device = builtin
signer_cert = \$dir/tsa.pem
certs = \$dir/ca.pem
signer_key = \$dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = sha256, sha384, sha512
accuracy = secs:1
clock_precision_digits = 0
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
