"""A knowledge base's synonyms file (``assistant/synonyms.py``): its format, its errors, and the answers it changes.

A warehouse company's policies (not the shipped wording) say 故障 / 解除劳动合同 / 归档 where a manager says
趴窝 / 开掉 / 留底. Real Chroma on a temp dir, the real bundled embedding model; the synonyms file sits at the
root of the synced folder, as ``knowledge/synonyms.txt`` does.
"""

from __future__ import annotations

import pytest

from assistant.refusal import RefusalThresholds
from assistant.synonyms import EMPTY, SynonymSource, SynonymsError, load, parse
from ingest.loaders import discover

from store_builders import extractive_advisor, policy_files, synced_store, write_files

FILES = {
    "policies/equipment.md": ("仓储设备管理办法", [
        "**第三条** 叉车、货架和输送线由设备科统一管理，各仓库指定一名设备管理员负责日常点检。",
        "**第四条** 设备发生故障的，使用班组应在30分钟内报告设备科，由设备科安排维修。",
        "**第五条** 设备每月保养一次，保养记录由设备管理员填写并交设备科。",
        "**第六条** 设备报废须经设备科鉴定，报仓储总监审批后处置。",
        "**第七条** 新购设备投入使用前，须由设备科组织操作培训，培训合格的人员方可上岗操作。",
    ]),
    "policies/discipline.md": ("仓储作业纪律规定", [
        "**第三条** 作业人员应按排班表到岗，迟到超过15分钟的记为缺勤半天。",
        "**第四条** 严禁在库区吸烟或使用明火，违反者给予书面警告。",
        "**第五条** 私自将库存货物带出库区的，视情节给予警告、降级直至解除劳动合同处理。",
        "**第六条** 作业人员对处理决定有异议的，可在5个工作日内向人力资源部提出申诉。",
    ]),
    "policies/records.md": ("仓储单据管理规定", [
        "**第三条** 出入库单据由仓库管理员当日录入仓储系统。",
        "**第四条** 盘点差异超过千分之三的，由仓库主管写明原因后报财务部。",
        "**第五条** 纸质单据按月装订归档，保存期限不少于3年。",
    ]),
}
SYNONYMS = """\
# 仓储中心的同义词
趴窝, 罢工, 坏了 => 故障
开掉, 辞退 => 解除劳动合同
留底, 存档 => 归档
"""
BROKEN_DOWN = "叉车趴窝了，多长时间内要跟上面说？"
"""Answered by 第四条 of the equipment policy (30分钟) only when 趴窝 is searched as 故障."""
QUESTIONS = (BROKEN_DOWN, "有人把仓库的货偷偷拿回家，能直接开掉吗？", "纸质单子要留底多少年？")


@pytest.fixture(scope="module")
def warehouse(make_settings, embeddings, tmp_path_factory):
    """Settings, the synced store and the knowledge folder (no synonyms file yet)."""
    root = tmp_path_factory.mktemp("warehouse") / "kb"
    settings = make_settings(root.parent / "data", knowledge_dir=root)
    store = synced_store(settings, embeddings, root, policy_files("仓储中心", FILES))
    return settings, store, root


def _advisor(warehouse, embeddings, tmp_path, **thresholds: float):
    settings, store, _root = warehouse
    limits = RefusalThresholds(**({"hard": 0.0, "soft": 0.0} | thresholds))
    return extractive_advisor(settings, store, embeddings, refusals=tmp_path / "refusals.db", thresholds=limits)


@pytest.fixture()
def synonyms_file(warehouse):
    """The knowledge folder's synonyms file, written for one test and removed after it."""
    path = warehouse[2] / "synonyms.txt"
    path.write_text(SYNONYMS, encoding="utf-8")
    yield path
    path.unlink(missing_ok=True)


def test_the_format_reads_equivalent_and_one_way_lines_and_skips_comments():
    table = parse("# 注释\n\n泄露, 泄出去，外泄  # 行尾注释\n扛责任、背锅 => 第一责任人\n")
    assert table.expansions("资料泄出去了") == ["泄露", "外泄"]  # equivalent: every other word of the line
    assert table.expansions("资料泄露了") == ["泄出去", "外泄"]
    assert table.expansions("谁来扛责任？") == ["第一责任人"]
    assert table.expansions("第一责任人是谁？") == []  # one way: the right side does not expand
    assert table.expand("谁来扛责任？") == "谁来扛责任？ 第一责任人"
    assert table.rewrite("谁来扛责任？资料泄出去了") == "谁来第一责任人？资料泄露了"  # for a search of its own


def test_a_word_cut_out_of_the_middle_of_two_words_is_not_said():
    table = parse("算数, 作数 => 效力\n假期 => 法定节假日\n留几年 => 保存期限\n")
    assert table.said("协作数据那块要扣多少分？") == []  # 协作|数据: 作数 straddles two words
    assert table.said("病假期间工资怎么算？") == []  # 病假|期间
    assert table.said("内部文件最少得留几年？") == ["留几年"]  # 得留|几年: ends on a boundary
    assert table.said("改期没商量，这样作数吗？") == ["作数"]


@pytest.mark.parametrize("line, why", [
    ("泄露", "a single word"),
    ("泄露, , 外泄", "an empty word"),
    ("泄露, 外泄,", "an empty word"),
    ("扛责任 =>", "an empty word"),
    ("a => b => c", "more than one"),
])
def test_a_malformed_line_is_an_error_naming_the_file_and_the_line(tmp_path, line, why):
    path = tmp_path / "synonyms.txt"
    path.write_text(f"# 第一行是注释\n辞退 => 解除劳动合同\n{line}\n", encoding="utf-8")
    with pytest.raises(SynonymsError, match=why) as raised:
        load(path)
    assert f"{path}:3:" in str(raised.value)


def test_a_missing_or_empty_file_is_an_empty_table(tmp_path):
    assert load(tmp_path / "synonyms.txt") is EMPTY
    (tmp_path / "synonyms.txt").write_text("# 只有注释\n\n", encoding="utf-8")
    assert not load(tmp_path / "synonyms.txt")
    assert EMPTY.expand("叉车趴窝了") == "叉车趴窝了"


def test_the_source_rereads_an_edited_file_and_keeps_the_last_good_one_when_an_edit_breaks_it(tmp_path):
    path = tmp_path / "synonyms.txt"
    source = SynonymSource(path)
    assert not source.current()
    path.write_text("趴窝 => 故障\n", encoding="utf-8")
    assert source.current().expansions("叉车趴窝了") == ["故障"]
    path.write_text("趴窝 => 故障, 停机\n", encoding="utf-8")
    assert source.current().expansions("叉车趴窝了") == ["故障", "停机"]
    path.write_text("趴窝 => 故障, 停机\n坏了\n", encoding="utf-8")
    assert source.current().expansions("叉车趴窝了") == ["故障", "停机"]  # logged, last good kept
    with pytest.raises(SynonymsError, match="synonyms.txt:2:"):
        SynonymSource(path).current()  # a fresh start fails with the line


def test_the_synonyms_file_is_not_ingested_as_a_document(warehouse, synonyms_file):
    _settings, store, root = warehouse
    assert synonyms_file not in discover(root)
    assert all(d.source != "synonyms.txt" for d in store.documents())


def test_the_keyword_search_finds_the_documents_word_for_the_everyday_word(warehouse, embeddings, tmp_path,
                                                                           synonyms_file):
    settings, store, _root = warehouse
    with_file = _advisor(warehouse, embeddings, tmp_path).retriever
    found = with_file.search(BROKEN_DOWN, k=3, use_dense=False).hits
    assert found and "30分钟" in found[0].doc.page_content
    synonyms_file.unlink()
    without = with_file.search(BROKEN_DOWN, k=3, use_dense=False).hits
    assert not without or "30分钟" not in without[0].doc.page_content


def test_an_everyday_question_is_answered_from_the_documents_words(warehouse, embeddings, tmp_path, synonyms_file):
    advisor = _advisor(warehouse, embeddings, tmp_path)
    assert "30分钟" in advisor.ask(BROKEN_DOWN).answer.splitlines()[0]
    assert "解除劳动合同" in advisor.ask(QUESTIONS[1]).answer.splitlines()[0]


def test_without_the_file_the_everyday_question_misses(warehouse, embeddings, tmp_path):
    advisor = _advisor(warehouse, embeddings, tmp_path)
    assert "30分钟" not in advisor.ask(BROKEN_DOWN).answer.splitlines()[0]


def test_an_everyday_word_the_passages_say_in_their_words_is_not_refused(warehouse, embeddings, tmp_path,
                                                                         synonyms_file):
    advisor = _advisor(warehouse, embeddings, tmp_path, soft=1.0, min_coverage=0.9)  # coverage decides
    question = "叉车趴窝了要报告谁？"  # 叉车 趴窝 报告: 趴窝 is covered by 故障 of 第四条
    assert not advisor.ask(question).refused
    synonyms_file.unlink()
    assert advisor.ask(question).refused


def test_only_the_file_at_the_folders_root_is_skipped(tmp_path):
    write_files(tmp_path, {"synonyms.txt": "趴窝 => 故障\n", "policies/synonyms.txt": "一份名叫 synonyms 的文档。\n"})
    assert discover(tmp_path) == [tmp_path / "policies" / "synonyms.txt"]


def test_a_store_without_a_synonyms_file_searches_as_before(warehouse, embeddings, tmp_path):
    retriever = _advisor(warehouse, embeddings, tmp_path).retriever
    assert retriever.synonyms is not None and not retriever.synonyms.current()
    plain = retriever.model_copy(update={"synonyms": None})
    for question in QUESTIONS:
        got = [(h.doc.id, h.score) for h in retriever.search(question, k=5).hits]
        assert got == [(h.doc.id, h.score) for h in plain.search(question, k=5).hits]


def test_a_malformed_file_stops_the_advisor_at_start_naming_its_line(warehouse, embeddings, tmp_path):
    path = warehouse[2] / "synonyms.txt"
    path.write_text("趴窝 => 故障\n开掉, , 辞退 => 解除劳动合同\n", encoding="utf-8")
    try:
        with pytest.raises(SynonymsError, match="synonyms.txt:2: an empty word"):
            _advisor(warehouse, embeddings, tmp_path).ensure_ready()
    finally:
        path.unlink()


def test_advisor_ask_stops_with_exit_2_naming_the_line(warehouse, tmp_path, monkeypatch):
    import typer
    from typer.testing import CliRunner

    from assistant.cli import ask

    app = typer.Typer()
    app.command("ask")(ask)
    app.callback()(lambda: None)
    bad = tmp_path / "synonyms.txt"
    bad.write_text("趴窝 => 故障\n坏了\n", encoding="utf-8")
    monkeypatch.setenv("ADVISOR_SYNONYMS_FILE", str(bad))
    result = CliRunner().invoke(app, ["ask", "叉车趴窝了要报告谁？", "--llm", "extractive",
                                      "--data-dir", str(warehouse[0].data_dir)])
    assert result.exit_code == 2
    assert f"{bad}:2:" in result.output.replace("\n", "")
