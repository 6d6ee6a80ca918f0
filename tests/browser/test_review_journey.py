"""An expert accepts an invitation, scores an initiative and submits; the officer sees the
aggregated result and publishes it; the public page shows it without reviewer names."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from personas import make_user
from playwright.sync_api import expect
from review_data import make_experts, make_initiatives

from sangkien.accounts import services as accounts
from sangkien.accounts.models import UnitLevel
from sangkien.geo.models import Province
from sangkien.review import assigning, scoring, services
from sangkien.review.models import AssignmentRun, ReviewAssignment

from .test_initiative_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "Giải pháp rẻ, cần thêm số liệu thực địa."


def test_expert_scores_officer_publishes_public_sees_no_names(browser, live_server,
                                                              page_problems):
    unit = accounts.unit_create(code="sokhcn-ha-noi", name="Sở KH&CN Hà Nội",
                                level=UnitLevel.PROVINCIAL,
                                territory=[Province.objects.get(code=1)])
    officer = make_user("can.bo@sokhcn.hanoi.gov.vn", "Trần Văn Minh")
    accounts.unit_officer_add(unit, officer)
    proposer = make_user("lan@example.vn", "Nguyễn Thị Lan")
    now = timezone.now()
    call = services.call_create(officer, unit, code="dot-2026", title="Đợt xét chọn 2026",
                                invitations_due=now + timedelta(days=3),
                                reviews_due=now + timedelta(days=20),
                                reviewers_per_initiative=1, max_load=2)
    services.call_add_initiatives(call, officer, make_initiatives(proposer, officer, 2))
    expert = make_experts(1)[0]
    services.call_invite(call, officer, [expert])

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.on("console", lambda m: page_problems.append(m.text) if m.type == "error" else None)
    log_in(page, expert.email)
    page.goto("/calls/reviews/")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("You accepted the invitation.")).to_be_visible()

    # The officer runs the assignment; the worker's part is played here, and the
    # progress panel (polled by htmx) shows the outcome.
    officer_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    desk = officer_context.new_page()
    log_in(desk, officer.email)
    desk.goto(f"/calls/{call.code}/manage/")
    desk.get_by_role("button", name="Assign reviewers (highest total affinity)").click()
    expect(desk.locator("#run-state")).to_have_text("queued")
    assigning.assignment_run_execute(AssignmentRun.objects.get().pk)
    expect(desk.locator("#run-state")).to_have_text("done", timeout=10_000)
    expect(desk.get_by_text("Proven optimal.")).to_be_visible()

    # The expert scores the first initiative; a missing justification is refused first.
    first, second = ReviewAssignment.objects.order_by("initiative_id")
    page.goto("/calls/reviews/")
    page.get_by_role("link", name=first.initiative.title).click()
    for score in page.locator("input[type=number]").all():
        score.fill("8")
    page.get_by_label("Your confidence").select_option("4")
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text("Justify every score before submitting.").first).to_be_visible()
    for text in page.locator("textarea[name^=justification]").all():
        text.fill("Có số liệu thử nghiệm.")
    page.get_by_label("Comment for the authors (published without your name)").fill(COMMENT)
    page.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text("Your review is submitted. Thank you.")).to_be_visible()
    context.close()
    scoring.review_save(second, expert, scores={str(c.pk): 5 for c in call.criteria.all()},
                        justifications={str(c.pk): "Trung bình." for c in call.criteria.all()},
                        confidence=3, submit=True)

    # The officer sees the aggregated results, decides and publishes.
    desk.goto(f"/calls/{call.code}/manage/")
    results = desk.locator("#results")
    expect(results.get_by_text(first.initiative.title)).to_be_visible()
    expect(results.locator("tbody tr").first).to_contain_text("80.0")
    for row in range(2):
        form = desk.locator("#results tbody tr form").first  # the first undecided row
        form.locator("select").select_option("selected" if row == 0 else "not_selected")
        form.locator("input[name=reason]").fill("Theo kết quả đánh giá.")
        form.get_by_role("button", name="Decide").click()
        expect(desk.get_by_text("Decision recorded.")).to_be_visible()
    desk.get_by_role("button", name="Publish the assessments").click()
    expect(desk.get_by_text("2 assessment(s) published.")).to_be_visible()
    officer_context.close()

    # The public: ranking and the assessment, with the comment but no reviewer's name.
    public_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    public = public_context.new_page()
    public.goto(f"/calls/{call.code}/")
    public.get_by_role("link", name=first.initiative.title).click()
    expect(public.get_by_text(COMMENT)).to_be_visible()
    expect(public.get_by_text("Reviewer 1")).to_be_visible()
    assert expert.full_name not in public.content() and expert.email not in public.content()
    public_context.close()
    # The one refused submission answers 422, which Chromium logs; nothing else went wrong.
    assert page_problems == [
        "Failed to load resource: the server responded with a status of 422 "
        "(Unprocessable Entity)"]
