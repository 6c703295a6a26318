"""How many messages each websocket holds for a browser that has not read them yet.

A live run at full speed chains fragment reruns at the server's pace, not the browser's.
Streamlit's server puts a session's messages in a queue per websocket and writes them one
at a time; the ASGI server's ``send`` blocks while the browser does not read (uvicorn
awaits the transport's flow control). A browser that falls behind lets that queue reach
500 messages, and Streamlit then drops the session without a word: the page freezes
mid-run. Nothing public tells a script how full its queue is.

:class:`SendBacklog` is an ASGI middleware (``app.py``) that does the waiting itself:
``websocket.send`` puts the message in a queue of the connection's own and returns at
once, and a writer task per connection hands the messages to the server in order. That
queue's length is the connection's backlog; a script reads it with :func:`waiting` by the
``Sec-WebSocket-Key`` of its websocket request (``st.context.headers``), and
:func:`webui.live.wait_for_browser` holds a run's next redraw while it is long.
Streamlit's own queue stays all but empty meanwhile. At :data:`MAX_WAITING` messages the
middleware's ``send`` blocks again, so a browser that stops reading still fills
Streamlit's queue and is dropped as before, after up to twice as many messages.

The middleware also tells a script when one of its messages has left Streamlit's queue
(:func:`watch`): a live run's next fragment rerun must not start before its redraw did,
since Streamlit drops a fragment's messages still queued when the fragment runs again
(:func:`webui.live.wait_until_sent`).

Without the middleware (``streamlit run streamlit_app.py``) :func:`waiting` is 0 for
every session and :func:`watch` None: live runs do not wait for the browser.
"""

from __future__ import annotations

import asyncio
import threading

from webui.frontend_cache import ASGIApp, Message, Receive, Scope, Send

KEY_HEADER = "Sec-WebSocket-Key"
"""The request header naming a websocket connection: a random value the browser draws
for each connection (RFC 6455), seen by the middleware and by ``st.context.headers``."""

MAX_WAITING = 500
"""Most messages a connection holds here; beyond, ``send`` waits (Streamlit's own cap on
its queue: ``WEBSOCKET_MAX_SEND_QUEUE_SIZE``)."""

_connections: dict[str, _Connection] = {}
"""Open websockets by their key. Written on the server's event loop, read by script
threads (one ``dict.get``)."""


def waiting(key: str | None) -> int:
    """Messages the websocket with this ``Sec-WebSocket-Key`` holds for its browser,
    including one being written; 0 for a key not served through :class:`SendBacklog`."""
    connection = _connections.get(key) if key else None
    return connection.waiting if connection is not None else 0


def watch(key: str | None, needle: bytes) -> threading.Event | None:
    """An event set once the app hands the websocket with this ``Sec-WebSocket-Key`` a
    message holding ``needle`` (from now on; one watch per connection, the newest), or
    when that connection closes. None for a key not served through :class:`SendBacklog`.

    Script threads wait on it; the event loop sets it as Streamlit hands the message
    over, i.e. once the message has left Streamlit's own queue for this session."""
    connection = _connections.get(key) if key else None
    if connection is None:
        return None
    seen = threading.Event()
    connection.watch = (needle, seen)
    return seen


class _Connection:
    """One websocket's outgoing messages, written in order by a task of its own."""

    def __init__(self, send: Send, limit: int) -> None:
        self._send = send
        self._queue: asyncio.Queue[tuple[Message, asyncio.Future[None] | None]] = asyncio.Queue(
            limit
        )
        self._writing = 0  # 1 while a message is in the server's ``send``
        self.watch: tuple[bytes, threading.Event] | None = None  # see :func:`watch`
        self._error: BaseException | None = None
        self.writer = asyncio.ensure_future(self._write())

    @property
    def waiting(self) -> int:
        return self._queue.qsize() + self._writing

    async def send(self, message: Message) -> None:
        """``websocket.send`` returns once queued; anything else (accept, close) returns
        when it was sent, after the messages queued before it, or raises what the server
        raised. Once a send failed (the browser went away) every later one raises it."""
        if self._error is not None:
            raise self._error
        if message["type"] == "websocket.send":
            watch = self.watch
            if watch is not None and watch[0] in (message.get("bytes") or b""):
                self.watch = None
                watch[1].set()
            await self._queue.put((message, None))
            return
        done = asyncio.get_running_loop().create_future()
        await self._queue.put((message, done))
        await done

    async def _write(self) -> None:
        while True:
            message, done = await self._queue.get()
            if self._error is not None:  # dropped: the connection is gone
                if done is not None:
                    done.set_exception(self._error)
                continue
            self._writing = 1
            try:
                await self._send(message)
            except Exception as exc:  # noqa: BLE001 - handed to the app's next send
                self._error = exc
                if done is not None:
                    done.set_exception(exc)
                continue
            finally:
                self._writing = 0
            if done is not None:
                done.set_result(None)


class SendBacklog:
    """ASGI middleware: each websocket's messages wait in a queue of its own, counted for
    :func:`waiting`; other requests pass through untouched."""

    def __init__(self, app: ASGIApp, limit: int = MAX_WAITING) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _key(scope) if scope["type"] == "websocket" else None
        if key is None or key in _connections:  # not a websocket, or a key reused
            await self.app(scope, receive, send)
            return
        connection = _Connection(send, self.limit)
        _connections[key] = connection
        try:
            await self.app(scope, receive, connection.send)
        finally:
            del _connections[key]
            connection.writer.cancel()
            if connection.watch is not None:  # nothing more will be sent: no one waits
                connection.watch[1].set()


def _key(scope: Scope) -> str | None:
    name = KEY_HEADER.lower().encode("latin-1")
    for header, value in scope.get("headers", ()):
        if header == name:
            return value.decode("latin-1")
    return None
