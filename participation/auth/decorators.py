"""The role check of every staff view."""

from functools import wraps

from flask import abort
from flask_login import current_user

from participation.extensions import login
from participation.roles import Role


def role_required(roles: frozenset[Role]):
    """Let only logged-in staff with one of these roles (a set from participation.roles) through:
    anonymous users go to login, others get 403. The roles stay readable on the view (required_roles),
    for the authorization matrix test."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login.unauthorized()
            if not current_user.has_role(roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator
