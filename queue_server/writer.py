"""The thread that writes: it alone uses the store's writing connection, so an fsync leaves the loop free.

A queue and one thread rather than a ThreadPoolExecutor: the executor's hand-off (a semaphore and a condition
in Python on each side, its future chained to one of the loop's) showed in a profile of the hall's burst as a
large share of the loop's time, and a plain queue measured some 10% less CPU per command.
"""
import asyncio
import queue
import threading
from collections.abc import Callable

# (work, the loop that waits, its future)
_Job = tuple[Callable[[], None], asyncio.AbstractEventLoop, "asyncio.Future[None]"]


class Writer:
    def __init__(self, name: str = "store-writer"):
        self.name = name
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def submit(self, work: Callable[[], None]) -> asyncio.Future[None]:
        """work() runs on the writer thread, after what was submitted before it; the returned future of the
        running loop is settled on that loop once work() has returned (or raised)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        if self._thread is None:
            # A daemon: nothing it has not finished was acknowledged to anyone, and close() waits for it.
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()
        self._jobs.put((work, loop, future))
        return future

    def close(self) -> None:
        """Let what was submitted finish, then end the thread."""
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            work, loop, future = job
            try:
                work()
                error = None
            except BaseException as raised:  # the loop decides what a failed write means
                error = raised
            if not loop.is_closed():
                loop.call_soon_threadsafe(_settle, future, error)


def _settle(future: asyncio.Future[None], error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)
