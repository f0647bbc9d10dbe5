#!/usr/bin/env python3
"""Measures justified text in a PDF from the PDF alone, and judges it.

usage: spacing_check.py FILE.pdf [--limits median=1.10,p95=1.35,max=1.45,loose=0,tight=2,
                                  stack2=2,stack3=0,overfull=0] [--show N]

Method (independent of protokoll's code: it reads only what MuPDF extracts):
  1. `mutool draw -F stext` gives every glyph with its position, advance and font size.
  2. Glyphs on one baseline form a line; a space glyph or a gap wider than 0.1 em
     separates words. Lines that stand at the same height on at least half of the pages
     (running header, footer) are left out.
  3. A list marker ("•", "–", "1.", "a)") and the indent after it are not a word gap.
     The text block's right edge is the most common right edge of lines with at least
     four words; a line is *justified* when it ends there (within 0.1 em) and has at
     least four words. Last lines of paragraphs end short and are not counted.
  4. A word gap's ratio is its width divided by the normal space of the font at that
     size (Liberation Sans: 569/2048 em). Per document: median, 95th percentile and
     maximum of all justified gaps; loose lines (largest gap > 1.5), tight lines (median
     gap < 0.8), stacks of consecutive justified lines ending in a hyphen, and overfull
     lines (ending more than 0.5 pt right of the block's edge).
Prints the figures; exits 1 when a limit is exceeded, 2 on usage or extraction errors.
"""
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict

NORMAL_SPACE_EM = 569 / 2048
WORD_GAP_EM = 0.10
FLUSH_EM = 0.10
OVERFULL_PT = 0.5
MIN_WORDS = 4
BASELINE_PT = 1.0        # glyphs whose baselines round to the same point share a line
MARKER = re.compile(r"^([\u2022\u2013\u2014*-]|\d{1,3}[.)]|[a-z][.)])$")
DEFAULT_LIMITS = dict(median=1.10, p95=1.35, max=1.45, loose=0, tight=2, stack2=2, stack3=0, overfull=0)


def glyph_lines(pdf):
    """(page, baseline, size, [(x0, x1, char, size)]) for every line of text.

    MuPDF splits a visual line into several <line>s at wide gaps (exactly the loose
    lines that matter), so glyphs are regrouped by page and baseline."""
    try:
        xml = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf],
                             capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        sys.exit(f"spacing_check: mutool failed: {error}")
    by_baseline = defaultdict(list)
    for page_number, page in enumerate(ET.fromstring(xml).iter("page")):
        for font in page.iter("font"):
            size = float(font.get("size"))
            for ch in font.iter("char"):
                quad = [float(v) for v in ch.get("quad").split()]
                key = (page_number, round(float(ch.get("y")) / BASELINE_PT))
                by_baseline[key].append((quad[0], quad[2], ch.get("c"), size))
    lines = []
    for (page, step), glyphs in sorted(by_baseline.items()):
        lines.append((page, step * BASELINE_PT, max(g[3] for g in glyphs), sorted(glyphs)))
    return lines


def words_and_gaps(glyphs):
    """Words (as strings) and gap widths between them, in points and in normal spaces."""
    words, gaps, current, last_end = [], [], "", None
    gap_start = None
    for x0, x1, c, size in glyphs:
        if c.isspace():
            if current:
                words.append(current)
                current, gap_start = "", last_end
            continue
        if current and last_end is not None and x0 - last_end > WORD_GAP_EM * size:
            words.append(current)
            current, gap_start = "", last_end
        if not current and words and gap_start is not None:
            gaps.append((x0 - gap_start) / (NORMAL_SPACE_EM * size))
        current += c
        last_end = x1
    if current:
        words.append(current)
    return words, gaps, (last_end if last_end is not None else 0.0)


def measure(pdf):
    lines = glyph_lines(pdf)
    pages = len({page for page, *_ in lines}) or 1
    heights = Counter(round(baseline) for _, baseline, _, _ in lines)
    body = [l for l in lines if heights[round(l[1])] < max(2, pages / 2) or pages == 1]

    analysed = []
    for page, baseline, size, glyphs in body:
        words, gaps, right = words_and_gaps(glyphs)
        if words and gaps and MARKER.match(words[0]):
            gaps = gaps[1:]  # a list marker's indent is not a word gap
        analysed.append(dict(page=page, y=baseline, size=size, words=words, gaps=gaps, right=right))
    edges = Counter(round(l["right"], 1) for l in analysed if len(l["words"]) >= MIN_WORDS)
    if not edges:
        return dict(justified=0), []
    edge = edges.most_common(1)[0][0]

    justified, all_gaps, overfull, details = [], [], 0, []
    for l in analysed:
        if l["right"] > edge + OVERFULL_PT:
            overfull += 1
            details.append(("overfull", l))
        if len(l["words"]) >= MIN_WORDS and abs(l["right"] - edge) <= FLUSH_EM * l["size"]:
            justified.append(l)
            all_gaps.extend(l["gaps"])
    loose = [l for l in justified if l["gaps"] and max(l["gaps"]) > 1.5]
    tight = [l for l in justified if l["gaps"] and statistics.median(l["gaps"]) < 0.8]
    details += [("loose", l) for l in loose] + [("tight", l) for l in tight]

    stacks = defaultdict(int)
    run = 0
    for l in analysed + [None]:  # in reading order: a stack is lines one under the other
        if l is not None and l["words"] and l["words"][-1].endswith(("-", "\u2010")):
            run += 1
            continue
        if run >= 2:
            stacks[2] += 1
        if run >= 3:
            stacks[3] += 1
        run = 0
    all_gaps.sort()
    figures = dict(
        justified=len(justified),
        median=statistics.median(all_gaps) if all_gaps else 0.0,
        p95=all_gaps[min(len(all_gaps) - 1, int(0.95 * len(all_gaps)))] if all_gaps else 0.0,
        max=all_gaps[-1] if all_gaps else 0.0,
        loose=len(loose), tight=len(tight), stack2=stacks[2], stack3=stacks[3], overfull=overfull)
    return figures, details


def main(argv):
    if len(argv) < 2 or argv[1].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    limits = dict(DEFAULT_LIMITS)
    show = 5
    args = argv[2:]
    while args:
        if args[0] == "--limits" and len(args) > 1:
            for item in args[1].split(","):
                key, value = item.split("=")
                if key not in limits:
                    print(f"spacing_check: unknown limit {key}", file=sys.stderr)
                    return 2
                limits[key] = float(value)
            args = args[2:]
        elif args[0] == "--show" and len(args) > 1:
            show, args = int(args[1]), args[2:]
        else:
            print(__doc__, file=sys.stderr)
            return 2
    figures, details = measure(argv[1])
    if not figures.get("justified"):
        print(f"spacing_check: no justified lines found in {argv[1]}", file=sys.stderr)
        return 1
    print(" ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items()))
    failed = [k for k, limit in limits.items() if figures[k] > limit + 1e-9]
    for kind, l in details[:show]:
        gaps = " ".join(f"{g:.2f}" for g in l["gaps"])
        print(f"  {kind} p{l['page'] + 1} y={l['y']:.0f}: {' '.join(l['words'])[:70]}  [{gaps}]")
    if failed:
        print("FAIL: over the limit: " + ", ".join(f"{k} {figures[k]:.2f} > {limits[k]:g}" for k in failed))
        return 1
    print("ok: every spacing figure within its limit")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
