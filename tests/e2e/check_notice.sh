#!/usr/bin/env bash
# usage: check_notice.sh PROTOKOLL EXAMPLE.xml OUTDIR
# render --notice: the posting notice (anslagsbevis) as one page of its own.
# pdftotext reads the body, the meeting's date, the paragraphs, the dates of
# adjusting and posting, the last day of appeal (three weeks on, moved past
# julafton, juldagen, annandag jul and the weekend) and the day it comes
# down, and where the protocol is kept; the XMP calls it a notice; the
# structure checks hold; the secretary signs it and verify says what it is;
# missing or impossible dates and misused options are exit 2 with no file.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3
need pdftotext; need pdfinfo; need qpdf; need python3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
pdf="$out/notice.pdf"
"$protokoll" render "$example" --notice --adjusted 2021-12-02 --posted 2021-12-03 -o "$pdf"
"$protokoll" render "$example" --notice --adjusted 2021-12-02 --posted 2021-12-03 -o "$out/again.pdf"
cmp -s "$pdf" "$out/again.pdf" || fail "two renders of the notice differ"
qpdf --check "$pdf" >/dev/null || fail "qpdf --check fails on the notice"
pdfinfo "$pdf" | grep -q "^Pages: *1$" || fail "the notice is not one page"
pdftotext "$pdf" "$out/notice.txt"
for line in "Anslagsbevis" "Organ: Styrgruppen för social välfärd" "Sammanträdesdatum: 2021-01-22" \
            "Paragrafer: § 93–101" "Datum för justering: 2021-12-02" "Datum för anslags uppsättande: 2021-12-03" \
            "Sista dag för överklagande: 2021-12-27" "Datum för anslags nedtagande: 2021-12-28" \
            "Förvaringsplats för protokollet: Göteborgsregionens kommunalförbund" "Underskrift:" "Sara Nordenhielm"; do
  grep -qF "$line" "$out/notice.txt" || { cat "$out/notice.txt"; fail "the notice lacks \"$line\""; }
done
! grep -q "NÄRVARANDE\|§ 95\." "$out/notice.txt" || fail "the notice holds the protocol's attendance or paragraphs"
echo "ok: one page; 2021-12-03 + 3 weeks = 2021-12-24 (julafton) → 2021-12-27, down 2021-12-28; where it is kept"

python3 "$here/structure_check.py" "$pdf" sv-SE >/dev/null || fail "the structure checks fail on the notice"
qpdf --qdf --object-streams=disable "$pdf" "$out/notice.qdf"
grep -aq "<ptk:variant>notice</ptk:variant>" "$out/notice.qdf" || fail "the XMP does not call the file a notice"
certs="$out/certs"
bash "$here/../tools/make-test-certs.sh" "$certs" >/dev/null
key="$certs/$(signer_key "$certs" "Sara Nordenhielm")"
"$protokoll" sign "$pdf" --field "Sara Nordenhielm" --p12 "$key.p12" --password-file "$certs/password.txt" -o "$out/signed.pdf"
"$protokoll" verify "$out/signed.pdf" --trust "$certs/ca.pem" >"$out/verify.txt" || { cat "$out/verify.txt"; fail "verify fails the signed notice"; }
grep -q "^document: the posting notice (anslagsbevis) of the protocol, not the protocol itself" "$out/verify.txt" ||
  { cat "$out/verify.txt"; fail "verify does not say the file is a notice"; }
echo "ok: structure checks, XMP variant notice, signed by the secretary, verify: valid, a notice"

expect_bad() { expect_render_fails "$out" "$example" "$@"; }
expect_bad "the posting notice needs the date the protocol was adjusted" --notice --posted 2021-12-03
expect_bad "the posting notice needs the date the protocol was posted" --notice --adjusted 2021-12-03
expect_bad "the notice is posted (2021-12-01) before the protocol is adjusted (2021-12-02)" --notice --adjusted 2021-12-02 --posted 2021-12-01
expect_bad "the protocol is adjusted (2021-01-21) before the meeting (2021-01-22)" --notice --adjusted 2021-01-21 --posted 2021-12-01
expect_bad "the posted date \"2021-02-30\" is not a date YYYY-MM-DD" --notice --adjusted 2021-02-01 --posted 2021-02-30
expect_bad "--adjusted and --posted are the posting notice's dates: they go with --notice" --posted 2021-12-03
expect_bad "--notice makes the posting notice alone: it takes neither --extract nor --public" --notice --public
echo "ok: missing, impossible and misordered dates, and misused options, are exit 2 with no output"
