"""The title of an app's window, as a technician sees it in the task bar: Vietnamese, short, with the device id."""
from queue_protocol.roles import DEVICE_NAMES, Role

PRODUCT = "Xếp hàng"


def window_title(role: Role, device: str) -> str:
    """ "Xếp hàng — Màn hình sảnh (screen-1)" """
    return f"{PRODUCT} — {DEVICE_NAMES[role].vi} ({device})"
