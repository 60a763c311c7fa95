"""A throwaway PostgreSQL cluster on loopback for tests and benchmarks (Debian's ``postgresql`` package).

``LocalPostgres.start()`` runs ``initdb`` into a fresh temp folder (as the ``postgres`` user when
running as root: initdb refuses root), ``pg_ctl start`` on a free 127.0.0.1 port with trust
authentication, and ``stop()`` removes everything. Missing binaries raise ``FileNotFoundError``
naming ``make system-deps``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MISSING = ("PostgreSQL server binaries (initdb, pg_ctl) not found — run `make system-deps` "
           "(installs Debian's postgresql package) or put them on PATH")


def find_bindir() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``."""
    candidates = [os.environ.get("PG_BINDIR", "")] + sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb")).parent))
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    raise FileNotFoundError(MISSING)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LocalPostgres:
    """One running cluster; ``url(db)`` gives ``postgresql://postgres@127.0.0.1:PORT/db``."""

    root: Path
    port: int
    bindir: Path
    user: str | None  # OS user the server runs as (None = the current user)
    databases: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, timeout: float = 60) -> LocalPostgres:
        bindir = find_bindir()
        as_root = os.geteuid() == 0
        root = Path(tempfile.mkdtemp(prefix="advisor-pg-"))
        user = None
        if as_root:
            user = "postgres"
            entry = pwd.getpwnam(user)
            os.chown(root, entry.pw_uid, entry.pw_gid)
        pg = cls(root=root, port=_free_port(), bindir=bindir, user=user)
        pg._run("initdb", "-D", str(root / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8", "--no-sync")
        pg._run("pg_ctl", "-D", str(root / "data"), "-l", str(root / "server.log"), "-w", "-t", str(int(timeout)),
                "-o", f"-c listen_addresses=127.0.0.1 -p {pg.port} -k {root} -c fsync=off -c max_connections=200",
                "start")
        return pg

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bindir / tool), *args]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=self.root)
        if done.returncode != 0:
            log = (self.root / "server.log")
            tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr[-1500:]}\n{tail}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create an empty database (or a copy of ``template``) and return its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.databases.append(name)
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
