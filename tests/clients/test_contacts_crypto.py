"""Contact PII (SEC-26): encrypted at rest under a key from the environment (the database
column and its history hold only ciphertext, keys rotate), masked in lists and the API; a
client user keeps their own phone and position in the portal (CRM-1). Production settings
refuse to start without a key."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from clients.models import ClientContact
from clients.services.contacts import contact_save, profile_update
from core import crypto
from core.exceptions import ApplicationError, ForbiddenError
from tests.config.test_settings import _clean_env, _run_manage

pytestmark = pytest.mark.django_db


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_masks() -> None:  # SEC-26
    assert crypto.mask_phone("13812345678") == "138****5678"
    assert crypto.mask_email("zhang.san@example.com") == "z***@example.com"
    assert crypto.mask_phone("12345") == "*****"


def test_the_database_holds_only_ciphertext(qa_manager, client_a) -> None:
    """SEC-26: raw SQL reads ciphertext in the table and in its history; Python reads the
    clear text."""
    contact = contact_save(
        actor=qa_manager,
        client_id=client_a.pk,
        name="张三",
        position="采购经理",
        phone="13812345678",
        email="zhang.san@example.com",
    )
    for table in ("clients_clientcontact", "clients_historicalclientcontact"):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT phone, email FROM {table} WHERE id = %s", [contact.pk])  # noqa: S608
            phone, email = cursor.fetchone()
        assert phone.startswith("fernet:") and "13812345678" not in phone
        assert email.startswith("fernet:") and "example.com" not in email
    fresh = ClientContact.objects.get(pk=contact.pk)
    assert (fresh.phone, fresh.email) == ("13812345678", "zhang.san@example.com")
    assert fresh.phone_masked == "138****5678"


def test_keys_rotate(settings, qa_manager, client_a) -> None:
    """SEC-26: a new key goes in front; old values still decrypt; the command re-encrypts
    them under the new key, after which the old key can go."""
    contact = contact_save(
        actor=qa_manager, client_id=client_a.pk, name="李四", phone="13900001111"
    )
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    assert ClientContact.objects.get(pk=contact.pk).phone == "13900001111"
    call_command("rotate_field_keys")
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert ClientContact.objects.get(pk=contact.pk).phone == "13900001111"
    assert raw("clients_clientcontact", "phone", contact.pk).startswith("fernet:")


def test_lists_show_masked_values(client, qa_manager, client_a) -> None:
    """SEC-26: the contacts page and API show 138****5678 and z***@example.com only."""
    contact_save(
        actor=qa_manager,
        client_id=client_a.pk,
        name="王五",
        phone="13812345678",
        email="zhang@example.com",
    )
    client.force_login(qa_manager)
    page = client.get(reverse("clients:contacts")).content.decode()
    assert "138****5678" in page and "z***@example.com" in page
    assert "13812345678" not in page and "zhang@example.com" not in page
    api = APIClient()
    api.force_authenticate(qa_manager)
    row = api.get(reverse("api:clients-contact-list")).json()["results"][0]
    assert (row["phone"], row["email"]) == ("138****5678", "z***@example.com")


def test_contact_access_is_for_relations_staff(
    client, consultant, client_user, qa_manager, client_b
):
    """CRM-1: access limited by role; a foreign client is refused."""
    client.force_login(consultant)
    assert client.get(reverse("clients:contacts")).status_code == 403
    api = APIClient()
    api.force_authenticate(client_user)
    assert api.get(reverse("api:clients-contact-list")).status_code == 403
    with pytest.raises(ForbiddenError):
        contact_save(actor=client_user, client_id=client_b.pk, name="x")
    with pytest.raises(ApplicationError) as bad:
        contact_save(actor=qa_manager, client_id=client_b.pk, name="x", phone="call me")
    assert "phone" in bad.value.extra


def test_a_client_user_keeps_their_phone_in_the_portal(client, client_user) -> None:
    """CRM-1/SEC-25: the client user corrects their own phone and position; it is stored
    encrypted and the history keeps the versions."""
    client.force_login(client_user)
    response = client.post(
        reverse("portal:profile_contact"),
        {"profile-phone": "13700002222", "profile-position": "项目联络人"},
    )
    assert response.status_code == 302
    contact = ClientContact.objects.get(user=client_user)
    assert contact.phone == "13700002222" and contact.client_id == client_user.client_id
    assert "13700002222" not in raw("clients_clientcontact", "phone", contact.pk)
    profile_update(actor=client_user, position="项目联络人", phone="13700003333")
    assert contact.history.count() == 2
    assert "13700003333" in client.get(reverse("portal:profile")).content.decode()


def test_production_refuses_to_start_without_a_key(tmp_path) -> None:
    """SEC-26: no default key in production."""
    env = _clean_env(
        tmp_path,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="engageqc.example.com",
    )
    env.pop("ENGAGEQC_FIELD_KEYS", None)
    result = _run_manage("check", env=env)
    assert result.returncode != 0 and "ENGAGEQC_FIELD_KEYS" in result.stderr
    env["ENGAGEQC_FIELD_KEYS"] = "not-a-key"
    result = _run_manage("check", env=env)
    assert result.returncode != 0 and "Fernet" in result.stderr


@pytest.mark.parametrize("size", [2, 12])
def test_the_contact_list_query_count_does_not_grow(
    client, qa_manager, client_a, django_assert_max_num_queries, size
):
    for n in range(size):
        contact_save(
            actor=qa_manager, client_id=client_a.pk, name=f"联系人{n}", phone="13812345678"
        )
    client.force_login(qa_manager)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("clients:contacts")).status_code == 200
    api = APIClient()
    api.force_authenticate(qa_manager)
    with django_assert_max_num_queries(8):
        assert api.get(reverse("api:clients-contact-list")).status_code == 200
