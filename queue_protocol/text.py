"""The one way to hold what a citizen or clerk reads: Vietnamese first, English second.

The same type travels on the wire (an error's message) and fills every screen, ticket and report.
"""
import msgspec


class Text(msgspec.Struct, frozen=True):
    vi: str
    en: str

    def primary(self, lang: str) -> str:
        """The text in the language the citizen chose ("vi" or "en")."""
        return self.vi if lang == "vi" else self.en

    def secondary(self, lang: str) -> str:
        """The text in the other language, shown second and smaller."""
        return self.en if lang == "vi" else self.vi

    def on_one_line(self) -> str:
        """Both languages where there is one line for them (a terminal, a log, an exception): "Vietnamese / English"."""
        return f"{self.vi} / {self.en}"

    def lower(self) -> "Text":
        """For a status named inside a sentence: "Đã có kết quả" -> "đã có kết quả"."""
        return Text(self.vi.lower(), self.en.lower())
