"""Everything the web handlers share, built once per app: Advisor, users, history, feedback, admin."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from assistant.advisor import Advisor
from assistant.refusal import RefusalLog
from assistant.types import User
from ingest.settings import Settings
from web.auth import UserDirectory
from web.feedback import FeedbackStore
from web.history import HistoryStore
from web.knowledge import KnowledgeManager


@dataclass
class WebServices:
    settings: Settings
    advisor: Advisor
    users: UserDirectory
    history: HistoryStore
    feedback: FeedbackStore
    knowledge: KnowledgeManager
    refusals: RefusalLog

    @classmethod
    def build(cls, settings: Settings, advisor: Advisor | None = None) -> "WebServices":
        """Open everything from ``settings``; reuses the Advisor's store and embedding model for admin work."""
        from ingest.sync import Syncer

        users = UserDirectory.open(settings.users_file)
        advisor = advisor or Advisor.from_settings(settings)
        store, embeddings = advisor.store, advisor.retriever.embeddings
        return cls(
            settings=settings,
            advisor=advisor,
            users=users,
            history=HistoryStore.from_settings(settings),
            feedback=FeedbackStore.from_settings(settings),
            knowledge=KnowledgeManager(settings, store, Syncer(settings, store, embeddings)),
            refusals=RefusalLog.from_settings(settings),
        )

    # ----------------------------------------------------------- request identity

    @staticmethod
    def username(request: gr.Request | None) -> str | None:
        return getattr(request, "username", None) if request is not None else None

    def user(self, request: gr.Request | None) -> User | None:
        """The reader the Advisor filters by; raises ``gr.Error`` for a request without a known login."""
        try:
            return self.users.user_for(self.username(request))
        except PermissionError as exc:
            raise gr.Error(str(exc)) from None

    def owner(self, request: gr.Request | None) -> str:
        """History/feedback owner key (validates the login like ``user``)."""
        self.user(request)
        return self.users.owner(self.username(request))

    def require_admin(self, request: gr.Request | None) -> None:
        """Server-side guard of every admin handler (the hidden tab is not the protection)."""
        if not self.users.is_admin(self.username(request)):
            raise gr.Error("只有管理员可以管理知识库。", title="没有权限")
