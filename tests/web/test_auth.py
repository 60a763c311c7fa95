"""Password hashing, the users file, and who may do what."""

from __future__ import annotations

import subprocess
import sys

import pytest

from web.auth import UserDirectory, UsersFileError, hash_password, load_users, verify_password


def test_hash_roundtrip_and_salt():
    h1, h2 = hash_password("秘密 secret"), hash_password("秘密 secret")
    assert h1 != h2 and h1.startswith("scrypt$")
    assert verify_password("秘密 secret", h1) and verify_password("秘密 secret", h2)
    assert not verify_password("secret", h1)
    assert not verify_password("x", "not-a-hash") and not verify_password("x", "scrypt$1$2$3$!!$!!")


def test_users_file_and_roles(tmp_path):
    path = tmp_path / "users.yaml"
    path.write_text(
        "users:\n"
        f"  li:\n    department: 财务部\n    roles: [manager, admin]\n    password_hash: \"{hash_password('pw')}\"\n"
        f"  wang:\n    department: 销售部\n    roles: manager\n    password_hash: \"{hash_password('pw2')}\"\n",
        encoding="utf-8",
    )
    users = UserDirectory.open(path)
    assert users.login_required
    assert users.authenticate("li", "pw") and not users.authenticate("li", "pw2") and not users.authenticate("nobody", "pw")
    assert users.is_admin("li") and not users.is_admin("wang") and not users.is_admin(None)
    assert users.user_for("wang").roles == frozenset({"manager"})
    assert users.user_for("li").department == "财务部"
    with pytest.raises(PermissionError):
        users.user_for("intruder")


def test_login_off_is_a_local_admin():
    users = UserDirectory.open(None)
    assert not users.login_required and users.user_for(None) is None and users.is_admin(None)
    assert users.owner(None) == "local"


@pytest.mark.parametrize("text,field", [
    ("users: []\n", "'users'"),
    ("users:\n  a:\n    department: x\n", "users.a.password_hash"),
    ("users:\n  a:\n    password_hash: \"scrypt$1$2$3$a$b\"\n    roles: {x: 1}\n", "users.a.roles"),
    ("users: [unclosed\n", "YAML"),
])
def test_bad_users_file_names_the_field(tmp_path, text, field):
    path = tmp_path / "users.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsersFileError) as err:
        load_users(path)
    assert str(path) in str(err.value) and field in str(err.value)


def test_missing_users_file(tmp_path):
    with pytest.raises(UsersFileError, match="not found"):
        UserDirectory.open(tmp_path / "nope.yaml")


def test_hash_command(tmp_path):
    out = subprocess.run([sys.executable, "-m", "web.auth", "hash"], input="hunter2\n", capture_output=True,
                         text=True, check=True).stdout.strip()
    assert verify_password("hunter2", out)
