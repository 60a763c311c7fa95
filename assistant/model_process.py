"""Supervise the local model's server process (``assistant.model_server``).

The web server, ``advisor ask`` and ``advisor eval`` never load llama.cpp themselves: a crash or an
illegal instruction in the model kills only its process. ``shared_model_process(...)`` returns the
one ``ModelProcess`` of this Python process for a model file; every user of the process shares it.

- **On demand**: ``ensure_running()`` starts the child the first time and waits for ``/health``.
- **Port**: the parent binds a loopback socket and hands the listening descriptor to the child, so
  there is no race for the port; restarts reuse the same port (``base_url`` stays valid).
- **Supervision**: a monitor thread notices an unexpected exit, logs why (a signal such as SIGILL
  or SIGKILL, or the exit code and the end of the log) and restarts with back-off (0.5 s, doubling,
  at most 30 s; reset after a minute of healthy running). A variant that dies of SIGILL is excluded
  from then on (and recorded next to the model), so the next start uses the next-best CPU code.
- **Hangs**: ``report_failure()`` (called when an answer timed out) kills and restarts a child
  whose ``/health`` no longer answers; a child that is merely busy is left alone.
- **Clean stop**: ``stop()`` at interpreter exit (``atexit``); if the parent dies without running
  it (SIGKILL), the child sees its inherited pipe close and exits, so no orphan is left behind. A
  process the parent forked may keep the pipe open, so the child also exits once it is re-parented
  (``--parent-pid``). A process the parent forked without exec inherits the ``atexit`` hook too; when it exits
  normally, ``stop()`` sees it is not the parent (the pid that started the child) and leaves the child alone.
  The child runs in its own process group (the terminal's Ctrl-C and a group
  kill such as ``timeout``'s reach only the parent) but in the parent's session: if the parent dies
  while the child is stopped (SIGSTOP), the kernel sends the orphaned, stopped group SIGHUP and
  SIGCONT (POSIX job control), which a child in a session of its own would never get.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.prompt_states import DEFAULT_MAX_MB

log = logging.getLogger(__name__)

START_TIMEOUT_S = 120.0
HEALTH_TIMEOUT_S = 2.0
BACKOFF_FIRST_S = 0.5
BACKOFF_MAX_S = 30.0
HEALTHY_RESET_S = 60.0
EXCLUDED_FILE = "cpu-variants-excluded.json"


class ModelUnavailable(RuntimeError):
    """The model process is not running and cannot be started right now; the message says why."""


@dataclass(frozen=True)
class ModelProcessConfig:
    model_path: Path
    threads: int = 2
    ctx: int = 2048
    cpu_variant: str | None = None  # force a variant (ADVISOR_LLM_CPU_VARIANT)
    score_states_mb: int = DEFAULT_MAX_MB  # memory for scored passages' states (ADVISOR_LLM_SCORE_STATES_MB)
    log_path: Path | None = None  # child's stderr; default next to the model


def _describe_exit(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}"
    return f"exit code {code}"


class ModelProcess:
    """One supervised model server child; thread-safe."""

    def __init__(self, config: ModelProcessConfig) -> None:
        self.config = config
        self.log_path = config.log_path or config.model_path.with_name("model-server.log")
        self._lock = threading.RLock()
        self._proc: subprocess.Popen | None = None
        self._pipe_w: int | None = None
        self._port: int | None = None
        self._stopped = False
        self._failures = 0
        self._next_start = 0.0
        self._started_at = 0.0
        self._last_exit: str | None = None
        self._health: dict[str, Any] = {}
        self._killed_hung: int | None = None
        self._owner_pid = os.getpid()  # the process that started the child (``_spawn``); only it may stop it
        self._excluded = self._load_excluded()
        self.restarts = 0

    # -- public ------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>/v1`` (the port is fixed at the first start)."""
        with self._lock:
            if self._port is None:
                self._port = _free_port()
            return f"http://127.0.0.1:{self._port}/v1"

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def status(self) -> dict[str, Any]:
        """What runs where: pid, port, CPU variant, restarts, last exit reason."""
        return {"pid": self.pid, "base_url": self.base_url, "cpu_variant": self._health.get("cpu_variant"),
                "threads": self.config.threads, "restarts": self.restarts, "last_exit": self._last_exit,
                "excluded_variants": sorted(self._excluded), "log": str(self.log_path)}

    def health(self) -> dict[str, Any] | None:
        """The process's own ``/health`` now (threads, CPU variant, kept score states); None when it does not answer."""
        return self._probe()

    def ensure_running(self, timeout: float = START_TIMEOUT_S) -> str:
        """Start the child if it is not running, wait until it answers; return ``base_url``.

        Raises ``ModelUnavailable`` during a restart back-off or when the child fails to start.
        """
        with self._lock:
            if self._stopped:
                raise ModelUnavailable("本地模型进程已停止")
            if self._proc is not None and self._proc.poll() is None and self._health:
                return self.base_url
            if self._proc is None or self._proc.poll() is not None:
                wait = self._next_start - time.monotonic()
                if wait > 0:
                    raise ModelUnavailable(f"本地模型进程正在重启（{wait:.0f} 秒后重试，上次：{self._last_exit}）")
                self._spawn()
            proc = self._proc
        return self._wait_ready(proc, timeout)

    def report_failure(self) -> None:
        """An answer timed out or broke off: restart the child if it no longer answers ``/health``."""
        proc = self._proc
        if proc is None or proc.poll() is not None:
            return  # the monitor handles exits
        if not self._health:
            return  # still starting (loading the model): not a hang
        if self._probe() is None:
            log.warning("model server pid %s does not answer /health: killing it for a restart", proc.pid)
            self._killed_hung = proc.pid
            proc.kill()

    def stop(self) -> None:
        """Stop the child (SIGTERM, then SIGKILL after 5 s) and do not restart it.

        In a process forked from the owner without exec (its copy of this object, and of the ``atexit`` hook that
        calls this, came with the fork), the child is the owner's: this copy only lets go of it (``_let_go``).
        """
        if os.getpid() != self._owner_pid:
            self._let_go()
            return
        with self._lock:
            self._stopped = True
            proc, self._proc = self._proc, None
            self._close_pipe()
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    # -- internals ---------------------------------------------------------------------------

    def _let_go(self) -> None:
        """Forget the owner's child in a process forked from the owner: no signal to it and no wait for it (its
        ``Popen`` is not this process's to reap, and a lock another thread of the owner held at the fork stays held
        here). This process's copy of the pipe's write end is left to its exit: the descriptor may have been closed
        and its number reused since the fork, and the child's watch notices re-parenting without it."""
        self._stopped = True
        self._proc = None
        self._pipe_w = None

    def _spawn(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", self._port or 0))
        except OSError:  # someone took our port while the child was down: take a new one
            sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        sock.listen(64)
        read_end, write_end = os.pipe()  # parent keeps write_end (not inheritable); child watches read_end
        cmd = [sys.executable, "-m", "assistant.model_server", "--model", str(self.config.model_path),
               "--fd", str(sock.fileno()), "--parent-fd", str(read_end), "--parent-pid", str(os.getpid()),
               "--port", str(self._port),
               "--threads", str(self.config.threads), "--ctx", str(self.config.ctx),
               "--score-states-mb", str(self.config.score_states_mb),
               "--exclude-variants", ",".join(sorted(self._excluded))]
        if self.config.cpu_variant:
            cmd += ["--cpu-variant", self.config.cpu_variant]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log_file:
            log_file.write(f"\n--- {time.strftime('%Y-%m-%d %H:%M:%S')} starting: {' '.join(cmd)}\n".encode())
            log_file.flush()
            env = dict(os.environ, PYTHONUNBUFFERED="1")
            repo_root = str(Path(__file__).resolve().parents[1])
            env["PYTHONPATH"] = os.pathsep.join(p for p in (repo_root, env.get("PYTHONPATH")) if p)
            self._proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT,
                                          pass_fds=(sock.fileno(), read_end), process_group=0, env=env)
        os.close(read_end)
        sock.close()
        self._close_pipe()
        self._pipe_w = write_end
        self._owner_pid = os.getpid()
        self._health = {}
        self._started_at = time.monotonic()
        log.info("model server started: pid %s on %s", self._proc.pid, self.base_url)
        threading.Thread(target=self._monitor, args=(self._proc,), name="model-monitor", daemon=True).start()

    def _wait_ready(self, proc: subprocess.Popen, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise ModelUnavailable(f"本地模型进程启动失败（{_describe_exit(proc.returncode)}，日志：{self.log_path}）")
            health = self._probe()
            if health is not None:
                with self._lock:
                    if self._proc is proc:
                        self._health = health
                return self.base_url
            time.sleep(0.2)
        raise ModelUnavailable(f"本地模型进程 {timeout:.0f} 秒内未就绪（日志：{self.log_path}）")

    def _probe(self) -> dict[str, Any] | None:
        url = self.base_url[: -len("/v1")] + "/health"
        try:
            with urllib.request.urlopen(url, timeout=HEALTH_TIMEOUT_S) as resp:
                return json.loads(resp.read())
        except (OSError, ValueError):
            return None

    def _monitor(self, proc: subprocess.Popen) -> None:
        code = proc.wait()
        with self._lock:
            if self._stopped or self._proc is not proc:
                return
            reason = _describe_exit(code)
            if self._killed_hung == proc.pid:
                reason = "hung (no answer to /health), killed"
            self._last_exit = reason
            variant = self._health.get("cpu_variant")
            if code == -signal.SIGILL and variant and variant != "builtin":
                self._excluded.add(variant)
                self._save_excluded()
                log.error("model server died of SIGILL on CPU variant %s: excluded from now on", variant)
            elif code == -signal.SIGILL:
                log.error("model server died of SIGILL: this llama-cpp-python was compiled for another CPU "
                          "(not the portable build) — run `make llama-runtime` or set ADVISOR_LLM=extractive")
            healthy_for = time.monotonic() - self._started_at
            self._failures = 0 if healthy_for > HEALTHY_RESET_S else self._failures + 1
            backoff = min(BACKOFF_MAX_S, BACKOFF_FIRST_S * 2 ** max(0, self._failures - 1))
            self._next_start = time.monotonic() + backoff
            self._health = {}
            self._close_pipe()
            log.warning("model server pid %s %s; restarting in %.1f s (log: %s)", proc.pid, reason, backoff, self.log_path)
        time.sleep(backoff)
        with self._lock:
            if self._stopped or self._proc is not proc:
                return
            self.restarts += 1
            self._spawn()
            new = self._proc
        try:
            self._wait_ready(new, START_TIMEOUT_S)
        except ModelUnavailable as exc:
            log.warning("model server restart: %s", exc)

    def _close_pipe(self) -> None:
        if self._pipe_w is not None:
            try:
                os.close(self._pipe_w)
            except OSError:
                pass
            self._pipe_w = None

    def _excluded_path(self) -> Path:
        return self.config.model_path.with_name(EXCLUDED_FILE)

    def _load_excluded(self) -> set[str]:
        try:
            return set(json.loads(self._excluded_path().read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return set()

    def _save_excluded(self) -> None:
        try:
            self._excluded_path().write_text(json.dumps(sorted(self._excluded)), encoding="utf-8")
        except OSError:
            log.warning("could not record excluded CPU variants in %s", self._excluded_path())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_registry: dict[tuple[str, int, int, str | None, int], ModelProcess] = {}
_registry_lock = threading.Lock()


def shared_model_process(config: ModelProcessConfig) -> ModelProcess:
    """The one ``ModelProcess`` of this Python process for ``config`` (created on first use, stopped at exit)."""
    key = (str(Path(config.model_path).resolve()), config.threads, config.ctx, config.cpu_variant, config.score_states_mb)
    with _registry_lock:
        proc = _registry.get(key)
        if proc is None:
            proc = _registry[key] = ModelProcess(config)
            atexit.register(proc.stop)
        return proc
