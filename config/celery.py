"""The Celery app. Broker and options come from Django settings (``CELERY_*``).

Every published message carries a ``published_at`` header: the heartbeat task reads it to
tell when beat last published, and so /healthz can report beat and worker freshness apart.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.signals import before_task_publish
from django.utils import timezone

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("engageqc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@before_task_publish.connect
def _stamp_published_at(headers: dict[str, Any] | None = None, **_: Any) -> None:
    if headers is not None:
        headers.setdefault("published_at", timezone.now().isoformat())
