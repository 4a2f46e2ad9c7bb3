"""Fixtures of the clients tests: English messages, relations staff, files to upload, and
consenting client users."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from clients.services.consents import consent_grant
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def signer(db):
    return UserFactory(username="signer", roles=["admin"])


@pytest.fixture
def users(project_manager, technical_director, legal_reviewer, signer, client_user) -> dict:
    return {
        "pm": project_manager,
        "technical_director": technical_director,
        "legal_reviewer": legal_reviewer,
        "signer": signer,
        "client": client_user,
    }


def pdf(name: str = "证据.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def big(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("big.pdf", PDF + b"0" * size, content_type="application/pdf")


@pytest.fixture
def consenting(client_user):
    """client_user agreed to surveys."""
    consent_grant(actor=client_user, person=client_user, purpose="surveys", channel="portal")
    return client_user


__all__ = ["PDF", "PNG", "big", "io", "pdf", "upload"]
