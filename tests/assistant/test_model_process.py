"""The local model in its own supervised process: on demand, shared, restarted, never orphaned.

Real llama.cpp server processes on loopback; the faults are real signals sent to them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from assistant import cpu_variant
from assistant.generation import Composed, make_composer
from assistant.model_process import ModelProcessConfig, shared_model_process
from assistant.thread_budget import machine_threads

QUESTION = "跨部门沟通不畅，我应该怎么做？请详细说明每一步。"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def _stopped(pid: int) -> bool:
    """Every thread of ``pid`` is stopped (the group stop is complete): the kernel's orphaned-group check only counts a
    process whose stop has completed, and the main thread alone shows T while a busy thread is still running."""
    states = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            states.append((task / "stat").read_text().rsplit(")", 1)[1].split()[0])
        except OSError:
            continue  # a thread that just ended
    return bool(states) and all(state == "T" for state in states)


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture(scope="module")
def composer(local_settings):
    composer = make_composer(local_settings.model_copy(update={"llm_timeout": 120.0}), "local", max_tokens=200)
    composer.warm_up()
    return composer


def _process(composer):
    return composer.backend.process


def _stream_and_signal(composer, contexts, sig: int, after: int = 2) -> tuple[list[str], Composed, int]:
    """Stream an answer and send ``sig`` to the model process after its ``after``-th streamed piece."""
    proc = _process(composer)
    pid = proc.pid
    assert pid, "model process not running"
    pieces: list[str] = []
    final = None
    for item in composer.stream(QUESTION, contexts):
        if isinstance(item, Composed):
            final = item
        else:
            assert "提示" not in item[:8] or len(pieces) >= after, f"the model failed before streaming: {item[:200]}"
            pieces.append(item)
            if len(pieces) == after:
                os.kill(pid, sig)
    assert final is not None
    return pieces, final, pid


def test_model_runs_in_its_own_process_on_a_safe_cpu_variant(composer, local_settings):
    proc = _process(composer)
    status = proc.status()
    assert status["pid"] and status["pid"] != os.getpid()
    assert status["cpu_variant"] in {"x64", "haswell", "alderlake", "skylakex", "icelake", "zen4", "builtin"}
    assert status["cpu_variant"] not in cpu_variant.UNSAFE_VARIANTS
    other = make_composer(local_settings, "local", max_tokens=16)
    other.warm_up()
    assert other.backend.process is proc and proc.pid == status["pid"]  # one model process, shared


def _health(proc) -> dict:
    with urllib.request.urlopen(proc.base_url[: -len("/v1")] + "/health", timeout=10) as response:
        return json.loads(response.read())


def test_busy_cores_give_the_model_fewer_threads(composer, problem_contexts):
    """With every core held by another process, the next answer runs on one thread, not on a barrier-bound two."""
    proc = _process(composer)
    proc.ensure_running()
    assert _health(proc)["max_threads"] == proc.config.threads == machine_threads()  # ADVISOR_LLM_THREADS unset
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(os.cpu_count() or 2)]
    try:
        time.sleep(1.5)  # a whole background window (0.5 s) of the server's idle watch falls inside the hogs' run
        answer = composer.compose("会议纪要什么时候发？", problem_contexts)
        assert answer.llm == "local", answer.warnings
        assert _health(proc)["threads"] == 1
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


def test_sigkill_mid_answer_falls_back_then_restarted_model_answers(composer, problem_contexts):
    pieces, final, pid = _stream_and_signal(composer, problem_contexts, signal.SIGKILL)
    assert final.llm == "extractive" and "结论：" in final.text
    assert any("已改用摘录式回答" in w for w in final.warnings), final.warnings
    assert final.text.startswith("结论：") and final.text.splitlines()[-1].startswith("（提示：")
    _wait(lambda: not _alive(pid), 10, "the killed process to be reaped")
    proc = _process(composer)
    _wait(lambda: proc.pid is not None and proc.pid != pid, 60, "a restarted model process")
    again = composer.compose("会议纪要什么时候发？", problem_contexts)
    assert again.llm == "local", again.warnings
    assert proc.status()["last_exit"] == "killed by SIGKILL"


def test_sigill_mid_answer_falls_back_and_excludes_the_faulting_variant(composer, problem_contexts):
    proc = _process(composer)
    proc.ensure_running()
    variant = proc.status()["cpu_variant"]
    pieces, final, pid = _stream_and_signal(composer, problem_contexts, signal.SIGILL)
    assert final.llm == "extractive" and any("已改用摘录式回答" in w for w in final.warnings)
    _wait(lambda: proc.pid is not None and proc.pid != pid, 60, "a restarted model process")
    again = composer.compose("会议纪要什么时候发？", problem_contexts)
    assert again.llm == "local", again.warnings
    status = proc.status()
    assert status["last_exit"] == "killed by SIGILL"
    if variant != "builtin":  # the variant that faulted is never chosen again on this machine
        assert variant in status["excluded_variants"] and status["cpu_variant"] != variant
        recorded = json.loads((Path(proc.config.model_path).parent / "cpu-variants-excluded.json").read_text())
        assert variant in recorded


def test_hung_model_times_out_and_is_restarted(local_settings, problem_contexts):
    composer = make_composer(local_settings.model_copy(update={"llm_timeout": 45.0}), "local", max_tokens=200)
    composer.warm_up()
    proc = _process(composer)
    pid = proc.pid
    try:
        pieces, final, _ = _stream_and_signal(composer, problem_contexts, signal.SIGSTOP, after=1)
        assert final.llm == "extractive" and any("超时" in w for w in final.warnings), final.warnings
        _wait(lambda: proc.pid is not None and proc.pid != pid, 60, "the hung process to be replaced")
        assert proc.status()["last_exit"].startswith("hung"), proc.status()
    finally:
        if _alive(pid):
            os.kill(pid, signal.SIGCONT)
    assert not _alive(pid)
    again = make_composer(local_settings.model_copy(update={"llm_timeout": 120.0}), "local", max_tokens=40)
    assert again.compose("会议纪要什么时候发？", problem_contexts).llm == "local"


PARENT = textwrap.dedent(
    """
    import multiprocessing, os, sys, time
    from pathlib import Path
    from assistant.model_process import ModelProcessConfig, shared_model_process
    proc = shared_model_process(ModelProcessConfig(model_path=Path(sys.argv[1]), log_path=Path(sys.argv[2])))
    proc.ensure_running()
    forked = None
    if sys.argv[3] == "fork":  # forked without exec: the child inherits every descriptor, the pipe's write end too
        forked = multiprocessing.get_context("fork").Process(target=time.sleep, args=(600,))
        forked.start()
    print(proc.pid, forked.pid if forked else "", flush=True)
    if sys.argv[3] == "forkexit":  # children forked without exec that leave normally, as workers do
        pid = os.fork()
        if pid == 0:
            sys.exit(0)  # a normal exit runs the atexit hooks the child inherited (``ModelProcess.stop``)
        deadline = time.monotonic() + 30
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:  # on main the child hangs on the owner's Popen lock after killing
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                break
            time.sleep(0.1)
        worker = multiprocessing.get_context("fork").Process(target=int)  # leaves through os._exit
        worker.start()
        worker.join(30)
        print("children exited", flush=True)
    if sys.argv[3] == "exit":
        sys.stdin.readline()  # exit only once the test has seen the model process alive
    else:
        time.sleep(600)
    """
)


def _start_parent(local_model_path: Path, tmp_path: Path, mode: str) -> tuple[subprocess.Popen, int, int | None]:
    """A parent process owning a model process (``mode``: wait, exit or fork); returns it, the model's pid and
    the pid of the child it forked (fork)."""
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(local_model_path), str(tmp_path / "server.log"), mode],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[2])
    pids = parent.stdout.readline().split()
    assert pids and all(p.isdigit() for p in pids), (tmp_path / "server.log").read_text(errors="replace")[-2000:]
    child = int(pids[0])
    assert _alive(child)
    return parent, child, int(pids[1]) if len(pids) > 1 else None


@pytest.mark.parametrize("how", ["sigkill", "exit"])
def test_no_orphan_after_parent_dies(local_model_path, tmp_path, how):
    parent, child, _ = _start_parent(local_model_path, tmp_path, "wait" if how == "sigkill" else "exit")
    if how == "sigkill":
        parent.kill()
    else:
        parent.stdin.write("\n")
        parent.stdin.flush()
    parent.wait(timeout=60)
    _wait(lambda: not _alive(child), 15, f"model process {child} to exit after its parent ({how})")


@pytest.mark.parametrize("state", ["stopped", "forked"])
def test_no_orphan_after_parent_is_killed_while(local_model_path, tmp_path, state):
    """The parent is SIGKILLed while the model process is stopped (SIGSTOP, as the hang test sends: its parent
    watch cannot run), or while a child the parent forked lives on holding the pipe's write end."""
    parent, child, forked = _start_parent(local_model_path, tmp_path, "fork" if state == "forked" else "wait")
    try:
        if state == "stopped":
            os.kill(child, signal.SIGSTOP)
            _wait(lambda: _stopped(child), 15, f"model process {child} to stop")  # the kernel looks at the state
        parent.kill()
        parent.wait(timeout=60)
        if forked is not None:
            assert _alive(forked)  # the forked child outlives its parent and still holds the pipe
        _wait(lambda: not _alive(child), 15, f"model process {child} to exit after its parent died ({state})")
    finally:
        for pid in (child, forked):
            if pid is not None and _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_forked_child_exiting_normally_leaves_the_owners_model_process_running(local_model_path, tmp_path):
    """The owner forks without exec a child that ends with ``sys.exit`` (running the ``atexit`` hook it inherited,
    ``ModelProcess.stop``) and a multiprocessing 'fork' worker that ends: the owner's model process is the same
    process afterwards and still answers."""
    parent, child, _ = _start_parent(local_model_path, tmp_path, "forkexit")
    try:
        assert parent.stdout.readline().strip() == "children exited"
        port = re.findall(r"--port (\d+)", (tmp_path / "server.log").read_text(errors="replace"))[-1]
        time.sleep(1.0)  # a signal the child sent has been handled by now
        assert _alive(child), "the forked child's exit stopped the owner's model process"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as response:
            assert json.loads(response.read())["pid"] == child
    finally:
        parent.kill()
        parent.wait(timeout=60)
        _wait(lambda: not _alive(child), 15, f"model process {child} to exit after its parent")


# -- CPU variant choice (real variant modules of the installed build) ------------------------------


def test_amx_variant_is_never_chosen_and_forced_names_are_checked(tmp_path):
    lib = cpu_variant.llama_lib_dir()
    variants = cpu_variant.available_variants(lib)
    if not variants:
        pytest.fail("llama-cpp-python was not built portably (no libggml-cpu-<variant>.so): run `make install`")
    for f in lib.iterdir():
        if f.name.startswith("libggml"):
            shutil.copy2(f, tmp_path / f.name)
    best = cpu_variant.choose(tmp_path)
    # a module that scores like the best one but is named as the AMX variant must still be skipped
    shutil.copy2(best.path, tmp_path / "libggml-cpu-sapphirerapids.so")
    assert cpu_variant.choose(tmp_path).name == best.name
    assert cpu_variant.choose(tmp_path, excluded=frozenset({best.name})).name != best.name
    with pytest.raises(cpu_variant.CpuVariantError, match="ADVISOR_LLM_CPU_VARIANT"):
        cpu_variant.choose(tmp_path, forced="pentium4")
    assert cpu_variant.choose(tmp_path, forced="x64").name == "x64"
