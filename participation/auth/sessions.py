"""Staff sessions: started fresh at login (a new session and CSRF token), ended by logout, by the idle
timeout or the absolute lifetime, and on every device when the account's session version changes
(see User.get_id and the user loader). Until a first password of their own and, where required, the
second factor are set, staff pages lead there."""

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from participation.accounts.models import User
from participation.auth import second_factor

LOGIN_AT, SEEN_AT = "staff_login_at", "staff_seen_at"
PENDING, PENDING_AT = "second_factor_for", "second_factor_since"
PENDING_SECONDS = 300  # the code must follow the password within five minutes
# Where staff may go while their own password or the second factor is still to be set.
SETTING_UP = {"auth.password", "auth.second_factor", "auth.logout", "static", "i18n.choose"}


def begin(user: User) -> None:
    """Log user in with a brand-new session: nothing of the session before it survives (no fixation)."""
    session.clear()
    login_user(user)
    now = int(time.time())
    session[LOGIN_AT], session[SEEN_AT] = now, now


def end() -> None:
    """Log out and forget the whole session."""
    logout_user()
    session.clear()


def await_second_factor(user: User) -> None:
    """Password right, code still to come: remember only who, for a few minutes."""
    session.clear()
    session[PENDING], session[PENDING_AT] = user.get_id(), int(time.time())


def pending_user_id() -> str | None:
    """The "id:version" waiting for its code, if it is recent enough."""
    if time.time() - session.get(PENDING_AT, 0) > PENDING_SECONDS:
        return None
    return session.get(PENDING)


def _expired(now: float) -> bool:
    config = current_app.config
    return (
        now - session.get(LOGIN_AT, 0) > config["STAFF_SESSION_HOURS"] * 3600
        or now - session.get(SEEN_AT, 0) > config["STAFF_IDLE_MINUTES"] * 60
    )


def enforce():
    """Before every request of a logged-in staff member: the time limits, then the setup steps."""
    if not current_user.is_authenticated:
        return None
    now = time.time()
    if _expired(now):
        end()
        flash(_("You were logged out after a while without activity. Please log in again."), "info")
        if request.path.startswith("/team"):
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return None
    if now - session.get(SEEN_AT, 0) > 60:  # once a minute is enough, and keeps the cookie quiet
        session[SEEN_AT] = int(now)
    if not request.path.startswith("/team") or request.endpoint in SETTING_UP:
        return None
    if current_user.must_change_password:
        return redirect(url_for("auth.password"))
    if (
        current_app.config["SECOND_FACTOR_REQUIRED"]
        and not current_user.totp_secret
        and second_factor.required(current_user)
    ):
        return redirect(url_for("auth.second_factor"))
    return None
