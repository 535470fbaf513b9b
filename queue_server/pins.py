"""Clerks' PINs: checked against their argon2 hash off the event loop; wrong ones throttled.

Like the device tokens, checking who someone is belongs to the shell: the engine hears only of sign-ins
whose PIN matched. argon2 is slow on purpose (tens to hundreds of milliseconds), so it runs on a worker
thread while the loop keeps serving the hall; a clerk's PIN locked after wrong tries costs no argon2 at all.
The throttle lives in memory: a restart forgives, which a guesser at a counter cannot cause.
"""
import asyncio
import math
from collections.abc import Callable
from dataclasses import dataclass

import msgspec

from queue_protocol import messages as m
from queue_protocol.errors import PinLocked, QueueError, WrongPin
from queue_protocol.roles import Role
from queue_server.config import HallConfig
from queue_server.passwords import verify_password

FREE_TRIES = 5  # wrong PINs in a row before the first lock
FIRST_LOCK_S = 30  # then each further wrong PIN doubles the lock
LONGEST_LOCK_S = 15 * 60


@dataclass
class _Tries:
    wrong: int = 0
    locked_until: float = 0.0


class PinThrottle:
    """Per clerk: how many wrong PINs in a row, and until when sign-in is locked. Time is passed in."""

    def __init__(self) -> None:
        self._tries: dict[str, _Tries] = {}

    def refusal(self, clerk: str, at: float) -> QueueError | None:
        tries = self._tries.get(clerk)
        if tries is not None and tries.locked_until > at:
            return PinLocked(seconds=math.ceil(tries.locked_until - at))
        return None

    def wrong(self, clerk: str, at: float) -> QueueError:
        tries = self._tries.setdefault(clerk, _Tries())
        tries.wrong += 1
        beyond = tries.wrong - FREE_TRIES
        if beyond < 0:
            return WrongPin(tries_left=-beyond)
        lock_s = min(LONGEST_LOCK_S, FIRST_LOCK_S * 2 ** beyond)
        tries.locked_until = at + lock_s
        return PinLocked(seconds=lock_s)

    def right(self, clerk: str) -> None:
        self._tries.pop(clerk, None)


class PinGate:
    """Stands before the engine: a sign-in frame passes only with the right PIN of a clerk in the config."""

    def __init__(self, config: HallConfig, clock: Callable[[], float]):
        self.config = config
        self.clock = clock
        self.throttle = PinThrottle()

    async def refusal(self, role: str, frame: str | bytes) -> str | None:
        """The error frame for a sign-in with a wrong or locked PIN; None for every other frame.

        A frame this cannot read, or a clerk the config does not list, goes on: the usual handling refuses it.
        """
        if role != Role.COUNTER or isinstance(frame, bytes):
            return None
        try:  # the very decoder the server then uses: what passes here is what the engine is given
            command = m.decode_client(frame)
        except (msgspec.DecodeError, msgspec.ValidationError):
            return None
        if not isinstance(command, m.SignIn) or (clerk := self.config.clerk(command.clerk)) is None:
            return None
        refusal = self.throttle.refusal(clerk.id, self.clock())
        if refusal is None:
            if await asyncio.to_thread(verify_password, clerk.pin_hash, command.pin):
                self.throttle.right(clerk.id)
                return None
            refusal = self.throttle.wrong(clerk.id, self.clock())
        return m.encode(m.Error(id=command.id, code=refusal.code, message=refusal.message))
