"""The hall's devices as the server sees them: connected or not, since when, and what each kiosk's printer
last said. Kept in memory: after a restart every device connects again and its kiosk reports again.
Pure: the time of each change is passed in."""
from collections import Counter
from typing import Any

import msgspec

from queue_protocol import messages as m
from queue_protocol.states import PrinterState
from queue_server.config import HallConfig


class DeviceBoard:
    def __init__(self, config: HallConfig):
        self._devices = {d.id: m.DeviceInfo(id=d.id, role=d.role, connected=False, counter=d.counter)
                         for d in config.devices}
        self._connections: Counter[str] = Counter()  # a device back before its old connection is noticed gone has two

    def all(self) -> list[m.DeviceInfo]:
        return list(self._devices.values())

    def connected(self, device: str, at: str) -> m.DeviceInfo | None:
        """The device's new state, or None when it was connected already (nothing to tell)."""
        self._connections[device] += 1
        if self._connections[device] > 1:
            return None
        return self._set(device, connected=True, since=at)

    def disconnected(self, device: str, at: str) -> m.DeviceInfo | None:
        """The device's new state, or None while another connection of it remains."""
        self._connections[device] -= 1
        if self._connections[device] > 0:
            return None
        return self._set(device, connected=False, since=at)

    def printer(self, device: str, state: PrinterState) -> m.DeviceInfo | None:
        """The kiosk's new state, or None when its printer said the same as before."""
        if self._devices[device].printer == state:
            return None
        return self._set(device, printer=state)

    def _set(self, device: str, **changes: Any) -> m.DeviceInfo:
        self._devices[device] = msgspec.structs.replace(self._devices[device], **changes)
        return self._devices[device]
