"""The served app driven by gradio_client: login, streaming answers with citations, access rules, admin guard, uploads."""

from __future__ import annotations

import pytest
from gradio_client import Client, handle_file

RESTRICTED_SOURCE = "policies/performance-collaboration.md"  # access: [人力资源部, role:manager]
RESTRICTED_QUESTION = "协作绩效在部门负责人年度KPI中的权重是多少？"


def test_login_is_required(web_server):
    with pytest.raises(Exception):
        Client(web_server.url, auth=("hr", "wrong-password"), verbose=False)
    with pytest.raises(Exception):
        Client(web_server.url, verbose=False).predict(question="你好", api_name="/ask")


def test_ask_streams_and_cites(web_server):
    job = web_server.client("hr").submit(question="跨部门会议纪要应在多长时间内发出？", api_name="/ask")
    updates = list(job)
    final = job.result()
    assert updates, "the /ask endpoint streams updates"
    first = updates[0]
    assert first["done"] is False and first["answer"] == "" and first["evidence"], "evidence comes before any advice"
    assert all({"n", "source", "title", "section", "sentence"} == set(e) for e in first["evidence"])
    assert final["done"] is True and not final["refused"]
    assert final["evidence"] == first["evidence"]
    assert final["llm"] == "extractive"
    assert final["citations"], final
    cited = {c["source"] for c in final["citations"]}
    assert "policies/meetings.md" in cited or "guidance/meeting-playbook.md" in cited
    for c in final["citations"]:
        assert f"[{c['n']}]" in final["answer"] and c["title"] and c["text"]
    assert {"retrieval", "generation", "total"} <= set(final["latency_ms"])


def test_follow_up_uses_history(web_server):
    client = web_server.client("hr")
    history = [
        {"role": "user", "content": "跨部门会议纪要应在多长时间内发出？"},
        {"role": "assistant", "content": "会后24小时内发出纪要。[1]"},
    ]
    final = client.predict(question="有异议怎么办？", history=history, api_name="/ask")
    assert final["done"] and final["standalone_question"], final


def test_restricted_policy_hidden_from_other_departments(web_server):
    sales, hr = web_server.client("sales"), web_server.client("hr")

    denied = sales.predict(question=RESTRICTED_QUESTION, api_name="/ask")
    sources = {c["source"] for c in denied["citations"]} | {c["source"] for c in denied["contexts"]}
    assert RESTRICTED_SOURCE not in sources
    assert "20%" not in denied["answer"]

    assert RESTRICTED_SOURCE not in {r["source"] for r in sales.predict(query=RESTRICTED_QUESTION, k=10, api_name="/search")}
    assert RESTRICTED_SOURCE not in {row[-1] for row in sales.predict(api_name="/documents")["data"]}

    allowed = hr.predict(question=RESTRICTED_QUESTION, api_name="/ask")
    assert RESTRICTED_SOURCE in {c["source"] for c in allowed["citations"]}
    assert RESTRICTED_SOURCE in {row[-1] for row in hr.predict(api_name="/documents")["data"]}


def test_filters_restrict_document_type(web_server):
    final = web_server.client("hr").predict(
        question="跨部门会议纪要应在多长时间内发出？", doc_types=["guidance"], api_name="/ask")
    assert final["contexts"] and all(c["source"].startswith("guidance/") for c in final["contexts"])


@pytest.mark.parametrize("endpoint,kwargs", [
    ("/upload", {"files": []}),
    ("/delete_document", {"source": "policies/meetings.md", "confirm": True}),
    ("/resync", {}),
    ("/refusals", {}),
    ("/admin_documents", {}),
    ("/export_feedback", {}),
    ("/learn_adapter", {}),
    ("/adapter_status", {}),
    ("/conflicts", {}),
])
def test_non_admin_cannot_reach_admin_endpoints(web_server, endpoint, kwargs):
    before = sorted(row[-1] for row in web_server.client("hr").predict(api_name="/documents")["data"])
    with pytest.raises(Exception, match="只有管理员"):
        web_server.client("sales").predict(**kwargs, api_name=endpoint)
    after = sorted(row[-1] for row in web_server.client("hr").predict(api_name="/documents")["data"])
    assert before == after


def test_admin_sees_guidance_figures_a_policy_sets_otherwise(web_server):
    table = web_server.client("admin").predict(api_name="/conflicts")
    rows = table["data"]
    assert len(rows) == 5, rows
    assert ["guidance/meeting-playbook.md 会后跟进", "两个工作日", "policies/meetings.md 第十五条", "次一工作日"] in [
        [r[0], r[2], r[3], r[5]] for r in rows]


def test_admin_upload_good_and_bad_file(web_server, tmp_path):
    admin = web_server.client("admin")
    uploads = web_server.settings.knowledge_dir / "uploads"
    good = tmp_path / "协作周报规范.md"
    good.write_text(
        "---\ntitle: 协作周报规范\ntype: guidance\ndepartment: 组织发展部\naccess: all\n---\n\n"
        "# 协作周报规范\n\n## 提交时间\n\n跨部门项目的协作周报应在每周五下午五点前提交给项目发起人，抄送各参与部门负责人。\n",
        encoding="utf-8",
    )
    bad = tmp_path / "损坏文件.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    evil = tmp_path / "evil.exe"
    evil.write_bytes(b"MZ")

    report, table, _choices, _files = admin.predict(
        files=[handle_file(str(good)), handle_file(str(bad)), handle_file(str(evil))], api_name="/upload")

    assert "成功 1 个，失败 2 个" in report
    assert "损坏文件.pdf" in report and "evil.exe" in report and "unsupported" in report
    sources = {row[0] for row in table["data"]}
    assert "uploads/协作周报规范.md" in sources
    assert not any("损坏文件" in s for s in sources)
    assert (uploads / "协作周报规范.md").is_file()
    assert not (uploads / "损坏文件.pdf").exists() and not (uploads / "evil.exe").exists()
    assert not [p for p in uploads.iterdir() if p.name.startswith(".")], "staging folder left behind"

    answer = web_server.client("sales").predict(question="跨部门项目的协作周报什么时候提交？", api_name="/ask")
    assert "uploads/协作周报规范.md" in {c["source"] for c in answer["citations"]}

    # delete it again: gone from the store and moved out of the knowledge folder
    message, table, _choices, _confirm = admin.predict(
        source="uploads/协作周报规范.md", confirm=True, api_name="/delete_document")
    assert "uploads/协作周报规范.md" not in {row[0] for row in table["data"]}
    assert not (uploads / "协作周报规范.md").exists()
    assert list((web_server.settings.data_dir / "deleted").rglob("协作周报规范.md"))


def test_upload_names_cannot_escape_the_upload_folder(web_server, tmp_path):
    """A hostile name is reduced to its base name inside knowledge/uploads."""
    from web.knowledge import sanitize_filename

    assert sanitize_filename("../../etc/passwd.md") == "passwd.md"
    assert sanitize_filename("..\\..\\x.md") == "x.md"
    assert sanitize_filename(".hidden.md") == "hidden.md"
    with pytest.raises(ValueError):
        sanitize_filename("..")


def test_refused_question_shows_in_admin_list(web_server):
    """Each refused question is listed once with the department whose business it is ("—": a gap of the store)."""
    questions = {"明天北京的天气怎么样？": "—", "员工辞职需要提前几天提交申请？": "人力资源部"}
    for question in questions:
        answer = web_server.client("sales").predict(question=question, api_name="/ask")
        assert answer["refused"] and not answer["citations"]
    rows = web_server.client("admin").predict(api_name="/refusals")["data"]
    assert {r[0]: r[-1] for r in rows if r[0] in questions} == questions


def test_chat_shows_evidence_before_the_advice(web_settings):
    """The chat handler's first update after retrieval is the evidence block; the advice follows below it."""
    from types import SimpleNamespace

    from assistant.advisor import Advisor
    from web.services import WebServices
    from web.ui import ChatHandlers

    svc = WebServices.build(web_settings, Advisor.from_settings(web_settings, llm="extractive"))
    handlers = ChatHandlers(svc)
    request = SimpleNamespace(username="hr", headers={}, session_hash="t", request=None)
    contents = [out[0].content for out in handlers.respond("会议纪要要在会后多长时间内发出？", [], [], [], None, request)
                if hasattr(out[0], "content")]
    evidence_at = next(i for i, c in enumerate(contents) if "依据" in str(c))
    advice_at = next(i for i, c in enumerate(contents) if "结论" in str(c))
    assert evidence_at < advice_at
    assert "依据" in str(contents[advice_at]) and str(contents[advice_at]).index("依据") < str(contents[advice_at]).index("结论")
