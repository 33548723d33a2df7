"""Every main page on a 390 × 844 phone, signed in as each role: nothing wider than the screen, a
header of at most 15 % of the first screen, and every menu entry reachable behind the Menu button."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_csp import town_centre  # noqa: F401 (the same pages, as every role)
from tests.browser.test_premises_flow import sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def on_a_phone(another_page):
    page = another_page()
    page.set_viewport_size(PHONE)
    return page


def test_no_page_is_wider_than_a_phone_and_the_header_stays_small(another_page, town_centre):  # noqa: F811
    too_wide, too_tall = [], []
    for user, paths in town_centre.items():
        page = on_a_phone(another_page)
        if user is not None:
            sign_in(page, user.email)
        for path in paths:
            page.goto(path, wait_until="networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > 391).slice(0, 3)
                    .map(e => e.tagName + '.' + e.className)""")
                too_wide.append(f"{user.role if user else 'visitor'} {path}: {width} px ({wide})")
            header = page.locator(".site-header").bounding_box()["height"]
            if header > 0.15 * PHONE["height"]:
                too_tall.append(f"{path}: header {header:.0f} px")
        page.watch.assert_clean()
    assert too_wide == [], "\n".join(too_wide)
    assert too_tall == []


def test_the_menu_opens_behind_its_button_and_reaches_every_entry(another_page, town_centre, manager):  # noqa: F811
    page = on_a_phone(another_page)
    sign_in(page, manager.email)
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Programmes")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    for name in ("Trouver un local", "Mes locaux", "Candidatures", "Programmes", "Notifications"):
        link = page.get_by_role("link", name=name, exact=name != "Notifications").first
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], name
    page.get_by_role("link", name="Programmes", exact=True).click()
    expect(page).to_have_url(page.url.split("/programmes")[0] + "/programmes")
    page.keyboard.press("Escape")
    page.watch.assert_clean()


def test_on_a_desktop_the_menu_is_simply_there(page, manager):
    sign_in(page, manager.email)
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Programmes", exact=True)).to_be_visible()
