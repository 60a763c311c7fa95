"""Load .md .txt .docx .pdf .html files into structural ``Block``s plus ``DocMeta``.

Every failure is an ``IngestError`` naming the file, the problem and the remedy.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.body_meta import stated_meta
from ingest.docx_numbering import Numbering
from ingest.errors import IngestError
from ingest.frontmatter import SIDECAR_SUFFIX, DocMeta, build_meta, read_sidecar, split_front_matter
from ingest.numbering import CLAUSE_RE, CN_NUMERALS, ITEM_NUMBER, NUMBER
from ingest.settings import SYNONYMS_FILE

SUPPORTED_SUFFIXES = {".md", ".markdown", ".txt", ".docx", ".pdf", ".html", ".htm"}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # settings.max_file_mb default


@dataclass
class Block:
    """One structural unit in reading order: heading, paragraph, list (items on lines) or table (rows on lines)."""

    kind: str
    text: str
    level: int = 0


@dataclass
class LoadedDocument:
    """A parsed file: blocks in reading order, metadata and identity."""

    path: Path
    source: str
    blocks: list[Block]
    meta: DocMeta
    content_hash: str
    size: int


# --------------------------------------------------------------------------- discovery


def discover(folder: Path) -> list[Path]:
    """Every file under ``folder`` (sorted), skipping hidden files/folders, ``*.meta.yaml`` sidecars,
    Office lock files and the folder's synonyms file (``synonyms.txt`` at its root: search configuration,
    not a document). Unsupported files are included so the caller can report them."""
    folder = Path(folder)
    found = []
    for p in folder.rglob("*"):
        rel = p.relative_to(folder).parts
        if any(part.startswith(".") for part in rel) or p.name.startswith("~$"):
            continue
        if p.name.endswith(SIDECAR_SUFFIX) or rel == (SYNONYMS_FILE,) or not p.is_file():
            continue
        found.append(p)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


# --------------------------------------------------------------------------- entry point


def load_file(path: Path, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    """Parse ``path`` (inside ``root``) into a ``LoadedDocument``; raises ``IngestError`` on bad input."""
    path, root = Path(path), Path(root)
    source = _source_of(path, root)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(path, f"unsupported file type '{suffix or '(none)'}'",
                          "convert it to one of " + ", ".join(sorted(SUPPORTED_SUFFIXES)) + " or move it out of the folder")
    if not path.is_file():
        raise IngestError(path, "file does not exist or is not a regular file", "check the path")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "file is empty", "add content or delete the file")
    if size > max_bytes:
        raise IngestError(path, f"file is {size / 1048576:.1f} MB, over the {max_bytes / 1048576:g} MB limit",
                          "split the document, or raise ADVISOR_MAX_FILE_MB")
    try:
        data = path.read_bytes()
        sidecar, sidecar_bytes = read_sidecar(path)
    except OSError as exc:
        raise IngestError(path, f"cannot read the file ({exc.strerror or exc.__class__.__name__})",
                          "check its permissions and that it is not locked by another program") from None
    try:
        blocks, front = _PARSERS[suffix](data, path)
    except IngestError:
        raise
    except Exception as exc:  # a parser bug or an exotic file must still end in one clear line
        raise IngestError(path, f"could not parse the file ({exc.__class__.__name__}: {exc})",
                          "re-save it from its original program, or report the file to the maintainers") from None
    blocks = [b for b in blocks if b.text.strip()]
    if not blocks:
        raise IngestError(path, "no text found in the file",
                          "for a scanned PDF run OCR first; otherwise add content or delete the file")

    raw_meta: dict[str, Any] | None = stated_meta(blocks) or None  # what the text says; front matter overrides
    meta_from: Path | None = None
    if front is not None:
        raw_meta, meta_from = {**(raw_meta or {}), **front}, path
    if sidecar is not None:
        raw_meta, meta_from = {**(raw_meta or {}), **sidecar}, path.with_name(path.name + SIDECAR_SUFFIX)
    first_heading = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    clauses = sum(1 for b in blocks if b.kind in ("paragraph", "heading") and CLAUSE_RE.match(b.text))
    meta = build_meta(raw_meta, path, source, first_heading, meta_from, clauses)
    return LoadedDocument(
        path=path,
        source=source,
        blocks=blocks,
        meta=meta,
        content_hash=hashlib.sha256(data + sidecar_bytes).hexdigest(),
        size=size,
    )


def _source_of(path: Path, root: Path) -> str:
    """Path relative to ``root`` with '/' separators; refuses anything resolving outside ``root``."""
    root_abs = root.resolve()
    real = path.resolve()
    if not real.is_relative_to(root_abs):
        what = "a symlink pointing" if path.is_symlink() else "a file"
        raise IngestError(path, f"{what} outside the ingested folder {root}",
                          "copy the file into the folder instead of linking to it")
    try:
        rel = path.absolute().relative_to(root.absolute())
    except ValueError:
        rel = real.relative_to(root_abs)
    return rel.as_posix()


# --------------------------------------------------------------------------- text decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, path: Path) -> str:
    """Decode text bytes: BOM, UTF-8, GB18030 (GBK/GB2312), then charset-normalizer; newlines normalised."""
    text = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                raise IngestError(path, f"bytes are not valid {enc} despite its byte-order mark",
                                  "re-save the file as UTF-8") from None
            break
    if text is None:
        if b"\x00" in data:
            text = _guess_utf16(data)
            if text is None:
                raise IngestError(path, "file contains binary data (NUL bytes), not text",
                                  "save it as plain text (UTF-8) or use the right extension")
    if text is None:
        for enc in ("utf-8", "gb18030"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if enc == "gb18030" and _looks_garbled(text):
                text = None
                continue
            break
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise IngestError(path, "cannot detect the text encoding (not UTF-8, UTF-16 or GB18030)",
                              "re-save the file as UTF-8")
        text = str(best)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if _mostly_control(text):
        raise IngestError(path, "file is mostly non-text (control characters)",
                          "save it as plain text (UTF-8) or use the right extension")
    return text


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NULs (high bytes of ASCII) all on one byte parity and a text-like result."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if len(data) % 2 or min(even, odd) > max(even, odd) // 3:
        return None
    try:
        text = data.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return None
    texty = sum(1 for c in text if c.isprintable() or c in "\r\n\t")
    return text if texty / max(len(text), 1) > 0.95 and not _looks_garbled(text) else None


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def _looks_garbled(text: str) -> bool:
    """GB18030 accepts many byte sequences; reject decodings dominated by rare/ext-plane characters."""
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return False
    common = sum(1 for c in non_ascii if _is_cjk(c) or "\u2000" <= c <= "\u2bff" or c in "·°±×÷")
    return common / len(non_ascii) < 0.8


def _mostly_control(text: str) -> bool:
    if not text:
        return False
    sample = text[:20000]
    bad = sum(1 for c in sample if (unicodedata.category(c) in ("Cc", "Co", "Cn") and c not in "\n\t\f\v") or c == "\ufffd")
    return bad / len(sample) > 0.05


# --------------------------------------------------------------------------- Chinese structure

_HEADING_PATTERNS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(rf"^第{NUMBER}[编部](?:分)?(?:[\s\u3000]|$)"), 1),
    (re.compile(rf"^第{NUMBER}章(?:[\s\u3000:：]|$)"), 2),
    (re.compile(rf"^第{NUMBER}节(?:[\s\u3000:：]|$)"), 3),
    (re.compile(rf"^[{CN_NUMERALS}]+[、.．]\s*\S"), 3),
    (re.compile(ITEM_NUMBER.pattern + r"\s*\S"), 4),
]
_LIST_RE = re.compile(r"^\s*(?:[-*+•·●○■□◆◇▪–]\s*|\d{1,3}[.、．)）]\s*|[（(]\d{1,3}[）)]\s*|[①-⑳])\S")
_BULLET = re.compile(r"^[-*+•·●○■□◆◇▪–]\s*")
_SENTENCE_END = "。！？!?；;…”」』"
_NO_HEADING_END = "。！？!?；;…，,：:、"
MAX_HEADING_CHARS = 40
QA_QUESTION = re.compile(r"^问[：:](?!.*答[：:])[^。！!]{1,100}$")
"""The question line of a question-and-answer document ("问：门店冷柜坏了，找哪个部门修？"): read as the heading of the
answer below it (``QA_LEVEL``), so each entry is a section named by its question, as a FAQ page reads (in every format:
a line of Markdown, text or PDF, a Word paragraph, an HTML ``<p>``). A line that
goes on past its question ("问：为什么…？答：因为…。", an interview in a news story) is a paragraph."""
_QA_ANSWER = re.compile(r"^答[：:]\s*")
QA_LEVEL = 5


def qa_line(line: str) -> tuple[str, int]:
    """``line`` as a question-and-answer document writes it: ``(line, QA_LEVEL)`` for its question line, the answer
    without its "答：" marker and level 0 for the answer, ``(line, 0)`` for any other line."""
    if QA_QUESTION.match(line):
        return line, QA_LEVEL
    return _QA_ANSWER.sub("", line), 0


def structural_heading(line: str) -> int:
    """Heading level of a numbered Chinese structural line (第X章 -> 2, 一、 -> 3, （一） -> 4), else 0.

    Long lines and lines ending like a sentence are paragraphs, e.g. ``一、各部门应当……。``.
    """
    s = line.strip()
    if not s or len(s) > MAX_HEADING_CHARS or s[-1] in _NO_HEADING_END:
        return 0
    for pattern, level in _HEADING_PATTERNS:
        if pattern.match(s):
            return level
    return 0


def _is_minor_heading(line: str) -> bool:
    """A short standalone title line such as ``案例一：阿里巴巴的“内部客户制”``."""
    s = line.strip()
    if not s or len(s) > 30 or s[-1] in _NO_HEADING_END or _LIST_RE.match(s):
        return False
    letters = sum(1 for c in s if c.isalpha())
    return letters >= 2 and letters / len(s) > 0.5


def _join_lines(lines: Iterable[str]) -> str:
    """Join hard-wrapped lines: no space between CJK characters, one space between Latin words."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (_is_cjk(out[-1]) or _is_cjk(line[0])):
            out += " "
        out += line
    return out


_EDITION_NOTE = re.compile(r"[（(][^（）()]{2,40}[）)]")
"""A line that is only a parenthesised note, as under a policy's title ("（2025年3月修订）", "（2024年11月发布）")."""


_WRAP_MIN = 20
"""Lines are read as wrapped at a width (their 90th-percentile length) only when it is at least this many characters."""


def blocks_from_lines(lines: list[str], loose_headings: bool) -> list[Block]:
    """Structure plain lines: numbered Chinese headings, list items, paragraphs.

    ``loose_headings`` (plain text) also treats a short standalone line (blank lines around it) as a
    minor heading, the first one as the title. PDFs pass False: their lines are wrapped, so a line
    ends a paragraph only when it ends a sentence and is clearly shorter than a full line.
    """
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str] = []
    widths = sorted(len(ln.strip()) for ln in lines if ln.strip())
    full_width = widths[int(len(widths) * 0.9)] if widths else 0

    def flush() -> None:
        if para:
            blocks.append(Block("paragraph", _join_lines(para)))
            para.clear()
        if items:
            blocks.append(Block("list", "\n".join(items)))
            items.clear()

    def ends_paragraph(prev: str) -> bool:
        """A short line ends its paragraph (a wrapped one fills the width); in plain text so does a sentence end."""
        return len(prev) < 0.85 * full_width or (loose_headings and prev[-1] in _SENTENCE_END)

    n = len(lines)
    for i, raw in enumerate(lines):
        line = raw.strip().strip("\u3000").strip()
        if not line:
            flush()
            continue
        line, qa_level = qa_line(line)
        prev_blank = i == 0 or not lines[i - 1].strip()
        next_blank = i + 1 >= n or not lines[i + 1].strip()
        # a line wrapped at the page's width goes on below: "（二）重大变更，是指涉及…，或者预计" is no heading
        wrapped = not next_blank and full_width >= _WRAP_MIN and len(line) >= 0.85 * full_width
        level = 0 if wrapped else structural_heading(line) or qa_level
        first = not blocks and not para and not items
        following = lines[i + 1].strip().strip("\u3000").strip() if i + 1 < n else ""
        next_long = len(following) > 2 * len(line) + 20  # "标题\n正文……" with no blank line
        # "XX大学招生章程\n第一章 总则" / "\n第一条 ……": a short line right before the first heading or clause
        next_opens = bool(following) and (bool(structural_heading(following)) or bool(CLAUSE_RE.match(following)))
        next_note = bool(_EDITION_NOTE.fullmatch(following))  # "XX管理办法\n（2025年3月修订）"
        if not level and first and (next_blank or not loose_headings or next_long or next_opens or next_note) \
                and _is_minor_heading(line):
            level = 1  # a short first line is the document title
        elif not level and loose_headings and prev_blank and next_blank and _is_minor_heading(line):
            level = 5
        if level:
            flush()
            blocks.append(Block("heading", line, level))
        elif CLAUSE_RE.match(line):
            flush()
            para.append(line)
        elif _LIST_RE.match(line):
            if para:
                flush()
            items.append(_BULLET.sub("", line))
        elif items and (raw[:1] in (" ", "\t", "\u3000") or not loose_headings) and not ends_paragraph(lines[i - 1].strip()):
            items[-1] = _join_lines([items[-1], line])
        else:
            if items or (para and ends_paragraph(para[-1])):
                flush()
            para.append(line)
    flush()
    return blocks


# --------------------------------------------------------------------------- plain text


def _parse_txt(data: bytes, path: Path) -> tuple[list[Block], dict | None]:
    return blocks_from_lines(decode_text(data, path).split("\n"), loose_headings=True), None


# --------------------------------------------------------------------------- Markdown

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HR = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_LIST = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_INLINE = [
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?!\w)"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"<br\s*/?>", re.I), " "),
]


def clean_inline(text: str) -> str:
    """Remove Markdown inline markup (emphasis, code, links, images) but keep the words."""
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text.replace("\\*", "*").replace("\\_", "_").strip()


TABLE_ROW = re.compile(r"[^：；。\n]{1,16}：[^；\n]+(?:；[^：；。\n]{1,16}：[^；\n]*)+")
"""A table row as ``table_text`` writes it (``列名：值；列名：值``): one fact per row, not one per cell."""


def table_text(rows: list[list[str]], header: bool) -> str:
    """Rows as lines; with a header row each row reads ``列名：值；列名：值`` so it stands alone."""
    rows = [[c.strip() for c in r] for r in rows if any(c.strip() for c in r)]
    if not rows:
        return ""
    if header and len(rows) > 1:
        head, body = rows[0], rows[1:]
        lines = []
        for r in body:
            pairs = [f"{h}：{v}" if h else v for h, v in zip(head, r) if v]
            lines.append("；".join(pairs))
        return "\n".join(line for line in lines if line)
    return "\n".join(" | ".join(c for c in r if c) for r in rows)


def _md_cells(line: str) -> list[str]:
    s = line.strip()
    s = s[1:] if s.startswith("|") else s
    s = s[:-1] if s.endswith("|") else s
    return [clean_inline(c) for c in re.split(r"(?<!\\)\|", s)]


def parse_markdown(text: str) -> list[Block]:
    """ATX/setext headings, lists, tables, fenced code, quotes and paragraphs."""
    lines = text.split("\n")
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str] = []
    i = 0

    def flush() -> None:
        if para:
            joined = clean_inline(_join_lines(para))
            level = structural_heading(joined) if len(para) == 1 and joined.startswith("第") else 0
            blocks.append(Block("heading", joined, level) if level else Block("paragraph", joined))
            para.clear()
        if items:
            blocks.append(Block("list", "\n".join(items)))
            items.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if _FENCE.match(line):
            flush()
            fence = _FENCE.match(line).group(1)
            body = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                body.append(lines[i])
                i += 1
            if any(b.strip() for b in body):
                blocks.append(Block("paragraph", "\n".join(body).strip()))
            i += 1
            continue
        m = _ATX.match(line)
        if m:
            flush()
            blocks.append(Block("heading", clean_inline(m.group(2)), len(m.group(1))))
        elif para and not items and _SETEXT.match(line) and len(para) == 1:
            level = 1 if stripped.startswith("=") else 2
            blocks.append(Block("heading", clean_inline(para[0]), level))
            para.clear()
        elif _HR.match(line) or not stripped:
            flush()
        elif stripped.startswith("|") and i + 1 < len(lines) and _TABLE_SEP.match(lines[i + 1]):
            flush()
            rows = [_md_cells(line)]
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(_md_cells(lines[i]))
                i += 1
            blocks.append(Block("table", table_text(rows, header=True)))
            continue
        elif _MD_LIST.match(line):
            if para:
                flush()
            indent, body = _MD_LIST.match(line).groups()
            items.append(("  " if len(indent) >= 2 else "") + clean_inline(_ordinal(line) + body))
        elif items and (line[:1] in (" ", "\t")):
            items[-1] = items[-1] + clean_inline(stripped) if _is_cjk(stripped[0]) else items[-1] + " " + clean_inline(stripped)
        elif stripped.startswith(">"):
            if items:
                flush()
            para.append(stripped.lstrip("> ").strip())
        else:
            if items:
                flush()
            stripped, qa_level = qa_line(stripped)
            clean = clean_inline(stripped)
            # a line of its own that is a numbered heading ("一、适用范围") or an entry's question heads what follows,
            # though Markdown would join it to the next line ("一、适用范围（一）本规范适用于…")
            level = qa_level or structural_heading(clean)
            if level:
                flush()
                blocks.append(Block("heading", clean, level))
                i += 1
                continue
            in_clause = bool(para) and bool(CLAUSE_RE.match(clean_inline(para[0])))
            if CLAUSE_RE.match(clean) or ITEM_NUMBER.match(stripped) and not in_clause:
                flush()  # a clause, or a "（一）…" item outside one, on its own line is a paragraph of its own
            para.append(stripped)
        i += 1
    flush()
    return blocks


def _ordinal(line: str) -> str:
    m = re.match(r"^\s*(\d{1,3})[.)]\s+", line)
    return f"{m.group(1)}. " if m else ""


def _parse_md(data: bytes, path: Path) -> tuple[list[Block], dict | None]:
    front, body = split_front_matter(decode_text(data, path), path)
    return parse_markdown(body), front


# --------------------------------------------------------------------------- .docx

_DOCX_HEADING = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def _parse_docx(data: bytes, path: Path) -> tuple[list[Block], dict | None]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise IngestError(path, "not a valid .docx file (not a zip package; maybe an old .doc or a renamed file)",
                          "open it in Word/WPS and save as .docx")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for broken packages
        raise IngestError(path, f"cannot read the .docx package ({exc.__class__.__name__})",
                          "open it in Word/WPS and save it again as .docx") from None

    blocks: list[Block] = []
    items: list[str] = []
    numbering = Numbering(document)
    headed = False  # a heading was read: a later short centred line is no title

    def flush_items() -> None:
        if items:
            blocks.append(Block("list", "\n".join(items)))
            items.clear()

    for part in document.iter_inner_content():
        if isinstance(part, Table):
            flush_items()
            rows = []
            for row in part.rows:
                cells: list[str] = []
                for cell in row.cells:
                    t = _join_lines(cell.text.split("\n"))
                    if not cells or t != cells[-1]:  # merged cells repeat their text
                        cells.append(t)
                rows.append(cells)
            header = len(rows) > 1 and all(0 < len(c) <= 20 for c in rows[0])
            blocks.append(Block("table", table_text(rows, header)))
            continue
        if not isinstance(part, Paragraph):
            continue
        text, qa_level = qa_line(_numbered(numbering.label(part), _join_lines(part.text.split("\n"))))
        if not text:
            continue
        style = (part.style.name if part.style is not None else "") or ""
        m = _DOCX_HEADING.match(style.strip())
        level = int(m.group(1)) if m else (1 if style.strip().lower() in ("title", "标题") else 0)
        if not level:
            level = _outline_level(part) or structural_heading(text) or qa_level
        if not level and not headed and _is_minor_heading(text) and _set_apart(part):
            level = 1  # a 公文's title: a short centred or bold line before any heading, in the Normal style
        if level:
            flush_items()
            blocks.append(Block("heading", text, min(level, 6)))
            headed = True
        elif ("list" in style.lower() or "列表" in style or part._p.pPr is not None and part._p.pPr.numPr is not None) \
                and not CLAUSE_RE.match(text):  # a clause Word numbers ("第%1条") is a paragraph, not a list item
            items.append(text)
        else:
            flush_items()
            blocks.append(Block("paragraph", text))
    flush_items()
    return blocks, None


def _set_apart(paragraph: Any) -> bool:
    """The paragraph is centred, or every run of its text is bold: how a title is typed without a heading style."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    style_format = paragraph.style.paragraph_format if paragraph.style is not None else None
    alignment = paragraph.alignment if paragraph.alignment is not None else \
        (style_format.alignment if style_format is not None else None)
    runs = [r for r in paragraph.runs if r.text.strip()]
    return alignment == WD_ALIGN_PARAGRAPH.CENTER or bool(runs) and all(r.bold for r in runs)


def _numbered(label: str, text: str) -> str:
    """``text`` after the number Word draws before it ("第三条 …", "1. …", "（一）…"); a paragraph with no text stays empty
    and one that already starts with its number is left alone."""
    if not label or not text or text.startswith(label):
        return text
    return label + ("" if label[-1] in "）)、：:" else " ") + text


def _outline_level(paragraph: Any) -> int:
    ppr = paragraph._p.pPr
    if ppr is None:
        return 0
    lvl = ppr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}outlineLvl")
    if lvl is None:
        return 0
    val = lvl.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
    return int(val) + 1 if val and val.isdigit() and int(val) < 9 else 0


# --------------------------------------------------------------------------- .pdf

_PAGE_NO = re.compile(r"^[-—\s]*(?:第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*(?:/\s*\d+)?|page\s+\d+(?:\s+of\s+\d+)?)[-—\s]*$", re.I)


def _parse_pdf(data: bytes, path: Path) -> tuple[list[Block], dict | None]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise IngestError(path, "not a PDF file (missing %PDF header)", "re-export the document as PDF")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except DependencyError:
                ok = 0
            if not ok:
                raise IngestError(path, "PDF is encrypted (password protected)",
                                  "save an unprotected copy (print to PDF without a password) and ingest that")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except FileNotDecryptedError:
        raise IngestError(path, "PDF is encrypted (password protected)",
                          "save an unprotected copy and ingest that") from None
    except Exception as exc:  # pypdf raises many types on damaged files
        raise IngestError(path, f"corrupt or unreadable PDF ({exc.__class__.__name__})",
                          "re-export the PDF from its source document") from None
    return blocks_from_lines(_strip_page_furniture(pages), loose_headings=False), None


def _strip_page_furniture(pages: list[str]) -> list[str]:
    """Drop page numbers and headers/footers repeated on most pages (on both of two); return all lines. A page break
    is no paragraph break: the blank lines at a page's edges go too, so a sentence wrapped onto the next page stays
    one paragraph (a paragraph that ends on a page ends with a short line)."""
    page_lines = [[ln.strip() for ln in p.replace("\r", "\n").split("\n")] for p in pages]
    edges: Counter[str] = Counter()
    for lines in page_lines:
        nonblank = [ln for ln in lines if ln]
        edges.update(set(nonblank[:2] + nonblank[-2:]))
    repeated = {ln for ln, c in edges.items() if len(pages) >= 2 and c >= max(2, 0.6 * len(pages))}
    out: list[str] = []
    for lines in page_lines:
        kept = [ln for ln in lines if ln not in repeated and not _PAGE_NO.match(ln)]
        while kept and not kept[-1]:
            kept.pop()
        while kept and not kept[0]:
            kept.pop(0)
        out.extend(kept)
    return out


# --------------------------------------------------------------------------- HTML

_HTML_DROP = ("script", "style", "nav", "noscript", "template", "iframe", "svg", "form", "button", "head")
_HTML_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def _decode_html(data: bytes, path: Path) -> str:
    m = _HTML_META_CHARSET.search(data[:4096])
    if m and not any(data.startswith(bom) for bom, _ in _BOMS):
        enc = m.group(1).decode("ascii").lower()
        enc = "gb18030" if enc in ("gb2312", "gbk", "gb18030") else enc
        try:
            return data.decode(enc).replace("\r\n", "\n")
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, path)


_HTML_CHROME = frozenset(("nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "topbar", "header",
                          "masthead", "footer", "sidebar", "copyright", "toolbar", "pagination", "share", "comment",
                          "comments", "metadata"))
"""Words in a ``class`` or ``id`` that mark a page's chrome (navigation, breadcrumbs, footer, readers' comments, a
wiki's "最后更新于…" line), not its content."""
_HTML_BODY = frozenset(("main-content", "wiki-content", "mw-content-text", "entry-content", "post-content",
                        "article-content", "article-body", "post-body", "rich-media-content", "js-content"))
"""A ``class`` or ``id`` that names the document's own container where a page has no ``<main>`` / ``<article>``:
Confluence (main-content, wiki-content), MediaWiki, WordPress and blog themes, WeChat articles (``_`` read as ``-``)."""


def _html_content(soup: Any) -> Any:
    """The part of an intranet page that holds the document: its one ``<main>`` / ``<article>`` (else the element a
    wiki or CMS names its content, ``_HTML_BODY``) when that holds most of the page's text or its ``<h1>``; else the
    page without its ``<header>``, ``<footer>``, ``<aside>`` and elements whose class or id says navigation,
    breadcrumbs or footer (``_HTML_CHROME``), unless they hold the page's ``<h1>``."""
    total = len(soup.get_text(strip=True))
    mains = (soup.find_all(["main", "article"]) or soup.find_all(attrs={"role": "main"})
             or [t for t in soup.find_all(True) if _HTML_BODY & {v.lower().replace("_", "-")
                                                                   for v in (*t.get("class", []), t.get("id") or "")}])
    outer = [m for m in mains if not any(m is not o and o in m.parents for o in mains)]
    if len(outer) == 1 and (len(outer[0].get_text(strip=True)) >= 0.5 * total or outer[0].find("h1")):
        return outer[0]
    for tag in soup.find_all(True):
        if tag.decomposed or tag.find("h1"):  # what holds the document's title is no chrome ("article-header")
            continue
        words = {w for v in (*tag.get("class", []), tag.get("id") or "") for w in re.split(r"[-_\s]+", v.lower()) if w}
        if tag.name in ("header", "footer", "aside") or words & _HTML_CHROME:
            tag.decompose()
    return soup


def _parse_html(data: bytes, path: Path) -> tuple[list[Block], dict | None]:
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(_decode_html(data, path), "html.parser")
    title_tag = soup.find("title")
    page_title = title_tag.get_text(" ", strip=True) if title_tag else ""
    for tag in soup(list(_HTML_DROP)):
        tag.decompose()
    soup = _html_content(soup)

    blocks: list[Block] = []
    loose: list[str] = []

    def text_of(tag: Tag) -> str:
        return re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v\n]*", " ", tag.get_text(" ", strip=True)).strip()

    def flush_loose() -> None:
        joined = _join_lines(loose)
        loose.clear()
        if joined:
            blocks.append(Block("paragraph", joined))

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if child.__class__.__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction"):
                    continue
                if str(child).strip():
                    loose.append(str(child).strip())
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if re.fullmatch(r"h[1-6]", name):
                flush_loose()
                blocks.append(Block("heading", text_of(child), int(name[1])))
            elif name in ("ul", "ol"):
                flush_loose()
                lis = [text_of(li) for li in child.find_all("li", recursive=False)]
                if name == "ol":
                    lis = [f"{k}. {t}" for k, t in enumerate(lis, 1)]
                blocks.append(Block("list", "\n".join(t for t in lis if t)))
            elif name == "table":
                flush_loose()
                rows = [[text_of(c) for c in tr.find_all(["th", "td"])] for tr in child.find_all("tr")]
                first = child.find("tr")
                header = bool(first and first.find("th")) or (len(rows) > 1 and all(0 < len(c) <= 20 for c in rows[0]))
                blocks.append(Block("table", table_text(rows, header)))
            elif name in ("p", "pre", "blockquote", "li", "dt", "dd", "figcaption", "caption", "address"):
                flush_loose()
                t, qa_level = qa_line(text_of(child))
                level = (structural_heading(t) if t.startswith("第") else 0) or qa_level
                blocks.append(Block("heading", t, level) if level else Block("paragraph", t))
            elif name == "br":
                flush_loose()
            elif name in ("div", "section", "article", "main", "body", "html", "header", "footer", "aside", "center", "td", "span", "font", "strong", "b", "em", "i", "a"):
                if name in ("span", "font", "strong", "b", "em", "i", "a"):
                    loose.append(text_of(child))
                else:
                    flush_loose()
                    walk(child)
                    flush_loose()
            else:
                walk(child)

    walk(soup)
    flush_loose()
    if page_title and not any(b.kind == "heading" and b.level == 1 for b in blocks):
        blocks.insert(0, Block("heading", page_title, 1))
    return blocks, None


_PARSERS: dict[str, Callable[[bytes, Path], tuple[list[Block], dict | None]]] = {
    ".md": _parse_md,
    ".markdown": _parse_md,
    ".txt": _parse_txt,
    ".docx": _parse_docx,
    ".pdf": _parse_pdf,
    ".html": _parse_html,
    ".htm": _parse_html,
}
