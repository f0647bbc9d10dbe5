#!/bin/bash
# The CLI's libraries in the order engine/cli/CMakeLists.txt asks for: the
# three with the most symbol references of their own (libcrypto, PoDoFo,
# libstdc++) first among the executable's DT_NEEDED entries, where the
# dynamic loader's lookups find them soonest; and libm still before libc,
# which define some symbols both. readelf (binutils) is required.
set -euo pipefail
cli=$1
command -v readelf >/dev/null || { echo "FAIL: readelf (binutils) is required" >&2; exit 1; }
# A sanitizer's runtime (the -fsanitize build: libasan must come first) is
# not one of ours to order.
needed=$(readelf -d "$cli" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | grep -vE '^lib(a|ub|t|l)san\.so')
first=$(head -n 3 <<<"$needed" | sed 's/\.so.*//' | tr '\n' ' ')
if [ "$first" != "libcrypto libpodofo libstdc++ " ]; then
    echo "FAIL: the first libraries the CLI needs are: $first(expected libcrypto libpodofo libstdc++)" >&2
    exit 1
fi
m=$(grep -n '^libm\.so' <<<"$needed" | cut -d: -f1)
c=$(grep -n '^libc\.so' <<<"$needed" | cut -d: -f1)
if [ -z "$m" ] || [ -z "$c" ] || [ "$m" -gt "$c" ]; then
    echo "FAIL: libm (line ${m:-none}) is not needed before libc (line ${c:-none})" >&2
    exit 1
fi
echo "ok: $(tr '\n' ' ' <<<"$needed")"
