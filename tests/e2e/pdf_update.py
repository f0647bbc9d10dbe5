#!/usr/bin/env python3
"""pdf_update.py IN.pdf OUT.pdf addpage|addannot

Appends a hand-written incremental update to a PDF written in PoDoFo's clean
mode (each object "N 0 obj" on its own line, a classic xref table): the kind
of change made after signing that `protokoll verify` must report. Written
without any PDF library so that the tamper cases do not depend on the tool
(PoDoFo) that the unit tests use for the same attacks.

  addpage   a new last page with its own content stream (/Pages /Kids, /Count)
  addannot  a /Text annotation ("sticky note") on the last page (/Annots)
"""
import re
import sys


def latest_object(data, num):
    """The text of the newest definition of object `num` (dictionary only)."""
    at = data.rfind(b"\n%d 0 obj" % num)
    if at < 0:
        sys.exit("object %d not found" % num)
    end = data.find(b"endobj", at)
    body = data[at + 1:end]
    return body[body.find(b"obj") + 3:].strip()


def main():
    src, dst, action = sys.argv[1:4]
    data = open(src, "rb").read()
    trailer = data[data.rfind(b"trailer"):]
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    size = int(re.search(rb"/Size (\d+)", trailer).group(1))
    root = int(re.search(rb"/Root (\d+) 0 R", trailer).group(1))
    info = re.search(rb"/Info (\d+) 0 R", trailer)
    ids = re.search(rb"/ID \[[^\]]*\]", trailer)
    pages = int(re.search(rb"/Pages (\d+) 0 R", latest_object(data, root)).group(1))
    pages_dict = latest_object(data, pages)
    kids = re.search(rb"/Kids \[([^\]]*)\]", pages_dict).group(1)
    last_page = int(re.findall(rb"(\d+) 0 R", kids)[-1])

    objects = {}
    if action == "addpage":
        page, content = size, size + 1
        size += 2
        stream = b"BT /F1 12 Tf 56 780 Td (Paragraf 2. Ett beslut som aldrig fattades.) Tj ET"
        page_dict = latest_object(data, last_page)
        resources = re.search(rb"/Resources (\d+ 0 R|<<.*>>)\s*>>$", page_dict, re.S)
        objects[page] = (b"<<\n/Type /Page\n/Parent %d 0 R\n/MediaBox [ 0 0 595 842 ]\n/Contents %d 0 R\n"
                         b"/Resources %s\n>>" % (pages, content, resources.group(1) if resources else b"<< >>"))
        objects[content] = b"<<\n/Length %d\n>>\nstream\n%s\nendstream" % (len(stream), stream)
        count = int(re.search(rb"/Count (\d+)", pages_dict).group(1))
        new_pages = re.sub(rb"/Kids \[([^\]]*)\]", lambda m: b"/Kids [" + m.group(1) + b"%d 0 R ]" % page, pages_dict)
        objects[pages] = re.sub(rb"/Count \d+", b"/Count %d" % (count + 1), new_pages)
    elif action == "addannot":
        annot = size
        size += 1
        objects[annot] = (b"<<\n/Type /Annot\n/Subtype /Text\n/Rect [ 56 600 76 620 ]\n/F 4\n"
                          b"/Contents (Godkanns ej)\n/P %d 0 R\n>>" % last_page)
        page_dict = latest_object(data, last_page)
        if b"/Annots [" in page_dict:
            page_dict = re.sub(rb"/Annots \[([^\]]*)\]", lambda m: b"/Annots [" + m.group(1) + b"%d 0 R ]" % annot, page_dict)
        else:
            page_dict = page_dict.replace(b"<<", b"<<\n/Annots [ %d 0 R ]" % annot, 1)
        objects[last_page] = page_dict
    else:
        sys.exit("unknown action " + action)

    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    xref = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    for num in sorted(offsets):
        out += b"%d 1\n%010d 00000 n \n" % (num, offsets[num])
    out += b"trailer\n<<\n/Size %d\n/Root %d 0 R\n" % (size, root)
    if info:
        out += b"/Info %s 0 R\n" % info.group(1)
    if ids:
        out += ids.group(0) + b"\n"
    out += b"/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n" % (prev, xref)
    open(dst, "wb").write(out)


if __name__ == "__main__":
    main()
