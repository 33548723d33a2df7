"""Through a real gunicorn with two worker processes, as the README's production example runs it:
with the limiter's counters in Redis, the workers count failed sign-ins together."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from argon2 import PasswordHasher

from bourse.extensions import db
from tests.conftest import PASSWORD
from tests.support.servers import answers
from tests.support.smtp import free_port
from tests.support.workers import LIMITS_REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
LIMITS_REDIS = LIMITS_REDIS_URL  # this test process's own database
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def gunicorn(app, tmp_path):
    import redis

    redis.Redis.from_url(LIMITS_REDIS).flushdb()
    port = free_port()
    env = {**os.environ, "BOURSE_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "BOURSE_INSTANCE_PATH": str(tmp_path),
           "SESSION_COOKIE_SECURE": "0", "RATELIMIT_STORAGE_URI": LIMITS_REDIS, "PUBLIC_URL": f"http://127.0.0.1:{port}",
           "UPLOAD_FOLDER": str(tmp_path / "uploads"), "PYTHONPATH": str(ROOT)}
    log = tmp_path / "gunicorn.log"
    output = log.open("w")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
         "--access-logfile", "-", "--access-logformat", "served-by %(p)s %(m)s %(U)s %(s)s", "wsgi:app"],
        cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        if not answers(f"{base}/healthz"):
            raise AssertionError("gunicorn did not start:\n" + log.read_text())
        yield base, log
    finally:  # never leave the servers running, whatever failed
        process.terminate()
        process.wait(timeout=30)
        output.close()
        redis.Redis.from_url(LIMITS_REDIS).flushdb()


def attempt(base: str, email: str, password: str) -> int:
    with requests.Session() as browser:  # a new connection, so either worker may answer
        token = CSRF.search(browser.get(f"{base}/connexion", timeout=10).text).group(1)
        return browser.post(f"{base}/connexion", data={"email": email, "password": password, "csrf_token": token},
                            allow_redirects=False, timeout=10).status_code


def test_two_workers_share_the_count_of_failed_sign_ins(gunicorn, make_user):
    base, log = gunicorn
    user = make_user(email="cible@example.com")
    # Production-strength hash, as a real account has: each failed check then keeps one process busy
    # long enough for the other to take the next request (the tests' cheap hash would not).
    user.password_hash = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash(PASSWORD)
    db.session.commit()
    email = user.email
    # Two at a time: while one process hashes a password, the other takes the next request.
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: attempt(base, email, "mauvais mot de passe"), range(14)))
    # Ten failures from one address at one account, then refused, whichever process answers.
    assert sorted(answers) == [200] * 10 + [429] * 4
    served = {line.split()[1] for line in log.read_text().splitlines()
              if line.startswith("served-by") and " POST /connexion " in line}
    assert len(served) == 2, "both workers answered sign-ins"
    assert attempt(base, email, PASSWORD) == 429  # the guesser's address stays stopped for this account
