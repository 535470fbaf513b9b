"""What a Kivy app of xephang runs beside its window: its connection to the server and its own asyncio tasks,
all ended when the window closes (App.async_run on the same loop)."""
import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from queue_protocol.client import QueueClient

log = logging.getLogger(__name__)


class TasksBesideTheWindow:
    """Mixin for a Kivy App with a `client` (QueueClient) and a `_tasks` set made in its __init__;
    _spawn() starts each task of its own, serve() runs the window and ends them all when it closes."""
    _tasks: set[asyncio.Task[None]]
    client: QueueClient  # the app's connection to the server
    async_run: Callable[..., Awaitable[None]]  # kivy.app.App's

    async def serve(self) -> None:
        """Run the app and its connection to the server until the app stops."""
        try:
            await self.async_run(async_lib="asyncio")
        finally:
            # The window is gone: "disconnected" must not reach properties its kv rules read (they need the app).
            self.client.on_connection = lambda connected: None
            await self.client.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("%s: a task failed", type(self).__name__, exc_info=task.exception())
