"""Clerks' photos for the tablet's idle screen, fetched from the queue server's HTTP port with the same trust as
the tablet's websocket (the hall CA given with --ca-file for a wss:// server) and handed to Kivy from memory.

Kivy's AsyncImage would fetch them itself, trusting only the machine's authorities: a hall running wss:// with
its own CA would then show initials instead of its clerks.
"""
import asyncio
import io
import logging
import ssl
import time
import urllib.request
from collections.abc import Callable

from kivy.core.image import Image as CoreImage
from kivy.graphics.texture import Texture

log = logging.getLogger(__name__)

FETCH_TIMEOUT_S = 10.0
RETRY_AFTER_S = 30.0  # a photo that could not be fetched (server away, file gone) is asked again after this
MAX_PHOTO_BYTES = 5 * 1024 * 1024
KINDS = {"image/png": "png", "image/jpeg": "jpg"}


class PhotoUnusable(Exception):
    pass


def fetch(url: str, tls: ssl.SSLContext | None) -> tuple[bytes, str]:
    """(the image's bytes, its file extension for Kivy), checked as the server's own TLS is."""
    with urllib.request.urlopen(url, context=tls, timeout=FETCH_TIMEOUT_S) as answer:
        kind = KINDS.get(answer.headers.get_content_type())
        body = answer.read(MAX_PHOTO_BYTES + 1)
    if kind is None or len(body) > MAX_PHOTO_BYTES:
        raise PhotoUnusable(f"{url}: not a PNG or JPEG photo within {MAX_PHOTO_BYTES} bytes")
    return body, kind


class Photos:
    """Each photo fetched once (in a worker thread, so the window keeps drawing) and kept as a texture;
    on_loaded() is called when one arrives, for the screen to show it."""

    def __init__(self, base_url: str, tls: ssl.SSLContext | None, on_loaded: Callable[[], None],
                 spawn: Callable, clock: Callable[[], float] = time.monotonic):
        self.base_url = base_url
        self.tls = tls
        self.on_loaded = on_loaded
        self.spawn = spawn
        self.clock = clock
        self.textures: dict[str, Texture] = {}
        self.fetching: set[str] = set()
        self.failed_at: dict[str, float] = {}

    def texture(self, path: str) -> Texture | None:
        """The photo at this server path, or None while it is being fetched (the screen shows initials)."""
        if path in self.textures:
            return self.textures[path]
        failed = self.failed_at.get(path)
        if path not in self.fetching and (failed is None or self.clock() - failed >= RETRY_AFTER_S):
            self.fetching.add(path)
            self.spawn(self._load(path))
        return None

    async def _load(self, path: str) -> None:
        try:
            body, kind = await asyncio.to_thread(fetch, self.base_url + path, self.tls)
            # Textures are made on the window's thread: this loop is Kivy's own (App.async_run).
            self.textures[path] = CoreImage(io.BytesIO(body), ext=kind).texture
        except Exception as error:  # unreachable, refused, untrusted, not an image: initials meanwhile
            log.warning("clerk photo %s not shown: %s", path, error)
            self.failed_at[path] = self.clock()
        finally:
            self.fetching.discard(path)
        self.on_loaded()
