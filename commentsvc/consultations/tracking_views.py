"""Tracking who has replied, reminders, the reminder letter."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("tracking", __name__, url_prefix="/consultations")
