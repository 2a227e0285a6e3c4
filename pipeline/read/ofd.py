"""OFD reader (GB/T 33190-2016): a zip of XML parts, read like a PDF's text layer.

The package: ``OFD.xml`` (DocInfo, DocRoot) → ``Doc_N/Document.xml`` (CommonData:
the page area, PublicRes/DocumentRes with the fonts and media, templates; the
pages' ``BaseLoc``) → each page's ``Content.xml``: layers of ``TextObject``
(``Boundary``, ``Font``, ``Size``, ``CTM``) holding ``TextCode`` runs (``X``, ``Y``,
``DeltaX`` with the ``g N d`` abbreviation), ``PathObject`` (``AbbreviatedData``
``M x y L x y …``) and ``ImageObject``.  Units are millimetres, origin top left.

Every character is placed from its run's position and advances, and the page
becomes what the PDF reader makes of a page (``pdfium_page.Page``: characters and
ruling edges in points, origin top left), so the rest is the PDF reader's ``layout``:
ruled tables found as pdfplumber finds them, over the PathObjects' horizontal and
vertical segments, page furniture (``— N —``) dropped, lines rejoined into
paragraphs from their geometry, a table going on over the next page stitched
into one.  Only lines are made here: a WPS or Suwell OFD writes one object per
run of one font (``2022年4月26日`` is six), so characters are grouped into lines
by their baseline (within a third of the font size), left to right.

Seals are never text: an ``ImageObject`` of a seal's size (or named so), a
``Stamp`` annotation or a signature's ``StampAnnot`` is recorded in
``Document.hints["seals"]`` and as ``seal: True`` on the paragraph it is
stamped over (the signature and date).  DocInfo goes into
``Document.hints["docinfo"]``; it is often stale (a template's title), so
nothing downstream takes metadata from it.

Hostile input gets what a .docx gets: every zip member's declared size and
ratio is checked against the limits before anything is decompressed, XML is
parsed with no entities and no network, and a damaged package (a broken zip or
XML part, a missing ``Content.xml``) or an encrypted one is refused with a
named error.  Deviations from the schema are tolerated: no namespace or an
undeclared ``ofd:`` prefix, attributes with or without the prefix, commas in
number lists, a missing ``DeltaX`` (advances estimated from the font size),
``BaseLoc`` relative to the part, the document or the package root.
"""
from __future__ import annotations

import math
import posixpath
import re
import unicodedata
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

from ..errors import EmptyError, EncryptedError, LimitError, ReadError, UnsupportedFormatError
from ..limits import Limits
from ..model import Format, Warning
from . import layout
from .document import RawBlock, assemble
from .layout import Line
from .pdfium_page import Page

PT = 72 / 25.4  # points per millimetre: the PDF reader's thresholds are in points
MAX_RATIO = 200  # as for .docx: a member that expands more than this (and is big) is a zip bomb
BOMB_BYTES = 10_000_000
MAX_EDGES = 20_000  # ruling segments on one page beyond which no table is looked for
WORD_GAP = 3  # points: a gap this wide between characters of a line is a word space (pdfplumber's)
BASELINE_TOLERANCE = 1 / 3  # of the font size: characters this close to a line's baseline are on it
SEAL_MM = (20, 60)  # a seal image is square-ish and 2-6 cm across (公文 seals are 4-4.5 cm)
SEAL_REACH = 30  # mm: a seal beside no text marks the paragraph this close to its middle
SEAL_NAMES = re.compile(r"seal|stamp|印章|签章|公章|yinzhang", re.I)
ENCRYPTION_PARTS = re.compile(r"(^|/)(encrypt\w*|encryptions?)\.xml$", re.I)
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
IMAGE_PAGE_CHARS = 30  # fewer characters than this on a page covered by an image: a scan


def read(path: Path, data: bytes, limits: Limits):
    """Read an OFD file into a Document."""
    where = str(path)
    package = _Package(data, where, limits)
    reader = _Reader(package, where)
    pages = reader.pages(limits)
    warnings = list(reader.warnings)
    chars_total = sum(len(p.chars) for p in pages)
    scans = [p.page_number for p in pages if _is_image_page(p)]
    if chars_total == 0 or len(scans) > len(pages) / 2:
        if scans:
            raise EmptyError("an image-only OFD (a scan): it has no text layer to read", where)
        raise EmptyError("the OFD has no text", where)
    warnings += [Warning("W-OFD-IMAGE-PAGE", f"page {n} is an image without a text layer; its text is missing")
                 for n in scans]
    try:
        raw, lines_of = _text_layer(pages)
        _mark_seals(raw, lines_of, reader.seals)
    except (ReadError, LimitError):
        raise
    except Exception as exc:  # noqa: BLE001 - a layout failure on odd input is a read error, not a crash
        raise ReadError(f"cannot lay out the OFD's text ({type(exc).__name__}: {exc})", where) from None
    if not any(b.text.strip() or b.rows for b in raw):
        raise EmptyError("the OFD has no readable text", where)
    doc = assemble(path, Format.OFD, data, raw, encoding=None, pages=len(pages), warnings=tuple(warnings),
                   limits=limits)
    hints = {}
    if reader.docinfo:
        hints["docinfo"] = reader.docinfo
    if reader.seals:
        hints["seals"] = reader.seals
    if reader.signed:
        hints["signed"] = True
    return doc.evolve(hints=hints) if hints else doc


# ------------------------------------------------------------------ the package


class _Package:
    """The zip, checked before anything is decompressed; parts read by name, XML parsed safely."""

    def __init__(self, data: bytes, path: str, limits: Limits):
        self.path = path
        try:
            self.zip = zipfile.ZipFile(BytesIO(data))
            members = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
            raise UnsupportedFormatError(f"not a readable OFD file (damaged zip: {exc})", path) from None
        total = 0
        for info in members:
            total += info.file_size
            limits.check("decompressed part", info.file_size, path)
            if (info.compress_size and info.file_size / info.compress_size > MAX_RATIO
                    and info.file_size > BOMB_BYTES):
                raise LimitError(f"part {info.filename} expands {info.file_size // info.compress_size}× "
                                 f"(a zip bomb; raise --max-part-mb to read it anyway)", path, "E-LIMIT-PART")
            if info.flag_bits & 0x1:
                raise EncryptedError(f"the OFD is encrypted (part {info.filename} needs a password)", path)
            if ENCRYPTION_PARTS.search(info.filename.replace("\\", "/")):
                raise EncryptedError(f"the OFD is encrypted (it has {info.filename}); it cannot be read "
                                     "without its key", path)
        limits.check("decompressed part", total, path)
        self.infos = {}
        self.lower = {}
        for info in members:
            name = info.filename.replace("\\", "/").lstrip("/")
            self.infos.setdefault(name, info)
            self.lower.setdefault(name.lower(), name)

    def find(self, name: str, *bases: str) -> str | None:
        """The member ``name`` refers to: relative to each base folder in turn, then to the root;
        an absolute name from the root; case-insensitively as a last resort."""
        name = (name or "").strip().replace("\\", "/")
        if not name:
            return None
        candidates = []
        if name.startswith("/"):
            candidates.append(name.lstrip("/"))
        else:
            candidates += [posixpath.join(b, name) for b in bases if b]
            candidates.append(name)
        for c in candidates:
            c = posixpath.normpath(c).lstrip("/")
            if c in self.infos:
                return c
            if c.lower() in self.lower:
                return self.lower[c.lower()]
        return None

    def read(self, name: str) -> bytes:
        info = self.infos[name]
        try:
            with self.zip.open(info) as member:
                return member.read(info.file_size + 1)  # never more than it declared
        except RuntimeError as exc:  # a member that needs a password
            raise EncryptedError(f"the OFD is encrypted ({exc})", self.path) from None
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, zlib.error) as exc:
            kind = "zlib" if isinstance(exc, zlib.error) else type(exc).__name__
            raise UnsupportedFormatError(f"not a readable OFD file (part {name} is damaged: {kind}: {exc})",
                                         self.path) from None

    def xml(self, name: str):
        """The root element of an XML part: no entities, no network; a missing namespace
        declaration (``ofd:`` used but never declared) is tolerated, any other damage is not."""
        from lxml import etree

        data = self.read(name)
        strict = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            root = etree.fromstring(data, strict)
        except etree.XMLSyntaxError as exc:
            lenient = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
            try:
                root = etree.fromstring(data, lenient)
            except etree.XMLSyntaxError:
                root = None
            damage = [e for e in lenient.error_log if e.domain_name != "NAMESPACE"]
            if root is None or damage:
                why = f"{damage[0].message.strip()}, line {damage[0].line}" if damage else str(exc)
                raise UnsupportedFormatError(f"not a readable OFD file (part {name} is not well-formed XML: "
                                             f"{why})", self.path) from None
        if root is None:
            raise UnsupportedFormatError(f"not a readable OFD file (part {name} is empty)", self.path)
        return root


# ---------------------------------------------------------------- XML helpers


def _local(el) -> str:
    """An element's name without namespace or prefix (``{ns}Page``, ``ofd:Page``, ``Page``)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""  # a comment, processing instruction or unexpanded entity
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _kids(el, name: str):
    return [c for c in el if _local(c) == name] if el is not None else []


def _kid(el, name: str):
    for c in el if el is not None else ():
        if _local(c) == name:
            return c
    return None


def _path(el, *names):
    for name in names:
        el = _kid(el, name)
        if el is None:
            return None
    return el


def _walk(el, name: str):
    return [c for c in el.iter() if _local(c) == name] if el is not None else []


def _attr(el, name: str, default=None):
    if el is None:
        return default
    value = el.get(name)
    if value is not None:
        return value
    for key, value in el.attrib.items():
        if key.rsplit("}", 1)[-1].rsplit(":", 1)[-1] == name:
            return value
    return default


def _text(el) -> str:
    """An element's own text, without entity references (never expanded) or comments."""
    if el is None:
        return ""
    return "".join([el.text or ""] + [c.tail or "" for c in el])


def _numbers(value: str | None) -> list[float]:
    """Numbers of a space- (or comma-) separated list; anything not finite is dropped."""
    out = []
    for token in NUMBER.findall(value or ""):
        try:
            v = float(token)
        except ValueError:
            continue
        if math.isfinite(v):
            out.append(v)
    return out


def _box(value: str | None) -> tuple[float, float, float, float] | None:
    n = _numbers(value)
    return (n[0], n[1], n[2], n[3]) if len(n) >= 4 else None


def _ctm(value: str | None) -> tuple[float, ...] | None:
    n = _numbers(value)
    return tuple(n[:6]) if len(n) >= 6 else None


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() not in ("false", "0", "no", "off")


def _delta_x(value: str | None, needed: int) -> list[float]:
    """DeltaX advances: numbers, with ``g N d`` for N repeats of d (never more than ``needed``)."""
    out: list[float] = []
    tokens = [t for t in re.split(r"[\s,]+", (value or "").strip()) if t]
    i = 0
    while i < len(tokens) and len(out) < needed:
        t = tokens[i]
        if t.lower() == "g" and i + 2 < len(tokens):
            count, step = _numbers(tokens[i + 1]), _numbers(tokens[i + 2])
            if count and step:
                out.extend([step[0]] * max(0, min(int(count[0]), needed - len(out))))
            i += 3
            continue
        n = _numbers(t)
        if n:
            out.append(n[0])
        i += 1
    return out[:needed]


# ------------------------------------------------------------------ the reader


class _Reader:
    """The document's parts: DocInfo, resources, templates, pages, annotations and signatures."""

    def __init__(self, package: _Package, path: str):
        self.pkg, self.path = package, path
        self.warnings: list[Warning] = []
        self.docinfo: dict = {}
        self.seals: list[dict] = []
        self.signed = False
        name = package.find("OFD.xml")
        if name is None:
            raise UnsupportedFormatError("not an OFD file (the package has no OFD.xml)", path)
        root = package.xml(name)
        if _walk(root, "Encryptions") or _walk(root, "Encryption"):
            raise EncryptedError("the OFD is encrypted (OFD.xml lists Encryptions); it cannot be read "
                                 "without its key", path)
        bodies = _walk(root, "DocBody")
        if not bodies:
            raise UnsupportedFormatError("not a readable OFD file (OFD.xml has no DocBody)", path)
        if len(bodies) > 1:
            self.warnings.append(Warning("W-OFD-DOCUMENTS", f"the package holds {len(bodies)} documents; "
                                                            "only the first is read"))
        body = bodies[0]
        self.docinfo = _docinfo(_kid(body, "DocInfo"))
        doc_root = package.find(_text(_kid(body, "DocRoot")).strip())
        if doc_root is None:
            raise UnsupportedFormatError("not a readable OFD file (its DocRoot, the Document.xml, is missing)", path)
        self.base = posixpath.dirname(doc_root)
        self.document = package.xml(doc_root)
        common = _kid(self.document, "CommonData")
        self.area = _box(_text(_path(common, "PageArea", "PhysicalBox"))) or (0, 0, 210, 297)
        self.fonts: dict[str, str] = {}
        self.media: dict[str, str] = {}
        for tag in ("PublicRes", "DocumentRes"):
            for res in _kids(common, tag):
                self._resources(_text(res).strip(), self.base, self.fonts, self.media)
        self.templates = {_attr(t, "ID"): _attr(t, "BaseLoc") for t in _kids(common, "TemplatePage")}
        self.template_roots: dict = {}
        signatures = _kid(body, "Signatures")
        if signatures is not None:
            self._signatures(_text(signatures).strip())

    def _resources(self, loc: str, base: str, fonts: dict, media: dict) -> None:
        """Font names and media files by ID from a resource file (into ``fonts`` and ``media``)."""
        name = self.pkg.find(loc, base)
        if name is None:
            return  # a missing resource file: fonts fall back to their IDs
        root = self.pkg.xml(name)
        folder = posixpath.join(posixpath.dirname(name), _attr(root, "BaseLoc", "") or "")
        for font in _walk(root, "Font"):
            fid = _attr(font, "ID")
            if fid:
                fonts[fid] = (_attr(font, "FontName") or _attr(font, "FamilyName") or "").strip()
        for mm in _walk(root, "MultiMedia"):
            mid = _attr(mm, "ID")
            if mid:
                media[mid] = posixpath.join(folder, _text(_kid(mm, "MediaFile")).strip())

    # ------------------------------------------------------------- pages
    def pages(self, limits: Limits) -> list[Page]:
        entries = _walk(_kid(self.document, "Pages"), "Page")
        if not entries:
            raise UnsupportedFormatError("not a readable OFD file (Document.xml lists no pages)", self.path)
        limits.check("page count", len(entries), self.path)
        ids = {_attr(p, "ID"): k for k, p in enumerate(entries)}
        stamps = self._annotation_seals(ids)
        out = []
        for k, entry in enumerate(entries):
            loc = _attr(entry, "BaseLoc", "")
            name = self.pkg.find(loc, self.base)
            if name is None:
                raise UnsupportedFormatError(f"not a readable OFD file (page {k + 1}'s content {loc or '(none)'} "
                                             "is missing)", self.path)
            root = self.pkg.xml(name)
            out.append(self._page(k + 1, name, root))
        for seal in stamps + self.seals:  # annotations and signatures name their page by its ID
            seal["page"] = ids.get(seal.pop("_page_id"), -1) + 1
        self.seals = [s for s in stamps + self.seals if s["page"] > 0]
        for page in out:
            for box in page.seal_boxes:
                self.seals.append({"page": page.page_number, "box": box, "source": "image"})
        self.seals.sort(key=lambda s: (s["page"], s["box"][1]))
        return out

    def _page(self, number: int, name: str, root) -> Page:
        area = _box(_text(_path(root, "Area", "PhysicalBox"))) or self.area
        fonts, media = dict(self.fonts), dict(self.media)
        folder = posixpath.dirname(name)
        for res in _kids(root, "PageRes"):
            self._resources(_text(res).strip(), folder, fonts, media)
        contents = []
        for tpl in _kids(root, "Template"):  # a template page's objects are drawn on the page too
            tname = self.pkg.find(self.templates.get(_attr(tpl, "TemplateID")) or "", self.base)
            if tname is not None:
                if tname not in self.template_roots:
                    self.template_roots[tname] = self.pkg.xml(tname)
                contents.append(_kid(self.template_roots[tname], "Content"))
        contents.append(_kid(root, "Content"))
        builder = _PageBuilder(number, area, fonts, media)
        for content in contents:
            if content is not None:
                builder.walk(content)
        return builder.page()

    # ------------------------------------------------- seals beside the pages
    def _annotation_seals(self, ids: dict) -> list[dict]:
        """``Stamp`` annotations (and annotations drawing a seal-sized image), by page."""
        out: list[dict] = []
        loc = _text(_kid(self.document, "Annotations")).strip()
        name = self.pkg.find(loc, self.base) if loc else None
        if name is None:
            return out
        try:
            root = self.pkg.xml(name)
            folder = posixpath.dirname(name)
            for page in _walk(root, "Page"):
                page_id = _attr(page, "PageID")
                fname = self.pkg.find(_text(_kid(page, "FileLoc")).strip(), folder, self.base)
                if fname is None:
                    continue
                for annot in _walk(self.pkg.xml(fname), "Annot"):
                    appearance = _kid(annot, "Appearance")
                    box = _box(_attr(appearance, "Boundary"))
                    stamp = (_attr(annot, "Type", "") or "").lower() == "stamp"
                    if not stamp and appearance is not None:
                        stamp = any(_seal_sized(_box(_attr(im, "Boundary")))
                                    for im in _walk(appearance, "ImageObject"))
                    if stamp and box:
                        out.append({"_page_id": page_id, "box": list(box), "source": "annotation"})
        except ReadError as exc:  # damaged annotations cost the seal hint, not the text
            self.warnings.append(Warning("W-OFD-ANNOTATIONS", f"the annotations cannot be read ({exc.message})"))
        return out

    def _signatures(self, loc: str) -> None:
        """Digital signatures (电子印章): each ``StampAnnot`` is a seal on a page."""
        name = self.pkg.find(loc)
        if name is None:
            return
        try:
            root = self.pkg.xml(name)
            folder = posixpath.dirname(name)
            for sig in _walk(root, "Signature"):
                sname = self.pkg.find(_attr(sig, "BaseLoc", ""), folder)
                if sname is None:
                    continue
                self.signed = True
                for stamp in _walk(self.pkg.xml(sname), "StampAnnot"):
                    box = _box(_attr(stamp, "Boundary"))
                    if box:
                        self.seals.append({"_page_id": _attr(stamp, "PageRef"), "box": list(box),
                                           "source": "signature"})
        except ReadError as exc:
            self.warnings.append(Warning("W-OFD-SIGNATURES", f"the signatures cannot be read ({exc.message})"))


def _docinfo(info) -> dict:
    if info is None:
        return {}
    out = {}
    for tag, key in (("DocID", "doc_id"), ("Title", "title"), ("Author", "author"), ("Subject", "subject"),
                     ("Abstract", "abstract"), ("CreationDate", "creation_date"), ("ModDate", "mod_date"),
                     ("DocUsage", "doc_usage"), ("Creator", "creator"), ("CreatorVersion", "creator_version")):
        value = _text(_kid(info, tag)).strip()
        if value:
            out[key] = value
    keywords = [_text(k).strip() for k in _walk(_kid(info, "Keywords"), "Keyword") if _text(k).strip()]
    if keywords:
        out["keywords"] = keywords
    custom = {_attr(c, "Name"): _text(c).strip() for c in _walk(_kid(info, "CustomDatas"), "CustomData")
              if _attr(c, "Name")}
    if custom:
        out["custom"] = custom
    return out


def _seal_sized(box) -> bool:
    if not box:
        return False
    w, h = abs(box[2]), abs(box[3])
    return SEAL_MM[0] <= w <= SEAL_MM[1] and SEAL_MM[0] <= h <= SEAL_MM[1] and 0.75 <= w / h <= 1.33


# --------------------------------------------------------------- one page


def _apply(m, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


class _PageBuilder:
    """The page's characters, ruling edges and images, in the PDF reader's shapes (points)."""

    def __init__(self, number: int, area, fonts: dict, media: dict):
        self.number, self.area, self.fonts, self.media = number, area, fonts, media
        self.chars: list[dict] = []
        self.edges: list[dict] = []
        self.images: list[tuple] = []  # (box in mm, media file)
        self.seal_boxes: list[list[float]] = []
        self.runs = 0  # TextCodes seen: a key for the characters of one run

    def walk(self, content) -> None:
        for el in content.iter():
            kind = _local(el)
            if kind == "TextObject":
                self.text_object(el)
            elif kind == "PathObject":
                if len(self.edges) < MAX_EDGES:
                    self.path_object(el)
            elif kind == "ImageObject":
                box = _box(_attr(el, "Boundary"))
                if box:
                    file = self.media.get(_attr(el, "ResourceID", ""), "")
                    self.images.append((box, file))
                    if _seal_sized(box) or (SEAL_NAMES.search(posixpath.basename(file))
                                            and box[2] * box[3] < 0.25 * self.area[2] * self.area[3]):
                        self.seal_boxes.append(list(box))

    def text_object(self, obj) -> None:
        box = _box(_attr(obj, "Boundary"))
        if box is None:
            return
        bx, by = box[0] - self.area[0], box[1] - self.area[1]
        m = _ctm(_attr(obj, "CTM")) or (1, 0, 0, 1, 0, 0)
        upright = abs(m[1]) < 1e-6 and abs(m[2]) < 1e-6 and m[0] > 0 and m[3] > 0
        scale = m[3] if upright else math.sqrt(abs(m[0] * m[3] - m[1] * m[2])) or 1
        osize = (_numbers(_attr(obj, "Size")) or [0])[0]  # in the object's space, before its CTM
        if osize <= 0:
            osize = (box[3] or 1) / scale
        size = osize * scale
        font = self.fonts.get(_attr(obj, "Font", ""), "") or _attr(obj, "Font", "")
        right = bx + box[2]
        x = y = None
        for code in _kids(obj, "TextCode"):
            text = "".join(ch for ch in _text(code).replace("\t", " ") if ch >= " ")  # no control characters
            if not text:
                continue
            xs, ys = _numbers(_attr(code, "X")), _numbers(_attr(code, "Y"))
            x = xs[0] if xs else (x if x is not None else 0.0)  # a TextCode without X goes on after the last
            y = ys[0] if ys else (y if y is not None else osize)
            needed = len(text) - 1
            dx = _delta_x(_attr(code, "DeltaX"), needed)
            dy = _delta_x(_attr(code, "DeltaY"), needed)
            vertical = bool(dy) and not dx  # characters set top to bottom
            wide = any(unicodedata.east_asian_width(ch) in "WF" for ch in text)
            for i, ch in enumerate(text):
                est = _width(ch, osize, wide)
                if i < needed:
                    adv = dx[i] if i < len(dx) else (0.0 if vertical else est)
                    adv_y = dy[i] if i < len(dy) else 0.0
                else:
                    adv, adv_y = est, 0.0
                px, py = _apply(m, x, y)
                x0, base = bx + px, by + py
                # a glyph is as wide as its advance (a Latin one up to an em: %, M, W), unless the
                # advance carries a gap (justified text, a word space drawn as a wider advance)
                width = (adv if 0 < adv <= max(1.6 * est, 1.1 * osize) else est) * scale
                if i == needed and 0.3 * width < right - x0 <= 2 * size:
                    width = right - x0  # the last glyph ends at the Boundary (its width is the font's)
                self.chars.append({"text": ch, "x0": x0 * PT, "x1": (x0 + width) * PT,
                                   "top": (base - size) * PT, "bottom": base * PT, "doctop": (base - size) * PT,
                                   "size": size * PT, "fontname": font,
                                   "upright": upright and not vertical, "run": self.runs})
                x += adv
                y += adv_y
            self.runs += 1

    def path_object(self, obj) -> None:
        if _attr(obj, "Alpha") is not None and (_numbers(_attr(obj, "Alpha")) or [255])[0] == 0:
            return  # an invisible path draws no line
        stroke = _bool(_attr(obj, "Stroke"), True)
        fill = _bool(_attr(obj, "Fill"), False)
        if not stroke and not fill:
            return
        box = _box(_attr(obj, "Boundary"))
        if box is None:
            return
        bx, by = box[0] - self.area[0], box[1] - self.area[1]
        m = _ctm(_attr(obj, "CTM")) or (1, 0, 0, 1, 0, 0)
        data = _text(_kid(obj, "AbbreviatedData"))
        for (x0, y0), (x1, y1) in _segments(data):
            ax, ay = _apply(m, x0, y0)
            cx, cy = _apply(m, x1, y1)
            ax, ay, cx, cy = (bx + ax) * PT, (by + ay) * PT, (bx + cx) * PT, (by + cy) * PT
            if abs(ay - cy) < 0.15 and abs(ax - cx) > 0.15:
                y = round((ay + cy) / 2, 3)
                ay = cy = y
                orientation = "h"
            elif abs(ax - cx) < 0.15 and abs(ay - cy) > 0.15:
                x = round((ax + cx) / 2, 3)
                ax = cx = x
                orientation = "v"
            else:
                continue  # a diagonal, a curve's chord or a point is no ruling line
            self.edges.append({"object_type": "line", "orientation": orientation,
                               "x0": round(min(ax, cx), 3), "x1": round(max(ax, cx), 3),
                               "top": round(min(ay, cy), 3), "bottom": round(max(ay, cy), 3),
                               "width": round(abs(cx - ax), 3), "height": round(abs(cy - ay), 3)})
            if len(self.edges) >= MAX_EDGES:
                break

    def page(self) -> Page:
        _ox, _oy, w, h = self.area
        page = Page(self.number, w * PT, h * PT, self.chars, self.edges, len(self.images))
        page.seal_boxes = self.seal_boxes
        page.image_boxes = [b for b, _ in self.images]
        page.area_mm = self.area
        return page


def _width(ch: str, size: float, wide_run: bool = False) -> float:
    """A glyph's advance estimated from the font size: full for CJK and full-width forms (and for
    quotes and dashes of ambiguous width in a run of CJK text), half otherwise."""
    if ch == " ":
        return size * 0.25
    kind = unicodedata.east_asian_width(ch)
    return size if kind in "WF" or (kind == "A" and wide_run) else size * 0.5


def _segments(data: str):
    """Straight segments ((x0, y0), (x1, y1)) of an AbbreviatedData path: M/S start a subpath,
    L draws a line, C closes the subpath; Q, B and A move the pen without a straight edge."""
    tokens = re.findall(r"[A-Za-z]|" + NUMBER.pattern, data or "")
    arity = {"M": 2, "S": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
    i, cur, start = 0, None, None
    while i < len(tokens):
        op = tokens[i].upper()
        if op not in arity:
            i += 1  # a stray number or an unknown operator
            continue
        n = arity[op]
        args = []
        for t in tokens[i + 1:i + 1 + n]:
            try:
                args.append(float(t))
            except ValueError:
                break
        i += 1 + len(args)
        if len(args) < n or not all(math.isfinite(a) for a in args):
            continue
        if op in ("M", "S"):
            cur = start = (args[0], args[1])
        elif op == "L":
            point = (args[0], args[1])
            if cur is not None:
                yield cur, point
            else:
                start = point
            cur = point
        elif op in ("Q", "B", "A"):
            cur = (args[-2], args[-1])
            if start is None:
                start = cur
        elif op == "C":
            if cur is not None and start is not None and cur != start:
                yield cur, start
            cur = start


def _is_image_page(page: Page) -> bool:
    """Few characters under an image covering most of the page: a scanned page."""
    visible = sum(1 for c in page.chars if c["text"].strip())
    if visible >= IMAGE_PAGE_CHARS:
        return False
    _x, _y, w, h = page.area_mm
    return any(b[2] * b[3] > 0.5 * w * h for b in page.image_boxes)


# ------------------------------------------------------------ lines, layout


def _lines(chars: list[dict], number: int) -> list[Line]:
    """Characters in lines by their baseline (within a third of the font size), each line left
    to right, words split at spaces and at gaps over 3 pt as the PDF reader splits them."""
    upright = [c for c in chars if c["upright"]]
    out: list[list[dict]] = []
    for ch in sorted(upright, key=lambda c: c["bottom"]):
        if out:
            line = out[-1]
            last = line[-1]
            if ch["bottom"] - last["bottom"] <= BASELINE_TOLERANCE * max(min(ch["size"], last["size"]), 1):
                line.append(ch)
                continue
        out.append([ch])
    # text set another way (rotated, vertical): each run a line of its own, where it starts
    runs: dict = {}
    for ch in chars:
        if not ch["upright"]:
            runs.setdefault(ch["run"], []).append(ch)
    lines = [_line(sorted(line, key=lambda c: c["x0"]), number) for line in out]
    lines += [_line(run, number) for run in runs.values()]
    lines = [ln for ln in lines if ln is not None and ln.text.strip()]
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def _line(chars: list[dict], number: int) -> Line | None:
    words: list[list[dict]] = []
    word: list[dict] = []
    for ch in chars:
        if ch["text"].isspace():
            if word:
                words.append(word)
            word = []
            continue
        if word and ch["upright"] and ch["x0"] > word[-1]["x1"] + WORD_GAP:
            words.append(word)
            word = []
        word.append(ch)
    if word:
        words.append(word)
    if not words:
        return None
    kept = [ch for w in words for ch in w]
    raw = {"text": " ".join("".join(ch["text"] for ch in w) for w in words), "chars": kept,
           "x0": min(ch["x0"] for ch in kept), "x1": max(ch["x1"] for ch in kept),
           "top": min(ch["top"] for ch in kept), "bottom": max(ch["bottom"] for ch in kept)}
    return Line(raw, number)


def _page_items(page: Page) -> list[tuple]:
    """The page's lines outside its ruled tables, and the tables, top to bottom (as the PDF
    reader's, with lines made by baseline)."""
    number = page.page_number
    # a grid of empty cells is a drawing (a header's glyph outlines), not a table
    tables = [t for t in layout.page_tables(page)
              if any(c.text.strip() for row in t[1].grid for c in row)]
    return layout.page_items(page, lambda chars: _lines(chars, number), tables)


def _text_layer(pages: list[Page]):
    """Raw blocks of the document, and for each paragraph block the lines it was made of."""
    pages_items = []
    for page in pages:
        pages_items.append((page, _page_items(page)))
        page.chars = page.edges = ()
    layout.drop_furniture(pages_items)
    items = [it for _, page_items in pages_items for it in page_items]
    geometry = layout.geometry([it[2] for it in items if it[0] == "line"])
    blocks = layout.blocks(items, geometry)
    # the lines of each paragraph, grouped as layout.blocks groups them
    groups: list[list[Line]] = []
    prev = None
    for kind, _top, obj in items:
        if kind != "line":
            prev = None
            continue
        if prev is None or not layout.continues(prev, obj, geometry):
            groups.append([])
        groups[-1].append(obj)
        prev = obj
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    lines_of = list(zip(paragraphs, groups)) if len(paragraphs) == len(groups) else []
    return blocks, lines_of


def _mark_seals(blocks: list[RawBlock], lines_of: list, seals: list[dict]) -> None:
    """``seal: True`` on the paragraphs a seal is stamped over (else the nearest on its page, if it
    is within ``SEAL_REACH``); a seal far from any text is in ``Document.hints`` only."""
    for seal in seals:
        x, y, w, h = seal["box"]
        box = (x * PT, y * PT, (x + w) * PT, (y + h) * PT)
        hit = [b for b, lines in lines_of
               if any(ln.page == seal["page"] and ln.x0 < box[2] and ln.x1 > box[0]
                      and ln.top < box[3] and ln.bottom > box[1] for ln in lines)]
        if not hit:
            mid = (box[1] + box[3]) / 2
            near = [(min(abs((ln.top + ln.bottom) / 2 - mid) for ln in lines if ln.page == seal["page"]), k)
                    for k, (b, lines) in enumerate(lines_of) if any(ln.page == seal["page"] for ln in lines)]
            if near and min(near)[0] <= SEAL_REACH * PT:
                hit = [lines_of[min(near)[1]][0]]
        for b in hit:
            b.hints["seal"] = True
