"""The cheap FilterSet base (P1) and the list's date format behave like what they replace."""

from __future__ import annotations

from datetime import UTC, datetime

import django_filters
import pytest
from django.http import QueryDict
from django.utils import timezone
from rest_framework import serializers

from engagements.api.serializers import _when
from engagements.choices import Stage
from engagements.filters import EngagementFilter
from engagements.models import Engagement


class _PlainEngagementFilter(django_filters.FilterSet):
    """The same declarations on django-filter's own base, as the reference."""

    stage = django_filters.ChoiceFilter(choices=Stage.choices)
    q = django_filters.CharFilter(method="search")
    search = EngagementFilter.search

    class Meta:
        model = Engagement
        fields = ["stage"]


@pytest.mark.django_db
def test_each_request_gets_its_own_filters_bound_to_itself(engagement_a, engagement_b):
    first = EngagementFilter(QueryDict("stage=lead"), queryset=Engagement.objects.all())
    second = EngagementFilter(QueryDict("stage=execution"), queryset=Engagement.objects.all())
    assert first.filters["stage"] is not second.filters["stage"]
    assert first.filters["stage"].parent is first
    assert second.filters["stage"].parent is second
    assert not hasattr(EngagementFilter.base_filters["stage"], "parent")
    assert first.form is not second.form


@pytest.mark.django_db
def test_results_and_errors_match_django_filter(engagement_a, engagement_b):
    Engagement.objects.filter(pk=engagement_b.pk).update(stage="execution")
    for query in ("stage=execution", "stage=lead", "stage=nonsense", "q=" + engagement_a.code):
        ours = EngagementFilter(QueryDict(query), queryset=Engagement.objects.all())
        plain = _PlainEngagementFilter(QueryDict(query), queryset=Engagement.objects.all())
        assert ours.is_valid() == plain.is_valid(), query
        if ours.is_valid():
            assert sorted(ours.qs.values_list("pk", flat=True)) == sorted(
                plain.qs.values_list("pk", flat=True)
            ), query
        else:
            assert ours.errors == plain.errors


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
def test_list_dates_are_formatted_as_drf_formats_them(zone):
    field = serializers.DateTimeField()
    value = datetime(2026, 11, 22, 3, 4, 5, 678901, tzinfo=UTC)
    with timezone.override(zone):
        assert _when(value, timezone.get_current_timezone()) == field.to_representation(value)
    assert _when(None, UTC) is None


@pytest.mark.django_db
def test_filter_forms_share_their_fields_and_still_clean_each_request_apart():
    """P1: form instances share the class's fields (no per-request deep copy), yet each
    request's values, errors and cleaned data stay its own."""
    bad = EngagementFilter(QueryDict("stage=nonsense"), queryset=Engagement.objects.all())
    good = EngagementFilter(QueryDict("stage=lead"), queryset=Engagement.objects.all())
    assert bad.form.fields["stage"] is good.form.fields["stage"]
    assert bad.form.fields is not good.form.fields
    assert not bad.is_valid() and "stage" in bad.errors
    assert good.is_valid() and good.form.cleaned_data["stage"] == "lead"
    assert "nonsense" not in str(good.form["stage"])


def test_shared_filter_fields_still_label_choices_in_each_requests_language():
    """P1: the shared fields keep lazy labels, so each request renders in its own language."""
    from django.utils import translation

    labels = {}
    for lang in ("zh-hans", "en", "zh-hans"):
        with translation.override(lang):
            form = EngagementFilter(QueryDict(), queryset=Engagement.objects.none()).form
            labels.setdefault(lang, set()).add(str(dict(form.fields["stage"].choices)["lead"]))
    assert labels == {"zh-hans": {"项目信息"}, "en": {"Lead"}}
