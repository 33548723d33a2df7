"""Town managers are created by an administrator, on a page or from the shell."""

from __future__ import annotations

from click.testing import CliRunner

from bourse.accounts.models import User
from bourse.accounts.roles import Role
from bourse.extensions import db
from bourse.towns import services as towns
from tests.conftest import PASSWORD, csrf_token


def find(email: str) -> User | None:
    db.session.commit()  # end the read snapshot: see what requests committed
    return db.session.scalar(db.select(User).where(User.email == email))


def test_cli_creates_a_manager_attached_to_two_towns(app):
    towns.seed_reference_towns()
    result = CliRunner().invoke(app.cli, [
        "users", "create-manager", "Yann@Auray.fr", "--name", "Yann Le Goff",
        "--town", "56007", "--town", "56260", "--password", PASSWORD,
    ])
    assert result.exit_code == 0, result.output
    manager = find("yann@auray.fr")
    assert manager.role == Role.TOWN_MANAGER.value
    assert sorted(t.name for t in manager.towns) == ["Auray", "Vannes"]


def test_cli_refuses_an_unknown_town(app):
    towns.seed_reference_towns()
    result = CliRunner().invoke(app.cli, [
        "users", "create-manager", "x@example.com", "--name", "X", "--town", "99999", "--password", PASSWORD,
    ])
    assert result.exit_code != 0
    assert "unknown town INSEE code(s): 99999" in result.output
    assert find("x@example.com") is None


def test_cli_refuses_a_weak_password(app):
    towns.seed_reference_towns()
    result = CliRunner().invoke(app.cli, [
        "users", "create-manager", "x@example.com", "--name", "X", "--town", "56007", "--password", "short",
    ])
    assert result.exit_code != 0
    assert find("x@example.com") is None


def test_cli_creates_an_admin(app):
    result = CliRunner().invoke(app.cli, ["users", "create-admin", "root@example.com", "--name", "Root",
                                          "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert find("root@example.com").role == "admin"


def test_admin_page_creates_a_manager(client, auth, make_user):
    towns.seed_reference_towns()
    admin = make_user(Role.ADMIN)
    auth.login(admin.email)
    auray = next(t for t in towns.list_towns() if t.insee_code == "56007")
    response = client.post("/admin/managers/nouveau", data={
        "full_name": "Maïwenn Manager", "email": "maiwenn@example.com", "towns": [str(auray.id)],
        "password": PASSWORD, "csrf_token": csrf_token(client, "/admin/managers/nouveau"),
    })
    assert response.status_code == 302
    manager = find("maiwenn@example.com")
    assert manager.role == "town_manager" and [t.insee_code for t in manager.towns] == ["56007"]
    assert "maiwenn@example.com" in client.get("/admin/utilisateurs").get_data(as_text=True)


def test_admin_page_needs_a_town(client, auth, make_user):
    towns.seed_reference_towns()
    admin = make_user(Role.ADMIN)
    auth.login(admin.email)
    response = client.post("/admin/managers/nouveau", data={
        "full_name": "Sans Commune", "email": "sans@example.com", "password": PASSWORD,
        "csrf_token": csrf_token(client, "/admin/managers/nouveau"),
    })
    assert response.status_code == 200
    assert find("sans@example.com") is None
