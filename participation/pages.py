"""Static public pages: the privacy notice written for young people."""

from flask import Blueprint, render_template

bp = Blueprint("pages", __name__)


@bp.route("/datenschutz")
def privacy():
    """What Mitreden stores and what it does not, in plain words."""
    return render_template("pages/privacy.html")
