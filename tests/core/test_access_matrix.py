"""The permission matrix (SEC-1, SEC-2, SEC-3): every page and API endpoint of the URL conf ×
anonymous / wrong role / another client / allowed, from the declarative entries in
tests/access_matrix.py, against one world built once for the module (tests/access_world.py).

* anonymous → 401 on the API; 403 or a redirect to the login page on HTML pages (SEC-1);
* wrong role → 403 or 404;
* another client's (or another team's) object → 404, exactly like a missing one (SEC-2);
  a write whose empty body is refused before the object is looked up must answer exactly as
  it does for a missing object, so nothing tells the two apart (SEC-2, SEC-3);
* allowed → 2xx (or a redirect) for reads, and for writes whose entry holds a valid body
  (a page's redirect without an error flashed: pages answer a refused step that way);
  a write without one (tried with an empty body) only has to get past the gate (not
  401/403/404/405, never 5xx);
* with a valid body a write is refused by the gate alone: wrong role → 403/404, another
  client → 404, never a 400 from validating what the actor may not send (SEC-1, SEC-3).

Each request runs in its own savepoint, rolled back afterwards: the world never changes.
``ENGAGEQC_MATRIX_FULL=1`` tries every refused and every allowed actor instead of the
representative ones (the default keeps CI fast)."""

from __future__ import annotations

import json
import os
import time
import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import pytest
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone

from tests.access import PUBLIC, Route, concrete, is_framework_route, walk
from tests.access_kinds import guess_kind
from tests.access_matrix import MATRIX, E
from tests.access_world import ACTORS, PDF, World, build_world
from tests.factories import TEST_PASSWORD

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as HttpResponse

FULL = os.environ.get("ENGAGEQC_MATRIX_FULL") == "1"
# Public on purpose, beyond tests/access.PUBLIC: the signed, expiring token is the credential
# (SEC-21); tests/clients/test_surveys.py covers it.
TOKEN_ROUTES = {"portal:survey_token", "api:clients-survey-token"}
A_SIDE = [name for name, (_role, side) in ACTORS.items() if side == "a"]
TWIN = {"consultant": "consultant_b", "pm": "pm_b", "lead": "lead_b", "client": "client_b"}
# The staff role most likely to slip through first: the scoped ones, then the firm-wide.
STAFF_ORDER = ["consultant", "lead", "pm", "legal", "td", "qa", "admin"]
WRITE_REFUSED_EARLY = {400, 415}
# Firm-wide for relations staff; the tenant boundary is the client organisation.
# Support requests too (CRM-5: relations staff see every client's).
CLIENT_RECORDS = {
    "complaint",
    "complaint_feedback",
    "complaint_attachment",
    "survey",
    "consent",
    "client",
    "support_request",
}


def _routes() -> dict[str, Route]:
    return {
        r.name: r
        for r in walk()
        if r.name not in PUBLIC and r.name not in TOKEN_ROUTES and not is_framework_route(r)
    }


ROUTES = _routes()


def _others(entry: E, method: str) -> list[str]:
    """Client B's twins of the actors allowed here: the object is not theirs."""
    if entry.obj is None or not entry.scoped:
        return []
    allowed = entry.allowed(method)
    twins = [TWIN[a] for a in A_SIDE if a in allowed and a in TWIN]
    if entry.others is None and entry.obj in CLIENT_RECORDS:
        return [t for t in twins if t == "client_b"]
    if entry.others is not None:
        return [t for t in entry.others.split() if t in twins]
    return twins


def _cases() -> Iterator[tuple[str, str]]:
    for name in sorted(ROUTES):
        entry = MATRIX.get(name)
        if entry is None:
            continue
        yield name, "anonymous"
        if any(_refused(entry, m) for m in _methods(entry)):
            yield name, "wrong_role"
        if any(_others(entry, m) for m in _methods(entry)):
            yield name, "other_client"
        if any(entry.allowed(m) for m in _methods(entry)):
            yield name, "allowed"


def _methods(entry: E) -> list[str]:
    return entry.methods.split()


def _refused(entry: E, method: str) -> list[str]:
    refused = [a for a in A_SIDE if a not in entry.allowed(method)]
    if FULL:
        return refused
    picked: list[str] = [a for a in ("outsider", "client") if a in refused]
    picked += [a for a in STAFF_ORDER if a in refused][:1]
    return picked


def _allowed(entry: E, method: str) -> list[str]:
    allowed = [a for a in A_SIDE if a in entry.allowed(method)]
    return allowed if FULL else allowed[:1]


def test_every_url_has_a_matrix_entry() -> None:
    """A new endpoint must be added to the matrix (SEC-1, SEC-2); a removed one, taken out."""
    missing = sorted(set(ROUTES) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(ROUTES))
    lines = []
    for name in missing:
        kind = guess_kind(ROUTES[name].route)
        kind_arg = f', "{kind}"' if kind else ""
        lines.append(
            f'    "{name}": E("<who may use it, e.g. pm admin>"{kind_arg}, methods="GET"),'
        )
    assert not missing, (
        f"{len(missing)} URL name(s) have no permission-matrix entry. Add to MATRIX in "
        "tests/access_matrix.py (see its docstring):\n" + "\n".join(lines)
    )
    assert not stale, f"MATRIX names URLs that no longer exist: {stale}"


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """Built once, inside a transaction rolled back when the module ends; each test's own
    transaction (and each request's savepoint) nests inside it."""
    from django.conf import settings

    media = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("matrix-media")
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
    settings.MEDIA_ROOT = media


def _fill(value: Any, world: World, actor: str | None = None) -> Any:
    """A body template's placeholders → the world's values: ``@today``, ``@now``, ``@year``,
    ``@password`` (every world user's), ``@user.<actor>`` (that user's id), ``@<kind>`` (the
    world object's id, or the value itself when it is not a model row); a ``"..."`` key merges
    the dict its placeholder names into the body. ``@otp`` / ``@otp_pending``: a current code
    of an authenticator enrolled (confirmed, or awaiting confirmation) for the acting user —
    written inside the request's savepoint, so the world's users stay without a second factor
    (enrolling one for good would refuse the enrolment entries and add a code to every
    sign-off of that user)."""
    if isinstance(value, dict):
        filled = {k: _fill(v, world, actor) for k, v in value.items() if k != "..."}
        return {**(_fill(value["..."], world, actor) if "..." in value else {}), **filled}
    if isinstance(value, list):
        return [_fill(v, world, actor) for v in value]
    if not (isinstance(value, str) and value.startswith("@")):
        return value
    key = value[1:]
    if key in ("otp", "otp_pending"):
        return _otp(world, actor, confirmed=key == "otp")
    now = timezone.now()
    # The firm's calendar day (TIME_ZONE), as the services judge "not in the past": the UTC
    # date is a day behind for eight hours each night.
    today = timezone.localdate(now)
    special: dict[str, Any] = {
        "today": today.isoformat(),
        "now": now.isoformat(),
        "year": today.year,
        "password": TEST_PASSWORD,
    }
    if key == "file":  # a fresh upload each time: the body is then sent as multipart
        unique = PDF + f"% {time.monotonic_ns()}\n".encode()  # never a copy of a version
        return SimpleUploadedFile("matrix.pdf", unique, content_type="application/pdf")
    if key in special:
        return special[key]
    if key.startswith("user."):
        return world.users[key.removeprefix("user.")].pk
    found = world.objects[key]
    return found.pk if hasattr(found, "pk") else found


def _otp(world: World, actor: str | None, *, confirmed: bool) -> str:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.otp import code, enrol

    if actor is None:
        return "000000"
    user = world.users[actor]
    if confirmed:
        return code(enrol(user))
    return code(TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False))


def _request(
    world: World,
    route: Route,
    method: str,
    actor: str | None,
    *,
    missing: bool = False,
    body: str | None = None,
    after: Callable[[], None] | None = None,
) -> HttpResponse:
    """``body`` None: the entry's valid body when it has one, else an empty one."""
    entry = MATRIX[route.name]
    if missing:
        values: dict[str, object] = {p: 999_999_999 for p in route.params}
        values.update(
            {k: v for k, v in world.kwargs.get(entry.obj or "", {}).items() if k in ("action",)}
        )
    else:
        values = dict(world.kwargs[entry.obj]) if entry.obj else {}
        if len(route.params) == 1 and route.params[0] not in values and len(values) == 1:
            values = {route.params[0]: next(iter(values.values()))}
    path = concrete(route.route, values)
    browser = Client()
    if actor:
        browser.force_login(world.users[actor])
    sid = transaction.savepoint()
    try:
        write = method != "GET"
        data = (
            _fill(entry.body, world, actor)
            if write and body is None and entry.body is not None
            else None
        )
        if data and any(isinstance(v, UploadedFile) for v in data.values()):
            response = browser.generic(
                method,
                path,
                encode_multipart(BOUNDARY, data),
                content_type=MULTIPART_CONTENT,
                HTTP_ACCEPT="application/json" if route.is_api else "text/html",
            )
        elif route.is_api:
            if body is None:
                body = json.dumps(data) if data is not None else "{}"
            response = browser.generic(
                method,
                path,
                "" if method == "GET" else body,
                content_type="application/json",
                HTTP_ACCEPT="application/json",
            )
        elif method == "GET":
            response = browser.get(path, HTTP_ACCEPT="text/html")
        else:
            form = urlencode(data or {}, doseq=True) if body is None else body
            response = browser.generic(
                method, path, form, content_type="application/x-www-form-urlencoded"
            )
        if after is not None:
            after()  # inside the savepoint: sees what the request wrote
        return response
    finally:
        transaction.savepoint_rollback(sid)


def _where(name: str, method: str, actor: str | None, response: HttpResponse) -> str:
    location = f" → {response['Location']}" if response.has_header("Location") else ""
    return f"{name} {method} as {actor or 'anonymous'}: {response.status_code}{location}"


def _to_login(response: HttpResponse) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("name", "case"), list(_cases()), ids=lambda v: str(v))
def test_permission_matrix(name: str, case: str, world: World, db: None) -> None:
    route = ROUTES[name]
    entry = MATRIX[name]
    for method in _methods(entry):
        write = method != "GET"
        if case == "anonymous":  # SEC-1
            response = _request(world, route, method, None)
            if route.is_api:
                assert response.status_code == 401, _where(name, method, None, response)
            else:
                assert _to_login(response) or response.status_code in (401, 403), _where(
                    name, method, None, response
                )
        elif case == "wrong_role":
            for actor in _refused(entry, method):
                response = _request(world, route, method, actor)
                _assert_refused(world, route, method, actor, response, write=write)
        elif case == "other_client":  # SEC-2, SEC-3
            for actor in _others(entry, method):
                response = _request(world, route, method, actor)
                if response.status_code != 404:
                    _assert_same_as_missing(world, route, method, actor, response, write=write)
        else:
            for actor in _allowed(entry, method):
                response = _request(world, route, method, actor)
                where = _where(name, method, actor, response)
                status = response.status_code
                assert status < 500, where
                if str(status) in entry.ok.split():
                    continue
                if write and entry.body is None:
                    assert status not in (401, 403, 404, 405), where
                else:
                    assert 200 <= status < 300 or (status == 302 and not _to_login(response)), (
                        f"{where} {_said(response)}"
                    )
                    if write and entry.body is not None and not route.is_api:
                        refused = _flashed_errors(response)
                        assert not refused, f"{where} but refused: {refused}"


def _flashed_errors(response: HttpResponse) -> list[str]:
    """The error messages a page flashed: many pages answer a refused step with a redirect
    and a message, so the redirect alone does not prove the step was taken."""
    storage = getattr(response.wsgi_request, "_messages", None)
    return [str(m) for m in storage or [] if m.level >= messages.ERROR]


def _said(response: HttpResponse) -> str:
    """The start of a JSON answer's body, to tell why a write was refused."""
    if response.get("Content-Type", "").startswith("application/json"):
        return response.content.decode(errors="replace")[:300]
    return ""


def _assert_refused(
    world: World, route: Route, method: str, actor: str, response: HttpResponse, *, write: bool
) -> None:
    if response.status_code in (403, 404):
        return
    _assert_same_as_missing(world, route, method, actor, response, write=write)


def _assert_same_as_missing(
    world: World, route: Route, method: str, actor: str, response: HttpResponse, *, write: bool
) -> None:
    """An empty write body may be refused (400/415) before the object is looked up; then the
    answer must be the one a missing object gets, so the object's existence does not show.
    A valid body leaves the gate alone to refuse: only 403/404 then (SEC-1, SEC-3)."""
    where = _where(route.name, method, actor, response)
    valid = MATRIX[route.name].body is not None
    assert write and not valid and response.status_code in WRITE_REFUSED_EARLY, (
        f"expected 403/404: {where} {_said(response)}"
    )
    missing = _request(world, route, method, actor, missing=True)
    assert missing.status_code == response.status_code, (
        f"answers differently for a missing object ({missing.status_code}): {where}"
    )


# SEC-4: fields that change only through services, whatever a request body says.
PROTECTED = (
    "status",
    "stage",
    "signer_id",
    "signed_by_id",
    "score",
    "client_id",
    "confidentiality",
    "created_by_id",
    "project_manager_id",
    "owner_id",
    "level_id",
    "verdict",
)
EDITS = [
    (name, method)
    for name, entry in sorted(MATRIX.items())
    if name in ROUTES and ROUTES[name].is_api and entry.obj
    for method in _methods(entry)
    if method in ("PUT", "PATCH")
]


@pytest.mark.parametrize(("name", "method"), EDITS, ids=lambda v: str(v))
def test_extra_keys_in_an_edit_leave_protected_fields_unchanged(
    name: str, method: str, world: World, db: None
) -> None:
    """SEC-4: a PUT/PATCH carrying status, signer, score, client, confidentiality or owner
    keys (valid-looking values) changes none of them; only services move them."""
    route, entry = ROUTES[name], MATRIX[name]
    obj = world.objects[entry.obj or ""]
    fields = [f for f in PROTECTED if hasattr(obj, f)]
    stranger = world.users["pm_b"].pk
    body = json.dumps(
        {
            "status": "closed",
            "stage": "closed",
            "signer": stranger,
            "signed_by": stranger,
            "score": 100,
            "client": world.objects["engagement_b"].client_id,
            "confidentiality": "public",
            "created_by": stranger,
            "project_manager": stranger,
            "owner": stranger,
            "verdict": "pass",
        }
    )
    before = {f: getattr(obj, f) for f in fields}
    after: dict[str, object] = {}

    def snapshot() -> None:
        fresh = type(obj).objects.get(pk=obj.pk)
        after.update({f: getattr(fresh, f) for f in fields})

    actor = _allowed(entry, method)[0]
    response = _request(world, route, method, actor, body=body, after=snapshot)
    assert response.status_code < 500, _where(name, method, actor, response)
    assert after == before, _where(name, method, actor, response)


WRITES = [
    (name, method)
    for name, entry in sorted(MATRIX.items())
    if name in ROUTES and ROUTES[name].is_api
    for method in _methods(entry)
    if method != "GET" and entry.allowed(method)
]
MALFORMED = ["{not json", "[1, 2]", '"text"', "null", '{"id": 1e400, "pk": [], "name": {}}']


@pytest.mark.parametrize(("name", "method"), WRITES, ids=lambda v: str(v))
def test_malformed_bodies_never_yield_a_server_error(
    name: str, method: str, world: World, db: None
) -> None:
    """SEC-23: broken JSON, a list, a bare string, null or absurd values sent to every API
    write by an actor who may use it → a clear 4xx (or a harmless success), never a 500."""
    route, entry = ROUTES[name], MATRIX[name]
    actor = _allowed(entry, method)[0]
    for body in MALFORMED:
        response = _request(world, route, method, actor, body=body)
        assert response.status_code < 500, f"{_where(name, method, actor, response)} body={body}"
        if response.status_code == 400:
            assert "error" in response.json(), _where(name, method, actor, response)


LISTS = [
    (name, actor)
    for name, entry in sorted(MATRIX.items())
    if name in ROUTES and entry.obj is None and "GET" in _methods(entry)
    for twin, actor in TWIN.items()
    if twin in entry.readers
    # The clients app's lists are firm-wide for relations staff (see CLIENT_RECORDS).
    and (actor == "client_b" or not name.startswith(("clients:", "api:clients-", "api:client-")))
]


@pytest.mark.parametrize(("name", "actor"), LISTS, ids=lambda v: str(v))
def test_lists_never_show_another_clients_records(
    name: str, actor: str, world: World, db: None
) -> None:
    """SEC-2 for lists, boards, dashboards and searches: client B's user, and staff working only
    on client B's engagement, never see client A's engagement or complaint."""
    engagement = world.objects["engagement"]
    markers = [engagement.code, engagement.title, "矩阵投诉"]
    if actor == "client_b":
        markers.append(world.objects["client_a"].name)
    response = _request(world, ROUTES[name], "GET", actor)
    if response.status_code != 200 or response.streaming:
        return
    body = response.content.decode(errors="replace")
    leaked = [m for m in markers if m in body]
    assert not leaked, f"{_where(name, 'GET', actor, response)} shows {leaked}"


# Write entries still tried with an empty body only (see E.body). It must never grow.
WRITES_WITHOUT_BODY = 0
# Entries still accepting 409 for an allowed actor (see the comment above MATRIX). It must
# never grow.
CONFLICTS_ACCEPTED = 0


def test_write_bodies_ratchet() -> None:
    """SEC-1, SEC-3: every write entry should carry a valid body, so that the allowed actor is
    proven to succeed and the refused ones to be stopped by the gate, not by validation. The
    entries still without one may not grow in number."""
    missing = sorted(
        name
        for name, entry in MATRIX.items()
        if name in ROUTES
        and entry.body is None
        and any(m != "GET" and entry.allowed(m) for m in _methods(entry))
    )
    assert len(missing) <= WRITES_WITHOUT_BODY, (
        f"{len(missing)} write entries have no body (recorded: {WRITES_WITHOUT_BODY}); give the "
        "new ones a valid body in tests/access_matrix.py:\n" + "\n".join(missing)
    )
    if len(missing) < WRITES_WITHOUT_BODY:
        warnings.warn(f"Lower WRITES_WITHOUT_BODY to {len(missing)}", stacklevel=1)


def test_conflicts_ratchet() -> None:
    """SEC-1, SEC-3: an allowed write answered 409 proves only that the gate let it through;
    the world holds an object in the state each step needs, so the entries still accepting
    409 may not grow in number."""
    accepting = sorted(
        name for name, entry in MATRIX.items() if name in ROUTES and "409" in entry.ok.split()
    )
    assert len(accepting) <= CONFLICTS_ACCEPTED, (
        f"{len(accepting)} entries accept 409 (recorded: {CONFLICTS_ACCEPTED}); point them at "
        "a world kind in the state their step needs (tests/access_world_stages.py):\n"
        + "\n".join(accepting)
    )
    if len(accepting) < CONFLICTS_ACCEPTED:
        warnings.warn(f"Lower CONFLICTS_ACCEPTED to {len(accepting)}", stacklevel=1)
