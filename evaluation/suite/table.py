"""The README "Issue 9" table from a suite's out folder (one ``advisor eval`` folder per set)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from evaluation.answer_shapes import SHAPES, answer_shape
from evaluation.baseline import read_results
from evaluation.metrics import first_line
from evaluation.question_kinds import KINDS, question_kind, question_language
from evaluation.suite.definitions import Suite

TABLE_MD = "suite_table.md"
TABLE_JSON = "suite_table.json"
FIRST, ANYWHERE, SHARE = "answer_in_first_line", "answer_containment", "first_line_fact_share"
PASSAGES = "fact_in_passages"


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _values(rows: list[dict], name: str) -> list[float]:
    return [r["metrics"][name] for r in rows if r.get("metrics", {}).get(name) is not None]


def misses(rows: list[dict]) -> dict[str, int] | None:
    """Where the questions whose first line misses an asked fact lost it: ``answer`` (the answer states every asked
    fact further down), ``passages`` (the passages the answer was composed from state every asked fact, the answer
    not), ``retrieval`` (some asked fact is in none of those passages). None when a scored row has no
    ``fact_in_passages`` (results scored before the metric existed)."""
    scored = [r["metrics"] for r in rows if r.get("metrics", {}).get(FIRST) is not None]
    if any(m.get(PASSAGES) is None for m in scored):
        return None
    out = {"answer": 0, "passages": 0, "retrieval": 0}
    for m in scored:
        if m[FIRST] < 1.0:
            out["answer" if m[ANYWHERE] == 1.0 else "passages" if m[PASSAGES] == 1.0 else "retrieval"] += 1
    return out


def verdicts(rows: list[dict]) -> dict[str, int] | None:
    """Of the questions with an ``expected_verdict``: how many there are, and how many first lines wrote the right
    and the wrong yes/no (``verdict_accuracy``); None when no question of the set has one."""
    labelled = [r["metrics"] for r in rows if r.get("metrics", {}).get("wrong_verdict_rate") is not None]
    if not labelled:
        return None
    written = [m["verdict_accuracy"] for m in labelled if m.get("verdict_accuracy") is not None]
    return {"labelled": len(labelled), "right": int(sum(written)), "wrong": len(written) - int(sum(written))}


def _grouped(rows: list[dict], key_of: Callable[[dict], str]) -> dict[str, dict[str, int]]:
    """Per group (``key_of`` a results row) of the questions with facts: how many, and how many state every asked fact
    in the first line, anywhere, in the passages (counts, so that sets add up)."""
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        m = r.get("metrics", {})
        if m.get(FIRST) is None:
            continue
        c = out.setdefault(key_of(r), {"n": 0, "first_line": 0, "anywhere": 0, "in_passages": 0})
        c["n"] += 1
        for name, metric in (("first_line", FIRST), ("anywhere", ANYWHERE), ("in_passages", PASSAGES)):
            c[name] += m.get(metric) == 1.0
    return out


def kinds(rows: list[dict]) -> dict[str, dict[str, int]]:
    """``_grouped`` by question kind and language ("story · Chinese", ``evaluation.question_kinds``)."""
    return _grouped(rows, lambda r: f"{question_kind(r.get('question') or '')} · "
                                    f"{question_language(r.get('question') or '')}")


def shapes(rows: list[dict]) -> dict[str, dict[str, int]]:
    """``_grouped`` by the answer's shape (scenario or direct, ``evaluation.answer_shapes``)."""
    return _grouped(rows, lambda r: answer_shape(r.get("answer") or ""))


def figures(rows: list[dict]) -> dict:
    """The table's figures of one set's scored results lines."""
    refusals = _values(rows, "refusal_accuracy")
    latencies = sorted(float((r.get("latency_ms") or {}).get("total")) for r in rows
                       if not r.get("error") and (r.get("latency_ms") or {}).get("total") is not None)
    return {
        "n": len(rows),
        "n_facts": len(_values(rows, FIRST)),
        "first_line": _mean(_values(rows, FIRST)),
        "anywhere": _mean(_values(rows, ANYWHERE)),
        "fact_share": _mean(_values(rows, SHARE)),  # None for results scored before the metric existed
        "in_passages": _mean(_values(rows, PASSAGES)),
        "misses": misses(rows),
        "verdicts": verdicts(rows),
        "kinds": kinds(rows),
        "shapes": shapes(rows),
        "should_refuse": len(refusals),
        "refused_ok": int(sum(refusals)),
        "false_refusal_rate": _mean(_values(rows, "false_refusal_rate")),
        "citation_validity": _mean(_values(rows, "citation_validity")),
        "errors": sum(1 for r in rows if r.get("error")),
        "latency_p50_ms": _percentile(latencies, 50),
        "latency_p95_ms": _percentile(latencies, 95),
    }


def _percentile(sorted_values: list[float], q: float) -> float | None:
    """Linear-interpolated percentile (as numpy's default) of an ascending list."""
    if not sorted_values:
        return None
    pos = (len(sorted_values) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def lead_passage(row: dict) -> str:
    """The passage the answer's first line cites first, as ``source section`` (its question's id when it cites none):
    the key that tells whether several questions' changes come from one much-asked passage."""
    marker = re.search(r"\[(\d+)\]", first_line(row.get("answer") or ""))
    cited = next((c for c in row.get("citations") or [] if marker and str(c.get("n")) == marker.group(1)), None)
    return f"{cited.get('source')} {cited.get('section') or ''}".strip() if cited else f"(question {row['id']})"


def changes(rows: list[dict], base_rows: list[dict]) -> dict:
    """Per question (shared ids): up / down when first line + anywhere rose / fell; ``changed``: answer text differs.
    ``up_passages`` / ``down_passages``: the ``lead_passage`` of each up (its new answer) and down (its old answer)."""
    base = {r["id"]: r for r in base_rows}
    up: list[str] = []
    down: list[str] = []
    changed = 0
    for r in rows:
        b = base.get(r["id"])
        if b is None:
            continue
        now = sum(r["metrics"].get(m) or 0 for m in (FIRST, ANYWHERE))
        before = sum(b["metrics"].get(m) or 0 for m in (FIRST, ANYWHERE))
        if now > before:
            up.append(lead_passage(r))
        elif now < before:
            down.append(lead_passage(b))
        changed += (r.get("answer") or "") != (b.get("answer") or "")
    return {"shared": sum(1 for r in rows if r["id"] in base), "up": len(up), "down": len(down),
            "answers_changed": changed, "up_passages": up, "down_passages": down}


def distinct_changes(table: list[dict]) -> str | None:
    """One line over every set with a baseline: the ups and downs and how many distinct passages they lead with. Tune
    sets ask some passages many times, so a gain from a few passages shows several times over (round 35)."""
    with_changes = [e["changes"] for e in table if e.get("changes")]
    if not with_changes:
        return None
    up = [p for c in with_changes for p in c.get("up_passages", [])]
    down = [p for c in with_changes for p in c.get("down_passages", [])]
    return (f"All sets against the baseline: {len(up)} up, led by {len(set(up))} distinct passages; {len(down)} down, "
            f"{len(set(down))} distinct passages (a passage: the one the first line cites first, of the better answer).")


def _summary(folder: Path) -> dict:
    try:
        return json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def set_names(out: Path, suite: Suite | None) -> list[str]:
    """Set folders under ``out`` (those with results.jsonl): the sets file's order first, then the rest by name."""
    present = {p.name for p in Path(out).iterdir() if (p / "results.jsonl").is_file()} if Path(out).is_dir() else set()
    ordered = [n for n in (suite.sets if suite else []) if n in present]
    return ordered + sorted(present - set(ordered))


def build_table(out: Path, suite: Suite | None = None, baseline: Path | None = None) -> list[dict]:
    """One entry per set folder of ``out``: its figures, and with ``baseline`` the old figures and the changes."""
    table = []
    for name in set_names(out, suite):
        rows = read_results(Path(out) / name / "results.jsonl")
        s = suite.sets.get(name) if suite else None
        summary = _summary(Path(out) / name)
        entry = {"set": name, "label": s.label if s else "", "heldout": bool(s and s.heldout),
                 "llm": summary.get("config", {}).get("llm"),
                 # still running or interrupted: summary.json is written when every question is answered
                 "partial": summary.get("n") != len(rows), **figures(rows)}
        base_results = Path(baseline) / name / "results.jsonl" if baseline else None
        if base_results and base_results.is_file():
            base_rows = read_results(base_results)
            entry["baseline"] = figures(base_rows)
            entry["changes"] = changes(rows, base_rows)
        table.append(entry)
    return table


def _f(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _with_base(entry: dict, key: str) -> str:
    base = entry.get("baseline")
    return _f(entry[key]) + (f" ({_f(base[key])})" if base else "")


def _refusals(e: dict) -> str:
    acc = f"{e['refused_ok']}/{e['should_refuse']}" if e["should_refuse"] else "—"
    return f"{acc} / {_f(e['false_refusal_rate'])}"


def _latency(e: dict) -> str:
    if e["latency_p50_ms"] is None:
        return "—"
    return f"{e['latency_p50_ms']:.0f} / {e['latency_p95_ms']:.0f}"


def _misses(e: dict) -> str:
    m = e.get("misses")
    return "—" if not m else f"{m['answer']} / {m['passages']} / {m['retrieval']}"


def to_markdown(table: list[dict]) -> str:
    """The table as markdown, columns as in the README (old figures in brackets with a baseline)."""
    with_base = any("baseline" in e for e in table)
    with_verdicts = any(e.get("verdicts") for e in table)
    head = ["set", "n with facts", "fact in first line", "share of facts in first line", "fact anywhere", "fact in passages",
            "first-line misses: answer / passages / retrieval", "refusal acc. / false refusals", "citation validity",
            "latency p50 / p95 ms"] + (["yes/no written right / wrong (of labelled)"] if with_verdicts else []) \
        + (["up / down (answers changed)"] if with_base else [])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for e in table:
        name = f"`{e['set']}`" + (" (held-out)" if e["heldout"] else "") + (f" {e['label']}" if e["label"] else "")
        name += f" **(partial: {e['n']} answered)**" if e.get("partial") else ""
        n = f"{e['n_facts']} of {e['n']}" if e["n_facts"] != e["n"] else str(e["n"])
        cells = [name, n, _with_base(e, "first_line"), _with_base(e, "fact_share"), _with_base(e, "anywhere"),
                 _with_base(e, "in_passages"), _misses(e), _refusals(e), _f(e["citation_validity"]), _latency(e)]
        if with_verdicts:
            v = e.get("verdicts")
            cells.append(f"{v['right']} / {v['wrong']} (of {v['labelled']})" if v else "—")
        if with_base:
            c = e.get("changes")
            cells.append(f"{c['up']} / {c['down']} ({c['answers_changed']})" if c else "no baseline")
        lines.append("| " + " | ".join(cells) + " |")
    llms = sorted({e["llm"] for e in table if e.get("llm")})
    lines.append("")
    lines.append(f"LLM: {', '.join(llms) or '?'}; n with facts = questions with `answers` (not should-refuse); "
                 "fact in first line = every asked fact there; share = mean share of the asked facts there; "
                 "fact in passages = every asked fact in the passages the answer was composed from; first-line misses: "
                 "questions whose first line lacks an asked fact, counted as answer (the rest of the answer states every "
                 "asked fact) / passages (the passages do, the answer not) / retrieval (some asked fact in no passage); "
                 "up / down = questions whose first-line + anywhere score rose / fell against the baseline"
                 + ("; yes/no: first lines opening with a verdict (可以 / 不可以 / 需要 …) that matches / contradicts the "
                    "question's `expected_verdict`, of the questions that have one." if with_verdicts else "."))
    if (line := distinct_changes(table)) is not None:
        lines += ["", line]
    if (by_kind := kinds_markdown(table)) is not None:
        lines += ["", "By question kind:", "", by_kind.rstrip("\n")]
    if (by_shape := shapes_markdown(table)) is not None:
        lines += ["", "By answer shape:", "", by_shape.rstrip("\n")]
    return "\n".join(lines) + "\n"


def _kind_order(key: str) -> tuple[int, str]:
    kind, _, language = key.partition(" · ")
    return (KINDS.index(kind) if kind in KINDS else len(KINDS), language)


def _shape_order(key: str) -> tuple[int, str]:
    return (SHAPES.index(key) if key in SHAPES else len(SHAPES), key)


def kinds_markdown(table: list[dict]) -> str | None:
    """The questions of every set by kind and language (``kinds``), held-out sets apart from the others: where the
    first lines fail, whatever the sets are called. None when no set has questions with facts."""
    legend = ("Question kinds (`evaluation/question_kinds.py`): a story tells what happened before it asks; else yes/no, "
              "a fact (when / who / how many / where / a name) or how-to and open questions.")
    return _grouped_markdown(table, "kinds", "question kind", _kind_order, legend)


def shapes_markdown(table: list[dict]) -> str | None:
    """The questions of every set by the shape of their answer (``shapes``), held-out sets apart from the others: how
    the scenario composer's first lines fare against the direct answer's. None when no set has questions with facts."""
    legend = ("Answer shapes (`evaluation/answer_shapes.py`): the scenario composer's 现在先做 / Do now first line, "
              "or the direct answer's 结论.")
    return _grouped_markdown(table, "shapes", "answer shape", _shape_order, legend)


def _grouped_markdown(table: list[dict], field: str, label: str, order: Callable[[str], tuple[int, str]],
                      legend: str) -> str | None:
    """The sets' ``field`` counts (``_grouped``) added up, held-out sets apart from the others, one row a group in
    ``order``, then ``legend``; None when no set has questions with facts."""
    groups: dict[str, dict[str, dict[str, int]]] = {"held-out sets": {}, "other sets": {}}
    for e in table:
        into = groups["held-out sets" if e["heldout"] else "other sets"]
        for key, c in (e.get(field) or {}).items():
            total = into.setdefault(key, dict.fromkeys(c, 0))
            for name, v in c.items():
                total[name] += v
    keys = sorted({k for g in groups.values() for k in g}, key=order)
    if not keys:
        return None
    shown = [g for g in groups if groups[g]]
    head = [label] + [f"{g}: {col}" for g in shown for col in ("n", "first line", "anywhere", "in passages")]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key in keys:
        cells = [key]
        for g in shown:
            c = groups[g].get(key)
            cells += ["—"] * 4 if not c else [str(c["n"])] + [
                f"{c[name]} ({c[name] / c['n']:.2f})" for name in ("first_line", "anywhere", "in_passages")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n\n" + legend + "\n"


def write_table(out: Path, table: list[dict]) -> tuple[Path, Path]:
    """Write ``suite_table.md`` and ``suite_table.json`` into ``out``."""
    md, js = Path(out) / TABLE_MD, Path(out) / TABLE_JSON
    md.write_text(to_markdown(table), encoding="utf-8")
    js.write_text(json.dumps(table, ensure_ascii=False, indent=2), encoding="utf-8")
    return md, js
