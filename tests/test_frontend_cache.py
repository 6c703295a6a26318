"""webui.frontend_cache: Streamlit's front-end files from memory, gzip-compressed once.

The middleware is driven as an ASGI app with hand-made scopes; the app behind it records
the requests it is handed, so "left to Streamlit" is checked, not assumed.
"""

from __future__ import annotations

import asyncio
import gzip
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webui import frontend_cache
from webui.frontend_cache import FrontEndCache, accepts_gzip

CHROME = b"gzip, deflate, br, zstd"
BUNDLE = ("const answer = 42;\n" * 4000).encode()  # 72 kB, compresses well


def run(coroutine):
    """``asyncio.run`` in a thread of its own: the browser tests' Playwright keeps an event
    loop running in this thread for the whole session."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class Behind:
    """The app behind the middleware (Streamlit): answers 418 and records the paths."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    async def __call__(self, scope, receive, send) -> None:
        self.paths.append(scope["path"])
        await send({"type": "http.response.start", "status": 418, "headers": []})
        await send({"type": "http.response.body", "body": b""})


@pytest.fixture
def static_dir(tmp_path: Path) -> Path:
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "js" / "index.abc123.js").write_bytes(BUNDLE)
    (tmp_path / "static" / "js" / "tiny.def456.js").write_bytes(b"export{};")
    (tmp_path / "static" / "css").mkdir()
    (tmp_path / "static" / "css" / "index.789.css").write_bytes(b"body{margin:0}\n" * 200)
    (tmp_path / "index.html").write_bytes(b"<html></html>")
    (tmp_path / "secret.txt").write_bytes(b"not under static/")
    return tmp_path


def http_scope(
    path: str = "/static/js/index.abc123.js",
    headers: dict[bytes, bytes] | None = None,
    method: str = "GET",
) -> dict:
    """An ASGI HTTP scope; by default a browser's GET of the test bundle."""
    headers = {b"accept-encoding": CHROME} if headers is None else headers
    return {
        "type": "http",
        "method": method,
        "path": path,
        "headers": list(headers.items()),
        "query_string": b"",
    }


def request(
    app, path: str, headers: dict[bytes, bytes] | None = None, method: str = "GET"
) -> tuple[int, dict[bytes, bytes], bytes]:
    """One HTTP request through ``app``: (status, headers, body)."""
    scope = http_scope(path, headers, method)
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    run(app(scope, receive, send))
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], dict(start["headers"]), body


def test_a_bundle_is_served_gzipped_with_its_headers(static_dir: Path) -> None:
    behind = Behind()
    app = FrontEndCache(behind, directory=static_dir, prefix="")
    status, headers, body = request(app, "/static/js/index.abc123.js")
    assert status == 200
    assert behind.paths == []  # answered here
    assert headers[b"content-encoding"] == b"gzip"
    assert gzip.decompress(body) == BUNDLE
    assert len(body) < len(BUNDLE) / 20  # a repetitive file: far smaller
    assert headers[b"content-length"] == str(len(body)).encode()
    assert headers[b"content-type"].startswith(b"text/javascript")
    assert headers[b"cache-control"] == b"public, immutable, max-age=31536000"
    assert headers[b"vary"] == b"Accept-Encoding"


def test_the_second_request_comes_from_memory(static_dir: Path) -> None:
    app = FrontEndCache(Behind(), directory=static_dir, prefix="")
    first = request(app, "/static/css/index.789.css")
    (static_dir / "static" / "css" / "index.789.css").unlink()  # immutable files: never re-read
    second = request(app, "/static/css/index.789.css")
    assert first == second
    assert first[1][b"content-type"] == b"text/css; charset=utf-8"
    assert app.hits == 2
    assert app.cached_bytes == len(first[2])


def test_a_tiny_file_is_held_uncompressed(static_dir: Path) -> None:
    app = FrontEndCache(Behind(), directory=static_dir, prefix="")
    status, headers, body = request(app, "/static/js/tiny.def456.js")
    assert (status, body) == (200, b"export{};")
    assert b"content-encoding" not in headers
    assert headers[b"content-length"] == b"9"


def test_head_sends_the_headers_without_the_body(static_dir: Path) -> None:
    app = FrontEndCache(Behind(), directory=static_dir, prefix="")
    _, get_headers, _ = request(app, "/static/js/index.abc123.js")
    status, headers, body = request(app, "/static/js/index.abc123.js", method="HEAD")
    assert (status, body) == (200, b"")
    assert headers == get_headers


@pytest.mark.parametrize(
    ("path", "headers", "method"),
    [
        ("/", {b"accept-encoding": CHROME}, "GET"),  # the page: index.html, never cached
        ("/maze-td", {b"accept-encoding": CHROME}, "GET"),
        ("/_stcore/health", {b"accept-encoding": CHROME}, "GET"),
        ("/media/abc.png", {b"accept-encoding": CHROME}, "GET"),
        ("/static/js/index.abc123.js", {}, "GET"),  # no gzip accepted
        ("/static/js/index.abc123.js", {b"accept-encoding": b"gzip;q=0"}, "GET"),
        ("/static/js/index.abc123.js", {b"accept-encoding": CHROME, b"range": b"bytes=0-9"}, "GET"),
        (
            "/static/js/index.abc123.js",
            {b"accept-encoding": CHROME, b"if-none-match": b'"x"'},
            "GET",
        ),
        ("/static/js/index.abc123.js", {b"accept-encoding": CHROME}, "POST"),
        ("/static/js/missing.js", {b"accept-encoding": CHROME}, "GET"),  # Streamlit's 404
        ("/static/js", {b"accept-encoding": CHROME}, "GET"),  # a folder
        ("/static/../secret.txt", {b"accept-encoding": CHROME}, "GET"),  # out of static/
        ("/static/js/../../secret.txt", {b"accept-encoding": CHROME}, "GET"),
        ("/static//js/index.abc123.js", {b"accept-encoding": CHROME}, "GET"),
    ],
)
def test_everything_else_is_left_to_streamlit(
    static_dir: Path, path: str, headers: dict, method: str
) -> None:
    behind = Behind()
    app = FrontEndCache(behind, directory=static_dir, prefix="")
    status, _, _ = request(app, path, headers, method)
    assert status == 418
    assert behind.paths == [path]
    assert app.hits == 0


def test_a_symlink_out_of_the_folder_is_not_followed(static_dir: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "x.js"
    outside.write_bytes(BUNDLE)
    (static_dir / "static" / "js" / "link.js").symlink_to(outside)
    behind = Behind()
    app = FrontEndCache(behind, directory=static_dir, prefix="")
    assert request(app, "/static/js/link.js")[0] == 418


def test_websockets_and_lifespan_pass_through(static_dir: Path) -> None:
    seen: list[str] = []

    async def behind(scope, receive, send) -> None:
        seen.append(scope["type"])

    app = FrontEndCache(behind, directory=static_dir, prefix="")
    for kind in ("websocket", "lifespan"):
        run(app({"type": kind, "path": "/static/js/index.abc123.js"}, None, None))
    assert seen == ["websocket", "lifespan"]


def test_under_a_base_url_path(static_dir: Path) -> None:
    behind = Behind()
    app = FrontEndCache(behind, directory=static_dir, prefix="/playground")
    status, headers, body = request(app, "/playground/static/js/index.abc123.js")
    assert status == 200 and gzip.decompress(body) == BUNDLE
    assert request(app, "/static/js/index.abc123.js")[0] == 418


def test_the_prefix_comes_from_streamlit_config(monkeypatch, static_dir: Path) -> None:
    from streamlit import config

    monkeypatch.setattr(
        config,
        "get_option",
        lambda key: "/rl/" if key == "server.baseUrlPath" else None,
    )
    assert FrontEndCache(Behind(), directory=static_dir).prefix == "/rl"


def test_the_default_folder_is_streamlits_own() -> None:
    """The files a real page asks for exist there, e.g. the main bundle index.html loads."""
    cache = FrontEndCache(Behind())
    index = (cache.directory / "index.html").read_text()
    src = index.split('src="', 1)[1].split('"', 1)[0].lstrip("./")
    assert src.startswith("static/js/")
    status, headers, body = request(cache, "/" + src)
    assert status == 200 and headers[b"content-encoding"] == b"gzip"
    assert gzip.decompress(body) == (cache.directory / src).read_bytes()


def test_concurrent_first_requests_compress_once(static_dir: Path, monkeypatch) -> None:
    calls: list[int] = []
    real = frontend_cache._gzip

    def counting(data: bytes) -> bytes:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(frontend_cache, "_gzip", counting)
    app = FrontEndCache(Behind(), directory=static_dir, prefix="")
    scope = http_scope()
    bodies: list[list[bytes]] = [[] for _ in range(8)]

    async def main() -> None:
        async def one(out: list[bytes]) -> None:
            async def send(message) -> None:
                out.append(message.get("body", b""))

            await app(scope, None, send)

        await asyncio.gather(*(one(out) for out in bodies))

    run(main())
    assert calls == [len(BUNDLE)]
    assert all(gzip.decompress(b"".join(out)) == BUNDLE for out in bodies)


def test_the_cap_bounds_what_is_held(static_dir: Path, monkeypatch) -> None:
    monkeypatch.setattr(frontend_cache, "MAX_CACHED_BYTES", 20)
    app = FrontEndCache(Behind(), directory=static_dir, prefix="")
    # Over the cap (the bundle compresses to more than 20 bytes): answered, not held.
    status, _, body = request(app, "/static/js/index.abc123.js")
    assert status == 200 and len(body) > 20
    assert app.cached_bytes == 0
    assert request(app, "/static/js/tiny.def456.js")[0] == 200  # 9 bytes fit
    assert app.cached_bytes == 9
    (static_dir / "static" / "js" / "index.abc123.js").unlink()  # not held: read again
    behind = app.app
    assert request(app, "/static/js/index.abc123.js")[0] == 418
    assert behind.paths == ["/static/js/index.abc123.js"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (b"gzip", True),
        (b"GZIP", True),
        (b"deflate, gzip;q=0.5", True),
        (b"*", True),
        (b"gzip;q=0", False),
        (b"gzip;q=0.0", False),
        (b"gzip;q=bad", False),
        (b"br, zstd", False),
        (b"", False),
        (b"x-gzip", False),
    ],
)
def test_accepts_gzip(value: bytes, expected: bool) -> None:
    assert accepts_gzip(value) is expected


@given(st.binary(max_size=200))
def test_accepts_gzip_never_raises(value: bytes) -> None:
    assert accepts_gzip(value) in (True, False)


def test_an_unreadable_file_is_left_to_streamlit(static_dir: Path, monkeypatch) -> None:
    real = Path.read_bytes

    def failing(self: Path) -> bytes:
        if self.name == "index.abc123.js":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", failing)
    behind = Behind()
    app = FrontEndCache(behind, directory=static_dir, prefix="")
    assert request(app, "/static/js/index.abc123.js")[0] == 418
    assert behind.paths == ["/static/js/index.abc123.js"]
    assert app.cached_bytes == 0


def test_a_request_that_goes_away_does_not_cancel_the_read(static_dir: Path) -> None:
    """A browser closed mid-load cancels its request; another waiting for the same file
    still gets it, and the file is held."""
    app = FrontEndCache(Behind(), directory=static_dir, prefix="")
    scope = http_scope()
    kept: list[bytes] = []

    async def main() -> None:
        async def dropped_send(message) -> None:
            raise AssertionError("the cancelled request sent something")

        async def send(message) -> None:
            kept.append(message.get("body", b""))

        first = asyncio.ensure_future(app(scope, None, dropped_send))
        await asyncio.sleep(0)  # the read has started
        second = asyncio.ensure_future(app(scope, None, send))
        await asyncio.sleep(0)
        first.cancel()
        await second
        assert first.cancelled()

    run(main())
    assert gzip.decompress(b"".join(kept)) == BUNDLE
    assert app.cached_bytes > 0


def test_a_name_too_long_for_the_file_system_is_left_to_streamlit(static_dir: Path) -> None:
    """``Path.is_file()`` raises ENAMETOOLONG for a 256-character name: Streamlit answers."""
    path = "/static/" + "a" * 256
    behind = Behind()
    app = FrontEndCache(behind, directory=static_dir, prefix="")
    assert request(app, path)[0] == 418
    assert behind.paths == [path]
    assert app.cached_bytes == 0


def test_a_symlink_loop_is_left_to_streamlit(static_dir: Path) -> None:
    """``resolve()`` raises on a loop (RuntimeError on Python 3.11): Streamlit answers."""
    js = static_dir / "static" / "js"
    (js / "loop_a.js").symlink_to(js / "loop_b.js")
    (js / "loop_b.js").symlink_to(js / "loop_a.js")
    behind = Behind()
    app = FrontEndCache(behind, directory=static_dir, prefix="")
    assert request(app, "/static/js/loop_a.js")[0] == 418
    assert behind.paths == ["/static/js/loop_a.js"]
