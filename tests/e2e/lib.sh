# Shared by the end-to-end checks: each check is a bash script run by CTest;
# it prints what it checked and exits non-zero on the first failure.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || fail "$1 is not installed (run scripts/install-deps.sh)"; }
# A fixed timestamp: renders are compared byte for byte.
export SOURCE_DATE_EPOCH=1700000000
