"""What the rating tablet asks and when a rating is given: a pure state machine (no Kivy, no I/O, no clock).

idle -> question when the clerk completes a ticket; question -> thanks (a level without reasons) or -> reasons
(a level that asks why) -> thanks when sent; thanks -> idle. The app calls timeout() when a screen has waited
long enough: an unanswered question is not rated ("không đánh giá"); on the reasons screen the level the
citizen chose is kept, with the reasons ticked so far.
"""
from dataclasses import dataclass, field

from queue_protocol.messages import RatingForm, RatingLevel, RatingRequest

IDLE, QUESTION, REASONS, THANKS = "idle", "question", "reasons", "thanks"


@dataclass(frozen=True)
class Answer:
    ticket: str
    level: str
    reasons: tuple[str, ...] = ()


@dataclass
class RatingFlow:
    screen: str = IDLE
    asking: RatingRequest | None = None
    level: RatingLevel | None = None
    reasons: list[str] = field(default_factory=list)  # in the order ticked
    _done: set[tuple[str, str]] = field(default_factory=set)  # (number, completed at): asked and answered or not

    def ask(self, request: RatingRequest) -> Answer | None:
        """A ticket completed at this counter. Returns the answer left on the reasons screen, if the next
        citizen came before the last one sent theirs. A ticket already asked about is not asked again."""
        key = (request.ticket.number, request.at)
        if key in self._done or (self.asking is not None and key == _key(self.asking)):
            return None
        left = self._finish() if self.screen == REASONS else None
        self.asking, self.level, self.reasons, self.screen = request, None, [], QUESTION
        return left

    def choose(self, level: RatingLevel) -> Answer | None:
        if self.screen != QUESTION:
            return None
        self.level = level
        if level.reasons:
            self.screen = REASONS
            return None
        return self._finish()

    def toggle(self, reason: str) -> None:
        if self.screen == REASONS:
            if reason in self.reasons:
                self.reasons.remove(reason)
            else:
                self.reasons.append(reason)

    def send(self) -> Answer | None:
        return self._finish() if self.screen == REASONS else None

    def timeout(self) -> Answer | None:
        if self.screen == REASONS:
            return self._finish()
        if self.screen == QUESTION and self.asking is not None:
            self._done.add(_key(self.asking))
        self.screen, self.asking = IDLE, None
        return None

    def _finish(self) -> Answer:
        assert self.asking is not None and self.level is not None  # the reasons screen follows a chosen level
        self._done.add(_key(self.asking))
        answer = Answer(self.asking.ticket.number, self.level.code, tuple(self.reasons))
        self.screen = THANKS
        return answer


def _key(request: RatingRequest) -> tuple[str, str]:
    return request.ticket.number, request.at


def levels_of(form: RatingForm | None) -> list[RatingLevel]:
    return list(form.levels) if form is not None else []
