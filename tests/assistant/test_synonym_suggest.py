"""``advisor synonyms suggest``: synonyms lines mined from the questions users asked, and ``--write``.

A cold-chain carrier's policies (invented) say 扣减 / 泄露 / 留痕 where its managers ask 减掉 / 泄出去 / 留底.
Real Chroma on a temp dir, the real bundled embedding model. Every CLI call names a synonyms file under the
test's temp dir (the default would be the shipped ``knowledge/synonyms.txt``).
"""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from assistant.asked_questions import QuestionFileError, from_file, recorded_questions
from assistant.refusal import RefusalLog
from assistant.store_glossary import build_for
from assistant.synonym_suggest import (PassageShare, chance_in_context, is_noun, phrase_of, retrieved_contexts,
                                       suggest, unused_words, weigh)
from assistant.synonyms import SynonymsError, load, parse
from assistant.synonyms_edit import append_rules

from store_builders import policy_files, retriever_of, synced_store

FILES = {
    "policies/temperature.md": ("冷链温控管理办法", [
        "**第三条** 冷藏车出车前，司机应检查制冷机组，确认车厢温度在2至8摄氏度之间。",
        "**第四条** 运输途中温度超出范围未及时处置的，每次扣减司机当月绩效5分。",
        "**第五条** 温度记录仪的数据须全程留痕，由调度中心保存不少于2年。",
        "**第六条** 制冷机组发生故障的，司机应在15分钟内报告调度中心。",
    ]),
    "policies/customers.md": ("客户信息保密规定", [
        "**第三条** 客户的收货地址、联系电话属于内部信息，仅限业务需要时使用。",
        "**第四条** 员工将客户信息泄露给第三方的，公司可以解除劳动合同。",
        "**第五条** 客户信息的查询须经部门负责人审批，审批记录保存3年。",
    ]),
}
ASKED = ["司机没看住温度，绩效要被减掉几分？", "冷藏车温度超了，司机绩效会减掉多少？", "手下把客户电话泄出去了怎么办？"]


@pytest.fixture(scope="module")
def carrier(make_settings, embeddings, tmp_path_factory):
    """Settings and the synced store of the carrier's policies."""
    root = tmp_path_factory.mktemp("carrier")
    settings = make_settings(root / "data", knowledge_dir=root / "kb")
    store = synced_store(settings, embeddings, root / "kb", policy_files("运营部", FILES))
    return settings, store


@pytest.fixture(scope="module")
def mined(carrier, embeddings):
    """(glossary, contexts) of the carrier's store for the asked questions."""
    settings, store = carrier
    glossary = build_for(store, embeddings)
    return glossary, retrieved_contexts(ASKED, retriever_of(settings, store, embeddings))


def _run(*args: str):
    from advisor_cli import app

    return CliRunner().invoke(app, ["synonyms", "suggest", *args])


def test_an_everyday_word_is_mapped_to_the_documents_word_its_passages_hold(mined):
    glossary, contexts = mined
    lines = {s.word: s for s in suggest(ASKED, glossary, contexts)}
    assert lines["减掉"].line == "减掉 => 扣减"
    assert len(lines["减掉"].questions) == 2  # asked twice: more evidence
    assert lines["泄出去"].line == "泄出去 => 泄露"
    assert lines["减掉"].score > lines["泄出去"].score


def test_words_the_documents_use_or_the_file_maps_are_not_suggested(mined):
    glossary, contexts = mined
    assert "绩效" not in unused_words(ASKED[0], glossary)  # the policies say 绩效
    covered = parse("减掉, 减分 => 扣分\n")
    words = {s.word for s in suggest(ASKED, glossary, contexts, covered)}
    assert "减掉" not in words and "泄出去" in words


def test_a_candidate_the_questions_passages_do_not_hold_is_no_evidence(mined):
    glossary, _contexts = mined
    assert suggest(ASKED, glossary, {q: "" for q in ASKED}) == []


def test_write_creates_the_missing_file_with_a_dated_comment(carrier, tmp_path):
    settings, _store = carrier
    questions = tmp_path / "asked.jsonl"
    questions.write_text("".join(json.dumps({"id": str(i), "question": q}, ensure_ascii=False) + "\n"
                                 for i, q in enumerate(ASKED)), encoding="utf-8")
    target = tmp_path / "new" / "synonyms.txt"
    result = _run("--from", str(questions), "--data-dir", str(settings.data_dir), "--synonyms", str(target),
                  "--min-score", "0", "--write")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# ") and "advisor synonyms suggest" in text.splitlines()[0]
    assert "减掉 => 扣减" in text.splitlines()
    assert load(target).expansions("绩效要被减掉几分") == ["扣减"]
    assert not [p for p in target.parent.iterdir() if p.name != "synonyms.txt"]  # no temporary file left


def test_write_appends_after_the_owners_lines_and_skips_what_they_map(carrier, tmp_path):
    settings, _store = carrier
    questions = tmp_path / "asked.txt"
    questions.write_text("# 上月的问题\n" + "\n".join(ASKED) + "\n", encoding="utf-8")
    target = tmp_path / "synonyms.txt"
    target.write_text("泄出去, 漏出去 => 泄露", encoding="utf-8")  # no final newline
    result = _run("--from", str(questions), "--data-dir", str(settings.data_dir), "--synonyms", str(target),
                  "--min-score", "0", "--write")
    assert result.exit_code == 0, result.output
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "泄出去, 漏出去 => 泄露" and lines[1] == ""
    assert "减掉 => 扣减" in lines and not any(line.startswith("泄出去 =>") for line in lines[1:])


def test_suggest_reads_the_refusal_log_without_a_questions_file(carrier, tmp_path):
    settings, _store = carrier
    log = RefusalLog(settings.state_db)
    for question in ASKED[:2]:
        log.record(question, "wang", 0.85)
    assert [q.text for q in recorded_questions(settings)] == ASKED[:2]
    result = _run("--data-dir", str(settings.data_dir), "--synonyms", str(tmp_path / "synonyms.txt"), "--json")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert rows[0]["line"] == "减掉 => 扣减" and len(rows[0]["questions"]) == 2


def test_a_broken_synonyms_file_is_never_appended_to(carrier, tmp_path):
    settings, _store = carrier
    questions = tmp_path / "asked.txt"
    questions.write_text("\n".join(ASKED), encoding="utf-8")
    target = tmp_path / "synonyms.txt"
    broken = "泄出去 => 泄露\n减掉, , 扣掉 => 扣减\n"
    target.write_text(broken, encoding="utf-8")
    result = _run("--from", str(questions), "--data-dir", str(settings.data_dir), "--synonyms", str(target), "--write")
    assert result.exit_code == 2
    assert f"{target}:2:" in result.output.replace("\n", "")
    assert target.read_text(encoding="utf-8") == broken


@pytest.mark.parametrize("content, why", [
    ("", "no such questions file"),
    ('{"question": "减掉几分？"}\n{"question": \n', "asked.jsonl:2: not a JSON object"),
    ('{"id": "a"}\n', "asked.jsonl:1: no \"question\" text"),
])
def test_a_bad_questions_file_is_an_error_naming_it(carrier, tmp_path, content, why):
    settings, _store = carrier
    path = tmp_path / "asked.jsonl"
    if content:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(QuestionFileError, match=why):
        from_file(path)
    result = _run("--from", str(path), "--data-dir", str(settings.data_dir), "--synonyms", str(tmp_path / "s.txt"))
    assert result.exit_code == 2 and why in result.output.replace("\n", "")


def test_append_rules_refuses_a_malformed_line_and_leaves_the_file_as_it_was(tmp_path):
    target = tmp_path / "synonyms.txt"
    target.write_text("泄出去 => 泄露\n", encoding="utf-8")
    for lines in (["减掉 =>"], ["减掉 => 扣减\n留底"], ["留底"]):
        with pytest.raises(SynonymsError, match="synonyms.txt"):
            append_rules(target, lines, "2026-12-01 test")
        assert target.read_text(encoding="utf-8") == "泄出去 => 泄露\n"


def test_an_interrupted_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "synonyms.txt"
    target.write_text("泄出去 => 泄露\n", encoding="utf-8")

    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        append_rules(target, ["减掉 => 扣减"], "2026-12-01 test")
    assert target.read_text(encoding="utf-8") == "泄出去 => 泄露\n"
    assert [p.name for p in tmp_path.iterdir()] == ["synonyms.txt"]
    monkeypatch.undo()
    table = append_rules(target, ["减掉 => 扣减"], "2026-12-01 test")
    assert table.expansions("减掉几分") == ["扣减"] and load(target).expansions("泄出去了") == ["泄露"]


FIRED = "手下把客户地址泄出去了，公司能不能直接把他辞退？"


def test_a_mined_term_is_extended_to_the_phrase_its_passages_write(carrier, mined, embeddings):
    """辞退 => 解除劳动合同 (the clause's phrase: 劳动合同 only ever follows 解除), but 减掉 => 扣减, not 扣减司机: 司机
    is said all over the documents, so it is not part of 扣减's phrase."""
    settings, store = carrier
    glossary, contexts = mined
    passages = [d.page_content for d in store.get_chunks()]
    asked = [*ASKED, FIRED]
    contexts = {**contexts, **retrieved_contexts([FIRED], retriever_of(settings, store, embeddings))}
    lines = {s.word: s.line for s in suggest(asked, glossary, contexts, passages=passages)}
    assert lines["辞退"] == "辞退 => 解除劳动合同"
    assert lines["减掉"] == "减掉 => 扣减"


def test_phrase_of_needs_one_bound_content_word_after_every_use():
    documents = ("项目组成员应优先服从项目经理的安排。优先级冲突时报分管领导。泄露事件应在1小时内报告。泄露后果严重的，"
                 "解除劳动合同。每次扣减司机当月绩效5分。司机应检查车厢。司机应报告调度。")
    assert phrase_of("优先", ["项目组成员应优先服从项目经理的安排。"], documents) == "优先服从"
    assert phrase_of("解除", ["泄露后果严重的，解除劳动合同。"], documents) == "解除劳动合同"
    assert phrase_of("泄露", ["泄露事件应在1小时内报告。", "泄露后果严重的，解除劳动合同。"], documents) == "泄露"
    assert phrase_of("扣减", ["每次扣减司机当月绩效5分。"], documents) == "扣减"  # 司机 is said everywhere
    assert phrase_of("扣减", ["扣减3分。"], documents) == "扣减"  # a number follows: no phrase
    assert phrase_of("优先", ["优先级冲突时报分管领导。"], documents) == "优先"  # 优先级 is another word


def test_a_term_most_passages_hold_is_weak_evidence():
    """工资 => 工作 (in nearly every passage, so in any question's passages) loses to a rarer term of the same
    similarity; with no store passages given, nothing is discounted."""
    share = PassageShare(["工作安排", "工作时间与绩效", "工作量", "薪酬结构", "加班"])
    assert share("工作") == 0.6 and share("薪酬") == 0.2
    assert chance_in_context(0.0) == 0.0 and chance_in_context(1.0) == 1.0
    chars = {"": 100, "工": 30}  # 工 is in many store terms: not a telling shared character
    ranked = weigh("工资", ["工资怎么算？"], [("工作", 0.95), ("薪酬", 0.95)], {"工资怎么算？": "工作 薪酬"}, chars, share)
    assert [e.term for e in ranked] == ["薪酬", "工作"] and ranked[0].value() > 2 * ranked[1].value()
    plain = weigh("工资", ["工资怎么算？"], [("工作", 0.95), ("薪酬", 0.95)], {"工资怎么算？": "工作 薪酬"}, chars)
    assert plain[0].value() == plain[1].value()


def test_a_shared_character_links_verbs_not_nouns():
    """减掉 / 扣减 share the act (减); 物流 / 流程 are two things built on one character: for a noun the shared
    character is no evidence."""
    assert is_noun("物流", ["物流那边的单子怎么对接？"]) and not is_noun("减掉", ["绩效要被减掉几分？"])
    chars = {"": 100, "流": 1, "减": 1}
    noun = weigh("物流", ["q"], [("流程", 0.937)], {"q": "流程"}, chars, noun=True)[0]
    verb = weigh("减掉", ["q"], [("扣减", 0.937)], {"q": "扣减"}, chars)[0]
    assert not noun.kin and verb.kin and verb.value() > noun.value()
