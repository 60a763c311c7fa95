"""Who may read a document: one rule used by retrieval, the web app and the evaluation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

ALL = "all"


class Reader(Protocol):
    department: str | None
    roles: frozenset[str]


def encode_access(value: object) -> str:
    """Turn front-matter ``access`` (``all``, a string or a list) into the stored string form.

    ``["人力资源部", "role:manager"]`` becomes ``"|dept:人力资源部|role:manager|"``.
    """
    if value is None:
        return ALL
    if isinstance(value, str):
        items: Iterable[str] = [p for p in value.replace("，", ",").split(",")]
    elif isinstance(value, (list, tuple, set)):
        items = [str(v) for v in value]
    else:
        raise ValueError(f"access must be 'all' or a list of departments/roles, got {value!r}")
    entries = []
    for raw in items:
        item = raw.strip()
        if not item:
            continue
        if item.lower() in (ALL, "everyone", "*"):
            return ALL
        entries.append(item if item.startswith(("role:", "dept:")) else f"dept:{item}")
    if not entries:
        return ALL
    return "|" + "|".join(sorted(set(entries))) + "|"


def can_read(access: str, user: Reader | None) -> bool:
    """True when ``user`` may read a chunk with this stored ``access``; ``None`` is the local single user."""
    if user is None or access == ALL or not access:
        return True
    roles = set(user.roles or ())
    if "admin" in roles:
        return True
    if user.department and f"|dept:{user.department}|" in access:
        return True
    return any(f"|role:{r}|" in access for r in roles)
