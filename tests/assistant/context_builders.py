"""``Context`` builders shared by the answer-composition tests (passages written in the test, no store).

Two shapes recur: a plain ranked passage (news, encyclopedia: ``passage``) and a clause or section of a company
document (``document_passage``). Test modules import them (``from context_builders import passage``) and keep
only their own defaults (a fixed source or title).
"""

from __future__ import annotations

from assistant.types import Context


def passage(rank: int, text: str, source: str | None = None, title: str = "") -> Context:
    """A plain passage ranked ``rank`` (score 1/rank), from ``p{rank}.txt`` unless ``source`` is given."""
    return Context(rank=rank, source=source or f"p{rank}.txt", section="", text=text, score=1.0 / rank, title=title)


def document_passage(rank: int, source: str, section: str, text: str, doc_type: str = "policy",
                     title: str | None = None, clause: str = "") -> Context:
    """A passage of a company document ranked ``rank`` (score 0.9 - rank/100), titled with its file name unless
    ``title`` is given."""
    return Context(rank=rank, source=source, section=section, text=text, score=0.9 - rank / 100,
                   title=source.rsplit("/", 1)[-1] if title is None else title, doc_type=doc_type, clause=clause)


def first_line(question: str, texts: list[str]) -> str:
    """The extractive answer's first line for ``question`` over plain passages of ``texts``, ranked in order."""
    return contexts_first_line(question, [passage(i, t) for i, t in enumerate(texts, start=1)])


def titled_first_line(question: str, passages: list[tuple[str, str]]) -> str:
    """The extractive answer's first line over ``(title, text)`` passages (encyclopedia pages), ranked in order."""
    return contexts_first_line(question, [passage(i, text, title=title)
                                          for i, (title, text) in enumerate(passages, start=1)])


def contexts_first_line(question: str, contexts: list[Context]) -> str:
    """The extractive answer's first line for ``question`` over ``contexts`` as given."""
    from assistant.extractive import compose_extractive

    return compose_extractive(question, contexts).splitlines()[0]
