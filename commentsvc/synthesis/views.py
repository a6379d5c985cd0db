"""The synthesis: dispositions, grouping, exports, the on-screen table."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("synthesis", __name__, url_prefix="/consultations")
