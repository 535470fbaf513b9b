"""What the kiosk screens show, computed from the hall's state: plain data, no Kivy, no I/O."""
import math
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional

from queue_protocol.messages import Dossier, ServiceInfo

# Tile colours, one per service in config order: white text on each passes WCAG AA (>= 4.5:1).
TILE_COLOURS = ("#1565C0", "#2E7D32", "#6A1B9A", "#BF360C", "#00695C", "#AD1457", "#4E342E", "#283593")
CLOSED_COLOUR = "#CFD8DC"


@dataclass(frozen=True)
class Bilingual:
    vi: str
    en: str

    def primary(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en

    def secondary(self, lang: str) -> str:
        return self.en if lang == "vi" else self.vi


@dataclass(frozen=True)
class ServiceTile:
    code: str
    name: Bilingual
    status: Bilingual
    open: bool
    priority_allowed: bool
    colour: str


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def duration_text(seconds: int) -> Bilingual:
    m = minutes(seconds)
    if m < 90:
        return Bilingual(f"khoảng {m} phút", f"about {m} min")
    h = round(m / 60)
    return Bilingual(f"khoảng {h} giờ", f"about {h} h")


def wait_text(waiting: int, estimated_wait_s: int) -> Bilingual:
    if waiting == 0:
        return Bilingual("Không phải chờ", "No wait")
    d = duration_text(estimated_wait_s)
    return Bilingual(f"Đang chờ {waiting} · {d.vi}", f"{waiting} waiting · {d.en}")


def ahead_text(ahead: int, estimated_wait_s: int) -> Bilingual:
    if ahead == 0:
        return Bilingual("Bạn là người tiếp theo", "You are next")
    d = duration_text(estimated_wait_s)
    return Bilingual(f"Trước bạn còn {ahead} người · {d.vi}", f"{ahead} ahead of you · {d.en}")


def title_scale(name: str, tile_count: int) -> float:
    """Font size of a service's name in layout units: long names get smaller so they fit the tile."""
    base = 6.2 if tile_count <= 4 else 5.2
    return base * (0.78 if len(name) > 22 else 1.0)


def hours_text(hours: Iterable[str]) -> str:
    return ", ".join(h.replace("-", "–") for h in hours)


def closed_text(hours: list[str]) -> Bilingual:
    if not hours:
        return Bilingual("Tạm ngừng cấp số", "Not issuing tickets now")
    return Bilingual(f"Đã hết giờ · mở {hours_text(hours)}", f"Closed · open {hours_text(hours)}")


def ticket_services(services: Iterable[ServiceInfo]) -> list[ServiceInfo]:
    """The services with their own button: all but the pickup one, reached through "Nhận kết quả"."""
    return [s for s in services if not s.pickup]


def pickup_service(services: Iterable[ServiceInfo]) -> Optional[ServiceInfo]:
    return next((s for s in services if s.pickup), None)


def service_tiles(services: Iterable[ServiceInfo]) -> list[ServiceTile]:
    tiles = []
    for index, service in enumerate(ticket_services(services)):
        status = wait_text(service.waiting, service.estimated_wait_s) if service.open else closed_text(service.hours)
        tiles.append(ServiceTile(
            code=service.code, name=Bilingual(service.name, service.name_en or service.name), status=status,
            open=service.open, priority_allowed=service.priority_allowed,
            colour=TILE_COLOURS[index % len(TILE_COLOURS)] if service.open else CLOSED_COLOUR))
    return tiles


def all_closed(services: Iterable[ServiceInfo]) -> bool:
    """True when no service with its own button gives tickets: the home screen shows opening hours."""
    own = ticket_services(services)
    return bool(own) and not any(s.open for s in own)


def opening_hours(services: Iterable[ServiceInfo]) -> list[tuple[Bilingual, str]]:
    return [(Bilingual(s.name, s.name_en or s.name), hours_text(s.hours) or "—")
            for s in ticket_services(services)]


def grid_columns(tile_count: int, landscape: bool) -> int:
    if landscape:
        return 3 if tile_count > 4 else 2
    return 1 if tile_count <= 3 else 2


DOSSIER_STATUS = {
    "received": Bilingual("Đã tiếp nhận", "Received"),
    "processing": Bilingual("Đang giải quyết", "Being processed"),
    "needs_more_documents": Bilingual("Cần bổ sung giấy tờ — vui lòng liên hệ quầy tiếp nhận",
                                      "More documents needed — please see a reception counter"),
    "ready": Bilingual("Đã có kết quả", "Ready for pickup"),
    "returned": Bilingual("Đã trả kết quả", "Already returned"),
}


def day_text(iso_day: str) -> str:
    return date.fromisoformat(iso_day).strftime("%d/%m/%Y")


def dossier_text(dossier: Dossier) -> Bilingual:
    """Status and due date of a dossier that is not ready: what the citizen needs to know."""
    status = DOSSIER_STATUS[dossier.status]
    due = day_text(dossier.due_at)
    vi = f"{status.vi}\nNgày hẹn trả: {due}\nNgười nộp: {dossier.applicant}"
    en = f"{status.en}\nDue date: {due}\nApplicant: {dossier.applicant}"
    if dossier.overdue:
        vi += " (đã quá hạn — xin lỗi quý công dân, vui lòng hỏi cán bộ)"
        en += " (overdue — we apologise, please ask the staff)"
    return Bilingual(vi, en)


def ticket_reference(day: str, service: str, number: str) -> str:
    """What the ticket's QR code says, so a counter's scanner can find the ticket."""
    return f"XEPHANG|{day}|{service}|{number}"
