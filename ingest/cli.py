"""``advisor ingest ...`` / ``python -m ingest ...``: sync, add, remove, list, stats, conflicts, rebuild.

Exit codes: 0 success, 1 some files failed, 2 bad usage or unusable store, 130 interrupted (Ctrl-C;
the store stays consistent).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ingest.settings import Settings, load_settings
from ingest.terminal import INTERRUPTED, err_console, fail, out_console

app = typer.Typer(help="Load guidance and policy documents into the knowledge store.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Store and state folder (overrides ADVISOR_DATA_DIR).",
                                              file_okay=False)]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
Wait = Annotated[float, typer.Option("--wait", min=0, metavar="SECONDS",
                                     help="When another ingest command or web upload is writing to the store, wait up "
                                          "to SECONDS for it to finish (default 0: fail at once).")]


@contextmanager
def _guard() -> Iterator[None]:
    """Turn expected failures into one clear line and the contract's exit codes."""
    from ingest.embeddings import EmbeddingConfigError
    from ingest.store import StoreError
    from state.db import StateError

    try:
        yield
    except KeyboardInterrupt:
        err_console().print("interrupted: the store is consistent (each document is on its old or its new version); "
                     "run `advisor ingest sync` again to finish", markup=False)
        raise typer.Exit(INTERRUPTED) from None
    except (StoreError, StateError, EmbeddingConfigError, FileNotFoundError, NotADirectoryError) as exc:
        raise fail(str(exc)) from None


def _settings(data_dir: Path | None) -> Settings:
    return load_settings(data_dir=data_dir)


def _open(settings: Settings, *, check_model: bool = True) -> tuple[Any, Any]:
    """(embeddings, store) for these settings."""
    from ingest.embeddings import make_embeddings
    from ingest.store import KnowledgeStore

    embeddings = make_embeddings(settings)
    return embeddings, KnowledgeStore.open(settings, embeddings, check_model=check_model)


def _run(data_dir: Path | None, action: Callable[[Any], Any], quiet: bool, *, check_model: bool = True,
         wait: float = 0.0) -> None:
    """Open the store, run ``action(syncer)`` (waiting up to ``wait`` s for another writer), print the summary, exit
    with the report's code."""
    from ingest.sync import SyncBusyError, Syncer

    def waiting(message: str) -> None:
        err_console().print(message, markup=False)

    with _guard():
        settings = _settings(data_dir)
        embeddings, store = _open(settings, check_model=check_model)
        try:
            report = action(Syncer(settings, store, embeddings, wait=wait, on_wait=waiting))
        except SyncBusyError as exc:
            raise fail(f"{exc}{'' if wait else ' (or pass --wait SECONDS)'}") from None
        _print_report(report, store)
        _calibrate_refusal(settings, store, embeddings)
        _build_glossary(store, embeddings)
        _build_case_index(store, embeddings)
        if getattr(report, "changed", True):  # a no-op sync stays a stat of each file
            _hint_conflicts(store)
    raise typer.Exit(report.exit_code)


def _calibrate_refusal(settings: Settings, store: Any, embeddings: Any) -> None:
    """Re-measure the refusal limits when the documents (or model) changed, so the first question is fast."""
    from assistant.calibration import calibrate, load
    from assistant.retrieval import HybridRetriever

    if store.count() == 0:
        return
    current = load(store)
    if current is not None and current.matches(store):
        return
    cal = calibrate(HybridRetriever.from_settings(settings, store=store, embeddings=embeddings))
    th = cal.thresholds
    out_console().print(f"refusal calibrated for {store.model_id}: in-domain {cal.in_domain:.3f}, off-topic "
                 f"{cal.off_topic:.3f} -> refuse below {th.hard:.3f} (or below {th.soft:.3f} with weak term "
                 f"coverage)", markup=False)


def _build_glossary(store: Any, embeddings: Any) -> None:
    """Build the store's own glossary (``assistant.store_glossary``) when the documents changed, so the
    first question does not wait for it."""
    from assistant.store_glossary import build_for, glossary_path

    if store.count() == 0 or glossary_path(store).exists():
        return
    glossary = build_for(store, embeddings)
    out_console().print(f"store glossary built: {len(glossary.terms)} terms", markup=False)


def _build_case_index(store: Any, embeddings: Any) -> None:
    """Embed the policy clauses' cases (``assistant.case_clauses``) when the documents changed, so no process
    embeds them at start-up."""
    from assistant.case_clauses import case_index_path, index_for

    if store.count() == 0 or case_index_path(store).exists():
        return
    index = index_for(store, embeddings)
    out_console().print(f"case index built: {len(index.cases)} cases of {len(index.docs)} clauses", markup=False)


def _hint_conflicts(store: Any) -> None:
    """After a sync: say when guidance and policies set different figures for one rule (answers name the policy's)."""
    from assistant.conflicts import conflicts_in_store

    found = conflicts_in_store(store)
    if found:
        out_console().print(f"{len(found)} guidance sentences set other figures than a policy for the same rule "
                     "(answers quoting them say the policy's): `advisor ingest conflicts` lists them", markup=False)


def _print_report(report: Any, store: Any) -> None:
    out = out_console()
    table = Table(title="ingest summary", show_header=True)
    table.add_column("added", justify="right")
    table.add_column("updated", justify="right")
    table.add_column("unchanged", justify="right")
    table.add_column("removed", justify="right")
    table.add_column("failed", justify="right")
    table.add_column("embedded", justify="right")
    table.add_column("reused", justify="right")
    table.add_column("seconds", justify="right")
    table.add_row(*(str(len(x)) for x in (report.added, report.updated, report.unchanged, report.removed,
                                          report.failed)),
                  str(report.chunks_embedded), str(report.chunks_reused), f"{report.seconds:.1f}")
    out.print(table)
    out.print(f"store: {store.location} — {len(store.documents())} documents, {store.count()} chunks, "
              f"model {store.model_id}", markup=False)
    if report.failed:
        err = err_console()
        err.print(f"{len(report.failed)} file(s) not ingested (their stored versions, if any, are unchanged):",
                  markup=False)
        for failure in report.failed:
            err.print(f"  {failure}", markup=False)


@app.command()
def sync(folder: Annotated[Path | None, typer.Argument(help="Folder to mirror (default: ADVISOR_KNOWLEDGE_DIR).")] = None,
         data_dir: DataDir = None, quiet: Quiet = False, wait: Wait = 0.0) -> None:
    """Make the store mirror FOLDER: add new files, replace changed ones, remove deleted ones.

    A store written by an older index format (what is embedded per chunk changed) is rebuilt once.
    """
    if _older_index_format(data_dir):
        err_console().print("the store was built with an older index format (bare passages): rebuilding it once, "
                     "which re-embeds every document …", markup=False)
        _run(data_dir, lambda s: s.rebuild(folder, progress=not quiet), quiet, check_model=False, wait=wait)
    _run(data_dir, lambda s: s.sync(folder, progress=not quiet), quiet, wait=wait)


def _older_index_format(data_dir: Path | None) -> bool:
    """True when the store holds chunks of an index format older than this code writes."""
    from ingest.chunking import INDEX_FORMAT

    with _guard():
        _, store = _open(_settings(data_dir), check_model=False)
        stored = (store.collection.metadata or {}).get("index_format")
        return store.count() > 0 and str(stored) != str(INDEX_FORMAT)


@app.command()
def add(paths: Annotated[list[Path], typer.Argument(help="Files or folders to add or replace.")],
        data_dir: DataDir = None, quiet: Quiet = False, wait: Wait = 0.0) -> None:
    """Add or replace single files (sources are relative to the knowledge folder, else to their parent)."""
    _run(data_dir, lambda s: s.add(paths, progress=not quiet), quiet, wait=wait)


@app.command()
def remove(sources: Annotated[list[str], typer.Argument(help="Sources as shown by `list`, e.g. policies/meetings.md.")],
           data_dir: DataDir = None, wait: Wait = 0.0) -> None:
    """Remove documents by source."""
    _run(data_dir, lambda s: s.remove(sources), True, wait=wait)


@app.command()
def rebuild(folder: Annotated[Path | None, typer.Argument(help="Folder to ingest (default: ADVISOR_KNOWLEDGE_DIR).")] = None,
            data_dir: DataDir = None, quiet: Quiet = False, wait: Wait = 0.0) -> None:
    """Drop the store and re-embed everything (e.g. after changing ADVISOR_EMBEDDING)."""
    _run(data_dir, lambda s: s.rebuild(folder, progress=not quiet), quiet, check_model=False, wait=wait)


@app.command("list")
def list_documents(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Stored documents with their chunk counts."""
    from dataclasses import asdict

    with _guard():
        _, store = _open(_settings(data_dir), check_model=False)
        docs = store.documents()
    if as_json:
        typer.echo(json.dumps([asdict(d) for d in docs], ensure_ascii=False, indent=2))
        return
    table = Table(show_header=True)
    for name in ("source", "title", "type", "department", "version", "chunks"):
        table.add_column(name, justify="right" if name == "chunks" else "left", overflow="fold")
    for d in docs:
        table.add_row(d.source, d.title, d.doc_type, d.department, d.version, str(d.chunk_count))
    out = out_console()
    out.print(table)
    out.print(f"{len(docs)} documents, {sum(d.chunk_count for d in docs)} chunks", markup=False)


@app.command()
def conflicts(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Guidance sentences that set another time limit or share than a policy clause for the same rule."""
    from dataclasses import asdict

    from assistant.conflicts import conflicts_in_store

    with _guard():
        _, store = _open(_settings(data_dir), check_model=False)
        found = conflicts_in_store(store)
    if as_json:
        typer.echo(json.dumps([asdict(c) for c in found], ensure_ascii=False, indent=2))
        return
    out = out_console()
    if not found:
        out.print("no guidance sentence sets other figures than a policy for the same rule", markup=False)
        return
    table = Table(show_header=True, show_lines=True)
    for name in ("guidance", "says", "policy", "says"):
        table.add_column(name, overflow="fold")
    for c in found:
        table.add_row(f"{c.guidance_source} {c.guidance_section}\n{c.guidance}", "、".join(c.guidance_figures),
                      f"{c.policy_source} {c.policy_clause}\n{c.policy}", "、".join(c.policy_figures))
    out.print(table)
    out.print(f"{len(found)} disagreements; answers quoting such guidance end with a notice naming the policy's figure",
              markup=False)


@app.command()
def stats(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Totals, embedding model, store location, fingerprint and counts by type."""
    from ingest.keyword_index import saved_generation
    from state.db import hide_password, manifest_url

    with _guard():
        settings = _settings(data_dir)
        _, store = _open(settings, check_model=False)
        docs = store.documents()
        by_type: dict[str, dict[str, int]] = {}
        for d in docs:
            entry = by_type.setdefault(d.doc_type or "unknown", {"documents": 0, "chunks": 0})
            entry["documents"] += 1
            entry["chunks"] += d.chunk_count
        data = {
            "documents": len(docs),
            "chunks": store.count(),
            "embedding_model": store.model_id,
            "store": store.location,
            "manifest": hide_password(manifest_url(settings)),
            "data_dir": str(settings.data_dir.resolve()),
            "fingerprint": store.fingerprint(),
            "generation": store.generation(),
            "keyword_index_generation": saved_generation(settings),
            "by_type": by_type,
            "by_department": dict(Counter(d.department or "" for d in docs)),
        }
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    table = Table(show_header=False)
    table.add_column("key")
    table.add_column("value", overflow="fold")
    for key in ("documents", "chunks", "embedding_model", "store", "manifest", "data_dir", "fingerprint", "generation",
                "keyword_index_generation"):
        table.add_row(key, str(data[key]))
    for doc_type, entry in sorted(by_type.items()):
        table.add_row(f"type {doc_type}", f"{entry['documents']} documents, {entry['chunks']} chunks")
    out_console().print(table)
