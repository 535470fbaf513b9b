"""Servers as real subprocesses on 127.0.0.1, with the memory figure the bench reports."""
import psutil

from xephang.server_process import ROOT, ServerProcess as _ServerProcess

__all__ = ["ROOT", "ServerProcess"]


class ServerProcess(_ServerProcess):
    def rss(self) -> int:
        return psutil.Process(self.process.pid).memory_info().rss
