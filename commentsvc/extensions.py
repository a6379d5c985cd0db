"""Flask extensions as module globals, bound in ``create_app``."""

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from commentsvc.core.db import db

login_manager = LoginManager()
csrf = CSRFProtect()
migrate = Migrate()

__all__ = ["csrf", "db", "login_manager", "migrate"]
