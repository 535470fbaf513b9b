"""The kiosk's flow as a pure state machine: taps, scans, the server's and the printer's answers and the
passing of time go in; the screen to show, what it says, and the jobs to start come out.

No Kivy, no I/O, no clock: kiosk/app.py feeds it what happened with the time (monotonic seconds), runs
the jobs it returns (check the printer, issue, print, look up) and feeds their results back.
Its rules: one ticket or lookup at a time; a ticket is issued only on a printer that answered; a ticket
issued but not printed keeps its number on screen; a screen left alone goes home, in Vietnamese; a new
screen ignores touches for a moment; what a scanner types is never shown unless it is a dossier code; a
citizen's ID card is never shown, its number goes only to the server, and it is held only until its holder is
done (a ticket, a refusal, Back, or nobody there): the next citizen's ticket is never counted against it.
"""
from dataclasses import dataclass
from datetime import date

from kiosk.config import KioskConfig
from kiosk.texts import TEXTS
from kiosk.view_model import dossier_text, pickup_service, ticket_wait
from queue_protocol.dossier_codes import dossier_code
from queue_protocol.hall_view import HallView
from queue_protocol.id_card import IdCard, read_id_card
from queue_protocol.messages import Dossier, PriorityCategory, Ticket
from queue_protocol.states import DossierStatus
from queue_protocol.text import Text

HOME, PRIORITY, PRINTING, ISSUED, PICKUP, NOTICE, OUT_OF_SERVICE, CARD = (
    "home", "priority", "printing", "issued", "pickup", "notice", "out_of_service", "card")
# Screens a citizen may walk away from: they go home after the idle timeout.
LEFT_ALONE = {PRIORITY, PICKUP, NOTICE, ISSUED, CARD}
# Screens where a scanned dossier code is looked up (a notice too: the citizen may scan again).
SCANS = {HOME, PICKUP, NOTICE, CARD}
# Screens where an ID card is read: for a ticket (home, the priority question) or for one's dossiers (pickup).
CARD_SCANS = {HOME, PRIORITY, PICKUP, NOTICE, CARD}
# Screens on a card holder's way to their ticket: any other screen forgets the card (a refusal, pickup, a fault).
HOLDS_CARD = {HOME, PRIORITY, PRINTING}
CODE_MAX = 40  # the on-screen field; the longest dossier codes are about 30 characters
SCAN_MAX = 500  # a citizen ID card's QR code is about 100 characters
SCAN_GAP_S = 0.5  # a scanner types a whole code in well under this: a longer pause starts a new code
# A ticket usually prints within a few tens of ms: the printing screen would only flash, and drawing it
# (in software on some kiosks) would slow the ticket down. It shows when printing takes longer than this.
PRINTING_SCREEN_AFTER_S = 0.3
BACKSPACE = "⌫"


# Jobs for the app: each ends with one call back into the flow.
@dataclass(frozen=True)
class CheckPrinter:
    """-> printer_checked"""


@dataclass(frozen=True)
class Issue:
    """-> ticket_issued, issue_refused; server_silent each time the server does not answer in time"""
    service: str
    priority: bool = False
    dossier: str | None = None
    category: str | None = None  # the priority category chosen
    card: IdCard | None = None  # the ID card it is taken with: the server counts the card's tickets


@dataclass(frozen=True)
class Print:
    """-> print_done"""
    ticket: Ticket
    wait: Text  # as the screen says it


@dataclass(frozen=True)
class LookUp:
    """-> dossier_found, lookup_refused, lookup_failed"""
    code: str


@dataclass(frozen=True)
class LookUpCard:
    """-> card_dossiers_found, lookup_failed"""
    card: IdCard


Job = CheckPrinter | Issue | Print | LookUp | LookUpCard


@dataclass(frozen=True)
class Notice:
    title: Text
    body: Text


@dataclass(frozen=True)
class OutOfService:
    reason: Text
    staff: Text
    can_retry: bool  # a printer fault: "Thử lại" checks the printer at once


INVALID_CODE = Notice(TEXTS["invalid_code"], TEXTS["invalid_code_hint"])
UNKNOWN_DOSSIER = Notice(TEXTS["dossier_not_found"], TEXTS["dossier_not_found_hint"])
CARD_NOT_LOOKED_UP = Notice(TEXTS["card_not_looked_up"], TEXTS["invalid_code_hint"])
# A refusal the citizen can act on gets its own title; the server's text under it says the rest (the limit).
REFUSAL_TITLES = {"pickup_already_issued": "already_has_number", "person_limit_reached": "person_limit_reached"}


class KioskFlow:
    def __init__(self, view: HallView, config: KioskConfig):
        self.view = view
        self.config = config
        self.screen = OUT_OF_SERVICE
        self.lang = "vi"
        self.connected = False
        self.busy = False  # a ticket or a lookup is under way: no second one starts
        self.shown_at = float("-inf")  # when the screen appeared: touches are ignored for a moment
        self.idle_at: float | None = None  # when the screen, left alone, goes home
        self.out_of_service = OutOfService(TEXTS["connecting"], TEXTS["server_down_staff"], can_retry=False)
        self.notice: Notice | None = None
        self.choice = ""  # the service whose regular/priority question shows
        self.code = ""  # the pickup field, typed on the on-screen keyboard
        self._scan, self._scan_at = "", float("-inf")  # what a scanner typed, out of sight until Enter
        self.printer_fault: Text | None = None
        self.offline_reason: Text | None = None  # the client's words for why it is offline, for the staff line
        self.printer_warning: Text | None = None  # e.g. paper near end: tickets still print
        self._checking_printer = False
        self._check_printer_at: float | None = None  # while faulty, check again then
        self._pending: Issue | None = None  # the ticket waiting for the printer check
        self._printing_at: float | None = None  # a ticket under way: "printing" shows then, if still under way
        self.ticket: Ticket | None = None  # the last ticket issued: its number stays until home
        self.wait: Text | None = None  # its wait in words, said once for the screen and the paper
        self.printed = False
        self.print_error: Text | None = None
        self.card: IdCard | None = None  # the ID card scanned for this citizen's ticket
        self.card_dossiers: list[Dossier] = []  # the dossiers a card scanned at pickup found, names masked

    # --- what the app reads ---------------------------------------------------------------------

    @property
    def has_pickup(self) -> bool:
        return pickup_service(self.view.services.values()) is not None

    @property
    def looking_up(self) -> bool:
        return self.busy and self.screen == PICKUP

    @property
    def proposed_category(self) -> PriorityCategory | None:
        """The priority category the card's holder is old enough for (the oldest threshold met), if any."""
        if self.card is None or self.view.hall is None:
            return None
        age = self.card.age_on(date.fromisoformat(self.view.hall.day))
        met = [c for c in self.view.hall.priority_categories if c.from_age is not None and age >= c.from_age]
        return max(met, key=lambda c: c.from_age or 0, default=None)

    @property
    def categories(self) -> list[PriorityCategory]:
        """The priority categories to offer, the one the card proposes first; none: one priority button."""
        offered = list(self.view.hall.priority_categories) if self.view.hall is not None else []
        proposed = self.proposed_category
        return [proposed] + [c for c in offered if c != proposed] if proposed else offered

    def takes_touch(self, now: float) -> bool:
        return now - self.shown_at >= self.config.touch_guard_s

    @property
    def next_deadline(self) -> float | None:
        """When tick() has something to do: the printing screen; unless busy, the idle timeout, a printer check."""
        times = [self._printing_at] + ([] if self.busy else [self.idle_at, self._check_printer_at])
        return min((t for t in times if t is not None), default=None)

    # --- the app, the connection, the clock -------------------------------------------------------

    def start(self, now: float) -> list[Job]:
        return self._check_printer()

    def connection_changed(self, now: float, connected: bool) -> list[Job]:
        self.connected = connected
        # Back: out of service ends. Lost: whoever is here learns it, but a number on screen stays.
        if not self.busy and (self.screen == OUT_OF_SERVICE if connected else self.screen != ISSUED):
            self._settle(now)
        return []

    def offline_reason_changed(self, now: float, reason: Text | None) -> list[Job]:
        """A certificate refused, another machine with this kiosk's id: the staff line of the out-of-service
        screen says it."""
        self.offline_reason = reason
        if not self.busy and self.screen == OUT_OF_SERVICE:
            self._settle(now)
        return []

    def tick(self, now: float) -> list[Job]:
        if self._printing_at is not None and now >= self._printing_at:
            self._show(PRINTING, now)
        if self.idle_at is not None and now >= self.idle_at and not self.busy:
            self.lang = "vi"  # nobody is here any more: the next citizen is greeted in Vietnamese
            self.card = None  # forgotten with the citizen who left it
            self._settle(now)
        if self._check_printer_at is not None and now >= self._check_printer_at and not self.busy:
            return self._check_printer()
        return []

    def touch(self, now: float) -> bool:
        """A finger on the screen: False to ignore it (a new screen's first moment), else it counts as presence."""
        if not self.takes_touch(now):
            return False
        if self.idle_at is not None:
            self._arm_idle(now)
        return True

    # --- taps -------------------------------------------------------------------------------------

    def set_lang(self, now: float, lang: str) -> list[Job]:
        self.lang = lang
        self._arm_idle(now)
        return []

    def go_home(self, now: float) -> list[Job]:
        if not self.busy:
            self.card = None  # Back from the priority question: its holder changed their mind, or left
            self._settle(now)
        return []

    def choose_service(self, now: float, code: str) -> list[Job]:
        service = self.view.services.get(code)
        if self.busy or service is None or not service.open:
            return []
        if not service.priority_allowed:
            return self.take_ticket(now, code)
        self.choice = code
        self._show(PRIORITY, now)
        return []

    def take_ticket(self, now: float, service: str, priority: bool = False,
                    dossier: str | None = None, category: str | None = None) -> list[Job]:
        if self.busy:
            return []  # a double tap: the first tap's ticket is on its way
        self.busy = True
        # A pickup ticket is the dossier's, not the person's: the card is not sent with it.
        self._pending = Issue(service, priority or category is not None, dossier, category,
                              self.card if dossier is None else None)
        self._show_printing_soon(now)
        return self._check_printer()

    def reprint(self, now: float) -> list[Job]:
        if self.busy or self.ticket is None or self.wait is None:  # (the wait is set with the ticket)
            return []
        self.busy = True
        self._show_printing_soon(now)
        return [Print(self.ticket, self.wait)]

    def retry_printer(self, now: float) -> list[Job]:
        return [] if self.busy else self._check_printer()

    def open_pickup(self, now: float) -> list[Job]:
        if not self.busy and self.has_pickup:
            self._show(PICKUP, now)
        return []

    def pick_up(self, now: float, code: str) -> list[Job]:
        """A ready dossier chosen among the card's: its pickup ticket."""
        pickup = pickup_service(self.view.services.values())
        return self.take_ticket(now, pickup.code, dossier=code) if pickup is not None else []

    def key(self, now: float, key: str) -> list[Job]:
        """A key of the on-screen keyboard."""
        if key == BACKSPACE:
            self.code = self.code[:-1]
        elif len(self.code) < CODE_MAX:
            self.code += key
        return []

    def clear_code(self, now: float) -> list[Job]:
        self.code = ""
        return []

    def look_up(self, now: float) -> list[Job]:
        """"Tra cứu": the code typed on the on-screen keyboard."""
        return self._look_up(now, self.code) if self.code and not self.busy else []

    # --- a USB scanner: it types like a keyboard, then Enter ------------------------------------------

    def typed(self, now: float, characters: str) -> list[Job]:
        if now - self._scan_at > SCAN_GAP_S:
            self._scan = ""
        self._scan_at = now
        self._scan = (self._scan + "".join(c for c in characters if c.isprintable()))[:SCAN_MAX]
        return []

    def enter(self, now: float) -> list[Job]:
        scanned, self._scan = self._scan.strip(), ""
        if self.busy:
            return []
        card = read_id_card(scanned)
        if card is not None:
            return self._card_scanned(now, card) if self.screen in CARD_SCANS else []
        if self.screen not in SCANS or not self.has_pickup:
            return []
        if not scanned:
            return self.look_up(now) if self.screen == PICKUP else []
        return self._look_up(now, scanned)

    def _card_scanned(self, now: float, card: IdCard) -> list[Job]:
        """At "Nhận kết quả" the card only finds its holder's dossiers and is not kept; elsewhere it is held for
        the ticket to come (home says so, the priority question proposes the category its holder's age gives)."""
        if self.screen in (PICKUP, CARD) and self.has_pickup:
            self.busy = True
            self._show(PICKUP, now)
            return [LookUpCard(card)]
        self.card = card
        if self.screen == PRIORITY:
            self._arm_idle(now)
        else:
            self._settle(now)
        return []

    def _look_up(self, now: float, typed: str) -> list[Job]:
        code = dossier_code(typed)
        if code is None:  # a ticket's QR code, anything: said to be invalid, never shown back
            self._show_notice(now, INVALID_CODE)
            return []
        self.busy = True
        self._show(PICKUP, now)
        self.code = code
        return [LookUp(code)]

    # --- answers to jobs ----------------------------------------------------------------------------

    def printer_checked(self, now: float, fault: Text | None = None,
                        warning: Text | None = None) -> list[Job]:
        self._checking_printer = False
        pending, self._pending = self._pending, None
        if fault is not None:
            self.printer_fault = fault
            self._check_printer_at = now + self.config.printer_retry_s
            if pending is not None:
                self.busy = False  # no ticket is issued on a printer that cannot print it
            if not self.busy:
                self._settle(now)
            return []
        self.printer_fault = None
        self._check_printer_at = None
        self.printer_warning = warning
        if pending is not None:
            return [pending]
        if self.screen in (OUT_OF_SERVICE, HOME):
            self._settle(now)
        return []

    def server_silent(self, now: float) -> list[Job]:
        self.out_of_service = OutOfService(TEXTS["server_down"], TEXTS["server_wait_issue"], can_retry=False)
        self._show(OUT_OF_SERVICE, now)
        return []

    def ticket_issued(self, now: float, ticket: Ticket) -> list[Job]:
        self.card = None  # its work is done: the next ticket is somebody else's, or scans it again
        self.ticket, self.printed, self.print_error = ticket, False, None
        self.wait = ticket_wait(ticket, self.view.services[ticket.service])
        self._show_printing_soon(now)  # again: "waiting for the server" may have replaced it
        return [Print(ticket, self.wait)]

    def issue_refused(self, now: float, error_code: str, message: Text) -> list[Job]:
        """The server's words (service closed, cap reached, the number a dossier already has)."""
        self.busy = False
        title = TEXTS[REFUSAL_TITLES.get(error_code, "refused")]
        self._show_notice(now, Notice(title, message))
        return []

    def print_done(self, now: float, error: Text | None = None) -> list[Job]:
        self.busy = False
        self.printed, self.print_error = error is None, error
        self._show(ISSUED, now)
        return []

    def dossier_found(self, now: float, dossier: Dossier) -> list[Job]:
        self.busy = False
        pickup = pickup_service(self.view.services.values())
        if dossier.status == DossierStatus.READY and pickup is not None:
            return self.take_ticket(now, pickup.code, dossier=dossier.code)
        title = Text(f"Hồ sơ {dossier.code}", f"Dossier {dossier.code}")
        self._show_notice(now, Notice(title, dossier_text(dossier)))
        return []

    def card_dossiers_found(self, now: float, dossiers: list[Dossier]) -> list[Job]:
        self.busy = False
        self.card_dossiers = dossiers
        self._show(CARD, now)
        return []

    def card_lookup_refused(self, now: float) -> list[Job]:
        self.busy = False
        self._show_notice(now, CARD_NOT_LOOKED_UP)
        return []

    def lookup_refused(self, now: float, error_code: str) -> list[Job]:
        """The server's own text names the code: the kiosk says it in its words instead."""
        self.busy = False
        self._show_notice(now, UNKNOWN_DOSSIER if error_code == "unknown_dossier" else INVALID_CODE)
        return []

    def lookup_failed(self, now: float) -> list[Job]:
        self.busy = False
        self._show_notice(now, Notice(TEXTS["server_down"], TEXTS["server_down_staff"]))
        return []

    def job_failed(self, now: float) -> list[Job]:
        """A job ended in an error nobody foresaw: the kiosk must not stay busy for ever."""
        self.busy, self._pending, self._checking_printer = False, None, False
        self._settle(now)
        return []

    # --- screens ------------------------------------------------------------------------------------

    def _check_printer(self) -> list[Job]:
        if self._checking_printer:
            return []  # the check under way answers for this ticket too
        self._checking_printer = True
        self._check_printer_at = None
        return [CheckPrinter()]

    def _settle(self, now: float) -> None:
        """Home, unless a fault keeps the kiosk out of service."""
        if self.printer_fault is not None:
            self.out_of_service = OutOfService(self.printer_fault, TEXTS["printer_staff"], can_retry=True)
            self._show(OUT_OF_SERVICE, now)
        elif not self.connected or not self.view.loaded:
            self.out_of_service = OutOfService(TEXTS["server_down"], self.offline_reason or TEXTS["server_down_staff"],
                                               can_retry=False)
            self._show(OUT_OF_SERVICE, now)
        else:
            self._show(HOME, now)

    def _show_notice(self, now: float, notice: Notice) -> None:
        self.notice = notice
        self._show(NOTICE, now)

    def _show_printing_soon(self, now: float) -> None:
        if self.screen != PRINTING and self._printing_at is None:
            self._printing_at = now + PRINTING_SCREEN_AFTER_S

    def _show(self, screen: str, now: float) -> None:
        self._printing_at = None
        if screen != self.screen:
            self.shown_at = now
            if self.screen == PICKUP:
                self.code = ""
            if self.screen == CARD:
                self.card_dossiers = []  # the list is for whoever scanned: gone with its screen
            if screen not in HOLDS_CARD:
                self.card = None
            self.screen = screen
        self._arm_idle(now)

    def _arm_idle(self, now: float) -> None:
        if self.screen == ISSUED and self.printed:
            self.idle_at = now + self.config.result_s
        elif self.screen in LEFT_ALONE or (self.screen == HOME and (self.lang != "vi" or self.card is not None)):
            self.idle_at = now + self.config.idle_timeout_s
        else:
            self.idle_at = None
