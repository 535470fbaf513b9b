"""Protocol v1: every message on the wire, as frozen msgspec structs tagged by their "type" field.

docs/protocol.md shows an example of each; tests/queue_protocol/test_protocol_doc.py decodes them all.
"""

from typing import Any, TypeVar

import msgspec

from queue_protocol.limits import (
    AccountId,
    Announcement,
    Code,
    CounterNumber,
    DeviceId,
    DossierCode,
    DossierCodes,
    IsoDate,
    PersonalId,
    PersonName,
    Phone,
    Pin,
    Reasons,
    RequestId,
    ServiceCode,
    ServiceCodes,
    TicketNumber,
    Token,
)
from queue_protocol.roles import Role
from queue_protocol.states import CounterState, DossierStatus, PrinterState, TicketState
from queue_protocol.text import Text

PROTOCOL_VERSION = 1
MAX_FRAME_BYTES = 64 * 1024

# Close codes the server uses when it refuses a connection.
CLOSE_BAD_HELLO = 4400
CLOSE_BAD_CREDENTIALS = 4401
CLOSE_ROLE_NOT_ALLOWED = 4403
CLOSE_PROTOCOL_VERSION = 4426
# Closed after its welcome: a newer hello for the same device took its place (the reason names its address).
CLOSE_REPLACED = 4409


class Shape(msgspec.Struct, frozen=True, omit_defaults=True):
    """Base of every shape on the wire: immutable, fields left at their default are not sent."""


class Message(Shape, tag_field="type", frozen=True):
    """Base of every message; the subclass's tag is its "type"."""


# --- connection ---------------------------------------------------------------------------------

class Hello(Message, tag="hello", frozen=True):
    role: Role
    device: DeviceId
    token: Token
    protocol: int = PROTOCOL_VERSION


# --- shared shapes inside messages ----------------------------------------------------------------

class TicketBrief(Shape, frozen=True):
    number: str
    service: str
    priority: bool = False


class Ticket(Shape, frozen=True):
    id: int
    number: str
    service: str
    priority: bool
    state: TicketState
    day: str
    issued_at: str
    counter: int | None = None
    called_at: str | None = None
    served_at: str | None = None
    done_at: str | None = None
    recalls: int = 0
    dossier: str | None = None
    target_counter: int | None = None
    ahead: int | None = None
    estimated_wait_s: int | None = None
    category: str | None = None  # the priority category's code, when the citizen said which


class ServiceInfo(Shape, frozen=True):
    code: str
    name: str
    name_en: str
    priority_allowed: bool
    pickup: bool
    hours: list[str]
    open: bool
    waiting: int
    waiting_priority: int
    estimated_wait_s: int
    counters: list[int]  # the counters serving it today
    counters_open: int | None = None  # how many of them are open now; None from a server that does not say
    open_today: bool | None = None  # the hall manager opened (True) or closed (False) it for today; None: its hours
    # Of those waiting, the ones transferred to one of its counters (from any service): that counter calls them first.
    waiting_transferred: int = 0


class Clerk(Shape, frozen=True):
    """A clerk of the hall, as consoles, screens and rating tablets show them. Never the PIN or its hash."""
    id: str
    name: str
    title: str = ""  # chức danh, e.g. "Chuyên viên"
    photo: str | None = None  # the path of their photo on the server's HTTP port, e.g. "/clerks/lan/photo"


class CounterInfo(Shape, frozen=True):
    number: int
    name: str
    services: list[str]
    state: CounterState
    serving: TicketBrief | None = None
    served_today: int = 0
    waiting_transferred: int = 0  # tickets transferred to this very counter, waiting to be served there first
    clerk: Clerk | None = None  # who is signed in there
    state_since: str | None = None  # when it entered its state; None: not since the hall's records began


class Call(Shape, frozen=True):
    call_id: int
    ticket: TicketBrief
    counter: int
    recall: bool
    at: str


class Dossier(Shape, frozen=True):
    """applicant is the full name for staff roles and the masked one ("Nguyễn V. A.") for public screens."""
    code: str
    applicant: str
    service: str
    status: DossierStatus
    due_at: str
    overdue: bool = False
    received_at: str | None = None
    phone: str | None = None
    counter: int | None = None


# A priority ticket whose citizen named no category (the priority button alone, or an older kiosk): reports count them.
CATEGORY_NOT_SAID = Text("Không rõ đối tượng", "Category not said")


class PriorityCategory(Shape, frozen=True):
    """A group of citizens the hall gives priority: the kiosk offers it, the ticket and the counter name it."""
    code: str
    name: str
    name_en: str
    from_age: int | None = None  # an ID card this old or older proposes it

    @property
    def text(self) -> Text:
        return Text(self.name, self.name_en or self.name)


class HallInfo(Shape, frozen=True):
    name: str
    name_en: str
    timezone: str
    footer: str
    day: str
    server_time: str
    recalls_before_no_show: int = 0
    max_recalls: int = 0
    clerk_names: bool = False  # hall screens show the name of the clerk signed in beside each counter
    priority_categories: list[PriorityCategory] = []
    announcement: str = ""  # the hall manager's line for today's hall screens
    announcement_en: str = ""

    def category(self, code: str | None) -> PriorityCategory | None:
        """A ticket's priority category by its code; None for none, or one the hall no longer lists."""
        return next((c for c in self.priority_categories if c.code == code), None) if code else None


class RatingLevel(Shape, frozen=True):
    code: str
    name: Text
    reasons: bool = False  # after this choice the citizen is asked why


class RatingReason(Shape, frozen=True):
    code: str
    name: Text


class RatingForm(Shape, frozen=True):
    """What a rating tablet asks, from the hall's configuration."""
    question: Text
    levels: list[RatingLevel]
    reasons: list[RatingReason] = []
    timeout_s: int = 30  # a question left unanswered this long is not rated ("không đánh giá")


class RatingRequest(Shape, frozen=True):
    """A ticket just completed at a counter, whose citizen is asked to rate the service."""
    counter: int
    ticket: TicketBrief
    at: str  # when it was completed
    clerk: Clerk | None = None


class DeviceInfo(Shape, frozen=True):
    """A configured device as the server sees it: connected or not, since when (None: not since the server
    started), and for a kiosk its printer's last reported state."""
    id: str
    role: Role
    connected: bool
    since: str | None = None
    printer: PrinterState | None = None
    counter: int | None = None


class Snapshot(Shape, frozen=True):
    hall: HallInfo
    services: list[ServiceInfo]
    counters: list[CounterInfo] = []
    recent_calls: list[Call] = []
    dossiers_ready: list[Dossier] = []
    me: CounterInfo | None = None
    current: Ticket | None = None
    waiting: list[Ticket] = []
    clerks: list[Clerk] = []
    rating_form: RatingForm | None = None
    rating: RatingRequest | None = None  # the ticket completed at this counter moments ago, not yet rated
    devices: list[DeviceInfo] = []
    more: bool = False  # too large for one frame: snapshot_part frames follow with the rest of its lists (paging.py)


class Welcome(Message, tag="welcome", frozen=True):
    role: Role
    device: str
    protocol: int
    snapshot: Snapshot


# --- commands (client -> server); each carries a request id -------------------------------------

class Command(Message, frozen=True):
    id: RequestId


class Ping(Command, tag="ping", frozen=True):
    pass


class IssueTicket(Command, tag="issue_ticket", frozen=True):
    service: ServiceCode
    priority: bool = False  # without a category: a priority ticket whose category nobody said (protocol 1.0)
    dossier: DossierCode | None = None
    category: Code | None = None  # a priority category's code: a priority ticket of that category
    personal_id: PersonalId | None = None  # read from an ID card, for the per-person limits; the server keeps a hash


class LookupCard(Command, tag="lookup_card", frozen=True):
    """The dossiers of the card's holder that are not yet returned (kiosk "Nhận kết quả" with an ID card)."""
    personal_id: PersonalId


class LookupDossier(Command, tag="lookup_dossier", frozen=True):
    code: DossierCode


class OpenCounter(Command, tag="open_counter", frozen=True):
    pass


class CloseCounter(Command, tag="close_counter", frozen=True):
    pass


class CallNext(Command, tag="call_next", frozen=True):
    pass


class CallNumber(Command, tag="call_number", frozen=True):
    number: TicketNumber


class Recall(Command, tag="recall", frozen=True):
    pass


class StartServing(Command, tag="start_serving", frozen=True):
    pass


class NoShow(Command, tag="no_show", frozen=True):
    pass


class Complete(Command, tag="complete", frozen=True):
    pass


class Transfer(Command, tag="transfer", frozen=True):
    service: ServiceCode | None = None
    counter: CounterNumber | None = None


class Pause(Command, tag="pause", frozen=True):
    pass


class Resume(Command, tag="resume", frozen=True):
    pass


class UpsertDossier(Command, tag="upsert_dossier", frozen=True):
    code: DossierCode
    applicant: PersonName
    service: ServiceCode
    due_at: IsoDate
    status: DossierStatus = DossierStatus.RECEIVED
    phone: Phone | None = None
    received_at: IsoDate | None = None
    counter: CounterNumber | None = None
    # The applicant's, so their ID card finds the dossier; the server keeps a hash.
    personal_id: PersonalId | None = None


class SetDossierStatus(Command, tag="set_dossier_status", frozen=True):
    code: DossierCode
    status: DossierStatus
    counter: CounterNumber | None = None


class SignIn(Command, tag="sign_in", frozen=True):
    """The clerk at the counter: `clerk` is their id in the configuration. close_counter signs them out."""
    clerk: Code
    pin: Pin


class Rate(Command, tag="rate", frozen=True):
    """The citizen's answer on the rating tablet, for a ticket completed at its counter today."""
    ticket: TicketNumber  # its number
    level: Code
    reasons: Reasons = []


class Stats(Command, tag="stats", frozen=True):
    day: IsoDate | None = None


class ExpireWaiting(Command, tag="expire_waiting", frozen=True):
    pass


class FindPersonalData(Command, tag="find_personal_data", frozen=True):
    """Everything the hall keeps on one citizen, found by any of what they give (a citizen's request)."""
    personal_id: PersonalId | None = None
    name: PersonName | None = None
    phone: Phone | None = None


class ErasePersonalData(Command, tag="erase_personal_data", frozen=True):
    """Erase the names, phones and ID links of the card holder's dossiers and tickets, and of these dossiers."""
    personal_id: PersonalId | None = None
    dossiers: DossierCodes = []


class ReportPrinter(Command, tag="report_printer", frozen=True):
    """A kiosk tells the server its printer's state whenever it changes, and again after each welcome."""
    state: PrinterState


# The hall manager's adjustments for today (through the dashboard), each naming the manager's account: they last
# until midnight, when the configuration applies again.

class SetCounterServices(Command, tag="set_counter_services", frozen=True):
    """The services a counter serves today; its configured ones again when given those."""
    counter: CounterNumber
    services: ServiceCodes
    by: AccountId


class SetServiceOpen(Command, tag="set_service_open", frozen=True):
    """A service opened (true) or closed (false) for the rest of today whatever its hours; null: its hours again."""
    service: ServiceCode
    by: AccountId
    open: bool | None = None


class SetAnnouncement(Command, tag="set_announcement", frozen=True):
    """The line shown on the hall screens today (English optional); empty: none."""
    by: AccountId
    text: Announcement = ""
    text_en: Announcement = ""


COMMANDS: tuple[type[Command], ...] = (
    Ping, IssueTicket, LookupDossier, LookupCard, OpenCounter, CloseCounter, CallNext, CallNumber, Recall,
    StartServing, NoShow, Complete, Transfer, Pause, Resume, UpsertDossier, SetDossierStatus, Stats,
    ExpireWaiting, SignIn, Rate, FindPersonalData, ErasePersonalData, ReportPrinter, SetCounterServices,
    SetServiceOpen, SetAnnouncement,
)


def tag_of(message_type: type[Message]) -> str:
    """The "type" a message class has on the wire."""
    tag = message_type.__struct_config__.tag
    assert isinstance(tag, str)  # every message names its type with a string tag
    return tag


COMMAND_TYPES = frozenset(tag_of(c) for c in COMMANDS)

# --- replies (server -> client), exactly one per command ------------------------------------------

class Ok(Message, tag="ok", frozen=True):
    id: str
    ticket: Ticket | None = None
    dossier: Dossier | None = None
    counter: CounterInfo | None = None
    stats: dict[str, Any] | None = None
    dossiers: list[Dossier] | None = None  # lookup_card, find_personal_data, erase_personal_data
    tickets: list[Ticket] | None = None  # today's tickets linked to the person: find and erase_personal_data


class Error(Message, tag="error", frozen=True):
    id: str | None
    code: str
    message: Text


# --- events (server -> subscribers) --------------------------------------------------------------

class Called(Message, tag="called", frozen=True):
    call_id: int
    ticket: TicketBrief
    counter: int
    recall: bool
    at: str


class QueueChanged(Message, tag="queue", frozen=True):
    service: str
    waiting: int
    waiting_priority: int
    estimated_wait_s: int
    open: bool
    counters_open: int | None = None
    counters: list[int] | None = None  # the counters serving it today; None from a server that does not say
    open_today: bool | None = None
    waiting_transferred: int = 0


class CounterChanged(Message, tag="counter", frozen=True):
    counter: int
    state: CounterState
    serving: TicketBrief | None = None
    served_today: int = 0
    waiting_transferred: int = 0
    clerk: Clerk | None = None
    state_since: str | None = None
    services: list[str] | None = None  # its services today; None from a server that does not say


class DossierChanged(Message, tag="dossier", frozen=True):
    dossier: Dossier


class RatingRequested(Message, tag="rating_requested", frozen=True):
    """A ticket was completed at a counter: its rating tablet asks the citizen."""
    counter: int
    ticket: TicketBrief
    at: str
    clerk: Clerk | None = None


class DeviceChanged(Message, tag="device", frozen=True):
    """A device connected or disconnected, or a kiosk's printer changed state."""
    device: DeviceInfo


class AnnouncementChanged(Message, tag="announcement", frozen=True):
    """The hall manager's line for today's hall screens changed (empty: none)."""
    text: str = ""
    text_en: str = ""


class Resync(Message, tag="snapshot", frozen=True):
    """Sent instead of many events when much changed at once (a new day, expiry): replace all state."""
    snapshot: Snapshot


class SnapshotPart(Message, tag="snapshot_part", frozen=True):
    """The rest of the lists of the welcome's or resync's snapshot just sent, when it did not fit in one frame.
    Every list of Snapshot is here too (a test compares)."""
    services: list[ServiceInfo] = []
    counters: list[CounterInfo] = []
    recent_calls: list[Call] = []
    dossiers_ready: list[Dossier] = []
    waiting: list[Ticket] = []
    clerks: list[Clerk] = []
    devices: list[DeviceInfo] = []
    more: bool = False  # another part follows


Event = (Called | QueueChanged | CounterChanged | DossierChanged | RatingRequested | DeviceChanged |
         AnnouncementChanged | Resync)
ClientMessage = (Hello | Ping | IssueTicket | LookupDossier | LookupCard | OpenCounter | CloseCounter | CallNext |
                 CallNumber | Recall | StartServing | NoShow | Complete | Transfer | Pause | Resume | UpsertDossier |
                 SetDossierStatus | Stats | ExpireWaiting | SignIn | Rate | FindPersonalData | ErasePersonalData |
                 ReportPrinter | SetCounterServices | SetServiceOpen | SetAnnouncement)
ServerMessage = (Welcome | Ok | Error | Called | QueueChanged | CounterChanged | DossierChanged | RatingRequested |
                 DeviceChanged | AnnouncementChanged | Resync | SnapshotPart)

_Decoded = TypeVar("_Decoded")
_client_decoder: msgspec.json.Decoder[ClientMessage] = msgspec.json.Decoder(ClientMessage)
_server_decoder: msgspec.json.Decoder[ServerMessage] = msgspec.json.Decoder(ServerMessage)
_encoder = msgspec.json.Encoder()


def decode_client(frame: str | bytes) -> ClientMessage:
    """Raises msgspec.DecodeError (not JSON, or nested too deep) or msgspec.ValidationError (wrong shape)."""
    return _decode(_client_decoder, frame)


def decode_server(frame: str | bytes) -> ServerMessage:
    return _decode(_server_decoder, frame)


def _decode(decoder: msgspec.json.Decoder[_Decoded], frame: str | bytes) -> _Decoded:
    try:
        return decoder.decode(frame)
    except RecursionError:  # msgspec's own answer to thousands of nested brackets
        raise msgspec.DecodeError("JSON is nested too deeply") from None


def encode(message: msgspec.Struct) -> str:
    return _encoder.encode(message).decode()
