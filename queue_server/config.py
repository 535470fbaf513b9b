"""The hall's one TOML file: services, counters, devices. Validated at start: an error names the file, the
entry and key in words ("quầy thứ 1, khóa services" / "counter #1, key services") and the line, in vi and en."""
import functools
import re
import ssl
import sys
import typing
from collections.abc import Callable
from datetime import time
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec
from msgspec import Meta

from queue_protocol.limits import DEVICE_ID_CHARS, TOKEN_CHARS, constraint_text
from queue_protocol.roles import Role
from queue_protocol.text import Text
from queue_protocol.toml_lines import KeyPath, line_of
from queue_server.tls import server_context

DEMO_CONFIG_PATH = Path(__file__).with_name("demo_hall.toml")


class ConfigError(Exception):
    """A bad configuration file: .text says where (entry, key, line) and what is wrong."""

    def __init__(self, path: str | Path, vi: str, en: str, line: int | None = None):
        self.path, self.text, self.line = str(path), Text(vi, en), line
        super().__init__(f"{path}\n  {vi}\n  {en}")


def _period(hours: str) -> tuple[time, time]:
    """"07:30-11:30", already checked against _HOURS, as (07:30, 11:30)."""
    h1, m1, h2, m2 = map(int, hours.replace("-", ":").split(":"))
    return time(h1, m1), time(h2, m2)


def _form(pattern: str, vi: str, en: str) -> Meta:
    """A string's required form, with what to tell whoever wrote another ({value!r} is what they wrote)."""
    return Meta(pattern=pattern, extra={"vi": vi, "en": en})


_SERVICE_CODE = _form(r"^[A-Z0-9_]{1,10}$",
                      "mã lĩnh vực {value!r} chỉ được gồm chữ in hoa, số và _ (tối đa 10 ký tự)",
                      "service code {value!r}: capital letters, digits and _ only (at most 10)")
_PREFIX = _form(r"^[A-Z]{1,3}$", "tiền tố {value!r} phải là 1 đến 3 chữ in hoa",
                "prefix {value!r} must be 1 to 3 capital letters")
_CLOCK = _form(r"^([01]\d|2[0-3]):[0-5]\d$", 'giờ {value!r} phải có dạng HH:MM, ví dụ "17:30"',
               'time {value!r} must look like HH:MM, e.g. "17:30"')
_HOURS = _form(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$",
               'giờ làm việc {value!r} phải có dạng "07:30-11:30"',
               'opening hours {value!r} must look like "07:30-11:30"')
_PASSWORD_HASH = _form(r"^\$argon2", "không phải chuỗi băm từ `xephang hash-password`",
                       "not a hash made by `xephang hash-password`")
_CLERK_ID = _form(r"^[a-z0-9_.-]{1,32}$",
                  "mã cán bộ {value!r} chỉ được gồm chữ thường không dấu, số, dấu . _ - (tối đa 32 ký tự)",
                  "clerk id {value!r}: lowercase letters, digits, . _ - only (at most 32)")
_CHOICE_CODE = _form(r"^[a-z0-9_]{1,32}$", "mã {value!r} chỉ được gồm chữ thường không dấu, số và _ (tối đa 32 ký tự)",
                     "code {value!r}: lowercase letters, digits and _ only (at most 32)")
_FORMS = (_SERVICE_CODE, _PREFIX, _CLOCK, _HOURS, _PASSWORD_HASH, _CLERK_ID, _CHOICE_CODE)
AtLeastOne = Annotated[int, Meta(ge=1)]
NotNegative = Annotated[int, Meta(ge=0)]


class _Section(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    pass


class HallSection(_Section, frozen=True):
    name: str
    name_en: str = ""
    timezone: str = "Asia/Ho_Chi_Minh"
    footer: str = ""
    priority_in_row: AtLeastOne = 2
    recalls_before_no_show: NotNegative = 1
    max_recalls: NotNegative = 3
    transfer_keeps_place: bool = True
    estimate_window: AtLeastOne = 20
    close_at: Annotated[str, _CLOCK] | None = None
    clerk_names: bool = False  # hall screens show the name of the clerk signed in beside each counter


class ServiceConfig(_Section, dict=True, frozen=True):  # dict: room for open_periods, parsed once
    code: Annotated[str, _SERVICE_CODE]
    name: str
    name_en: str = ""
    range: tuple[AtLeastOne, AtLeastOne] | None = None
    prefix: Annotated[str, _PREFIX] | None = None
    digits: Annotated[int, Meta(ge=1, le=6)] = 3
    daily_cap: AtLeastOne | None = None
    hours: tuple[Annotated[str, _HOURS], ...] = ()
    priority_allowed: bool = True
    pickup: bool = False
    default_service_s: AtLeastOne = 600

    @property
    def first_last(self) -> tuple[int, int]:
        return self.range if self.range else (1, 10 ** self.digits - 1)

    def format_number(self, seq: int) -> str:
        return f"{self.prefix}{seq:0{self.digits}d}" if self.prefix else str(seq)

    @cached_property
    def open_periods(self) -> tuple[tuple[time, time], ...]:
        """("07:30-11:30",) as ((07:30, 11:30),); is_open_at runs for every ticket and every kiosk update."""
        return tuple(_period(text) for text in self.hours)

    def is_open_at(self, local_time: time) -> bool:
        return not self.open_periods or any(start <= local_time < end for start, end in self.open_periods)


class CounterConfig(_Section, frozen=True):
    number: AtLeastOne
    services: Annotated[tuple[str, ...], Meta(min_length=1)]
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or f"Quầy {self.number}"


class PriorityCategoryConfig(_Section, frozen=True):
    """One group of citizens the law gives priority, as the kiosk offers it and the ticket prints it."""
    code: Annotated[str, _CHOICE_CODE]
    name: str
    name_en: str = ""
    from_age: Annotated[int, Meta(ge=1, le=150)] | None = None  # a card this old or older proposes it


# The groups the law protects (Law on the Elderly: from 60; Law on Persons with Disabilities; Decree 61/2018 on
# the one-stop mechanism), what a hall gets when its file lists none.
DEFAULT_PRIORITY_CATEGORIES = (
    PriorityCategoryConfig("elderly", "Người cao tuổi", "Older person", from_age=60),
    PriorityCategoryConfig("disability", "Người khuyết tật", "Person with a disability"),
    PriorityCategoryConfig("pregnant", "Phụ nữ mang thai", "Pregnant woman"),
    PriorityCategoryConfig("young_child", "Người nuôi con nhỏ", "Parent of a young child"),
    PriorityCategoryConfig("merit", "Người có công với cách mạng", "Person of revolutionary merit"),
)


class PersonalDataSection(_Section, frozen=True):
    secret_file: str = ""  # the key of the ID numbers' hashes; "" : beside the database, <database>.key
    retention_days: NotNegative = 30  # names, phones, ID hashes of a returned dossier are erased this many days on


class FairShareSection(_Section, frozen=True):
    """Per-person limits of a day, counted over the tickets taken with an ID card; None: no limit."""
    tickets_per_day: AtLeastOne | None = None
    tickets_per_service: AtLeastOne | None = None


class DeviceLimitsSection(_Section, frozen=True):
    """How fast one device may act, and how much of a service's day one kiosk may take: a token stolen from
    a kiosk on a public machine must not empty a service's numbers for everyone else."""
    kiosk_tickets_per_minute: AtLeastOne = 20  # sustained; a citizen needs seconds to take a ticket
    kiosk_ticket_burst: AtLeastOne = 5  # at once, before the pace above applies (a family, a few services)
    kiosk_share_percent: Annotated[int, Meta(ge=1, le=100)] = 50  # of a service's numbers in a day, one kiosk
    counter_commands_per_minute: AtLeastOne = 30  # a clerk's calls, completions, transfers... sustained
    counter_command_burst: AtLeastOne = 10
    # Dossier codes and ID cards a kiosk looks up: a citizen needs one or two, and who tries codes or ID numbers
    # one after the other learns whose dossier is ready.
    kiosk_lookups_per_minute: AtLeastOne = 30
    kiosk_lookup_burst: AtLeastOne = 10


class DeviceConfig(_Section, frozen=True):
    id: Annotated[str, Meta(min_length=1, max_length=DEVICE_ID_CHARS)]  # as a hello may carry them
    role: Role
    token: Annotated[str, Meta(min_length=8, max_length=TOKEN_CHARS)]
    counter: int | None = None
    # How many connections may use this device at once; a hello beyond them replaces the oldest.
    sessions: Annotated[int, Meta(ge=1, le=100)] = 1


class ClerkConfig(_Section, frozen=True):
    id: Annotated[str, _CLERK_ID]
    name: Annotated[str, Meta(min_length=1)]
    pin_hash: Annotated[str, _PASSWORD_HASH]  # from `xephang hash-password`; the PIN itself is never stored
    title: str = ""  # chức danh, e.g. "Chuyên viên"
    photo: str | None = None  # a JPEG or PNG file, relative to the configuration file


class RatingChoice(_Section, frozen=True):
    code: Annotated[str, _CHOICE_CODE]
    name: str
    name_en: str = ""
    reasons: bool = False  # a level after which the citizen is asked why (ignored for reasons)


class RatingSection(_Section, frozen=True):
    question: str = "Ông/bà đánh giá thế nào về việc giải quyết thủ tục?"
    question_en: str = "How satisfied are you with how your matter was handled?"
    timeout_s: Annotated[int, Meta(ge=5)] = 30
    levels: Annotated[tuple[RatingChoice, ...], Meta(min_length=2)] = (
        RatingChoice("very_satisfied", "Rất hài lòng", "Very satisfied"),
        RatingChoice("satisfied", "Hài lòng", "Satisfied"),
        RatingChoice("unsatisfied", "Không hài lòng", "Not satisfied", reasons=True),
    )
    reasons: tuple[RatingChoice, ...] = (
        RatingChoice("attitude", "Thái độ phục vụ", "Staff attitude"),
        RatingChoice("waiting_time", "Thời gian chờ lâu", "Long wait"),
        RatingChoice("guidance", "Hướng dẫn chưa rõ", "Unclear guidance"),
        RatingChoice("processing_time", "Giải quyết chậm", "Slow processing"),
        RatingChoice("facilities", "Cơ sở vật chất", "Facilities"),
    )

    def level(self, code: str) -> RatingChoice | None:
        return next((level for level in self.levels if level.code == code), None)


class ServerSection(_Section, frozen=True):
    host: str = "127.0.0.1"
    port: Annotated[int, Meta(ge=0, le=65535)] = 8765  # 0: a free port, for tests
    # PEM files, relative to this file: with both, the server speaks wss:// only (queue_server/tls.py).
    tls_cert: str | None = None  # the server's certificate, signed by the hall's CA
    tls_key: str | None = None  # its private key

    @property
    def scheme(self) -> str:
        return "wss" if self.tls_cert else "ws"


ManagerRole = Literal["manager", "viewer"]


class ManagerConfig(_Section, frozen=True):
    """A dashboard account: a manager sees full names; a viewer sees masked names and changes nothing."""
    id: str
    name: str
    password_hash: Annotated[str, _PASSWORD_HASH]  # from `xephang hash-password`
    role: ManagerRole = "manager"


class DashboardSection(_Section, frozen=True):
    device: str = ""  # the [[devices]] entry (role admin) the dashboard connects to the queue server as
    wait_alert_minutes: AtLeastOne = 30  # a service whose longest current wait reaches this is an alert
    pause_alert_minutes: AtLeastOne = 20  # a counter paused this long is an alert


class HallConfig(_Section, dict=True, frozen=True):  # dict: room for the lookups by key, built once
    hall: HallSection
    services: Annotated[tuple[ServiceConfig, ...], Meta(min_length=1)]
    counters: tuple[CounterConfig, ...]
    devices: tuple[DeviceConfig, ...] = ()
    server: ServerSection = ServerSection()
    managers: tuple[ManagerConfig, ...] = ()
    dashboard: DashboardSection = DashboardSection()
    clerks: tuple[ClerkConfig, ...] = ()  # none: counters work without anyone signing in
    rating: RatingSection = RatingSection()
    priority_categories: tuple[PriorityCategoryConfig, ...] = DEFAULT_PRIORITY_CATEGORIES
    personal_data: PersonalDataSection = PersonalDataSection()
    fair_share: FairShareSection = FairShareSection()
    device_limits: DeviceLimitsSection = DeviceLimitsSection()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.hall.timezone)

    def service(self, code: str) -> ServiceConfig | None:
        return self._services_by_code.get(code)

    def counter(self, number: int) -> CounterConfig | None:
        return self._counters_by_number.get(number)

    # The server looks services and counters up several times for every command: by key, not by a walk.
    @cached_property
    def _services_by_code(self) -> dict[str, ServiceConfig]:
        return {s.code: s for s in reversed(self.services)}  # reversed: the first of a code wins, as in a walk

    @cached_property
    def _counters_by_number(self) -> dict[int, CounterConfig]:
        return {c.number: c for c in reversed(self.counters)}

    def configured_services(self, number: int) -> tuple[str, ...]:
        """The services the configuration gives a counter (none for a number it does not list)."""
        counter = self.counter(number)
        return counter.services if counter is not None else ()

    def category(self, code: str) -> PriorityCategoryConfig | None:
        return next((c for c in self.priority_categories if c.code == code), None)

    def device(self, device_id: str) -> DeviceConfig | None:
        return next((d for d in self.devices if d.id == device_id), None)

    def kiosk_share(self, service: ServiceConfig) -> int | None:
        """The most numbers of the service one kiosk may give in a day; None in a hall with one kiosk, or when
        one kiosk may give them all (the service's own cap and range then refuse in their words)."""
        if self.device_limits.kiosk_share_percent == 100 or sum(d.role == Role.KIOSK for d in self.devices) < 2:
            return None
        first, last = service.first_last
        numbers = min(last - first + 1, service.daily_cap or last - first + 1)
        return max(1, numbers * self.device_limits.kiosk_share_percent // 100)

    def clerk(self, clerk_id: str) -> ClerkConfig | None:
        return next((c for c in self.clerks if c.id == clerk_id), None)

    def counters_for(self, service_code: str) -> list[int]:
        return [c.number for c in self.counters if service_code in c.services]

    @property
    def pickup_service(self) -> ServiceConfig | None:
        return next((s for s in self.services if s.pickup), None)


def load_config_for_command(path: Path | None) -> HallConfig | None:
    """A command's --config, the embedded demo hall without one; None, the reason printed, when it cannot be read."""
    try:
        return load_config(path or DEMO_CONFIG_PATH)
    except ConfigError as error:
        print(f"Lỗi cấu hình / Configuration error:\n  {error}", file=sys.stderr)
        return None


def load_config(path: str | Path) -> HallConfig:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(path, f"không đọc được tệp ({exc.strerror})",
                          f"cannot read the file ({exc.strerror})") from exc
    config = parse_config(raw, path)
    try:
        return _tls_beside(_photos_beside(config, path), path)
    except _Mistake as mistake:
        raise _located(path, raw, mistake) from None


def _photos_beside(config: "HallConfig", path: Path) -> "HallConfig":
    """Clerks' photos are named relative to the configuration file: made absolute, and checked to exist."""
    clerks = []
    for i, clerk in enumerate(config.clerks):
        if clerk.photo is not None:
            photo = (path.parent / clerk.photo).resolve()
            if not photo.is_file():
                raise _Mistake(("clerks", i, "photo"), f"không có tệp ảnh {str(photo)!r}",
                               f"no photo file {str(photo)!r}")
            clerk = msgspec.structs.replace(clerk, photo=str(photo))
        clerks.append(clerk)
    return msgspec.structs.replace(config, clerks=tuple(clerks))


def _tls_beside(config: "HallConfig", path: Path) -> "HallConfig":
    """The server's certificate and key, named relative to the configuration file: both or neither, made
    absolute, and checked to be a certificate and its key."""
    server = config.server
    if (server.tls_cert is None) != (server.tls_key is None):
        missing = "tls_key" if server.tls_key is None else "tls_cert"
        raise _Mistake(("server", missing), "cần cả tls_cert và tls_key (bỏ cả hai: ws:// không mã hóa)",
                       "needs both tls_cert and tls_key (neither: plain ws://)")
    if server.tls_cert is None:
        return config
    files = {key: (path.parent / getattr(server, key)).resolve() for key in ("tls_cert", "tls_key")}
    for key, file in files.items():
        if not file.is_file():
            raise _Mistake(("server", key), f"không có tệp {str(file)!r}", f"no file {str(file)!r}")
    try:
        server_context(str(files["tls_cert"]), str(files["tls_key"]))
    except (ssl.SSLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc.strerror or str(exc)
        raise _Mistake(("server", "tls_cert"), f"không dùng được chứng chỉ với khóa này ({reason})",
                       f"this certificate and key cannot be used together ({reason})") from None
    return msgspec.structs.replace(config, server=msgspec.structs.replace(
        server, tls_cert=str(files["tls_cert"]), tls_key=str(files["tls_key"])))


class _Mistake(Exception):
    """A value the file has but must not: where it is, and what is wrong with it in vi and en."""

    def __init__(self, where: KeyPath, vi: str, en: str):
        super().__init__(where, vi, en)
        self.where, self.text = where, Text(vi, en)


def parse_config(raw: bytes, path: str | Path = "<config>") -> HallConfig:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:  # an editor that saved it in another encoding (Windows-1258, TCVN3)
        line = raw[:exc.start].count(b"\n") + 1
        raise ConfigError(path, f"dòng {line}: tệp không ở dạng UTF-8 (byte {raw[exc.start]:#04x}); hãy lưu lại "
                                "tệp với bảng mã UTF-8",
                          f"line {line}: the file is not in UTF-8 (byte {raw[exc.start]:#04x}); save it again as "
                          "UTF-8", line) from None
    try:
        config = msgspec.toml.decode(raw, type=HallConfig)
        _check(config)
        _check_dashboard(config)
        return config
    except msgspec.ValidationError as exc:  # valid TOML, a wrong value
        raise _located(path, raw, _explain(str(exc), msgspec.toml.decode(raw))) from exc
    except _Mistake as mistake:
        raise _located(path, raw, mistake) from None
    except msgspec.DecodeError as exc:
        raise _not_toml(path, str(exc)) from exc


def _located(path: str | Path, raw: bytes, mistake: _Mistake) -> ConfigError:
    line = line_of(raw.decode("utf-8"), mistake.where)
    where_vi, where_en = _where(mistake.where)
    at_vi, at_en = (f" (dòng {line})", f" (line {line})") if line else ("", "")
    return ConfigError(path, f"{where_vi}{at_vi}: {mistake.text.vi}", f"{where_en}{at_en}: {mistake.text.en}", line)


def _not_toml(path: str | Path, text: str) -> ConfigError:
    """The TOML parser's "Expected ']' ... (at line 114, column 11)", the place first."""
    at = re.search(r" \(at line (\d+), column (\d+)\)$", text)
    if not at:
        return ConfigError(path, f"không phải TOML hợp lệ ({text})", f"not valid TOML ({text})")
    what, line, column = text[:at.start()], int(at.group(1)), at.group(2)
    return ConfigError(path, f"dòng {line}, cột {column}: không phải TOML hợp lệ ({what})",
                       f"line {line}, column {column}: not valid TOML ({what})", line)


_ENTRY_NAMES = {"services": ("lĩnh vực thứ {}", "service #{}"), "counters": ("quầy thứ {}", "counter #{}"),
                "managers": ("tài khoản thứ {}", "account #{}"),
                "devices": ("thiết bị thứ {}", "device #{}"), "clerks": ("cán bộ thứ {}", "clerk #{}"),
                "priority_categories": ("đối tượng ưu tiên thứ {}", "priority category #{}")}


def _where(where: KeyPath) -> tuple[str, str]:
    """("counters", 0, "services") as ("quầy thứ 1, khóa services", "counter #1, key services"): counted from 1."""
    section, *rest = where
    if section in _ENTRY_NAMES and rest and isinstance(entry := rest[0], int):
        vi_name, en_name = _ENTRY_NAMES[str(section)]
        index = entry + 1
        rest.pop(0)
        vi, en = [vi_name.format(index)], [en_name.format(index)]
    elif section in _ENTRY_NAMES:
        vi, en = [f"[[{section}]]"], [f"[[{section}]]"]
    elif section in HallConfig.__struct_fields__:
        vi, en = [f"[{section}]"], [f"[{section}]"]
    else:  # a key outside every table
        vi, en = [f"khóa {section}"], [f"key {section}"]
    if rest:
        key = rest.pop(0)
        vi.append(f"khóa {key}")
        en.append(f"key {key}")
    if rest and isinstance(item := rest[0], int):
        vi.append(f"phần tử thứ {item + 1}")
        en.append(f"item #{item + 1}")
    return ", ".join(vi), ", ".join(en)


_TYPE_NAMES = {  # msgspec's names of TOML value types -> (Vietnamese, English)
    "int": ("số nguyên", "a whole number"), "float": ("số", "a number"), "str": ("chuỗi trong ngoặc kép", "a string"),
    "bool": ("true hoặc false", "true or false"), "array": ("danh sách [...]", "a list [...]"),
    "object": ("bảng", "a table"), "null": ("không có giá trị", "nothing"),
}


def _explain(text: str, data: dict[str, Any]) -> _Mistake:
    """msgspec's "Expected `int`, got `str` - at `$.services[0].range[0]`", with the file's values as data."""
    what, sep, at = text.rpartition(" - at ")
    if not sep:
        what, at = text, "`$`"
    where: KeyPath = tuple(int(index) if index else name
                           for name, index in re.findall(r"\.([^.\[\]`]+)|\[(\d+)\]", at))
    field = re.fullmatch(r"Object (missing required|contains unknown) field `(.+)`", what)
    if field:
        if field.group(1) == "missing required":
            return _Mistake((*where, field.group(2)), "thiếu khóa bắt buộc này", "this required key is missing")
        return _Mistake((*where, field.group(2)), "khóa này không có trong cấu hình (viết sai tên?)",
                        "no such key (a typo?)")
    if (rule := constraint_text(what)) is not None:
        return _Mistake(where, rule.vi, rule.en)
    form = re.fullmatch(r"Expected `str` matching regex (.*)", what)  # the pattern as repr() writes it
    if form:
        meta = next(meta for meta in _FORMS if repr(meta.pattern) == form.group(1))
        value, words = _value_at(data, where), meta.extra or {}  # every form has its words (_form)
        return _Mistake(where, words["vi"].format(value=value), words["en"].format(value=value))
    expected = re.fullmatch(r"Expected `(\w+)`, got `(\w+)`", what)
    if expected:
        want, got = (_TYPE_NAMES.get(name, (name, name)) for name in expected.groups())
        return _Mistake(where, f"cần {want[0]}, không phải {got[0]}", f"expected {want[1]}, not {got[1]}")
    enum = re.fullmatch(r"Invalid enum value (.+)", what)
    if enum:
        role_choices = {"devices": tuple(Role), "managers": typing.get_args(ManagerRole)}.get(str(where[0]), ())
        choices = f" (chọn: {', '.join(role_choices)})" if where[-1:] == ("role",) and role_choices else ""
        return _Mistake(where, f"giá trị {enum.group(1)} không được chấp nhận{choices}",
                        f"{enum.group(1)} is not an accepted value{choices.replace('chọn', 'one of')}")
    return _Mistake(where, f"giá trị không hợp lệ: {what}", f"invalid value: {what}")


def _value_at(data: Any, where: KeyPath) -> Any:
    for step in where:
        data = data[step]
    return data


def _check(config: HallConfig) -> None:
    """What msgspec's per-value constraints cannot say: rules across keys and entries."""
    try:
        ZoneInfo(config.hall.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise _Mistake(("hall", "timezone"), f"múi giờ không tồn tại: {config.hall.timezone!r}",
                       f"unknown time zone: {config.hall.timezone!r}") from None
    if config.hall.max_recalls < config.hall.recalls_before_no_show:
        # Otherwise a clerk could never mark a no-show.
        raise _Mistake(("hall", "max_recalls"), "phải lớn hơn hoặc bằng recalls_before_no_show",
                       "must be at least recalls_before_no_show")
    taken: list[tuple[int, int, str]] = []
    prefixes: set[str] = set()
    codes: set[str] = set()
    for i, service in enumerate(config.services):
        if service.code in codes:
            raise _Mistake(("services", i, "code"), f"mã lĩnh vực {service.code!r} bị trùng",
                           f"duplicate service code {service.code!r}")
        codes.add(service.code)
        if (service.range is None) == (service.prefix is None):
            raise _Mistake(("services", i), "cần đúng một trong hai: range = [đầu, cuối] hoặc prefix = \"A\"",
                           'needs exactly one of range = [first, last] or prefix = "A"')
        if service.range is not None:
            first, last = service.range
            if first > last:
                raise _Mistake(("services", i, "range"), "khoảng số phải là [đầu, cuối] với đầu <= cuối",
                               "the range must be [first, last] with first <= last")
            for other_first, other_last, other in taken:
                if first <= other_last and other_first <= last:
                    raise _Mistake(("services", i, "range"), f"khoảng số trùng với lĩnh vực {other}",
                                   f"the range overlaps service {other}")
            taken.append((first, last, service.code))
        if service.prefix is not None:
            if service.prefix in prefixes:
                raise _Mistake(("services", i, "prefix"), f"tiền tố {service.prefix!r} bị trùng",
                               f"duplicate prefix {service.prefix!r}")
            prefixes.add(service.prefix)
        for j, (start, end) in enumerate(service.open_periods):
            if start >= end:
                raise _Mistake(("services", i, "hours", j),
                               f"giờ làm việc {service.hours[j]!r}: giờ mở phải trước giờ đóng",
                               f"opening hours {service.hours[j]!r}: opening must come before closing")
        first_pickup = config.pickup_service
        if service.pickup and first_pickup is not None and service is not first_pickup:
            raise _Mistake(("services", i, "pickup"),
                           f"chỉ một lĩnh vực được đặt pickup = true, đã có {first_pickup.code}",
                           f"only one service may have pickup = true, and {first_pickup.code} has it")
    numbers: set[int] = set()
    for i, counter in enumerate(config.counters):
        if counter.number in numbers:
            raise _Mistake(("counters", i, "number"), f"số quầy {counter.number} bị trùng",
                           f"counter number {counter.number} is repeated")
        numbers.add(counter.number)
        for code in counter.services:
            if code not in codes:
                raise _Mistake(("counters", i, "services"), f"lĩnh vực {code!r} không có trong [[services]]",
                               f"service {code!r} is not among [[services]]")
    _no_repeats([c.code for c in config.priority_categories], Text("mã đối tượng {!r} bị trùng",
                "duplicate category code {!r}"), lambda i: ("priority_categories", i, "code"))
    _no_repeats([d.id for d in config.devices], Text("thiết bị {!r} bị trùng", "duplicate device {!r}"),
                lambda i: ("devices", i, "id"))
    for i, device in enumerate(config.devices):
        if device.role in _BOUND_TO_A_COUNTER and device.counter not in numbers:
            vi, en = _BOUND_TO_A_COUNTER[device.role]
            raise _Mistake(("devices", i, "counter"), f"{vi} phải ghi số một quầy có trong [[counters]]",
                           f"{en} must name a counter listed in [[counters]]")
    _no_repeats([c.id for c in config.clerks], Text("mã cán bộ {!r} bị trùng", "duplicate clerk id {!r}"),
                lambda i: ("clerks", i, "id"))
    for table in ("levels", "reasons"):
        _no_repeats([c.code for c in getattr(config.rating, table)], Text("mã {!r} bị trùng", "duplicate code {!r}"),
                    functools.partial(_rating_entry, table))


def _rating_entry(table: str, index: int) -> KeyPath:
    return ("rating", table, index)


def _no_repeats(values: list[str], repeated: Text, at: Callable[[int], KeyPath]) -> None:
    """The first value given twice in a list is a mistake where at(its index) says."""
    seen = set()
    for i, value in enumerate(values):
        if value in seen:
            raise _Mistake(at(i), repeated.vi.format(value), repeated.en.format(value))
        seen.add(value)


def _check_dashboard(config: HallConfig) -> None:
    _no_repeats([m.id for m in config.managers], Text("tài khoản {!r} bị trùng", "duplicate account {!r}"),
                lambda i: ("managers", i, "id"))
    device = config.device(config.dashboard.device) if config.dashboard.device else None
    if config.dashboard.device and (device is None or device.role != "admin"):
        raise _Mistake(("dashboard", "device"), 'phải là id của một thiết bị có role = "admin" trong [[devices]]',
                       'must be the id of a [[devices]] entry with role = "admin"')


_BOUND_TO_A_COUNTER = {Role.COUNTER: ("thiết bị quầy", "a counter device"),
                       Role.RATING: ("máy đánh giá", "a rating tablet")}
