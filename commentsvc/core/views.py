"""The home page (by role), a health check, and the administrator's audit log."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from commentsvc.consultations.rules import Phase
from commentsvc.core import audit_labels
from commentsvc.core.access import admin_required
from commentsvc.core.audit import AuditEntry
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db

bp = Blueprint("core", __name__)

AUDIT_PAGE_SIZE = 100
WAITING = (Phase.OPEN, Phase.ENDED)  # an agency may still reply (late replies are the team's call)


@bp.route("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    now = now_utc()
    if current_user.is_drafter:
        from commentsvc.consultations.dashboard import team_home

        return render_template("core/home.html", team=team_home(current_user.drafting_unit_id, now))
    if current_user.is_agency_member:
        from commentsvc.responses.views import inbox_rows

        rows = inbox_rows(now)
        waiting = [row for row in rows if not row.state.has_replied and row.phase in WAITING]
        return render_template("core/home.html", waiting=waiting, replied=len(rows) - len(waiting))
    return render_template("core/home.html")


@bp.route("/favicon.ico")
def favicon():
    # Browsers ask for /favicon.ico whatever the page says; without it every first visit logs a 404.
    icon = Path(current_app.static_folder, "favicon.ico").read_bytes()
    return Response(icon, mimetype="image/vnd.microsoft.icon", headers={"Cache-Control": "public, max-age=86400"})


@bp.route("/healthz")
def healthz():
    db.session.execute(sa.text("SELECT 1"))
    return {"status": "ok"}


@bp.route("/admin/audit")
@admin_required
def audit_log():
    query = sa.select(AuditEntry)
    action = request.args.get("action", "").strip()
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    total = db.session.scalar(query.with_only_columns(sa.func.count(AuditEntry.id)))
    pages = max(-(-total // AUDIT_PAGE_SIZE), 1)
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)  # a page past the end shows the last
    entries = db.session.scalars(
        query.order_by(AuditEntry.id.desc()).limit(AUDIT_PAGE_SIZE).offset((page - 1) * AUDIT_PAGE_SIZE)
    ).all()
    return render_template(
        "core/audit.html", entries=entries, page=page, pages=pages, total=total, action=action, labels=audit_labels
    )
