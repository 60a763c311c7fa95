"""Load and validate evaluation questions (JSONL, or CSV with the same columns, lists as JSON)."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FIELDS = (
    "id", "question", "history", "expected_sources", "evidence_any", "answers",
    "answer_keywords", "reference_answer", "should_refuse", "tags", "split", "expected_verdict",
)
VERDICTS = ("yes", "no")
"""Values of ``expected_verdict``: the direct answer to a yes/no question (allowed / required / so: ``yes``)."""
SPLITS_DIR = "splits"
"""A folder next to the questions file whose ``NAME.txt`` files list question ids (one per line) of split NAME."""


class DatasetError(ValueError):
    """A bad questions file; ``str(e)`` names the file, the line, the field and the fix."""

    def __init__(self, path: Path, line: int | None, field_name: str | None, problem: str, remedy: str = ""):
        self.path, self.line, self.field, self.problem, self.remedy = path, line, field_name, problem, remedy
        where = f"{path}" + (f":{line}" if line else "") + (f" field '{field_name}'" if field_name else "")
        super().__init__(f"{where}: {problem}" + (f" — {remedy}" if remedy else ""))


@dataclass
class EvalQuestion:
    """One evaluation question (CONTRACTS.md, evaluation input)."""

    id: str
    question: str
    history: list[dict] = field(default_factory=list)
    expected_sources: list[str] = field(default_factory=list)
    evidence_any: list[str] = field(default_factory=list)
    answers: list[str | list[str]] = field(default_factory=list)
    answer_keywords: list[str] = field(default_factory=list)
    reference_answer: str = ""
    should_refuse: bool = False
    tags: list[str] = field(default_factory=list)
    split: str = ""  # e.g. "tune" / "heldout"; from the field, or from SPLITS_DIR next to the file
    expected_verdict: str = ""  # "yes" / "no" for a yes/no question (VERDICTS); scored by metrics.stated_verdict
    line: int = 0

    def to_dict(self) -> dict:
        """The input fields (without the line number), empty ones left out."""
        data = asdict(self)
        data.pop("line")
        return {k: v for k, v in data.items() if v not in ([], "", None) and not (k == "should_refuse" and v is False)}


def file_sha256(path: Path) -> str:
    """sha256 of the file bytes (recorded in summary.json and used to detect a changed file on resume)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read and validate every question; raises :class:`DatasetError` on the first bad row."""
    path = Path(path)
    if not path.is_file():
        raise DatasetError(path, None, None, "file not found", "pass a .jsonl or .csv questions file")
    rows = list(_read_csv(path) if path.suffix.lower() == ".csv" else _read_jsonl(path))
    if not rows:
        raise DatasetError(path, None, None, "no questions in the file", "add one JSON object per line")
    seen: dict[str, int] = {}
    questions = []
    for line, raw in rows:
        q = _validate(path, line, raw)
        if q.id in seen:
            raise DatasetError(path, line, "id", f"duplicate id {q.id!r} (first on line {seen[q.id]})", "ids must be unique")
        seen[q.id] = line
        questions.append(q)
    _apply_splits(path, questions)
    return questions


def _apply_splits(path: Path, questions: list[EvalQuestion]) -> None:
    """Give questions without a ``split`` the split whose id list (``splits/NAME.txt``) names them."""
    folder = path.parent / SPLITS_DIR
    if not folder.is_dir():
        return
    owner: dict[str, str] = {}
    for list_file in sorted(folder.glob("*.txt")):
        for raw in list_file.read_text(encoding="utf-8-sig").splitlines():
            qid = raw.split("#", 1)[0].strip()
            if qid:
                owner.setdefault(qid, list_file.stem)
    for q in questions:
        if not q.split and q.id in owner:
            q.split = owner[q.id]


def _read_jsonl(path: Path):
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise DatasetError(path, None, None, f"not UTF-8 ({e.reason})", "save the file as UTF-8") from None
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise DatasetError(path, n, None, f"invalid JSON ({e.msg} at column {e.colno})", "one JSON object per line") from None
        if not isinstance(obj, dict):
            raise DatasetError(path, n, None, f"expected a JSON object, got {type(obj).__name__}", "one JSON object per line")
        yield n, obj


_LIST_FIELDS = {"history", "expected_sources", "evidence_any", "answers", "answer_keywords", "tags"}


def _read_csv(path: Path):
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            for row in reader:
                n = reader.line_num
                obj: dict[str, Any] = {}
                for key, value in row.items():
                    if key is None:
                        raise DatasetError(path, n, None, "more cells than header columns", "quote cells that contain commas")
                    key = key.strip()
                    value = (value or "").strip()
                    if value == "":
                        continue
                    if key in _LIST_FIELDS:
                        try:
                            value = json.loads(value)
                        except json.JSONDecodeError:
                            raise DatasetError(path, n, key, f"not a JSON list: {value[:40]!r}", 'write lists as JSON, e.g. ["a", "b"]') from None
                    elif key == "should_refuse":
                        low = value.lower()
                        if low not in ("true", "false", "1", "0", "yes", "no"):
                            raise DatasetError(path, n, key, f"expected true/false, got {value!r}", "use true or false")
                        value = low in ("true", "1", "yes")
                    obj[key] = value
                yield n, obj
    except UnicodeDecodeError as e:
        raise DatasetError(path, None, None, f"not UTF-8 ({e.reason})", "save the file as UTF-8") from None


def _str_list(path: Path, line: int, name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DatasetError(path, line, name, "expected a list of non-empty strings", f'e.g. "{name}": ["..."]')
    return value


def _validate(path: Path, line: int, raw: dict) -> EvalQuestion:
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise DatasetError(path, line, unknown[0], "unknown field", f"known fields: {', '.join(FIELDS)}")
    qid = raw.get("id")
    if isinstance(qid, int) and not isinstance(qid, bool):
        qid = str(qid)
    if not isinstance(qid, str) or not qid.strip():
        raise DatasetError(path, line, "id", "missing or empty", "give every question a unique string id")
    question = raw.get("question")
    if not isinstance(question, str) or not question.strip():
        raise DatasetError(path, line, "question", "missing or empty", "write the user's question as a string")
    history = raw.get("history") or []
    if not isinstance(history, list) or not all(
        isinstance(t, dict) and t.get("role") in ("user", "assistant") and isinstance(t.get("content"), str) for t in history
    ):
        raise DatasetError(path, line, "history", "expected a list of {\"role\": \"user\"|\"assistant\", \"content\": str}", "fix the turns")
    answers = raw.get("answers") or []
    if isinstance(answers, str):
        answers = [answers]
    if not isinstance(answers, list) or not all(
        (isinstance(a, str) and a.strip()) or (isinstance(a, list) and a and all(isinstance(x, str) and x.strip() for x in a))
        for a in answers
    ):
        raise DatasetError(path, line, "answers", "expected a list whose items are strings or lists of alternative strings", 'e.g. ["3个工作日", ["总经理", "总经理办公室"]]')
    reference = raw.get("reference_answer") or ""
    if not isinstance(reference, str):
        raise DatasetError(path, line, "reference_answer", "expected a string", "write the model answer as text")
    refuse = raw.get("should_refuse", False)
    if not isinstance(refuse, bool):
        raise DatasetError(path, line, "should_refuse", f"expected true or false, got {refuse!r}", "use a JSON boolean")
    sources = [s.replace("\\", "/").removeprefix("./") for s in _str_list(path, line, "expected_sources", raw.get("expected_sources"))]
    split = raw.get("split") or ""
    if not isinstance(split, str):
        raise DatasetError(path, line, "split", f"expected a string, got {split!r}", 'e.g. "split": "heldout"')
    verdict = raw.get("expected_verdict") or ""
    if verdict not in ("", *VERDICTS):
        raise DatasetError(path, line, "expected_verdict", f"expected one of {', '.join(VERDICTS)}, got {verdict!r}",
                           'write "yes" when the answer is 可以 / 需要 / 是, "no" when it is 不可以 / 不需要 / 不是')
    return EvalQuestion(
        id=qid.strip(),
        question=question.strip(),
        history=history,
        expected_sources=sources,
        evidence_any=_str_list(path, line, "evidence_any", raw.get("evidence_any")),
        answers=answers,
        answer_keywords=_str_list(path, line, "answer_keywords", raw.get("answer_keywords")),
        reference_answer=reference.strip(),
        should_refuse=refuse,
        tags=_str_list(path, line, "tags", raw.get("tags")),
        split=split.strip(),
        expected_verdict=verdict,
        line=line,
    )
