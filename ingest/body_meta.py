"""Metadata a document states in its own text: a Word, PDF or intranet policy seldom has front matter, but says who
issued it and from when it applies ("发布部门：客户成功部　｜　生效日期：2026年3月15日", "本制度自2026年4月1日起施行").
``stated_meta`` reads those into the keys of the front matter (``department``, ``effective_date``), which the
front matter and a sidecar override; the web chat lists departments to filter by and shows them with the passages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

_UNIT = r"[\u4e00-\u9fffA-Za-z]{1,14}?(?:部|中心|办公室|委员会|处|科|室|组)|PMO"
_DEPARTMENT = re.compile(rf"(?:(?:发布|发文|制定|起草|归口|主管|责任|编制)(?:部门|单位)|整理|编制|起草)\s*[：:]\s*(?P<d>{_UNIT})"
                         r"(?=$|[\s\u3000｜|，,；;。（(])")
_DATE = r"(?P<y>\d{4})\s*[年\-/.]\s*(?P<m>\d{1,2})\s*[月\-/.]\s*(?P<d>\d{1,2})\s*日?"
_EFFECTIVE_LABEL = re.compile(rf"(?:生效|施行|实施|执行)(?:日期|时间)\s*[：:]\s*{_DATE}")
_EFFECTIVE_CLAUSE = re.compile(rf"自\s*{_DATE}\s*起\s*(?:施行|实施|执行|生效)")
HEAD_BLOCKS = 8
"""How many blocks at the top are read for labelled lines (the lines under the title)."""


def stated_meta(blocks: Sequence[Any]) -> dict[str, str]:
    """``department`` from a labelled line at the top ("发布部门：…", "整理：法务部"), ``effective_date`` (ISO) from a
    labelled date there or from the clause that says from when it applies ("自2026年4月1日起施行", the last one);
    only what the text states."""
    out: dict[str, str] = {}
    for block in blocks[:HEAD_BLOCKS]:
        if block.kind not in ("paragraph", "heading"):
            continue
        if "department" not in out and (m := _DEPARTMENT.search(block.text)):
            out["department"] = m.group("d")
        if "effective_date" not in out and (m := _EFFECTIVE_LABEL.search(block.text)):
            out["effective_date"] = _iso(m)
    if "effective_date" not in out:
        for block in reversed(blocks):
            found = list(_EFFECTIVE_CLAUSE.finditer(block.text)) if block.kind in ("paragraph", "list") else []
            if found:
                out["effective_date"] = _iso(found[-1])
                break
    return out


def _iso(m: re.Match[str]) -> str:
    return f"{m.group('y')}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
