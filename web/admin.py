"""The knowledge tab (administrators only): upload, document list, delete, re-sync, refused questions, feedback export,
learning the store's query adapter from the 👍 answers.

The tab is hidden from non-admins, and every handler also checks the user server-side, so the
endpoints cannot be called through the API either.
"""

from __future__ import annotations

import html
import time
from pathlib import Path
from typing import TYPE_CHECKING

import gradio as gr

from assistant.refusal import owner_label
from ingest.loaders import SUPPORTED_SUFFIXES
from web.knowledge import UploadResult
from web.render import DOC_TYPE_LABELS
from web.services import WebServices

if TYPE_CHECKING:
    from assistant.retrieval import HybridRetriever
    from evaluation.store_adapter import LearnResult
    from ingest.settings import Settings

ADMIN = "admin"
ADMIN_DOC_COLUMNS = ["文件", "标题", "类型", "归口部门", "可见范围", "版本", "生效日期", "片段数", "更新时间"]
REFUSAL_COLUMNS = ["问题", "次数", "最近一次", "最高相似度", "提问人", "归属部门"]
"""归属部门: ``refusal.owner_label`` — the department whose business the question is, or "—" for a gap the
knowledge base could fill."""
CONFLICT_COLUMNS = ["指南（来源）", "指南原文", "指南的数字", "制度（条款）", "制度原文", "制度的数字"]
STATUS_LABELS = {"added": "✅ 已新增", "replaced": "✅ 已更新", "failed": "❌ 失败"}


def access_label(access: str) -> str:
    """``|dept:人力资源部|role:manager|`` -> ``人力资源部、角色:manager``; ``all`` -> ``全员``."""
    if not access or access == "all":
        return "全员"
    parts = [p for p in access.strip("|").split("|") if p]
    return "、".join(p[5:] if p.startswith("dept:") else f"角色:{p[5:]}" if p.startswith("role:") else p for p in parts)


def admin_document_rows(docs) -> list[list]:
    return [
        [d.source, d.title, DOC_TYPE_LABELS.get(d.doc_type, d.doc_type), d.department, access_label(d.access),
         d.version, d.effective_date, d.chunk_count,
         time.strftime("%Y-%m-%d %H:%M", time.localtime(d.updated_at)) if d.updated_at else ""]
        for d in docs
    ]


def errors_table(errors) -> str:
    """Per-file errors like the CLI prints them: file, problem, what to do."""
    if not errors:
        return ""
    rows = "\n".join(
        f"| {_cell(getattr(e, 'path', getattr(e, 'name', '')))} | {_cell(getattr(e, 'problem', str(e)))} | {_cell(getattr(e, 'remedy', ''))} |"
        for e in errors
    )
    return f"| 文件 | 问题 | 处理办法 |\n|---|---|---|\n{rows}"


def sync_report_markdown(report, title: str) -> str:
    """A SyncReport as the CLI summarises it: counts, then one row per failed file."""
    if report is None:
        return ""
    def n(name: str) -> int:
        return len(getattr(report, name, []) or [])
    summary = (
        f"**{title}**：新增 {n('added')} · 更新 {n('updated')} · 未变 {n('unchanged')} · 删除 {n('removed')} · "
        f"失败 {n('failed')} · 新嵌入片段 {getattr(report, 'chunks_embedded', 0)} · 复用 {getattr(report, 'chunks_reused', 0)} · "
        f"用时 {getattr(report, 'seconds', 0):.1f} 秒"
    )
    failed = getattr(report, "failed", []) or []
    return summary + ("\n\n" + errors_table(failed) if failed else "")


def upload_markdown(result: UploadResult) -> str:
    if not result.outcomes:
        return "没有选择文件。"
    rows = "\n".join(
        f"| {_cell(o.name)} | {STATUS_LABELS.get(o.status, o.status)} | {_cell(o.source)} | {_cell(o.problem)} | {_cell(o.remedy)} |"
        for o in result.outcomes
    )
    ok = sum(1 for o in result.outcomes if o.status != "failed")
    head = f"**上传结果**：成功 {ok} 个，失败 {len(result.failed)} 个（失败的文件没有写入知识库）。"
    return f"{head}\n\n| 文件 | 结果 | 入库路径 | 问题 | 处理办法 |\n|---|---|---|---|---|\n{rows}"


def _cell(value) -> str:
    return html.escape(str(value)).replace("|", "\\|").replace("\n", " ")


class AdminHandlers:
    """Admin endpoints; each starts with ``require_admin``."""

    def __init__(self, svc: WebServices) -> None:
        self.svc = svc

    def documents(self, request: gr.Request):
        self.svc.require_admin(request)
        docs = self.svc.knowledge.documents(None)
        return admin_document_rows(docs), gr.update(choices=[d.source for d in docs], value=None)

    def upload(self, files: list[str] | None, request: gr.Request, progress=gr.Progress()):
        """Check and add uploaded files; returns the per-file result table and the refreshed list."""
        self.svc.require_admin(request)
        pairs = [(Path(f).name, Path(f)) for f in (files or [])]
        if not pairs:
            raise gr.Error("请先选择要上传的文件。")
        result = self.svc.knowledge.upload(pairs, progress=lambda frac, desc: progress(frac, desc=desc))
        rows, choices = self.documents(request)
        return upload_markdown(result), rows, choices, None

    def delete(self, source: str | None, confirm: bool, request: gr.Request):
        self.svc.require_admin(request)
        if not source:
            raise gr.Error("请先选择要删除的文档。")
        if not confirm:
            raise gr.Error("请勾选“确认删除”。")
        try:
            report, moved = self.svc.knowledge.remove([source])
        except KeyError as exc:
            raise gr.Error(str(exc).strip("'\"")) from None
        note = f"\n\n文件已移到 `{moved[0].parent}`，如需恢复可移回知识库文件夹后重新同步。" if moved else ""
        rows, choices = self.documents(request)
        return sync_report_markdown(report, f"已删除 {source}") + note, rows, choices, False

    def resync(self, request: gr.Request, progress=gr.Progress()):
        self.svc.require_admin(request)
        report = self.svc.knowledge.resync(progress=lambda frac, desc: progress(frac, desc=desc))
        rows, choices = self.documents(request)
        return sync_report_markdown(report, "同步完成"), rows, choices

    def refusals(self, request: gr.Request) -> list[list]:
        self.svc.require_admin(request)
        return [
            [r.question, r.count, r.last_time, "" if r.best_score is None else f"{r.best_score:.3f}", "、".join(r.users),
             owner_label(r.question)]
            for r in self.svc.refusals.frequent(100)
        ]

    def conflicts(self, request: gr.Request) -> list[list[str]]:
        """Guidance sentences that set another figure than a policy clause for the same rule (``assistant.conflicts``)."""
        from assistant.conflicts import conflicts_in_store

        self.svc.require_admin(request)
        return [[f"{c.guidance_source} {c.guidance_section}", c.guidance, "、".join(c.guidance_figures),
                 f"{c.policy_source} {c.policy_clause}", c.policy, "、".join(c.policy_figures)]
                for c in conflicts_in_store(self.svc.advisor.retriever.store)]

    def on_open(self, request: gr.Request):
        rows, choices = self.documents(request)
        return rows, choices, self.refusals(request), self.adapter_status(request)

    def adapter_status(self, request: gr.Request) -> str:
        """Which query adapter ranks this server's searches, as one Markdown line."""
        self.svc.require_admin(request)
        self.svc.advisor.retriever.refresh_adapter()  # learned on another replica: shown as what the next search uses
        return adapter_status_markdown(self.svc.settings, self.svc.advisor.retriever)

    def learn_adapter(self, request: gr.Request, progress=gr.Progress()):
        """Learn this store's query adapter from the 👍 answers; applied at once when cross-validation shows a gain
        and ``ADVISOR_QUERY_ADAPTER`` is ``auto``."""
        from assistant.query_adapter import STORE_ADAPTER
        from evaluation.store_adapter import (DEFAULT_FOLDS, TooFewQuestions, adapter_to_beat, learn_store_adapter,
                                              thumbs_up_questions)

        self.svc.require_admin(request)
        advisor, settings = self.svc.advisor, self.svc.settings
        folds_done = [0]

        def fold_done() -> None:
            folds_done[0] += 1
            progress(folds_done[0] / (DEFAULT_FOLDS + 1), desc=f"交叉验证 {folds_done[0]}/{DEFAULT_FOLDS}")

        progress(0, desc="整理 👍 反馈")
        try:
            model_id = str(getattr(advisor.retriever.embeddings, "model_id", ""))
            result = learn_store_adapter(advisor.retriever, advisor.rewriter, thumbs_up_questions(self.svc.feedback.items()),
                                         settings.data_dir / STORE_ADAPTER, on_fold=fold_done,
                                         in_use=adapter_to_beat(settings.query_adapter, model_id, settings.data_dir))
        except TooFewQuestions as exc:
            raise gr.Error(f"👍 反馈还不够，暂不能学习：{exc}", title="反馈不足") from None
        setting = (settings.query_adapter or "auto").strip()
        applied = result.adapter is not None and setting.lower() == "auto"
        if applied:
            advisor.retriever.refresh_adapter()  # this server ranks with the file now; other replicas at their next search
        return adapter_markdown(result, applied, setting)

    def export_feedback(self, request: gr.Request):
        self.svc.require_admin(request)
        out = self.svc.settings.data_dir / "exports" / f"feedback-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"
        n = self.svc.feedback.export_jsonl(out)
        counts = self.svc.feedback.counts()
        return str(out), f"已导出 {n} 条（👍 {counts['up']} · 👎 {counts['down']}），可直接用 `advisor eval` 评测。"


def adapter_markdown(result: "LearnResult", applied: bool, setting: str) -> str:
    """The admin's report of learning the query adapter from feedback: the cross-validated figures and the outcome."""
    scores = [("不用适配器", result.before), *([("现用的适配器", result.in_use)] if result.in_use else []),
              ("新学的适配器（交叉验证）", result.after)]
    rows = [f"| {label} | {score.hit1:.3f} | {score.hit5:.3f} | {score.mrr:.3f} |" for label, score in scores]
    table = "\n".join([f"{result.answerable} 条 👍 反馈可用（共 {result.questions} 条，{result.passages} 个段落，"
                       f"{result.folds} 折交叉验证）：引用段落的排名", "", "| | hit@1 | hit@5 | MRR |", "|---|---|---|---|",
                       *rows])
    if result.adapter is None:
        return table + "\n\n**未启用**：交叉验证下新学的适配器没有排得更好，检索排序不变。积累更多、更多样的 👍 反馈后再试。"
    if not applied:
        return table + f"\n\n**已保存但未启用**：设置了 `ADVISOR_QUERY_ADAPTER={setting}`；改为 `auto` 并重启后生效。"
    return table + "\n\n**已启用**：本服务的检索从现在起使用新学到的适配器（其他副本从下一次检索起也使用它）。"


def adapter_status_markdown(settings: "Settings", retriever: "HybridRetriever") -> str:
    """"当前检索适配器：…": whose adapter the running retriever ranks with (the store's own, the shipped one, a file or
    none), its fingerprint, or the problem with the configured one."""
    from assistant.query_adapter import ADAPTER_FILE, STORE_ADAPTER, AdapterFileError, choose_adapter

    live = retriever.adapter
    try:
        choice = choose_adapter(settings.query_adapter, str(getattr(retriever.embeddings, "model_id", "")),
                                settings.data_dir)
    except AdapterFileError as exc:
        return f"当前检索适配器：配置的适配器文件有问题（{exc}）"
    if live is None:
        return f"当前检索适配器：未使用（{choice.reason}）"
    if choice.adapter is None or choice.adapter.fingerprint() != live.fingerprint():
        whose = "启动后另行设定的"
    elif choice.path == settings.data_dir / STORE_ADAPTER:
        whose = "本知识库自己学到的（从 👍 反馈或评测题）"
    elif choice.path == ADAPTER_FILE:
        whose = "随产品提供的（在示例知识库上学到）"
    else:
        whose = f"`{choice.path}`"
    return f"当前检索适配器：{whose}，指纹 `{live.fingerprint()}`"


def build_admin_tab(svc: WebServices, tab: gr.Tab) -> None:
    """Render the admin tab's components and events into ``tab`` (the current context); lists load when it is opened."""
    h = AdminHandlers(svc)
    with gr.Accordion("上传文档", open=True):
        gr.Markdown(
            f"支持 {'、'.join(sorted(SUPPORTED_SUFFIXES))}；无法写 front matter 的文件可同时上传同名的 "
            "`<文件名>.meta.yaml` 说明类型、归口部门和可见范围。文件保存到知识库的 `uploads/` 文件夹。"
        )
        # no file_types filter: an unsupported file gets its own row in the result table instead of failing the batch
        files = gr.File(file_count="multiple", label="选择文件")
        upload_btn = gr.Button("上传并入库", variant="primary")
        upload_result = gr.Markdown()
    with gr.Accordion("文档列表", open=True):
        docs = gr.Dataframe(headers=ADMIN_DOC_COLUMNS, interactive=False, wrap=True)
        with gr.Row():
            to_delete = gr.Dropdown(choices=[], label="要删除的文档", scale=3, allow_custom_value=True)
            confirm = gr.Checkbox(label="确认删除", value=False, scale=1)
            delete_btn = gr.Button("删除", variant="stop", scale=1)
        with gr.Row():
            refresh_btn = gr.Button("刷新列表")
            resync_btn = gr.Button("重新同步知识库文件夹")
        action_result = gr.Markdown()
    with gr.Accordion("未能回答的问题（按次数排序）", open=False):
        refusals = gr.Dataframe(headers=REFUSAL_COLUMNS, interactive=False, wrap=True)
        refusals_btn = gr.Button("刷新")
    with gr.Accordion("指南与制度不一致的数字", open=False):
        gr.Markdown("指南里的时限或比例与某条制度对同一件事的规定不同。回答引用这类指南句时，会在末尾提示以制度为准；"
                    "可据此修改或删除指南。")
        conflicts = gr.Dataframe(headers=CONFLICT_COLUMNS, interactive=False, wrap=True)
        conflicts_btn = gr.Button("检查")
    with gr.Accordion("用户反馈", open=False):
        gr.Markdown("把 👍/👎 反馈导出为评测题（JSONL，评测输入格式）：👍 的回答作为参考答案，其引用作为期望来源。")
        export_btn = gr.Button("导出反馈")
        export_file = gr.File(label="导出文件", interactive=False)
        export_note = gr.Markdown()
        gr.Markdown("用 👍 的回答教检索：每条 👍 回答的结论所引用的段落，就是这个问题该排在最前面的段落。"
                    "至少 30 条（几百条更好）；先做交叉验证，有提升才启用。学习约需一两分钟，期间回答会变慢。")
        adapter_note = gr.Markdown()
        learn_btn = gr.Button("从 👍 反馈学习检索适配器")
        learn_note = gr.Markdown()

    common = {"concurrency_id": ADMIN, "concurrency_limit": 1}
    upload_btn.click(h.upload, [files], [upload_result, docs, to_delete, files], api_name="upload", **common)
    delete_btn.click(h.delete, [to_delete, confirm], [action_result, docs, to_delete, confirm],
                     api_name="delete_document", **common)
    resync_btn.click(h.resync, None, [action_result, docs, to_delete], api_name="resync", **common)
    refresh_btn.click(h.documents, None, [docs, to_delete], api_name="admin_documents", **common)
    refusals_btn.click(h.refusals, None, refusals, api_name="refusals", **common)
    conflicts_btn.click(h.conflicts, None, conflicts, api_name="conflicts", **common)
    export_btn.click(h.export_feedback, None, [export_file, export_note], api_name="export_feedback", **common)
    learn_btn.click(h.learn_adapter, None, learn_note, api_name="learn_adapter", **common).then(
        h.adapter_status, None, adapter_note, api_name="adapter_status", **common)
    tab.select(h.on_open, None, [docs, to_delete, refusals, adapter_note], api_visibility="private", **common)
