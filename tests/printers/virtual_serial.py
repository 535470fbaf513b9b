"""The virtual printer behind a serial port: a socat pty pair, the printer on one end, our peer on the other."""
import shutil
import subprocess
import threading
import time
from pathlib import Path

import serial

from printers.virtual import VirtualPrinter


class SocatPair:
    """`socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B`: bytes written to A come out of B and back."""

    def __init__(self, directory: Path, timeout_s: float = 5.0):
        if not shutil.which("socat"):
            raise RuntimeError("socat is not installed (Debian: apt-get install socat)")
        Path(directory).mkdir(parents=True, exist_ok=True)
        self.printer_end = Path(directory) / "ttyV0"
        self.peer_end = Path(directory) / "ttyV1"
        self._process = subprocess.Popen(
            ["socat", f"pty,raw,echo=0,link={self.printer_end}", f"pty,raw,echo=0,link={self.peer_end}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout_s
        while not (self.printer_end.exists() and self.peer_end.exists()):
            if time.monotonic() > deadline or self._process.poll() is not None:
                self.close()
                raise RuntimeError(f"socat did not create {self.printer_end} and {self.peer_end}")
            time.sleep(0.01)

    def close(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def __enter__(self) -> "SocatPair":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class SerialVirtualPrinter:
    """Reads the peer end of a serial line into the virtual printer and writes its answers back."""

    def __init__(self, printer: VirtualPrinter, device: str | Path):
        self.printer = printer
        self._port = serial.Serial(str(device), timeout=0.05)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stopping.is_set():
            data = self._port.read(max(1, self._port.in_waiting))
            if data and (answer := self.printer.feed(data)):
                self._port.write(answer)

    def start(self) -> "SerialVirtualPrinter":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=2)
        self._port.close()

    def __enter__(self) -> "SerialVirtualPrinter":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
