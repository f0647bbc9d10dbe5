#!/usr/bin/env python3
"""pdf_update.py IN.pdf OUT.pdf addpage|addannot

Appends a hand-written incremental update to a PDF written in PoDoFo's clean
mode (each object "N 0 obj" on its own line, a classic xref table): the kind
of change made after signing that `protokoll verify` must report. Written
without any PDF library so that the tamper cases do not depend on the tool
(PoDoFo) that the unit tests use for the same attacks.

  addpage     a new last page with its own content stream (/Pages /Kids, /Count)
  addannot    a /Text annotation ("sticky note") on the last page (/Annots)
  dsspage     addpage, and a catalog /DSS whose arrays refer to the new page
              and its content (the "validation data" cover of issue 8)
  newinfo     a new /Info (title "Protokoll - forfalskat") named by the trailer
  annotsint   page 1's /Annots replaced by the integer 7
  forgedfield a new, unsigned signature field whose widget covers page 1 and
              draws "FORGED CONTENT" (in /AcroForm /Fields and page 1's /Annots)
  replaceap   the appearance of the first (signed) field replaced by one that
              reads "Justerat: NEJ, reservation"
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
    catalog = latest_object(data, root)
    pages = int(re.search(rb"/Pages (\d+) 0 R", catalog).group(1))
    pages_dict = latest_object(data, pages)
    kids = re.search(rb"/Kids \[([^\]]*)\]", pages_dict).group(1)
    last_page = int(re.findall(rb"(\d+) 0 R", kids)[-1])
    first_page = int(re.findall(rb"(\d+) 0 R", kids)[0])

    objects = {}

    def with_annot(page_dict, ref):
        if b"/Annots [" in page_dict:
            return re.sub(rb"/Annots \[([^\]]*)\]", lambda m: b"/Annots [" + m.group(1) + b" %d 0 R ]" % ref, page_dict, 1)
        return page_dict.replace(b"<<", b"<<\n/Annots [ %d 0 R ]" % ref, 1)

    if action == "dsspage":
        action = "addpage"
        objects[root] = catalog.replace(b"<<", b"<<\n/DSS << /Certs [ %d 0 R %d 0 R %d 0 R ] /VRI << >> >>" % (size, size + 1, pages), 1)
    if action == "newinfo":
        info_num = size
        size += 1
        objects[info_num] = b"<<\n/Title (Protokoll - forfalskat)\n/Producer (protokoll)\n>>"
        info = re.match(rb"(\d+)", b"%d" % info_num)
    elif action == "annotsint":
        page_dict = latest_object(data, first_page)
        if b"/Annots" in page_dict:
            objects[first_page] = re.sub(rb"/Annots (\[[^\]]*\]|\d+ 0 R)", b"/Annots 7", page_dict, 1)
        else:
            objects[first_page] = page_dict.replace(b"<<", b"<<\n/Annots 7", 1)
    elif action == "forgedfield":
        font, ap, widget = size, size + 1, size + 2
        size += 3
        objects[font] = b"<<\n/Type /Font\n/Subtype /Type1\n/BaseFont /Helvetica\n>>"
        text = b"q 1 1 1 rg 0 0 595 842 re f Q BT 0 0 0 rg /F1 48 Tf 60 420 Td (FORGED CONTENT) Tj ET"
        objects[ap] = (b"<<\n/Type /XObject\n/Subtype /Form\n/BBox [ 0 0 595 842 ]\n/Resources << /Font << /F1 %d 0 R >> >>\n"
                       b"/Length %d\n>>\nstream\n%s\nendstream" % (font, len(text), text))
        objects[widget] = (b"<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/T (Granskning)\n/Rect [ 0 0 595 842 ]\n/F 4\n"
                           b"/P %d 0 R\n/AP << /N %d 0 R >>\n>>" % (first_page, ap))
        objects[first_page] = with_annot(latest_object(data, first_page), widget)
        objects[root] = re.sub(rb"/Fields \[([^\]]*)\]", lambda m: b"/Fields [" + m.group(1) + b" %d 0 R ]" % widget, catalog, 1)
    elif action == "replaceap":
        first_field = int(re.search(rb"/Fields \[\s*(\d+) 0 R", catalog).group(1))
        ap, font = size, size + 1
        size += 2
        objects[font] = b"<<\n/Type /Font\n/Subtype /Type1\n/BaseFont /Helvetica\n>>"
        text = b"BT /Helv 10 Tf 4 20 Td (Justerat: NEJ, reservation) Tj ET"
        objects[ap] = (b"<<\n/Type /XObject\n/Subtype /Form\n/BBox [ 0 0 200 50 ]\n/Resources << /Font << /Helv %d 0 R >> >>\n"
                       b"/Length %d\n>>\nstream\n%s\nendstream" % (font, len(text), text))
        field = latest_object(data, first_field)
        new_field, n = re.subn(rb"/AP\s*<<\s*/N\s+\d+ 0 R\s*>>", b"/AP << /N %d 0 R >>" % ap, field, 1)
        if n != 1:
            sys.exit("the first field has no /AP << /N … >>")
        objects[first_field] = new_field
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
    elif action not in ("newinfo", "annotsint", "forgedfield", "replaceap"):
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
