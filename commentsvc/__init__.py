"""commentsvc: agencies comment on draft documents clause by clause; the drafting team compiles the synthesis.

Where things are:
- a draft is split into clauses in `drafts/splitting.py` (reading .docx in `drafts/docx_reader.py`);
- a deadline, an extension and implicit agreement are decided in `consultations/rules.py`;
- the synthesis table is built in `synthesis/compiler.py` and exported by `synthesis/export_*.py`;
- the application (blueprints, extensions) is assembled in `app.py`.

Importing this package does not import Flask, so the pure modules above are tested and benchmarked alone.
"""

from __future__ import annotations


def create_app(config: dict | None = None):
    """The Flask application (see `commentsvc.app`)."""
    from commentsvc.app import create_app as create

    return create(config)
