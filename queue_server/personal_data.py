"""Personal data as the law asks (Law 91/2025/QH15, Decree 356/2025/NĐ-CP): an ID number is kept only as a keyed
hash, whose key lives in a file outside the database; a citizen is found by what they give. docs/privacy.md says
where every personal field goes and for how long."""
import hmac
import os
import re
import secrets
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from queue_protocol.errors import InvalidPersonalId
from queue_protocol.id_card import is_personal_id
from queue_protocol.text import Text
from queue_server.config import HallConfig

SECRET_BYTES = 32


class PersonKey:
    """HMAC-SHA256 under the hall's secret. The same ID number gives the same hash whichever way it came (a card
    at the kiosk, a dossier from the integration), so they match; without the secret, a stolen database cannot
    turn a hash back into a number by trying all 10^12 of them."""

    def __init__(self, secret: bytes):
        self._secret = secret

    def __repr__(self) -> str:
        return "PersonKey(…)"

    @classmethod
    def random(cls) -> "PersonKey":
        """A key for one engine's lifetime (tests); a hall's server always uses its secret file's."""
        return cls(secrets.token_bytes(SECRET_BYTES))

    def of(self, personal_id: str) -> str:
        """The hash stored in place of the number; raises InvalidPersonalId (which never repeats it)."""
        if not is_personal_id(personal_id):
            raise InvalidPersonalId()
        return hmac.new(self._secret, personal_id.encode("ascii"), "sha256").hexdigest()


class SecretFileError(Exception):
    """The secret file cannot be used: .text says why and what to do, in vi and en."""

    def __init__(self, path: Path, vi: str, en: str):
        self.text = Text(f"{path}: {vi}", f"{path}: {en}")
        super().__init__(f"{self.text.vi}\n  {self.text.en}")


def secret_path(config: HallConfig, config_path: Path | None, db_path: Path) -> Path:
    """[personal_data] secret_file, relative to the config file's folder; by default beside the database."""
    configured = config.personal_data.secret_file
    if not configured:
        return db_path.with_suffix(".key")
    path = Path(configured).expanduser()
    return path if path.is_absolute() or config_path is None else config_path.parent / path


def load_person_key(path: Path) -> PersonKey:
    """The hall's key from its secret file, which is created (readable by its owner only) when missing."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # O_EXCL: two processes starting at once cannot both write a different secret.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError as exc:  # its folder is a file, or may not be written
        raise SecretFileError(path, f"không tạo được tệp khóa ({exc.strerror})",
                              f"cannot create the secret file ({exc.strerror})") from None
    else:
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_hex(SECRET_BYTES) + "\n")
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretFileError(path, f"không đọc được tệp khóa ({exc})", f"cannot read the secret file ({exc})") from exc
    if mode & (stat.S_IROTH | stat.S_IWOTH):
        raise SecretFileError(path, "mọi người dùng đều đọc được tệp khóa; chạy: chmod 600 " + str(path),
                              "every user can read the secret file; run: chmod 600 " + str(path))
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) < 16:
        raise SecretFileError(path, "tệp khóa phải chứa ít nhất 32 chữ số thập lục phân",
                              "the secret file must hold at least 32 hexadecimal digits")
    return PersonKey(secret)


def same_name(a: str, b: str) -> bool:
    """The same full name whatever the case, spacing or way the accents were typed."""
    return _name_key(a) == _name_key(b)


def _name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def phone_key(phone: str) -> str:
    """Digits only, +84 written as 0: "+84 912 345 678" and "0912.345.678" are one phone."""
    digits = re.sub(r"\D", "", phone, flags=re.ASCII)
    return "0" + digits[2:] if digits.startswith("84") and len(digits) in (11, 12) else digits


@dataclass(frozen=True)
class FullNamesRead:
    """An admin was shown applicants' full names: the server writes it to the audit log (events table)."""
    via: str  # the command or "welcome"
    dossiers: tuple[str, ...]
