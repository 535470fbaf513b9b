"""Ratings given and not yet acknowledged by the server, kept in a file: none is lost while the server is
away, nor if the tablet restarts meanwhile. Each keeps its request id, so resending never counts it twice."""
import logging
import os
from pathlib import Path

import msgspec

from queue_protocol.messages import Rate, encode

log = logging.getLogger(__name__)


class Outbox:
    def __init__(self, path: Path | None):
        self.path = path
        self._items: dict[str, Rate] = {}
        if path is not None and path.exists():
            try:
                for rate in msgspec.json.decode(path.read_bytes(), type=list[Rate]):
                    self._items[rate.id] = rate
            except (msgspec.DecodeError, msgspec.ValidationError):
                log.error("ignoring an unreadable outbox %s", path)

    def __len__(self) -> int:
        return len(self._items)

    def items(self) -> list[Rate]:
        return list(self._items.values())

    def add(self, rate: Rate) -> None:
        self._items[rate.id] = rate
        self._save()

    def remove(self, rate_id: str) -> None:
        if self._items.pop(rate_id, None) is not None:
            self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".tmp")
        partial.write_text("[" + ",".join(encode(r) for r in self._items.values()) + "]", encoding="utf-8")
        os.replace(partial, self.path)  # whole or not at all, even if the power goes while writing
