"""Seed the helpdesk peer: one queue, one staff user with a DRF token, and tickets up to the
count given (set-based SQL). Prints "<queue id> <token>". Runs in the peer's own venv."""

import os
import sys

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "peer_settings"
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from helpdesk.models import Queue  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

total = int(sys.argv[1])
queue, _ = Queue.objects.get_or_create(slug="bench", defaults={"title": "Bench"})
user, created = User.objects.get_or_create(
    username="peer-staff", defaults={"is_staff": True, "is_superuser": True}
)
token, _ = Token.objects.get_or_create(user=user)
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM helpdesk_ticket")
    have = cursor.fetchone()[0]
    if have < total:
        cursor.execute(
            """
            INSERT INTO helpdesk_ticket (title, created, modified, submitter_email, status, on_hold,
                description, resolution, priority, queue_id, secret_key)
            SELECT '规模投诉 ' || g, timestamptz '2024-01-01' + (g || ' minutes')::interval, now(),
                   'c' || g || '@client.bench', 1 + g %% 4, false, '规模投诉的描述 ' || g, '', 3, %s,
                   md5(g::text)
            FROM generate_series(%s, %s) AS g
            """,
            [queue.pk, have + 1, total],
        )
        cursor.execute("ANALYZE helpdesk_ticket")
print(queue.pk, token.key)
