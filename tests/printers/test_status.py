import pytest

from printers.errors import PrinterRefused
from printers.status import judge
from queue_protocol.text import Text


@pytest.mark.parametrize(
    ("online", "paper", "expected_paper", "warning"),
    [(b"\x12", b"\x12", "ok", None), (b"\x12", b"\x1e", "near-end", "paper-near-end"),
     (b"\x12", b"\x16", "near-end", "paper-near-end")],
)
def test_printable_states(online, paper, expected_paper, warning):
    status = judge(online, paper)
    assert (status.readable, status.online, status.paper) == (True, True, expected_paper)
    assert (status.warning.code if status.warning else None) == warning
    assert status.summary == ("warning" if warning else "ok")


@pytest.mark.parametrize(
    ("online", "paper", "code"),
    [
        (b"\x1a", b"\x7e", "no-paper"),  # paper end takes the printer offline: say why
        (b"\x12", b"\x72", "no-paper"),
        (b"\x1a", b"\x12", "offline"),
        (b"", b"", "no-answer"),
        (b"\x12", b"", "no-answer"),  # never "paper present" for silence (escpos's paper_status() says 2)
        (b"\x00", b"\x12", "no-answer"),  # not a status byte: fixed bits wrong
    ],
)
def test_refusals(online, paper, code):
    with pytest.raises(PrinterRefused) as refused:
        judge(online, paper)
    assert refused.value.code == code
    assert refused.value.message.vi and refused.value.message.en


def test_error_messages_are_bilingual():
    with pytest.raises(PrinterRefused) as refused:
        judge(b"\x12", b"\x7e")
    assert refused.value.message == Text("Máy in hết giấy", "Printer is out of paper")
