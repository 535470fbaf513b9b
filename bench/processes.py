"""Servers as real subprocesses on 127.0.0.1, with the memory and CPU figures the bench reports."""
import psutil

from tests.server_process import ROOT, ServerProcess as _ServerProcess

__all__ = ["ROOT", "ServerProcess"]


class ServerProcess(_ServerProcess):
    def rss(self) -> int:
        return psutil.Process(self.process.pid).memory_info().rss

    def cpu_s(self) -> float:
        """CPU time used so far: beside a wall-clock figure, what a machine shared with others cannot inflate."""
        times = psutil.Process(self.process.pid).cpu_times()
        return times.user + times.system
