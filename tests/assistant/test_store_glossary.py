"""A glossary built from the store's own documents, and yes/no verdicts found by meaning.

A logistics company's policies (not the shipped wording): they say 中止协助 / 核销 / 签批 where a manager
says 暂停配合 / 报销 / 签字. Real Chroma on a temp dir, the real bundled embedding model.
"""

from __future__ import annotations

import pytest

from assistant.advisor import Advisor
from assistant.everyday_words import formal_terms
from assistant.generation import make_composer
from assistant.question_types import yes_no
from assistant.refusal import RefusalLog, RefusalThresholds
from assistant.store_glossary import GlossarySource, StoreGlossary, build_for, glossary_path, vocabulary
from assistant.wording import question_wording

from store_builders import policy_files, retriever_of, synced_store

FILES = {
    "policies/handover.md": ("仓储与运输协同管理办法", [
        "**第三条** 仓储部负责货物的入库、保管和出库，运输部负责车辆调度和在途跟踪。",
        "**第四条** 运输部应在收到出库单后2小时内安排车辆，并在协同平台登记车辆信息。",
        "**第六条** 仓储部与运输部对交接责任有争议的，由任一方提交运营委员会裁定。",
        "**第七条** 争议提交运营委员会裁定期间，仓储部和运输部仍应履行各自职责，严禁以争议未决为由中止协助对方或拒绝交接货物。",
        "**第八条** 运营委员会应在受理争议后5个工作日内作出裁定，裁定经运营总监签批后生效。",
    ]),
    "policies/expense.md": ("费用核销规定", [
        "**第三条** 差旅费用由部门负责人签批后，于每月10日前提交财务部核销。",
        "**第五条** 单笔超过2万元的费用须经运营总监签批。",
        "**第六条** 逾期提交的费用单据，财务部不予核销。",
    ]),
    "policies/appraisal.md": ("员工考核规定", [
        "**第四条** 员工年度考核分为优秀、合格、不合格三档，考核结果由人力资源部汇总。",
        "**第五条** 年度考核为不合格的员工，当年不得晋升，并由直属上级制定改进计划。",
    ]),
    "policies/vehicles.md": ("车辆使用规定", [
        "**第二条** 车辆由运输部统一调度，其他部门用车应提前一个工作日在协同平台申请。",
        "**第五条** 驾驶员应在每次出车后填写行车记录，并于当日交回车钥匙。",
    ]),
}
YES_NO = "争议已经报上去了，我们仓储部能不能先暂停配合等裁定？"


@pytest.fixture(scope="module")
def corpus(make_settings, embeddings, tmp_path_factory):
    root = tmp_path_factory.mktemp("logistics") / "kb"
    settings = make_settings(root.parent / "data", knowledge_dir=root)
    files = policy_files("运营中心", FILES)
    store = synced_store(settings, embeddings, root, files)
    return settings, store, retriever_of(settings, store, embeddings)


@pytest.fixture(scope="module")
def glossary(corpus) -> StoreGlossary:
    _settings, store, retriever = corpus
    return build_for(store, retriever.embeddings)


def test_the_vocabulary_is_the_documents_own_words():
    terms = vocabulary(["争议期间严禁中止协助对方。", "费用提交财务部核销，核销后归档。"])
    assert terms[0] == "核销"  # most frequent first
    assert {"中止", "协助", "核销"} <= set(terms)
    assert not any(len(t) < 2 for t in terms)


def test_a_word_the_documents_never_use_maps_to_their_word(glossary):
    assert not glossary.uses("报销") and glossary.uses("核销")
    assert "核销" in glossary.formal_terms("差旅费报销要谁签字？")
    assert "签批" in glossary.formal_terms("差旅费报销要谁签字？")
    # a word the documents use is not mapped, nor a question word
    assert glossary.formal_terms("费用核销要谁签批？") == []
    # the hand-made table's failure phrases know only the shipped policies' words: they have nothing for these
    assert not {"核销", "签批"} & set(formal_terms("差旅费报销要谁签字？", slot=False))


def test_the_asked_action_finds_the_documents_words_by_meaning(glossary):
    wording = question_wording(YES_NO, glossary)
    assert "中止" in wording.related.get("暂停", [])
    assert "协助" in wording.related.get("配合", [])


def test_a_kin_word_of_the_same_meaning_joins_the_asked_action(glossary):
    """Word-to-word scores are compressed (a large store ranks many unrelated terms above 晋升 for 升职): a
    term sharing a character joins from the kin limit on, whatever its rank."""
    assert "晋升" not in glossary.neighbours("升职", 1, 0.99)
    assert "晋升" in glossary.neighbours("升职", 1, 0.99, kin_similarity=0.92)
    assert "人力资源部" not in glossary.neighbours("升职", 1, 0.99, kin_similarity=0.92)  # no shared character
    assert "晋升" in question_wording("年度考核不合格，今年还能升职吗？", glossary).related.get("升职", [])


def test_the_glossary_is_kept_with_the_store_and_follows_its_documents(corpus, glossary):
    _settings, store, retriever = corpus
    path = glossary_path(store)
    assert path.is_file()  # saved under the data dir, named by model and documents
    again = StoreGlossary.load(path, retriever.embeddings, "")
    assert again is not None and again.terms == glossary.terms
    assert (again.vectors == glossary.vectors).all()
    source = GlossarySource(retriever)
    assert source.current().terms == glossary.terms  # loaded, not rebuilt
    assert source.current() is source.current()  # once per generation


def test_yes_no_reads_the_verdict_of_a_clause_in_other_words():
    sentence = "争议提交运营委员会裁定期间，仓储部和运输部仍应履行各自职责，严禁以争议未决为由中止协助对方或拒绝交接货物。"
    related = {"暂停": ["中止", "停止"], "配合": ["协助", "支持"]}
    assert yes_no(YES_NO, sentence) is None  # shared characters alone: no verdict
    assert yes_no(YES_NO, sentence, related) == "no"
    # the related word must stand in the clause a modal governs, the other words after it in that clause
    other = "运营委员会应在受理争议后5个工作日内作出裁定；裁定需要协助落实的，由运输部中止原安排。"
    assert yes_no(YES_NO, other, related) is None


@pytest.fixture(scope="module")
def advisor(corpus) -> Advisor:
    settings, _store, retriever = corpus
    return Advisor(settings, retriever, make_composer(settings, "extractive"),
                   refusal_log=RefusalLog(settings.data_dir / "app.sqlite3"),
                   thresholds=RefusalThresholds(hard=0.0, soft=0.0, min_coverage=0.0, owner=0.0))


def test_the_forbidding_clause_answers_the_yes_no_question(advisor):
    first = advisor.ask(YES_NO, k=4).answer.splitlines()[0]
    assert first.startswith("结论：不可以。"), first
    assert "严禁以争议未决为由中止协助对方" in first


def test_a_verdict_in_the_documents_word_for_the_asked_verb(advisor):
    first = advisor.ask("年度考核不合格，今年还能升职吗？", k=4).answer.splitlines()[0]
    assert first.startswith("结论：不可以。"), first
    assert "不得晋升" in first


def test_a_question_without_a_verb_gets_no_invented_verdict():
    related = {"项目组": ["小组", "团队"], "核心成员": ["团队"]}
    assert yes_no("一个员工可以同时在三个项目组当核心成员吗？", "项目规模较大的，可下设若干小组，团队成员由项目经理指定。",
                  related) is None


def test_a_modal_is_never_a_word_of_the_same_meaning(embeddings):
    """jieba tags 应当 a verb and the bundled model puts it beside 应急: as a related word it let a yes/no verdict read
    "应当配备应急物资箱" as ruling on "能从附近门店匀一点过来应急吗" (lh-1-04, "可以。")."""
    glossary = StoreGlossary.build(["每家门店应当配备应急物资箱。", "门店应当在24小时内完成收货。",
                                    "发生突发事件的，门店启动应急响应并通知安全部。"], embeddings)
    assert "应当" in glossary.terms
    near = glossary.neighbours("应急", k=20, min_similarity=0.9)
    assert near and "应当" not in near
