"""Real local servers for tests: the app itself and a map-tile stub."""

from __future__ import annotations

import struct
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests
from werkzeug.serving import make_server


def _png_tile() -> bytes:
    """A 256×256 light-grey PNG, built by hand so no image library is needed."""
    width = height = 256
    raw = b"".join(b"\x00" + b"\xe8\xe6\xe1" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


TILE = _png_tile()


class _TileHandler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(TILE)))
        self.end_headers()
        self.wfile.write(TILE)

    def log_message(self, *args) -> None:
        pass


class BackgroundServer:
    """Runs a server on 127.0.0.1 with a free port in a daemon thread."""

    def __init__(self, server) -> None:
        self.server = server
        self.port = server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_tile_server() -> BackgroundServer:
    return BackgroundServer(ThreadingHTTPServer(("127.0.0.1", 0), _TileHandler))


def _buffered(app):
    """Read each response whole and close it before sending.

    A browser that navigates on cancels pending requests (the favicon, often). Werkzeug's
    development server then drops the connection mid-write without closing the response, and
    the open static file surfaces later as a ResourceWarning in whichever test runs. Buffering
    closes every file before the first byte is written.
    """
    def wsgi(environ, start_response):
        iterable = app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            if hasattr(iterable, "close"):
                iterable.close()

    return wsgi


def start_app_server(app) -> BackgroundServer:
    return BackgroundServer(make_server("127.0.0.1", 0, _buffered(app), threaded=True))


def answers(url: str, seconds: float = 90, **options) -> bool:
    """True once ``url`` answers 200, False if it does not within ``seconds`` (a busy machine may
    take a while to boot a server: slow is not down)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=15, **options).status_code == 200:
                return True
        except requests.RequestException:
            time.sleep(0.2)
    return False
