"""Staff pages and API: the permission matrix (SEC-1, SEC-2) and query counts that do not
grow with the data (STF-1 … STF-5)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from staff.models import Certificate, QualificationType, StaffProfile
from staff.services import training as training_svc
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _people(n: int) -> None:
    pmp = QualificationType.objects.get(code="pmp")
    today = timezone.localdate()
    for i in range(n):
        user = UserFactory.create(roles=["consultant"])
        StaffProfile.objects.create(user=user, position="顾问", department=f"部门{i % 3}")
        Certificate.objects.create(
            user=user,
            qualification=pmp,
            issued_on=today - timedelta(days=300),
            expires_on=today + timedelta(days=10 + i),
        )


KEEPER_PAGES = ["/staff/", "/staff/training/", "/staff/training/mentoring/add/"]


@pytest.mark.parametrize("url", KEEPER_PAGES)
def test_keeper_pages_refuse_other_roles_and_anonymous(
    client, url, consultant, client_user, qa_manager
) -> None:
    # SEC-1: anonymous → login; consultant and client users → 403; QA manager → 200
    assert client.get(url).status_code == 302
    client.force_login(consultant)
    assert client.get(url).status_code == 403
    client.force_login(client_user)
    assert client.get(url).status_code == 403
    client.force_login(qa_manager)
    assert client.get(url).status_code == 200


def test_a_person_page_is_visible_to_the_person_and_keepers_only(
    client, consultant, discipline_lead, qa_manager
) -> None:
    # STF-1, SEC-2: another person's record answers 404
    url = f"/staff/people/{consultant.pk}/"
    client.force_login(discipline_lead)
    assert client.get(url).status_code == 404
    assert client.get(f"/api/staff/people/{consultant.pk}/").status_code == 404
    client.force_login(consultant)
    assert client.get(url).status_code == 200
    client.force_login(qa_manager)
    assert client.get(url).status_code == 200


def test_the_api_refuses_anonymous_and_client_users(client, client_user) -> None:
    # SEC-1
    for url in ["/api/staff/people/", "/api/staff/declarations/", "/api/staff/training/plans/"]:
        assert client.get(url).status_code in (401, 403)
    client.force_login(client_user)
    assert client.get("/api/staff/people/").status_code == 403


def test_the_raci_of_another_clients_engagement_answers_404(
    client, engagement_b, consultant
) -> None:
    # SEC-2
    client.force_login(consultant)
    assert client.get(f"/staff/raci/{engagement_b.pk}/").status_code == 404
    assert client.get(f"/api/staff/raci/{engagement_b.pk}/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/staff/", "/api/staff/people/", "/api/staff/certificates/expiring/"]
)
def test_people_list_queries_do_not_grow_with_the_data(
    client, qa_manager, url, django_assert_max_num_queries
) -> None:
    # STF-1: the people list with expiring certificates, at two sizes
    client.force_login(qa_manager)
    _people(3)
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    _people(25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_training_plan_pages_queries_do_not_grow(
    client, qa_manager, django_assert_max_num_queries
) -> None:
    # STF-2
    client.force_login(qa_manager)

    def grow(n: int) -> int:
        people = [UserFactory.create(roles=["consultant"]) for _ in range(n)]
        plan = training_svc.plan_create(
            actor=qa_manager,
            title=f"计划{n}",
            period="annual",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
            target_hours=Decimal(10),
            participant_ids=[p.pk for p in people],
        )
        for i in range(n):
            session = training_svc.session_create(
                actor=qa_manager,
                plan_id=plan.pk,
                title=f"课{i}",
                held_on=date(2026, 2, 1 + i),
                hours=Decimal(2),
            )
            training_svc.attendance_record(
                actor=qa_manager, session_id=session.pk, user_ids=[p.pk for p in people]
            )
        return plan.pk

    small_plan = grow(2)
    with django_assert_max_num_queries(20) as small:
        client.get(f"/staff/training/plans/{small_plan}/")
        client.get("/staff/training/")
    big_plan = grow(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/staff/training/plans/{big_plan}/")
        client.get("/staff/training/")


def test_declarations_register_queries_do_not_grow(
    client, qa_manager, engagement_a, django_assert_max_num_queries
) -> None:
    # STF-5
    client.force_login(qa_manager)
    for _ in range(2):
        engagement_a.members.add(UserFactory.create(roles=["consultant"]))
    with django_assert_max_num_queries(15) as small:
        assert client.get("/staff/declarations/").status_code == 200
    for _ in range(15):
        engagement_a.members.add(UserFactory.create(roles=["consultant"]))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/staff/declarations/").status_code == 200


def test_the_person_page_queries_do_not_grow(
    client, qa_manager, consultant, django_assert_max_num_queries
) -> None:
    # STF-1, STF-2, STF-3
    client.force_login(qa_manager)
    pmp = QualificationType.objects.get(code="pmp")
    Certificate.objects.create(user=consultant, qualification=pmp, issued_on=date(2025, 1, 1))
    with django_assert_max_num_queries(25) as small:
        assert client.get(f"/staff/people/{consultant.pk}/").status_code == 200
    for code in ["cpa", "cisp", "cpec"]:
        Certificate.objects.create(
            user=consultant,
            qualification=QualificationType.objects.get(code=code),
            issued_on=date(2025, 1, 1),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(f"/staff/people/{consultant.pk}/").status_code == 200
