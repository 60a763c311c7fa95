"""Neighbours of a retrieved policy clause, fetched from the store.

A policy's clauses run in sequence and one search rarely brings all the clauses a question needs:
the clause after "一级升级由…协商解决" says what happens when that fails, the clause before "催办后仍未
响应的，可发起升级" states the deadline it enforces, and the other clauses of a chapter state the other
levels of a series. ``neighbour_docs`` does the bookkeeping these share (which retrieved clauses to
start from, one store read per document, nothing fetched twice or already retrieved); a *selector*
says which chunks around a clause are its neighbours: ``next_clause``, ``previous_clause``,
``same_chapter``.

Documents are LangChain ``Document``s with ``version_key``/``chunk_index``/``doc_type``/``clause``/
``section`` metadata, as ``KnowledgeStore.get_chunks`` returns them (ordered by ``chunk_index``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Selector = Callable[[Any, Sequence[Any]], Sequence[Any]]
"""``(clause, chunks of its document in order) -> the neighbouring chunks wanted``, best first."""


def _index(doc: Any) -> int:
    return int(doc.metadata.get("chunk_index", -1))


def _at(chunks: Sequence[Any], index: int) -> list[Any]:
    return [c for c in chunks if _index(c) == index]


def next_clause(doc: Any, chunks: Sequence[Any]) -> list[Any]:
    """The chunk right after ``doc``."""
    return _at(chunks, _index(doc) + 1)


def previous_clause(doc: Any, chunks: Sequence[Any]) -> list[Any]:
    """The chunk right before ``doc``."""
    return _at(chunks, _index(doc) - 1)


def chapter(section: str) -> str:
    """The section path without its last step (the clause): "第二章 升级层级与时限 > 第八条" -> "第二章 升级层级与时限"."""
    return section.rsplit(" > ", 1)[0] if " > " in section else ""


def same_chapter(doc: Any, chunks: Sequence[Any]) -> list[Any]:
    """The chunks of ``doc``'s chapter, in document order."""
    own = chapter(str(doc.metadata.get("section", "")))
    return [c for c in chunks if own and chapter(str(c.metadata.get("section", ""))) == own]


def is_policy_clause(doc: Any) -> bool:
    """A clause chunk of a policy (the documents whose clauses run in sequence)."""
    return doc.metadata.get("doc_type") == "policy" and bool(doc.metadata.get("clause"))


def neighbour_docs(docs: Sequence[Any], chunks_of: Callable[[str], Sequence[Any]], select: Selector, limit: int,
                   max_new: int | None = None, start: Callable[[Any], bool] = is_policy_clause) -> list[Any]:
    """The clause chunks ``select`` names around each of the first ``limit`` documents of ``docs`` that
    ``start`` accepts (policy clauses by default), in that order, none already among ``docs`` or
    fetched twice, at most ``max_new``.

    ``chunks_of(version_key)`` returns one document's chunks (``KnowledgeStore.get_chunks``); it is
    called once per document. Only clause chunks are returned (not a chapter heading or a preamble).
    """
    seen = {(d.metadata.get("version_key"), d.metadata.get("chunk_index")) for d in docs}
    cache: dict[str, Sequence[Any]] = {}
    out: list[Any] = []
    for d in [d for d in docs if start(d)][:limit]:
        key = d.metadata.get("version_key")
        if key is None or d.metadata.get("chunk_index") is None:
            continue
        if key not in cache:
            cache[key] = chunks_of(key)
        for c in select(d, cache[key]):
            ident = (key, c.metadata.get("chunk_index"))
            if ident in seen or not c.metadata.get("clause"):
                continue
            seen.add(ident)
            out.append(c)
            if max_new is not None and len(out) >= max_new:
                return out
    return out
