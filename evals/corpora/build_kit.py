"""Helpers shared by the corpus build scripts (``evals/corpora/<name>_source/build.py``).

Source parsing, Word (.docx) building blocks, PDF line wrapping, layout and typesetting, and the
HTML table rows. What differs between corpora (company name, fonts, CLAUSE_START patterns, block
styles, footers, fixed timestamps) is passed in by the caller. Importing this module has no side
effects; python-docx and reportlab are imported only inside the functions that need them.
"""
from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

Parts = list[tuple[str, str]]
Line = tuple[float, float, float, str, bool]  # x, y, font size, text, centred
# size, indent, centred, space before, wrapped (a wrapped block's lines fill the text width less
# its indent; an unwrapped block is one line)
BlockStyle = tuple[float, float, bool, float, bool]

# A continuation line must not look like the start of a clause or section (a typesetter's line
# that happens to begin "第三条" or "一、" would read as a new clause).
CLAUSE_START = re.compile(r"第[一二三四五六七八九十百零〇]+[条章]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．]")
NO_START = set("，。、；：？！）》」』”’%．,.;:?!)")
NO_END = set("（《「『“‘(")


# ----------------------------------------------------------------------------------- sources


def parse(path: Path, meta_kinds: Iterable[str] = ("out", "header")) -> tuple[dict[str, str], Parts]:
    """Read a "kind: text" source: the ``meta_kinds`` lines go to meta, the rest to parts in order."""
    meta_kinds = tuple(meta_kinds)
    meta, parts = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, text = line.partition(": ")
        if kind in meta_kinds:
            meta[kind] = text.strip()
        else:
            parts.append((kind, text.strip()))
    return meta, parts


def groups(parts: Parts, gathered: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Return (kind, [texts]) with consecutive parts of a ``gathered`` kind (rows, items) together."""
    gathered = tuple(gathered)
    out: list[tuple[str, list[str]]] = []
    for kind, text in parts:
        if out and kind == out[-1][0] and kind in gathered:
            out[-1][1].append(text)
        else:
            out.append((kind, [text]))
    return out


def fresh_dir(out: Path) -> None:
    """Empty (or create) the output folder."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)


def report(target: Path, root: Path, pages: int | None = None) -> None:
    """Print one built file: its path relative to ``root``, its size and (PDF) its page count."""
    note = f" ({pages} pages)" if pages else ""
    print(f"{target.relative_to(root)}  {target.stat().st_size} bytes{note}")


# ----------------------------------------------------------------------------------- Word


def new_document(title: str, company: str, fonts: Mapping[str, str], size: float,
                 fixed_time: datetime | None = None) -> Any:
    """A new docx Document: title and author set, ``fonts`` maps style name to its East Asian font,
    Normal at ``size`` points; with ``fixed_time`` the created/modified dates are fixed."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = company
    for name, font in fonts.items():
        style = document.styles[name]
        rpr = style.element.get_or_add_rPr()
        element = rpr.find(qn("w:rFonts"))
        if element is None:
            element = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(element)
        element.set(qn("w:eastAsia"), font)
    document.styles["Normal"].font.size = Pt(size)
    if fixed_time is not None:
        document.core_properties.created = document.core_properties.modified = fixed_time
        document.core_properties.last_modified_by = company
    return document


def save_docx(document: Any, path: Path, fixed_time: datetime | None = None) -> None:
    """Save the document; with ``fixed_time`` every zip member gets that timestamp (same bytes on
    every rebuild)."""
    import io
    import zipfile

    if fixed_time is None:
        document.save(path)
        return
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=fixed_time.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))


def add_table(document: Any, rows: list[str], size: float = 10, bold_header: bool = True) -> Any:
    """Add a "Table Grid" table from "a | b | c" rows, cells at ``size`` points, the first row bold."""
    from docx.shared import Pt

    cells = [[c.strip() for c in r.split(" | ")] for r in rows]
    table = document.add_table(rows=len(cells), cols=len(cells[0]))
    table.style = "Table Grid"
    for r, row in enumerate(cells):
        assert len(row) == len(cells[0]), row
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            run = cell.paragraphs[0].add_run(value)
            run.font.size = Pt(size)
            run.bold = bold_header and r == 0
    return table


def centered(document: Any, text: str, size: float | None = None, bold: bool = True) -> Any:
    """Add a centred Normal paragraph of one run (bold by default, at ``size`` points if given)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return p


def add_notice_part(document: Any, kind: str, texts: list[str], indent: float, table_size: float) -> bool:
    """Add one grouped part of an official notice (title, to, p with a ``indent`` pt first-line
    indent, sign/date right-aligned, bold attach, row table, note); False for any other kind."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if kind == "title":
        centered(document, texts[0], size=18)
    elif kind in ("to", "note"):
        document.add_paragraph(texts[0])
    elif kind == "p":
        p = document.add_paragraph(texts[0])
        p.paragraph_format.first_line_indent = Pt(indent)
    elif kind in ("sign", "date"):
        p = document.add_paragraph(texts[0])
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif kind == "attach":
        p = document.add_paragraph()
        p.add_run(texts[0]).bold = True
    elif kind == "row":
        add_table(document, texts, size=table_size)
    else:
        return False
    return True


# ----------------------------------------------------------------------------------- wrapping


def wrap_units(units: Iterable[str], too_wide: Callable[[str, str], bool], clause_start: re.Pattern[str],
               stretch: Callable[[str, str], bool] | None = None) -> list[str]:
    """Break a run of units (characters or kept phrases) into lines.

    A line breaks before a unit when ``too_wide(line, unit)``, unless the unit is a closing mark
    (NO_START) or ``stretch(line, unit)`` lets the line run long; opening marks (NO_END) move down
    with what follows them, and no continuation line may match ``clause_start``.
    """
    lines, cur = [], ""
    for unit in units:
        if cur and too_wide(cur, unit) and unit not in NO_START:
            if stretch is not None and stretch(cur, unit):
                cur += unit
                continue
            # keep an opening bracket with what follows it
            carry = ""
            while cur and cur[-1] in NO_END:
                carry = cur[-1] + carry
                cur = cur[:-1]
            lines.append(cur)
            cur = carry
        cur += unit
    if cur:
        lines.append(cur)
    # a continuation line must not read as the opening of a new clause or section
    for i in range(1, len(lines)):
        while clause_start.match(lines[i]):
            lines[i] = lines[i - 1][-1] + lines[i]
            lines[i - 1] = lines[i - 1][:-1]
    return lines


# ----------------------------------------------------------------------------------- PDF

FONT = "STSong-Light"
SIZE = 10.5
CHARS = 36
WIDTH = CHARS * SIZE            # about 36 Chinese characters a line
PAGE_W, PAGE_H = 595.27, 841.89
LEFT = (PAGE_W - WIDTH) / 2
TOP, BOTTOM, LEADING = 760, 80, 17.5


def wrap_pdf(text: str, width: float, clause_start: re.Pattern[str]) -> list[str]:
    """Wrap ``text`` to ``width`` points in the body font."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return wrap_units(text, lambda cur, ch: stringWidth(cur + ch, FONT, SIZE) > width, clause_start)


def layout_pdf(parts: Parts, styles: Mapping[str, BlockStyle], clause_start: re.Pattern[str]) -> list[list[Line]]:
    """Lay the parts out as pages of (x, y, size, text, centred) lines; ``styles`` gives each kind's
    block style."""
    blocks = []  # (lines, size, indent, centred, space_before)
    for kind, text in parts:
        if kind not in styles:
            raise ValueError(kind)
        size, indent, centred, before, wrapped = styles[kind]
        lines = wrap_pdf(text, WIDTH - indent, clause_start) if wrapped else [text]
        blocks.append((lines, size, indent, centred, before))
    pages, page, y = [], [], TOP
    for lines, size, indent, centred, before in blocks:
        height = LEADING * (1.4 if size > 11 else 1)
        if size > 11 and y - before - 3 * LEADING < BOTTOM:  # no heading alone at the page foot
            pages.append(page); page, y = [], TOP
        y -= before if page else 0
        for line in lines:
            if y - height < BOTTOM:
                pages.append(page); page, y = [], TOP
            y -= height
            page.append((LEFT + indent, y, size, line, centred))
    pages.append(page)
    return pages


def build_pdf(meta: Mapping[str, str], parts: Parts, path: Path, *, company: str,
              styles: Mapping[str, BlockStyle], clause_start: re.Pattern[str],
              footer: Callable[[int, int], str], footer_size: float) -> int:
    """Typeset an A4 PDF (reproducible bytes): meta["header"] as running header over a rule, the
    laid-out parts, ``footer(page, pages)`` at the foot; returns the page count."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    pages = layout_pdf(parts, styles, clause_start)
    title = next(t for k, t in parts if k == "title")
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)  # reproducible bytes
    c.setTitle(title)
    c.setAuthor(company)
    for n, page in enumerate(pages, 1):
        c.setFont(FONT, 9)
        c.drawCentredString(PAGE_W / 2, 800, meta["header"])
        c.setLineWidth(0.5)
        c.line(LEFT, 794, PAGE_W - LEFT, 794)
        for x, y, size, text, centred in page:
            c.setFont(FONT, size)
            if centred:
                c.drawCentredString(PAGE_W / 2, y, text)
            else:
                c.drawString(x, y, text)
        c.setFont(FONT, footer_size)
        c.drawCentredString(PAGE_W / 2, 45, footer(n, len(pages)))
        c.showPage()
    c.save()
    return len(pages)


# ----------------------------------------------------------------------------------- HTML


def html_rows(rows: list[str]) -> str:
    """The <tr> lines of an HTML table from "a | b | c" rows, the first row as <th> cells."""
    e = html.escape
    cells = [[c.strip() for c in r.split(" | ")] for r in rows]
    head = "".join(f"<th>{e(c)}</th>" for c in cells[0])
    lines = [f"  <tr>{head}</tr>"]
    lines += ["  <tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in cells[1:]]
    return "\n".join(lines)
