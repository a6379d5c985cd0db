"""Migration 0019: the reply's one leader reading becomes each leader's own reading, and back (the latest one)."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

from commentsvc.config import ROOT
from commentsvc.core.clock import as_utc
from commentsvc.core.db import UTCDateTime
from commentsvc.responses.models import ReplyReading

MIGRATION = ROOT / "migrations" / "versions" / "0019_reply_readings.py"
READ_AT = datetime(2026, 11, 30, 8, 15, tzinfo=UTC)


def _migration():
    spec = importlib.util.spec_from_file_location("reply_readings", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(db, step) -> None:
    db.session.close()
    with db.engine.begin() as connection, Operations.context(MigrationContext.configure(connection)):
        step()


def test_migration_0019_gives_each_leader_the_replys_reading_and_keeps_the_latest_going_back(db, factory):
    agency, other = factory.agency(), factory.agency()
    consultation = factory.consultation(agencies=[agency, other])
    read = factory.reply(consultation, agency, comments=[(None, "Ý kiến.")], submitted=False)
    unread = factory.reply(consultation, other, comments=[(None, "Ý kiến khác.")], submitted=False)
    leaders = [factory.member(agency, can_submit=True), factory.member(agency, can_submit=True)]
    factory.member(agency)  # may not send: gets no reading
    factory.member(other, can_submit=True)  # another agency's leader: none of this reply
    read_id, unread_id, leader_ids = read.id, unread.id, [leader.id for leader in leaders]
    migration = _migration()
    _run(db, migration.downgrade)
    try:
        with db.engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE replies SET leader_read_at = :at WHERE id = :id"), {"at": READ_AT, "id": read_id}
            )
    finally:
        _run(db, migration.upgrade)
    readings = db.session.scalars(sa.select(ReplyReading).order_by(ReplyReading.user_id)).all()
    assert [(r.reply_id, r.user_id) for r in readings] == [(read_id, leader_id) for leader_id in leader_ids]
    assert all(as_utc(r.read_at) == READ_AT for r in readings)
    assert unread_id not in {r.reply_id for r in readings}

    later = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    readings[1].read_at = later
    db.session.commit()
    _run(db, migration.downgrade)
    try:
        replies = sa.table("replies", sa.column("id"), sa.column("leader_read_at", UTCDateTime()))
        with db.engine.connect() as connection:
            kept = dict(connection.execute(sa.select(replies.c.id, replies.c.leader_read_at)).all())
        assert kept[unread_id] is None
        assert as_utc(kept[read_id]) == later  # the latest of the two leaders' readings
    finally:
        _run(db, migration.upgrade)
