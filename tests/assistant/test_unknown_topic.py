"""A fact question about a thing the documents never name is refused; the same question is answered by a store
that names it.

"女员工休产假一共能休多少天？" asked of collaboration policies used to pass the score and coverage limits (its 员工 and
天 are covered, the meeting clause "遇法定节假日的，顺延…" scores in between) and was answered with a meeting time.
Real Chroma on temp dirs and the real bundled embedding model; the documents are invented for these tests.
"""

from __future__ import annotations

import pytest

from assistant.advisor import Advisor
from assistant.refusal import Evidence, RefusalThresholds, decide
from assistant.unknown_topic import asked_nouns, unknown_topic

from store_builders import extractive_advisor, policy_files, synced_store

MATERNITY = "女员工休产假一共能休多少天？"
MEETING = "跨部门例会一次最长能开多久？"

MEETINGS = {
    "policies/meetings.md": ("跨部门会议管理办法", [
        "**第五条** 跨部门例会每周二上午10:00召开，会议时长不超过90分钟；遇法定节假日的，顺延至节后第一个工作日召开。",
        "**第八条** 参会人员因故不能参会的，应于会前一日17:00前向总经理办公室请假并报告代会人员。",
        "**第十四条** 会议纪要须在会后24小时内通过协作平台发布，并抄送全体参会人员。",
    ]),
}
LEAVE = {
    "policies/leave.md": ("员工休假管理办法", [
        "**第六条** 女员工生育享受产假98天，其中产前可以休假15天；难产的，增加产假15天。",
        "**第七条** 员工请事假应提前1个工作日提交申请，由部门负责人审批。",
    ]),
}


def test_the_asked_nouns_are_those_of_what_a_fact_question_asks():
    assert "产假" in asked_nouns(MATERNITY)
    assert "酒店" in asked_nouns("出差住酒店有什么标准？")  # a standard asked: a fact question too
    # the attribute asked is not the topic: the passage may state it without the word (…人, 每晚500元)
    assert asked_nouns("出差住宿的标准是多少？") == ["住宿"]
    assert asked_nouns("陈明的籍贯是哪里？") == []
    # a story's setting is not what it asks: 代理商 is where the data went, 数据 what is asked about
    nouns = asked_nouns("市场部把我们给的客户名单转给了外部代理商，这批数据最少要保存几年？")
    assert "代理商" not in nouns and "数据" in nouns
    # what to do / whether it may be done: the nouns name the situation, not a thing asked about
    assert asked_nouns("我们部门的骨干被三个项目组拉去当核心成员，我该怎么办？") == []
    assert asked_nouns("专题协调会我去不了，可以派副手替我参加吗？") == []
    assert asked_nouns("How many days of maternity leave do we get?") == []


def test_a_word_only_jiebas_hmm_pass_glues_together_is_no_asked_noun():
    # "《远山》中演的谁": the HMM pass glues 中 + 演 into the rare dictionary word 中演 (tagged n); the store never
    # writes it, so it refused a question about a drama the store covers (tests/assistant/test_extractive_news_forms_store.py)
    assert asked_nouns("王芳在《远山》中演的谁") == []
    assert "产假" in asked_nouns("女员工休产假一共能休多少天？")  # a dictionary word of its own stays


def test_a_noun_the_store_never_uses_and_nothing_maps_is_unknown():
    text = "跨部门例会每周二召开；遇法定节假日的，顺延。员工请假须报告。"
    uses = text.__contains__
    assert unknown_topic(MATERNITY, uses, lambda w: False) == "产假"
    assert unknown_topic(MATERNITY, uses, lambda w: w == "产假") is None  # the synonyms file or glossary maps it
    assert unknown_topic(MATERNITY, (text + "产假").__contains__, lambda w: False) is None  # the store names it
    assert unknown_topic("例会遇到法定节假日几点开？", uses, lambda w: False) is None


def test_an_unknown_topic_is_judged_by_the_owner_limit():
    th = RefusalThresholds()
    between = (th.soft + th.owner) / 2  # passes the score limits, below the owner limit
    asked = decide(Evidence(best_dense=between, coverage=1.0, terms=(), unknown="产假"), th)
    assert asked.refused and asked.by_unknown and not asked.by_owner and "产假" in asked.reason
    assert not decide(Evidence(best_dense=between, coverage=1.0, terms=()), th).refused
    assert not decide(Evidence(best_dense=th.owner + 0.001, coverage=1.0, terms=(), unknown="产假"), th).refused
    english = Evidence(best_dense=th.owner_en - 0.001, coverage=0.0, terms=(), english=True, unknown="产假")
    assert not decide(english, th).refused  # English questions keep their own limits


def _advisor(make_settings, embeddings, tmp_path_factory, name: str, files: dict) -> tuple:
    root = tmp_path_factory.mktemp(name)
    settings = make_settings(root / "data", knowledge_dir=root / "kb")
    store = synced_store(settings, embeddings, root / "kb", policy_files("人力资源部", files))
    return settings, store, root


@pytest.fixture(scope="module")
def stores(make_settings, embeddings, tmp_path_factory):
    return (_advisor(make_settings, embeddings, tmp_path_factory, "collab", MEETINGS),
            _advisor(make_settings, embeddings, tmp_path_factory, "leave", {**MEETINGS, **LEAVE}))


def _around(advisor: Advisor, questions: tuple[str, ...]) -> RefusalThresholds:
    """Limits set around this store's scores: every question above the score limits and below the owner limit."""
    dense = [advisor.retriever.search(q).best_dense for q in questions]
    low = min(dense) - 0.02
    return RefusalThresholds(hard=low, soft=low, owner=max(dense) + 0.01)


def test_maternity_leave_is_refused_by_meeting_rules_and_answered_by_leave_rules(stores, embeddings):
    (settings, store, root), (leave_settings, leave_store, leave_root) = stores
    probe = extractive_advisor(settings, store, embeddings, root / "probe.sqlite3")
    th = _around(probe, (MATERNITY, MEETING))
    advisor = extractive_advisor(settings, store, embeddings, root / "refusals.sqlite3", thresholds=th)
    refused = advisor.ask(MATERNITY)
    assert refused.refused, refused.answer
    assert "知识库中没有能回答这个问题的内容" in refused.answer and "节假日" not in refused.answer
    meeting = advisor.ask(MEETING)  # a fact question about what the store names, same limits
    assert not meeting.refused and "90分钟" in meeting.answer

    leave_probe = extractive_advisor(leave_settings, leave_store, embeddings, leave_root / "probe.sqlite3")
    leave = extractive_advisor(leave_settings, leave_store, embeddings, leave_root / "refusals.sqlite3",
                               thresholds=_around(leave_probe, (MATERNITY, MEETING)))
    answered = leave.ask(MATERNITY)
    assert not answered.refused and "98天" in answered.answer

