"""Password hashing strength and policy."""

from __future__ import annotations

import re

from argon2 import PasswordHasher

from bourse import create_app
from bourse.accounts import passwords
from bourse.config import ProductionConfig


def test_production_hashing_is_argon2id_above_owasp_minimums(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 10 + "production-grade-secret-key-0123456789")
    config = ProductionConfig()
    hasher = PasswordHasher(time_cost=config.ARGON2_TIME_COST, memory_cost=config.ARGON2_MEMORY_COST,
                            parallelism=config.ARGON2_PARALLELISM)
    encoded = hasher.hash("Un mot de passe solide 2026")
    m, t, p = map(int, re.match(r"\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$", encoded).groups())
    # OWASP Password Storage Cheat Sheet: argon2id with m ≥ 19 MiB, t ≥ 2, p ≥ 1.
    assert m >= 19 * 1024 and t >= 2 and p >= 1


def test_hash_verify_and_rehash_when_parameters_grow(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "CHECK_DATABASE_ON_START": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})
    with app.app_context():
        stored = passwords.hash_password("  exact 🙂 text  ")
        assert passwords.verify_password(stored, "  exact 🙂 text  ")
        assert not passwords.verify_password(stored, "exact 🙂 text")
        assert not passwords.verify_password("not-a-hash", "anything")
        assert not passwords.needs_rehash(stored)
        app.config["ARGON2_MEMORY_COST"] *= 2
        assert passwords.needs_rehash(stored)


def test_policy_bounds():
    assert passwords.password_problem("a" * 11) is not None
    assert passwords.password_problem("Trois petits chats gris") is None
    assert passwords.password_problem("Trois petits chats gris " + "x" * 110) is not None  # 134 chars
