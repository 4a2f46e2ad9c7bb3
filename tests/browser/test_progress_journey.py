"""A consultant logs progress against a milestone in Chromium, at phone width, without a full
page reload (ENG-8)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.demo import DEMO_PASSWORD, demo_seed
from engagements.models import Engagement, ProgressEntry
from engagements.models.plan import Phase
from engagements.services.plan import milestone_create
from staff.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_consultant_logs_progress_inline_from_the_plan(page: Page, live_server) -> None:
    # ENG-8
    demo_seed()
    engagement = Engagement.objects.get(code="ENG-2026-001")
    milestone = milestone_create(
        actor=User.objects.get(username="pm"),
        engagement_id=engagement.pk,
        phase=Phase.RESEARCH,
        title="现状调研访谈完成",
        planned_date=timezone.localdate() + timedelta(days=7),
    )

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "consultant")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.goto(f"{live_server.url}/engagements/{engagement.pk}/?tab=plan")
    row = page.locator(f"#milestone-{milestone.pk}")
    expect(row.locator("[data-testid=milestone-percent]")).to_have_text("0%")
    # A marker on the window survives only if the page is never reloaded.
    page.evaluate("window.progressJourney = 'same page'")

    row.locator("[data-testid=log-progress]").click()
    form = page.locator(f"#milestone-{milestone.pk} [data-testid=progress-form]")
    expect(form).to_be_visible()
    form.locator("[name=percent_complete]").fill("40")
    form.locator("[name=note]").fill("完成了一半的访谈")
    form.locator("[data-testid=progress-save]").click()

    percent = page.locator(f"#milestone-{milestone.pk} [data-testid=milestone-percent]")
    expect(percent).to_have_text("40%")
    expect(page.locator("[data-testid=progress-form]")).to_have_count(0)
    assert page.evaluate("window.progressJourney") == "same page"
    entry = ProgressEntry.objects.get(milestone=milestone)
    assert (entry.percent_complete, entry.note, entry.author.username) == (
        40,
        "完成了一半的访谈",
        "consultant",
    )
