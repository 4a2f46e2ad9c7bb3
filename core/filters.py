"""Shared FilterSet base for the lists that must stay cheap per request (P1)."""

from __future__ import annotations

import copy
from typing import Any, ClassVar

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _


class _SharedFields(dict[str, forms.Field]):
    """A form class's fields that each form instance shares: Django's ``BaseForm.__init__``
    deep-copies ``base_fields``; for these it takes a new dict of the same field objects."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


class StaticFilterSet(django_filters.FilterSet):
    """A FilterSet whose filters are declared on the class and never altered per request.

    django-filter deep-copies every declared filter (labels, choices and all) and builds a new
    form class on each request; for a list served hundreds of times a second that is a third
    of the view's own time. Here each request gets shallow copies of the filters (each copy
    still gets its own ``parent`` and ``model``), and the form class is built once per
    FilterSet class, and its form instances share that class's fields instead of deep-copying
    them (choices, widgets and all) as every Django form does: no view alters a filter form's
    fields, and cleaning a value reads a field without changing it (P1)."""

    _form_class_cache: ClassVar[dict[type, type[forms.Form]]] = {}

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[Any] | None = None,
        *,
        request: Any = None,
        prefix: str | None = None,
    ) -> None:
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(f) for name, f in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self
            if filter_.method is not None:
                # Re-bind the method wrapper to this copy (it resolves ``parent`` lazily).
                filter_.method = filter_.method

    def get_form_class(self) -> type[forms.Form]:
        cls = type(self)
        form_class = StaticFilterSet._form_class_cache.get(cls)
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = _SharedFields(form_class.base_fields)
            StaticFilterSet._form_class_cache[cls] = form_class
        return form_class


# The largest id a 64-bit primary key can hold; larger numbers are refused, not sent to SQL.
MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A filter on a row id: a whole number from 1 to :data:`MAX_ID`, else a 400 (SEC-23).

    Unlike ``NumberFilter`` (a Decimal) it cannot carry ``1e300`` or ``0.5`` into the query."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class _StrictBooleanField(forms.Field):
    TRUE = frozenset({"true", "True", "1"})
    FALSE = frozenset({"false", "False", "0"})

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        if value in self.TRUE:
            return True
        if value in self.FALSE:
            return False
        raise forms.ValidationError(_("Use true or false."), code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    """A yes/no filter that refuses anything but true/false/1/0 with a 400 (SEC-23), where
    django-filter's own quietly ignores ``?is_deliverable=maybe``."""

    field_class = _StrictBooleanField
