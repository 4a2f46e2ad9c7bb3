from __future__ import annotations

from django.db import models


class BareItem(models.Model):
    nature = models.CharField(max_length=20)
    subject = models.CharField(max_length=200)
    description = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "bare"
        db_table = "bench_bare_item"
        managed = False

    def __str__(self) -> str:
        return self.subject
