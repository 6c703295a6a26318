"""Streamlit's front-end files served from memory, gzip-compressed once.

A page load fetches about a hundred files from Streamlit's ``static/`` folder (its
JavaScript in chunks, styles, fonts). Streamlit serves them itself, uncompressed, each
through its Starlette middlewares and a ``FileResponse`` that reads the file in a worker
thread, so a class opening the link together queues a thousand requests behind each
other on the server's one Python thread. Streamlit skips compression on purpose:
compressing the same bytes again on every request would cost more.

:class:`FrontEndCache` is an ASGI middleware (passed to ``st.App`` in ``app.py``) that
answers those requests before Streamlit's own stack does: the first request for a file
compresses it in a worker thread, later requests are one ``send`` of bytes held in memory
(what that saves is measured by ``benchmarks/load.py``; see ``benchmarks/README.md``).
Everything else goes to Streamlit unchanged: the page itself (``index.html``, never
cached by browsers), the websocket, media, uploads, conditional and range requests, and
clients that do not accept gzip.

The files are content-hashed and immutable, so the cache never goes stale; it holds only
files that were asked for and at most :data:`MAX_CACHED_BYTES` in all.
"""

from __future__ import annotations

import asyncio
import mimetypes
import os
import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_CACHED_BYTES = 32 * 1024 * 1024
"""Cap on the compressed bytes held: well above all of Streamlit's own front-end files
compressed (see ``benchmarks/README.md``). A file that would pass it is served once and
not held."""

MIN_COMPRESS_BYTES = 1024
"""Smaller files gain nothing from gzip; they are held as they are."""

GZIP_LEVEL = 6

CACHE_CONTROL = b"public, immutable, max-age=31536000"
"""As Streamlit sends for these files (their names carry a content hash)."""

_SKIP_HEADERS = (b"range", b"if-none-match", b"if-modified-since", b"if-range")
"""Requests Streamlit answers better itself (partial and conditional)."""


@dataclass(frozen=True)
class _Entry:
    body: bytes
    headers: list[tuple[bytes, bytes]]


def accepts_gzip(value: bytes) -> bool:
    """Whether an ``Accept-Encoding`` header value admits gzip (``q=0`` refuses it).

    >>> accepts_gzip(b"gzip, deflate, br, zstd")
    True
    >>> accepts_gzip(b"br;q=1.0, gzip;q=0")
    False
    >>> accepts_gzip(b"identity")
    False
    """
    for part in value.decode("latin-1").lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() not in ("gzip", "*"):
            continue
        q = params.strip()
        if q.startswith("q="):
            try:
                return float(q[2:]) > 0
            except ValueError:
                return False
        return True
    return False


def _gzip(data: bytes) -> bytes:
    """``data`` as a gzip member (``Content-Encoding: gzip``)."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def _content_type(path: Path) -> bytes:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
        kind += "; charset=utf-8"
    return kind.encode("latin-1")


class FrontEndCache:
    """ASGI middleware serving ``<prefix>/static/...`` files of ``directory`` from memory.

    ``directory`` is Streamlit's ``static`` folder (``streamlit.file_util.get_static_dir()``
    by default); ``prefix`` is the app's base URL path (``server.baseUrlPath``), read when
    the first request comes, so config loaded after construction is honoured.
    """

    def __init__(
        self,
        app: ASGIApp,
        directory: str | os.PathLike[str] | None = None,
        prefix: str | None = None,
    ) -> None:
        self.app = app
        self._directory = Path(directory) if directory is not None else None
        self._prefix = prefix
        self._entries: dict[str, _Entry] = {}
        self._pending: dict[str, asyncio.Future[_Entry | None]] = {}  # reads under way
        self.cached_bytes = 0
        self.hits = 0

    # -- configuration, resolved on first use --------------------------------------------

    @property
    def directory(self) -> Path:
        if self._directory is None:
            from streamlit import file_util

            self._directory = Path(file_util.get_static_dir())
        return self._directory

    @property
    def prefix(self) -> str:
        if self._prefix is None:
            from streamlit import config

            base = (config.get_option("server.baseUrlPath") or "").strip("/")
            self._prefix = f"/{base}" if base else ""
        return self._prefix

    # -- ASGI -----------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        name = self._static_name(scope)
        if name is not None:
            entry = self._entries.get(name) or await self._load(name)
            if entry is not None:
                self.hits += 1
                await send({"type": "http.response.start", "status": 200, "headers": entry.headers})
                body = b"" if scope["method"] == "HEAD" else entry.body
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    def _static_name(self, scope: Scope) -> str | None:
        """The file's path under ``directory`` if this request is one to answer here."""
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return None
        path: str = scope["path"]
        start = f"{self.prefix}/static/"
        if not path.startswith(start):
            return None
        accepted = False
        for key, value in scope["headers"]:
            if key in _SKIP_HEADERS:
                return None
            if key == b"accept-encoding":
                accepted = accepts_gzip(value)
        if not accepted:
            return None
        name = path[len(self.prefix) + 1 :]  # "static/js/index.abc123.js"
        parts = name.split("/")
        if any(p in ("", ".", "..") or "\\" in p or "\x00" in p for p in parts):
            return None
        return name

    async def _load(self, name: str) -> _Entry | None:
        """Read and compress ``name`` once, in a worker thread; concurrent first requests
        for the same file wait for that one result, and a request that goes away (the
        browser closed) does not cancel it for the others. ``None``: not a file here;
        Streamlit answers."""
        task = self._pending.get(name)
        if task is None:
            task = asyncio.ensure_future(asyncio.to_thread(self._read, name))
            self._pending[name] = task
            task.add_done_callback(lambda done: self._keep(name, done))
        return await asyncio.shield(task)

    def _keep(self, name: str, task: asyncio.Future[_Entry | None]) -> None:
        """Hold a finished read's entry, if it fits under :data:`MAX_CACHED_BYTES`."""
        del self._pending[name]
        if task.cancelled() or task.exception() is not None:
            return  # the requests waiting for it fail with it; the next one tries again
        entry = task.result()
        if entry is not None and self.cached_bytes + len(entry.body) <= MAX_CACHED_BYTES:
            self._entries[name] = entry
            self.cached_bytes += len(entry.body)

    def _read(self, name: str) -> _Entry | None:
        # Any path this cannot serve goes to Streamlit unchanged, whatever the reason: a
        # name too long for the file system (``is_file`` raises ENAMETOOLONG), a symlink
        # loop (``resolve`` raises RuntimeError, or OSError on newer Pythons), a file that
        # cannot be read. Streamlit then answers it as it would without this middleware.
        try:
            root = self.directory.resolve()
            path = (root / name).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                return None
            data = path.read_bytes()
        except (OSError, RuntimeError, ValueError):
            return None
        headers = [
            (b"content-type", _content_type(path)),
            (b"cache-control", CACHE_CONTROL),
            (b"vary", b"Accept-Encoding"),
        ]
        if len(data) >= MIN_COMPRESS_BYTES:
            compressed = _gzip(data)
            if len(compressed) < len(data):
                data = compressed
                headers.append((b"content-encoding", b"gzip"))
        headers.append((b"content-length", str(len(data)).encode("latin-1")))
        return _Entry(data, headers)
