"""Check a blind scenario set: python evals/check_blind_set.py [--root FOLDER] evals/blind_scenarios4.jsonl

Every line valid JSON with exactly the expected fields (plus, optionally, a `history` of one user
and one assistant turn for a follow-up); every `evidence_any` and `answers`
string verbatim in the first `expected_sources` file, each answer inside a clause (policy
**第X条** paragraph, a line opening with 第X条, a numbered "一、" section, or a "问：" entry of a
question-and-answer guide; leading spaces, full-width too, are ignored when spotting these openings)
or section (heading) that holds one of the evidence strings;
answers 2-10 characters and not quoted in the question. Prints a count per first source.
Sources are paths under ``knowledge/``, or under ``--root`` for a set asked against another corpus
(``evals/corpora/``).

A source may also be a Word, PDF or HTML file, read as text: .docx paragraphs and table cells in
document order (python-docx; a paragraph of style Title / Heading N / 标题 N reads as a "#" heading
line), .pdf page text (pypdf), .html/.htm the page's text (BeautifulSoup ``get_text("\\n")``
without script and style; <h1>-<h6> read as "#" heading lines). Lines are stripped. For these
formats the verbatim checks ignore line breaks (a PDF wraps mid-sentence, HTML splits at inline
tags), while the clauses and sections are still cut at the lines that open them.
"""
import collections, json, re, sys
from pathlib import Path

FIELDS = {"id", "question", "expected_sources", "evidence_any", "answers",
          "answer_keywords", "reference_answer", "split", "tags"}
OPTIONAL = {"history", "expected_verdict", "should_refuse"}
KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
CLAUSE_LINE = re.compile(r"(\*\*)?(第[一二三四五六七八九十百零〇]+[条章]|[一二三四五六七八九十]+、|问[：:])")


def units(text):
    """Split a document into clauses (policies) or heading sections (guidance)."""
    out, cur = [], []
    for line in text.splitlines():
        if line.startswith("#") or CLAUSE_LINE.match(line.lstrip()):  # "　　第三条" (OA text indent)
            out.append("\n".join(cur)); cur = []
        cur.append(line)
    out.append("\n".join(cur))
    return out


RICH = {".docx", ".pdf", ".html", ".htm"}
HEADING_STYLE = re.compile(r"(?:Heading|标题)\s*([1-9])$")


def read_docx(path):
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            style = paragraph.style.name if paragraph.style is not None else ""
            level = HEADING_STYLE.match(style)
            level = int(level.group(1)) if level else 1 if style == "Title" else 0
            lines.append("#" * level + " " * bool(level) + paragraph.text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                seen = []
                for cell in row.cells:  # a merged cell repeats along its row: read it once
                    if cell._tc not in seen:
                        seen.append(cell._tc)
                        lines.append(cell.text)
    return "\n".join(lines)


def read_pdf(path):
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def read_html(path):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style", "template"]):
        tag.decompose()
    for heading in soup.find_all(re.compile(r"^h[1-6]$")):
        heading.string = "#" * int(heading.name[1]) + " " + heading.get_text(" ", strip=True)
    return soup.get_text("\n")


def read_source(path):
    """(text, flatten): the source as lines of text, and how to compare text verbatim in it."""
    suffix = Path(path).suffix.lower()
    if suffix not in RICH:
        return Path(path).read_text(encoding="utf-8"), lambda s: s
    reader = {".docx": read_docx, ".pdf": read_pdf}.get(suffix, read_html)
    lines = [line.strip() for line in reader(path).splitlines()]
    return "\n".join(line for line in lines if line), lambda s: "".join(s.split("\n"))


def check(path, root=KNOWLEDGE):
    errors, ids, per_source = [], set(), collections.Counter()
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        where = f"line {n}"
        try:
            row = json.loads(line)
        except ValueError as exc:
            errors.append(f"{where}: invalid JSON ({exc})"); continue
        where = f"line {n} {row.get('id')}"
        if not FIELDS <= set(row) <= FIELDS | OPTIONAL:
            errors.append(f"{where}: fields {sorted((set(row) - OPTIONAL) ^ FIELDS)}")
            continue
        if "history" in row and [t.get("role") for t in row["history"]] != ["user", "assistant"]:
            errors.append(f"{where}: history is one user and one assistant turn")
        if row["id"] in ids:
            errors.append(f"{where}: duplicate id")
        ids.add(row["id"])
        if row.get("should_refuse"):  # asked of nothing the corpus holds: no evidence, answers or keywords
            continue
        if not (1 <= len(row["evidence_any"]) <= 2 and 1 <= len(row["answers"]) <= 2
                and 3 <= len(row["answer_keywords"]) <= 5):
            errors.append(f"{where}: list sizes")
        src = Path(root) / row["expected_sources"][0]
        for other in row["expected_sources"]:
            if not (Path(root) / other).is_file():
                errors.append(f"{where}: no file {other}")
        if not src.is_file():
            continue
        per_source[row["expected_sources"][0]] += 1
        doc, flat = read_source(src)
        text = flat(doc)
        for ev in row["evidence_any"]:
            if flat(ev) not in text:
                errors.append(f"{where}: evidence not verbatim: {ev}")
        home = [flat(u) for u in units(doc) if any(flat(ev) in flat(u) for ev in row["evidence_any"])]
        for ans in row["answers"]:
            if not 2 <= len(ans) <= 10:
                errors.append(f"{where}: answer length {len(ans)}: {ans}")
            if not any(ans in u for u in home):
                errors.append(f"{where}: answer not in the evidence clause/section: {ans}")
            if ans in row["question"]:
                errors.append(f"{where}: question quotes its answer: {ans}")
        if not re.search(r"《[^》]+》", row["reference_answer"]):
            errors.append(f"{where}: reference answer cites no document title")
    return errors, per_source


if __name__ == "__main__":
    args = sys.argv[1:]
    root = KNOWLEDGE
    if args[:1] == ["--root"]:
        root, args = Path(args[1]), args[2:]
    errs, counts = check(args[0] if args else "evals/blind_scenarios4.jsonl", root)
    for source, count in sorted(counts.items()):
        print(f"{count:3d}  {source}")
    print("\n".join(errs) or "OK")
    sys.exit(1 if errs else 0)
