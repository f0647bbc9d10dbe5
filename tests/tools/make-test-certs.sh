#!/bin/sh
# make-test-certs.sh OUTDIR — throwaway PKI for the signing tests.
#
# Creates in OUTDIR (deterministic names, so tests can find them):
#   ca.key ca.pem                      test CA (RSA 2048, SHA-256, 10 years)
#   kent.key kent.pem kent.p12         signer "Kent Lagrell"
#   sara.key sara.pem sara.p12         signer "Sara Nordenhielm"
#   patrik.key patrik.pem patrik.p12   signer "Patrik Linde"
#   signer4…signer6 .key .pem .p12     more signers for a joint meeting's six fields
#                                      (pdfsig cannot trust one certificate used twice)
#   password.txt                       the PKCS#12 password (no newline)
# Keys are generated fresh on every run: no private key is ever committed.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
out=$1
mkdir -p "$out"
cd "$out"

password="protokoll-test"
printf '%s' "$password" > password.txt
chmod 600 password.txt

# End-entity signing certificates carry the key usages a PDF signer needs.
cat > ext.cnf <<'CNF'
[signer]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 3650 \
    -subj "/C=SE/O=Protokoll Test/CN=Protokoll Test CA" -keyout ca.key -out ca.pem \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

serial=1
make_signer() {
    base=$1
    cn=$2
    openssl req -new -newkey rsa:2048 -nodes -sha256 -utf8 \
        -subj "/C=SE/O=Protokoll Test/CN=$cn" -keyout "$base.key" -out "$base.csr" 2>/dev/null
    openssl x509 -req -in "$base.csr" -CA ca.pem -CAkey ca.key -set_serial "$serial" \
        -sha256 -days 3650 -extfile ext.cnf -extensions signer -out "$base.pem" 2>/dev/null
    openssl pkcs12 -export -inkey "$base.key" -in "$base.pem" -certfile ca.pem \
        -name "$cn" -passout "file:password.txt" -out "$base.p12"
    rm -f "$base.csr"
    serial=$((serial + 1))
}

make_signer kent "Kent Lagrell"
make_signer sara "Sara Nordenhielm"
make_signer patrik "Patrik Linde"
make_signer signer4 "Test Signer 4"
make_signer signer5 "Test Signer 5"
make_signer signer6 "Test Signer 6"
rm -f ext.cnf
