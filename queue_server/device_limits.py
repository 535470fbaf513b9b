"""How fast one device may act, and how much of a service's day one kiosk may take ([device_limits]).

A kiosk's token sits on a public machine: stolen, it once issued 2,000 tickets a second and emptied a
service's numbers for the day in half a second. Pure: the server passes the time, from a monotonic clock
(a wall clock stepped back must neither refill nor empty a bucket), and says what each kiosk was given.
"""
from collections import Counter
from dataclasses import dataclass
from math import ceil

from queue_protocol import errors, messages as m
from queue_protocol.commands import rule_of
from queue_protocol.roles import Role
from queue_server.config import HallConfig


@dataclass
class _Bucket:
    tokens: float
    at: float


class Pace:
    """A token bucket per device: `burst` actions at once, then `per_minute` a minute."""

    def __init__(self, per_minute: int, burst: int):
        self.per_second = per_minute / 60
        self.burst = burst
        self._buckets: dict[str, _Bucket] = {}

    def wait_s(self, device: str, now: float) -> float:
        """0, taking one action from the device's bucket, when it may act now; else how long until it may."""
        bucket = self._buckets.setdefault(device, _Bucket(self.burst, now))
        bucket.tokens = min(self.burst, bucket.tokens + max(0.0, now - bucket.at) * self.per_second)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.per_second


class DeviceLimits:
    def __init__(self, config: HallConfig):
        self.config = config
        limits = config.device_limits
        self._paces = {Role.KIOSK: Pace(limits.kiosk_tickets_per_minute, limits.kiosk_ticket_burst),
                       Role.COUNTER: Pace(limits.counter_commands_per_minute, limits.counter_command_burst)}
        self._lookups = Pace(limits.kiosk_lookups_per_minute, limits.kiosk_lookup_burst)
        self._given: Counter[tuple[str, str]] = Counter()  # (kiosk, service) -> numbers given today

    def refusal(self, role: Role, device: str, command: m.Command, now: float) -> errors.QueueError | None:
        """Before the engine (and, for a command that changes state, after a retry was answered): a kiosk at
        its share of the service, a kiosk or counter past its pace, a kiosk looking up past its pace. None is
        kept for a retry: the same request, later, is served."""
        if isinstance(command, m.IssueTicket):
            service = self.config.service(command.service)
            share = self.config.kiosk_share(service) if service is not None else None
            given = self._given[(device, command.service)]
            if service is not None and share is not None and given >= share:
                return errors.KioskShareReached(service.name, service.name_en or service.name, given)
        lookup = isinstance(command, (m.LookupDossier, m.LookupCard))
        if lookup:
            pace = self._lookups if role == Role.KIOSK else None
        else:  # a StrEnum key: the role's text finds it, without an Enum call per command
            pace = self._paces.get(role) if rule_of(command).changes_state else None
        wait = pace.wait_s(device, now) if pace is not None else 0
        return errors.TooFast(ceil(wait), tickets=role == Role.KIOSK and not lookup, lookups=lookup) if wait else None

    def gave(self, device: str, service: str) -> None:
        self._given[(device, service)] += 1

    def start_day(self, given: Counter[tuple[str, str]]) -> None:
        """A new day, or the day as stored (at start, after a failure): what each kiosk has given in it."""
        self._given = Counter(given)
