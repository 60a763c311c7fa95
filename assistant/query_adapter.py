"""A learned query adapter: the question's vector moved toward the passages that answer questions like it.

The bundled embedding model ranks a manager's everyday story ("他们一直不点确认，这单子最后会怎么样？") below
clauses that merely share its words. Given labelled questions (each with the passages that state its facts), a
low-rank residual map of the query vector, ``q' = q + U (Vᵀ q)`` normalised, is learned with a softmax over every
passage of the store (the "embedding adapter" of Chroma's research, LlamaIndex's adapter fine-tuning): the passage
vectors stay as stored, nothing is re-embedded. Only the dense search's *ranking* reads the adapted vector; the
refusal evidence stays the plain cosine, so the store's calibrated limits still hold.

An adapter belongs to one embedding model (its ``model_id``): another model's vectors live in another space, and
a mismatched adapter is not applied. ``python -m evaluation.adapter_training`` learns the shipped one from suite sets,
``advisor adapter learn QUESTIONS`` a store's own from a company's eval questions (``evaluation/adapter_cli.py``).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

ADAPTER_FILE = Path(__file__).with_name("query_adapter.npz")
"""The shipped adapter, learned from the tune sets of ``evals/`` over the shipped knowledge base."""
FORMAT = 1
RANK = 32
"""Columns of ``U`` and ``V``: the adapter's capacity. Rank 32 / L2 0.1 was one of five settings compared (8–32,
L2 0.01–1); by leave-one-set-out on the tune sets it was second (MRR 0.644 vs 0.654 for rank 16 / L2 0.01), and the
held-out figures of all five were in view when it was chosen (round-26 note)."""
L2 = 0.1
TEMPERATURE = 0.02
"""Softmax temperature over cosines: the bundled model's cosines sit in a narrow band (about 0.8 to 0.9)."""
STEPS = 300
SEEDS = 4
"""Adapters averaged into the shipped one (``fit_ensemble``)."""
LEARNING_RATE = 0.01


class AdapterFileError(ValueError):
    """An adapter file that cannot be read; the message names the file and what to do."""


@dataclass(frozen=True)
class QueryAdapter:
    """``q' = (q + U Vᵀ q) / |q + U Vᵀ q|`` for vectors of ``model_id``."""

    u: np.ndarray
    v: np.ndarray
    model_id: str

    def apply(self, vector: Sequence[float]) -> list[float]:
        """The adapted, unit-length query vector."""
        q = np.asarray(vector, dtype=np.float64)
        q = q / (np.linalg.norm(q) or 1.0)
        z = q + self.u @ (self.v.T @ q)
        return (z / (np.linalg.norm(z) or 1.0)).astype(np.float32).tolist()

    def fingerprint(self) -> str:
        """12 hex digits of sha256 over ``U`` and ``V`` as saved: which adapter ranked a run's answers."""
        digest = hashlib.sha256(self.u.astype(np.float32).tobytes() + self.v.astype(np.float32).tobytes())
        return digest.hexdigest()[:12]

    def save(self, path: Path) -> None:
        """Write the adapter atomically (a half-written file never replaces a good one)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez(tmp, format=np.array(FORMAT), u=self.u.astype(np.float32), v=self.v.astype(np.float32),
                 model_id=np.array(self.model_id))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> "QueryAdapter":
        """Read an adapter file; ``AdapterFileError`` names the file when it is not one."""
        try:
            with np.load(path, allow_pickle=False) as data:
                if int(data["format"]) != FORMAT:
                    raise AdapterFileError(f"{path}: adapter format {int(data['format'])}, this version reads "
                                           f"{FORMAT}; learn it again (python -m evaluation.adapter_training)")
                u, v = np.asarray(data["u"], dtype=np.float64), np.asarray(data["v"], dtype=np.float64)
                model_id = str(data["model_id"])
        except AdapterFileError:
            raise
        except (OSError, KeyError, ValueError) as e:
            raise AdapterFileError(f"{path}: not a query adapter file ({type(e).__name__}: {e}); delete it or set "
                                   "ADVISOR_QUERY_ADAPTER=off") from None
        if u.ndim != 2 or u.shape != v.shape:
            raise AdapterFileError(f"{path}: U {u.shape} and V {v.shape} must be two matrices of one shape; "
                                   "learn it again (python -m evaluation.adapter_training)")
        return cls(u=u, v=v, model_id=model_id)


STORE_ADAPTER = "query_adapter.npz"
"""A store's own adapter, in its data dir (``advisor adapter learn``): ``auto`` prefers it to the shipped one."""


@dataclass(frozen=True)
class AdapterChoice:
    """Which adapter a setting resolves to: the adapter (None = plain dense ranking), its file and why."""

    adapter: QueryAdapter | None
    path: Path | None
    reason: str


def choose_adapter(setting: str | None, model_id: str, data_dir: Path | None = None) -> AdapterChoice:
    """The adapter ``setting`` names for a store of embedding model ``model_id``: ``"auto"``/None = the store's own
    (``<data_dir>/query_adapter.npz``) when there is one, else the shipped one when it was learned with ``model_id``
    (else none); ``"off"`` = none; anything else = a file path. A file that does not exist (a path), cannot be read, or
    was learned with another model (a path or the store's own) raises ``AdapterFileError`` naming it."""
    value = (setting or "auto").strip()
    if value.lower() == "off":
        return AdapterChoice(None, None, "ADVISOR_QUERY_ADAPTER=off")
    if value.lower() == "auto":
        own = data_dir / STORE_ADAPTER if data_dir is not None else None
        if own is not None and own.is_file():
            return AdapterChoice(_matching(own, model_id, "delete it"), own, "the store's own (advisor adapter learn)")
        if not ADAPTER_FILE.is_file():
            return AdapterChoice(None, None, "no adapter file shipped with this install")
        adapter = QueryAdapter.load(ADAPTER_FILE)
        if adapter.model_id != model_id:
            return AdapterChoice(None, None, f"the shipped adapter is for the embedding model {adapter.model_id!r}, "
                                             f"the store uses {model_id!r}")
        return AdapterChoice(adapter, ADAPTER_FILE, "the shipped one (learned on the bundled knowledge base)")
    path = Path(value)
    if not path.is_file():
        raise AdapterFileError(f"ADVISOR_QUERY_ADAPTER={value}: no such file; give an adapter file, auto or off")
    return AdapterChoice(_matching(path, model_id, "set ADVISOR_QUERY_ADAPTER=off"), path, "ADVISOR_QUERY_ADAPTER")


def _matching(path: Path, model_id: str, other_fix: str) -> QueryAdapter:
    adapter = QueryAdapter.load(path)
    if adapter.model_id != model_id:
        raise AdapterFileError(f"{path}: learned with the embedding model {adapter.model_id!r}, the store uses "
                               f"{model_id!r}; learn one for it (advisor adapter learn) or {other_fix}")
    return adapter


def load_adapter(setting: str | None, model_id: str, data_dir: Path | None = None) -> QueryAdapter | None:
    """The adapter ``choose_adapter`` picks, or None."""
    return choose_adapter(setting, model_id, data_dir).adapter


class AdapterFollower:
    """Follows the store's own adapter file for ``auto``: when another process writes, replaces or removes
    ``<data_dir>/query_adapter.npz`` (another replica's admin, ``advisor adapter learn``, ``advisor adapter reset``),
    ``changed`` returns the new choice once, so every replica ranks with it from its next search, no restart. A new
    file that cannot be used (another embedding model, unreadable) is logged and the adapter in use kept."""

    def __init__(self, setting: str | None, model_id: str, data_dir: Path) -> None:
        self.setting, self.model_id, self.path = setting, model_id, data_dir / STORE_ADAPTER
        self._lock = threading.Lock()
        self._seen = self._stamp()  # taken before the first choice is loaded: a write in between is seen

    @staticmethod
    def follows(setting: str | None) -> bool:
        """Whether ``setting`` (``ADVISOR_QUERY_ADAPTER``) is one the store's own file can change: ``auto``."""
        return (setting or "auto").strip().lower() == "auto"

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def changed(self) -> AdapterChoice | None:
        """The adapter to rank with now when the file changed since the last call, else ``None``."""
        stamp = self._stamp()
        if stamp == self._seen:
            return None
        with self._lock:
            if stamp == self._seen:
                return None
            self._seen = stamp
        try:
            return choose_adapter(self.setting, self.model_id, self.path.parent)
        except AdapterFileError as e:
            log.warning("query adapter file changed but cannot be used; keeping the one in use: %s", e)
            return None


def _unit(m: np.ndarray) -> np.ndarray:
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)


def gold_ranks(queries: np.ndarray, passages: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """Per query, the dense rank (1 = first) of its best gold passage; ``gold`` is a queries x passages mask."""
    scores = _unit(queries) @ _unit(passages).T
    best = np.where(gold, scores, -np.inf).max(axis=1, keepdims=True)
    return (scores > best).sum(axis=1) + 1


@dataclass(frozen=True)
class Block:
    """Labelled questions over one store: query vectors, the store's passage vectors, and which passages state
    each question's facts (a queries x passages mask)."""

    queries: np.ndarray
    passages: np.ndarray
    gold: np.ndarray


def fit(blocks: Sequence[Block], model_id: str, *, rank: int = RANK, l2: float = L2, temperature: float = TEMPERATURE,
        steps: int = STEPS, lr: float = LEARNING_RATE, seed: int = 0) -> QueryAdapter:
    """Learn ``U``, ``V`` (Adam, full batch) to maximise each query's softmax probability of its gold passages
    among all passages of its block; queries without a gold passage are ignored."""
    data = []
    for b in blocks:
        keep = b.gold.any(axis=1)
        if keep.any():
            data.append((_unit(np.asarray(b.queries, dtype=np.float64)[keep]), _unit(np.asarray(b.passages, np.float64)),
                         b.gold[keep]))
    if not data:
        raise ValueError("no question has a passage stating its facts: nothing to learn from")
    n = sum(len(x) for x, _, _ in data)
    dim = data[0][0].shape[1]
    rng = np.random.default_rng(seed)
    u, v = np.zeros((dim, rank)), rng.normal(0.0, 0.01, (dim, rank))
    moments = {name: (np.zeros((dim, rank)), np.zeros((dim, rank))) for name in ("u", "v")}
    for t in range(1, steps + 1):
        grads = {"u": l2 * u, "v": l2 * v}
        for x, p, g in data:
            h = x @ v
            zr = x + h @ u.T
            norm = np.linalg.norm(zr, axis=1, keepdims=True)
            z = zr / norm
            logits = (z @ p.T) / temperature
            logits -= logits.max(axis=1, keepdims=True)
            prob = np.exp(logits)
            prob /= prob.sum(axis=1, keepdims=True)
            target = np.where(g, prob, 0.0)
            target /= target.sum(axis=1, keepdims=True)
            dz = ((prob - target) / temperature / n) @ p
            dzr = (dz - z * (dz * z).sum(axis=1, keepdims=True)) / norm
            grads["u"] += dzr.T @ h
            grads["v"] += x.T @ (dzr @ u)
        for name, w in (("u", u), ("v", v)):
            m, s = moments[name]
            m *= 0.9
            m += 0.1 * grads[name]
            s *= 0.999
            s += 0.001 * grads[name] ** 2
            w -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(s / (1 - 0.999 ** t)) + 1e-8)
    return QueryAdapter(u=u, v=v, model_id=model_id)


def fit_ensemble(blocks: Sequence[Block], model_id: str, seeds: int = SEEDS, **options: Any) -> QueryAdapter:
    """The mean of ``seeds`` adapters learned from different starting points, as one adapter (their ``U`` and ``V``
    side by side): a single fit's held-out ranks move by a few points with its start, the mean's much less."""
    parts = [fit(blocks, model_id, seed=s, **options) for s in range(seeds)]
    return QueryAdapter(u=np.hstack([p.u for p in parts]) / len(parts), v=np.hstack([p.v for p in parts]),
                        model_id=model_id)
