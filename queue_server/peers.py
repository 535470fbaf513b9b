"""What the hall's server needs of a connected device, whatever carries its frames.

In a hall it is a websocket (WebsocketPeer below); in tests of the server's rules it can be a pair of queues
in the same process (tests/in_process_hall.py), so that those tests need no socket. The server reads the
hello and the frames that follow, writes frames made once for every peer (Framed), closes a session with a
code and a reason, and cuts a peer that stopped reading.
"""
from collections.abc import AsyncIterator, Sequence
from typing import Any, NamedTuple, Protocol

from websockets.frames import Frame, Opcode
from websockets.protocol import State

from queue_protocol import paging
from queue_server.http_requests import HallConnection


class Framed(NamedTuple):
    """A text frame as it goes on the wire, header and all: made once however many connections it goes to
    (websockets frames a message anew for each connection, even in its broadcast(); a hall's burst sends each
    event to thirty of them). Server frames are not masked, and no extension is used (compression=None), so
    the bytes are the same for every connection."""
    wire: bytes
    part: bool  # a part of a snapshot: see HallServer._write

    @classmethod
    def of(cls, frame: str) -> "Framed":
        data = frame.encode()
        return cls(Frame(Opcode.TEXT, data).serialize(mask=False), data.startswith(paging.PART_PREFIX))


class Peer(Protocol):
    """One device's connection, as the server sees it. recv() and the iteration raise websockets'
    ConnectionClosed when the device went away in a way worth logging; the iteration may also simply end."""

    @property
    def remote_address(self) -> Any: ...  # (host, port, ...) or None: for the log and the failed hellos

    async def recv(self) -> str | bytes: ...

    def __aiter__(self) -> AsyncIterator[str | bytes]: ...

    async def close(self, code: int, reason: str) -> None: ...

    def send_frames(self, frames: Sequence[Framed]) -> int:
        """Queue the frames without waiting, none of them if the peer is closing; return how many bytes are
        still unsent to it."""
        ...

    def cut(self) -> None:
        """Gone at once, no close handshake: what is unsent is thrown away."""
        ...


class WebsocketPeer(HallConnection):
    """A device on a websocket: the hall's connection (run_server makes every one of this class)."""

    def send_frames(self, frames: Sequence[Framed]) -> int:
        # Frames to one connection in one socket write (a system call per frame and client was, under a whole
        # hall's burst, most of what the server did), after anything websockets itself has queued (none while
        # open); none while closing, as broadcast() does.
        if self.protocol.state is State.OPEN:
            self.transport.write(b"".join([*self.protocol.data_to_send(), *(f.wire for f in frames)]))
        return self.transport.get_write_buffer_size()

    def cut(self) -> None:
        self.transport.abort()
