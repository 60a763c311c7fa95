"""A real web server on loopback over a copy of the shipped knowledge base (extractive backend), with login."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

PASSWORDS = {"admin": "admin-pw-1", "hr": "hr-pw-2", "sales": "sales-pw-3"}



from loopback import free_port


def write_users(path: Path) -> Path:
    """A users file: an administrator, an HR manager (may read the restricted policy), a sales clerk (may not)."""
    from web.auth import hash_password

    specs = {
        "admin": ("总经理办公室", ["admin"], "系统管理员"),
        "hr": ("人力资源部", ["manager"], "人力经理"),
        "sales": ("销售部", [], "销售专员"),
    }
    lines = ["users:"]
    for name, (dept, roles, display) in specs.items():
        lines += [
            f"  {name}:",
            f"    display_name: {display}",
            f"    department: {dept}",
            f"    roles: [{', '.join(roles)}]",
            f'    password_hash: "{hash_password(PASSWORDS[name])}"',
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class WebServer:
    url: str
    settings: object
    demo: object
    advisor: object

    def password(self, user: str) -> str:
        return PASSWORDS[user]

    def client(self, user: str):
        from gradio_client import Client

        return Client(self.url, auth=(user, PASSWORDS[user]), verbose=False)


@pytest.fixture(scope="session")
def web_settings(kb_settings, make_settings, tmp_path_factory):
    """Settings over a private copy of the synced store and of knowledge/ (uploads and deletes stay in the copy)."""
    root = tmp_path_factory.mktemp("web")
    data = root / "data"
    shutil.copytree(kb_settings.data_dir, data, ignore=shutil.ignore_patterns("app.sqlite3*", ".ingest.lock"))
    knowledge = root / "knowledge"
    shutil.copytree(kb_settings.knowledge_dir, knowledge, ignore=shutil.ignore_patterns("uploads"))
    users = write_users(root / "users.yaml")
    return make_settings(data, knowledge_dir=knowledge, users_file=users, port=free_port(), llm="extractive")


@pytest.fixture(scope="session")
def web_server(web_settings):
    """The real app (real Advisor, extractive backend) served on loopback for the whole session."""
    from assistant.advisor import Advisor
    from web.server import start

    advisor = Advisor.from_settings(web_settings, llm="extractive")
    demo = start(web_settings, advisor, sync=False, block=False)
    try:
        yield WebServer(url=demo.local_url, settings=web_settings, demo=demo, advisor=advisor)
    finally:
        demo.close()
