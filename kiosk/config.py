"""Kiosk settings: from a TOML file ([kiosk] table), then command-line options on top."""
from pathlib import Path

import msgspec

from printers import PrinterConfigError, printer_settings
from queue_protocol import device_options


class KioskConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    server: str = "ws://127.0.0.1:8765"
    device: str = "kiosk-1"
    token: str = ""
    ca_file: str | None = None  # for a wss:// server: the hall CA's certificate (PEM)
    printer: str = "dummy://"
    paper_mm: int = 80
    idle_timeout_s: float = 30.0  # a sub-screen left alone this long returns home
    result_s: float = 6.0  # how long the issued number stays on screen
    request_timeout_s: float = 8.0  # then the kiosk shows it waits for the server, and retries the same request
    printer_timeout_s: float = 3.0
    printer_retry_s: float = 10.0  # while out of paper / offline, check the printer again this often
    touch_guard_s: float = 0.5  # a new screen ignores touches this long: a double tap does not answer its question
    window: str | None = None  # "WxH": windowed (demo, tests); None: fullscreen


class KioskConfigError(Exception):
    def __init__(self, path, vi: str, en: str):
        super().__init__(f"{path}: {vi} / {en}")


class _File(msgspec.Struct, forbid_unknown_fields=True):
    kiosk: dict = {}


def load_kiosk_config(path: str | None, overrides: dict) -> KioskConfig:
    """Settings from the file's [kiosk] table (if a file is given), with overrides (options given) on top."""
    values = {}
    if path:
        try:
            values = msgspec.toml.decode(Path(path).read_bytes(), type=_File).kiosk
        except OSError as exc:
            raise KioskConfigError(path, f"không đọc được tệp ({exc.strerror})",
                                   f"cannot read the file ({exc.strerror})") from exc
        except msgspec.DecodeError as exc:
            raise KioskConfigError(path, f"cấu hình không hợp lệ: {exc}", f"invalid configuration: {exc}") from exc
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        config = msgspec.convert(values, KioskConfig)
    except msgspec.ValidationError as exc:
        raise KioskConfigError(path or "options", f"giá trị không hợp lệ: {exc}", f"invalid value: {exc}") from exc
    if config.window is not None:
        window_size(config.window, path or "--window")
    try:
        printer_settings(config.printer, config.paper_mm)  # a printer that could never print stops the start
    except PrinterConfigError as exc:
        raise KioskConfigError(path or "--printer", exc.explanation.vi, exc.explanation.en) from exc
    return config


def window_size(text: str, where="--window") -> tuple[int, int]:
    try:
        return device_options.window_size(text)
    except device_options.WindowSizeError as error:
        raise KioskConfigError(where, error.text.vi, error.text.en) from None
