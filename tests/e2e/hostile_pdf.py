#!/usr/bin/env python3
"""hostile_pdf.py IN.pdf OUT.pdf KIND

Writes a hostile or damaged PDF for `protokoll verify/sign/seal` to refuse:
IN (a file protokoll wrote: PoDoFo's clean mode, "N 0 obj" on its own line,
a classic xref table) with one incremental update appended, or IN cut, or
garbage. Without any PDF library, so that what PoDoFo would choke on is
written byte for byte.

  dict1000, dict20000     a dictionary nested 1 000 / 20 000 deep
  array1000, array20000   the same with arrays
  mixed5000               arrays and dictionaries in turn
  objstm-dict1000         the deep dictionary inside an object stream (xref stream section)
  objstm-array20000       deep arrays inside an object stream
  bomb-content            a page's /Contents: 1 GB of zeros, flate-compressed (about 1 MB)
  bomb-dss                the same as a /DSS /Certs stream (verify decodes those)
  bomb-xmp                the same as the catalog's /Metadata (verify decodes it)
  bomb-objstm             an object stream that decodes to 1 GB
  size2g                  the update's trailer says /Size 2147483648
  w-absurd                an xref stream section with /W [1 2147483648 2]
  huge-length             a stream whose /Length is 2^40
  prev-loop               the update's /Prev points at its own xref table
  page-cycle              a /Pages node whose /Kids lead back to the root
  count-huge              the page tree's /Count is 2147483647
  truncated               IN cut in the middle
  garbage                 "%PDF-1.7" and 64 KB of (seeded) random bytes
"""
import random
import re
import sys
import zlib

GB = 1 << 30


def latest_object(data, num):
    """The text of the newest definition of object `num` (dictionary only)."""
    at = data.rfind(b"\n%d 0 obj" % num)
    if at < 0:
        sys.exit("object %d not found" % num)
    end = data.find(b"endobj", at)
    body = data[at + 1:end]
    return body[body.find(b"obj") + 3:].strip()


def zeros_deflated(size):
    """`size` zero bytes, zlib-compressed in steps (never the whole in memory)."""
    z = zlib.compressobj(9)
    chunk = bytes(1 << 24)
    out = bytearray()
    for _ in range(size // len(chunk)):
        out += z.compress(chunk)
    return bytes(out + z.flush())


def nested(depth, kind):
    if kind == "dict":
        return b"<< /A " * depth + b"1" + b" >>" * depth
    if kind == "array":
        return b"[ " * depth + b"1" + b" ]" * depth
    opens = b"".join(b"<< /A " if i % 2 else b"[ " for i in range(depth))
    closes = b"".join(b" >>" if i % 2 else b" ]" for i in reversed(range(depth)))
    return opens + b"1" + closes


class Update:
    """An incremental update: new objects, then an xref table or stream."""

    def __init__(self, data):
        self.data = data
        trailer = data[data.rfind(b"trailer"):]
        self.prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
        self.size = int(re.search(rb"/Size (\d+)", trailer).group(1))
        self.root = int(re.search(rb"/Root (\d+) 0 R", trailer).group(1))
        info = re.search(rb"/Info (\d+) 0 R", trailer)
        self.info = int(info.group(1)) if info else None
        ids = re.search(rb"/ID \[[^\]]*\]", trailer)
        self.ids = ids.group(0) if ids else None
        self.objects = {}  # number -> body (dictionary text, or dictionary + stream)
        self.trailer_size = None
        self.trailer_prev = None

    def new(self, body):
        num = self.size
        self.size += 1
        self.objects[num] = body
        return num

    def catalog(self):
        return latest_object(self.data, self.root)

    def pages(self):
        return int(re.search(rb"/Pages (\d+) 0 R", self.catalog()).group(1))

    def write_table(self):
        out = bytearray(self.data)
        if not out.endswith(b"\n"):
            out += b"\n"
        offsets = {}
        for num in sorted(self.objects):
            offsets[num] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (num, self.objects[num])
        xref = len(out)
        out += b"xref\n0 1\n0000000000 65535 f \n"
        for num in sorted(offsets):
            out += b"%d 1\n%010d 00000 n \n" % (num, offsets[num])
        prev = self.trailer_prev if self.trailer_prev is not None else self.prev
        out += b"trailer\n<<\n/Size %d\n/Root %d 0 R\n" % (self.trailer_size or self.size, self.root)
        if self.info:
            out += b"/Info %d 0 R\n" % self.info
        if self.ids:
            out += self.ids + b"\n"
        out += b"/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n" % (xref if prev == "self" else prev, xref)
        return bytes(out)

    def write_object_stream(self, members, compress, w=b"[1 4 2]", pad_zeros=0):
        """`members` (bodies) in one object stream, an xref stream section;
        `pad_zeros` zero bytes after them in the (compressed) stream."""
        out = bytearray(self.data)
        if not out.endswith(b"\n"):
            out += b"\n"
        first_member = self.size
        numbers = list(range(first_member, first_member + len(members)))
        self.size += len(members)
        header, body = b"", b""
        for num, member in zip(numbers, members):
            header += b"%d %d " % (num, len(body))
            body += member + b"\n"
        content = header + body
        stm, xref_num = self.size, self.size + 1
        self.size += 2
        filt = b""
        if compress:
            z = zlib.compressobj(9)
            packed = bytearray(z.compress(content))
            chunk = bytes(1 << 24)
            for _ in range(pad_zeros // len(chunk)):
                packed += z.compress(chunk)
            content = bytes(packed + z.flush())
            filt = b" /Filter /FlateDecode"
        stm_at = len(out)
        out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d%s >>\nstream\n" % (
            stm, len(members), len(header), len(content), filt)
        out += content + b"\nendstream\nendobj\n"
        xref_at = len(out)
        entries = b"".join(b"\x02" + stm.to_bytes(4, "big") + i.to_bytes(2, "big")
                           for i, _ in enumerate(members))
        entries += b"\x01" + stm_at.to_bytes(4, "big") + b"\x00\x00"
        entries += b"\x01" + xref_at.to_bytes(4, "big") + b"\x00\x00"
        out += b"%d 0 obj\n<< /Type /XRef /Size %d /W %s /Index [%d %d] /Root %d 0 R /Prev %d /Length %d >>\nstream\n" % (
            xref_num, self.size, w, first_member, len(members) + 2, self.root, self.prev, len(entries))
        out += entries + b"\nendstream\nendobj\n"
        out += b"startxref\n%d\n%%%%EOF\n" % xref_at
        return bytes(out)


def bomb_stream(extra=b""):
    """A stream of 1 GB of zeros, deflated."""
    data = zeros_deflated(GB)
    return b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def main():
    src, dst, kind = sys.argv[1:4]
    data = open(src, "rb").read()
    u = Update(data)
    deep = re.fullmatch(r"(objstm-)?(dict|array|mixed)(\d+)", kind)
    if kind == "truncated":
        out = data[:len(data) // 2]
    elif kind == "garbage":
        rng = random.Random(8)
        out = b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(1 << 16))
    elif deep and deep.group(1):
        out = u.write_object_stream([nested(int(deep.group(3)), deep.group(2))], compress=True)
    elif deep:
        u.new(nested(int(deep.group(3)), deep.group(2)))
        out = u.write_table()
    elif kind == "bomb-objstm":
        out = u.write_object_stream([b"<< /Type /Annot /Subtype /Text /Rect [ 0 0 1 1 ] >>"], compress=True, pad_zeros=GB)
    elif kind == "bomb-content":
        pages = u.pages()
        kids = re.search(rb"/Kids \[([^\]]*)\]", latest_object(data, pages)).group(1)
        page = int(re.findall(rb"(\d+) 0 R", kids)[0])
        page_dict = latest_object(data, page)
        bomb = u.new(bomb_stream())
        contents = re.search(rb"/Contents (\d+ 0 R|\[[^\]]*\])", page_dict).group(1)
        old = contents.strip(b"[]").strip()
        u.objects[page] = page_dict.replace(b"/Contents " + contents, b"/Contents [ %s %d 0 R ]" % (old, bomb), 1)
        out = u.write_table()
    elif kind in ("bomb-dss", "bomb-xmp"):
        catalog = u.catalog()
        if kind == "bomb-dss":
            bomb = u.new(bomb_stream())
            catalog = catalog[:-2].rstrip() + b"\n/DSS << /Certs [ %d 0 R ] >>\n>>" % bomb
        else:
            bomb = u.new(bomb_stream(b" /Type /Metadata /Subtype /XML"))
            catalog = re.sub(rb"/Metadata \d+ 0 R", b"/Metadata %d 0 R" % bomb, catalog)
        u.objects[u.root] = catalog
        out = u.write_table()
    elif kind == "size2g":
        u.new(b"<< /Type /Annot /Subtype /Text /Rect [ 0 0 1 1 ] >>")
        u.trailer_size = 1 << 31
        out = u.write_table()
    elif kind == "w-absurd":
        out = u.write_object_stream([b"<< /Type /Annot /Subtype /Text /Rect [ 0 0 1 1 ] >>"], compress=False,
                                    w=b"[1 2147483648 2]")
    elif kind == "huge-length":
        u.new(b"<< /Length 1099511627776 >>\nstream\nabc\nendstream")
        out = u.write_table()
    elif kind == "prev-loop":
        u.new(b"<< /Type /Annot /Subtype /Text /Rect [ 0 0 1 1 ] >>")
        u.trailer_prev = "self"
        out = u.write_table()
    elif kind in ("page-cycle", "count-huge"):
        pages = u.pages()
        root = latest_object(data, pages)
        if kind == "page-cycle":
            node = u.new(b"<< /Type /Pages /Parent %d 0 R /Kids [ %d 0 R ] /Count 1 >>" % (pages, pages))
            root = re.sub(rb"/Kids \[([^\]]*)\]", lambda m: b"/Kids [" + m.group(1) + b" %d 0 R ]" % node, root)
        else:
            root = re.sub(rb"/Count \d+", b"/Count 2147483647", root)
        u.objects[pages] = root
        out = u.write_table()
    else:
        sys.exit("unknown kind " + kind)
    open(dst, "wb").write(out)


if __name__ == "__main__":
    main()
