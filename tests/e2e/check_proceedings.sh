#!/usr/bin/env bash
# usage: check_proceedings.sh PROTOKOLL FIXTURE.xml OUTDIR
# What the law asks a protocol to show (kommunallagen 5 kap. 69 §): the
# proposals, the order of propositions, a vote by name with its count and
# result, a reservation, a protocol note, jäv in the paragraph and in the
# attendance, and who receives the decision, read back by pdftotext in this
# order; the proposals are a list in the structure tree; the checks hold.
. "$(dirname "$0")/lib.sh"
protokoll=$1 fixture=$2 out=$3
need pdftotext; need python3; need xmllint
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
xmllint --noout --schema "$here/../../schema/protocol.xsd" "$fixture" 2>"$out/xmllint.txt" || { cat "$out/xmllint.txt"; fail "the fixture is not valid against protocol.xsd"; }
"$protokoll" render "$fixture" -o "$out/p.pdf" --tags >"$out/tags.txt"
pdftotext "$out/p.pdf" "$out/p.txt"
python3 - "$out/p.txt" <<'PY' || fail "the proceedings are not printed as expected, in order"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"(?m)^(Sida \d+ av \d+|Protokoll 2026-03-12.*|Göteborgsregionens kommunalförbund|Plats: .*)$", "", text)
flat = " ".join(text.split())
expected = [
    "Per Holm (D), Göteborg, jäv § 21",
    "§ 21. Medfinansiering av FoU-projekt",
    "Per Holm (D) anmäler jäv och deltar inte i handläggningen av ärendet.",
    "Omröstning",
    "a) Kent Lagrell (M) yrkar bifall till förvaltningens förslag.",
    "b) Patrik Linde (S) yrkar avslag på förvaltningens förslag.",
    "Propositionsordning: ja för förslag a, nej för förslag b.",
    "Ja (2): Kent Lagrell (M), Nina Miskovsky (M)",
    "Nej (1): Patrik Linde (S)",
    "Avstår (1): Eva Andersson (C)",
    "Omröstningsresultat: 2 ja, 1 nej, 1 avstår. Förslag a har bifallits.",
    "Reservation Patrik Linde (S) reserverar sig mot beslutet.",
    "Protokollsanteckning Eva Andersson (C) lämnar följande protokollsanteckning: Centerpartiet vill se en utvärdering efter ett år.",
    "Expedieras till • FoU i Väst • Kommunstyrelserna i medlemskommunerna",
    "§ 22. Övriga frågor",
]
at = 0
for phrase in expected:
    found = flat.find(phrase, at)
    assert found >= 0, f"not found after position {at}: {phrase!r}"
    at = found + len(phrase)
print(f"ok: {len(expected)} phrases in order")
PY
grep -q "Lbl “a)”" "$out/tags.txt" && grep -q "Lbl “b)”" "$out/tags.txt" || fail "the proposals are not a list with labels a) and b)"
grep -q "H3 “Omröstning”" "$out/tags.txt" && grep -q "H3 “Reservation”" "$out/tags.txt" && grep -q "H3 “Expedieras till”" "$out/tags.txt" ||
  fail "the vote, reservation or distribution has no H3"
python3 "$here/structure_check.py" "$out/p.pdf" sv-SE >/dev/null || fail "the structure checks fail"
echo "ok: vote, reservation, note, jäv (paragraph and attendance), distribution; tags; structure checks"
