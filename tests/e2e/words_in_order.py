#!/usr/bin/env python3
"""Check that a rendered PDF contains the expected words, in order.

usage: words_in_order.py PDF WORDS.txt

WORDS.txt holds one lowercased word a line (tests/fixtures/words/). The PDF's text
is extracted with `pdftotext -enc UTF-8 PDF -` and cut into words: runs of
word characters (and § % €) with inner hyphens or dashes, lower-cased. The expected words must appear as a subsequence of
the extracted words: in this order, other words (running headers, footers) may come
between them.

Prints "ok: N words in order" and exits 0, or names the first expected word that
could not be found, with the expected words before it, and exits 1. Exits 2 on bad
usage or when the PDF cannot be read.
"""
import re
import subprocess
import sys

WORD = re.compile(r"[\w§%€]+(?:[-–][\w]+)*", re.UNICODE)
CONTEXT = 8


def words(text):
    return [w.lower() for w in WORD.findall(text)]


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    pdf, words_file = argv[1], argv[2]
    try:
        with open(words_file, encoding="utf-8") as f:
            expected = [line.strip() for line in f if line.strip()]
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"],
                              capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        detail = getattr(e, "stderr", "") or ""
        print(f"error: {e}{': ' + detail.strip() if detail.strip() else ''}", file=sys.stderr)
        return 2

    found = words(text)
    at = 0  # next position in `found` to search from
    for i, word in enumerate(expected):
        try:
            at = found.index(word, at) + 1
        except ValueError:
            before = " ".join(expected[max(0, i - CONTEXT):i])
            print(f"missing: expected word {i + 1} of {len(expected)} \"{word}\" "
                  f"not found after the words matched so far")
            print(f"  context: … {before} [{word}]")
            return 1
    print(f"ok: {len(expected)} words in order")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
