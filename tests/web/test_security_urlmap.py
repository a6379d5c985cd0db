"""The cross-tenant sweep: every route of the URL map, with every role, on objects of agency A and its drafting unit.

The cases are generated from ``app.url_map`` (GET and POST of every rule but ``static``), so a new route is swept
without anybody remembering to: it gets its blueprint's policy unless POLICY_EXCEPTIONS says otherwise, and its URL
parameters must be in the tables below (a test fails, naming the parameter, when one is not).

What each outcome means:
- anonymous on a page that needs a login: a redirect to /login (or 401);
- a signed-in role outside the page's audience: 403 or 404, never 2xx, never 5xx, and not one row of any table
  changed (row counts and a checksum of every row, compared before and after);
- a role in the audience: a GET answers 2xx/3xx; a POST (sent with a valid CSRF token and an empty form) passes the
  access check and does not fail with a 5xx.
Every one of these responses also carries the security headers (CSP without inline scripts, frame-ancestors 'none',
nosniff, Referrer-Policy, no HSTS over HTTP, no-store when signed in); the error responses the sweep cannot reach
(CSRF, 405, 413, 500) and HTTPS are checked at the end of the file, with the templates themselves.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import url_for

from commentsvc import create_app
from commentsvc.accounts.models import LoginAttempt, User
from commentsvc.config import ROOT
from commentsvc.core.ids import IdConverter
from commentsvc.extensions import db as the_db
from tests.conftest import PASSWORD, FormClient, _base_config, _truncate_all
from tests.factories import Factory
from tests.web.security_helpers import (
    ROLES,
    Scene,
    add_admin,
    build_scene,
    changed_tables,
    header_problems,
    sign_in,
    snapshot,
)

# --- who may open what ------------------------------------------------------------------------------------------

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
ADMIN = frozenset({"admin"})
TEAM = frozenset({"drafter_owner"})  # the drafting team of the unit that owns the draft and consultations
DRAFTERS = frozenset({"drafter_owner", "drafter_other"})  # pages of "my own unit" without an object in the URL
AGENCY_MEMBERS = frozenset({"agency_a", "agency_b", "agency_outsider"})
RECIPIENTS = frozenset({"agency_a", "agency_b"})  # both agencies were consulted; each sees its own reply only
AGENCY_A = frozenset({"agency_a"})  # the URL names one of agency A's own objects (a comment, its submitted reply)

BLUEPRINT_POLICY = {
    "core": ADMIN,
    "accounts": ADMIN,
    "agencies": ADMIN,
    "units": ADMIN,
    "drafts": TEAM,
    "revisions": TEAM,
    "consultations": TEAM,
    "documents": TEAM,
    "tracking": TEAM,
    "paper": TEAM,
    "letters": TEAM,
    "agency_letters": RECIPIENTS,
    "synthesis": TEAM,
    "search": TEAM,
    "jobs": TEAM,  # a job's page, status and file: for those who may read the export it makes
    "responses": RECIPIENTS,
    "reports": TEAM,
    "report_results": TEAM,
    "report_tracking": TEAM,
    "report_filling": RECIPIENTS,
    "revisions_agency": RECIPIENTS,
}

POLICY_EXCEPTIONS = {
    "core.healthz": EVERYONE,
    "core.favicon": EVERYONE,
    "accounts.login": EVERYONE,
    "core.home": SIGNED_IN,
    "accounts.logout": SIGNED_IN,
    "accounts.change_password": SIGNED_IN,
    "agencies.index": SIGNED_IN,  # the directory is read by everyone signed in
    "drafts.index": DRAFTERS,
    "drafts.new": DRAFTERS,
    "consultations.index": DRAFTERS,
    "consultations.create": DRAFTERS,
    "responses.inbox": AGENCY_MEMBERS,
    "search.agency": AGENCY_MEMBERS,  # each agency searches what was sent to it
    "reports.index": DRAFTERS,
    "reports.create": DRAFTERS,
    "report_filling.inbox": AGENCY_MEMBERS,
    "responses.edit_comment": AGENCY_A,
    "responses.delete_comment": AGENCY_A,
    "responses.receipt_download": AGENCY_A,
    "responses.letter": AGENCY_A,
    "documents.agency_download": RECIPIENTS,  # the draft and its documents, to every agency consulted
    "documents.agency_draft": RECIPIENTS,
    "agency_letters.review": AGENCY_A,  # the token is agency A's own reading
    "agency_letters.letter_file": AGENCY_A,
}

# --- what goes in the URL ---------------------------------------------------------------------------------------

# URL argument -> key of Scene.ids (a real object of agency A or of the owning unit).
OBJECT_PARAMETERS = {
    "agency_id": "agency_a",
    "user_id": "user_a",
    "unit_id": "owner_unit",
    "consultation_id": "round1",  # closed round 1: submitted replies, a paper reply, dispositions
    "recipient_id": "recipient_a_round1",
    "reply_id": "reply_a_round1",
    "disposition_id": "disposition",
    "comment_id": "comment_a_round2",
    "draft_id": "draft",
    "clause_id": "clause_v1",
    "token": "import",
    "document_id": "document",
    "request_id": "report_request",  # an open report request to agencies A and B; A has typed figures
    "form_id": "report_form",
    "job_id": "job",
}
# URL argument -> the value itself (version numbers, positions, converter choices).
LITERAL_PARAMETERS = {
    "old": 1,
    "new": 2,
    "number": 1,
    "position": 0,
    "action": "kind",
    "change": "remove_row",
    "kind": "docx",
    "fmt": "xlsx",
}
# Routes whose object is another one of the scene: agencies comment on the open round 2; round 2 has a carry-over;
# closing and the reminder letter need an open consultation.
ENDPOINT_OBJECTS = {
    **{
        endpoint: {"consultation_id": "round2"}
        for endpoint in (
            "responses.consultation",
            "responses.add_comment",
            "responses.edit_comment",
            "responses.delete_comment",
            "responses.submit_page",
            "responses.submit",
            "revisions.carryover",
            "revisions.carryover_export",
            "consultations.close",  # its confirmation page: only an open consultation can be closed
            "tracking.reminder_letter",  # refused once closed: nobody is reminded then
        )
    },
    "reports.extend_recipient": {"recipient_id": "report_recipient_a"},
    "report_tracking.letter": {"recipient_id": "report_recipient_a"},
    "paper.show": {"reply_id": "paper_reply"},
    **{endpoint: {"token": "letter_team"} for endpoint in ("letters.review", "letters.letter_file")},
    **{
        endpoint: {"consultation_id": "round2", "token": "letter_agency"}
        for endpoint in ("agency_letters.upload", "agency_letters.review", "agency_letters.letter_file")
    },
    "paper.edit": {"reply_id": "paper_reply"},
}

# Form fields (-> key of Scene.ids) without which an allowed POST cannot even find its object.
POST_OBJECTS = {"synthesis.split": {"comment_id": "comment_in_disposition"}}


@dataclass(frozen=True)
class Route:
    endpoint: str
    rule: str
    arguments: tuple[str, ...]


@dataclass(frozen=True)
class Case:
    method: str
    route: Route
    role: str

    def __str__(self) -> str:
        return f"{self.method} {self.route.endpoint} as {self.role}"


def _routes() -> list[tuple[str, Route]]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 32, "SERVER_NAME": "localhost"})
    pairs = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: (rule.rule, rule.endpoint)):
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            pairs.append((method, Route(rule.endpoint, rule.rule, tuple(sorted(rule.arguments)))))
    return pairs


ROUTES = _routes()
CASES = [Case(method, route, role) for method, route in ROUTES for role in ROLES]


def audience(endpoint: str) -> frozenset[str]:
    if endpoint in POLICY_EXCEPTIONS:
        return POLICY_EXCEPTIONS[endpoint]
    blueprint = endpoint.partition(".")[0]
    if blueprint not in BLUEPRINT_POLICY:
        pytest.fail(f"blueprint {blueprint!r} ({endpoint}) has no policy: add it to BLUEPRINT_POLICY")
    return BLUEPRINT_POLICY[blueprint]


def url_values(route: Route, scene: Scene) -> dict:
    objects = OBJECT_PARAMETERS | ENDPOINT_OBJECTS.get(route.endpoint, {})
    values = {}
    for name in route.arguments:
        if name in objects:
            values[name] = scene.ids[objects[name]]
        elif name in LITERAL_PARAMETERS:
            values[name] = LITERAL_PARAMETERS[name]
        else:
            pytest.fail(
                f"{route.rule} ({route.endpoint}) has the URL parameter {name!r} that the sweep does not know: "
                "add it to OBJECT_PARAMETERS or LITERAL_PARAMETERS"
            )
    return values


# --- one app and one scene per worker ------------------------------------------------------------------------------
# Creating the app and building the scene cost more than a request, so both are done once per worker.
# SQLite: the scene is built into a file, and each test runs on a fresh copy of it.
# PostgreSQL: the scene stays in the worker's schema while tests leave it as it was (refusals must), and is
# truncated and built again after a test that changed it.


@dataclass
class Sweep:
    app: object
    scene_file: Path | None  # None on PostgreSQL
    live_file: Path | None
    ids: dict[str, int] = field(default_factory=dict)
    user_ids: dict[str, int | None] = field(default_factory=dict)
    intact: dict | None = None  # PostgreSQL: the snapshot of the scene in the schema now, None when there is none

    def keep(self, scene: Scene) -> None:
        self.ids = scene.ids
        self.user_ids = {role: user.id if user else None for role, user in scene.users.items()}


@pytest.fixture(scope="module")
def sweep(database, tmp_path_factory):
    folder = tmp_path_factory.mktemp("sweep")
    if database["kind"] != "sqlite":
        app = create_app({**_base_config(database["url"], database["options"]), "MAIL_OUTBOX_DIR": str(folder)})
        yield Sweep(app, None, None)
        with app.app_context():
            _truncate_all(database)  # the next module on this worker starts empty
            the_db.engine.dispose()
        return
    scene_file, live_file = folder / "scene.sqlite3", folder / "live.sqlite3"
    shutil.copyfile(database["template"], scene_file)
    app = create_app({**_base_config(f"sqlite:///{live_file}"), "MAIL_OUTBOX_DIR": str(folder)})
    built = Sweep(app, scene_file, live_file)
    builder = create_app({**_base_config(f"sqlite:///{scene_file}"), "MAIL_OUTBOX_DIR": str(folder)})
    with builder.app_context():
        built.keep(build_scene(Factory(the_db, PASSWORD), the_db))
        the_db.session.remove()
        the_db.engine.dispose()
    yield built


@pytest.fixture
def app(sweep, database):
    """Overrides conftest's ``app``: the worker's app, on the scene as it was built."""
    with sweep.app.app_context():
        if sweep.scene_file is not None:
            shutil.copyfile(sweep.scene_file, sweep.live_file)
        elif sweep.intact is not None and not the_db.session.scalar(sa.select(sa.func.count(User.id))):
            sweep.intact = None  # a test of its own app_config emptied the schema after it: build the scene again
        yield sweep.app
        the_db.session.remove()
        if sweep.scene_file is None and sweep.intact is not None and snapshot(the_db) != sweep.intact:
            _truncate_all(database)
            sweep.intact = None
        the_db.engine.dispose()


@pytest.fixture
def scene(app, db, factory, sweep) -> Scene:
    if sweep.scene_file is None and sweep.intact is None:
        sweep.keep(build_scene(factory, db))
        sweep.intact = snapshot(db)
    users = {role: db.session.get(User, user_id) if user_id else None for role, user_id in sweep.user_ids.items()}
    return Scene(ids=sweep.ids, users=users)


# --- the sweep -----------------------------------------------------------------------------------------------------


def test_every_blueprint_has_a_policy_and_every_parameter_a_value():
    known = OBJECT_PARAMETERS.keys() | LITERAL_PARAMETERS.keys()
    unknown = {(route.endpoint, name) for _method, route in ROUTES for name in route.arguments if name not in known}
    assert not unknown, f"URL parameters the sweep does not know: {sorted(unknown)}"
    blueprints = {route.endpoint.partition(".")[0] for _method, route in ROUTES}
    assert blueprints <= BLUEPRINT_POLICY.keys(), blueprints - BLUEPRINT_POLICY.keys()
    assert POLICY_EXCEPTIONS.keys() <= {route.endpoint for _method, route in ROUTES}, "a policy for a removed route"


def test_the_sweep_covers_every_route_and_role():
    assert len({(case.method, case.route.endpoint) for case in CASES}) == len(ROUTES) > 90
    assert len(CASES) == len(ROUTES) * len(ROLES)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_route_as_role(case: Case, app, db, client, scene):
    with app.test_request_context():
        url = url_for(case.route.endpoint, **url_values(case.route, scene))
    sign_in(client, scene.users[case.role])
    allowed = case.role in audience(case.route.endpoint)
    before = None if allowed else snapshot(db)
    if case.method == "GET":
        response = client.get(url)
    else:
        fields = POST_OBJECTS.get(case.route.endpoint, {})
        response = client.post(url, data={name: scene.ids[key] for name, key in fields.items()})
    status, where = response.status_code, response.headers.get("Location", "")
    shown = f"{case}: {url} answered {status} {where}"
    assert status < 500, shown
    signed_in = case.role != "anonymous" and case.route.endpoint != "accounts.logout"
    assert header_problems(response, signed_in=signed_in) == [], shown
    if allowed:
        if case.method == "GET":
            assert 200 <= status < 400, shown
        else:
            assert status not in (401, 403, 404), shown
        return
    if case.role == "anonymous":
        assert status == 401 or (status in (302, 303) and where.startswith("/login")), shown
    else:
        assert status in (403, 404), shown
    assert changed_tables(before, snapshot(db)) == [], f"{shown}; the refused request changed these tables"


HUGE = 10**20  # more than any integer column holds (SQLite: 2**63 - 1, PostgreSQL: 2**31 - 1)
# Every field and query argument the views read as a number or an id, all at once.
NUMBER_FIELDS = [
    *("id", "agency_id", "agency_ids", "recipient_id", "recipient_ids", "comment_id", "other_id", "version"),
    *("draft_version_id", "drafting_unit_id", "new_clause_id", "round_number", "paragraph", "threshold", "page"),
    *("clause", "agency", "version_id"),
]


def _some_values(route: Route, scene: Scene) -> dict:
    """The sweep's values for the URL's parameters; a placeholder for those it does not know (its own test says)."""
    objects = OBJECT_PARAMETERS | ENDPOINT_OBJECTS.get(route.endpoint, {})
    return {
        name: scene.ids[objects[name]] if name in objects else LITERAL_PARAMETERS.get(name, "x")
        for name in route.arguments
    }


def test_huge_ids_are_not_found(app, client, scene):
    checked = found = 0
    for rule in app.url_map.iter_rules():
        huge = {name for name, converter in rule._converters.items() if isinstance(converter, IdConverter)}
        if not huge:
            continue
        route = Route(rule.endpoint, rule.rule, tuple(sorted(rule.arguments)))
        with app.test_request_context():
            url = url_for(rule.endpoint, **{**_some_values(route, scene), **dict.fromkeys(huge, HUGE)})
        for role in ("admin", "drafter_owner", "agency_a"):
            sign_in(client, scene.users[role])
            for method in sorted(rule.methods & {"GET", "POST"}):
                response = client.open(url, method=method, data={})
                # 405 where the same path has another rule for the other method: Werkzeug says so before converting.
                assert response.status_code in (404, 405), f"{method} {url} as {role}: {response.status_code}"
                found += response.status_code == 404
                checked += 1
    assert checked > 100 and found > checked * 0.8


def test_huge_numbers_in_forms_and_query_strings_are_refused(app, client, scene):
    """Every route as its own team, every number-like field too large: a 4xx or the field ignored, never a 5xx."""
    fields = dict.fromkeys(NUMBER_FIELDS, str(HUGE))
    for method, route in ROUTES:
        with app.test_request_context():
            url = url_for(route.endpoint, **{**fields, **_some_values(route, scene)})
        policy = POLICY_EXCEPTIONS.get(route.endpoint) or BLUEPRINT_POLICY.get(route.endpoint.partition(".")[0], ADMIN)
        role = min(policy - {"anonymous"}, default="admin")
        sign_in(client, scene.users[role])
        response = client.get(url) if method == "GET" else client.post(url, data=fields)
        assert response.status_code < 500, f"{method} {url} as {role}: {response.status_code}"


def test_the_snapshot_sees_one_changed_column(app, db, scene):
    """The refusal check can fail: a single changed value of a single row shows up under its table's name."""
    before = snapshot(db)
    db.session.get(User, scene.ids["user_a"]).full_name = "Tên khác"
    db.session.commit()
    assert changed_tables(before, snapshot(db)) == ["users"]


# --- headers on the responses the sweep does not produce, HTTPS, and the templates ----------------------------------

TEMPLATES = ROOT / "templates"


@pytest.fixture
def error_app(app_config):
    """An app of its own (the sweep's is shared) that answers 500 on /boom and 413 above 4 kB, with an admin."""
    app = create_app({**app_config, "PROPAGATE_EXCEPTIONS": False, "TESTING": False, "MAX_CONTENT_LENGTH": 4096})

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    admin_id = add_admin(app, "quantri", "Quản trị")
    app.test_client_class = FormClient
    yield app, admin_id
    with app.app_context():
        the_db.engine.dispose()


def error_responses(client, *, base_url: str = "http://localhost") -> dict[str, object]:
    return {
        "500": client.get("/boom", base_url=base_url),
        "404": client.get("/khong-ton-tai", base_url=base_url),
        "405": client.get("/logout", base_url=base_url),
        "400 CSRF": client.post("/account/password", data={"current_password": "x"}, csrf=False, base_url=base_url),
        "413": client.post("/login", data={"username": "x" * 10_000}, csrf=False, base_url=base_url),
        "static": client.get("/static/app.js", base_url=base_url),
        "login": client.get("/login", base_url=base_url),
    }


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed in"])
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_error_responses_carry_the_headers(error_app, signed_in, scheme):
    app, admin_id = error_app
    client = app.test_client()
    if signed_in:
        with client.session_transaction() as session:
            session["_user_id"] = admin_id
    responses = error_responses(client, base_url=f"{scheme}://localhost")
    for response in responses.values():
        response.close()  # the static file is streamed from disk
    statuses = {name: response.status_code for name, response in responses.items()}
    expected_login = 302 if signed_in else 200
    assert statuses == {
        "500": 500,
        "404": 404,
        "405": 405,
        "400 CSRF": 400,
        "413": 413,
        "static": 200,
        "login": expected_login,
    }
    assert "secret internals" not in responses["500"].get_data(as_text=True)
    for name, response in responses.items():
        problems = header_problems(response, https=scheme == "https", signed_in=signed_in)
        assert problems == [], f"{name}: {problems}"


def inline_code(text: str) -> list[str]:
    """Inline scripts (a <script> without src), event handler attributes and javascript: URLs in ``text``."""
    found = [tag for tag in re.findall(r"<script\b[^>]*>", text, re.IGNORECASE) if "src=" not in tag]
    found += [m.strip() for m in re.findall(r"""\son[a-z]+\s*=\s*["']""", text, re.IGNORECASE)]
    return found + re.findall(r"""(?:href|src|action|formaction)\s*=\s*["']\s*javascript:""", text, re.IGNORECASE)


def test_the_inline_code_check_finds_what_it_looks_for():
    bad = '<script>alert(1)</script><button onclick="go()"><a href="javascript:go()"><body ONLOAD = "x">'
    assert len(inline_code(bad)) == 4
    assert inline_code('<script src="/static/app.js" defer></script><p class="onclick">one=1</p>') == []


def test_templates_have_no_inline_script_or_event_handler():
    """The CSP forbids inline scripts; a template that needs one would break silently in the browser."""
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 40  # the glob did read the templates
    offences = {str(path.relative_to(TEMPLATES)): inline_code(path.read_text(encoding="utf-8")) for path in templates}
    assert {name: found for name, found in offences.items() if found} == {}


@pytest.mark.parametrize("proxies", [0, 1], ids=["no proxy trusted", "one proxy trusted"])
def test_https_behind_the_reverse_proxy(app_config, proxies):
    """Production runs behind a proxy that terminates HTTPS: HSTS and the client's address come from its headers,
    which are ignored when no proxy is trusted (a client cannot claim HTTPS or another address by itself)."""
    app = create_app({**app_config, "TRUSTED_PROXIES": proxies})
    app.test_client_class = FormClient
    client = app.test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7", "Referer": "https://localhost/login"}
    page = client.get("/login", headers=forwarded)
    assert ("Strict-Transport-Security" in page.headers) is bool(proxies)
    refused = client.post("/login", data={"username": "khong-co-ai", "password": "sai-mat-khau-1"}, headers=forwarded)
    assert refused.status_code == 401
    with app.app_context():
        addresses = the_db.session.scalars(sa.select(LoginAttempt.address)).all()
        the_db.engine.dispose()
    assert addresses == (["203.0.113.7"] if proxies else ["127.0.0.1"])
