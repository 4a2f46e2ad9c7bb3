"""Kickoff meeting (ENG-7), project meetings with minutes, decisions, action items and their
distribution (COM-1), progress reports at the agreed cadence (COM-2): services, pages, API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from core.exceptions import ApplicationError, ConflictError, ForbiddenError, NotFoundError
from engagements.models import (
    ActionItem,
    KickoffMeeting,
    Meeting,
    MeetingDistribution,
    ProgressReport,
    ReportingCadence,
)
from engagements.models.meetings import MeetingKind
from engagements.selectors import plan as sel
from engagements.services import meetings as svc

pytestmark = pytest.mark.django_db

AGENDA_ITEMS = [
    "Background",
    "Goals",
    "Tasks",
    "Schedule",
    "Quality requirements",
    "Communication rules",
]


def _meeting(engagement, actor, *, kind=MeetingKind.WEEKLY, participants=(), hours_ago=2):
    return svc.meeting_create(
        actor=actor,
        engagement_id=engagement.pk,
        kind=kind,
        title=f"{kind} meeting",
        held_at=timezone.now() - timedelta(hours=hours_ago),
        participant_ids=[p.pk for p in participants],
    )


# --- kickoff (ENG-7) -------------------------------------------------------------------------


def test_the_kickoff_agenda_covers_the_six_items_and_lists_the_materials(
    engagement_a, project_manager, consultant, client_user
) -> None:  # ENG-7
    with translation.override("en"):
        kickoff = svc.meeting_create(
            actor=project_manager,
            engagement_id=engagement_a.pk,
            kind=MeetingKind.KICKOFF,
            title="Kickoff",
            held_at=timezone.now(),
            materials="Project charter, communication plan",
            participant_ids=[consultant.pk, project_manager.pk, client_user.pk],
        )
    lines = kickoff.agenda.splitlines()
    assert lines == [f"{i}. {item}" for i, item in enumerate(AGENDA_ITEMS, start=1)]
    assert kickoff.materials == "Project charter, communication plan"
    assert list(KickoffMeeting.objects.filter(engagement=engagement_a)) == [kickoff]
    assert set(kickoff.participants.all()) == {consultant, project_manager, client_user}


def test_an_engagement_has_one_kickoff_meeting(engagement_a, project_manager) -> None:  # ENG-7
    _meeting(engagement_a, project_manager, kind=MeetingKind.KICKOFF)
    with pytest.raises(ConflictError):
        _meeting(engagement_a, project_manager, kind=MeetingKind.KICKOFF)
    assert Meeting.objects.count() == 1


def test_kickoff_attendance_is_recorded_with_the_minutes(
    engagement_a, project_manager, consultant
) -> None:  # ENG-7
    kickoff = _meeting(
        engagement_a,
        project_manager,
        kind=MeetingKind.KICKOFF,
        participants=[consultant, project_manager],
    )
    svc.meeting_record_minutes(
        actor=project_manager,
        meeting_id=kickoff.pk,
        minutes="Walked through the charter.",
        attended_ids=[project_manager.pk],
    )
    attended = dict(kickoff.attendance.values_list("user__username", "attended"))
    assert attended == {"project_manager": True, "consultant": False}


def test_participants_come_from_the_team_or_the_client(
    engagement_a, project_manager, discipline_lead, other_client_user
) -> None:
    for outsider in (discipline_lead, other_client_user):
        with pytest.raises(ApplicationError):
            _meeting(engagement_a, project_manager, participants=[outsider])
    assert Meeting.objects.count() == 0


def test_a_consultant_cannot_call_meetings(engagement_a, consultant) -> None:
    with pytest.raises(ForbiddenError):
        _meeting(engagement_a, consultant)


# --- minutes, action items, distribution (COM-1) ---------------------------------------------


def test_minutes_with_decisions_and_action_items_go_to_every_participant(
    engagement_a, project_manager, consultant, client_user
) -> None:  # COM-1
    meeting = _meeting(engagement_a, project_manager, participants=[consultant, client_user])
    svc.meeting_record_minutes(
        actor=project_manager,
        meeting_id=meeting.pk,
        minutes="Reviewed the interview schedule.",
        decisions="Interviews move to week 12.",
        attended_ids=[consultant.pk],
    )
    item = svc.action_item_add(
        actor=project_manager,
        meeting_id=meeting.pk,
        description="Send the revised schedule",
        owner_id=project_manager.pk,  # not invited, but on the team
        due_date=timezone.localdate() + timedelta(days=2),
    )
    meeting = svc.meeting_distribute(actor=project_manager, meeting_id=meeting.pk)

    assert meeting.distributed_at is not None
    recipients = set(
        MeetingDistribution.objects.filter(meeting=meeting).values_list("recipient", flat=True)
    )
    assert recipients == {consultant.pk, client_user.pk, project_manager.pk}
    assert item.done_at is None
    with pytest.raises(ConflictError):
        svc.meeting_distribute(actor=project_manager, meeting_id=meeting.pk)
    with pytest.raises(ConflictError):
        svc.meeting_record_minutes(actor=project_manager, meeting_id=meeting.pk, minutes="Other")
    assert MeetingDistribution.objects.count() == 3


def test_minutes_must_exist_before_they_are_distributed(
    engagement_a, project_manager, consultant
) -> None:  # COM-1
    meeting = _meeting(engagement_a, project_manager, participants=[consultant])
    with pytest.raises(ApplicationError):
        svc.meeting_distribute(actor=project_manager, meeting_id=meeting.pk)
    meeting.refresh_from_db()
    assert meeting.distributed_at is None
    assert MeetingDistribution.objects.count() == 0


def test_minutes_wait_until_the_meeting_was_held(engagement_a, project_manager) -> None:
    meeting = _meeting(engagement_a, project_manager, hours_ago=-24)
    with pytest.raises(ApplicationError):
        svc.meeting_record_minutes(actor=project_manager, meeting_id=meeting.pk, minutes="Early")


def test_only_invited_people_can_be_marked_present(
    engagement_a, project_manager, consultant
) -> None:
    meeting = _meeting(engagement_a, project_manager)
    with pytest.raises(ApplicationError):
        svc.meeting_record_minutes(
            actor=project_manager, meeting_id=meeting.pk, minutes="x", attended_ids=[consultant.pk]
        )
    meeting.refresh_from_db()
    assert meeting.minutes == ""


def test_action_items_need_a_team_owner_and_a_due_date_after_the_meeting(
    engagement_a, project_manager, discipline_lead
) -> None:  # COM-1
    meeting = _meeting(engagement_a, project_manager)
    with pytest.raises(ApplicationError):
        svc.action_item_add(
            actor=project_manager,
            meeting_id=meeting.pk,
            description="Check the figures",
            owner_id=discipline_lead.pk,
            due_date=timezone.localdate(),
        )
    with pytest.raises(ApplicationError):
        svc.action_item_add(
            actor=project_manager,
            meeting_id=meeting.pk,
            description="Check the figures",
            owner_id=project_manager.pk,
            due_date=timezone.localdate() - timedelta(days=3),
        )
    assert ActionItem.objects.count() == 0


def test_the_owner_marks_their_action_item_done_once(
    engagement_a, project_manager, consultant, discipline_lead
) -> None:  # COM-1
    meeting = _meeting(engagement_a, project_manager, participants=[consultant])
    item = svc.action_item_add(
        actor=project_manager,
        meeting_id=meeting.pk,
        description="Draft the survey",
        owner_id=consultant.pk,
        due_date=timezone.localdate(),
    )
    with pytest.raises(NotFoundError):  # not on this engagement at all
        svc.action_item_done(actor=discipline_lead, item_id=item.pk)
    item = svc.action_item_done(actor=consultant, item_id=item.pk)
    assert item.done_at is not None
    with pytest.raises(ConflictError):
        svc.action_item_done(actor=consultant, item_id=item.pk)


def test_the_meeting_pages_record_minutes_and_distribute(
    client, engagement_a, project_manager, consultant
) -> None:  # COM-1
    client.force_login(project_manager)
    create = reverse("engagements:meeting_create", args=[engagement_a.pk])
    kickoff_form = client.get(create + "?kind=kickoff", HTTP_ACCEPT_LANGUAGE="en")
    assert kickoff_form.status_code == 200
    assert "6. " in kickoff_form.text  # the six agenda headings are offered (ENG-7)
    held = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        create,
        {"kind": "weekly", "title": "Week 3", "held_at": held, "participants": [consultant.pk]},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("engagements:meeting_detail", args=[meeting.pk])
    assert client.get(response.url).status_code == 200

    distribute = reverse("engagements:meeting_distribute", args=[meeting.pk])
    assert client.post(distribute).status_code == 400  # no minutes yet
    minutes = reverse("engagements:meeting_minutes", args=[meeting.pk])
    assert client.post(minutes, {"minutes": ""}).status_code == 400
    response = client.post(
        minutes, {"minutes": "Status reviewed", "decisions": "Go", "attended": [consultant.pk]}
    )
    assert response.status_code == 302
    action = reverse("engagements:action_item_add", args=[meeting.pk])
    response = client.post(
        action,
        {
            "description": "Book the workshop room",
            "owner": consultant.pk,
            "due_date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert client.post(distribute).status_code == 302
    page = client.get(reverse("engagements:meeting_detail", args=[meeting.pk]))
    assert 'data-testid="distributed"' in page.text

    client.force_login(consultant)
    item = ActionItem.objects.get()
    done = client.post(reverse("engagements:action_item_done", args=[item.pk]))
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.done_at is not None


def test_meeting_pages_answer_404_for_a_foreign_meeting(
    client, engagement_b, consultant, admin_user
) -> None:  # SEC-2
    meeting = _meeting(engagement_b, admin_user)
    client.force_login(consultant)
    assert client.get(reverse("engagements:meeting_detail", args=[meeting.pk])).status_code == 404
    url = reverse("engagements:meeting_distribute", args=[meeting.pk])
    assert client.post(url).status_code == 404


# --- progress reports (COM-2) ----------------------------------------------------------------


def test_the_first_report_is_due_one_cadence_after_the_kickoff(
    engagement_a, project_manager
) -> None:  # COM-2
    kickoff = _meeting(engagement_a, project_manager, kind=MeetingKind.KICKOFF, hours_ago=0)
    due = sel.progress_report_due(engagement=engagement_a)
    assert due.every_days == 14
    assert due.due_on == timezone.localdate(kickoff.held_at) + timedelta(days=14)
    assert due.last_sent_on is None and not due.overdue


def test_without_a_kickoff_the_cadence_counts_from_the_engagement_opening(
    engagement_a,
) -> None:  # COM-2
    due = sel.progress_report_due(engagement=engagement_a)
    assert due.due_on == timezone.localdate(engagement_a.created_at) + timedelta(days=14)


def test_the_agreed_cadence_moves_the_due_date_and_sending_restarts_it(
    engagement_a, project_manager
) -> None:  # COM-2
    svc.reporting_cadence_set(actor=project_manager, engagement_id=engagement_a.pk, every_days=7)
    assert ReportingCadence.objects.get(engagement=engagement_a).every_days == 7
    today = timezone.localdate()
    report = svc.progress_report_create(
        actor=project_manager,
        engagement_id=engagement_a.pk,
        period_start=today - timedelta(days=7),
        period_end=today,
        summary="Research phase on track.",
    )
    assert sel.progress_report_due(engagement=engagement_a).last_sent_on is None
    svc.progress_report_send(actor=project_manager, report_id=report.pk)
    due = sel.progress_report_due(engagement=engagement_a)
    assert (due.last_sent_on, due.due_on) == (today, today + timedelta(days=7))
    assert not due.overdue
    later = sel.progress_report_due(engagement=engagement_a, today=today + timedelta(days=8))
    assert later.overdue
    with pytest.raises(ConflictError):
        svc.progress_report_send(actor=project_manager, report_id=report.pk)


def test_a_report_period_must_be_in_order_and_have_a_summary(
    engagement_a, project_manager
) -> None:  # COM-2
    today = timezone.localdate()
    with pytest.raises(ApplicationError):
        svc.progress_report_create(
            actor=project_manager,
            engagement_id=engagement_a.pk,
            period_start=today,
            period_end=today - timedelta(days=1),
            summary="x",
        )
    with pytest.raises(ApplicationError):
        svc.progress_report_create(
            actor=project_manager,
            engagement_id=engagement_a.pk,
            period_start=today,
            period_end=today,
            summary="   ",
        )
    with pytest.raises(ApplicationError):
        svc.reporting_cadence_set(
            actor=project_manager, engagement_id=engagement_a.pk, every_days=0
        )
    assert ProgressReport.objects.count() == 0


def test_the_report_pages_create_and_send(client, engagement_a, project_manager) -> None:
    # COM-2
    client.force_login(project_manager)
    today = timezone.localdate().isoformat()
    url = reverse("engagements:progress_report_create", args=[engagement_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"period_start": today, "period_end": today, "summary": "All on track"}
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    send = reverse("engagements:progress_report_send", args=[report.pk])
    assert client.post(send).status_code == 302
    assert client.post(send).status_code == 409
    cadence = reverse("engagements:reporting_cadence", args=[engagement_a.pk])
    assert client.post(cadence, {"every_days": "30"}).status_code == 302
    assert sel.cadence_days(engagement=engagement_a) == 30


# --- API -------------------------------------------------------------------------------------


def test_the_api_runs_a_meeting_from_creation_to_distribution(
    engagement_a, project_manager, consultant
) -> None:  # COM-1, X-5
    api = APIClient()
    api.force_authenticate(project_manager)
    created = api.post(
        f"/api/engagements/{engagement_a.pk}/meetings/",
        {
            "kind": "monthly",
            "title": "Monthly review",
            "held_at": (timezone.now() - timedelta(hours=1)).isoformat(),
            "participants": [consultant.pk],
            "minutes": "ignored: read-only",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    meeting_id = created.json()["id"]
    assert created.json()["minutes"] == ""
    assert [a["user"] for a in created.json()["attendance"]] == [consultant.pk]

    minutes = api.post(
        f"/api/engagements/meetings/{meeting_id}/minutes/",
        {"minutes": "Budget reviewed", "decisions": "Keep scope", "attended": [consultant.pk]},
        format="json",
    )
    assert minutes.status_code == 200
    item = api.post(
        f"/api/engagements/meetings/{meeting_id}/action-items/",
        {
            "description": "Update the budget",
            "owner": consultant.pk,
            "due_date": timezone.localdate().isoformat(),
        },
        format="json",
    )
    assert item.status_code == 201
    sent = api.post(f"/api/engagements/meetings/{meeting_id}/distribute/")
    assert sent.status_code == 200
    assert [d["recipient"] for d in sent.json()["distributions"]] == [consultant.pk]
    assert api.post(f"/api/engagements/meetings/{meeting_id}/distribute/").status_code == 409

    worker = APIClient()
    worker.force_authenticate(consultant)
    listed = worker.get(f"/api/engagements/{engagement_a.pk}/meetings/").json()["results"]
    assert [m["id"] for m in listed] == [meeting_id]
    done = worker.post(f"/api/engagements/action-items/{item.json()['id']}/done/")
    assert done.status_code == 200 and done.json()["done_at"]
    refused = worker.post(
        f"/api/engagements/{engagement_a.pk}/meetings/",
        {"kind": "weekly", "title": "x", "held_at": timezone.now().isoformat()},
        format="json",
    )
    assert refused.status_code == 403


def test_the_api_handles_progress_reports_and_cadence(engagement_a, project_manager) -> None:
    # COM-2, X-5
    api = APIClient()
    api.force_authenticate(project_manager)
    today = timezone.localdate().isoformat()
    assert (
        api.put(
            f"/api/engagements/{engagement_a.pk}/reporting/", {"every_days": 10}, format="json"
        ).json()["every_days"]
        == 10
    )
    created = api.post(
        f"/api/engagements/{engagement_a.pk}/progress-reports/",
        {"period_start": today, "period_end": today, "summary": "On track"},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["author"] == project_manager.pk
    sent = api.post(f"/api/engagements/progress-reports/{created.json()['id']}/send/")
    assert sent.status_code == 200 and sent.json()["sent_at"]
    due = api.get(f"/api/engagements/{engagement_a.pk}/reporting/").json()
    assert due["last_sent_on"] == today
    assert (
        len(api.get(f"/api/engagements/{engagement_a.pk}/progress-reports/").json()["results"]) == 1
    )


def test_the_meeting_api_answers_404_for_foreign_ids_and_403_to_clients(
    engagement_a, engagement_b, consultant, client_user, admin_user
) -> None:  # SEC-2
    meeting = _meeting(engagement_b, admin_user)
    api = APIClient()
    api.force_authenticate(consultant)
    assert api.get(f"/api/engagements/meetings/{meeting.pk}/").status_code == 404
    assert api.post(f"/api/engagements/meetings/{meeting.pk}/distribute/").status_code == 404
    assert api.get(f"/api/engagements/{engagement_b.pk}/meetings/").status_code == 404
    api.force_authenticate(client_user)
    assert api.get(f"/api/engagements/{engagement_a.pk}/meetings/").status_code == 403
    assert APIClient().get(f"/api/engagements/{engagement_a.pk}/meetings/").status_code == 401
