"""Staff log in and out; young people never do."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from participation.accounts.models import User
from participation.accounts.services import find_user
from participation.auth.forms import LoginForm
from participation.extensions import DATABASE_UNAVAILABLE, db
from participation.extensions import login as login_manager
from participation.fields import EmptyForm
from participation.redirects import safe_local_path

bp = Blueprint("auth", __name__, url_prefix="/team")
DUMMY_HASH = generate_password_hash("no account has this password")

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please log in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The account of a staff session (none while the database is away: pages then render, as for anyone,
    and the session cookie keeps the login for when it is back)."""
    try:
        return db.session.get(User, int(user_id))
    except DATABASE_UNAVAILABLE:
        db.discard_session()
        return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Staff log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("offers.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is None:
            check_password_hash(
                DUMMY_HASH, form.password.data
            )  # same time as a real check: no account probing
        if user is None or not user.check_password(form.password.data) or not user.is_active:
            flash(_("E-mail address or password is wrong, or the account is deactivated."), "error")
        else:
            login_user(user)
            return redirect(safe_local_path(request.args.get("next"), url_for("offers.index")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End the staff session."""
    if EmptyForm().validate_on_submit():
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))
