"""Web login: the users file (YAML), salted scrypt password hashes, and who is asking.

The users file (``settings.users_file``) looks like::

    users:
      zhangsan:
        display_name: 张三          # optional
        department: 人力资源部
        roles: [manager]            # "admin" opens the knowledge tab
        password_hash: "scrypt$16384$8$1$..."   # from: python -m web.auth hash

No users file means login is off: one local user who reads everything and administers the store.
"""

from __future__ import annotations

import argparse
import base64
import getpass
import hashlib
import hmac
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.types import User

ADMIN_ROLE = "admin"
LOCAL_USER = "local"  # history/feedback owner name when login is off

_SCHEME = "scrypt"
_N, _R, _P, _DKLEN = 2**14, 8, 1, 32


class UsersFileError(ValueError):
    """The users file is missing or malformed; the message names the file, the field and the fix."""


def hash_password(password: str) -> str:
    """Return ``scrypt$N$r$p$salt$hash`` (base64) for ``password``; store this in the users file."""
    if not password:
        raise ValueError("password must not be empty")
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN)
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"{_SCHEME}${_N}${_R}${_P}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check of ``password`` against a ``hash_password`` string; False on any malformed hash."""
    try:
        scheme, n, r, p, salt_b64, hash_b64 = stored.split("$")
        if scheme != _SCHEME:
            return False
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(hash_b64)
        digest = hashlib.scrypt(
            password.encode("utf-8"), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected),
            maxmem=256 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


@dataclass(frozen=True)
class Account:
    """One entry of the users file."""

    name: str
    password_hash: str
    department: str | None = None
    roles: frozenset[str] = frozenset()
    display_name: str = ""

    @property
    def user(self) -> User:
        return User(name=self.name, department=self.department, roles=self.roles)

    @property
    def is_admin(self) -> bool:
        return ADMIN_ROLE in self.roles


_DUMMY_HASH = f"{_SCHEME}${_N}${_R}${_P}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


class UserDirectory:
    """Accounts loaded from the users file; ``UserDirectory.open(None)`` means login is off."""

    def __init__(self, accounts: dict[str, Account] | None, source: Path | None = None) -> None:
        self._accounts = accounts
        self.source = source

    @classmethod
    def open(cls, path: Path | None) -> "UserDirectory":
        return cls(None) if path is None else cls(load_users(path), Path(path))

    @property
    def login_required(self) -> bool:
        return self._accounts is not None

    def authenticate(self, name: str, password: str) -> bool:
        """Gradio ``auth=`` callable: True when the name exists and the password matches."""
        if self._accounts is None:
            return True
        account = self._accounts.get((name or "").strip())
        ok = verify_password(password or "", account.password_hash if account else _DUMMY_HASH)
        return bool(account) and ok

    def account(self, name: str | None) -> Account | None:
        """The account for a logged-in name (None when login is off or the name is unknown)."""
        if self._accounts is None or not name:
            return None
        return self._accounts.get(name)

    def user_for(self, name: str | None) -> User | None:
        """The ``User`` the Advisor filters by; None (reads everything) only when login is off.

        Raises PermissionError for an unknown name while login is on, so no request ever runs
        unfiltered by mistake.
        """
        if self._accounts is None:
            return None
        account = self.account(name)
        if account is None:
            raise PermissionError("请先登录（未知用户）。")
        return account.user

    def is_admin(self, name: str | None) -> bool:
        """Admins get the knowledge tab; with login off the local user is the administrator."""
        if self._accounts is None:
            return True
        account = self.account(name)
        return bool(account and account.is_admin)

    def owner(self, name: str | None) -> str:
        """Key under which history and feedback are stored."""
        return LOCAL_USER if self._accounts is None else (name or "")

    def display_name(self, name: str | None) -> str:
        account = self.account(name)
        if account is None:
            return "本机用户" if self._accounts is None else (name or "")
        return account.display_name or account.name


def load_users(path: Path) -> dict[str, Account]:
    """Parse the users file; raises ``UsersFileError`` naming the file and the field at fault."""
    path = Path(path)
    if not path.is_file():
        raise UsersFileError(
            f"{path}: users file not found — create it (see examples/users.example.yaml) "
            "or unset ADVISOR_USERS_FILE to run without login"
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UsersFileError(f"{path}: not valid UTF-8 YAML ({exc}) — fix the syntax") from exc
    entries = data.get("users") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise UsersFileError(f"{path}: field 'users' must be a mapping of user name -> settings — see examples/users.example.yaml")
    accounts: dict[str, Account] = {}
    for name, spec in entries.items():
        where = f"{path}: users.{name}"
        if not isinstance(spec, dict):
            raise UsersFileError(f"{where} must be a mapping with password_hash, department, roles")
        pw = spec.get("password_hash")
        if not isinstance(pw, str) or not pw.startswith(f"{_SCHEME}$") or pw.count("$") != 5:
            raise UsersFileError(f"{where}.password_hash is missing or not a scrypt hash — generate one with: python -m web.auth hash")
        roles = spec.get("roles") or []
        if isinstance(roles, str):
            roles = [r.strip() for r in roles.replace("，", ",").split(",") if r.strip()]
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise UsersFileError(f"{where}.roles must be a list of role names, e.g. [manager, admin]")
        dept = spec.get("department")
        if dept is not None and not isinstance(dept, str):
            raise UsersFileError(f"{where}.department must be a department name (text)")
        accounts[str(name)] = Account(
            name=str(name), password_hash=pw, department=(dept or None),
            roles=frozenset(roles), display_name=str(spec.get("display_name") or ""),
        )
    return accounts


def main(argv: list[str] | None = None) -> int:
    """``python -m web.auth hash`` prints a password hash; ``check FILE`` validates a users file."""
    parser = argparse.ArgumentParser(prog="python -m web.auth", description="Users file helpers for the web login.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("hash", help="read a password (prompt, or stdin when piped) and print its hash")
    check = sub.add_parser("check", help="validate a users file")
    check.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if args.command == "hash":
        if sys.stdin.isatty():
            pw = getpass.getpass("密码 Password: ")
            if pw != getpass.getpass("再输一次 Repeat: "):
                print("passwords differ", file=sys.stderr)
                return 2
        else:
            pw = sys.stdin.readline().rstrip("\r\n")
        if not pw:
            print("empty password", file=sys.stderr)
            return 2
        print(hash_password(pw))
        return 0
    try:
        accounts = load_users(args.file)
    except UsersFileError as exc:
        print(exc, file=sys.stderr)
        return 2
    for a in accounts.values():
        print(f"{a.name}\t{a.department or '-'}\t{','.join(sorted(a.roles)) or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
