"""Build and serve the web app: ``build_app(settings, advisor=None)``, ``start(...)``, ``serve(settings)``."""

from __future__ import annotations

import logging
import sys

import gradio as gr

from assistant.advisor import Advisor
from ingest.settings import Settings
from web.auth import UserDirectory
from web.services import WebServices
from web.ui import CSS, build_blocks

log = logging.getLogger(__name__)

QUEUE_MAX_SIZE = 100
AUTH_MESSAGE = "协作顾问 · 请使用管理员分配的账号登录。"


def build_app(settings: Settings, advisor: Advisor | None = None) -> gr.Blocks:
    """The Gradio app with its queue configured (not launched). Opens the Advisor when not given."""
    demo = build_blocks(WebServices.build(settings, advisor))
    demo.queue(max_size=QUEUE_MAX_SIZE, default_concurrency_limit=2)
    return demo


def launch_options(settings: Settings) -> dict:
    """``launch()`` arguments: host/port, login (when a users file is configured), theme and CSS."""
    users = UserDirectory.open(settings.users_file)
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "auth": users.authenticate if users.login_required else None,
        "auth_message": AUTH_MESSAGE,
        "show_error": True,
        "theme": gr.themes.Soft(),
        "css": CSS,
        "footer_links": ["api"],
    }


def ensure_synced(settings: Settings, advisor: Advisor) -> None:
    """Bring the store in step with the knowledge folder before serving (cheap when nothing changed)."""
    from ingest.sync import SyncBusyError, Syncer

    if not settings.knowledge_dir.is_dir():
        log.warning("knowledge folder %s does not exist; serving the store as it is", settings.knowledge_dir)
        return
    try:
        report = Syncer(settings, advisor.store, advisor.retriever.embeddings).sync(settings.knowledge_dir, progress=True)
    except SyncBusyError as exc:  # another replica (or an ingest job) is syncing the shared store right now
        log.warning("not syncing at start: %s; serving the store as it is", exc)
        return
    if report.changed:
        print(f"知识库已同步：新增 {len(report.added)}，更新 {len(report.updated)}，删除 {len(report.removed)}", file=sys.stderr)
    for failure in report.failed:
        print(f"warning: {failure}", file=sys.stderr)


def follow_shared_store(settings: Settings, advisor: Advisor) -> None:
    """Replicas on a shared database: bring this host's keyword index up to date now, then keep it
    following the shared store (another replica's upload or sync) every two seconds."""
    from ingest.keyword_index import KeywordFollower, refresh_from_store
    from state.db import is_shared

    if not is_shared(settings):
        return  # single machine: the writer rebuilds the one keyword index itself
    index = refresh_from_store(settings, advisor.store)
    KeywordFollower(settings, advisor.store, index=index).start()


def start(settings: Settings, advisor: Advisor | None = None, *, sync: bool = True, block: bool = True) -> gr.Blocks:
    """Open the Advisor, sync the store, build and launch. ``block=False`` returns the running app
    (tests, benchmarks); its URL is ``demo.local_url``; stop it with ``demo.close()``.

    A bad users file fails here, before the (slow) model loading and sync."""
    UserDirectory.open(settings.users_file)
    advisor = advisor or Advisor.from_settings(settings)
    if sync:
        ensure_synced(settings, advisor)
    follow_shared_store(settings, advisor)
    if block:  # a real server: load models now, not on the first manager's question
        print("正在加载模型：嵌入模型、关键词索引" + ("、本地对话模型（首次运行需合并 1.1 GB 权重，约 10 秒；"
              "随后在独立进程中启动，约 5 秒）" if advisor.llm == "local" else "") + "…", file=sys.stderr, flush=True)
        advisor.warm_up(model=True)
        backend = getattr(advisor.composer, "backend", None)
        if backend is not None:
            print(f"对话模型就绪：{backend.status()}", file=sys.stderr, flush=True)
    demo = build_app(settings, advisor)
    demo.launch(prevent_thread_lock=not block, **launch_options(settings))
    return demo


def serve(settings: Settings) -> None:
    """``advisor web`` / ``python app.py``: serve until interrupted."""
    start(settings, block=True)
