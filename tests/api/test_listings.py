"""Published premises as full records, a page at a time: keyset cursors that a listing published
meanwhile does not shift, the search filters, and bad cursors or limits refused with the field."""

from __future__ import annotations

from decimal import Decimal


def test_pages_follow_the_ids_and_a_new_listing_shifts_nothing(client, make_listing, landlord):
    made = [make_listing(title=f"Local {n}", address=f"{n + 1} rue du Lait", lon=-2.9826 + n * 0.0004,
                         sales_area_m2=Decimal(30 + 10 * n)) for n in range(5)]
    make_listing(title="Brouillon", status="draft", lon=-2.9800)
    first = client.get("/api/v1/listings?limit=2").get_json()
    assert [i["title"] for i in first["items"]] == ["Local 0", "Local 1"] and first["next_cursor"]
    make_listing(title="Nouveau", address="9 rue du Lait", lon=-2.9805)  # published between two pages
    second = client.get(f"/api/v1/listings?limit=2&cursor={first['next_cursor']}").get_json()
    assert [i["title"] for i in second["items"]] == ["Local 2", "Local 3"]
    third = client.get(f"/api/v1/listings?limit=2&cursor={second['next_cursor']}").get_json()
    assert [i["title"] for i in third["items"]] == ["Local 4", "Nouveau"] and third["next_cursor"] is None
    record = first["items"][0]
    assert record["url"].endswith(f"/locaux/{made[0].id}") and record["lon"] == -2.9826
    assert landlord.email not in str(first)
    filtered = client.get("/api/v1/listings?min_area=50").get_json()
    assert [i["sales_area_m2"] for i in filtered["items"]] == [50, 60, 70]


def test_bad_cursors_and_limits_are_refused_with_their_field(client):
    for query, field in (("limit=0", "limit"), ("limit=201", "limit"), ("limit=abc", "limit"),
                         ("cursor=nope!", "cursor"), ("cursor=YWZ0ZXI6LTE", "cursor"),
                         ("cursor=YWZ0ZXI6OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "cursor")):
        answer = client.get(f"/api/v1/listings?{query}")
        assert answer.status_code == 400 and answer.get_json()["error"]["field"] == field, query
