"""A Markdown table's rows as answers: a cell is quoted with its row, and the row the question names by its key leads.

The loader writes each row as ``列名：值；列名：值`` (``ingest.loaders.table_text``); the composer ranks its cells as pieces
and quotes the whole row; word overlap cannot tell the row keyed B级 from a row whose criteria mention B级 (round 53:
the hengtai corpus's complaint grades).
"""

from __future__ import annotations

from pathlib import Path

from assistant.extractive import Sentence, compose_extractive
from assistant.table_rows import named_row_first, other_row, row_key
from assistant.types import Context
from ingest.chunking import chunk_document
from ingest.loaders import load_file

GRADES = """# 客户投诉处理办法

**第六条** 客户投诉分为三个等级，各等级的判定标准和处理时限如下：

| 等级 | 判定标准 | 首次响应客户 | 关闭时限 |
| --- | --- | --- | --- |
| A级（重大） | 导致客户停线、索赔金额超过20万元 | 2小时内 | 15个工作日 |
| B级（较大） | 批量不良、索赔金额5万元至20万元 | 8小时内 | 20个工作日 |
| C级（一般） | A级、B级以外的其他投诉，不涉及停线和索赔 | 1个工作日内 | 30个工作日 |

**第七条** 投诉关闭后1个月内，客户服务部应对客户进行回访。
"""


def _contexts(tmp_path: Path) -> list[Context]:
    path = tmp_path / "complaints.md"
    path.write_text(GRADES, encoding="utf-8")
    chunks = chunk_document(load_file(path, tmp_path), 400)
    return [Context(rank=i, source="complaints.md", section=c.metadata.get("section", ""), text=c.page_content,
                    score=1.0 / i, doc_type="policy", clause=c.metadata.get("clause", ""))
            for i, c in enumerate(chunks, 1)]


def test_a_rows_key_is_its_first_value(tmp_path):
    rows = [s for s in _contexts(tmp_path)[0].text.splitlines() if s.startswith("等级：")]
    assert [row_key(s) for s in rows] == ["A级", "B级", "C级"]
    assert row_key("服务方应在1个工作日内响应；紧急需求应在4小时内响应。") == ""


def test_the_row_the_question_names_leads_over_a_row_that_mentions_it(tmp_path):
    c_row, b_row = (Sentence(text=t, n=1, pos=i, is_step=False) for i, t in enumerate((
        "等级：C级（一般）；判定标准：A级、B级以外的其他投诉；关闭时限：30个工作日",
        "等级：B级（较大）；判定标准：批量不良；关闭时限：20个工作日")))
    clause = Sentence(text="第十八条 A级和B级投诉关闭后1个月内，客户服务部应对客户进行回访。", n=2, pos=0, is_step=False)
    assert [s for _x, s in named_row_first("B级投诉多久要关闭？", [(0.9, c_row), (0.8, b_row)])] == [b_row, c_row]
    assert [s for _x, s in named_row_first("C级投诉多久要关闭？", [(0.9, c_row), (0.8, b_row)])] == [c_row, b_row]
    assert [s for _x, s in named_row_first("B级投诉多久要关闭？", [(0.9, clause), (0.8, b_row)])] == [b_row, clause]
    assert [s for _x, s in named_row_first("投诉多久要关闭？", [(0.9, clause), (0.8, b_row)])] == [clause, b_row]
    assert other_row("B级投诉多久要关闭？", b_row, c_row) and not other_row("B级投诉多久要关闭？", c_row, b_row)


def test_the_answer_quotes_the_named_row_whole(tmp_path):
    first = compose_extractive("B级投诉从登记开始算，最多多长时间要关闭？", _contexts(tmp_path)).splitlines()[0]
    assert "等级：B级（较大）" in first and "20个工作日" in first and "30个工作日" not in first, first


def test_a_row_named_apart_leads_after_a_row_named_whole():
    general, larger = (Sentence(text=t, n=1, pos=i, is_step=False) for i, t in enumerate((
        "投诉等级：一般投诉；办结时限：3天内；牵头处理人：值班经理",
        "投诉等级：较大投诉；办结时限：5个工作日内；牵头处理人：店长")))
    ranked = [(0.9, general), (0.8, larger)]
    assert [s for _x, s in named_row_first("较大级别的投诉，最晚多久要办结？", ranked)] == [larger, general]
    assert [s for _x, s in named_row_first("一般投诉多久办结？较大的呢？", ranked)] == [general, larger]
    assert [s for _x, s in named_row_first("投诉最晚多久要办结？", ranked)] == [general, larger]


def test_an_approval_matrix_asked_by_its_approver_leads_with_that_row():
    """"…就得拿到院长办公会上去审？" names the 审批人 cell of one row (no key): that row leads; words every row says
    (单次费用) name none, and a lead that is no table row stands (round 56)."""
    rows = [Sentence(text=t, n=1, pos=i, is_step=False) for i, t in enumerate((
        "事项：紧急维修先修后批；金额/条件：限一级响应设备，单次费用不超过2万元；审批人：医学装备部主任电话同意",
        "事项：维修费用；金额/条件：单次费用2000元（含）至5万元（不含）；审批人：分管副院长",
        "事项：维修费用；金额/条件：单次费用5万元（含）以上；审批人：院长办公会审议"))]
    ranked = [(0.9 - 0.1 * i, s) for i, s in enumerate(rows)]
    assert [s for _x, s in named_row_first("修一台设备要花到多少钱，就得拿到院长办公会上去审？", ranked)][0] is rows[2]
    assert [s for _x, s in named_row_first("单次费用到多少要审批？", ranked)] == rows
    clause = Sentence(text="第三十四条 抢救时可以先修后批。", n=2, pos=0, is_step=False)
    assert [s for _x, s in named_row_first("拿到院长办公会上去审要多少钱？", [(0.9, clause), *ranked])][0] is clause
