"""The printed ticket's content, from the hall, the service and the ticket the server issued."""
from datetime import datetime

from kiosk.view_model import ticket_reference
from printers.ticket import TicketContent
from queue_protocol.messages import HallInfo, ServiceInfo, Ticket
from queue_protocol.text import Text


def ticket_content(hall: HallInfo, service: ServiceInfo, ticket: Ticket, wait: Text) -> TicketContent:
    """wait: the words the screen shows (view_model.ticket_wait), so screen and paper say the same."""
    return TicketContent(
        hall_name=hall.name,
        number=ticket.number,
        service_name=service.name,
        service_name_en=service.name_en,
        priority=ticket.priority,
        ahead=ticket.ahead or 0,
        wait=wait,
        issued_at=datetime.fromisoformat(ticket.issued_at),
        qr_text=ticket.dossier or ticket_reference(ticket.day, ticket.service, ticket.number),
        footer=hall.footer,
        dossier_code=ticket.dossier,
        category=category.text if (category := hall.category(ticket.category)) else None,
    )
