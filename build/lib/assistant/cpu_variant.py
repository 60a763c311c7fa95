"""Pick the llama.cpp CPU backend variant to load: the fastest one this CPU can run *safely*.

The portable build (``scripts/build-llama-wheel.sh``) ships the CPU backend as several loadable
modules, ``libggml-cpu-<variant>.so`` (x64, haswell, alderlake, skylakex, icelake, zen4), each
with a ``ggml_backend_score()`` that returns 0 when the CPU lacks a needed feature. llama.cpp's own
loader takes the highest score; we do the same but never pick a variant with AMX tile code (it
faulted with SIGILL on a VM that advertises AMX), nor one listed as excluded (a variant that already
died with SIGILL on this machine, see ``assistant.model_process``).
"""

from __future__ import annotations

import ctypes
import os
import re
from dataclasses import dataclass
from pathlib import Path

UNSAFE_VARIANTS = frozenset({"sapphirerapids"})
"""Variants with AMX tile instructions: never chosen automatically."""
_VARIANT_FILE = re.compile(r"^libggml-cpu-(?P<name>[\w.]+)\.so$")


class CpuVariantError(RuntimeError):
    """No usable CPU backend; the message says what to do."""


@dataclass(frozen=True)
class CpuVariant:
    name: str  # "icelake", ..., or "builtin" for a build without loadable variants
    path: Path | None
    score: int


def llama_lib_dir() -> Path:
    """The folder holding libllama.so and the ggml libraries of the installed llama-cpp-python."""
    import importlib.util

    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.origin:
        raise CpuVariantError("llama-cpp-python is not installed — run `make install` (it builds the portable runtime)")
    return Path(spec.origin).parent / "lib"


def available_variants(lib_dir: Path) -> list[Path]:
    """The CPU variant modules shipped in ``lib_dir`` (empty for a single-library, e.g. native, build)."""
    return sorted(p for p in lib_dir.glob("libggml-cpu-*.so") if _VARIANT_FILE.match(p.name))


def variant_name(path: Path) -> str:
    match = _VARIANT_FILE.match(path.name)
    return match.group("name") if match else path.name


def score(path: Path) -> int:
    """The module's own ``ggml_backend_score()`` for this CPU (0 = cannot run here).

    Loading the module only runs its score function (a cpuid check), never the compute kernels.
    """
    lib = ctypes.CDLL(str(path), mode=os.RTLD_LOCAL | os.RTLD_NOW)
    fn = getattr(lib, "ggml_backend_score", None)
    if fn is None:
        return 0
    fn.restype = ctypes.c_int
    return int(fn())


def choose(lib_dir: Path, forced: str | None = None, excluded: frozenset[str] = frozenset()) -> CpuVariant:
    """The best safe variant in ``lib_dir``; ``forced`` (a variant name) overrides the choice.

    A build without variant modules (old or native build) yields ``CpuVariant("builtin", None, 0)``:
    llama.cpp then uses its single compiled-in backend.
    """
    paths = available_variants(lib_dir)
    if not paths:
        return CpuVariant("builtin", None, 0)
    by_name = {variant_name(p): p for p in paths}
    if forced:
        if forced not in by_name:
            raise CpuVariantError(
                f"ADVISOR_LLM_CPU_VARIANT={forced!r} is not in this build — choose one of {', '.join(sorted(by_name))}"
            )
        return CpuVariant(forced, by_name[forced], score(by_name[forced]))
    best: CpuVariant | None = None
    for name, path in by_name.items():
        if name in UNSAFE_VARIANTS or name in excluded:
            continue
        s = score(path)
        if s > 0 and (best is None or s > best.score):
            best = CpuVariant(name, path, s)
    if best is None:
        raise CpuVariantError(
            f"no CPU backend in {lib_dir} can run on this CPU (excluded: {sorted(excluded) or 'none'}) — "
            "rebuild the runtime with `make llama-runtime` or set ADVISOR_LLM=extractive"
        )
    return best


def load(variant: CpuVariant, lib_dir: Path) -> None:
    """Register the chosen variant with ggml before llama.cpp initialises (it then loads nothing else)."""
    if variant.path is None:
        return
    ggml = ctypes.CDLL(str(lib_dir / "libggml.so"), mode=os.RTLD_GLOBAL)
    ggml.ggml_backend_load.restype = ctypes.c_void_p
    ggml.ggml_backend_load.argtypes = [ctypes.c_char_p]
    if not ggml.ggml_backend_load(str(variant.path).encode()):
        raise CpuVariantError(f"{variant.path}: ggml could not load this CPU backend")
