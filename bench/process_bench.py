#!/usr/bin/env python3
"""protokoll render as whole processes, against Typst on the same content.

usage: bench/process_bench.py [--protokoll build/protokoll] [--runs 15]
                              [--typst DIR] [--quick] [--markdown]

For every example and for the 2019 reference protocol grown to 1x, 10x and
100x its paragraphs (appeal="false": the same six pages of content as the
Typst peer's doc-1x.typ), runs `protokoll render` RUNS times and reports the
median wall time, pages per second and the median peak RSS of the process
(os.wait4's ru_maxrss: what /usr/bin/time -v reports as "Maximum resident set
size"). With --typst DIR (a copy of ../shared/peers/typst with `npm install`
done) and Node.js on PATH, it alternates each protokoll run with a Typst run of
doc-1x.typ / doc-10x.typ and reports the ratio; without them that column is
left out. Ratios taken in one run are the figure to compare, not the times.

Batch: `protokoll render A.xml B.xml ... -o DIR/` of the 1x protocol 50 times in
one process, the time per document after the first.

Sign: `protokoll sign` of one field of the 2019 reference protocol with a key
of the test PKI (tests/tools/make-test-certs.sh), no time-stamp.

--quick: 3 runs and no 100x, for CI (so the script cannot rot).
Exit 0, or 2 on bad usage or when a render fails.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REFERENCE = os.path.join(ROOT, "examples", "protokoll-2019-10-03-social-valfard.xml")
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")


def run(argv, cwd=None):
    """(wall seconds, peak RSS in KB) of one process; exits 2 if it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        shown = " ".join(argv[:4]) + (" …" if len(argv) > 4 else "")
        print(f"error: {shown} exited {proc.returncode}: {err.strip()}", file=sys.stderr)
        sys.exit(2)
    return wall, usage.ru_maxrss


def grown(times, out_dir):
    """The 2019 protocol with its paragraphs written `times` times, without the appeal page."""
    text = open(REFERENCE, encoding="utf-8").read()
    text = re.sub(r"<protocol\b", '<protocol appeal="false"', text, count=1)
    match = re.search(r"(<paragraphs>)(.*?)(</paragraphs>)", text, re.S)
    body = match.group(2)
    text = text[:match.start(2)] + body * times + text[match.end(2):]
    path = os.path.join(out_dir, f"reference-{times}x.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def pages_of(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--protokoll", default=os.path.join(ROOT, "build", "protokoll"))
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--typst", help="a copy of ../shared/peers/typst with npm install done")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    if not os.access(args.protokoll, os.X_OK):
        print(f"error: {args.protokoll} is not an executable (build it first)", file=sys.stderr)
        return 2
    runs = 3 if args.quick else args.runs
    typst = None
    if args.typst and shutil.which("node") and os.path.isdir(os.path.join(args.typst, "node_modules")):
        typst = args.typst
    elif args.typst:
        print("note: no Node.js or no node_modules in --typst: the Typst column is left out", file=sys.stderr)

    work = tempfile.mkdtemp(prefix="protokoll-bench-")
    try:
        inputs = [(os.path.basename(p)[:-4], p, None) for p in
                  sorted(os.path.join(ROOT, "examples", f) for f in os.listdir(os.path.join(ROOT, "examples"))
                         if f.endswith(".xml"))]
        for times, peer in ((1, "doc-1x.typ"), (10, "doc-10x.typ"), (100, None)):
            if args.quick and times == 100:
                continue
            inputs.append((f"2019 reference, {times}x paragraphs", grown(times, work), peer))

        print(f"protokoll render, whole process: median of {runs} runs "
              f"({os.cpu_count()} cores, {time.strftime('%Y-%m-%d')})\n")
        head = "| input | pages | ms | pages/s | peak RSS MB |"
        rule = "|---|---:|---:|---:|---:|"
        if typst:
            head += " Typst ms | Typst / protokoll |"
            rule += "---:|---:|"
        print(head)
        print(rule)
        for name, path, peer in inputs:
            out = os.path.join(work, "out.pdf")
            run([args.protokoll, "render", path, "-o", out])  # warm the page cache
            ours, peers, rss = [], [], []
            for _ in range(runs):
                wall, kb = run([args.protokoll, "render", path, "-o", out])
                ours.append(wall)
                rss.append(kb)
                if typst and peer:
                    peers.append(run(["node", "render.mjs", peer, os.path.join(work, "typst.pdf")], cwd=typst)[0])
            pages = pages_of(out)
            ms = statistics.median(ours) * 1000
            row = f"| {name} | {pages} | {ms:.1f} | {pages / (ms / 1000):.0f} | {statistics.median(rss) / 1024:.1f} |"
            if typst:
                if peers:
                    tms = statistics.median(peers) * 1000
                    row += f" {tms:.1f} | {tms / ms:.1f}× |"
                else:
                    row += " — | — |"
            print(row, flush=True)

        # Batch: one process, many documents; per document after the first.
        one = grown(1, work)
        count = 10 if args.quick else 50
        out_dir = os.path.join(work, "batch")
        os.makedirs(out_dir, exist_ok=True)
        copies = []
        for i in range(count):
            copy = os.path.join(work, f"batch-{i:03d}.xml")
            shutil.copyfile(one, copy)
            copies.append(copy)
        # The same command with one document and with all: the difference is
        # what each document after the first costs.
        single, batch = [], []
        for _ in range(max(3, runs // 3)):
            single.append(run([args.protokoll, "render", copies[0], "-o", out_dir + "/"])[0])
            batch.append(run([args.protokoll, "render", *copies, "-o", out_dir + "/"])[0])
        per_doc = (statistics.median(batch) - statistics.median(single)) / (count - 1) * 1000
        jobs = os.cpu_count() or 1
        parallel = statistics.median(run([args.protokoll, "render", *copies, "-o", out_dir + "/", "--jobs", str(jobs)])[0]
                                     for _ in range(max(3, runs // 3)))
        print(f"\nbatch: {count} documents in one process: {statistics.median(batch) * 1000:.0f} ms, "
              f"{per_doc:.1f} ms per document after the first; with --jobs {jobs}: "
              f"{parallel * 1000:.0f} ms, {count / parallel:.0f} documents a second")

        # sign: the first signature of the signing order, without a time-stamp
        # or a revocation check (the test PKI's key, RSA 2048, PKCS#12 as
        # `openssl pkcs12 -export` writes it), as a whole process, the signing
        # child included.
        pki = os.path.join(work, "pki")
        subprocess.run(["sh", os.path.join(ROOT, "tests", "tools", "make-test-certs.sh"), pki], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        unsigned = os.path.join(work, "to-sign.pdf")
        run([args.protokoll, "render", REFERENCE, "-o", unsigned])
        sign = [args.protokoll, "sign", unsigned, "--field", "Sara Nordenhielm", "--p12", os.path.join(pki, "sara.p12"),
                "--password-file", os.path.join(pki, "password.txt"), "--no-revocation-check",
                "-o", os.path.join(work, "signed.pdf")]
        run(sign)  # warm the page cache
        signs = [run(sign) for _ in range(runs)]
        print(f"\nsign: one signature (2019 reference, no time-stamp): "
              f"{statistics.median(w for w, _ in signs) * 1000:.1f} ms, "
              f"peak RSS {statistics.median(kb for _, kb in signs) / 1024:.1f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
