"""Document metadata from YAML front matter or a ``<file>.meta.yaml`` sidecar -> ``DocMeta``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ingest.access import encode_access
from ingest.errors import IngestError

DOC_TYPES = ("guidance", "policy")
_TYPE_ALIASES = {"guidance": "guidance", "policy": "policy", "policies": "policy", "指引": "guidance", "制度": "policy"}
_FOLDER_TYPES = {**_TYPE_ALIASES, "指南": "guidance", "手册": "guidance", "规章制度": "policy", "规章": "policy",
                 "规定": "policy", "政策": "policy"}
"""Top folder names that say a document's type (``policies/``, ``制度/``, ``指南/`` …)."""
MIN_POLICY_CLAUSES = 3
"""A document in no such folder is a policy when it has at least this many 第X条 clauses (a rules text) or its title
names a rules text (``RULES_TITLE``); else guidance."""
RULES_TITLE = re.compile(r"(办法|规定|制度|细则|规范|规则|条例|准则)(?:[（(][^）)]*[）)])?$")
"""A title that names a rules text ("新店开业筹备协同工作规范", "…管理办法（试行）"): a company's rules written in 一、/（一）
sections, without 第X条, are policies too. 通知 and 流程 are not among them: a news story is often titled 关于…的通知."""
KNOWN_KEYS = frozenset({"title", "type", "department", "version", "effective_date", "access"})
SIDECAR_SUFFIX = ".meta.yaml"

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclass
class DocMeta:
    """Document-level metadata copied onto every chunk; ``access`` is already encoded."""

    title: str
    doc_type: str
    department: str = ""
    version: str = ""
    effective_date: str = ""
    access: str = "all"


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any] | None, str]:
    """Return (front matter mapping or None, body without it); bad YAML raises ``IngestError``."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return None, text
    body = text[m.end():]
    return parse_yaml(m.group(1) or "", path, where="front matter", line_offset=1), body


def parse_yaml(text: str, path: Path, where: str, line_offset: int = 0) -> dict[str, Any]:
    """Parse a YAML mapping; errors name the line and say how to fix it."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1 + line_offset}" if mark is not None else ""
        reason = getattr(exc, "problem", None) or exc.__class__.__name__
        raise IngestError(path, f"invalid YAML in {where}{line}: {reason}",
                          "fix the YAML syntax (key: value per line; quote values containing ':' or '#')") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise IngestError(path, f"{where} is not a mapping of key: value pairs",
                          f"write {where} as 'title: ...', 'type: guidance|policy', 'access: all' lines")
    return {str(k): v for k, v in data.items()}


def sidecar_path(path: Path) -> Path:
    """``policies/rules.pdf`` -> ``policies/rules.pdf.meta.yaml``."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> tuple[dict[str, Any] | None, bytes]:
    """Metadata from the sidecar of ``path`` (None when absent) and the sidecar's bytes."""
    side = sidecar_path(path)
    if not side.is_file():
        return None, b""
    raw = side.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError(side, "sidecar metadata is not UTF-8", "save the .meta.yaml file as UTF-8") from None
    return parse_yaml(text, side, where="sidecar metadata"), raw


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip()


def build_meta(raw: dict[str, Any] | None, path: Path, source: str, first_heading: str | None,
               meta_path: Path | None = None, clauses: int = 0) -> DocMeta:
    """Validate ``raw`` metadata and fill defaults (title: first heading or stem; type: from the top folder's name,
    else a policy when the document has ``MIN_POLICY_CLAUSES`` clauses, ``clauses`` being its count of 第X条, or a title
    naming a rules text).

    ``meta_path`` is the file the metadata came from (front matter file or sidecar), for messages.
    """
    raw = raw or {}
    where = meta_path or path
    title = _scalar(raw.get("title")) or (first_heading or "").strip() or path.stem

    if raw.get("type") is not None:
        given = _scalar(raw.get("type"))
        doc_type = _TYPE_ALIASES.get(given.lower())
        if doc_type is None:
            raise IngestError(where, f"unknown type {given!r} in metadata",
                              "use 'type: guidance' or 'type: policy'")
    else:
        top = source.split("/", 1)[0].lower() if "/" in source else ""
        rules = clauses >= MIN_POLICY_CLAUSES or bool(RULES_TITLE.search(title))
        doc_type = _FOLDER_TYPES.get(top) or ("policy" if rules else "guidance")

    access_raw = raw.get("access", "all")
    if isinstance(access_raw, (list, tuple)) and not all(isinstance(a, str) for a in access_raw):
        access_raw = object()  # force the error below: nested values are not department names
    try:
        access = encode_access(access_raw)
    except ValueError:
        raise IngestError(where, f"invalid access {raw.get('access')!r} in metadata",
                          "use 'access: all' or a list such as [人力资源部, role:manager]") from None

    return DocMeta(
        title=title,
        doc_type=doc_type,
        department=_scalar(raw.get("department")),
        version=_scalar(raw.get("version")),
        effective_date=_scalar(raw.get("effective_date")),
        access=access,
    )
