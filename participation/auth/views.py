"""Staff log in (password, then the second factor where it is set), change their password, and log
out here or everywhere; young people never do. Failed logins are limited per account and per client
address (Flask-Limiter: in memory, or Redis when RATELIMIT_STORAGE_URI says so)."""

import base64

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from participation.accounts.models import User
from participation.accounts.services import (
    WrongPassword,
    change_own_password,
    find_user,
    log_out_everywhere,
    normalise_email,
)
from participation.audit.services import record
from participation.auth import second_factor, sessions
from participation.auth.decorators import role_required
from participation.auth.forms import CodeForm, LoginForm, PasswordChangeForm
from participation.extensions import DATABASE_UNAVAILABLE, db, limiter
from participation.extensions import login as login_manager
from participation.fields import EmptyForm
from participation.passwords import check_for_nobody
from participation.qr import qr_png
from participation.redirects import safe_local_path
from participation.roles import STAFF, Role
from participation.throttle import address_key, hashed_key

bp = Blueprint("auth", __name__, url_prefix="/team")
bp.before_app_request(sessions.enforce)

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please log in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The account of a staff session, while the session's version is the account's; none while the
    database is away (pages then render as for anyone, and the cookie keeps the login)."""
    number, _sep, version = user_id.partition(":")
    if not number.isdigit() or not version.isdigit():
        return None  # a cookie from before session versions: log in again
    try:
        user = db.session.get(User, int(number))
    except DATABASE_UNAVAILABLE:
        db.discard_session()
        return None
    if user is None or user.session_version != int(version):
        return None  # logged out elsewhere, new password, new role or deactivated
    return user


def _account_key() -> str:
    """The limit key of the account being tried, whether or not it exists (the same answer for both)."""
    pending = sessions.pending_user_id()
    if request.endpoint == "auth.login_code" and pending:
        return hashed_key("login-account", pending.partition(":")[0])
    return hashed_key("login-account", normalise_email(request.form.get("email", ""))[:254])


def _address_key() -> str:
    return address_key("login-address")


def _failed(response) -> bool:
    return response.status_code == 200  # the form came back: wrong password, code or input


def _account_limits() -> str:
    return current_app.config["LOGIN_LIMITS_PER_ACCOUNT"]


def _address_limits() -> str:
    return current_app.config["LOGIN_LIMITS_PER_ADDRESS"]


login_limits = [
    limiter.limit(_account_limits, key_func=_account_key, methods=["POST"], deduct_when=_failed),
    limiter.limit(_address_limits, key_func=_address_key, methods=["POST"], deduct_when=_failed),
]


def limited(view):
    """Apply both login limits to a view."""
    for limit in login_limits:
        view = limit(view)
    return view


@bp.errorhandler(429)
def too_many_attempts(error):
    """A lockout: the same page whether the account exists or not, and an audit record."""
    try:
        account = find_user(request.form.get("email", "")) if request.endpoint == "auth.login" else None
        record("login.lockout", actor=account)
        db.session.commit()
    except DATABASE_UNAVAILABLE:
        db.discard_session()  # the lockout stands without its audit record
    return render_template("auth/locked.html"), 429


@bp.route("/login", methods=["GET", "POST"])
@limited
def login():
    """Staff log in with e-mail and password, then the second factor where it is set."""
    if current_user.is_authenticated:
        return redirect(start_page(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is None:
            check_for_nobody(form.password.data)
        if user is None or not user.check_password(form.password.data) or not user.is_active:
            record("login.failure", actor=user, detail="" if user else "no such account")
            db.session.commit()
            flash(_("E-mail address or password is wrong, or the account is deactivated."), "error")
        elif user.totp_secret:  # set up: always asked for, whether or not it is required
            sessions.await_second_factor(user)
            return redirect(url_for(".login_code", next=request.args.get("next")))
        else:
            return _logged_in(user)
    return render_template("auth/login.html", form=form)


def start_page(user: User) -> str:
    """Where an account lands after login: planners on the planning dashboard (they manage no offers),
    everyone else on the offers list."""
    return url_for("planning.index") if user.role is Role.planner else url_for("offers.index")


def _logged_in(user: User, detail: str = ""):
    sessions.begin(user)
    record("login.success", actor=user, detail=detail)
    db.session.commit()
    return redirect(safe_local_path(request.args.get("next"), start_page(user)))


@bp.route("/login/code", methods=["GET", "POST"])
@limited
def login_code():
    """The second step: a code from the authenticator app, or a recovery code."""
    pending = sessions.pending_user_id()
    user = load_user(pending) if pending else None
    if user is None or not user.is_active:
        return redirect(url_for(".login"))
    form = CodeForm()
    if form.validate_on_submit():
        if second_factor.verify(user, form.code.data):
            return _logged_in(user, detail="second factor")
        record("login.failure", actor=user, detail="second factor")
        db.session.commit()
        form.code.errors.append(_("This code is not right, or it was used already."))
    return render_template("auth/code.html", form=form)


@bp.route("/logout", methods=["POST"])
@role_required(STAFF)
def logout():
    """End the staff session; a copy of its cookie (taken before) stops working too."""
    if EmptyForm().validate_on_submit():
        log_out_everywhere(current_user)
        db.session.commit()
        sessions.end()
        flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/ueberall-abmelden", methods=["POST"])
@role_required(STAFF)
def logout_everywhere():
    """End every session of the account, on every device."""
    if EmptyForm().validate_on_submit():
        log_out_everywhere(current_user)
        db.session.commit()
        sessions.end()
        flash(_("You are logged out on every device."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/passwort", methods=["GET", "POST"])
@role_required(STAFF)
def password():
    """Staff choose their own password (the first time, after an administrator set one)."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            change_own_password(current_user, form.current.data, form.new.data)
        except WrongPassword:
            form.current.errors.append(_("This is not your current password."))
        else:
            user = current_user._get_current_object()
            record("password.change_own", actor=user)  # that it happened, never the password
            db.session.commit()
            sessions.begin(user)  # this device stays logged in; every other session has ended
            flash(_("Your password is changed. Every other device is logged out."), "success")
            return redirect(start_page(user))
    return render_template("auth/password.html", form=form, action_form=EmptyForm())


@bp.route("/zweiter-faktor", methods=["GET", "POST"], endpoint="second_factor")
@role_required(STAFF)
def second_factor_setup():
    """Switch on the second factor: scan the QR code, confirm with a first code, keep the recovery codes."""
    if current_user.totp_secret:
        return render_template("auth/second_factor.html", enrolled=True)
    secret = session.setdefault("second_factor_secret", second_factor.new_secret())
    form = CodeForm()
    if form.validate_on_submit():
        codes = second_factor.confirm(current_user, secret, form.code.data)
        if codes is not None:
            db.session.commit()
            session.pop("second_factor_secret", None)
            return render_template("auth/recovery_codes.html", codes=codes)
        form.code.errors.append(
            _("This code is not right. Please check the time on your phone and try again.")
        )
    uri = second_factor.provisioning_uri(current_user, secret)
    image = "data:image/png;base64," + base64.b64encode(qr_png(uri, min_width=240)).decode()
    return render_template("auth/second_factor.html", enrolled=False, form=form, image=image, secret=secret)
