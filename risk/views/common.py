"""Helpers shared by the risk pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from core.exceptions import ApplicationError
from core.navigation import ROLES_FOR
from core.types import AuthedHttpRequest

RISK_ROLES = ROLES_FOR["risk"]


def add_service_error(form: forms.Form, exc: ApplicationError) -> None:
    placed = False
    for name, errors in exc.extra.items():
        if name in form.fields:
            for error in errors if isinstance(errors, list) else [errors]:
                form.add_error(name, str(error))
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def form_page(
    request: AuthedHttpRequest,
    *,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    title: str,
    done: str,
    back_url: str,
    next_url: Callable[[Any], str],
    template: str = "risk/form_page.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET shows the form; a valid POST calls the service and redirects; invalid input or a
    refusal shows the form again with the reasons (400/403/409), nothing saved."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = save(form.cleaned_data)
            except ApplicationError as exc:
                add_service_error(form, exc)
                status = exc.status_code
            else:
                messages.success(request, done)
                return redirect(next_url(result))
        else:
            status = 400
    context = {"form": form, "title": title, "back_url": back_url, **(extra or {})}
    return render(request, template, context, status=status)


def post_action(
    request: AuthedHttpRequest,
    *,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    back_url: str,
) -> HttpResponse:
    """Small forms on a detail page: do it and go back, with the outcome as a message."""
    if not form.is_valid():
        parts = []
        for name, errs in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            parts.append(f"{label} {' '.join(str(e) for e in errs)}".strip())
        errors = "; ".join(parts)
        messages.error(request, errors)
        return redirect(back_url)
    try:
        save(form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(back_url)
