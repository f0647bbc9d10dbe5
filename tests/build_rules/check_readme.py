#!/usr/bin/env python3
"""The stage picture in README.md says what ARROWS (check_includes.py) enforces.

usage: check_readme.py README.md

Reads the arrows of the picture under "## Architecture" ("seal ──► verify,
pdfsig, …"; the base line means every stage may use base) and fails, naming
the stage, where a stage's arrows differ from ARROWS or a stage is missing.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_includes import ARROWS  # noqa: E402


def picture(readme):
    text = open(readme, encoding="utf-8").read()
    at = text.index("## Architecture")
    start = text.index("```", at) + 3
    return text[start:text.index("```", start)]


def main():
    block = picture(sys.argv[1])
    drawn = {}
    for stage, targets in re.findall(r"(\w+) ──► (\w+(?:, \w+)*)", block):
        drawn.setdefault(stage, set()).update(t.strip() for t in targets.split(","))
    for stage in re.findall(r"(\w+) ◄─", block):  # "model ◄──┤": model uses base
        drawn.setdefault(stage, set())
    problems = []
    for stage, allowed in ARROWS.items():
        if stage == "base":
            continue
        if stage not in drawn:
            problems.append("%s: not in the picture" % stage)
            continue
        want, got = set(allowed) - {"base"}, drawn[stage] - {"base"}
        if want != got:
            problems.append("%s: the picture says %s, the build allows %s" %
                            (stage, ", ".join(sorted(got)) or "base only", ", ".join(sorted(want)) or "base only"))
    for stage in sorted(set(drawn) - set(ARROWS)):
        problems.append("%s: in the picture, not a stage" % stage)
    for p in problems:
        print("FAIL: README.md: " + p, file=sys.stderr)
    if not problems:
        print("ok: README.md's picture draws the %d stages' arrows the build enforces" % (len(ARROWS) - 1))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
