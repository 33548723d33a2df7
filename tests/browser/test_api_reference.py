"""The API's reference page: Swagger UI, served from static/, draws every operation of the OpenAPI
document under the strict Content-Security-Policy, and opens one to show its parameters."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_swagger_ui_draws_the_document_without_breaking_the_policy(page, app):
    with app.test_request_context():
        from bourse.main.openapi import PATHS

        operations = sum(len(item) for item in PATHS.values())
    page.goto("/api/v1/docs", wait_until="networkidle")
    blocks = page.locator(".swagger-ui .opblock")
    expect(blocks).to_have_count(operations)
    page.locator(".opblock-summary-path", has_text="/api/v1/listings").click()
    expect(page.locator(".swagger-ui .parameters")).to_contain_text("cursor")
    assert page.watch.csp_violations == []
    page.watch.assert_clean()
