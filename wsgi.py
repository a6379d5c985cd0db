"""WSGI entry point: ``gunicorn wsgi:app`` in production, ``flask --app wsgi …`` for commands."""

from commentsvc import create_app
from commentsvc.app import freeze_long_lived

app = create_app()
freeze_long_lived()  # the app lives as long as the process: the garbage collector need not walk it (see README)
