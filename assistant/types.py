"""Plain data shared by retrieval, generation, the web app and the evaluation."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class User:
    """A reader; ``None`` in place of a User means the local single user (reads everything)."""

    name: str
    department: str | None = None
    roles: frozenset[str] = frozenset()


@dataclass
class Citation:
    n: int
    source: str
    title: str
    section: str
    text: str = ""

    def label(self) -> str:
        """《标题》第十二条 style label for display."""
        return f"《{self.title}》{self.section}" if self.section else f"《{self.title}》"


@dataclass
class Context:
    rank: int
    source: str
    section: str
    text: str
    score: float
    title: str = ""
    doc_type: str = ""
    clause: str = ""
    department: str = ""
    chunk_id: str = ""
    found_by: str = ""  # a search other than the question's that added it (``story_clause.FOUND_BY``), else ""


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    llm: str
    citations: list[Citation]
    contexts: list[Context]
    latency_ms: dict[str, float]
    standalone_question: str | None = None
    warnings: list[str] = field(default_factory=list)
    best_score: float | None = None
    evidence: list["EvidenceItem"] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The fields of a CONTRACTS results line (without ``id`` and ``metrics``)."""
        return {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "llm": self.llm,
            "citations": [
                {"n": c.n, "source": c.source, "title": c.title, "section": c.section} for c in self.citations
            ],
            "contexts": [
                {"rank": c.rank, "source": c.source, "section": c.section, "text": c.text, "score": c.score}
                for c in self.contexts
            ],
            "latency_ms": dict(self.latency_ms),
            "standalone_question": self.standalone_question,
            "warnings": list(self.warnings),
            "evidence": [e.to_dict() for e in self.evidence],
        }

    def as_full_dict(self) -> dict:
        """Everything, for storage (history, feedback)."""
        return asdict(self)


@dataclass(frozen=True)
class EvidenceItem:
    """One sentence an answer rests on: ``n`` is its passage's 1-based number (the ``[n]`` of citations)."""

    n: int
    source: str
    title: str
    section: str  # the clause (第八条) when known, else the heading path
    sentence: str

    def label(self) -> str:
        return f"《{self.title}》{self.section}" if self.title else (self.section or self.source)

    def to_dict(self) -> dict:
        return {"n": self.n, "source": self.source, "title": self.title, "section": self.section, "sentence": self.sentence}


@dataclass
class Evidence:
    """Yielded by ``Advisor.stream`` before any answer text: the sentences the answer will rest on."""

    items: list[EvidenceItem]

    def markdown(self) -> str:
        """A compact block for the chat and the terminal: one quoted line per sentence."""
        if not self.items:
            return ""
        lines = ["**依据**"] + [f"> [{e.n}] {e.label()}：{e.sentence}" for e in self.items]
        return "\n".join(lines)
