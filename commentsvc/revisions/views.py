"""Round 2: clause mapping between versions, comparison, carry-over of dispositions."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("revisions", __name__, url_prefix="/drafts")
