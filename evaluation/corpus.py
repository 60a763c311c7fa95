"""``--corpus DIR``: ingest a folder into its own store so the main knowledge base is never touched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.settings import Settings

MARKER = "EVAL_CORPUS"
DEFAULT_STORE = ".corpus_store"


class CorpusError(ValueError):
    """The corpus folder or its store folder cannot be used."""


def corpus_store_dir(out_dir: Path, data_dir: Path | None) -> Path:
    """Where the corpus store lives: ``--data-dir`` when given, else ``OUT/.corpus_store`` (kept for resuming)."""
    return Path(data_dir) if data_dir else Path(out_dir) / DEFAULT_STORE


def claim_store_dir(store_dir: Path, corpus: Path) -> None:
    """Refuse a folder that holds another knowledge base; mark it as an evaluation corpus store.

    ``sync`` mirrors the corpus, so pointing it at the product's data dir would delete the real
    documents: only an empty folder, or one this command created before, is accepted.
    """
    marker = store_dir / MARKER
    if store_dir.exists() and any(store_dir.iterdir()) and not marker.exists():
        raise CorpusError(
            f"{store_dir}: holds other data (not an evaluation corpus store) — "
            "pass an empty folder as --data-dir with --corpus, or leave --data-dir out"
        )
    store_dir.mkdir(parents=True, exist_ok=True)
    marker.write_text(str(Path(corpus).resolve()) + "\n", encoding="utf-8")


def ingest_corpus(settings: Settings, corpus: Path, store_dir: Path, progress: bool = True, *, wait: float = 0.0,
                  on_wait: Callable[[str], None] | None = None) -> tuple[Settings, object]:
    """Sync ``corpus`` into ``store_dir`` with the normal pipeline (waiting up to ``wait`` s for another writer of
    the store, ``on_wait`` told when it starts waiting); returns the corpus settings and the SyncReport."""
    from ingest.embeddings import make_embeddings
    from ingest.store import KnowledgeStore
    from ingest.sync import Syncer

    corpus = Path(corpus)
    if not corpus.is_dir():
        raise CorpusError(f"{corpus}: not a folder — pass the folder of documents to evaluate over as --corpus")
    claim_store_dir(store_dir, corpus)
    corpus_settings = settings.model_copy(update={"data_dir": store_dir, "knowledge_dir": corpus, "chroma_url": None})
    embeddings = make_embeddings(corpus_settings)
    store = KnowledgeStore.open(corpus_settings, embeddings)
    report = Syncer(corpus_settings, store, embeddings, wait=wait, on_wait=on_wait).sync(corpus, progress=progress)
    if store.count() == 0:
        problems = "; ".join(str(f) for f in getattr(report, "failed", [])[:3])
        raise CorpusError(f"{corpus}: no document could be ingested{' (' + problems + ')' if problems else ''} — check the files")
    return corpus_settings, report
