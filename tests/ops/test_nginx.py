"""The deployment as docs/deploy.md writes it: gunicorn with deploy/gunicorn.conf.py and production
settings, nginx with deploy/nginx/bourse.conf (the documented replacements, a self-signed certificate
and this machine's free ports), then the smoke checks through nginx over HTTPS: the home page over
HTTP/2, static files from nginx with a year's caching, signing in, an upload, the map API,
/healthz, the body limit, /metrics hidden, and X-Forwarded-For that a client cannot forge."""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from PIL import Image

from bourse.extensions import db
from bourse.premises.models import PremisesPhoto
from tests.conftest import PASSWORD
from tests.support.servers import answers
from tests.support.smtp import free_port
from tests.support.workers import LIMITS_REDIS_URL, REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture
def backend() -> str:
    """The recipe is for PostgreSQL (docs/deploy.md): this module runs on PostGIS only."""
    return "postgis"


def wait_for_answer(url: str, log: Path, what: str, **options) -> None:
    if not answers(url, **options):
        raise AssertionError(f"{what} did not start:\n{log.read_text()}")


def site_as_documented(https_port: int, http_port: int, app_port: int, cert: Path, key: Path) -> str:
    """deploy/nginx/bourse.conf with the replacements docs/deploy.md makes (the domain), and the
    test machine's own: the code's folder, the certificate, the ports, no IPv6."""
    site = (ROOT / "deploy/nginx/bourse.conf").read_text().replace("bourse.example.fr", "localhost")
    site = site.replace("/etc/letsencrypt/live/localhost/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/localhost/privkey.pem", str(key))
    site = site.replace("/srv/bourse/", f"{ROOT}/").replace("127.0.0.1:8000", f"127.0.0.1:{app_port}")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    assert str(cert) in site and f"{ROOT}/static/" in site and "localhost" in site  # the template still fits
    return site


@pytest.fixture
def deployed(app, tmp_path, smtp_controller):
    import redis

    for url in (REDIS_URL, LIMITS_REDIS_URL):
        redis.Redis.from_url(url).flushdb()
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
                   check=True, capture_output=True)
    app_port, https_port, http_port = free_port(), free_port(), free_port()
    base = f"https://localhost:{https_port}"
    uploads = tmp_path / "uploads"
    env = {**os.environ, "BOURSE_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "PUBLIC_URL": base, "TRUSTED_PROXIES": "1",
           "RATELIMIT_STORAGE_URI": LIMITS_REDIS_URL, "JOBS_URL": REDIS_URL, "UPLOAD_FOLDER": str(uploads),
           "BOURSE_INSTANCE_PATH": str(tmp_path), "MAIL_SERVER": "127.0.0.1",
           "MAIL_PORT": str(smtp_controller[0].port), "GEOCODER_URL": "http://127.0.0.1:9",
           "BOURSE_BIND": f"127.0.0.1:{app_port}", "WEB_CONCURRENCY": "2",
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"), "PYTHONPATH": str(ROOT)}
    app_log, nginx_log = tmp_path / "gunicorn.log", tmp_path / "nginx-error.log"
    (tmp_path / "site.conf").write_text(site_as_documented(https_port, http_port, app_port, cert, key))
    (tmp_path / "nginx.conf").write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {nginx_log};
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {tmp_path}/nginx-access.log;
    client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy; fastcgi_temp_path {tmp_path}/fcgi;
    uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/site.conf;
}}
""")
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    processes = []
    with app_log.open("w") as app_output, (tmp_path / "nginx.out").open("w") as nginx_output:
        try:
            processes.append(subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
                cwd=ROOT, env=env, stdout=app_output, stderr=subprocess.STDOUT))
            processes.append(subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                                               "-g", "daemon off;"], stderr=subprocess.STDOUT,
                                              stdout=nginx_output))
            wait_for_answer(f"http://127.0.0.1:{app_port}/healthz", app_log, "gunicorn")
            wait_for_answer(f"{base}/healthz", nginx_log, "nginx", verify=str(cert))
            yield {"base": base, "http": f"http://localhost:{http_port}", "app": f"http://127.0.0.1:{app_port}",
                   "cert": str(cert), "uploads": uploads, "app_log": app_log}
        finally:  # never leave the servers running, whatever failed
            for process in reversed(processes):
                process.terminate()
                process.wait(timeout=30)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def test_the_documented_deployment_answers_through_nginx(deployed, landlord, make_listing):
    base, cert = deployed["base"], deployed["cert"]
    listing = make_listing()
    moved = requests.get(f"{deployed['http']}/recherche", allow_redirects=False, timeout=10)
    assert moved.status_code == 301 and moved.headers["Location"] == "https://localhost/recherche"  # port 443 live

    over_http2 = subprocess.run(["curl", "--http2", "-s", "--cacert", cert, "-o", "/dev/null", "-w",
                                 "%{http_version}", f"{base}/"], capture_output=True, text=True, timeout=30)
    assert over_http2.stdout == "2"
    with requests.Session() as browser:
        browser.verify, browser.trust_env = cert, False  # not a CA bundle from the environment
        home = browser.get(f"{base}/", timeout=10)
        assert home.status_code == 200 and re.match(r"^[0-9a-f]{32}$", home.headers["X-Request-ID"])
        style = re.search(r'href="(/static/[^"]+\.css\?v=[0-9a-f]+)"', home.text).group(1)
        static = browser.get(f"{base}{style}", headers={"Accept-Encoding": "gzip"}, timeout=10)
        assert static.status_code == 200 and "max-age=31536000" in static.headers["Cache-Control"]
        assert static.headers.get("Content-Encoding") == "gzip" and "X-Request-ID" not in static.headers  # nginx's

        page = browser.get(f"{base}/connexion", timeout=10)
        # Over HTTPS the CSRF check also wants the Referer a browser sends: refused without it, so the app
        # knows from X-Forwarded-Proto that it is behind TLS.
        no_referer = browser.post(f"{base}/connexion", data={"email": landlord.email, "password": PASSWORD,
                                                              "csrf_token": CSRF.search(page.text).group(1)},
                                  allow_redirects=False, timeout=10)
        assert no_referer.status_code == 400
        signed_in = browser.post(f"{base}/connexion", data={"email": landlord.email, "password": PASSWORD,
                                                             "csrf_token": CSRF.search(page.text).group(1)},
                                 headers={"Referer": f"{base}/connexion"}, allow_redirects=False, timeout=10)
        assert signed_in.status_code == 302
        assert any(c.name == "session" and c.secure for c in browser.cookies)
        form = browser.get(f"{base}/locaux/{listing.id}/modifier", timeout=10)
        assert form.status_code == 200 and landlord.full_name.split()[0] in form.text
        uploaded = browser.post(f"{base}/locaux/{listing.id}/photos", files={"photo": ("vitrine.jpg", jpeg(),
                                "image/jpeg")}, data={"csrf_token": CSRF.search(form.text).group(1)},
                                headers={"Referer": form.url}, allow_redirects=False, timeout=30)
        assert uploaded.status_code == 302
        db.session.commit()
        photo = db.session.scalar(db.select(PremisesPhoto).where(PremisesPhoto.premises_id == listing.id))
        assert photo is not None and (deployed["uploads"] / photo.storage_key).is_file()

        features = browser.get(f"{base}/api/v1/premises", params={"bbox": "-3.1,47.6,-2.9,47.7"}, timeout=10)
        assert features.status_code == 200 and features.json()["total"] == 1
        assert browser.get(f"{base}/healthz", timeout=10).json() == {"status": "ok", "database": "ok"}
        assert browser.get(f"{base}/readyz", timeout=10).json()["checks"] == {
            "database": "ok", "redis": "ok", "queue": "ok"}

        too_big = browser.post(f"{base}/locaux/{listing.id}/photos", data=b"x" * (21 * 1024 * 1024),
                               headers={"Content-Type": "application/octet-stream"}, timeout=60)
        assert too_big.status_code == 413
        assert browser.get(f"{base}/metrics", timeout=10).status_code == 404
        forged = browser.get(f"{base}/", headers={"X-Forwarded-For": "6.6.6.6"}, timeout=10)

    # Beside the app, Prometheus counts every worker's requests (multiprocess mode).
    scraped = requests.get(f"{deployed['app']}/metrics", timeout=10).text
    served = re.search(r'bourse_request_duration_seconds_count\{endpoint="main.index",method="GET"\} (\S+)', scraped)
    assert served and float(served.group(1)) >= 2
    # The app logs JSON with nginx's request id, and the client's address as nginx saw it, not the forged one.
    logged = [json.loads(line) for line in deployed["app_log"].read_text().splitlines() if line.startswith("{")]
    line = next(entry for entry in logged if entry.get("request_id") == forged.headers["X-Request-ID"]
                and entry.get("path") == "/")
    assert line["remote_addr"] == "127.0.0.1" and line["status"] == 200


def test_a_configuration_mistake_stops_gunicorn_at_once_with_one_line():
    """Not workers failing in an endless loop (what a weak key did before on_starting checked it)."""
    env = {**os.environ, "BOURSE_ENV": "production", "SECRET_KEY": "secret", "PYTHONPATH": str(ROOT),
           "BOURSE_BIND": f"127.0.0.1:{free_port()}"}
    done = subprocess.run([str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
                           "wsgi:app"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "error: SECRET_KEY must be set" in done.stderr
    assert "Booting worker" not in done.stderr
