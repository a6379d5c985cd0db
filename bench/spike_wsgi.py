"""The service as the deadline spike serves it: ``wsgi.app`` plus one route of the benchmark's own.

POST /bench/floor is the least an agency's save can be: the login and CSRF checks every POST has, one INSERT (an
audit row) and a commit, nothing else. Its throughput beside /healthz's and the real comment save's shows how much
of a save's cost is the framework's per-request floor and how much is the save's own work (the agency's recipient
row, the deadline rules, the lock against a concurrent submission, the comment, its audit row, the clause's section).
The route exists only in this module; the service itself never has it.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_login import login_required

from commentsvc.core.audit import AuditEntry
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.responses.forms import CommentForm
from wsgi import app

FLOOR_PATH = "/bench/floor"


@login_required
def floor():
    form = CommentForm()
    if not form.validate_on_submit():
        abort(400)
    db.session.execute(
        sa.insert(AuditEntry).values(action="bench.floor", object_type="Bench", details="{}", created_at=now_utc())
    )
    db.session.commit()
    return "Đã lưu ý kiến."


app.add_url_rule(FLOOR_PATH, "bench_floor", floor, methods=["POST"])
