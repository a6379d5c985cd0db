"""Replies, for agencies: the inbox, comments per clause, submission, receipt."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("responses", __name__, url_prefix="/agency")
