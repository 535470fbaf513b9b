"""The roles a device connects as, and what each is told besides the replies to its own commands.

The server's subscriptions and snapshots follow this table; docs/protocol.md shows it (a test compares).
"""
from dataclasses import dataclass
from enum import StrEnum

from queue_protocol.text import Text


class Role(StrEnum):
    KIOSK = "kiosk"
    COUNTER = "counter"
    DISPLAY = "display"
    INTEGRATION = "integration"
    ADMIN = "admin"
    RATING = "rating"  # the tablet facing the citizen at a counter, asking how satisfied they are


# The devices with a screen, as staff name them: window titles, the dashboard's list of devices.
DEVICE_NAMES: dict[Role, Text] = {
    Role.KIOSK: Text("Ki-ốt", "Kiosk"),
    Role.DISPLAY: Text("Màn hình sảnh", "Hall screen"),
    Role.COUNTER: Text("Máy tính quầy", "Counter console"),
    Role.RATING: Text("Máy đánh giá", "Rating tablet"),
}


@dataclass(frozen=True)
class Sight:
    events: frozenset[str]  # the event types it receives ("snapshot" goes to every role)
    floor: bool  # its snapshot holds the counters, the recent calls and the ready dossiers
    full_names: bool  # dossiers in its snapshots and events name the applicant in full, not masked
    staff: bool  # replies to its dossier commands name the applicant in full
    own_counter: bool = False  # its snapshot holds its counter (`me`), the ticket there and who waits for it
    clerks: bool = False  # its snapshot holds the hall's clerks (who may sign in at a counter)
    rating: bool = False  # its snapshot holds the rating form and the ticket awaiting its citizen's rating
    devices: bool = False  # its snapshot holds every configured device: connected or not, kiosks' printers


EVENT_TYPES = ("called", "queue", "counter", "dossier", "rating_requested", "device", "announcement", "snapshot")
_HALL_EVENTS = frozenset({"called", "queue", "counter", "dossier", "announcement", "snapshot"})

SIGHTS: dict[Role, Sight] = {
    Role.KIOSK: Sight(frozenset({"queue", "snapshot"}), floor=False, full_names=False, staff=False),
    Role.COUNTER: Sight(_HALL_EVENTS, floor=True, full_names=False, staff=True, own_counter=True, clerks=True),
    Role.DISPLAY: Sight(_HALL_EVENTS, floor=True, full_names=False, staff=False),
    Role.INTEGRATION: Sight(frozenset({"dossier", "snapshot"}), floor=False, full_names=True, staff=True),
    Role.ADMIN: Sight(_HALL_EVENTS | {"device"}, floor=True, full_names=True, staff=True, clerks=True,
                      devices=True),
    Role.RATING: Sight(frozenset({"counter", "rating_requested", "snapshot"}), floor=False, full_names=False,
                       staff=False, own_counter=True, rating=True),
}


def events_markdown() -> str:
    """The table of docs/protocol.md's Events section."""
    lines = ["| event | " + " | ".join(Role) + " |", "| --- |" + " --- |" * len(Role)]
    for event in EVENT_TYPES:
        cells = []
        for role in Role:
            sight = SIGHTS[role]
            masked = event == "dossier" and not sight.full_names
            cells.append(("yes (masked)" if masked else "yes") if event in sight.events else "")
        lines.append(f"| `{event}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def snapshot_markdown() -> str:
    """The table of what each role's snapshot holds, in docs/protocol.md."""
    lines = ["| role | hall, services | counters, recent_calls, dossiers_ready | me, current, waiting | clerks "
             "| rating_form, rating | devices |", "| --- | --- | --- | --- | --- | --- | --- |"]

    def yes(flag: bool) -> str:
        return "yes" if flag else "no"
    for role in Role:
        sight = SIGHTS[role]
        floor = ("yes (full names)" if sight.full_names else "yes (dossier names masked)") if sight.floor else "no"
        lines.append(f"| {role} | yes | {floor} | {yes(sight.own_counter)} | {yes(sight.clerks)} | {yes(sight.rating)} "
                     f"| {yes(sight.devices)} |")
    return "\n".join(lines)
