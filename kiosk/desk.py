"""The kiosk's hands: asks the server for tickets and dossiers, drives the printer off the UI thread."""
import asyncio
from collections.abc import Callable

from kiosk.config import KioskConfig
from kiosk.flow import Issue
from printers import open_printer
from printers.errors import PrinterError
from printers.status import PrinterStatus
from printers.ticket import TicketContent, render_ticket
from queue_protocol.client import CommandRefused, QueueClient, ServerUnavailable
from queue_protocol.id_card import IdCard
from queue_protocol.messages import Dossier, IssueTicket, LookupCard, LookupDossier, ReportPrinter, Ticket
from queue_protocol.states import PrinterState


def printer_state(checked: PrinterStatus | PrinterError) -> PrinterState:
    """What the hall manager is told of a printer check: its status, or the error that refused it."""
    if isinstance(checked, PrinterError):
        return PrinterState.OUT_OF_PAPER if checked.code == "no-paper" else PrinterState.OFFLINE
    if not checked.readable:
        return PrinterState.UNKNOWN
    return PrinterState.PAPER_NEAR_END if checked.paper == "near-end" else PrinterState.OK


class Desk:
    def __init__(self, client: QueueClient, config: KioskConfig):
        self.client = client
        self.config = config
        self.printer_state: PrinterState | None = None

    async def report_printer(self, state: PrinterState | None = None) -> None:
        """Tells the server the printer's state when it changed; with no state, the last one again (after a
        welcome: the server keeps it in memory only, and may have restarted)."""
        if state is not None:
            if state == self.printer_state:
                return
            self.printer_state = state
        if self.printer_state is None:
            return
        try:
            await self.client.request(ReportPrinter(id=self.client.new_id(), state=self.printer_state),
                                      timeout=self.config.request_timeout_s)
        except (CommandRefused, ServerUnavailable):
            pass  # an older server, or none just now: told again after the next welcome

    def _open(self):
        return open_printer(self.config.printer, timeout_s=self.config.printer_timeout_s,
                            width_mm=self.config.paper_mm)

    async def check_printer(self) -> PrinterStatus:
        """Raises PrinterError (PrinterRefused: no paper, offline, no answer) when no ticket should be issued."""
        return await asyncio.to_thread(self._check)

    def _check(self) -> PrinterStatus:
        printer = self._open()
        try:
            return printer.check()
        finally:
            printer.close()

    async def print_ticket(self, content: TicketContent) -> None:
        """Raises PrinterError; blocking I/O runs in a worker thread so the screen stays live."""
        await asyncio.to_thread(self._print, content)

    def _print(self, content: TicketContent) -> None:
        printer = self._open()
        try:
            printer.print_ticket(render_ticket(content, width_px=printer.width_px))
        finally:
            printer.close()

    def new_issue(self, job: Issue) -> IssueTicket:
        return IssueTicket(id=self.client.new_id(), service=job.service, priority=job.priority, dossier=job.dossier,
                           category=job.category, personal_id=job.card.personal_id if job.card else None)

    async def issue(self, command: IssueTicket, on_waiting: Callable[[], None]) -> Ticket:
        """Until the server answers: the same request id every time, so the server acts once.

        Raises CommandRefused (service closed, daily cap...). on_waiting is called after each timeout.
        """
        while True:
            try:
                ticket = (await self.client.request(command, timeout=self.config.request_timeout_s)).ticket
                assert ticket is not None  # issue_ticket's reply carries the ticket
                return ticket
            except ServerUnavailable:
                on_waiting()

    async def lookup(self, code: str) -> Dossier:
        """Raises CommandRefused (unknown or invalid code) or ServerUnavailable."""
        reply = await self.client.request(LookupDossier(id=self.client.new_id(), code=code),
                                          timeout=self.config.request_timeout_s)
        assert reply.dossier is not None  # lookup_dossier's reply carries the dossier (else it is refused)
        return reply.dossier

    async def lookup_card(self, card: IdCard) -> list[Dossier]:
        """The card holder's dossiers not yet returned, names masked. Raises CommandRefused or ServerUnavailable."""
        reply = await self.client.request(LookupCard(id=self.client.new_id(), personal_id=card.personal_id),
                                          timeout=self.config.request_timeout_s)
        return reply.dossiers or []
