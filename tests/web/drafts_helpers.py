"""Helpers for the drafts web tests: upload a file as a browser would, read what was stored."""

from __future__ import annotations

import io
import re
from pathlib import Path

import sqlalchemy as sa

from commentsvc.drafts.models import Clause, Draft, DraftImport, DraftVersion, ImportStatus

SAMPLES = Path(__file__).resolve().parents[2] / "drafts"


def upload(client, data: bytes, filename: str, *, title: str = "Dự thảo thử nghiệm", kind: str = "decree", url=None):
    """POST a new draft (or, with ``url``, a new version / a replacement file) with ``data`` as the file."""
    fields = {"file": (io.BytesIO(data), filename)}
    if url is None:
        url = "/drafts/new"
        fields |= {"title": title, "kind": kind}
    return client.post(url, data=fields, content_type="multipart/form-data")


def preview_token_of(response) -> str:
    """The DraftImport's token from the redirect to its preview (/drafts/imports/<token>)."""
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    match = re.search(r"/drafts/imports/([\w-]{32,})$", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def stored_counts(db) -> tuple[int, int, int, int]:
    """(drafts, versions, clauses, pending imports) now in the database."""
    pending = sa.select(sa.func.count()).select_from(DraftImport).where(DraftImport.status == ImportStatus.PENDING)
    stored = (
        db.session.scalar(sa.select(sa.func.count()).select_from(model)) for model in (Draft, DraftVersion, Clause)
    )
    return (*stored, db.session.scalar(pending))


def clauses_of(db, version_id: int) -> list[Clause]:
    return db.session.scalars(sa.select(Clause).where(Clause.version_id == version_id).order_by(Clause.position)).all()


def count_row(page: str, label: str) -> int | None:
    """The number in the counts table's row for a kind ("Điều", "Khoản"…), None when absent."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th><td>(\d+)</td>', page)
    return int(match.group(1)) if match else None


def refs_on(page: str) -> list[str]:
    """Citations of the outline in page order."""
    return re.findall(r'<p class="ref"><strong>([^<]*)</strong>', page)


def pending_import(db, token: str) -> DraftImport:
    """The DraftImport behind the preview address ``/drafts/imports/<token>``."""
    return db.session.scalars(sa.select(DraftImport).filter_by(token=token)).one()
