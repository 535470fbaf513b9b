"""The two-tone chime before every call, synthesized with the stdlib: nothing to download or ship."""
import math
import struct
import wave
from pathlib import Path

SAMPLE_RATE = 22050  # espeak-ng's rate, so chime and speech clips share one format
NOTES_HZ = (880.0, 698.5)  # A5 then F5: a soft "ding-dong"
NOTE_S = 0.55
VOLUME = 0.45


def _note(frequency: float) -> list[float]:
    samples = []
    for i in range(int(SAMPLE_RATE * NOTE_S)):
        t = i / SAMPLE_RATE
        attack = min(1.0, t / 0.008)
        decay = math.exp(-4.5 * t)
        # A bell: the fundamental with a little of its octave and twelfth.
        tone = (math.sin(2 * math.pi * frequency * t) + 0.35 * math.sin(4 * math.pi * frequency * t)
                + 0.12 * math.sin(6 * math.pi * frequency * t)) / 1.47
        samples.append(VOLUME * attack * decay * tone)
    return samples


def write_chime(path: Path) -> Path:
    """Write the chime as 16-bit mono wav at path (once; an existing file is kept)."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    samples = [s for frequency in NOTES_HZ for s in _note(frequency)]
    partial = path.with_suffix(".part")
    with wave.open(str(partial), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(b"".join(struct.pack("<h", int(s * 32767)) for s in samples))
    partial.replace(path)
    return path


def wav_duration_s(path: Path) -> float:
    with wave.open(str(path), "rb") as clip:
        return clip.getnframes() / clip.getframerate()
