"""The Gradio app: chat (ChatInterface with history, filters, feedback), library (search, documents), admin tab.

Concurrency groups: ``generation`` (answers; one at a time for the local model, the rest wait in the
queue and see their position) and ``retrieval`` (search, document lists) so browsing is never
stuck behind a generating answer.
"""

from __future__ import annotations

from collections.abc import Iterator

import gradio as gr

from assistant.types import Answer, Evidence
from web.examples import example_questions
from web.render import (
    DOC_TYPE_LABELS,
    answer_from_meta,
    answer_messages,
    answer_meta,
    backend_label,
    contexts_markdown,
)
from web.services import WebServices

GENERATION = "generation"
RETRIEVAL = "retrieval"
ADMIN = "admin"

DOC_TYPE_CHOICES = [("指导材料（做法与建议）", "guidance"), ("制度（公司规定）", "policy")]
DOC_COLUMNS = ["标题", "类型", "归口部门", "版本", "生效日期", "片段数", "文件"]

CSS = """
#conversations label { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.status-line { color: var(--body-text-color-subdued); font-size: 0.9em; }
"""


def generation_limit(llm: str) -> int:
    """How many answers may be generated at once: the local model serves one request at a time."""
    if llm.startswith("local"):
        return 1
    if llm.startswith("openai:"):
        return 4
    return 2


def make_filters(doc_types: list[str] | None, departments: list[str] | None) -> dict | None:
    """Advisor ``filters`` from the UI selections (empty or all types selected -> no filter)."""
    flt: dict = {}
    types = [t for t in (doc_types or []) if t in DOC_TYPE_LABELS]
    if types and set(types) != set(DOC_TYPE_LABELS):
        flt["doc_type"] = types
    if departments:
        flt["department"] = list(departments)
    return flt or None


def _error(exc: Exception) -> gr.Error:
    return gr.Error(f"出错了：{exc}", title="无法回答")


class ChatHandlers:
    """Per-request handlers of the chat and library tabs (stateless; state lives in gr.State and SQLite)."""

    def __init__(self, svc: WebServices) -> None:
        self.svc = svc

    # ------------------------------------------------------------------ chat

    def respond(self, message: str, history: list, doc_types: list[str], departments: list[str],
                conversation_id: str | None, request: gr.Request):
        """ChatInterface fn: stream the answer, then the final answer with sources; store the turn."""
        svc = self.svc
        user, owner = svc.user(request), svc.owner(request)
        if not (message or "").strip():
            raise gr.Error("请先输入问题，例如“跨部门会议纪要多久内发出？”", title="问题为空")
        if conversation_id and svc.history.exists(owner, conversation_id):
            # retry/undo/clear in the chatbot drop turns: keep the stored conversation in step
            svc.history.truncate(owner, conversation_id, sum(1 for m in history if _role(m) == "user"))
        prior = self._prior(owner, conversation_id)
        yield gr.ChatMessage(content="⏳ 正在检索相关制度与指导材料…"), gr.skip(), gr.skip()
        text, answer, grounds = "", None, ""
        try:
            for item in svc.advisor.stream(message, history=prior, user=user, filters=make_filters(doc_types, departments)):
                if isinstance(item, Answer):
                    answer = item
                elif isinstance(item, Evidence):  # shown at once, before the model's first token
                    grounds = item.markdown() + "\n\n"
                    yield gr.ChatMessage(content=grounds + "⏳ 正在根据以上依据生成建议…"), gr.skip(), gr.skip()
                else:
                    text += item
                    yield gr.ChatMessage(content=grounds + text + " ▌"), gr.skip(), gr.skip()
        except Exception as exc:  # noqa: BLE001 - show the reason instead of a generic error
            raise _error(exc) from exc
        if answer is None:
            raise gr.Error("回答没有完成，请重试。")
        cid = svc.history.add_turn(owner, conversation_id, message, answer.answer, answer_meta(answer))
        yield answer_messages(answer), cid, self._conversation_choices(owner, cid)

    def _prior(self, owner: str, conversation_id: str | None) -> list[dict]:
        if not conversation_id or not self.svc.history.exists(owner, conversation_id):
            return []
        return [m.as_history() for m in self.svc.history.messages(owner, conversation_id)]

    def _conversation_choices(self, owner: str, selected: str | None) -> dict:
        convs = self.svc.history.list(owner)
        choices = [(f"{c.title}（{c.turns}问）", c.id) for c in convs]
        return gr.update(choices=choices, value=selected if any(c.id == selected for c in convs) else None)

    def chat_messages(self, owner: str, conversation_id: str) -> list:
        """The chatbot value of a stored conversation, rendered like a live one."""
        out: list = []
        question = ""
        for m in self.svc.history.messages(owner, conversation_id):
            if m.role == "user":
                question = m.content
                out.append(gr.ChatMessage(role="user", content=m.content))
            else:
                out.extend(answer_messages(answer_from_meta(question, m.content, m.meta)))
        return out

    def open_conversation(self, conversation_id: str | None, request: gr.Request):
        owner = self.svc.owner(request)
        if not conversation_id:
            return None, [], []
        try:
            messages = self.chat_messages(owner, conversation_id)
        except KeyError:
            raise gr.Error("找不到这个对话，可能已被删除。") from None
        return conversation_id, messages, messages

    def new_conversation(self, request: gr.Request):
        owner = self.svc.owner(request)
        return None, [], [], self._conversation_choices(owner, None), ""

    def delete_conversation(self, conversation_id: str | None, request: gr.Request):
        owner = self.svc.owner(request)
        if conversation_id:
            try:
                self.svc.history.delete(owner, conversation_id)
            except KeyError:
                pass
        return None, [], [], self._conversation_choices(owner, None), ""

    # ------------------------------------------------------------------ feedback

    def rate(self, data: gr.LikeData, messages: list, conversation_id: str | None, request: gr.Request):
        """👍/👎 on an answer: store it with question, answer, citations and backend."""
        owner = self.svc.owner(request)
        index = data.index[0] if isinstance(data.index, (list, tuple)) else int(data.index)
        turn = sum(1 for m in messages[: index + 1] if _role(m) == "user") - 1
        rating = "up" if data.liked is True or data.liked == "Like" else "down"
        key = self._record_rating(owner, conversation_id, turn, rating)
        label = "👍 有帮助" if rating == "up" else "👎 没帮助"
        return key, f"已记录：{label}。可以在下方补充意见（可选）。"

    def _record_rating(self, owner: str, conversation_id: str | None, turn: int, rating: str,
                       comment: str | None = None) -> str:
        """Store the rating of answer number ``turn`` (0-based) of a stored conversation; returns its key."""
        if not conversation_id or turn < 0:
            raise gr.Error("请在回答完成后再评价。")
        try:
            stored = self.svc.history.messages(owner, conversation_id)
        except KeyError:
            raise gr.Error("找不到这个对话，可能已被删除。") from None
        pairs = [(q, a) for q, a in zip(stored[0::2], stored[1::2]) if q.role == "user" and a.role == "assistant"]
        if turn >= len(pairs):
            raise gr.Error("请在回答完成后再评价。")
        q, a = pairs[turn]
        history = [m.as_history() for pair in pairs[:turn] for m in pair]
        key = f"{conversation_id}:{turn}"
        self.svc.feedback.record(
            owner, key, rating, question=q.content, answer=a.content, citations=a.meta.get("citations", []),
            llm=str(a.meta.get("llm", "")), refused=bool(a.meta.get("refused")), history=history, comment=comment,
        )
        return key

    def comment(self, text: str, key: str | None, request: gr.Request):
        owner = self.svc.owner(request)
        if not key:
            raise gr.Error("请先点击回答下方的 👍 或 👎，再填写意见。")
        if not (text or "").strip():
            return gr.skip(), "意见为空，未提交。"
        self.svc.feedback.comment(owner, key, text)
        return "", "谢谢！意见已记录。"

    # ------------------------------------------------------------------ library (retrieval only)

    def search(self, query: str, doc_types: list[str], departments: list[str], request: gr.Request) -> str:
        user = self.svc.user(request)
        if not (query or "").strip():
            return "请输入要检索的关键词或问题。"
        try:
            contexts = self.svc.advisor.retrieve(query, user=user, filters=make_filters(doc_types, departments), k=8)
        except Exception as exc:  # noqa: BLE001
            raise _error(exc) from exc
        return contexts_markdown(contexts)

    def documents(self, request: gr.Request) -> list[list]:
        """The documents this user may read."""
        user = self.svc.user(request)
        return document_rows(self.svc.knowledge.documents(user))

    # ------------------------------------------------------------------ page load

    def on_load(self, request: gr.Request):
        svc = self.svc
        user = svc.user(request)
        name = svc.username(request)
        owner = svc.owner(request)
        convs = svc.history.list(owner)
        current = convs[0].id if convs else None
        messages = self.chat_messages(owner, current) if current else []
        docs = svc.knowledge.documents(user)
        departments = sorted({d.department for d in docs if d.department})
        who = svc.users.display_name(name)
        dept = f"（{user.department}）" if user and user.department else ""
        header = (
            f"👤 {who}{dept} · 当前模型：{backend_label(svc.advisor.llm)} · 知识库 {len(docs)} 篇文档"
            + (" · 本地模型一次回答一个问题，排队时会显示您的位置" if svc.advisor.llm.startswith("local") else "")
        )
        return (
            header,
            self._conversation_choices(owner, current),
            current,
            messages,
            messages,
            gr.update(choices=departments),
            document_rows(docs),
            gr.update(visible=svc.users.is_admin(name)),
        )

    # ------------------------------------------------------------------ API

    def ask_api(self, question: str, history: list[dict] | None = None, doc_types: list[str] | None = None,
                departments: list[str] | None = None, request: gr.Request = None) -> Iterator[dict]:
        """Ask the advisor. Streams ``{"answer": partial, "done": false}`` updates, then the final answer:
        ``{"done": true, "answer", "refused", "llm", "citations": [{"n","source","title","section","text"}],
        "contexts", "latency_ms", "warnings"}``. Same login and document access rules as the chat."""
        for update in self._stream_api(question, history or [], doc_types, departments, request):
            yield update if isinstance(update, dict) else _final_dict(update)

    def chat_api(self, question: str, conversation_id: str | None = None, doc_types: list[str] | None = None,
                 departments: list[str] | None = None, request: gr.Request = None) -> Iterator[dict]:
        """Like ``/ask``, inside one of the caller's stored conversations (a new one when ``conversation_id`` is
        empty): earlier turns come from the history, the turn is saved, and the final update carries
        ``conversation_id`` — the conversation then shows in the web chat, on any replica."""
        owner = self.svc.owner(request)
        if conversation_id and not self.svc.history.exists(owner, conversation_id):
            raise gr.Error(f"conversation {conversation_id!r} not found — call /conversations for yours, or omit it")
        for update in self._stream_api(question, self._prior(owner, conversation_id), doc_types, departments, request):
            if isinstance(update, dict):
                yield update
                continue
            cid = self.svc.history.add_turn(owner, conversation_id, question, update.answer, answer_meta(update))
            yield {**_final_dict(update), "conversation_id": cid}

    def conversations_api(self, request: gr.Request = None) -> list[dict]:
        """The caller's stored conversations, most recent first: ``[{"id", "title", "turns", "updated_at"}]``."""
        owner = self.svc.owner(request)
        return [{"id": c.id, "title": c.title, "turns": c.turns, "updated_at": c.updated_at}
                for c in self.svc.history.list(owner)]

    def feedback_api(self, conversation_id: str, turn: int, rating: str, comment: str | None = None,
                     request: gr.Request = None) -> str:
        """👍 (``rating="up"``) or 👎 (``"down"``) on answer ``turn`` (0-based) of a stored conversation; returns its key."""
        owner = self.svc.owner(request)
        if rating not in ("up", "down"):
            raise gr.Error(f"rating must be 'up' or 'down', got {rating!r}")
        return self._record_rating(owner, conversation_id, int(turn), rating, comment)

    def _stream_api(self, question: str, history: list[dict], doc_types: list[str] | None,
                    departments: list[str] | None, request: gr.Request) -> Iterator[dict | Answer]:
        """Partial-answer dicts, then the final ``Answer`` (errors become ``gr.Error``)."""
        user = self.svc.user(request)
        if not (question or "").strip():
            raise gr.Error("question is empty — ask something, e.g. “跨部门会议纪要多久内发出？”")
        text = ""
        try:
            for item in self.svc.advisor.stream(question, history=history, user=user,
                                                filters=make_filters(doc_types, departments)):
                if isinstance(item, Evidence):
                    yield {"done": False, "answer": "", "evidence": [e.to_dict() for e in item.items]}
                    continue
                if isinstance(item, Answer):
                    yield item
                    return
                text += item
                yield {"done": False, "answer": text}
        except Exception as exc:  # noqa: BLE001
            raise _error(exc) from exc

    def search_api(self, query: str, doc_types: list[str] | None = None, departments: list[str] | None = None,
                   k: int = 5, request: gr.Request = None) -> list[dict]:
        """Passages this user may read that match ``query``, best first (retrieval only, no model)."""
        user = self.svc.user(request)
        contexts = self.svc.advisor.retrieve(query, user=user, filters=make_filters(doc_types, departments), k=k)
        return [
            {"rank": c.rank, "source": c.source, "title": c.title, "section": c.section, "text": c.text,
             "score": c.score, "doc_type": c.doc_type}
            for c in contexts
        ]


def _final_dict(answer: Answer) -> dict:
    data = answer.to_dict()
    data["citations"] = [{"n": c.n, "source": c.source, "title": c.title, "section": c.section, "text": c.text}
                         for c in answer.citations]
    return {"done": True, **data}


def _role(message) -> str:
    return message.get("role", "") if isinstance(message, dict) else getattr(message, "role", "")


def document_rows(docs) -> list[list]:
    return [
        [d.title, DOC_TYPE_LABELS.get(d.doc_type, d.doc_type), d.department, d.version, d.effective_date,
         d.chunk_count, d.source]
        for d in docs
    ]


def build_blocks(svc: WebServices) -> gr.Blocks:
    """Assemble the whole app (without launching it)."""
    from web.admin import build_admin_tab

    h = ChatHandlers(svc)
    limit = generation_limit(svc.advisor.llm)
    examples = [[q] for q in example_questions(svc.advisor.store.get_chunks())]

    with gr.Blocks(title="协作顾问 Collab Advisor", fill_height=True) as demo:
        conversation_id = gr.State(None)
        rated_key = gr.State(None)
        with gr.Row():
            gr.Markdown("## 协作顾问 · 跨部门协作的可执行建议（引用制度与指导材料原文）")
        header = gr.Markdown(elem_classes="status-line")
        with gr.Tabs():
            with gr.Tab("咨询", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=1, min_width=240):
                        new_btn = gr.Button("＋ 新对话", variant="primary")
                        conversations = gr.Radio(choices=[], label="历史对话", elem_id="conversations")
                        delete_btn = gr.Button("删除当前对话", size="sm", variant="secondary")
                        gr.Markdown("#### 筛选")
                        doc_types = gr.CheckboxGroup(DOC_TYPE_CHOICES, value=["guidance", "policy"], label="资料类型")
                        departments = gr.Dropdown(choices=[], value=[], multiselect=True, label="归口部门（不选则全部）")
                    with gr.Column(scale=4):
                        chatbot = gr.Chatbot(
                            label="协作顾问", height=560, elem_id="chatbot",
                            placeholder="描述您在跨部门协作中遇到的情况，我会给出可执行的建议，并注明依据的文件和条款。",
                            feedback_options=("Like", "Dislike"), buttons=["copy"],
                        )
                        textbox = gr.Textbox(
                            placeholder="例如：其他部门总是拖延交付，我该怎么推进？", show_label=False,
                            submit_btn="发送", stop_btn="停止", autofocus=True, elem_id="question",
                        )
                        chat = gr.ChatInterface(
                            h.respond, chatbot=chatbot, textbox=textbox,
                            additional_inputs=[doc_types, departments, conversation_id],
                            additional_outputs=[conversation_id, conversations],
                            examples=examples, examples_label="可以这样问",
                            concurrency_limit=limit, show_progress="full", fill_height=False,
                            api_visibility="private",
                        )
                        with gr.Row():
                            comment = gr.Textbox(placeholder="先点回答下方的 👍/👎，再在这里补充意见（可选）",
                                                 show_label=False, scale=4, elem_id="feedback-comment")
                            comment_btn = gr.Button("提交意见", scale=1)
                        feedback_status = gr.Markdown(elem_id="feedback-status")
            with gr.Tab("资料库", id="library"):
                with gr.Row():
                    query = gr.Textbox(placeholder="输入关键词或问题，只检索不生成回答", show_label=False, scale=5)
                    search_btn = gr.Button("检索", variant="primary", scale=1)
                results = gr.Markdown()
                gr.Markdown("#### 您可查阅的文档")
                library_docs = gr.Dataframe(headers=DOC_COLUMNS, interactive=False, wrap=True)
                refresh_docs = gr.Button("刷新列表", size="sm")
            with gr.Tab("知识管理", id="admin", visible=False) as admin_tab:
                build_admin_tab(svc, admin_tab)

        # conversations
        conversations.input(h.open_conversation, [conversations], [conversation_id, chat.chatbot, chat.chatbot_state],
                            api_visibility="private", queue=False)
        reset_outputs = [conversation_id, chat.chatbot, chat.chatbot_state, conversations, feedback_status]
        new_btn.click(h.new_conversation, None, reset_outputs, api_visibility="private", queue=False)
        delete_btn.click(h.delete_conversation, [conversation_id], reset_outputs, api_visibility="private", queue=False)
        chat.chatbot.clear(h.new_conversation, None, reset_outputs, api_visibility="private", queue=False)
        # feedback
        chat.chatbot.like(h.rate, [chat.chatbot, conversation_id], [rated_key, feedback_status],
                          api_visibility="private", queue=False)
        gr.on([comment_btn.click, comment.submit], h.comment, [comment, rated_key], [comment, feedback_status],
              api_visibility="private", queue=False)
        # library: retrieval-only group
        gr.on([search_btn.click, query.submit], h.search, [query, doc_types, departments], results,
              api_name="search_page", api_visibility="private", concurrency_id=RETRIEVAL, concurrency_limit=2)
        refresh_docs.click(h.documents, None, library_docs, api_name="documents",
                           concurrency_id=RETRIEVAL, concurrency_limit=2)
        demo.load(
            h.on_load, None,
            [header, conversations, conversation_id, chat.chatbot, chat.chatbot_state, departments, library_docs, admin_tab],
            api_visibility="private", concurrency_id=RETRIEVAL, concurrency_limit=2,
        )
        # documented API
        gr.api(h.ask_api, api_name="ask", concurrency_id=GENERATION, concurrency_limit=limit)
        gr.api(h.search_api, api_name="search", concurrency_id=RETRIEVAL, concurrency_limit=2)
        gr.api(h.chat_api, api_name="chat", concurrency_id=GENERATION, concurrency_limit=limit)
        gr.api(h.conversations_api, api_name="conversations", concurrency_id=RETRIEVAL, concurrency_limit=2)
        gr.api(h.feedback_api, api_name="feedback", concurrency_id=RETRIEVAL, concurrency_limit=2)

    _share_generation_group(demo, h.respond.__name__)
    return demo


def _share_generation_group(demo: gr.Blocks, fn_name: str) -> None:
    """Put ChatInterface's generation events into the ``generation`` concurrency group.

    ChatInterface takes ``concurrency_limit`` but no ``concurrency_id``; without this its events
    and the ``/ask`` API would each get their own group and could run the local model twice at once.
    """
    for block_fn in demo.fns.values():
        if block_fn.name in ("_submit_fn", fn_name):
            block_fn.concurrency_id = GENERATION
