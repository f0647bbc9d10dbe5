#!/usr/bin/env python3
"""tiny_pdf.py OUT.pdf [FIELD...] — the smallest PDF `protokoll sign` accepts:
one page, no fonts, one empty invisible signature field (merged with its
widget) per FIELD, in /AcroForm /Fields in the order given. Written by hand
(no PDF library) so that the verify fuzzer's seeds stay a few KB each
instead of the ~100 KB of a rendered protocol with its embedded fonts."""
import sys

out = sys.argv[1]
names = sys.argv[2:] or ["Sara Nordenhielm", "Kent Lagrell"]
objects = []  # bodies; object number = index + 1


def add(body):
    objects.append(body)
    return len(objects)


catalog = add(None)
pages = add(None)
page = add(None)
content = add(b"<< /Length 15 >>\nstream\n0 0 m 10 10 l S\nendstream")
fields = []
for i, name in enumerate(names):
    rect = b"[%d 10 %d 40]" % (10 + 110 * i, 110 + 110 * i)
    fields.append(add(b"<< /FT /Sig /T (" + name.encode("latin-1") + b") /Type /Annot /Subtype /Widget"
                      b" /F 132 /Rect " + rect + b" /P %d 0 R >>" % page))
refs = b" ".join(b"%d 0 R" % f for f in fields)
acroform = add(b"<< /Fields [" + refs + b"] /SigFlags 1 >>")
objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R /AcroForm %d 0 R >>" % (pages, acroform)
objects[pages - 1] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page
objects[page - 1] = (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
                     b" /Resources << >> /Annots [" % (pages, content) + refs + b"] >>")

data = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
offsets = []
for number, body in enumerate(objects, 1):
    offsets.append(len(data))
    data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
xref = len(data)
data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
for offset in offsets:
    data += b"%010d 00000 n \n" % offset
data += (b"trailer\n<< /Size %d /Root %d 0 R /ID [<00112233445566778899aabbccddeeff>"
         b" <00112233445566778899aabbccddeeff>] >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref))
open(out, "wb").write(data)
