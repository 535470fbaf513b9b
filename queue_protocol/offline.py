"""Why an app is not connected to its queue server, in the words its screen shows (Vietnamese, English).

The client (client.py) keeps the latest reason while it is offline; every app puts it in its offline banner,
so a clerk or a technician reads what is wrong on the device itself, not only in a log.
"""
from queue_protocol.text import Text


def refused(code: int, reason: str) -> Text:
    return Text(f"Máy chủ từ chối thiết bị này ({code} {reason}): kiểm tra mã thiết bị và mã bí mật.",
                f"The server refused this device ({code} {reason}): check its device id and token.")


def replaced(address: str, again: bool) -> Text:
    """Another connection said hello as this device: a second machine with its id, or its hello replayed."""
    if not again:
        return Text(f"Thiết bị này vừa được kết nối từ máy khác ({address}): đang kết nối lại.",
                    f"This device was just connected from another machine ({address}): reconnecting.")
    return Text(f"Thiết bị này đang được dùng trên máy khác ({address}): đã ngừng kết nối. Hãy báo quản trị.",
                f"This device is in use on another machine ({address}): stopped. Tell the administrator.")


def replaced_by(reason: str) -> str:
    """The address in the server's close reason "replaced by a new session from 192.168.1.50"."""
    return reason.rpartition(" from ")[2] or "?"
