"""The server's database file: its one server, what stops a start, and noticing it deleted or replaced.

A second server on the same file once started silently and a restart lost what the first had confirmed; a
file deleted under a running server let it confirm tickets into nothing. The server holds an exclusive lock
beside the file for its lifetime (reports and the dashboard read the file and never take it), and checks,
after every transaction and every tick, that the path still names the file it writes.
"""
import fcntl
import os
import sqlite3
import time
from pathlib import Path

from queue_protocol.text import Text


class DatabaseFileError(Exception):
    """The server cannot start on this file: .line says which file and what is wrong, in vi and en."""

    def __init__(self, path: Path, vi: str, en: str):
        self.path, self.text = Path(path), Text(vi, en)
        super().__init__(self.line)

    @property
    def line(self) -> str:
        return f"xephang server: {self.path}: {self.text.on_one_line()}"


class DatabaseLock:
    """flock on <database>.lock, held by an open descriptor until the process ends, however it ends."""

    def __init__(self, path: Path):
        self.path = Path(str(path) + ".lock")
        self._fd: int | None = None

    def take(self) -> "DatabaseLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise DatabaseFileError(self.path, f"không tạo được tệp khóa ({exc.strerror})",
                                    f"cannot create the lock file ({exc.strerror})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise DatabaseFileError(self.path.with_suffix(""),
                                    f"đang được một máy chủ xephang khác dùng (tiến trình {holder})",
                                    f"is in use by another xephang server (process {holder})") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())  # who holds it, for the message a second server prints
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def explain(path: Path, error: Exception) -> DatabaseFileError:
    """An error met opening or reading the database at start, as the line a hall manager can act on."""
    if isinstance(error, sqlite3.DatabaseError) and ("not a database" in str(error) or "malformed" in str(error)):
        return DatabaseFileError(path, f"tệp hỏng hoặc không phải cơ sở dữ liệu SQLite ({error})",
                                 f"the file is damaged or is not an SQLite database ({error})")
    if Path(path).is_dir():
        return DatabaseFileError(path, "đó là một thư mục, không phải tệp", "it is a directory, not a file")
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return DatabaseFileError(path, f"không mở được tệp ({reason})", f"cannot open the file ({reason})")


class FileIdentity:
    """The files a path named when the server opened it (device and inode of the database and of its
    write-ahead log and shared memory), compared with what the path names now."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._identity = _identity(self.path)
        # SQLite finds a database's log by name: the server's own must not be taken for another file's.
        self._companions = {p: _identity(p) for p in (_beside(self.path, "-wal"), _beside(self.path, "-shm"))}

    def still_there(self) -> str | None:
        """None while the path names the file; else "deleted" or "replaced"."""
        now = _identity(self.path)
        return None if now == self._identity else "deleted" if now is None else "replaced"

    def rescue(self, connection: sqlite3.Connection, what: str) -> Path:
        """Copy what the server holds (the open file lives on while it is open) to where it belongs: back at
        the path if the file was deleted, beside it if another file took its place (that one stays)."""
        target = self.path if what == "deleted" else _beside(self.path, f".saved-{time.strftime('%Y%m%d-%H%M%S')}")
        partial = _beside(target, ".partial")
        copy = sqlite3.connect(partial)
        try:
            connection.backup(copy)
        finally:
            copy.close()
        # The server's log and shared memory, still at their names, would be read as the next file's own.
        for companion, identity in self._companions.items():
            if identity is not None and _identity(companion) == identity:
                companion.unlink()
        os.replace(partial, target)
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)  # the new name survives a power cut too
        finally:
            os.close(directory)
        return target


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino
