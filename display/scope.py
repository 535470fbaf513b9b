"""Which part of the hall a screen shows: large halls put one screen per area (--counters, --services)."""
from dataclasses import dataclass

from queue_protocol.messages import Call, CounterInfo, Dossier


class ScopeError(ValueError):
    """A --counters or --services value that cannot be read; the message is Vietnamese then English."""


def parse_counters(text: str) -> frozenset[int]:
    """ "1-6", "1,3,5-7" -> the counter numbers."""
    numbers: set[int] = set()
    for part in (p.strip() for p in text.split(",")):
        try:
            if "-" in part:
                first, last = (int(x) for x in part.split("-", 1))
                if first > last:
                    raise ValueError(part)
                numbers.update(range(first, last + 1))
            else:
                numbers.add(int(part))
        except ValueError:
            raise ScopeError(f"Danh sách quầy không hợp lệ: {text!r} (ví dụ 1-6 hoặc 1,3,5) / "
                             f"invalid counter list: {text!r} (e.g. 1-6 or 1,3,5)") from None
    return frozenset(numbers)


def parse_services(text: str) -> frozenset[str]:
    """ "DD,HT" -> the service codes."""
    codes = frozenset(code.strip() for code in text.split(",") if code.strip())
    if not codes:
        raise ScopeError(f"Danh sách lĩnh vực không hợp lệ: {text!r} (ví dụ DD,HT) / "
                         f"invalid service list: {text!r} (e.g. DD,HT)")
    return codes


@dataclass(frozen=True)
class Scope:
    """None means "all"; a screen limited to some counters shows only what happens at them."""
    counters: frozenset[int] | None = None
    services: frozenset[str] | None = None

    def shows_service(self, code: str) -> bool:
        return self.services is None or code in self.services

    def shows_counter_number(self, number: int | None) -> bool:
        return self.counters is None or number is None or number in self.counters

    def shows_counter(self, counter: CounterInfo) -> bool:
        if self.counters is not None and counter.number not in self.counters:
            return False
        return self.services is None or any(code in self.services for code in counter.services)

    def shows_call(self, call: Call) -> bool:
        return self.shows_counter_number(call.counter) and self.shows_service(call.ticket.service)

    def shows_dossier(self, dossier: Dossier) -> bool:
        return self.shows_service(dossier.service) and self.shows_counter_number(dossier.counter)
