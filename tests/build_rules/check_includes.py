#!/usr/bin/env python3
"""The stage rule, checked on what the compiler really reads.

For every stage (and every test and fuzz target) the build wrote a description
(tests/build_rules/CMakeLists.txt): its sources, include directories and direct
links. Each source is run through the preprocessor with exactly those flags
(`-M`), and every file it reads is judged:

  * a header of this stage (anything under engine/<stage>/) is fine;
  * a header of another stage must be that stage's public header
    (engine/<other>/include/...) and <other> must be a stage this one may use
    (ARROWS below, the picture in README.md), so neither an upward or sideways
    include nor a relative "../other/x.h" gets through;
  * a third-party header belongs to the one stage that owns it (OWNERS); a test
    or fuzz target may read a third-party header only if it links that library
    itself ("tests link what they include").

The include roots make most violations a compile error already; this check also
catches what include roots cannot stop: system headers (/usr/include is always
on the path) and relative includes. --self-test runs it on probe files that
break each rule and fails unless every probe is reported.
"""
import os
import subprocess
import sys
import tempfile

# Which stages each stage may include (directly); the closure is taken below.
ARROWS = {
    "base": [],
    "model": ["base"],
    "document": ["base"],
    "parse": ["model", "document"],
    "resolve": ["model", "document"],
    "typeset": ["document"],
    "write": ["typeset"],
    "finish": ["typeset"],
    "crypto": ["base"],
    "net": ["crypto"],
    "pdfsig": ["crypto"],
    "sign": ["pdfsig", "crypto", "net"],
    "verify": ["pdfsig", "crypto"],
    "seal": ["verify", "pdfsig", "crypto", "net"],
    "archive": ["seal", "verify", "parse", "document"],
    "pipeline": ["parse", "resolve", "typeset", "write", "finish"],
    "cli": ["pipeline", "sign", "seal", "verify", "net", "archive"],
}

# Third-party families: how to recognise a header, and which stages own it.
FAMILIES = {
    "tinyxml2": (lambda p: os.path.basename(p) == "tinyxml2.h", ["parse"]),
    "libharu": (lambda p: os.path.basename(p).startswith("hpdf"), ["write"]),
    "libpng": (lambda p: "/libpng" in p or os.path.basename(p) in ("png.h", "pngconf.h", "pnglibconf.h"), ["write"]),
    "PoDoFo": (lambda p: "/podofo/" in p, ["finish", "pdfsig", "sign", "verify", "seal"]),
    "OpenSSL": (lambda p: "/openssl/" in p, ["base", "finish", "crypto", "net", "pdfsig", "sign", "verify", "seal"]),
    "FreeType": (lambda p: "/freetype2/" in p or os.path.basename(p) == "ft2build.h", ["typeset"]),
    "libhyphen": (lambda p: os.path.basename(p) == "hyphen.h", ["typeset"]),
    "zlib": (lambda p: os.path.basename(p) in ("zlib.h", "zconf.h"), ["pdfsig"]),
    "libdeflate": (lambda p: os.path.basename(p) == "libdeflate.h", ["base"]),
    "SQLite": (lambda p: os.path.basename(p) in ("sqlite3.h", "sqlite3ext.h"), ["archive"]),
    "libpq": (lambda p: os.path.basename(p) in ("libpq-fe.h", "libpq-events.h") or "/postgresql/" in p, ["archive"]),
    "Catch2": (lambda p: "/catch2/" in p, []),
}
# What a target must link to read a family's headers (substring of a link item).
LINK_NAMES = {
    "tinyxml2": ["tinyxml2"], "libharu": ["hpdf"], "libpng": ["PNG", "png"],
    "PoDoFo": ["PODOFO", "podofo"], "OpenSSL": ["OpenSSL", "ssl", "crypto"],
    "FreeType": ["Freetype", "freetype"], "libhyphen": ["hyphen"], "zlib": ["ZLIB", "libz"], "libdeflate": ["LIBDEFLATE", "deflate"],
    "SQLite": ["SQLite", "sqlite"], "libpq": ["PostgreSQL", "libpq"], "Catch2": ["Catch2"],
}


# Stages whose headers are not yet split into include/ (public) and the rest.
FLAT_STAGES = set()


def closure(stage):
    seen, todo = set(), list(ARROWS.get(stage, []))
    while todo:
        s = todo.pop()
        if s not in seen:
            seen.add(s)
            todo += ARROWS.get(s, [])
    return seen


def read_description(path):
    d = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            d[key] = [v for v in value.split(";") if v]
    return d


def dependencies(compiler, flags, source):
    """Every file the preprocessor reads for source, or (None, message)."""
    r = subprocess.run([compiler, "-std=c++17", "-M", "-x", "c++", *flags, source],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip().splitlines()[0] if r.stderr.strip() else "preprocessor failed"
    text = r.stdout.replace("\\\n", " ")
    return [os.path.realpath(p) for p in text.split(":", 1)[1].split()], None


def judge(engine, name, kind, links, files):
    """Violations of the rule for one source's files."""
    problems = []
    allowed_stages = closure(name) | {name} if kind == "stage" else None
    # A white-box test (test_<stage>) may read its own stage's private headers.
    own = name if kind == "stage" else (name[len("test_"):] if name.startswith("test_") else None)
    for path in files:
        if path.startswith(engine + os.sep):
            parts = os.path.relpath(path, engine).split(os.sep)
            other = parts[0]
            if other == own or (other in FLAT_STAGES and path.endswith(".h")):
                if kind == "stage" and other != name and other not in allowed_stages:
                    problems.append(f"reads {other}'s header {parts[-1]}, but {name} may not use {other}")
                continue
            if len(parts) < 3 or parts[1] != "include":
                problems.append(f"reads {other}'s private file {os.path.relpath(path, engine)}")
            elif kind == "stage" and other not in allowed_stages:
                problems.append(f"reads {other}'s header {parts[-1]}, but {name} may not use {other}")
            continue
        for family, (matches, owners) in FAMILIES.items():
            if not matches(path):
                continue
            if kind == "stage" and name not in owners:
                problems.append(f"reads {family} ({path}), which belongs to {', '.join(owners) or 'tests only'}")
            if kind == "test" and not any(n in l for l in links for n in LINK_NAMES[family]):
                problems.append(f"reads {family} ({path}) without linking it")
            break
    return problems


def check(compiler, engine, description, extra_sources=None):
    d = read_description(description)
    name, kind = d["name"][0], d["kind"][0]
    flags = ["-I" + i for i in d.get("includes", [])] + ["-D" + x for x in d.get("defines", [])]
    sources = extra_sources or [s for s in d.get("sources", []) if s.endswith((".cpp", ".h"))]
    if not extra_sources and kind == "stage":
        inc = os.path.join(engine, name, "include")
        for root, _, fs in os.walk(inc):
            sources += [os.path.join(root, f) for f in fs if f.endswith(".h")]
    found = []
    for source in sorted(set(sources)):
        files, error = dependencies(compiler, flags, source)
        if files is None:
            found.append(f"{source}: does not compile with {name}'s include path: {error}")
            continue
        # One line per rule broken (the first file that breaks it), not per file.
        seen = set()
        for p in judge(engine, name, kind, d.get("links", []), files):
            key = p.split(" (")[0]
            if key not in seen:
                seen.add(key)
                found.append(f"{source}: {p}")
    return found


def self_test(compiler, engine, descriptions):
    """Probes that break the rule must be caught; a clean probe must pass."""
    typeset = next(p for p in descriptions if os.path.basename(p) == "stage-typeset.txt")
    probes = {
        "libharu from typeset": ("#include <hpdf.h>\n", True),
        "PoDoFo from typeset": ("#include <podofo/podofo.h>\n", True),
        "tinyxml2 from typeset": ("#include <tinyxml2.h>\n", True),
        "OpenSSL from typeset": ("#include <openssl/evp.h>\n", True),
        "parse's header from typeset": ('#include "parse/parse.h"\n', True),
        "write's header from typeset (upward)": ('#include "write/write.h"\n', True),
        "a relative path to parse's header": (f'#include "{engine}/parse/include/parse/parse.h"\n', True),
        "a relative path to write's private file": (f'#include "{engine}/write/write.cpp"\n', True),
        "typeset's own and document's headers": ('#include "typeset/typeset.h"\n#include "document/document.h"\n', False),
    }
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for what, (text, must_fail) in probes.items():
            probe = os.path.join(tmp, "probe.cpp")
            with open(probe, "w") as f:
                f.write(text)
            found = check(compiler, engine, typeset, [probe])
            caught = bool(found)
            ok = caught == must_fail
            failures += not ok
            print(f"{'ok' if ok else 'FAIL'}: probe {what}: {'reported' if caught else 'accepted'}"
                  + (f" ({found[0].split(': ', 1)[1]})" if found else ""))
    return failures


def main():
    compiler, engine, *descriptions = sys.argv[1:]
    self = "--self-test" in descriptions
    descriptions = [d for d in descriptions if d != "--self-test"]
    engine = os.path.realpath(engine)
    if self:
        sys.exit(1 if self_test(compiler, engine, descriptions) else 0)
    problems = []
    for description in descriptions:
        found = check(compiler, engine, description)
        name = read_description(description)["name"][0]
        print(f"{'ok' if not found else 'FAIL'}: {name}")
        problems += found
    for p in problems:
        print("  " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
