"""Drafts: upload, preview and correct the split, accept as a version, read the outline."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("drafts", __name__, url_prefix="/drafts")
