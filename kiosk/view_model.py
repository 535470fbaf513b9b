"""What the kiosk screens show, computed from the hall's state: plain data, no Kivy, no I/O."""
from collections.abc import Iterable
from dataclasses import dataclass

from queue_protocol.dates import due_text
from queue_protocol.durations import NO_COUNTER_OPEN, NO_WAIT, wait_text
from queue_protocol.messages import Dossier, ServiceInfo, Ticket
from queue_protocol.states import STATUS_TEXTS, DossierStatus
from queue_protocol.text import Text

# Tile colours, one per service in config order: white text on each passes WCAG AA (>= 4.5:1).
TILE_COLOURS = ("#1565C0", "#2E7D32", "#6A1B9A", "#BF360C", "#00695C", "#AD1457", "#4E342E", "#283593")
CLOSED_COLOUR = "#CFD8DC"


@dataclass(frozen=True)
class ServiceTile:
    code: str
    name: Text
    status: Text
    open: bool
    priority_allowed: bool
    colour: str


def ticket_wait(ticket: Ticket, service: ServiceInfo) -> Text:
    """The wait of a ticket just issued, in the words both the screen and the printed ticket use."""
    return wait_text(ticket.estimated_wait_s or 0, service.counters_open)


def queue_text(waiting: int, wait: Text) -> Text:
    """A service button's line: how many wait, and how long a new ticket would."""
    if waiting == 0 and wait != NO_COUNTER_OPEN:
        return NO_WAIT
    return Text(f"Đang chờ {waiting} · {wait.vi}", f"{waiting} waiting · {wait.en}")


def ahead_text(ahead: int, wait: Text) -> Text:
    """Under the number just issued: who is ahead, and how long it may take (in the ticket's words)."""
    wait = wait.lower()  # named inside the line: "Bạn là người tiếp theo · không phải chờ"
    if ahead == 0:
        return Text(f"Bạn là người tiếp theo · {wait.vi}", f"You are next · {wait.en}")
    return Text(f"Trước bạn còn {ahead} người · {wait.vi}", f"{ahead} ahead of you · {wait.en}")


def title_scale(name: str, tile_count: int) -> float:
    """Font size of a service's name in layout units: long names get smaller so they fit the tile."""
    base = 6.2 if tile_count <= 4 else 5.2
    return base * (0.78 if len(name) > 22 else 1.0)


def hours_text(hours: Iterable[str]) -> str:
    return ", ".join(h.replace("-", "–") for h in hours)


def closed_text(hours: list[str], closed_today: bool = False) -> Text:
    """Why a service's button is grey: closed for the day by the hall manager, or outside its hours."""
    if closed_today:
        return Text("Hôm nay đã ngừng cấp số", "No more numbers today")
    if not hours:
        return Text("Tạm ngừng cấp số", "Not issuing tickets now")
    return Text(f"Đã hết giờ · mở {hours_text(hours)}", f"Closed · open {hours_text(hours)}")


def ticket_services(services: Iterable[ServiceInfo]) -> list[ServiceInfo]:
    """The services with their own button: all but the pickup one, reached through "Nhận kết quả"."""
    return [s for s in services if not s.pickup]


def pickup_service(services: Iterable[ServiceInfo]) -> ServiceInfo | None:
    return next((s for s in services if s.pickup), None)


def service_tiles(services: Iterable[ServiceInfo]) -> list[ServiceTile]:
    tiles = []
    for index, service in enumerate(ticket_services(services)):
        status = (queue_text(service.waiting, wait_text(service.estimated_wait_s, service.counters_open))
                  if service.open else closed_text(service.hours, closed_today=service.open_today is False))
        tiles.append(ServiceTile(
            code=service.code, name=Text(service.name, service.name_en or service.name), status=status,
            open=service.open, priority_allowed=service.priority_allowed,
            colour=TILE_COLOURS[index % len(TILE_COLOURS)] if service.open else CLOSED_COLOUR))
    return tiles


def all_closed(services: Iterable[ServiceInfo]) -> bool:
    """True when no service with its own button gives tickets: the home screen shows opening hours."""
    own = ticket_services(services)
    return bool(own) and not any(s.open for s in own)


def opening_hours(services: Iterable[ServiceInfo]) -> list[tuple[Text, str]]:
    return [(Text(s.name, s.name_en or s.name), hours_text(s.hours) or "—")
            for s in ticket_services(services)]


def grid_columns(tile_count: int, landscape: bool) -> int:
    if landscape:
        return 3 if tile_count > 4 else 2
    return 1 if tile_count <= 3 else 2


def dossier_text(dossier: Dossier) -> Text:
    """Status and due date of a dossier that is not ready: what the citizen needs to know."""
    status = STATUS_TEXTS[dossier.status]
    if dossier.status == DossierStatus.NEEDS_MORE_DOCUMENTS:
        status = Text(f"{status.vi} — vui lòng liên hệ quầy tiếp nhận", f"{status.en} — please see a reception counter")
    due = due_text(dossier.due_at)
    vi = f"{status.vi}\nNgày hẹn trả: {due}\nNgười nộp: {dossier.applicant}"
    en = f"{status.en}\nDue date: {due}\nApplicant: {dossier.applicant}"
    if dossier.overdue:
        vi += " (đã quá hạn — xin lỗi quý công dân, vui lòng hỏi cán bộ)"
        en += " (overdue — we apologise, please ask the staff)"
    return Text(vi, en)


def card_dossier_line(dossier: Dossier) -> Text:
    """One of the card holder's dossiers that is not ready: its status and due date (its code beside them)."""
    status, due = STATUS_TEXTS[dossier.status], due_text(dossier.due_at)
    return Text(f"{status.vi} · hẹn trả {due}", f"{status.en} · due {due}")


def ticket_reference(day: str, service: str, number: str) -> str:
    """What the ticket's QR code says, so a counter's scanner can find the ticket."""
    return f"XEPHANG|{day}|{service}|{number}"


def more_dossiers(below: int) -> Text:
    """The card's list longer than its screen: how many dossiers are further down, or the way back up."""
    if below == 0:
        return Text("Về đầu danh sách", "Back to the top")
    return Text(f"Còn {below} hồ sơ nữa · chạm để xem tiếp", f"{below} more below · touch to see them")
