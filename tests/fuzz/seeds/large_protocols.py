#!/usr/bin/env python3
"""large_protocols.py OUTDIR — large protocols for the render fuzzer, made
fresh by scripts/fuzz.sh into its scratch corpus (not committed: they are
generated in a second, and the committed corpus stays small):

  many-paragraphs.xml   200 paragraphs, each with a decision, a summary with
                        lists and links (~800 KB: under the 1 MB
                        -max_len, and under the 30 s -timeout in the ASan build)
  long-words.xml        words of 2 000 to 20 000 letters, URLs without a
                        break, a title longer than a page
  deep-inline.xml       <em>/<strong>/<a> nested 90 deep (tinyxml2 stops at 100), lists two deep (the most allowed)
  many-attendees.xml    2 000 people in the attendance, six signers
All use layout gr-social-valfard and its roster (the minimal e2e fixture's
head), so that they render when unmutated."""
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<protocol layout="gr-social-valfard">
  <meeting date="2026-02-12" start="9" end="12"><place>GR, Anders Personsgatan 8, Göteborg</place></meeting>
  <attendance>
    <group ref="members"><person ref="kent-lagrell"/><person ref="patrik-linde"/>%s</group>
    <group ref="secretary"><person id="sara" name="Sara Nordenhielm" organisation="Göteborgsregionen"/></group>
  </attendance>
  <paragraphs>
"""
TAIL = """  </paragraphs>
  <signatures>
    <secretary ref="sara" role="Beredningsansvarig"/>
    <adjuster ref="kent-lagrell" role="Ordförande"/>
    <adjuster ref="patrik-linde" role="Justerare"/>
  </signatures>
</protocol>
"""
WORDS = ("socialtjänstens verksamhetsuppföljning välfärdsstrategi samverkansöverenskommelse "
         "barn unga äldre ekonomiskt bistånd arbetsmarknadsinsatser digitalisering").split()


def text(n, seed):
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(n))


def write(name, body, extra_people=""):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(HEAD % extra_people + body + TAIL)


paragraphs = []
for i in range(200):
    paragraphs.append(
        "    <paragraph><title>Ärende %d: %s</title>\n"
        "      <decision><p>%s.</p><ul><li>%s</li><li><em>%s</em></li></ul></decision>\n"
        "      <summary>%s <strong>%s</strong> <a href=\"https://example.org/%d\">länk</a>.<br/>%s</summary>\n"
        "    </paragraph>\n" % (i, text(6, i), text(40, i + 1), text(12, i + 2), text(9, i + 3),
                               text(120, i + 4), text(5, i + 5), i, text(60, i + 6)))
write("many-paragraphs.xml", "".join(paragraphs))

long = []
for i, n in enumerate((2000, 5000, 20000)):
    long.append("    <paragraph><title>%s</title><text>%s %s https://example.org/%s</text></paragraph>\n"
                % ("Rubrik" + "x" * (n // 10), "a" * n, "ö" * (n // 2), "p" * n))
write("long-words.xml", "".join(long))

depth = 90  # tinyxml2 (Debian 12) refuses more than 100 levels: just under it
nested = "".join("<%s>" % ("em", "strong")[k % 2] for k in range(depth)) + "djupt" + \
         "".join("</%s>" % ("em", "strong")[k % 2] for k in reversed(range(depth)))
links = "<a href=\"https://example.org/\">" * 1 + "<em>" * 85 + "länk" + "</em>" * 85 + "</a>"
lists = "<ul><li>ett<ol><li>två <em>kursiv <strong>fet</strong></em></li></ol></li></ul>"
write("deep-inline.xml", "    <paragraph><title>Djup</title><summary>%s %s</summary><decision>%s</decision></paragraph>\n"
      % (nested, links, lists))

people = "".join('<person id="p%d" name="Person %d %s" municipality="Kommun %d"/>' % (i, i, WORDS[i % len(WORDS)], i % 13)
                 for i in range(2000))
write("many-attendees.xml", "    <paragraph><title>Närvaro</title><text>Många.</text></paragraph>\n", people)
