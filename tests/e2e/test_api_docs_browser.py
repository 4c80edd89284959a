"""The API's interactive page in Chromium: Swagger UI from the packaged files, under the site's
Content-Security-Policy, lists the operations and calls one with a token."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from prongsai.web.api.tokens import token_create
from prongsai.web.organisations.models import Membership, Organisation
from tests.e2e.test_browser import browser, refusals_of_the_policy  # noqa: F401  (the module's Chromium fixture)


@pytest.mark.django_db(transaction=True)
def test_the_docs_page_works_under_the_policy(browser: Any, live_server: Any) -> None:  # noqa: F811
    organisation = Organisation.objects.create(name="อบต.ทดสอบ", type="อบต.", province="น่าน", slug="thotsop")
    user = User.objects.create_user(username="coordinator", password="a-long-test-password")
    Membership.objects.create(user=user, organisation=organisation, role=Membership.COORDINATOR)
    _, token = token_create(user=user, name="เอกสาร", scope="read")
    page = browser.new_page()
    refused = refusals_of_the_policy(page)
    elsewhere: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(live_server.url + "/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path[data-path='/api/v1/organisations']")
    assert page.locator(".opblock").count() == 16
    # authorise with the token, then try the organisations list
    page.click("button.authorize")
    page.fill(".auth-container input", token)
    page.click(".auth-btn-wrapper button.authorize")
    page.click("button.btn-done")
    page.click(".opblock-summary-path[data-path='/api/v1/organisations']")
    page.click("button.try-out__btn")
    page.click("button.execute")
    page.wait_for_selector(".live-responses-table .response-col_status:has-text('200')")
    assert "thotsop" in page.locator(".live-responses-table .microlight").first.inner_text()
    assert refused == [] and elsewhere == []
