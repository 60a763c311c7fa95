"""Real stores for tests: invented documents written to a folder, synced into Chroma with the bundled embedding
model, and the retriever or extractive ``Advisor`` over them.

Test modules import these (``from store_builders import synced_store``) and keep their own settings line
(``make_settings(data, knowledge_dir=folder)``): where the data dir lives and which folder the sources are relative
to is each test's choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from assistant.advisor import Advisor
from assistant.generation import make_composer
from assistant.refusal import RefusalLog
from assistant.retrieval import HybridRetriever
from ingest.store import KnowledgeStore
from ingest.sync import Syncer


def write_files(folder: Path, files: Mapping[str, str]) -> Path:
    """Write ``files`` (path relative to ``folder`` → text, UTF-8) under ``folder``; ``folder``."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def policy_files(department: str, files: Mapping[str, tuple[str, list[str]]]) -> dict[str, str]:
    """Policy documents of ``department`` from ``{path: (title, clauses)}``: front matter, the title as a heading,
    one clause a paragraph."""
    head = f"---\ntitle: {{title}}\ntype: policy\ndepartment: {department}\n---\n\n# {{title}}\n\n"
    return {name: head.format(title=title) + "\n\n".join(clauses) + "\n" for name, (title, clauses) in files.items()}


def synced_store(settings: Any, embeddings: Any, folder: Path, files: Mapping[str, str] | None = None) -> KnowledgeStore:
    """The store of ``settings`` with ``folder`` synced into it (``files`` written there first); every file must
    sync."""
    if files:
        write_files(folder, files)
    store = KnowledgeStore.open(settings, embeddings)
    report = Syncer(settings, store, embeddings).sync(folder, progress=False)
    assert not report.failed, [str(f) for f in report.failed]
    return store


def retriever_of(settings: Any, store: KnowledgeStore, embeddings: Any) -> HybridRetriever:
    """The hybrid retriever (dense + keyword) over ``store``."""
    return HybridRetriever.from_settings(settings, store=store, embeddings=embeddings)


def extractive_advisor(settings: Any, store: KnowledgeStore, embeddings: Any, refusals: Path | None = None,
                       **options: Any) -> Advisor:
    """An ``Advisor`` with the extractive backend over ``store``; refused questions are logged to ``refusals``
    (default: the settings' log). ``options`` go to ``Advisor`` (``thresholds=`` …)."""
    return Advisor(settings, retriever_of(settings, store, embeddings), make_composer(settings, "extractive"),
                   refusal_log=RefusalLog(refusals) if refusals else None, **options)


def corpus_advisor(tmp_path_factory: Any, make_settings: Any, embeddings: Any, files: Mapping[str, str],
                   name: str = "corpus") -> Advisor:
    """An extractive ``Advisor`` (``Advisor.from_settings``, as the CLI builds it) over ``files`` written to a fresh
    folder ``name`` and synced into a fresh data dir: a module-scoped corpus of invented pages."""
    root = write_files(tmp_path_factory.mktemp(name), files)
    settings = make_settings(tmp_path_factory.mktemp("data"), knowledge_dir=root)
    synced_store(settings, embeddings, root)
    return Advisor.from_settings(settings, llm="extractive")


TALK_GUIDE = ("---\ntitle: 部门协作沟通指南\ntype: guidance\ndepartment: {department}\n---\n\n"
              "# 部门协作沟通指南\n\n## 发生争议怎么办\n\n先当面沟通，把分歧写下来，再按制度逐级升级。\n")


def guided_policy_advisor(tmp_path_factory: Any, make_settings: Any, embeddings: Any, name: str, department: str,
                          path: str, title: str, clauses: list[str]) -> Advisor:
    """An extractive ``Advisor`` over one policy of ``department`` (``path``, ``title``, one clause a paragraph) and a
    short talk guide (``guidance/talk.md``: talk first, then escalate), synced into a fresh store ``name``."""
    root = tmp_path_factory.mktemp(name)
    settings = make_settings(root / "data")
    files = policy_files(department, {path: (title, clauses)})
    files["guidance/talk.md"] = TALK_GUIDE.format(department=department)
    store = synced_store(settings, embeddings, root / "corpus", files)
    return extractive_advisor(settings, store, embeddings)


def answer_first_line(advisor: Advisor, question: str) -> str:
    """The first line of ``advisor``'s answer to ``question``, which must not be a refusal."""
    answer = advisor.ask(question)
    assert not answer.refused, answer.answer
    return answer.answer.splitlines()[0]
