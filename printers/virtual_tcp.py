"""The virtual printer on a TCP port, like a network printer's raw port 9100."""
import socketserver
import threading

from .virtual import VirtualPrinter


class _Connection(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        assert isinstance(self.server, _Server)
        while data := self.request.recv(65536):
            if answer := self.server.printer.feed(data):
                self.request.sendall(answer)


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address: tuple[str, int], printer: VirtualPrinter):
        super().__init__(address, _Connection, bind_and_activate=False)
        self.printer = printer


class TcpVirtualPrinter:
    """Listens on start(); port 0 picks a free port (see .port). Use as a context manager."""

    def __init__(self, printer: VirtualPrinter, host: str = "127.0.0.1", port: int = 0):
        self.printer = printer
        self._server = _Server((host, port), printer)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"tcp://{host!s}:{port}"

    def start(self) -> "TcpVirtualPrinter":
        self._server.server_bind()
        self._server.server_activate()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=2)

    def __enter__(self) -> "TcpVirtualPrinter":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
