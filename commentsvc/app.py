"""The Flask application: configuration, extensions, every blueprint, the CLI and the error pages."""

from __future__ import annotations

import gc
import importlib
from pathlib import Path

from flask import Flask

from commentsvc.config import ROOT, Config, check_production

TEMPLATES_DIR = ROOT / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"

# Every domain concept's blueprint, in one place.
BLUEPRINTS = (
    "commentsvc.core.views",
    "commentsvc.accounts.views",
    "commentsvc.accounts.unit_views",
    "commentsvc.agencies.views",
    "commentsvc.drafts.views",
    "commentsvc.revisions.views",
    "commentsvc.revisions.agency_views",
    "commentsvc.consultations.views",
    "commentsvc.consultations.tracking_views",
    "commentsvc.consultations.document_views",
    "commentsvc.responses.views",
    "commentsvc.responses.paper_views",
    "commentsvc.responses.letter_views",
    "commentsvc.responses.agency_letter_views",
    "commentsvc.synthesis.views",
    "commentsvc.reports.views",
    "commentsvc.reports.results_views",
    "commentsvc.reports.tracking_views",
    "commentsvc.reports.agency_views",
    "commentsvc.search.views",
    "commentsvc.jobs.views",
)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(TEMPLATES_DIR), static_folder=str(STATIC_DIR))
    app.config.update(Config().as_dict())
    if config:
        app.config.update(config)
    check_production(app.config)
    from commentsvc.core import ids
    from commentsvc.jobs import queue

    ids.init_app(app)  # before the blueprints: their rules take the `int` converter when added
    queue.configure(app.config)
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    from commentsvc.core import errors_web, form_input, logs, security, templating

    form_input.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    errors_web.init_app(app)
    logs.init_app(app)
    return app


def freeze_long_lived() -> None:
    """Move every object alive now (the app, its blueprints and routes, SQLAlchemy's metadata and mappers, imported
    modules: about 240,000 objects) out of the cyclic garbage collector's sight, for good.

    Call it once a serving process has built its app (``wsgi.py``, the queue's worker), never in create_app: tests
    and commands build many apps, and frozen objects are never freed. Without it every full collection that a
    request's allocations trigger walks all of them: half of the synthesis page's CPU on 10,000 comments.
    Garbage is collected first so that only what lives on is frozen. Under ``gunicorn --preload`` the app is built
    and frozen once in the master and the forked workers inherit it frozen; their collections then never write to
    those objects' headers either, so the pages stay shared between workers instead of being copied on write.
    """
    gc.collect()
    gc.freeze()


def _init_extensions(app: Flask) -> None:
    from commentsvc import models  # noqa: F401 - every table registered before Alembic or queries
    from commentsvc.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)


def _register_blueprints(app: Flask) -> None:
    for module_name in BLUEPRINTS:
        module = importlib.import_module(module_name)
        app.register_blueprint(module.bp)


def _register_cli(app: Flask) -> None:
    from commentsvc import cli

    cli.init_app(app)
