"""Passwords stored as hashes (`xephang hash-password`), throttled sign-ins, sessions, the accounts' config."""
import subprocess
import sys

import pytest

from dashboard.sessions import IDLE_S, Sessions
from dashboard.throttle import Throttle
from queue_server.config import ConfigError, parse_config
from queue_server.passwords import verify_password
from tests.support import ROOT, TEST_HALL


def hash_password_cli(stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xephang.cli", "hash-password"], input=stdin, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_hash_password_reads_stdin_and_prints_a_hash_that_verifies():
    done = hash_password_cli("mật khẩu dài\n")
    assert done.returncode == 0, done.stderr
    stored = done.stdout.strip()
    assert stored.startswith("$argon2id$") and "mật khẩu" not in stored
    assert verify_password(stored, "mật khẩu dài") and not verify_password(stored, "mật khẩu dài\n")
    assert not verify_password("not a hash", "x")


def test_hash_password_refuses_a_secret_too_short():
    done = hash_password_cli("123\n")
    assert done.returncode == 2 and "Cần ít nhất 4 ký tự" in done.stderr and done.stdout == ""


def test_throttle_locks_after_five_failures_and_opens_again_later():
    now = [0.0]
    throttle = Throttle(clock=lambda: now[0])
    for _ in range(4):
        throttle.failed("account:quanly", "address:10.0.0.5")
    assert throttle.retry_after_s("account:quanly") == 0
    throttle.failed("account:quanly", "address:10.0.0.5")
    assert throttle.retry_after_s("account:quanly") == 300
    assert throttle.retry_after_s("account:xem", "address:10.0.0.5") == 300  # the address is locked too
    assert throttle.retry_after_s("account:xem", "address:10.0.0.6") == 0
    now[0] = 301
    assert throttle.retry_after_s("account:quanly") == 0


def test_sessions_end_when_idle_and_when_dropped():
    now = [0.0]
    sessions = Sessions(clock=lambda: now[0])
    session = sessions.new()
    assert sessions.get(session.id) is session and not session.csrf_matches("") and session.csrf_matches(session.csrf)
    now[0] = IDLE_S - 1
    assert sessions.get(session.id) is session  # each visit keeps it alive
    now[0] += IDLE_S + 1
    assert sessions.get(session.id) is None
    other = sessions.new()
    sessions.drop(other.id)
    assert sessions.get(other.id) is None and sessions.get(None) is None


BASE = TEST_HALL.read_text(encoding="utf-8")


@pytest.mark.parametrize("old, new, where, en", [
    ('id = "xem"', 'id = "quanly"', "account #2, key id", "duplicate account 'quanly'"),
    ('password_hash = "$argon2id$v=19$m=65536,t=3,p=4$QRuum', 'password_hash = "plain-text-$QRuum',
     "account #2, key password_hash", "not a hash made by `xephang hash-password`"),
    ('device = "dashboard-1"', 'device = "screen-1"', "[dashboard], key device",
     'must be the id of a [[devices]] entry with role = "admin"'),
    ('wait_alert_minutes = 30', 'wait_alert_minutes = 0', "[dashboard], key wait_alert_minutes", "must be 1 or more"),
    ('role = "viewer"', 'role = "boss"', "account #2, key role", "is not an accepted value (one of: manager, viewer)"),
])
def test_a_bad_account_or_dashboard_setting_is_named(old, new, where, en):
    assert old in BASE
    with pytest.raises(ConfigError) as error:
        parse_config(BASE.replace(old, new, 1).encode(), "hall.toml")
    text = error.value.text
    assert text.en.startswith(where) and en in text.en and text.vi.split(":")[0].startswith(
        ("tài khoản thứ 2", "[dashboard]"))
