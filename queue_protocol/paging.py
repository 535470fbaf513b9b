"""A snapshot too large for one frame: sent as its welcome (or resync) and `snapshot_part` frames, each within
MAX_FRAME_BYTES, and joined again by the client.

A busy hall's ready dossiers alone outgrow one frame (1,500 of them are 200 to 650 KB). The first frame holds
every field that is not a list and as many items of each list as fit; `"more": true` in its snapshot says that
parts follow, each continuing the lists in order, the last one with `"more": false`. They follow their welcome
or resync directly: no other frame comes between them.
"""
import typing
from typing import Any

import msgspec

from queue_protocol.messages import MAX_FRAME_BYTES, Snapshot, SnapshotPart

# The snapshot's lists, in the order parts fill them: the small ones first, so they are whole in the first frame.
LIST_FIELDS: tuple[str, ...] = tuple(
    field.name for field in msgspec.structs.fields(Snapshot) if typing.get_origin(field.type) is list)

PART_PREFIX = b'{"type":"snapshot_part"'  # how a part's frame begins, as msgspec writes its tag first

# Room kept in the first frame for the message around its snapshot: {"type":"welcome", ..., "snapshot":...}
# with the longest device id (64 characters of up to 4 bytes) is under 400 bytes.
ENVELOPE_BYTES = 512

_encoder = msgspec.json.Encoder()


def split(snapshot: Snapshot, limit: int = MAX_FRAME_BYTES) -> tuple[Snapshot, list[str]]:
    """(the snapshot for the welcome's or resync's own frame, the snapshot_part frames that follow it).

    The whole snapshot and no parts when it fits in one frame; else one holding the first items of its lists,
    with "more": true, and the parts, each within `limit` bytes."""
    if len(_encoder.encode(snapshot)) <= limit - ENVELOPE_BYTES:
        return snapshot, []
    empty: dict[str, list[Any]] = {name: [] for name in LIST_FIELDS}
    frames: list[dict[str, list[Any]]] = [{name: [] for name in LIST_FIELDS}]
    # Room left in the frame being filled; a list opened in a frame costs its name once: ,"name":[]
    room = limit - ENVELOPE_BYTES - len(_encoder.encode(msgspec.structs.replace(snapshot, **empty, more=True)))
    part_room = limit - len(_encoder.encode(SnapshotPart(more=True)))
    for name in LIST_FIELDS:
        opening = len(name) + 6
        for item in getattr(snapshot, name):
            size = len(_encoder.encode(item)) + 1  # and its comma
            cost = size + (0 if frames[-1][name] else opening)
            if cost > room:
                frames.append({name: [] for name in LIST_FIELDS})
                room, cost = part_room, size + opening
                if cost > room:
                    raise ValueError(f"one item of {name} is larger than a frame ({size} bytes)")
            frames[-1][name].append(item)
            room -= cost
    last = len(frames) - 1
    parts = [_encoder.encode(SnapshotPart(**lists, more=i < last)).decode() for i, lists in enumerate(frames[1:], 1)]
    return msgspec.structs.replace(snapshot, **frames[0], more=True), parts


class Joining:
    """A snapshot arriving in parts: feed each snapshot_part; `snapshot` is whole once `complete`."""

    def __init__(self, snapshot: Snapshot):
        self._lists = {name: list(getattr(snapshot, name)) for name in LIST_FIELDS}
        self._head = snapshot
        self.complete = not snapshot.more

    def add(self, part: SnapshotPart) -> None:
        for name in LIST_FIELDS:
            self._lists[name].extend(getattr(part, name))
        self.complete = not part.more

    @property
    def snapshot(self) -> Snapshot:
        return msgspec.structs.replace(self._head, **self._lists, more=False)
