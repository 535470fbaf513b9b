"""Kiosk settings: from a TOML file ([kiosk] table), then command-line options on top."""
from pathlib import Path
from typing import Annotated

import msgspec

from printers import PrinterConfigError, printer_settings
from queue_protocol import device_options
from queue_protocol.limits import constraint_text
from queue_protocol.toml_lines import line_of

Seconds = Annotated[float, msgspec.Meta(gt=0)]  # a wait of zero or less would time out before anything answers


class KioskConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    server: str = "ws://127.0.0.1:8765"
    device: str = "kiosk-1"
    token: str = ""
    ca_file: str | None = None  # for a wss:// server: the hall CA's certificate (PEM)
    printer: str = "dummy://"
    paper_mm: int = 80
    idle_timeout_s: Seconds = 30.0  # a sub-screen left alone this long returns home
    result_s: Seconds = 6.0  # how long the issued number stays on screen
    request_timeout_s: Seconds = 8.0  # then the kiosk shows it waits for the server, and retries the same request
    printer_timeout_s: Seconds = 3.0
    printer_retry_s: Seconds = 10.0  # while out of paper / offline, check the printer again this often
    touch_guard_s: float = 0.5  # a new screen ignores touches this long: a double tap does not answer its question
    window: str | None = None  # "WxH": windowed (demo, tests); None: fullscreen


class KioskConfigError(Exception):
    def __init__(self, path, vi: str, en: str):
        super().__init__(f"{path}: {vi} / {en}")


class _File(msgspec.Struct, forbid_unknown_fields=True):
    kiosk: dict = {}


def load_kiosk_config(path: str | None, overrides: dict) -> KioskConfig:
    """Settings from the file's [kiosk] table (if a file is given), with overrides (options given) on top."""
    values, raw = {}, b""
    if path:
        try:
            raw = Path(path).read_bytes()
            values = msgspec.toml.decode(raw, type=_File).kiosk
        except OSError as exc:
            raise KioskConfigError(path, f"không đọc được tệp ({exc.strerror})",
                                   f"cannot read the file ({exc.strerror})") from exc
        except msgspec.DecodeError as exc:
            raise KioskConfigError(path, f"cấu hình không hợp lệ: {exc}", f"invalid configuration: {exc}") from exc
    options = {k: v for k, v in overrides.items() if v is not None}
    values.update(options)
    try:
        config = msgspec.convert(values, KioskConfig)
    except msgspec.ValidationError as exc:
        raise _invalid(str(exc), values, options, path, raw) from exc
    if config.window is not None:
        window_size(config.window, path or "--window")
    try:
        printer_settings(config.printer, config.paper_mm)  # a printer that could never print stops the start
    except PrinterConfigError as exc:
        raise KioskConfigError(path or "--printer", exc.explanation.vi, exc.explanation.en) from exc
    return config


def _invalid(message: str, values: dict, options: dict, path: str | None, raw: bytes) -> KioskConfigError:
    """msgspec's "Expected `float` > 0.0 - at `$.printer_timeout_s`" as the key, its line in the file (or the
    option it came from), the rule it breaks and the value it has."""
    what, _, at = message.rpartition(" - at ")
    key = at.strip("`").removeprefix("$.")
    rule = constraint_text(what)
    vi, en = (f"{rule.vi} (đang là {values.get(key)})", f"{rule.en} (is {values.get(key)})") if rule \
        else (f"giá trị không hợp lệ: {what}", f"invalid value: {what}")
    if path is None or key in options:
        return KioskConfigError("options", f"tùy chọn {key}: {vi}", f"option {key}: {en}")
    line = line_of(raw.decode("utf-8", errors="replace"), ("kiosk", key))
    at_vi, at_en = (f" (dòng {line})", f" (line {line})") if line else ("", "")
    return KioskConfigError(path, f"[kiosk], khóa {key}{at_vi}: {vi}", f"[kiosk], key {key}{at_en}: {en}")


def window_size(text: str, where="--window") -> tuple[int, int]:
    try:
        return device_options.window_size(text)
    except device_options.WindowSizeError as error:
        raise KioskConfigError(where, error.text.vi, error.text.en) from None
