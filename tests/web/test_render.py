"""What the chat shows for an answer: model line, sources with passages, refusal guidance; example questions."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.types import Answer, Citation, Context
from web.examples import example_questions
from web.render import answer_from_meta, answer_messages, answer_meta, backend_label
from web.ui import generation_limit, make_filters


def _answer(**kw) -> Answer:
    base = dict(
        question="会议纪要多久发出？", answer="会后24小时内发出纪要。[1]", refused=False, llm="local",
        citations=[Citation(1, "policies/meetings.md", "跨部门会议管理规定", "第十五条", "")],
        contexts=[Context(1, "policies/meetings.md", "第三章 > 第十五条", "纪要应在会后24小时内<发出>。", 0.9,
                          title="跨部门会议管理规定", clause="第十五条")],
        latency_ms={"retrieval": 40.0, "generation": 6800.0, "total": 6900.0, "first_token": 1300.0},
        warnings=["本地模型超时，已改用摘录模式"],
    )
    base.update(kw)
    return Answer(**base)


def test_answer_with_sources_and_model_line():
    body, sources = answer_messages(_answer())
    assert "会后24小时内" in body.content and "本地模型" in body.content and "6.9 秒" in body.content
    assert "首字 1.3 秒" in body.content and "已改用摘录模式" in body.content
    assert sources.metadata["title"].startswith("📚 参考来源（1")
    assert "<details>" in sources.content and "[1]" in sources.content and "第十五条" in sources.content
    assert "&lt;发出&gt;" in sources.content  # passage text from the matching context, escaped


def test_refusal_says_what_to_try():
    [only] = answer_messages(_answer(answer="知识库中没有相关内容。", refused=True, llm="none", citations=[]))
    assert "未在知识库中找到相关内容" in only.content and "筛选" in only.content


def test_meta_roundtrip():
    a = _answer()
    b = answer_from_meta(a.question, a.answer, answer_meta(a) | {"obsolete_field": 1})
    assert b == a


def test_labels_limits_filters():
    assert backend_label("openai:gpt-4o-mini").startswith("远程模型") and backend_label("extractive").startswith("摘录")
    assert generation_limit("local") == 1 and generation_limit("extractive") >= 1
    assert make_filters(["guidance", "policy"], []) is None
    assert make_filters(["policy"], ["人力资源部"]) == {"doc_type": ["policy"], "department": ["人力资源部"]}


def test_examples_skip_restricted_and_generic_headings():
    def chunk(source, section, access="all", doc_type="guidance", title="T"):
        return SimpleNamespace(metadata={"source": source, "section": section, "access": access,
                                         "doc_type": doc_type, "title": title})
    chunks = [
        chunk("guidance/a.md", "问题二：职责不清、互相推诿 > 解决步骤"),
        chunk("guidance/b.md", "案例一：某公司的做法"),
        chunk("policies/p.md", "第三章 会议组织 > 第十二条", doc_type="policy", title="会议管理规定（示例）"),
        chunk("policies/secret.md", "第二章 考核权重 > 第五条", access="|dept:人力资源部|", doc_type="policy", title="绩效细则"),
    ]
    qs = example_questions(chunks, limit=4)
    assert "跨部门协作中遇到职责不清、互相推诿，怎么办？" in qs
    assert "《会议管理规定》对会议组织有什么规定？" in qs
    assert not any("绩效" in q or "案例" in q for q in qs)
