"""Access checks used by every blueprint: who may open a page is decided once, before the view body."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from commentsvc.accounts.models import Role


def roles_required(*roles: Role) -> Callable:
    """Login required, then 403 unless the user has one of ``roles``."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


admin_required = roles_required(Role.ADMIN)
drafter_required = roles_required(Role.DRAFTER)
agency_required = roles_required(Role.AGENCY)
