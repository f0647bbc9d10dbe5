#!/bin/bash
# verify works offline, read from the binaries: the probe that links verify
# alone holds no code of the network stage (net::, http::) and refers to no
# OpenSSL HTTP client; the CLI, which links net, does (so the patterns find
# net code where there is some). nm is required: without it this fails.
set -euo pipefail
probe=$1
cli=$2
command -v nm >/dev/null || { echo "FAIL: nm (binutils) is required" >&2; exit 1; }
net_code='protokoll::sign::(net|http)::'
net_calls='OSSL_HTTP_|BIO_new_connect|OCSP_sendreq'
# The symbol tables read once (grep -q on a pipe would cut nm short).
probe_symbols=$(nm -C "$probe")
probe_undefined=$(nm -u "$probe")
cli_symbols=$(nm -C "$cli")
cli_undefined=$(nm -u "$cli")
if grep -E "$net_code" <<<"$probe_symbols"; then
    echo "FAIL: the verify probe contains network code (above)" >&2
    exit 1
fi
if grep -E "$net_calls" <<<"$probe_undefined"; then
    echo "FAIL: the verify probe refers to an OpenSSL network function (above)" >&2
    exit 1
fi
if ! grep -qE "$net_code" <<<"$cli_symbols"; then
    echo "FAIL: no network code found in the CLI either: the check would find none anywhere" >&2
    exit 1
fi
if ! grep -qE 'OSSL_HTTP_' <<<"$cli_undefined"; then
    echo "FAIL: the CLI refers to no OSSL_HTTP_ function: the check would find none anywhere" >&2
    exit 1
fi
echo "ok: no network code in what verify links"
