#!/usr/bin/env python3
"""Writes large protocols for measuring render's memory and time on hostile
input (bench/README.md has the figures).

usage: hostile_inputs.py OUTDIR

Every file is the small e2e fixture (tests/fixtures/e2e/minimal.xml) with one
part made large:
  paragraph-95k.xml     one <text> of 95 000 bytes of words, just under typeset's
                        limit of 100 000 characters per paragraph
  paragraph-<N>mb.xml   one <text> of N MB of ordinary words (over that limit)
  word-<N>k.xml         one <text> holding a single word of N thousand letters
  paragraphs-<N>.xml    N paragraphs of one short sentence each (1 000 000: past
                        typeset's limit of 10 000 pages)
The text is deterministic (a fixed word list, no randomness)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "tests", "fixtures", "e2e", "minimal.xml")
WORDS = ("nämnden beslutar att godkänna förslaget till verksamhetsplan för "
         "socialtjänsten och uppdrar åt förvaltningen att återkomma med en "
         "redovisning av kostnaderna under hösten").split()


def words(size):
    out, n, i = [], 0, 0
    while n < size:
        w = WORDS[i % len(WORDS)]
        out.append(w)
        n += len(w.encode()) + 1
        i += 1
    return " ".join(out)


def paragraphs(count):
    one = ("    <paragraph>\n      <title>Punkt</title>\n"
           "      <text>Informationen antecknas till protokollet.</text>\n"
           "    </paragraph>\n")
    return one * count


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with open(FIXTURE, encoding="utf-8") as f:
        fixture = f.read()
    text = "Patrik Linde väljs till justerare."

    def write(name, content):
        path = os.path.join(out, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
        print(path)

    write("paragraph-95k.xml", fixture.replace(text, words(95000)))
    for mb in (1, 4, 16):
        write(f"paragraph-{mb}mb.xml", fixture.replace(text, words(mb << 20)))
    for k in (10, 40):
        write(f"word-{k}k.xml", fixture.replace(text, "a" * (k * 1000)))
    end = "  </paragraphs>\n"  # after the numbered ones: numbers only go up
    for n in (1000, 10000, 100000, 1000000):
        write(f"paragraphs-{n}.xml", fixture.replace(end, paragraphs(n) + end))


if __name__ == "__main__":
    main()
