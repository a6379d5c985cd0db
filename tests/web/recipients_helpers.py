"""What the database holds of a consultation's recipients, for tests over HTTP and in a browser alike."""

from __future__ import annotations

import sqlalchemy as sa

from commentsvc.consultations.models import Recipient


def recipient_codes(db, consultation_id: int) -> set[str]:
    """The codes of the agencies the consultation is sent (or to be sent) to."""
    recipients = db.session.scalars(sa.select(Recipient).where(Recipient.consultation_id == consultation_id))
    return {recipient.agency.code for recipient in recipients}
