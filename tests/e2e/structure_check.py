#!/usr/bin/env python3
"""usage: structure_check.py FILE.pdf LANG

Judges the tagged PDF's structure tree from qpdf's JSON (qpdf --json=2 with
the streams decoded), sharing no code with protokoll:

- the catalog: /MarkInfo /Marked true, /Lang LANG, /ViewerPreferences
  /DisplayDocTitle true, a /StructTreeRoot;
- every page's content: each text, path, image or XObject drawn is inside a
  marked-content sequence that has an MCID or is an /Artifact; no MCID
  inside another;
- the tree: every element's /P is the element that lists it, its /Pg and
  its MCRs' pages are pages of the document, its /S a standard structure
  type; every MCID of every page's content is a leaf of exactly one
  element, and the tree has no MCID the content lacks; the ParentTree
  maps each page's MCIDs and each tagged annotation back to that element;
- reading order: a depth-first walk of the tree meets the marked content
  page by page in the order it is drawn;
- headings: one H1, first; no heading more than one level below the one
  before it; a Figure has /Alt; every annotation is tagged (Link with
  /Contents, Widget with a field /TU), and a page with annotations has
  /Tabs /S; an element's own /Lang is a language tag (the ok line lists them).

Prints what it checked; exits 1 with the first problems otherwise.
"""
import base64
import json
import re
import subprocess
import sys

STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct
Private H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote
Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula
Form""".split())
PAINTING = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do", "BI"}

problems = []


def problem(message):
    problems.append(message)


def load(path):
    out = subprocess.run(
        ["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
         "--decode-level=generalized", path],
        check=True, capture_output=True).stdout
    objects = json.loads(out)["qpdf"][1]
    return objects


class Pdf:
    def __init__(self, objects):
        self.objects = objects
        self.trailer = objects["trailer"]["value"]

    def get(self, value):
        """Follows a reference ("12 0 R") to its value (a stream: its dict)."""
        seen = 0
        while isinstance(value, str) and re.fullmatch(r"\d+ \d+ R", value):
            entry = self.objects.get("obj:" + value)
            if entry is None:
                return None
            value = entry["value"] if "value" in entry else entry["stream"]["dict"]
            seen += 1
            if seen > 32:
                return None
        return value

    def stream_data(self, ref):
        entry = self.objects.get("obj:" + ref)
        if not entry or "stream" not in entry or "data" not in entry["stream"]:
            return b""
        return base64.b64decode(entry["stream"]["data"])


def pdf_string(value):
    if isinstance(value, str) and value.startswith("u:"):
        return value[2:]
    if isinstance(value, str) and value.startswith("b:"):
        return bytes.fromhex(value[2:]).decode("latin-1")
    return None


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


TOKEN = re.compile(rb"""
    (?P<ws>[\x00\t\n\x0c\r ]+|%[^\r\n]*)
  | (?P<string>\()
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | (?P<dict_open><<) | (?P<dict_close>>>)
  | (?P<array_open>\[) | (?P<array_close>\])
  | (?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<word>[^\x00\t\n\x0c\r ()<>\[\]{}/%]+)
""", re.X)


def literal_string_end(data, at):
    """The index after the literal string that opens at data[at] == '('."""
    depth, i = 0, at
    while i < len(data):
        c = data[i]
        if c == 0x5C:
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unterminated string")


def content_operations(data):
    """Yields (operator, operands) of a content stream; operands keep names,
    numbers and inline dictionaries (as {name: value} of simple values)."""
    operands, stack, i = [], [], 0
    while i < len(data):
        m = TOKEN.match(data, i)
        if not m:
            raise ValueError("content stream: cannot read byte %d" % i)
        kind = m.lastgroup
        if kind == "string":
            end = literal_string_end(data, i)
            value, i = ("string", data[i:end]), end
        else:
            i = m.end()
            text = m.group(kind)
            if kind == "ws":
                continue
            if kind in ("dict_open", "array_open"):
                stack.append((kind, operands))
                operands = []
                continue
            if kind in ("dict_close", "array_close"):
                opened, outer = stack.pop()
                if opened == "dict_open":
                    value = {operands[k].decode(): operands[k + 1] for k in range(0, len(operands) - 1, 2)}
                else:
                    value = list(operands)
                operands = outer
                operands.append(value)
                continue
            if kind == "word":
                if stack:
                    operands.append(text)  # true, false, null inside a dict or an array
                    continue
                yield text.decode(), operands
                operands = []
                if text == b"BI":  # an inline image runs to EI
                    end = data.find(b"EI", i)
                    i = len(data) if end < 0 else end + 2
                continue
            value = text
        operands.append(value)


def mcid_of(properties):
    if isinstance(properties, dict):
        value = properties.get("/MCID")
        if value is not None:
            return int(value)
    return None


def check_content(pdf, page_number, page_ref, page):
    """The MCIDs in the order the page draws them; checks that everything
    drawn is marked or an artifact."""
    contents = as_list(page.get("/Contents"))
    data = b"\n".join(pdf.stream_data(ref) for ref in contents)
    resources = pdf.get(page.get("/Resources")) or {}
    named_properties = pdf.get(resources.get("/Properties")) or {}
    order, stack, unmarked = [], [], 0
    for operator, operands in content_operations(data):
        if operator in ("BDC", "BMC"):
            tag = operands[0].decode() if operands and isinstance(operands[0], bytes) else ""
            mcid = None
            if operator == "BDC" and len(operands) > 1:
                properties = operands[1]
                if isinstance(properties, bytes):
                    properties = pdf.get(named_properties.get(properties.decode()))
                    properties = {k: str(v).encode() for k, v in (properties or {}).items()}
                mcid = mcid_of(properties)
            if mcid is not None:
                if any(entry[1] is not None or entry[0] == "/Artifact" for entry in stack):
                    problem("page %d: MCID %d inside another marked or artifact sequence" % (page_number, mcid))
                order.append(mcid)
            stack.append((tag, mcid))
        elif operator == "EMC":
            if not stack:
                problem("page %d: EMC without BMC/BDC" % page_number)
            else:
                stack.pop()
        elif operator in PAINTING:
            if not any(entry[1] is not None or entry[0] == "/Artifact" for entry in stack):
                unmarked += 1
    if stack:
        problem("page %d: %d marked-content sequences not closed" % (page_number, len(stack)))
    if unmarked:
        problem("page %d: %d drawing operations neither tagged nor artifacts" % (page_number, unmarked))
    if len(set(order)) != len(order):
        problem("page %d: an MCID is used twice" % page_number)
    return order


def number_tree(pdf, node, out, depth=0):
    node = pdf.get(node) or {}
    if depth > 32:
        problem("ParentTree deeper than 32 levels")
        return
    nums = node.get("/Nums") or []
    for k in range(0, len(nums) - 1, 2):
        out[int(nums[k])] = nums[k + 1]
    for kid in node.get("/Kids") or []:
        number_tree(pdf, kid, out, depth + 1)


def main():
    path, lang = sys.argv[1], sys.argv[2]
    pdf = Pdf(load(path))
    catalog = pdf.get(pdf.trailer["/Root"])
    mark_info = pdf.get(catalog.get("/MarkInfo")) or {}
    if mark_info.get("/Marked") is not True:
        problem("catalog: /MarkInfo /Marked is not true")
    if pdf_string(catalog.get("/Lang")) != lang:
        problem("catalog: /Lang is %r, not %r" % (pdf_string(catalog.get("/Lang")), lang))
    viewer = pdf.get(catalog.get("/ViewerPreferences")) or {}
    if viewer.get("/DisplayDocTitle") is not True:
        problem("catalog: /ViewerPreferences /DisplayDocTitle is not true")

    # Pages, in order.
    pages, page_index = [], {}

    def walk_pages(ref, depth=0):
        node = pdf.get(ref)
        if node is None or depth > 64:
            return
        if node.get("/Type") == "/Pages":
            for kid in node.get("/Kids") or []:
                walk_pages(kid, depth + 1)
        else:
            page_index[ref] = len(pages)
            pages.append((ref, node))

    walk_pages(catalog["/Pages"])
    drawn = []  # per page: MCIDs in drawing order
    for n, (ref, page) in enumerate(pages, 1):
        drawn.append(check_content(pdf, n, ref, page))

    root_ref = catalog.get("/StructTreeRoot")
    root = pdf.get(root_ref)
    if not root:
        problem("catalog: no /StructTreeRoot")
        return report(path)
    if root.get("/Type") != "/StructTreeRoot":
        problem("StructTreeRoot: /Type is not /StructTreeRoot")

    owner = {}        # (page index, mcid) -> element ref
    annotation_owner = {}  # annotation ref -> element ref
    walk_order = []   # (page index, mcid) in depth-first order
    roles = []        # (role, element ref) in depth-first order
    visited = set()
    counts = {}

    def walk(ref, parent_ref, depth):
        if ref in visited:
            problem("element %s is reached twice" % ref)
            return
        visited.add(ref)
        element = pdf.get(ref)
        if not isinstance(element, dict):
            problem("%s is not a structure element" % ref)
            return
        if depth > 200:
            problem("the tree is deeper than 200 levels")
            return
        role = element.get("/S", "")[1:]
        counts[role] = counts.get(role, 0) + 1
        roles.append((role, ref, element))
        if role not in STANDARD:
            problem("%s: /S /%s is not a standard structure type" % (ref, role))
        if element.get("/P") != parent_ref:
            problem("%s (%s): /P is %s, not the element %s that lists it" % (ref, role, element.get("/P"), parent_ref))
        page_ref = element.get("/Pg")
        if page_ref is not None and page_ref not in page_index:
            problem("%s (%s): /Pg %s is not a page of the document" % (ref, role, page_ref))
        for kid in as_list(element.get("/K")):
            if isinstance(kid, int):
                leaf(ref, role, page_ref, kid)
            elif isinstance(kid, str):
                walk(kid, ref, depth + 1)
            elif isinstance(kid, dict) and kid.get("/Type") == "/MCR":
                kid_page = kid.get("/Pg", page_ref)
                if kid_page not in page_index:
                    problem("%s (%s): an MCR's /Pg %s is not a page" % (ref, role, kid_page))
                    continue
                leaf(ref, role, kid_page, int(kid["/MCID"]))
            elif isinstance(kid, dict) and kid.get("/Type") == "/OBJR":
                annotation = kid.get("/Obj")
                if annotation in annotation_owner:
                    problem("annotation %s belongs to two elements" % annotation)
                annotation_owner[annotation] = ref
            else:
                problem("%s (%s): a kid %r of no known kind" % (ref, role, kid))

    def leaf(ref, role, page_ref, mcid):
        if page_ref not in page_index:
            problem("%s (%s): MCID %d without a page" % (ref, role, mcid))
            return
        key = (page_index[page_ref], mcid)
        if key in owner:
            problem("page %d MCID %d belongs to two elements" % (key[0] + 1, mcid))
        owner[key] = ref
        walk_order.append(key)

    for kid in as_list(root.get("/K")):
        walk(kid, root_ref, 0)

    in_content = {(p, mcid) for p, order in enumerate(drawn) for mcid in order}
    for p, mcid in sorted(in_content - set(owner)):
        problem("page %d MCID %d is in no structure element" % (p + 1, mcid))
    for p, mcid in sorted(set(owner) - in_content):
        problem("page %d MCID %d of the tree is not in the page's content" % (p + 1, mcid))

    # Reading order: the tree meets the content page by page, in drawing order.
    position = {}
    for p, order in enumerate(drawn):
        for k, mcid in enumerate(order):
            position[(p, mcid)] = (p, k)
    walked = [position[key] for key in walk_order if key in position]
    disorder = [(a, b) for a, b in zip(walked, walked[1:]) if b < a]
    if disorder:
        a, b = disorder[0]
        problem("reading order: %d places where the tree goes back, first from page %d item %d to page %d item %d"
                % (len(disorder), a[0] + 1, a[1], b[0] + 1, b[1]))

    # The ParentTree.
    parent_tree = {}
    number_tree(pdf, root.get("/ParentTree"), parent_tree)
    next_key = root.get("/ParentTreeNextKey")
    if parent_tree and (next_key is None or int(next_key) <= max(parent_tree)):
        problem("ParentTreeNextKey %s is not above every key" % next_key)
    annotations = 0
    for p, (ref, page) in enumerate(pages):
        if drawn[p]:
            key = page.get("/StructParents")
            if key is None or int(key) not in parent_tree:
                problem("page %d: no /StructParents entry in the ParentTree" % (p + 1))
            else:
                by_mcid = pdf.get(parent_tree[int(key)]) or []
                for mcid in drawn[p]:
                    if mcid >= len(by_mcid) or by_mcid[mcid] != owner.get((p, mcid)):
                        problem("page %d MCID %d: the ParentTree does not name its element" % (p + 1, mcid))
        annots = as_list(pdf.get(page.get("/Annots")))
        if annots and page.get("/Tabs") != "/S":
            problem("page %d has annotations but no /Tabs /S" % (p + 1))
        for annotation_ref in annots:
            annotation = pdf.get(annotation_ref) or {}
            subtype = annotation.get("/Subtype")
            annotations += 1
            if subtype == "/Link" and not pdf_string(annotation.get("/Contents")):
                problem("page %d: a Link annotation without /Contents" % (p + 1))
            if subtype == "/Widget":
                field, description = annotation, None
                for _ in range(8):
                    description = pdf_string(field.get("/TU"))
                    if description or "/Parent" not in field:
                        break
                    field = pdf.get(field["/Parent"]) or {}
                if not description:
                    problem("page %d: a widget whose field has no /TU" % (p + 1))
            if subtype in ("/Popup",) or annotation.get("/F", 0) & 2:
                continue  # hidden annotations need no tag
            key = annotation.get("/StructParent")
            element = annotation_owner.get(annotation_ref)
            if element is None:
                problem("page %d: annotation %s (%s) is in no structure element" % (p + 1, annotation_ref, subtype))
            elif key is None or parent_tree.get(int(key)) != element:
                problem("page %d: annotation %s: the ParentTree does not name its element" % (p + 1, annotation_ref))

    # Headings and figures.
    levels = [int(role[1]) for role, _, _ in roles if re.fullmatch(r"H[1-6]", role)]
    if levels.count(1) != 1 or not levels or levels[0] != 1:
        problem("headings: not exactly one H1, first (levels in order: %s)" % levels[:20])
    for a, b in zip(levels, levels[1:]):
        if b > a + 1:
            problem("headings: H%d follows H%d" % (b, a))
            break
    own_lang = []
    for role, ref, element in roles:
        if role == "Figure" and not pdf_string(element.get("/Alt")):
            problem("%s: a Figure without /Alt" % ref)
        if "/Lang" in element:
            tag = pdf_string(element["/Lang"]) or ""
            if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", tag):
                problem("%s (%s): /Lang %r is not a language tag" % (ref, role, tag))
            own_lang.append("%s %s" % (role, tag))
    if not problems:
        summary = ", ".join("%s %d" % (role, counts[role]) for role in sorted(counts))
        print("ok: structure tree: %d elements (%s); %d marked items on %d pages, each in one element, in reading order;"
              " ParentTree consistent; %d annotations tagged; headings %s; own /Lang: %s"
              % (len(roles), summary, len(owner), len(pages), annotations,
                 "H" + " H".join(str(level) for level in sorted(set(levels))),
                 ", ".join(own_lang) or "none"))
    return report(path)


def report(path):
    if problems:
        for message in problems[:30]:
            print("FAIL: %s: %s" % (path, message), file=sys.stderr)
        if len(problems) > 30:
            print("FAIL: … and %d more" % (len(problems) - 30), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
