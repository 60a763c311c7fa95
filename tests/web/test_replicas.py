"""Two ``advisor web`` processes (replicas A and B) on one PostgreSQL and one ``chroma run``, driven by
gradio_client: an upload through A is answered on B, a conversation started on A is listed on B, and
feedback and refusals from both land in the one database."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from gradio_client import Client, handle_file
from loopback import background_server, free_port

REPO = Path(__file__).resolve().parents[2]
CHROMA = Path(sys.executable).with_name("chroma")
PASSWORDS = {"admin": "admin-pw-1", "hr": "hr-pw-2"}
UPLOAD = ("---\ntitle: 数据看板管理办法（示例）\ntype: policy\ndepartment: 运营数据部\n---\n\n# 数据看板管理办法（示例）\n\n"
          "## 第一条\n\n跨部门数据看板由运营数据部统一维护，看板指标口径每季度第一个周三复核一次，复核结论抄送各部门负责人。\n")
UPLOAD_QUESTION = "跨部门数据看板的指标口径多久复核一次？"


def write_users(path: Path) -> Path:
    from web.auth import hash_password

    lines = ["users:"]
    for name, (dept, roles) in {"admin": ("总经理办公室", "[admin]"), "hr": ("人力资源部", "[manager]")}.items():
        lines += [f"  {name}:", f"    department: {dept}", f"    roles: {roles}",
                  f'    password_hash: "{hash_password(PASSWORDS[name])}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cluster(postgres, tmp_path_factory):
    """PostgreSQL database + ``chroma run`` + replicas A and B (started one after the other, as a rollout would)."""
    root = tmp_path_factory.mktemp("replicas")
    database = postgres.create_database("replicas")
    knowledge = root / "knowledge"  # the one knowledge folder both replicas mount (uploads land here)
    for source in ("policies/meetings.md", "guidance/meeting-playbook.md"):
        (knowledge / source).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "knowledge" / source, knowledge / source)
    users = write_users(root / "users.yaml")
    chroma_port = free_port()
    chroma = [str(CHROMA), "run", "--path", str(root / "chroma"), "--host", "127.0.0.1", "--port", str(chroma_port)]
    chroma_url = f"http://127.0.0.1:{chroma_port}"
    with background_server(chroma, f"{chroma_url}/api/v2/heartbeat", root / "chroma.log", timeout=60):
        server_a, url_a = _replica(root, "a", database, chroma_url, knowledge, users)
        with server_a as proc_a:
            server_b, url_b = _replica(root, "b", database, chroma_url, knowledge, users)
            with server_b as proc_b:
                yield {"a": url_a, "b": url_b, "database": database, "root": root, "procs": {url_a: proc_a, url_b: proc_b}}


def _replica(root: Path, name: str, database: str, chroma_url: str, knowledge: Path, users: Path):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", "ADVISOR_DATA_DIR": str(root / f"data-{name}"),
           "ADVISOR_KNOWLEDGE_DIR": str(knowledge), "ADVISOR_DATABASE_URL": database, "ADVISOR_CHROMA_URL": chroma_url,
           "ADVISOR_LLM": "extractive", "ADVISOR_USERS_FILE": str(users), "ADVISOR_PORT": str(port)}
    cmd = [sys.executable, "-c", "from advisor_cli import app; app()", "web"]
    return background_server(cmd, f"http://127.0.0.1:{port}/", root / f"replica-{name}.log", timeout=300, env=env), \
        f"http://127.0.0.1:{port}/"


def client(url: str, user: str) -> Client:
    return Client(url, auth=(user, PASSWORDS[user]), verbose=False)


def test_two_replicas_share_documents_conversations_feedback_and_refusals(cluster, tmp_path):
    from state.refusals import RefusalLog
    from web.feedback import FeedbackStore

    a_admin, a_hr, b_hr, b_admin = (client(cluster["a"], "admin"), client(cluster["a"], "hr"),
                                    client(cluster["b"], "hr"), client(cluster["b"], "admin"))

    # a document uploaded through A is answered from on B
    doc = tmp_path / "dashboard.md"
    doc.write_text(UPLOAD, encoding="utf-8")
    report = a_admin.predict(files=[handle_file(str(doc))], api_name="/upload")
    assert "dashboard.md" in str(report[0]), report[0]
    assert "uploads/dashboard.md" in {row[-1] for row in b_hr.predict(api_name="/documents")["data"]}
    # B's keyword index follows the shared store within a few seconds (its own data dir never saw the sync)
    from ingest.keyword_index import KeywordIndex
    from ingest.settings import Settings

    b_settings = Settings(_env_file=None, data_dir=cluster["root"] / "data-b")
    deadline = time.monotonic() + 15
    while True:
        index = KeywordIndex.load(b_settings)
        hits = [index.chunk(cid).metadata["source"] for cid, _ in index.search("数据看板 口径 复核", 3)] if index else []
        if "uploads/dashboard.md" in hits:
            break
        assert time.monotonic() < deadline, f"replica B's keyword index did not pick up the upload: {hits}"
        time.sleep(0.5)

    answer = b_hr.predict(question=UPLOAD_QUESTION, api_name="/ask")
    assert not answer["refused"] and "uploads/dashboard.md" in {c["source"] for c in answer["citations"]}, [(c["source"], c["score"]) for c in answer["contexts"]]
    assert "第一个周三" in answer["answer"]

    # a conversation started on A is listed on B, and continues there with its history
    first = a_hr.predict(question="跨部门会议纪要应在多长时间内发出？", api_name="/chat")
    cid = first["conversation_id"]
    assert cid and not first["refused"]
    listed = b_hr.predict(api_name="/conversations")
    assert [c["id"] for c in listed] == [cid] and listed[0]["turns"] == 1
    follow = b_hr.predict(question="有异议怎么办？", conversation_id=cid, api_name="/chat")
    assert follow["conversation_id"] == cid and follow["standalone_question"], follow
    assert a_hr.predict(api_name="/conversations")[0]["turns"] == 2

    # feedback from both replicas, refusals from both replicas: one place
    a_hr.predict(conversation_id=cid, turn=0, rating="up", api_name="/feedback")
    b_hr.predict(conversation_id=cid, turn=1, rating="down", comment="太笼统", api_name="/feedback")
    for c, question in ((a_hr, "红烧肉怎么做才好吃？"), (b_hr, "红烧肉怎么做才好吃")):
        assert c.predict(question=question, api_name="/ask")["refused"]
    refusals = b_admin.predict(api_name="/refusals")
    rows = refusals["data"] if isinstance(refusals, dict) else refusals
    assert [r[1] for r in rows if r[0].startswith("红烧肉")] == [2], rows

    items = FeedbackStore(cluster["database"]).items()
    assert [(i.rating, i.comment) for i in items] == [("up", ""), ("down", "太笼统")]
    assert [s.count for s in RefusalLog(cluster["database"]).frequent()] == [2]


def test_nginx_ip_hash_in_front_of_both_replicas_survives_one_dying(cluster, tmp_path):
    """deploy/nginx-advisor.conf (ports swapped for the test's): sticky login and answers through nginx;
    kill the replica nginx chose, and the client, after logging in again, carries on on the other one."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is missing — run `make system-deps` (installs Debian's nginx)"
    port = free_port()
    ports = {url: url.rstrip("/").rsplit(":", 1)[1] for url in (cluster["a"], cluster["b"])}
    site = (REPO / "deploy" / "nginx-advisor.conf").read_text(encoding="utf-8")
    site = (site.replace("127.0.0.1:7861", f"127.0.0.1:{ports[cluster['a']]}")
            .replace("127.0.0.1:7862", f"127.0.0.1:{ports[cluster['b']]}").replace("listen 8080;", f"listen 127.0.0.1:{port};"))
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    temp = {name: tmp_path / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for folder in temp.values():
        folder.mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "") +
        f"daemon off;\nworker_processes 1;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events { worker_connections 256; }\n"
        "http {\n  log_format up '$request_uri $upstream_addr $status';\n"
        f"  access_log {tmp_path}/access.log up;\n"
        + "".join(f"  {name}_temp_path {folder};\n" for name, folder in
                  (("client_body", temp["body"]), ("proxy", temp["proxy"]), ("fastcgi", temp["fastcgi"]),
                   ("uwsgi", temp["uwsgi"]), ("scgi", temp["scgi"])))
        + f"  include {tmp_path}/site.conf;\n}}\n", encoding="utf-8")
    url = f"http://127.0.0.1:{port}/"
    with background_server([nginx, "-c", str(conf), "-p", str(tmp_path)], url, tmp_path / "nginx.log", timeout=30):
        hr = client(url, "hr")
        first = hr.predict(question="跨部门会议纪要应在多长时间内发出？", api_name="/chat")
        assert not first["refused"] and first["citations"]
        upstreams = {line.split()[1] for line in (tmp_path / "access.log").read_text().splitlines() if len(line.split()) > 1}
        assert len(upstreams) == 1, f"ip_hash must pin this client to one replica, saw {upstreams}"
        chosen = next(u for u in cluster["procs"] if u.rstrip("/").endswith(upstreams.pop()))

        cluster["procs"][chosen].kill()  # the replica dies
        cluster["procs"][chosen].wait(timeout=30)
        again = client(url, "hr")  # the page reloads: log in again, now served by the survivor
        listed = {c["id"] for c in again.predict(api_name="/conversations")}
        assert first["conversation_id"] in listed, "history lives in PostgreSQL: it survives the replica"
        assert not again.predict(question="跨部门例会多久开一次？", api_name="/ask")["refused"]
