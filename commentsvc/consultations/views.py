"""Consultations, for the drafting team: create, open, extend, close, reopen."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("consultations", __name__, url_prefix="/consultations")
