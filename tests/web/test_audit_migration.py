"""Migration 0008 removes the text of deleted unsent comments from audit entries written before the rule."""

from __future__ import annotations

import importlib.util
import json

from alembic.migration import MigrationContext
from alembic.operations import Operations

from commentsvc.config import ROOT
from commentsvc.core.audit import AuditEntry

MIGRATION = ROOT / "migrations" / "versions" / "0008_audit_without_comment_text.py"


def _run_upgrade(db) -> None:
    spec = importlib.util.spec_from_file_location("audit_scrub", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with db.engine.begin() as connection, Operations.context(MigrationContext.configure(connection)):
        module.upgrade()


def test_older_entries_lose_the_unsent_text_and_keep_their_ids(db):
    old = AuditEntry(action="reply.comment_delete", object_type="Comment", object_id=7)
    old.details = json.dumps({"clause_id": 3, "text": "Ý kiến nháp chưa gửi"}, ensure_ascii=False)
    other = AuditEntry(action="disposition.decide", object_type="Disposition", object_id=2)
    other.details = json.dumps({"explanation": "Giải trình của tổ soạn thảo"}, ensure_ascii=False)
    db.session.add_all([old, other])
    db.session.commit()
    _run_upgrade(db)
    db.session.expire_all()
    assert json.loads(db.session.get(AuditEntry, old.id).details) == {"clause_id": 3}
    assert "Giải trình" in db.session.get(AuditEntry, other.id).details  # the team's own words stay
