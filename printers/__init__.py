"""Ticket printing: layout as a 1-bit image, ESC/POS through python-escpos, status before printing."""
from .errors import PrinterConfigError, PrinterError, PrinterRefused, PrinterWarning
from .printer import TicketPrinter, open_printer, printer_settings
from .status import PrinterStatus

__all__ = [
    "PrinterConfigError", "PrinterError", "PrinterRefused", "PrinterStatus", "PrinterWarning",
    "TicketPrinter", "open_printer", "printer_settings",
]
