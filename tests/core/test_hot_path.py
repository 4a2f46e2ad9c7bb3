"""The portal complaint POST's hot path (P3) writes and reads exactly what the ORM would:
the once-compiled inserts against ``save()`` with django-simple-history, the once-built
token query against ``select_related``, the once-built serializer fields against DRF's."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models.expressions import DatabaseDefault
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from clients.api.serializers import ComplaintLogSerializer, ComplaintSerializer
from clients.models import Complaint
from core.api.authentication import token_with_user
from core.inserts import insert, insert_with_history

pytestmark = pytest.mark.django_db

IGNORED = {"id", "reference", "history_id", "history_date", "created_at", "updated_at"}
RECEIVED = timezone.now().replace(microsecond=0)  # one time for every row compared


def _complaint(client, user, reference: str) -> Complaint:
    return Complaint(
        client=client,
        reference=reference,
        channel="portal",
        nature="service",
        severity="general",
        subject="报告延误",
        description="交付的报告晚了两周。",
        received_at=RECEIVED,
        submitted_by=user,
        contact_name="王女士",
        intake_pending=True,
    )


def _row(model, pk) -> dict:
    values = model.objects.filter(pk=pk).values().get()
    return {name: value for name, value in values.items() if name not in IGNORED}


def test_insert_with_history_writes_what_save_writes(client_user):
    """P3: the row and its "+" history record equal those of ``save()``, primary key and
    timestamps set on the instance, in two statements."""
    saved = _complaint(client_user.client, client_user, "TS-SAVE")
    saved._history_user = client_user
    saved.save()
    fast = _complaint(client_user.client, client_user, "TS-FAST")
    with CaptureQueriesContext(connection) as ctx:
        record = insert_with_history(fast, user=client_user)
    assert len([q for q in ctx.captured_queries if "INSERT" in q["sql"]]) == 2
    assert fast.pk and fast.created_at and not fast._state.adding
    assert _row(Complaint, fast.pk) == _row(Complaint, saved.pk)
    history = Complaint.history.model
    (saved_record,) = saved.history.all()
    assert record.pk == fast.history.get().pk
    assert _row(history, record.pk) == _row(history, saved_record.pk)
    assert model_to_dict(fast.history.get().instance)["subject"] == "报告延误"


def test_insert_refuses_a_database_default_it_would_lose(client_user):
    complaint = _complaint(client_user.client, client_user, "TS-DBDEFAULT")
    field = Complaint._meta.get_field("intake_pending")
    # What a field with only a database default holds before the insert.
    complaint.intake_pending = DatabaseDefault(field._db_default_expression, output_field=field)
    with pytest.raises(TypeError, match="intake_pending"):
        insert(complaint)


@pytest.mark.parametrize("who", ["client_user", "qa_manager"])
def test_the_token_query_loads_what_select_related_loads(who, request):
    """P3: one query gives the token, its user and the user's client (None for staff),
    every field converted as the ORM converts it (SQLite included)."""
    user = request.getfixturevalue(who)
    key = Token.objects.create(user=user).key
    with CaptureQueriesContext(connection) as ctx:
        fast = token_with_user(key)
        assert fast is not None
        fast_user, fast_client = fast.user, fast.user.client
    assert len(ctx.captured_queries) == 1
    orm = Token.objects.select_related("user", "user__client").get(key=key)
    assert model_to_dict(fast) == model_to_dict(orm) and fast.created == orm.created
    assert {**model_to_dict(fast_user), "groups": None} == {
        **model_to_dict(orm.user),
        "groups": None,
    }
    assert fast_user.last_login == orm.user.last_login
    assert fast_user.date_joined == orm.user.date_joined
    if orm.user.client is None:
        assert fast_client is None
    else:
        assert model_to_dict(fast_client) == model_to_dict(orm.user.client)
    assert token_with_user("no-such-key") is None


def test_a_token_of_an_unknown_or_deactivated_user_is_refused(client_user):  # SEC-6
    key = Token.objects.create(user=client_user).key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}x")
    assert api.get("/api/clients/complaints/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/clients/complaints/").status_code == 200
    client_user.is_active = False
    client_user.save(update_fields=["is_active"])
    assert api.get("/api/clients/complaints/").status_code == 401


def test_fields_built_once_serialize_as_drf_builds_them(client_user):
    """P3: the complaint's fields are built once per class; each serializer gets its own
    unbound copies, and the output equals a plain ModelSerializer's."""
    from rest_framework import serializers

    class Plain(serializers.ModelSerializer):
        class Meta:
            model = Complaint
            fields = ComplaintSerializer.Meta.fields
            read_only_fields = fields

    complaint = _complaint(client_user.client, client_user, "TS-SER")
    complaint.save()
    first, second = ComplaintSerializer(complaint), ComplaintSerializer(complaint)
    assert first.data == Plain(complaint).data
    assert all(first.fields[n] is not second.fields[n] for n in first.fields)
    assert first.fields["nature"].parent is first and second.fields["nature"].parent is second
    log = ComplaintLogSerializer(data={"client": 1, "channel": "phone"})
    assert not log.is_valid() and {"nature", "contact_name", "severity"} <= set(log.errors)
