"""The tail every hand-written test PDF shares: numbered objects, the cross-reference table and
the trailer (object 1 is the catalog)."""


def pdf_file(objects: list[str]) -> bytes:
    """A PDF 1.4 file of ``objects`` (object bodies, numbered from 1, Latin-1 text)."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out
