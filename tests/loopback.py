"""Helpers for tests that start real servers on loopback (Chroma, llama.cpp's OpenAI server, Gradio)."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def background_server(cmd: Sequence[str], health_url: str, log_path: Path, timeout: float,
                      env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """Run ``cmd`` until ``health_url`` answers, yield the process, then stop it.

    ``env`` replaces the environment when given. Output goes to ``log_path`` (a pipe would block a chatty server); a server that exits or does
    not answer within ``timeout`` seconds fails the test with the end of its log."""
    log = log_path.open("wb")
    proc = subprocess.Popen(list(cmd), stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + timeout
    try:
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"{cmd[0]} exited ({proc.returncode}): {log_path.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(health_url, timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"{health_url} did not answer within {timeout:.0f} s") from None
                time.sleep(0.3)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
