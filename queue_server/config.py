"""The hall's one TOML file: services, counters, devices. Validated at start; errors name file and key."""
import re
from datetime import time
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from queue_protocol.roles import Role

DEMO_CONFIG_PATH = Path(__file__).with_name("demo_hall.toml")
_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")


class ConfigError(Exception):
    """A bad configuration file; the message says which file, which key and what is wrong, vi and en."""

    def __init__(self, path, key: str, vi: str, en: str):
        self.path, self.key, self.vi, self.en = str(path), key, vi, en
        super().__init__(f"{path}: {key}: {vi} / {en}")


class _Section(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    pass


class HallSection(_Section):
    name: str
    name_en: str = ""
    timezone: str = "Asia/Ho_Chi_Minh"
    footer: str = ""
    priority_in_row: int = 2
    recalls_before_no_show: int = 1
    max_recalls: int = 3
    transfer_keeps_place: bool = True
    estimate_window: int = 20
    close_at: Optional[str] = None


class ServiceConfig(_Section):
    code: str
    name: str
    name_en: str = ""
    range: Optional[tuple[int, int]] = None
    prefix: Optional[str] = None
    digits: int = 3
    daily_cap: Optional[int] = None
    hours: tuple[str, ...] = ()
    priority_allowed: bool = True
    pickup: bool = False
    default_service_s: int = 600

    @property
    def first_last(self) -> tuple[int, int]:
        return self.range if self.range else (1, 10 ** self.digits - 1)

    def format_number(self, seq: int) -> str:
        return f"{self.prefix}{seq:0{self.digits}d}" if self.prefix else str(seq)

    def open_periods(self) -> list[tuple[time, time]]:
        periods = []
        for text in self.hours:
            h1, m1, h2, m2 = map(int, _HOURS.match(text).groups())
            periods.append((time(h1, m1), time(h2, m2)))
        return periods

    def is_open_at(self, local_time: time) -> bool:
        periods = self.open_periods()
        return not periods or any(start <= local_time < end for start, end in periods)


class CounterConfig(_Section):
    number: int
    services: tuple[str, ...]
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or f"Quầy {self.number}"


ROLES = tuple(Role)


class DeviceConfig(_Section):
    id: str
    role: Role
    token: str
    counter: Optional[int] = None


class ServerSection(_Section):
    host: str = "127.0.0.1"
    port: int = 8765


class HallConfig(_Section):
    hall: HallSection
    services: tuple[ServiceConfig, ...]
    counters: tuple[CounterConfig, ...]
    devices: tuple[DeviceConfig, ...] = ()
    server: ServerSection = ServerSection()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.hall.timezone)

    def service(self, code: str) -> Optional[ServiceConfig]:
        return next((s for s in self.services if s.code == code), None)

    def counter(self, number: int) -> Optional[CounterConfig]:
        return next((c for c in self.counters if c.number == number), None)

    def device(self, device_id: str) -> Optional[DeviceConfig]:
        return next((d for d in self.devices if d.id == device_id), None)

    def counters_for(self, service_code: str) -> list[int]:
        return [c.number for c in self.counters if service_code in c.services]

    @property
    def pickup_service(self) -> Optional[ServiceConfig]:
        return next((s for s in self.services if s.pickup), None)


def load_config(path) -> HallConfig:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(path, "-", f"không đọc được tệp ({exc.strerror})",
                          f"cannot read the file ({exc.strerror})") from exc
    return parse_config(raw, path)


def parse_config(raw: bytes, path="<config>") -> HallConfig:
    try:
        config = msgspec.toml.decode(raw, type=HallConfig)
    except msgspec.ValidationError as exc:
        raise ConfigError(path, *_explain(str(exc))) from exc
    except msgspec.DecodeError as exc:
        raise ConfigError(path, "-", f"không phải TOML hợp lệ: {exc}", f"not valid TOML: {exc}") from exc
    _check(config, path)
    return config


_TYPE_NAMES = {  # msgspec's names of TOML value types -> (Vietnamese, English)
    "int": ("số nguyên", "a whole number"), "float": ("số", "a number"), "str": ("chuỗi trong ngoặc kép", "a string"),
    "bool": ("true hoặc false", "true or false"), "array": ("danh sách [...]", "a list [...]"),
    "object": ("bảng", "a table"), "null": ("không có giá trị", "nothing"),
}


def _explain(text: str) -> tuple[str, str, str]:
    """msgspec's "Expected `int`, got `str` - at `$.services[0].range[0]`" as (key, vi, en)."""
    what, sep, where = text.rpartition(" - at ")
    if not sep:
        what, where = text, "`$`"
    key = where.strip("`").removeprefix("$").removeprefix(".")
    field = re.match(r"^Object (missing required|contains unknown) field `(.+)`$", what)
    if field:
        key = f"{key}.{field.group(2)}" if key else field.group(2)
        if field.group(1) == "missing required":
            return key, "thiếu khóa bắt buộc này", "this required key is missing"
        return key, "khóa này không có trong cấu hình (viết sai tên?)", "no such key (a typo?)"
    length = re.match(r"^Expected `array` of length (\d+), got (\d+)$", what)
    if length:
        return key, f"cần đúng {length.group(1)} phần tử, không phải {length.group(2)}", \
            f"needs exactly {length.group(1)} items, not {length.group(2)}"
    expected = re.match(r"^Expected `(\w+)`, got `(\w+)`$", what)
    if expected:
        want, got = (_TYPE_NAMES.get(name, (name, name)) for name in expected.groups())
        return key, f"cần {want[0]}, không phải {got[0]}", f"expected {want[1]}, not {got[1]}"
    enum = re.match(r"^Invalid enum value (.+)$", what)
    if enum:
        choices = ", ".join(ROLES) if key.endswith(".role") else ""
        return key, f"giá trị {enum.group(1)} không được chấp nhận" + (f" (chọn: {choices})" if choices else ""), \
            f"{enum.group(1)} is not an accepted value" + (f" (one of: {choices})" if choices else "")
    return key or "-", f"giá trị không hợp lệ: {what}", f"invalid value: {what}"


def _check(config: HallConfig, path) -> None:
    def fail(key, vi, en):
        raise ConfigError(path, key, vi, en)

    try:
        ZoneInfo(config.hall.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        fail("hall.timezone", f"múi giờ không tồn tại: {config.hall.timezone!r}",
             f"unknown time zone: {config.hall.timezone!r}")
    if config.hall.close_at is not None and not re.match(r"^([01]\d|2[0-3]):[0-5]\d$", config.hall.close_at):
        fail("hall.close_at", "phải có dạng HH:MM, ví dụ \"17:30\"", 'must look like HH:MM, e.g. "17:30"')
    if config.hall.priority_in_row < 1:
        fail("hall.priority_in_row", "phải từ 1 trở lên", "must be 1 or more")
    if config.hall.estimate_window < 1:
        fail("hall.estimate_window", "phải từ 1 trở lên", "must be 1 or more")
    if config.hall.recalls_before_no_show < 0:
        fail("hall.recalls_before_no_show", "không được âm", "must not be negative")
    if config.hall.max_recalls < config.hall.recalls_before_no_show:
        # Otherwise a clerk could never mark a no-show.
        fail("hall.max_recalls", "phải lớn hơn hoặc bằng recalls_before_no_show",
             "must be at least recalls_before_no_show")
    if not config.services:
        fail("services", "cần ít nhất một lĩnh vực", "at least one service is needed")
    taken: list[tuple[int, int, str]] = []
    prefixes: set[str] = set()
    codes: set[str] = set()
    for i, service in enumerate(config.services):
        key = f"services[{i}]"
        if not re.match(r"^[A-Z0-9_]{1,10}$", service.code):
            fail(f"{key}.code", "mã lĩnh vực chỉ gồm chữ in hoa và số (tối đa 10 ký tự)",
                 "a service code is capital letters and digits (at most 10)")
        if service.code in codes:
            fail(f"{key}.code", f"mã lĩnh vực {service.code!r} bị trùng", f"duplicate service code {service.code!r}")
        codes.add(service.code)
        if (service.range is None) == (service.prefix is None):
            fail(key, "cần đúng một trong hai: range = [đầu, cuối] hoặc prefix = \"A\"",
                 'needs exactly one of range = [first, last] or prefix = "A"')
        if service.range is not None:
            first, last = service.range
            if not 0 < first <= last:
                fail(f"{key}.range", "khoảng số phải là [đầu, cuối] với 0 < đầu <= cuối",
                     "the range must be [first, last] with 0 < first <= last")
            for other_first, other_last, other in taken:
                if first <= other_last and other_first <= last:
                    fail(f"{key}.range", f"khoảng số trùng với lĩnh vực {other}",
                         f"the range overlaps service {other}")
            taken.append((first, last, service.code))
        if service.prefix is not None:
            if not re.match(r"^[A-Z]{1,3}$", service.prefix):
                fail(f"{key}.prefix", "tiền tố là 1 đến 3 chữ in hoa", "a prefix is 1 to 3 capital letters")
            if service.prefix in prefixes:
                fail(f"{key}.prefix", f"tiền tố {service.prefix!r} bị trùng", f"duplicate prefix {service.prefix!r}")
            prefixes.add(service.prefix)
            if not 1 <= service.digits <= 6:
                fail(f"{key}.digits", "số chữ số từ 1 đến 6", "digits must be 1 to 6")
        if service.daily_cap is not None and service.daily_cap < 1:
            fail(f"{key}.daily_cap", "phải từ 1 trở lên", "must be 1 or more")
        if service.default_service_s < 1:
            fail(f"{key}.default_service_s", "phải từ 1 giây trở lên", "must be 1 second or more")
        for hours in service.hours:
            match = _HOURS.match(hours)
            if not match or match.group(1, 2) >= match.group(3, 4):
                fail(f"{key}.hours", f"giờ làm việc {hours!r} phải có dạng \"07:30-11:30\"",
                     f'opening hours {hours!r} must look like "07:30-11:30"')
    if sum(s.pickup for s in config.services) > 1:
        fail("services", "chỉ một lĩnh vực được đặt pickup = true", "only one service may have pickup = true")
    numbers: set[int] = set()
    for i, counter in enumerate(config.counters):
        key = f"counters[{i}]"
        if counter.number in numbers or counter.number < 1:
            fail(f"{key}.number", f"số quầy {counter.number} bị trùng hoặc không hợp lệ",
                 f"counter number {counter.number} is repeated or invalid")
        numbers.add(counter.number)
        if not counter.services:
            fail(f"{key}.services", "quầy cần phục vụ ít nhất một lĩnh vực", "a counter needs at least one service")
        for code in counter.services:
            if code not in codes:
                fail(f"{key}.services", f"lĩnh vực {code!r} không có trong [[services]]",
                     f"service {code!r} is not among [[services]]")
    device_ids: set[str] = set()
    for i, device in enumerate(config.devices):
        key = f"devices[{i}]"
        if device.id in device_ids:
            fail(f"{key}.id", f"thiết bị {device.id!r} bị trùng", f"duplicate device {device.id!r}")
        device_ids.add(device.id)
        if len(device.token) < 8:
            fail(f"{key}.token", "mã bí mật (token) cần ít nhất 8 ký tự", "a token needs at least 8 characters")
        if device.role == "counter" and device.counter not in numbers:
            fail(f"{key}.counter", "thiết bị quầy phải ghi số một quầy có trong [[counters]]",
                 "a counter device must name a counter listed in [[counters]]")
