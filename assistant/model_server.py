"""The local model's own process: llama-cpp-python's OpenAI-compatible server on loopback.

Started by ``assistant.model_process.ModelProcess`` (never imported by the web server or the CLI
for anything but its argument names). It:

1. watches its parent: it exits when the pipe it inherited closes (parent exited, even by SIGKILL) or,
   should another process still hold the pipe's other end (a child the parent forked), when it finds
   itself re-parented (``--parent-pid``), checked every ``PARENT_POLL_S``;
2. loads the best safe CPU backend variant (``assistant.cpu_variant``) before llama.cpp starts;
3. serves ``/v1/chat/completions`` (llama-cpp-python's FastAPI app, one request at a time, a new
   request never interrupts a streaming one) on the listening socket it inherited, plus ``/health``,
   which answers without waiting for the model lock, and ``/v1/score`` (how likely a question is after each of
   some passages: ``assistant.query_likelihood``, the ``local`` reranker's scores);
4. before each request the model is idle for, sets its threads to the machine's idle cores (at most
   ``--threads``; ``assistant.thread_budget``), unless ``--fixed-threads``.

Run by hand: ``python -m assistant.model_server --model data/models/….gguf --port 8090``.
"""

from __future__ import annotations

import argparse
import os
import select
import socket
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from assistant import thread_budget
from assistant.prompt_states import DEFAULT_MAX_MB, PromptStates


PARENT_POLL_S = 1.0  # how often the parent watch checks for re-parenting


class ScoreRequest(BaseModel):
    """The body of ``POST /v1/score``."""

    question: str = Field(min_length=1, max_length=2000)
    passages: list[str] = Field(max_length=64)


def _parent_gone(fd: int | None, parent_pid: int | None) -> bool:
    """Wait up to ``PARENT_POLL_S``; True once the parent's end of the pipe closed or another process adopted us."""
    if fd is not None:
        readable, _, _ = select.select([fd], [], [], PARENT_POLL_S)
        if readable and not os.read(fd, 1):
            return True
    else:
        time.sleep(PARENT_POLL_S)
    return parent_pid is not None and os.getppid() != parent_pid


def _watch_parent(fd: int | None, parent_pid: int | None) -> None:
    """Exit as soon as the parent is gone: the pipe ``fd`` (its other end held by the parent) closes, or this
    process is no longer the child of ``parent_pid`` (the parent died while a process it forked keeps the pipe)."""

    def wait() -> None:
        try:
            while not _parent_gone(fd, parent_pid):
                pass
        except OSError:
            pass
        os._exit(0)

    threading.Thread(target=wait, name="parent-watch", daemon=True).start()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m assistant.model_server", description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="path of the GGUF file")
    parser.add_argument("--alias", default="local", help="model name clients send")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="listen port (ignored with --fd)")
    parser.add_argument("--fd", type=int, default=None, help="an inherited, already listening socket")
    parser.add_argument("--parent-fd", type=int, default=None, help="read end of a pipe held by the parent")
    parser.add_argument("--parent-pid", type=int, default=None, help="exit once this pid is no longer our parent")
    parser.add_argument("--threads", type=int, default=2, help="threads (the most, unless --fixed-threads)")
    parser.add_argument("--fixed-threads", action="store_true", help="always use --threads, whatever the load")
    parser.add_argument("--ctx", type=int, default=2048)
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--cpu-variant", default=None, help="force a CPU variant (e.g. haswell)")
    parser.add_argument("--exclude-variants", default="", help="comma-separated variants never to choose")
    parser.add_argument("--score-states-mb", type=int, default=DEFAULT_MAX_MB,
                        help="memory for the model's state after passages it scored, read again from there "
                             "(assistant.prompt_states; 0 = off)")
    return parser.parse_args(argv)


class ThreadBudgetMiddleware:
    """ASGI middleware running ``before_answer`` (in a worker thread) ahead of each ``POST /v1/...`` request."""

    def __init__(self, app: Any, before_answer: Callable[[], None]) -> None:
        self.app = app
        self.before_answer = before_answer

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and scope.get("method") == "POST" and scope.get("path", "").startswith("/v1/"):
            import anyio

            try:
                await anyio.to_thread.run_sync(self.before_answer)
            except Exception as exc:  # a failed measurement never costs the answer
                print(f"model server: thread budget skipped: {exc!r}", file=sys.stderr, flush=True)
        await self.app(scope, receive, send)


def build_app(args: argparse.Namespace, variant_name: str) -> Any:
    """llama-cpp-python's FastAPI app for one model, plus a lock-free ``/health``."""
    from llama_cpp.server import app as server_app
    from llama_cpp.server.settings import ModelSettings, ServerSettings

    model = ModelSettings(
        model=args.model, model_alias=args.alias, n_ctx=args.ctx, n_batch=args.batch, n_ubatch=args.batch,
        n_threads=args.threads, n_threads_batch=args.threads, logits_all=False, seed=0, verbose=False,
    )
    server = ServerSettings(host=args.host, port=args.port or 8000, interrupt_requests=False)
    app = server_app.create_app(server_settings=server, model_settings=[model])
    started = time.time()
    threads = {"now": args.threads}
    states = PromptStates(args.score_states_mb * 1024 * 1024)

    def budget_threads() -> None:
        """Give the idle model as many threads as the machine has idle cores (see ``assistant.thread_budget``)."""
        if server_app.llama_inner_lock.locked():
            return  # an answer is running: the CPU it uses is not another process's
        spare = watch.recent()  # the background window; only without one is the answer's own path sampled
        chosen = thread_budget.threads_for(thread_budget.spare_cores() if spare is None else spare, args.threads)
        if chosen != threads["now"]:
            llama = server_app._llama_proxy()
            llama._ctx.set_n_threads(chosen, chosen)
            llama.context_params.n_threads = llama.context_params.n_threads_batch = chosen
            threads["now"] = chosen

    if not args.fixed_threads:
        watch = thread_budget.IdleWatch(server_app.llama_inner_lock.locked)
        app.add_middleware(ThreadBudgetMiddleware, before_answer=budget_threads)

    def health() -> dict[str, Any]:
        return {
            "status": "ok", "model": args.alias, "cpu_variant": variant_name, "threads": threads["now"],
            "max_threads": args.threads,
            "busy": server_app.llama_outer_lock.locked(), "pid": os.getpid(), "uptime_s": round(time.time() - started, 1),
            "score_states": states.summary(),
        }

    app.add_api_route("/health", health, methods=["GET"])
    app.add_api_route("/v1/score", _score_route(server_app, states), methods=["POST"])
    return app


def _score_route(server_app: Any, states: PromptStates) -> Callable[..., Any]:
    """``POST /v1/score``: ``{"question", "passages"}`` → ``{"scores"}``, the question's log-likelihood after each
    passage (``assistant.query_likelihood``), under the same model locks as a chat request; the model's state after
    each passage's prompt is kept in ``states`` (used and changed only under those locks)."""
    from fastapi import Depends, HTTPException
    from starlette.concurrency import run_in_threadpool

    from assistant.query_likelihood import score_passages

    async def score(body: ScoreRequest, llama_proxy: Any = Depends(server_app.get_llama_proxy)) -> dict[str, Any]:
        try:
            scores = await run_in_threadpool(score_passages, llama_proxy(None), body.question, body.passages, states)
        except ValueError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from None
        return {"scores": scores}

    return score


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.parent_fd is not None or args.parent_pid is not None:
        _watch_parent(args.parent_fd, args.parent_pid)
    from assistant import cpu_variant

    lib_dir = cpu_variant.llama_lib_dir()
    excluded = frozenset(v for v in args.exclude_variants.split(",") if v)
    try:
        variant = cpu_variant.choose(lib_dir, args.cpu_variant, excluded)
        cpu_variant.load(variant, lib_dir)
    except cpu_variant.CpuVariantError as exc:
        print(f"model server: {exc}", file=sys.stderr, flush=True)
        return 3
    print(f"model server: CPU variant {variant.name} (score {variant.score}); loading {args.model}", file=sys.stderr, flush=True)
    app = build_app(args, variant.name)

    import uvicorn

    if args.fd is not None:
        sock = socket.socket(fileno=args.fd)
        config = uvicorn.Config(app, log_level="warning", access_log=False)
        print(f"model server: ready on fd {args.fd}", file=sys.stderr, flush=True)
        uvicorn.Server(config).run(sockets=[sock])
    else:
        print(f"model server: ready on http://{args.host}:{args.port}", file=sys.stderr, flush=True)
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
