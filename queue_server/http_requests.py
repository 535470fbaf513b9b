"""Plain HTTP on the websocket port, as browsers, health checks and scanners send it.

websockets reads one request per connection, and reads whatever follows it as websocket frames: a second
request pipelined behind the first made the connection fail before either was answered, and a request it
cannot parse (another method, garbage) was dropped without a word. Here each connection is given its first
request only; another method is answered 405 and what is not HTTP (as soon as it shows, a TLS hello on a
plain port for one) 400, then the connection is closed.
"""
from typing import Any

from websockets.asyncio.server import ServerConnection
from websockets.protocol import State

END_OF_HEAD = b"\r\n\r\n"
MAX_HEAD_BYTES = 16 * 1024  # websockets' own limits answer longer heads 414 or 431


class HallConnection(ServerConnection):
    """A connection of the hall's server: until the handshake is answered, the first request's head only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head = bytearray()
        self._head_done = False

    def data_received(self, data: bytes) -> None:
        if self.protocol.state is not State.CONNECTING:
            return super().data_received(data)
        if self._head_done:
            return  # a pipelined request, or a frame sent before the answer: the client sends it again
        self._head += data
        end = self._head.find(END_OF_HEAD)
        first_line = bytes(self._head.split(b"\r\n", 1)[0])
        if any(byte < 0x20 or byte > 0x7E for byte in first_line):  # a TLS hello on ws://, a scanner's bytes
            end = len(self._head)
        if end < 0:
            if len(self._head) > MAX_HEAD_BYTES:
                self._head_done = True
                super().data_received(bytes(self._head))  # websockets answers a head too long itself
            return
        self._head_done = True
        head = bytes(self._head[:end + len(END_OF_HEAD)])
        refusal = _refusal(head)
        if refusal is not None:
            self.transport.write(refusal)
            self.transport.close()
            return
        super().data_received(head)


def _refusal(head: bytes) -> bytes | None:
    """The answer to a head websockets cannot take, or None for a GET it reads itself."""
    request_line = head.split(b"\r\n", 1)[0].split(b" ")
    if len(request_line) != 3 or not request_line[2].startswith(b"HTTP/1."):
        return _response(400, "Bad Request", "xephang: not an HTTP/1.1 request\n")
    if request_line[0] != b"GET":
        return _response(405, "Method Not Allowed", "xephang: GET only (websocket at /, health at /healthz)\n",
                         b"Allow: GET\r\n")
    return None


def _response(status: int, reason: str, body: str, extra: bytes = b"") -> bytes:
    data = body.encode()
    return (f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(data)}\r\nConnection: close\r\n").encode() + extra + b"\r\n" + data
