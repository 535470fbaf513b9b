"""A test-only disk that loses, at power off, everything that was not fsync'ed: the power-cut drill's disk.

    python -m tests.drills.power_cut_fs BACKING MOUNTPOINT     (foreground; SIGTERM is the power cut)
    PowerCutDisk(folder): mount(), power_off(), for tests

A FUSE file system (mfusepy on libfuse3) with one flat directory, enough for a SQLite database and its
-wal, -shm and -journal files. BACKING holds what is durable; this process's memory holds the rest.

The model of a power cut, that of a disk with a volatile write cache as SQLite's documentation assumes:
- A file's content: every write (write(2), or a page of a shared mmap written back by the kernel) lands in
  memory. fsync(2) or fdatasync(2) of that file makes its whole content, as its writers see it now,
  durable, in one step. Nothing else does: not close(2), not another file's fsync, not time passing.
- Names: creating, deleting or renaming a file changes the directory in memory only; fsync(2) of the
  directory makes the whole directory, as it is now, durable. A file whose content was fsync'ed but whose
  name never was is lost with its name; a deleted file whose deletion was never synced comes back.
- Power off: SIGTERM ends this process between two requests (libfuse's handler), the memory goes with it
  and the mount is released. Mounting again over BACKING shows exactly what was durable.
- Not modelled: writes torn inside an fsync (an fsync here is all or nothing), times and modes (no
  program relies on them surviving), locks (left to the kernel, as on a local disk).
"""
import errno
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import mfusepy

PAGE = 4096
NAMES = "names.json"  # the durable directory: {name: inode number}; each inode's content is BACKING/<number>


class Unsynced:
    """A file's content since its last fsync: changed pages over the durable file, and its size."""

    def __init__(self, size: int):
        self.size = size
        self.pages: dict[int, bytearray] = {}
        self.cut_at: int | None = None  # the lowest size truncated to: durable bytes past it are gone

    def page(self, index: int, durable_fd: int) -> bytearray:
        if index not in self.pages:
            start = index * PAGE
            gone = self.cut_at is not None and start >= self.cut_at
            data = b"" if gone else os.pread(durable_fd, PAGE, start)
            self.pages[index] = bytearray(data.ljust(PAGE, b"\0"))
        return self.pages[index]

    def read(self, durable_fd: int, size: int, offset: int) -> bytes:
        end = min(offset + size, self.size)
        out = bytearray()
        while offset < end:
            index, start = divmod(offset, PAGE)
            take = min(PAGE - start, end - offset)
            out += self.page(index, durable_fd)[start:start + take]
            offset += take
        return bytes(out)

    def write(self, durable_fd: int, data: bytes, offset: int) -> None:
        done = 0
        while done < len(data):
            index, start = divmod(offset + done, PAGE)
            take = min(PAGE - start, len(data) - done)
            self.page(index, durable_fd)[start:start + take] = data[done:done + take]
            done += take
        self.size = max(self.size, offset + len(data))

    def truncate(self, durable_fd: int, length: int) -> None:
        if length % PAGE:
            page = self.page(length // PAGE, durable_fd)
            page[length % PAGE:] = bytes(PAGE - length % PAGE)
        first_gone = -(-length // PAGE)
        self.pages = {i: p for i, p in self.pages.items() if i < first_gone}
        self.cut_at = length if self.cut_at is None else min(self.cut_at, length)
        self.size = length

    def make_durable(self, durable_fd: int) -> None:
        if self.cut_at is not None:
            os.ftruncate(durable_fd, self.cut_at)
        for index, page in sorted(self.pages.items()):
            os.pwrite(durable_fd, page[:max(0, self.size - index * PAGE)], index * PAGE)
        os.ftruncate(durable_fd, self.size)


class PowerCutFS(mfusepy.Operations):
    use_ns = True

    def __init__(self, backing: str):
        self.backing = backing
        names_path = os.path.join(backing, NAMES)
        self.names: dict[str, int] = {}
        if os.path.exists(names_path):
            with open(names_path, encoding="utf-8") as durable_names:
                self.names = json.load(durable_names)
        # Content of files created or deleted since the last directory sync died with the power: drop it.
        for entry in os.listdir(backing):
            if entry.isdigit() and int(entry) not in self.names.values():
                os.unlink(os.path.join(backing, entry))
        self.next_inode = max(self.names.values(), default=0) + 1
        self.fds: dict[int, int] = {}
        self.unsynced: dict[int, Unsynced] = {}
        self.started = time.time_ns()

    # --- helpers -----------------------------------------------------------------------------------

    def _inode(self, path: str) -> int:
        inode = self.names.get(path.lstrip("/"))
        if inode is None:
            raise mfusepy.FuseOSError(errno.ENOENT)
        return inode

    def _fd(self, inode: int) -> int:
        if inode not in self.fds:
            self.fds[inode] = os.open(os.path.join(self.backing, str(inode)), os.O_RDWR | os.O_CREAT, 0o644)
        return self.fds[inode]

    def _size(self, inode: int) -> int:
        unsynced = self.unsynced.get(inode)
        return unsynced.size if unsynced else os.fstat(self._fd(inode)).st_size

    def _unsynced(self, inode: int) -> Unsynced:
        if inode not in self.unsynced:
            self.unsynced[inode] = Unsynced(self._size(inode))
        return self.unsynced[inode]

    # --- the directory -----------------------------------------------------------------------------

    def getattr(self, path, fh=None):
        times = {"st_atime": self.started, "st_mtime": self.started, "st_ctime": self.started}
        if path == "/":
            return {"st_mode": stat.S_IFDIR | 0o755, "st_nlink": 2, **times}
        inode = fh if fh is not None else self._inode(path)
        return {"st_mode": stat.S_IFREG | 0o644, "st_nlink": 1, "st_size": self._size(inode), "st_ino": inode,
                "st_blocks": -(-self._size(inode) // 512), **times}

    def readdir(self, path, fh):
        return [".", "..", *self.names]

    def create(self, path, mode, fi=None):
        inode = self.next_inode
        self.next_inode += 1
        self.names[path.lstrip("/")] = inode
        os.ftruncate(self._fd(inode), 0)
        return inode

    def unlink(self, path):
        del self.names[path.lstrip("/")]
        return 0

    def rename(self, old, new):
        self.names[new.lstrip("/")] = self.names.pop(old.lstrip("/"))
        return 0

    def fsyncdir(self, path, datasync, fh):
        temporary = os.path.join(self.backing, NAMES + ".new")
        with open(temporary, "w", encoding="utf-8") as names:
            json.dump(self.names, names)
        os.replace(temporary, os.path.join(self.backing, NAMES))
        return 0

    def chmod(self, path, mode):
        return 0

    def chown(self, path, uid, gid):
        return 0

    def utimens(self, path, times=None):
        return 0

    def statfs(self, path):
        return {"f_bsize": PAGE, "f_frsize": PAGE, "f_blocks": 1 << 20, "f_bfree": 1 << 19,
                "f_bavail": 1 << 19, "f_namemax": 255}

    # --- contents ----------------------------------------------------------------------------------

    def open(self, path, flags):
        inode = self._inode(path)
        if flags & os.O_TRUNC:
            self._unsynced(inode).truncate(self._fd(inode), 0)
        return inode

    def read(self, path, size, offset, fh):
        unsynced = self.unsynced.get(fh)
        if unsynced is None:
            return os.pread(self._fd(fh), size, offset)
        return unsynced.read(self._fd(fh), size, offset)

    def write(self, path, data, offset, fh):
        self._unsynced(fh).write(self._fd(fh), data, offset)
        return len(data)

    def truncate(self, path, length, fh=None):
        inode = fh if fh is not None else self._inode(path)
        self._unsynced(inode).truncate(self._fd(inode), length)
        return 0

    def fsync(self, path, datasync, fh):
        unsynced = self.unsynced.pop(fh, None)
        if unsynced is not None:
            unsynced.make_durable(self._fd(fh))
        return 0


class PowerCutDisk:
    """The file system as a test drives it: mounted at `folder`/disk, its durable state in `folder`/backing."""

    def __init__(self, folder: Path):
        self.backing, self.mountpoint = Path(folder) / "backing", Path(folder) / "disk"
        self.backing.mkdir(parents=True, exist_ok=True)
        self.mountpoint.mkdir(parents=True, exist_ok=True)
        self.process = None

    def mount(self, timeout: float = 10.0) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "tests.drills.power_cut_fs", str(self.backing),
                                         str(self.mountpoint)], cwd=Path(__file__).resolve().parents[2],
                                        stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while not os.path.ismount(self.mountpoint):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                raise RuntimeError(f"the power-cut disk did not mount: {self.process.communicate()[1].decode()}")
            time.sleep(0.005)

    def power_off(self) -> None:
        """Everything not fsync'ed is gone. Stop whatever writes to it first: a power cut stops everything."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
        if os.path.ismount(self.mountpoint):  # a daemon that died without unmounting
            subprocess.run(["umount", "-l", str(self.mountpoint)], check=True)


def main(backing: str, mountpoint: str) -> None:
    # One thread: requests are handled one at a time, so SIGTERM never falls inside an fsync.
    try:
        mfusepy.FUSE(PowerCutFS(backing), mountpoint, foreground=True, nothreads=True)
    except RuntimeError:
        pass  # libfuse reports the SIGTERM that ended it as an error: that was the power cut


if __name__ == "__main__":
    main(*sys.argv[1:3])
