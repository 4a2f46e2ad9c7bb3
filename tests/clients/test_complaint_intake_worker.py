"""The portal complaint's intake through a real Celery worker (P3, CRM-3): the task
published when the POST commits starts the clocks and notifies the desk."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from rest_framework.test import APIClient

from clients.models import Complaint
from core.models import Notification, SlaClock
from tests.celery_process import celery_worker, wait_for, worker_log

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_real_worker_runs_the_intake_of_a_portal_complaint(client_user, qa_manager) -> None:
    api = APIClient()
    api.force_authenticate(client_user)
    body = {"nature": "service", "subject": "报告延误", "description": "交付的报告晚了两周。"}
    with celery_worker():
        created = api.post(reverse("api:clients-complaint-list"), body, format="json")
        assert created.status_code == 201, created.content
        complaint_id = created.json()["id"]
        done = wait_for(
            lambda: not Complaint.objects.filter(pk=complaint_id, intake_pending=True).exists(),
            timeout=45,
        )
    assert done, worker_log()
    clocks = SlaClock.objects.filter(
        content_type=ContentType.objects.get_for_model(Complaint), object_id=complaint_id
    )
    assert clocks.count() == 3
    assert Notification.objects.filter(
        recipient=qa_manager, event_key=f"complaint:{complaint_id}:received"
    ).exists()
