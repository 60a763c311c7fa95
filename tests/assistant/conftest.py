"""Fixtures for the generation tests: passages from the shipped guidance, and the local model joined once."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"

POLICY_TEXT = (
    "第十二条 会议纪要\n"
    "跨部门会议由牵头部门指定记录人，会后1个工作日内发出会议纪要，抄送各参会部门负责人。\n"
    "纪要应列明决定事项、责任部门和完成时限。"
)


def section_context(rank: int, relative: str, heading: str) -> object:
    """A ``Context`` holding one ``## heading`` section of a shipped guidance file, read directly."""
    from assistant.types import Context

    path = KNOWLEDGE / relative
    body = path.read_text(encoding="utf-8").split("---", 2)[2]
    for section in re.split(r"\n(?=## )", body):
        first = section.strip().splitlines()[0]
        if heading in first:
            title = re.search(r"^title:\s*(.+)$", path.read_text(encoding="utf-8"), re.M).group(1).strip()
            return Context(rank=rank, source=relative, section=first.lstrip("# ").strip(), text=section.strip(),
                           score=0.85, title=title, doc_type="guidance")
    raise AssertionError(f"{relative}: no section {heading!r}")


@pytest.fixture(scope="session")
def problem_contexts() -> list:
    """Three ranked passages from knowledge/guidance/common-problems.md."""
    return [
        section_context(1, "guidance/common-problems.md", "沟通不畅"),
        section_context(2, "guidance/common-problems.md", "职责不清"),
        section_context(3, "guidance/common-problems.md", "需求变更"),
    ]


@pytest.fixture(scope="session")
def policy_context() -> object:
    from assistant.types import Context

    return Context(rank=1, source="policies/meetings.md", section="第三章 会议组织 > 第十二条", text=POLICY_TEXT,
                   score=0.86, title="跨部门会议管理规定（示例）", doc_type="policy", clause="第十二条")


@pytest.fixture(scope="session")
def local_settings(make_settings: Callable[..., object], tmp_path_factory: pytest.TempPathFactory):
    """Settings with llm=local whose model_dir holds the bundled GGUF, joined and verified once per session."""
    from assistant.local_model import ensure_model

    settings = make_settings(tmp_path_factory.mktemp("local-llm"), llm="local", llm_timeout=300.0)
    ensure_model(settings.model_dir)
    return settings


@pytest.fixture(scope="session")
def local_model_path(local_settings) -> Path:
    from assistant.local_model import MODEL_FILENAME

    return local_settings.model_dir / MODEL_FILENAME


@pytest.fixture(scope="module")
def local_composer(local_settings):
    """An ``AnswerComposer`` on the real local model (short answers), warmed up once per test module."""
    from assistant.generation import make_composer

    composer = make_composer(local_settings, "local", max_tokens=160)
    composer.warm_up()
    return composer


@pytest.fixture(scope="module")
def advisor(kb_settings, kb_store, embeddings, tmp_path_factory):
    """The extractive advisor over the shipped knowledge base, one per test module (its own refusal log); a module
    that needs another advisor defines its own ``advisor``."""
    from assistant.advisor import Advisor
    from assistant.generation import make_composer
    from assistant.refusal import RefusalLog
    from assistant.retrieval import HybridRetriever

    retriever = HybridRetriever.from_settings(kb_settings, store=kb_store, embeddings=embeddings)
    return Advisor(kb_settings, retriever, make_composer(kb_settings, "extractive"),
                   refusal_log=RefusalLog(tmp_path_factory.mktemp("state") / "app.sqlite3"))
