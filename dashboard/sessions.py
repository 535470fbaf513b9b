"""Sign-in sessions kept in the dashboard's memory: the cookie holds only a random id, so signing out (or a
restart) ends a session for good. Each session has its own CSRF token, checked on every form sent."""
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from queue_server.config import ManagerConfig

COOKIE = "xephang_session"
IDLE_S = 8 * 3600  # a working day without a click signs the manager out
MAX_SESSIONS = 5000  # anonymous sessions (a login page opened) are cheap; the oldest go first past this


@dataclass
class Session:
    id: str
    seen: float
    account: ManagerConfig | None = None
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    def csrf_matches(self, sent: object) -> bool:
        """sent: the form's field as given (a file upload in its place is no match)."""
        return isinstance(sent, str) and bool(sent) and hmac.compare_digest(self.csrf.encode(), sent.encode())

    @property
    def is_manager(self) -> bool:
        return self.account is not None and self.account.role == "manager"


class Sessions:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._sessions: dict[str, Session] = {}

    def new(self, account: ManagerConfig | None = None) -> Session:
        while len(self._sessions) >= MAX_SESSIONS:
            self._sessions.pop(next(iter(self._sessions)))
        session = Session(id=secrets.token_urlsafe(32), seen=self.clock(), account=account)
        self._sessions[session.id] = session
        return session

    def get(self, session_id: str | None) -> Session | None:
        session = self._sessions.get(session_id or "")
        if session is None:
            return None
        now = self.clock()
        if now - session.seen > IDLE_S:
            self.drop(session.id)
            return None
        session.seen = now
        return session

    def drop(self, session_id: str) -> None:
        self._sessions.pop(session_id, None)
