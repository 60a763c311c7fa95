"""report.html: one self-contained page (inline CSS, JS and SVG; no network) for a team lead."""

from __future__ import annotations

import math
from collections import Counter
from html import escape
from pathlib import Path

from evaluation.dataset import EvalQuestion

LABELS = {
    "hit": "命中率 hit", "recall": "召回率 recall", "mrr": "MRR", "ndcg": "nDCG",
    "answer_containment": "答案包含率", "answer_in_first_line": "首行含答案", "first_line_fact_share": "首行事实占比", "fact_in_passages": "段落含答案", "keyword_coverage": "关键词覆盖", "char_f1": "字级 F1",
    "rouge_l": "ROUGE-L", "refusal_accuracy": "应拒答准确率", "false_refusal_rate": "误拒率",
    "citation_validity": "引用有效率", "unsupported_numbers_rate": "无依据数字比例",
    "verdict_accuracy": "是否判断正确率", "wrong_verdict_rate": "错误是否判断比例", "pass_rate": "通过率",
    "faithfulness": "忠实度 (judge)", "correctness": "正确性 (judge)",
}
FAILURE_LABELS = {
    "retrieval": "检索失败（相关段落未召回）", "generation": "生成失败（已召回但答错）", "false_refusal": "误拒答（不该拒答）",
    "answer": "答案错误（无法判断检索）", "not_refused": "应拒答未拒答", "error": "运行错误",
}

CSS = """
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0;background:#f6f7f9;color:#1f2328}
main{max-width:1200px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.muted{color:#656d76;font-size:13px}.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px 12px}
.card .v{font-size:24px;font-weight:600}.card .l{font-size:13px;color:#656d76}.card .ci{font-size:12px;color:#656d76}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}th,td{border:1px solid #d0d7de;padding:5px 7px;text-align:left;vertical-align:top}
th{background:#f0f2f5}.num{text-align:right;font-variant-numeric:tabular-nums}
.good{color:#1a7f37}.bad{color:#cf222e}.pass{background:#dafbe1;color:#1a7f37;border-radius:4px;padding:1px 6px}
td:nth-child(2){min-width:64px}.fail{background:#ffebe9;color:#cf222e;border-radius:4px;padding:1px 6px}.ans{white-space:pre-wrap;max-width:420px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:12px}.chart{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px}
.chart h3{font-size:14px;margin:0 0 6px}details{margin-top:4px}summary{cursor:pointer;color:#0969da}
.ctx{border-left:3px solid #d0d7de;padding:2px 8px;margin:4px 0;white-space:pre-wrap}.ctx.rel{border-color:#1a7f37;background:#f0fff4}
.filters{display:flex;gap:10px;align-items:center;margin:8px 0;flex-wrap:wrap}select,input{font-size:13px;padding:3px 6px}
code{background:#eff1f3;padding:0 4px;border-radius:3px}
"""

JS = """
function applyFilters(){
  var mode=document.getElementById('f-mode').value, tag=document.getElementById('f-tag').value,
      text=document.getElementById('f-text').value.trim().toLowerCase(), shown=0;
  document.querySelectorAll('#questions tbody tr.q').forEach(function(tr){
    var ok=true, d=tr.dataset;
    if(mode==='fail') ok=d.pass==='0'; else if(mode==='flip') ok=d.flip!=='';
    else if(mode!=='all') ok=d.failure===mode;
    if(ok&&tag) ok=(' '+d.tags+' ').indexOf(' '+tag+' ')>=0;
    if(ok&&text) ok=tr.textContent.toLowerCase().indexOf(text)>=0;
    tr.style.display=ok?'':'none'; if(ok) shown++;
  });
  document.getElementById('f-count').textContent=shown;
}
document.addEventListener('DOMContentLoaded',function(){
  ['f-mode','f-tag','f-text'].forEach(function(id){document.getElementById(id).addEventListener('input',applyFilters);});
  applyFilters();
});
"""


def label(name: str) -> str:
    base, _, k = name.partition("@")
    text = LABELS.get(base, name)
    return f"{text}@{k}" if k else text


def fmt(v: float | None, pct: bool = True) -> str:
    if v is None:
        return "—"
    return f"{v * 100:.1f}%" if pct else f"{v:.3f}"


def _bar_chart(title: str, items: list[tuple[str, float, str]], width: int = 380) -> str:
    """Horizontal bars, values in 0..1; items are (label, value, note)."""
    if not items:
        return ""
    row, left, right = 22, 110, 90
    h = row * len(items) + 10
    span = width - left - right
    parts = [f'<svg width="{width}" height="{h}" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">']
    for i, (name, value, note) in enumerate(items):
        y = 5 + i * row
        w = max(0.0, min(1.0, value)) * span
        parts.append(f'<text x="{left - 6}" y="{y + 14}" font-size="12" text-anchor="end">{escape(name[:14])}</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{span}" height="14" fill="#eef1f4"/>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="14" fill="#2f81f7"><title>{escape(name)}: {value:.3f} {escape(note)}</title></rect>')
        parts.append(f'<text x="{left + span + 4}" y="{y + 14}" font-size="12">{value * 100:.0f}% {escape(note)}</text>')
    parts.append("</svg>")
    return f'<div class="chart"><h3>{escape(title)}</h3>{"".join(parts)}</div>'


def _histogram(title: str, counts: list[tuple[str, int]], width: int = 360, color: str = "#8250df") -> str:
    """Vertical bars of counts with a label under each bar."""
    if not counts or not any(c for _, c in counts):
        return ""
    h, bottom, top = 150, 30, 14
    n = len(counts)
    bw = (width - 20) / n
    peak = max(c for _, c in counts)
    parts = [f'<svg width="{width}" height="{h}" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">']
    for i, (name, c) in enumerate(counts):
        bh = (h - bottom - top) * c / peak
        x = 10 + i * bw
        y = h - bottom - bh
        parts.append(f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{bw - 4:.1f}" height="{bh:.1f}" fill="{color}"><title>{escape(name)}: {c}</title></rect>')
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{y - 3:.1f}" font-size="11" text-anchor="middle">{c}</text>')
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{h - bottom + 14}" font-size="10" text-anchor="middle">{escape(name)}</text>')
    parts.append("</svg>")
    return f'<div class="chart"><h3>{escape(title)}</h3>{"".join(parts)}</div>'


def _latency_bins(values: list[float]) -> list[tuple[str, int]]:
    if not values:
        return []
    edges = [100, 250, 500, 1000, 2000, 4000, 8000, 16000, 32000]
    lo = next((i for i, e in enumerate(edges) if min(values) < e), len(edges))
    hi = next((i for i, e in enumerate(edges) if max(values) < e), len(edges))
    bins = []
    for i in range(max(0, lo - 1), min(len(edges), hi) + 1):
        a = edges[i - 1] if i > 0 else 0
        b = edges[i] if i < len(edges) else math.inf
        name = f"<{b / 1000:g}" if a == 0 else (f"≥{a / 1000:g}" if b == math.inf else f"{a / 1000:g}–{b / 1000:g}")
        bins.append((name, sum(1 for v in values if a <= v < b)))
    return bins


def _cards(metrics: dict) -> str:
    out = []
    for name, s in metrics.items():
        pct = True
        ci = f"95% CI {fmt(s['ci_low'], pct)} – {fmt(s['ci_high'], pct)}" if s.get("ci_low") is not None else ""
        cls = ""
        out.append(
            f'<div class="card"><div class="l">{escape(label(name))}</div><div class="v {cls}">{fmt(s["mean"], pct)}</div>'
            f'<div class="ci">{escape(ci)} · n={s["n"]}</div></div>'
        )
    return f'<div class="cards">{"".join(out)}</div>'


def _baseline(diff: dict | None) -> str:
    if not diff:
        return '<p class="muted">没有对比基线（用 <code>--baseline DIR</code> 指定上一次的输出目录）。</p>'
    rows = []
    for name, d in diff["deltas"].items():
        better = (d["mean"] < 0) if d["lower_is_better"] else (d["mean"] > 0)
        cls = ("good" if better else "bad") if d["significant"] else ""
        mark = " *" if d["significant"] else ""
        rows.append(
            f"<tr><td>{escape(label(name))}</td><td class=num>{fmt(d['baseline'])}</td><td class=num>{fmt(d['current'])}</td>"
            f"<td class='num {cls}'>{d['mean'] * 100:+.1f} pt{mark}</td><td class=num>[{d['ci_low'] * 100:+.1f}, {d['ci_high'] * 100:+.1f}]</td>"
            f"<td class=num>{d['n']}</td></tr>"
        )

    def flips(items: list[dict], title: str) -> str:
        if not items:
            return f"<p class=muted>{escape(title)}：无</p>"
        lis = "".join(
            f"<li><code>{escape(i['id'])}</code> {escape(i['question'])} <span class=muted>{escape(FAILURE_LABELS.get(i.get('failure') or '', ''))}</span></li>"
            for i in items
        )
        return f"<p><b>{escape(title)}（{len(items)}）</b></p><ul>{lis}</ul>"

    base_cfg = diff.get("config") or {}
    return (
        f"<p class=muted>基线目录 <code>{escape(diff['dir'])}</code> · LLM {escape(str(base_cfg.get('llm', '?')))} · "
        f"共同题目 {diff['n_shared']} · 仅本次 {len(diff['only_current'])} · 仅基线 {len(diff['only_baseline'])} · "
        "差值按题目配对，区间为 95% bootstrap，* 表示区间不含 0。</p>"
        "<table><thead><tr><th>指标</th><th>基线</th><th>本次</th><th>差值</th><th>95% 区间</th><th>n</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        + flips(diff["pass_to_fail"], "由通过变为失败") + flips(diff["fail_to_pass"], "由失败变为通过")
    )


def _slice_rows(slices: dict, columns: tuple[str, ...]) -> str:
    """Table rows of per-tag or per-split aggregates: the slice's name, its n, the mean of each column."""
    return "".join(
        f"<tr><td>{escape(name)}</td><td class=num>{t['n']}</td>"
        + "".join(f"<td class=num>{fmt(t['metrics'].get(n, {}).get('mean'))}</td>" for n in columns)
        + "</tr>"
        for name, t in slices.items()
    )


def _question_rows(rows: list[dict], questions: dict[str, EvalQuestion], k: int, flipped: dict[str, str]) -> str:
    out = []
    for r in rows:
        q = questions.get(r["id"])
        m = r.get("metrics") or {}
        passed = bool(m.get("pass"))
        failure = m.get("failure") or ""
        rel_ranks = set(m.get("relevant_ranks") or [])
        cites = "".join(
            f"<li>[{escape(str(c.get('n', '')))}] {escape(c.get('title') or c.get('source', ''))} {escape(c.get('section', ''))} "
            f"<span class=muted>{escape(c.get('source', ''))}</span></li>"
            for c in r.get("citations") or []
        )
        ctxs = "".join(
            f"<div class='ctx{' rel' if c.get('rank') in rel_ranks else ''}'><b>#{escape(str(c.get('rank')))}</b> "
            f"<code>{escape(c.get('source', ''))}</code> {escape(c.get('section', ''))} "
            f"<span class=muted>score {float(c.get('score') or 0):.3f}</span>\n{escape(c.get('text', ''))}</div>"
            for c in r.get("contexts") or []
        )
        expected = []
        if q is not None:
            if q.answers:
                expected.append("答案要点：" + "；".join(a if isinstance(a, str) else " / ".join(a) for a in q.answers))
            if q.expected_sources:
                expected.append("应检索到：" + "、".join(q.expected_sources))
            if q.evidence_any:
                expected.append("证据：" + " / ".join(q.evidence_any))
            if q.reference_answer:
                expected.append("参考答案：" + q.reference_answer)
            if q.should_refuse:
                expected.append("应当拒答")
        scores = " ".join(
            f"{escape(label(key))}={fmt(m.get(key))}"
            for key in (f"hit@{k}", "mrr", "answer_containment", "keyword_coverage", "rouge_l", "citation_validity", "faithfulness", "correctness")
            if m.get(key) is not None
        )
        warn = ""
        if m.get("unsupported_numbers"):
            warn = f"<div class=bad>无依据数字：{escape('、'.join(m['unsupported_numbers']))}</div>"
        if r.get("error"):
            warn += f"<div class=bad>{escape(r['error'])}</div>"
        tags = " ".join(q.tags) if q else ""
        answer = "（拒答）" + (r.get("answer") or "") if r.get("refused") else (r.get("answer") or "")
        badge = '<span class="pass">通过</span>' if passed else f'<span class="fail">失败</span><div class=muted>{escape(FAILURE_LABELS.get(failure, failure))}</div>'
        if r["id"] in flipped:
            badge += f"<div class=muted>{escape(flipped[r['id']])}</div>"
        out.append(
            f"<tr class=q data-pass='{int(passed)}' data-failure='{escape(failure)}' data-tags='{escape(tags)}' data-flip='{escape(flipped.get(r['id'], ''))}'>"
            f"<td><code>{escape(r['id'])}</code><div class=muted>{escape(tags)}</div></td><td>{badge}</td>"
            f"<td>{escape(r.get('question', ''))}<div class=muted>{'<br>'.join(escape(e) for e in expected)}</div></td>"
            f"<td class=ans>{escape(answer)}{warn}<div class=muted>{escape(r.get('llm', ''))} · {float((r.get('latency_ms') or {}).get('total') or 0):.0f} ms</div></td>"
            f"<td><div class=muted>{scores}</div><ul>{cites}</ul><details><summary>检索到的段落（{len(r.get('contexts') or [])}）</summary>{ctxs}</details></td></tr>"
        )
    return "".join(out)


def render(summary: dict, rows: list[dict], questions: dict[str, EvalQuestion]) -> str:
    """The whole page as a string (every piece of text passed through ``html.escape``)."""
    cfg = summary.get("config", {})
    k = int(cfg.get("k", 5))
    metrics = summary.get("metrics", {})
    lat = summary.get("latency_ms", {})
    timings = summary.get("timings", {})
    diff = summary.get("baseline")
    flipped = {}
    if diff:
        flipped.update({i["id"]: "通过→失败" for i in diff["pass_to_fail"]})
        flipped.update({i["id"]: "失败→通过" for i in diff["fail_to_pass"]})

    tag_items = sorted(
        ((tag, t["metrics"]["pass_rate"]["mean"], f"n={t['n']}")
         for tag, t in summary.get("by_tag", {}).items() if "pass_rate" in t["metrics"]),
        key=lambda item: (item[1], item[0]),
    )
    slice_cols = (f"hit@{k}", "mrr", "answer_containment", "answer_in_first_line", "pass_rate")
    tag_table = _slice_rows(summary.get("by_tag", {}), slice_cols)
    split_table = _slice_rows(summary.get("by_split", {}), slice_cols)
    slice_head = (f"<th>n</th><th>{escape(label(f'hit@{k}'))}</th><th>MRR</th><th>答案包含率</th><th>首行含答案</th><th>通过率</th>")
    split_section = (f"<h2>分数据集划分（split）</h2><table><thead><tr><th>划分</th>{slice_head}</tr></thead><tbody>{split_table}</tbody></table>"
                     if split_table else "")
    ranks = Counter()
    for r in rows:
        m = r.get("metrics") or {}
        if m.get(f"hit@{k}") is None:
            continue
        first = next((x for x in (m.get("relevant_ranks") or []) if x <= k), None)
        ranks[str(first) if first else "未命中"] += 1
    rank_bins = [(str(i), ranks.get(str(i), 0)) for i in range(1, k + 1)] + [("未命中", ranks.get("未命中", 0))]
    score_key = next((s for s in ("rouge_l", "char_f1", "keyword_coverage", "faithfulness") if s in metrics), None)
    score_bins = []
    if score_key:
        vals = [r["metrics"][score_key] for r in rows if r.get("metrics", {}).get(score_key) is not None]
        score_bins = [(f"{i / 10:.1f}", sum(1 for v in vals if i / 10 <= v < (i + 1) / 10 or (i == 9 and v == 1.0))) for i in range(10)]
    totals = [float(r["latency_ms"]["total"]) for r in rows if (r.get("latency_ms") or {}).get("total") is not None and not r.get("error")]
    failures = summary.get("failures", {})
    fail_items = "".join(f"<li>{escape(FAILURE_LABELS.get(f, f))}：{c}</li>" for f, c in failures.items()) or "<li>无</li>"
    lat_rows = "".join(
        f"<tr><td>{escape(key)}</td><td class=num>{_fmt_ms(v.get('p50'))}</td><td class=num>{_fmt_ms(v.get('p95'))}</td><td class=num>{_fmt_ms(v.get('mean'))}</td><td class=num>{v.get('n', 0)}</td></tr>"
        for key, v in lat.items()
    )
    tag_options = "".join(f"<option value='{escape(t)}'>{escape(t)}</option>" for t in summary.get("by_tag", {}) if t != "(none)")
    failure_options = "".join(f"<option value='{escape(f)}'>{escape(FAILURE_LABELS.get(f, f))}</option>" for f in failures)
    charts = "".join(filter(None, [
        _bar_chart("各标签通过率（低的在前）", tag_items),
        _histogram(f"首个相关段落的排名（top {k}）", rank_bins, color="#2f81f7"),
        _histogram("每题总耗时分布（秒）", _latency_bins(totals), color="#bf8700"),
        _histogram(f"{label(score_key)} 分布", score_bins) if score_key else "",
    ]))
    used = "，".join(f"{name or '（错误）'} {count}" for name, count in summary.get("llm_used", {}).items()) or "—"
    errors = f" · 运行错误 {summary['errors']} 题" if summary.get("errors") else ""
    cfg_items = "".join(f"<tr><th>{escape(str(key))}</th><td>{escape(str(v))}</td></tr>" for key, v in cfg.items())
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>协作顾问评测报告 · {escape(Path(str(cfg.get('questions', ''))).name)}</title><style>{CSS}</style></head>
<body><main>
<h1>协作顾问评测报告</h1>
<div class="muted">{escape(str(cfg.get('questions', '')))} · {summary.get('n', 0)} 题 · LLM {escape(str(cfg.get('llm', '')))} ·
嵌入 {escape(str(cfg.get('embedding_model', '')))} · k={k} · 知识库指纹 <code>{escape(str(cfg.get('kb_fingerprint', ''))[:12])}</code> ·
{escape(str(cfg.get('finished_at', '')))} · 用时 {timings.get('wall_seconds', 0):.0f}s</div>
<div class="muted">实际作答后端（含超时回退）：{escape(used)} · 本次作答 {timings.get('answered', 0)} 题，续跑沿用 {timings.get('resumed', 0)} 题{escape(errors)}</div>
<h2>总体指标（均值与 95% bootstrap 区间）</h2>{_cards(metrics)}
<p class=muted>通过：应拒答的题被拒答；其余题没有被拒答、答案要点全部包含（若给出）且前 k 个段落中有相关段落（若给出来源或证据）。误拒率与无依据数字比例越低越好。</p>
<h2>失败原因</h2><ul>{fail_items}</ul>
<h2>与基线对比</h2>{_baseline(diff)}
<h2>图表</h2><div class="charts">{charts}</div>
<h2>分标签</h2><table><thead><tr><th>标签</th>{slice_head}</tr></thead><tbody>{tag_table}</tbody></table>
{split_section}
<h2>耗时（毫秒）</h2><table><thead><tr><th>阶段</th><th>p50</th><th>p95</th><th>均值</th><th>n</th></tr></thead><tbody>{lat_rows}</tbody></table>
<h2>逐题明细</h2>
<div class="filters"><label>显示 <select id="f-mode"><option value="all">全部</option><option value="fail">仅失败</option>{failure_options}<option value="flip">与基线相比有变化</option></select></label>
<label>标签 <select id="f-tag"><option value="">全部</option>{tag_options}</select></label>
<label>搜索 <input id="f-text" type="search" placeholder="题目、回答、来源…"></label><span class="muted">显示 <b id="f-count">0</b> 题</span></div>
<table id="questions"><thead><tr><th>ID</th><th>结果</th><th>问题 / 期望</th><th>回答</th><th>得分、引用与检索段落</th></tr></thead>
<tbody>{_question_rows(rows, questions, k, flipped)}</tbody></table>
<h2>运行配置</h2><table>{cfg_items}</table>
</main><script>{JS}</script></body></html>
"""


def _fmt_ms(v: float | None) -> str:
    return "—" if v is None else f"{v:,.0f}"


def write_report(path: Path, summary: dict, rows: list[dict], questions: dict[str, EvalQuestion]) -> None:
    """Write report.html (UTF-8)."""
    Path(path).write_text(render(summary, rows, questions), encoding="utf-8")
