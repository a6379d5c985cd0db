"""Migration 0008 removes the text of deleted unsent comments from audit entries written before the rule."""

from __future__ import annotations

import json

from commentsvc.core.audit import AuditEntry
from tests.web.migration_helpers import migration, run_step


def _run_upgrade(db) -> None:
    run_step(db, migration("0008_audit_without_comment_text.py").upgrade, close_session=False)


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
