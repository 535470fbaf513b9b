"""The printed ticket's content, from the hall, the service and the ticket the server issued."""
from datetime import datetime

from printers.ticket import TicketContent
from queue_protocol.durations import wait_text
from queue_protocol.messages import HallInfo, ServiceInfo, Ticket

from kiosk.view_model import ticket_reference


def ticket_content(hall: HallInfo, service: ServiceInfo, ticket: Ticket) -> TicketContent:
    return TicketContent(
        hall_name=hall.name,
        number=ticket.number,
        service_name=service.name,
        service_name_en=service.name_en,
        priority=ticket.priority,
        ahead=ticket.ahead or 0,
        wait=wait_text(ticket.estimated_wait_s or 0, service.counters_open),
        issued_at=datetime.fromisoformat(ticket.issued_at),
        qr_text=ticket.dossier or ticket_reference(ticket.day, ticket.service, ticket.number),
        footer=hall.footer,
        dossier_code=ticket.dossier,
    )
