"""Spoken calls: a queue played one at a time, chime then the sentence, never cut off.

The announcer is observable without a sound card: `queue` holds what waits, `current` what plays,
`done` what was played, each Announcement with its text and the clip files it produced.
"""
import asyncio
import logging
import shutil
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from display.chime import wav_duration_s, write_chime
from display.spoken import call_sentence

log = logging.getLogger(__name__)

GAP_BETWEEN_CALLS_S = 0.8
GAP_AFTER_CHIME_S = 0.15
SPEECH_FILES_KEPT = 20


@dataclass
class Announcement:
    call_id: int
    number: str
    counter: int
    recall: bool
    text: str
    clips: list[Path] = field(default_factory=list)


class Player(Protocol):
    def play(self, clip: Path) -> float:
        """Start playing clip; return its length in seconds."""

    def can_play(self, clip: Path) -> bool:
        """Whether clip would be heard: False when there is no sound device."""


class Voice:
    """espeak-ng's Vietnamese voice, rendering to wav files; no network, ~0.05 s per sentence."""

    def __init__(self, executable: str | None = None, voice: str = "vi", words_per_minute: int = 135):
        self.executable = executable or shutil.which("espeak-ng")
        self.voice = voice
        self.words_per_minute = words_per_minute
        if self.executable is None:
            log.warning("espeak-ng is not installed: calls get the chime only / "
                        "chưa cài espeak-ng: chỉ phát tiếng chuông")

    async def render(self, text: str, path: Path) -> Path | None:
        if self.executable is None:
            return None
        process = await asyncio.create_subprocess_exec(
            self.executable, "-v", self.voice, "-s", str(self.words_per_minute), "-w", str(path), text,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        try:
            _, stderr = await process.communicate()
        except asyncio.CancelledError:
            process.kill()  # the screen is closing: leave no half-written file or stray process
            await process.wait()
            raise
        if process.returncode != 0 or not path.exists():
            log.error("espeak-ng failed (%s): %s", process.returncode, stderr.decode(errors="replace"))
            return None
        return path


class Announcer:
    def __init__(self, cache_dir: Path, player: Player, voice: Voice | None = None):
        self.cache_dir = Path(cache_dir)
        self.player = player
        self.voice = voice if voice is not None else Voice()
        self.queue: deque[Announcement] = deque()
        self.current: Announcement | None = None
        self.done: list[Announcement] = []
        self._wake = asyncio.Event()
        self.chime = write_chime(self.cache_dir / "chime.wav")

    @property
    def announced(self) -> list[Announcement]:
        """Everything accepted so far, in the order it is (or will be) heard."""
        return self.done + ([self.current] if self.current else []) + list(self.queue)

    def announce(self, call_id: int, number: str, counter: int, recall: bool) -> Announcement:
        announcement = Announcement(call_id, number, counter, recall, call_sentence(number, counter))
        self.queue.append(announcement)
        self._wake.set()
        return announcement

    async def run(self) -> None:
        """Play the queue forever; sleeps on an event while there is nothing to say."""
        while True:
            while not self.queue:
                self._wake.clear()
                await self._wake.wait()
            self.current = self.queue.popleft()
            try:
                await self._play(self.current)
            except Exception:  # a broken clip must not silence every later call
                log.exception("could not play the call %s", self.current.call_id)
            self.done.append(self.current)
            self.current = None
            await asyncio.sleep(GAP_BETWEEN_CALLS_S)

    async def _play(self, announcement: Announcement) -> None:
        speech = await self.voice.render(announcement.text, self._speech_path(announcement))
        announcement.clips = [self.chime] + ([speech] if speech else [])
        for index, clip in enumerate(announcement.clips):
            length = self.player.play(clip)
            await asyncio.sleep(length + (GAP_AFTER_CHIME_S if index == 0 else 0))

    def _speech_path(self, announcement: Announcement) -> Path:
        old = sorted(self.cache_dir.glob("call-*.wav"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-SPEECH_FILES_KEPT]:
            stale.unlink(missing_ok=True)
        return self.cache_dir / f"call-{announcement.call_id}.wav"


class KivyPlayer:
    """Plays through Kivy's SDL2 audio; keeps the sound object alive until it has finished."""

    def __init__(self) -> None:
        self._playing = None

    def can_play(self, clip: Path) -> bool:
        from kivy.core.audio import SoundLoader
        sound = SoundLoader.load(str(clip))
        # Without a sound device SDL still returns a sound object, but one of no length that never plays.
        return sound is not None and sound.length > 0

    def play(self, clip: Path) -> float:
        from kivy.core.audio import SoundLoader
        sound = SoundLoader.load(str(clip))
        if sound is None:
            log.error("cannot load sound %s", clip)
        else:
            sound.play()
            self._playing = sound
        return wav_duration_s(clip)
