"""A person's data (SEC-25, CRM-1): exported (JSON and a readable page), corrected with the
old and new values kept, and erased by pseudonymisation that keeps the quality record —
complaints, consents, survey scores — and the review signature chain valid
(``verify_signatures`` still exits 0). Administrators and legal reviewers only; each action
is logged."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from clients.models import ClientContact, Complaint, Consent, PersonalDataRequest
from clients.services import complaints as complaint_svc
from clients.services import privacy as svc
from clients.services.consents import consent_grant
from clients.services.contacts import profile_update
from core.exceptions import ConflictError, ForbiddenError
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(db):
    return UserFactory(username="privacy_admin", roles=["admin"])


@pytest.fixture
def person(client_user):
    """A client user with a contact profile, a consent and a complaint."""
    client_user.first_name, client_user.last_name = "三", "张"
    client_user.email = "zhang.san@example.com"
    client_user.save()
    profile_update(actor=client_user, position="采购经理", phone="13812345678")
    consent_grant(actor=client_user, person=client_user, purpose="surveys", channel="portal")
    complaint_svc.complaint_submit(
        actor=client_user, nature="service", subject="响应太慢", description="三天无人回复"
    )
    return client_user


def test_export_holds_everything_and_is_logged(officer, person):
    """SEC-25: account, contact (decrypted), consents, complaints."""
    data = svc.person_export(actor=officer, person_id=person.pk, reason="本人书面申请")
    assert data["account"]["email"] == "zhang.san@example.com"
    assert data["contact_profiles"][0]["phone"] == "13812345678"
    assert [c["purpose"] for c in data["consents"]] == ["surveys"]
    assert data["complaints"][0]["subject"] == "响应太慢"
    json.dumps(data, ensure_ascii=False)  # plain values only
    log = PersonalDataRequest.objects.get()
    assert (log.action, log.actor, log.person) == ("export", officer, person)


def test_correction_keeps_old_and_new_values(officer, person):
    svc.person_correct(
        actor=officer,
        person_id=person.pk,
        reason="电话号码变更",
        changes={"phone": "13900009999", "email": "zs@example.com"},
    )
    person.refresh_from_db()
    contact = ClientContact.objects.get(user=person)
    assert person.email == "zs@example.com" and contact.phone == "13900009999"
    log = PersonalDataRequest.objects.get(action="correct")
    assert {"field": "phone", "old": "13812345678", "new": "13900009999"} in log.fields
    assert contact.history.count() >= 2  # the versions


def test_erasure_pseudonymises_and_keeps_the_quality_record(officer, person):
    """SEC-25: name, e-mail and phone replaced, account closed, consents kept as facts,
    the complaint stays with a pseudonymous contact; the old contact history is gone."""
    from axes.models import AccessLog

    complaint = Complaint.objects.get()
    AccessLog.objects.create(
        username="client_user", ip_address="10.0.0.8", user_agent="x", http_accept="", path_info="/"
    )
    svc.person_erase(actor=officer, person_id=person.pk, reason="本人要求删除")
    assert not AccessLog.objects.filter(username="client_user").exists()  # sign-in records
    person.refresh_from_db()
    pseudonym = f"erased-{person.pk}"
    assert (person.username, person.email, person.first_name) == (pseudonym, "", "")
    assert not person.is_active and not person.has_usable_password()
    contact = ClientContact.objects.get(user=person)
    assert (contact.name, contact.phone, contact.email) == (pseudonym, "", "")
    assert all(not h.phone for h in contact.history.all())
    complaint.refresh_from_db()
    assert complaint.contact_name == pseudonym and complaint.submitted_by == person
    assert all(h.contact_name == pseudonym for h in complaint.history.all())
    assert Consent.objects.filter(person=person).count() == 1
    with pytest.raises(ConflictError):
        svc.person_erase(actor=officer, person_id=person.pk, reason="again")
    assert list(PersonalDataRequest.objects.order_by("id").values_list("action", flat=True)) == [
        "erase"
    ]


def test_erasing_a_signer_keeps_the_signature_chain_valid(
    officer, engagement_a, consultant, discipline_lead, project_manager, settings, tmp_path
):
    """SEC-25 + X-2: the discipline lead who signed a review is erased; the signature keeps
    its printed name and ``verify_signatures`` still exits 0."""
    from quality.defaults import seed_review_levels
    from quality.models import Signature
    from quality.services import reviews as review_svc
    from tests.quality.factories import deliverable, new_version

    settings.MEDIA_ROOT = tmp_path / "media"
    seed_review_levels()
    engagement_a.members.add(discipline_lead)
    version = new_version(
        deliverable(engagement=engagement_a, author=consultant), author=consultant
    )
    review = review_svc.review_submit(actor=consultant, version=version)
    levels = {lv.position: lv for lv in review.levels.all()}
    review_svc.review_sign(actor=discipline_lead, level_id=levels[1].pk, password=TEST_PASSWORD)
    review_svc.review_sign(actor=project_manager, level_id=levels[2].pk, password=TEST_PASSWORD)
    call_command("verify_signatures")
    signed_as = Signature.objects.get(signer=discipline_lead).printed_name
    svc.person_erase(actor=officer, person_id=discipline_lead.pk, reason="离职后申请删除")
    call_command("verify_signatures")  # raises CommandError (exit 1) if a chain broke
    assert Signature.objects.get(signer=discipline_lead).printed_name == signed_as


def test_erasing_the_author_of_a_complaint_keeps_signatures_valid(officer, person):
    svc.person_erase(actor=officer, person_id=person.pk, reason="本人要求删除")
    call_command("verify_signatures")


def test_only_admins_and_legal_reviewers(person, qa_manager, legal_reviewer, officer):
    """SEC-25: relations staff cannot; nobody erases themselves."""
    with pytest.raises(ForbiddenError):
        svc.person_export(actor=qa_manager, person_id=person.pk, reason="x")
    with pytest.raises(ForbiddenError):
        svc.person_erase(actor=person, person_id=person.pk, reason="x")
    svc.person_export(actor=legal_reviewer, person_id=person.pk, reason="法务核查")
    with pytest.raises(ConflictError):
        svc.person_erase(actor=officer, person_id=officer.pk, reason="x")


def test_pages_and_api(client, officer, person, qa_manager):
    client.force_login(officer)
    assert client.get(reverse("clients:privacy"), {"q": "client_user"}).status_code == 200
    assert client.get(reverse("clients:privacy_person", args=[person.pk])).status_code == 200
    html = client.post(
        reverse("clients:privacy_export", args=[person.pk]),
        {"export-reason": "本人申请", "format": "html"},
    )
    assert html.status_code == 200 and "13812345678" in html.content.decode()
    as_json = client.post(
        reverse("clients:privacy_export", args=[person.pk]),
        {"export-reason": "本人申请", "format": "json"},
    )
    assert as_json["Content-Disposition"].startswith("attachment")
    assert json.loads(as_json.content)["account"]["username"] == "client_user"
    corrected = client.post(
        reverse("clients:privacy_correct", args=[person.pk]),
        {
            "correct-reason": "更正职位",
            "correct-display_name": person.display_name,
            "correct-first_name": person.first_name,
            "correct-last_name": person.last_name,
            "correct-email": person.email,
            "correct-phone": "13812345678",
            "correct-position": "总经理",
        },
    )
    assert corrected.status_code == 302, corrected.content
    assert ClientContact.objects.get(user=person).position == "总经理"
    assert (
        client.post(reverse("clients:privacy_erase", args=[person.pk]), {"erase-reason": "x"})
    ).status_code == 400  # the confirmation box is required
    api = APIClient()
    api.force_authenticate(officer)
    erased = api.post(
        reverse("api:clients-privacy-erase", args=[person.pk]),
        {"reason": "本人申请"},
        format="json",
    )
    assert erased.status_code == 200 and erased.json()["action"] == "erase"
    assert api.get(reverse("api:clients-privacy-log")).status_code == 200
    assert (
        api.post(
            reverse("api:clients-privacy-export", args=[999999]), {"reason": "x"}, format="json"
        )
    ).status_code == 404
    staff = APIClient()
    staff.force_authenticate(qa_manager)
    assert (
        staff.post(
            reverse("api:clients-privacy-export", args=[person.pk]), {"reason": "x"}, format="json"
        )
    ).status_code == 403
    client.force_login(qa_manager)
    assert client.get(reverse("clients:privacy")).status_code == 403
