"""A local stand-in for the Base Adresse Nationale: same URL shape, same GeoJSON answer.

Known addresses are answered as the real service answers them; ``mode`` switches the stub to
"down" (HTTP 503) or "garbage" (not JSON) to test failure handling.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.support.servers import BackgroundServer

ADDRESSES = [
    # (words that must appear in the query, feature properties, lon, lat)
    ({"republique"}, {"label": "4 Place de la République 56400 Auray", "score": 0.9653,
                               "housenumber": "4", "id": "56007_1530_00004", "name": "4 Place de la République",
                               "postcode": "56400", "citycode": "56007", "x": 247862.41, "y": 6745003.3,
                               "city": "Auray", "context": "56, Morbihan, Bretagne", "type": "housenumber",
                               "importance": 0.61925, "street": "Place de la République"}, -2.982865, 47.668074),
    ({"lait"}, {"label": "11 Rue du Lait 56400 Auray", "score": 0.9421, "housenumber": "11",
                "id": "56007_0870_00011", "name": "11 Rue du Lait", "postcode": "56400", "citycode": "56007",
                "x": 247927.1, "y": 6745040.6, "city": "Auray", "context": "56, Morbihan, Bretagne",
                "type": "housenumber", "importance": 0.58, "street": "Rue du Lait"}, -2.98196, 47.66838),
]


def _normalise(text: str) -> set[str]:
    table = str.maketrans("éèêàâôûùîïç", "eeeaaouuiic")
    return set(text.lower().translate(table).replace(",", " ").split())


class _Handler(BaseHTTPRequestHandler):
    state = {"mode": "ok", "queries": []}

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.state["queries"].append(params)
        if self.state["mode"] == "down":
            return self._send(503, b"Service Unavailable", "text/plain")
        if self.state["mode"] == "garbage":
            return self._send(200, b"<html>maintenance</html>", "text/html")
        if parts.path.rstrip("/") != "/search" or len(params.get("q", "")) < 3:
            return self._send(400, json.dumps({"code": 400, "message": "q must contain 3 characters"}).encode())
        words = _normalise(params["q"])
        features = [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}
            for needed, props, lon, lat in ADDRESSES
            if needed <= words and params.get("citycode", props["citycode"]) == props["citycode"]
        ][: int(params.get("limit", 5))]
        body = {"type": "FeatureCollection", "version": "draft", "features": features, "attribution": "BAN",
                "licence": "ETALAB-2.0", "query": params["q"], "limit": int(params.get("limit", 5))}
        self._send(200, json.dumps(body).encode())

    def _send(self, status: int, body: bytes, content_type: str = "application/json; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class BanStub(BackgroundServer):
    @property
    def mode(self) -> str:
        return _Handler.state["mode"]

    @mode.setter
    def mode(self, value: str) -> None:
        _Handler.state["mode"] = value

    @property
    def queries(self) -> list[dict]:
        return _Handler.state["queries"]


def start_ban_stub() -> BanStub:
    return BanStub(ThreadingHTTPServer(("127.0.0.1", 0), _Handler))
