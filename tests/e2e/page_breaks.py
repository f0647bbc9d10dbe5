#!/usr/bin/env python3
"""usage: page_breaks.py FILE.pdf

Looks for widows and orphans in a PDF independently of protokoll's
typesetter, from the geometry poppler's `pdftotext -bbox-layout` reports.

Body lines are those between the running header and the footer. Inside a
paragraph, consecutive lines are one leading apart; a larger step is a
paragraph (or item) boundary. A justified line that reaches the right margin
is not the last line of its paragraph. So, at each page break:
  orphan: the page's last body line reaches the right margin (the paragraph
          goes on) but starts a paragraph (a boundary above it, or it is the
          page's only body line);
  widow:  the previous page's last body line reaches the right margin and the
          next page's first body line ends its paragraph (a boundary below it,
          or nothing below it).
  split word: the page's last body line ends in a letter and a hyphen (a
          word hyphenated across the page break);
  lead-in:   the page's last body line ends in ":" (a line that introduces
          what follows, e.g. a list, left at the foot of the page).
Exit 1 with the offending lines listed; 0 when there is none.
"""
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter

HEADER_BOTTOM = 80     # pt from the top: header lines lie above
FOOTER_SPACE = 55      # pt from the bottom: footer lines lie below
TOLERANCE = 1.0        # pt


def pages_of(pdf):
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True,
                         capture_output=True).stdout
    # poppler writes an XHTML document; strip the namespace for simple paths.
    root = ET.fromstring(xml.replace(b'xmlns="http://www.w3.org/1999/xhtml"', b""))
    for page in root.iter("page"):
        height = float(page.get("height"))
        lines = []
        for line in page.iter("line"):
            y0, y1 = float(line.get("yMin")), float(line.get("yMax"))
            if y0 < HEADER_BOTTOM or y0 > height - FOOTER_SPACE:
                continue
            text = " ".join(w.text or "" for w in line.iter("word"))
            lines.append((y0, y1, float(line.get("xMin")), float(line.get("xMax")), text))
        lines.sort()
        yield lines


def judge(pages):
    """The widows and orphans at the page breaks, and the leading found."""
    steps = Counter()
    right = 0.0
    for lines in pages:
        for a, b in zip(lines, lines[1:]):
            if abs((a[1] - a[0]) - (b[1] - b[0])) < 0.1:   # same size
                steps[round(b[0] - a[0], 1)] += 1
        for line in lines:
            right = max(right, line[3])
    if not steps:
        return [], None
    leading = steps.most_common(1)[0][0]

    def boundary(a, b):  # is there a paragraph boundary between lines a and b?
        return b[0] - a[0] > leading + TOLERANCE or abs((a[1] - a[0]) - (b[1] - b[0])) > 0.1

    def full(line):
        return line[3] > right - TOLERANCE

    problems = []
    for p in range(len(pages) - 1):
        this, following = pages[p], pages[p + 1]
        if not this or not following:
            continue
        last = this[-1]
        if full(last) and (len(this) == 1 or boundary(this[-2], last)):
            problems.append(f"orphan at the foot of page {p + 1}: {last[4]!r}")
        first = following[0]
        if full(last) and (len(following) == 1 or boundary(first, following[1])):
            problems.append(f"widow at the top of page {p + 2}: {first[4]!r}")
        text = last[4].rstrip()
        if len(text) >= 2 and text[-1] == "-" and text[-2].isalpha():
            problems.append(f"a word split across the break after page {p + 1}: {text!r}")
        if text.endswith(":"):
            problems.append(f"a lead-in line alone at the foot of page {p + 1}: {text!r}")
    return problems, leading


def self_test():
    """The judge must see a planted widow and a planted orphan."""
    def line(y, x1=500, text="x"):
        return (y, y + 12, 70, x1, text)
    full_page = [line(100 + 14.5 * k) for k in range(40)]
    widow = [full_page, [line(100, 300, "widow"), line(130), line(144.5)]]
    orphan = [full_page[:-1] + [line(100 + 14.5 * 39 + 10, 500, "orphan")], [line(100), line(114.5, 200)]]
    fine = [full_page, [line(100), line(114.5, 300), line(140)]]
    split = [full_page[:-1] + [line(100 + 14.5 * 39, 500, "ett ord som föränd-")], [line(100), line(114.5, 300)]]
    lead_in = [full_page[:-1] + [line(100 + 14.5 * 39 + 10, 300, "Styrgruppen beslutar att:")],
               [line(100), line(114.5, 300)]]
    assert any("split" in p for p in judge(split)[0]), judge(split)
    assert any("lead-in" in p for p in judge(lead_in)[0]), judge(lead_in)
    assert any("widow" in p for p in judge(widow)[0]), judge(widow)
    assert any("orphan" in p for p in judge(orphan)[0]), judge(orphan)
    assert not judge(fine)[0], judge(fine)


def main():
    self_test()
    problems, leading = judge(list(pages_of(sys.argv[1])))
    pages = list(pages_of(sys.argv[1]))
    if leading is None:
        print("ok: no body text to judge")
        return 0
    for problem in problems:
        print("FAIL:", problem, file=sys.stderr)
    if problems:
        return 1
    print(f"ok: no widow, orphan, split word or lone lead-in line at {len(pages) - 1} page breaks "
          f"(pdftotext geometry, leading {leading} pt)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
