"""The CI quality gate: the shipped knowledge base must keep answering the CI slice.

Same as ``advisor eval evals/ci_slice.jsonl --out OUT --llm extractive --fail-under ...`` over the
session's synced ``knowledge/`` store. Thresholds sit a little below the values measured when the
slice was made (docs/evaluation.md); raise them as the assistant improves.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

GATE = {
    "hit@5": 0.80,               # measured 0.909 (20/22)
    "mrr": 0.65,                 # measured 0.773
    "answer_containment": 0.50,  # measured 0.636 (7/11)
    "citation_validity": 0.95,   # measured 1.000
    "pass_rate": 0.55,           # measured 0.692 (18/26)
}


def test_ci_slice_meets_the_gate(kb_settings, repo_root, tmp_path):
    import typer

    from evaluation.cli import eval_command

    app = typer.Typer()
    app.command()(eval_command)
    out = tmp_path / "ci"
    args = [str(repo_root / "evals" / "ci_slice.jsonl"), "--out", str(out), "--data-dir", str(kb_settings.data_dir),
            "--llm", "extractive", "--no-progress"]
    for name, value in GATE.items():
        args += ["--fail-under", f"{name}={value}"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    measured = {name: round(summary["metrics"][name]["mean"], 3) for name in GATE}
    assert result.exit_code == 0, f"gate missed: {measured}\n{result.output}"
    assert summary["n"] == 26


def test_question_files_are_valid_and_consistent(repo_root):
    from evaluation.dataset import load_questions

    evals = repo_root / "evals"
    parts = [q for name in ("guidance.jsonl", "policies.jsonl") for q in load_questions(evals / name)]
    union = load_questions(evals / "collab_qa.jsonl")
    assert [q.to_dict() for q in union] == [q.to_dict() for q in parts], (
        "evals/collab_qa.jsonl must be guidance.jsonl + policies.jsonl: "
        "regenerate with `cat evals/guidance.jsonl evals/policies.jsonl > evals/collab_qa.jsonl`"
    )
    by_id = {q.id: q.to_dict() for q in union}
    ci = load_questions(evals / "ci_slice.jsonl")
    assert all(by_id.get(q.id) == q.to_dict() for q in ci), "every CI slice question must be a collab_qa question, unchanged"
    assert 20 <= len(ci) <= 30
