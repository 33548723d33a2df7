"""Numbers as people type them: a decimal comma, spaces between thousands, or the English style."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bourse.forms import decimal_text
from bourse.premises.models import Premises
from bourse.extensions import db
from tests.accounts.test_sessions import signed_in
from tests.conftest import csrf_token


@pytest.mark.parametrize("typed, read", [
    ("12,5", "12.5"), ("1 250,50", "1250.50"), ("1\u202f250,50", "1250.50"), ("1,250.50", "1250.50"),
    ("48", "48"), (" 9600 ", "9600"),
])
def test_what_people_type_is_read_as_they_mean_it(typed, read):
    assert decimal_text(typed) == read


def test_a_decimal_comma_in_the_premises_form_is_saved(app, landlord, make_listing):
    unit = make_listing(status="draft")
    client = signed_in(app, landlord.email)
    page = f"/locaux/{unit.id}/modifier"
    html = client.get(page).get_data(as_text=True)
    assert "name=\"rent_per_year\"" in html
    from tests.test_route_fuzz import filled_forms

    action, fields = next((a, f) for a, f in filled_forms(html, page) if "rent_per_year" in f)
    fields.update(rent_per_year="9 600,50", sales_area_m2="48,5", csrf_token=csrf_token(client, page))
    client.post(action, data=fields)
    db.session.commit()
    saved = db.session.get(Premises, unit.id)
    assert (saved.rent_per_year, saved.sales_area_m2) == (Decimal("9600.50"), Decimal("48.5"))
