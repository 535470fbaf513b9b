"""The hall's secret and the keyed hash of ID numbers; a citizen's name and phone matched as people write them."""
import stat
from pathlib import Path

import msgspec
import pytest

from queue_protocol.errors import InvalidPersonalId
from queue_server.config import PersonalDataSection
from queue_server.personal_data import PersonKey, SecretFileError, load_person_key, phone_key, same_name, secret_path
from tests.queue_server.engine_helpers import TEST_CONFIG
from tests.queue_server.test_cli import xephang
from tests.support import TEST_HALL

PID = "001099012345"


def test_the_hash_is_the_same_for_the_same_number_and_secret_only():
    key = PersonKey(b"a" * 32)
    assert key.of(PID) == PersonKey(b"a" * 32).of(PID) != PersonKey(b"b" * 32).of(PID)
    assert key.of(PID) != key.of("001099012346") and PID not in key.of(PID) and len(key.of(PID)) == 64
    assert repr(key) == "PersonKey(…)"
    with pytest.raises(InvalidPersonalId):
        key.of("1234")


def test_a_missing_secret_file_is_created_for_its_owner_only_and_then_reused(tmp_path):
    path = tmp_path / "keys" / "hall.key"
    first = load_person_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(bytes.fromhex(path.read_text())) == 32
    assert load_person_key(path).of(PID) == first.of(PID)


def test_a_secret_file_every_user_can_read_is_refused(tmp_path):
    path = tmp_path / "hall.key"
    path.write_text("ab" * 32)
    path.chmod(0o644)
    with pytest.raises(SecretFileError) as error:
        load_person_key(path)
    assert error.value.text.vi == f"{path}: mọi người dùng đều đọc được tệp khóa; chạy: chmod 600 {path}"
    assert error.value.text.en == f"{path}: every user can read the secret file; run: chmod 600 {path}"


@pytest.mark.parametrize("content", ["", "not hex at all", "abcd"])
def test_a_secret_file_without_a_secret_is_refused(tmp_path, content):
    path = tmp_path / "hall.key"
    path.write_text(content)
    path.chmod(0o600)
    with pytest.raises(SecretFileError) as error:
        load_person_key(path)
    assert error.value.text.en.endswith("the secret file must hold at least 32 hexadecimal digits")


def test_where_the_secret_file_is():
    db = Path("/var/lib/xephang/hall.db")
    assert secret_path(TEST_CONFIG, Path("/etc/xephang/hall.toml"), db) == Path("/var/lib/xephang/hall.key")
    for configured, expected in (("/etc/xephang/secret/hall.key", "/etc/xephang/secret/hall.key"),
                                 ("secret/hall.key", "/etc/xephang/secret/hall.key")):
        config = msgspec.structs.replace(TEST_CONFIG, personal_data=PersonalDataSection(secret_file=configured))
        assert secret_path(config, Path("/etc/xephang/hall.toml"), db) == Path(expected)


def test_the_server_will_not_start_with_a_secret_file_others_can_read(tmp_path):
    key = tmp_path / "hall.key"
    key.write_text("ab" * 32)
    key.chmod(0o604)
    result = xephang("server", "--config", str(TEST_HALL), "--db", str(tmp_path / "hall.db"), "--port", "0")
    assert result.returncode == 2
    assert result.stderr == (f"Lỗi tệp khóa / Secret file error:\n  {key}: mọi người dùng đều đọc được tệp khóa; "
                             f"chạy: chmod 600 {key}\n"
                             f"  {key}: every user can read the secret file; run: chmod 600 {key}\n")


@pytest.mark.parametrize("a, b", [("Nguyễn Văn An", "  nguyễn   VĂN an"),
                                  ("Nguyễn Văn An", "Nguye\u0302\u0303n Va\u0306n An")])  # accents typed apart
def test_a_name_matches_however_it_was_typed(a, b):
    assert same_name(a, b) and not same_name(a, "Nguyễn Văn Anh")


@pytest.mark.parametrize("phone", ["0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678"])
def test_a_phone_matches_however_it_was_written(phone):
    assert phone_key(phone) == "0912345678"
