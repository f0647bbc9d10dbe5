#!/bin/sh
# make-test-certs.sh OUTDIR [URL] — throwaway PKI for the signing tests.
#
# Creates in OUTDIR (deterministic names, so tests can find them):
#   ca.key ca.pem                      test CA (RSA 2048, SHA-256), valid from 2019-01-01
#                                      for 25 years from now
#   kent.key kent.pem kent.p12         signer "Kent Lagrell"
#   sara.key sara.pem sara.p12         signer "Sara Nordenhielm"
#   patrik.key patrik.pem patrik.p12   signer "Patrik Linde"
#   signer4…signer6 .key .pem .p12     more signers ("Test Signer 4" …) whose fields the tests make
#   asa.key asa.pem asa.p12            signer "Åsa Öberg" (a UTF-8 name)
#   kent-olof.{key,pem,p12}            "Kent Olof Lagrell": Kent with his middle name
#   kent-eid.{key,pem,p12}             Kent as a Swedish e-ID names him: givenName "Kent Olof",
#                                      surname "Lagrell", no commonName
#   signers.txt                        BASE<TAB>NAME of every signer above (not of those below)
# and, for the refusals (all "Kent Lagrell"):
#   kent-expired.{key,pem,p12}         valid 2019-06-01 to 2021-06-01
#   kent-notyet.{key,pem,p12}          valid from a year from now, for a year
#   kent-nosign.{key,pem,p12}          keyUsage keyEncipherment only
#   kent-wrongkey.p12                  kent.pem with a private key that is not its own
#   password.txt                       the PKCS#12 password (no newline)
# Signers' certificates (and the TSA's and OCSP responder's) are valid from
# 2022-01-01 for 10 years from now: tests sign with fixed times since then
# (SOURCE_DATE_EPOCH 2023-11-14, 2026-01-01).
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
# A signer for any name (a protocol's field), issued by the same CA on first use;
# prints the BASE of BASE.p12 (kent for "Kent Lagrell", person1, person2, …):
#   tests/tools/make-test-certs.sh --signer OUTDIR "Full Name"
# Keys are generated fresh on every run: no private key is ever committed.
set -eu

make_crl() {
    openssl ca -batch -config ca.cnf -gencrl -crldays 30 -out ca.crl.pem 2>/dev/null
    openssl crl -in ca.crl.pem -outform DER -out ca.crl
    rm -f ca.crl.pem
}

issue() {  # issue BASE "SUBJECT" EXTENSIONS [openssl ca options…]
    local base=$1 subject=$2 extensions=$3
    shift 3
    openssl req -new -newkey rsa:2048 -nodes -sha256 -utf8 \
        -subj "$subject" -keyout "$base.key" -out "$base.csr" 2>/dev/null
    openssl ca -batch -config ca.cnf -extensions "$extensions" -notext "$@" -in "$base.csr" -out "$base.pem" 2>/dev/null
    rm -f "$base.csr" ./[0-9A-F][0-9A-F].pem   # openssl ca's copies, named by serial
}
pkcs12() {  # pkcs12 BASE NAME
    openssl pkcs12 -export -inkey "$1.key" -in "$1.pem" -certfile ca.pem \
        -name "$2" -passout "file:password.txt" -out "$1.p12"
}
make_signer() {  # make_signer BASE "CN": a signer anyone may look up by name (--signer)
    issue "$1" "/C=SE/O=Protokoll Test/CN=$2" signer
    pkcs12 "$1" "$2"
    printf '%s\t%s\n' "$1" "$2" >> signers.txt
}

if [ $# -eq 3 ] && [ "$1" = "--revoke" ]; then
    cd "$2"
    openssl ca -batch -config ca.cnf -revoke "$3.pem" -crl_reason keyCompromise 2>/dev/null
    make_crl
    exit 0
fi
if [ $# -eq 3 ] && [ "$1" = "--signer" ]; then
    cd "$2"
    base=$(awk -F '\t' -v name="$3" '$2 == name { print $1; exit }' signers.txt)
    if [ -z "$base" ]; then
        base="person$(( $(wc -l < signers.txt) + 1 ))"
        make_signer "$base" "$3"
    fi
    echo "$base"
    exit 0
fi
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 OUTDIR [URL] | $0 --revoke OUTDIR NAME | $0 --signer OUTDIR \"FULL NAME\"" >&2
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
rm -f index.txt index.txt.* serial serial.* tsaserial signers.txt
rm -rf ca-self
: > index.txt
: > signers.txt
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
default_startdate = 20220101000000Z
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
# Names as a Swedish e-ID gives them: givenName and surname, maybe no commonName.
[eid]
countryName = optional
organizationName = optional
givenName = supplied
surname = supplied
commonName = optional
# The CA signs itself with a database of its own, so that the signers'
# serials (01 Kent, 02 Sara, …) stay what they were.
[self_ca]
dir = $dir/ca-self
database = \$dir/index.txt
new_certs_dir = \$dir
serial = \$dir/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
utf8 = yes
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
# End-entity signing certificates carry the key usages a PDF signer needs.
[signer]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
$revocation
# A certificate for encryption only: not for signatures.
[encipher]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyEncipherment
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

# The CA: self-signed (`openssl req -x509` cannot set a start date), valid
# since before every certificate it issues. A random serial, as req -x509 gives.
mkdir ca-self
: > ca-self/index.txt
echo "01$(openssl rand -hex 7)" > ca-self/serial
openssl req -new -newkey rsa:2048 -nodes -sha256 \
    -subj "/C=SE/O=Protokoll Test/CN=Protokoll Test CA" -keyout ca.key -out ca.csr 2>/dev/null
openssl ca -batch -config ca.cnf -name self_ca -selfsign -keyfile ca.key -extensions ca_ext -notext \
    -startdate 20190101000000Z -days 9125 -in ca.csr -out ca.pem 2>/dev/null
rm -rf ca.csr ca-self

make_signer kent "Kent Lagrell"
make_signer sara "Sara Nordenhielm"
make_signer patrik "Patrik Linde"
make_signer signer4 "Test Signer 4"
make_signer signer5 "Test Signer 5"
make_signer signer6 "Test Signer 6"
issue tsa "/C=SE/O=Protokoll Test/CN=Protokoll Test TSA" tsa
issue ocsp "/C=SE/O=Protokoll Test/CN=Protokoll Test OCSP" ocsp
make_signer asa "Åsa Öberg"
make_signer kent-olof "Kent Olof Lagrell"
issue kent-eid "/C=SE/O=Protokoll Test/GN=Kent Olof/SN=Lagrell" signer -policy eid
pkcs12 kent-eid "Kent Olof Lagrell"
printf '%s\t%s\n' kent-eid "Kent Olof Lagrell (e-ID)" >> signers.txt

# Certificates sign must refuse, all in Kent's name.
issue kent-expired "/C=SE/O=Protokoll Test/CN=Kent Lagrell" signer -startdate 20190601000000Z -enddate 20210601000000Z
pkcs12 kent-expired "Kent Lagrell"
issue kent-notyet "/C=SE/O=Protokoll Test/CN=Kent Lagrell" signer \
    -startdate "$(date -u -d '+1 year' +%Y%m%d%H%M%SZ)" -enddate "$(date -u -d '+2 years' +%Y%m%d%H%M%SZ)"
pkcs12 kent-notyet "Kent Lagrell"
issue kent-nosign "/C=SE/O=Protokoll Test/CN=Kent Lagrell" encipher
pkcs12 kent-nosign "Kent Lagrell"
# Kent's certificate with another key: `openssl pkcs12 -export` refuses a key
# that is not the certificate's, so the certificate goes in as an extra one.
openssl req -new -newkey rsa:2048 -nodes -subj "/CN=not Kent" -keyout kent-wrongkey.key -out /dev/null 2>/dev/null
cat kent.pem ca.pem > kent-wrongkey.certs
openssl pkcs12 -export -nocerts -inkey kent-wrongkey.key -certfile kent-wrongkey.certs \
    -name "Kent Lagrell" -passout "file:password.txt" -out kent-wrongkey.p12 2>/dev/null
rm -f kent-wrongkey.key kent-wrongkey.certs
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
