#!/usr/bin/env bash
# Installs everything protokoll needs to build, run and test on Debian 12 (as root,
# or through sudo when there is one). The one list of dependencies; CI runs it too.
set -euo pipefail
packages=(
  # build
  cmake g++ make pkg-config
  libhpdf-dev libpodofo-dev libtinyxml2-dev libssl-dev libfreetype-dev libharfbuzz-dev
  libhyphen-dev hyphen-sv hyphen-en-gb wswedish libsqlite3-dev libstemmer-dev libbenchmark-dev catch2
  libpq-dev
  libpng-dev zlib1g-dev libdeflate-dev
  # fuzzing (scripts/fuzz.sh): clang with libFuzzer and the sanitizer runtimes
  clang libclang-rt-14-dev
  # run: pinned fonts (fonts/manifest.txt) and the sRGB ICC v2 profile for PDF/A
  fonts-liberation2 icc-profiles-free openssl
  # tests: independent checkers of the PDFs we write, and the schema validator
  qpdf poppler-utils mupdf-tools libnss3-tools libxml2-utils python3 sqlite3
  strace  # tests/e2e/check_outputs.sh: fsync, rename, fsync
  postgresql  # the archive's shared index: check_archive.sh starts a server of its own
  default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java libjaxb-java
)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "install-deps: ${#packages[@]} packages present"
