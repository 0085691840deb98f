"""The Methodenkoffer: browse and filter methods (staff and public), make an offer from one, admins edit
them, planners see where they are used."""

import click
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_login import current_user

from participation.accounts.models import Organisation
from participation.auth.decorators import role_required
from participation.enums import OfferFormat, ParticipationLevel
from participation.extensions import db
from participation.labels import LEVEL_LABELS
from participation.methods import services
from participation.methods.forms import FromMethodForm, MethodForm, questions_text
from participation.methods.models import Method
from participation.offers.access import organisation_choices
from participation.roles import ADMINS, OFFER_MANAGERS, PLANNERS, STAFF

bp = Blueprint("methods", __name__)
RESERVED = {"neu", "nutzung"}  # staff addresses beside /team/methoden/<slug>


def _method(slug: str) -> Method:
    method = services.by_slug(slug)
    if method is None:
        abort(404)
    return method


def _library(template: str, **extra):
    filters = services.MethodFilters.from_args(request.args)
    return render_template(
        template,
        methods=services.methods(filters),
        filters=filters,
        level_choices=[(level.value, label) for level, label in LEVEL_LABELS.items()],
        **extra,
    )


@bp.route("/team/methoden")
@role_required(STAFF)
def index():
    """The library for staff, filtered by age, group size, time and level (a GET form)."""
    return _library("methods/index.html", public=False)


@bp.route("/team/methoden/nutzung")
@role_required(PLANNERS)
def usage():
    """Which methods are used where: offers per method and Stadtbezirk."""
    columns, rows = services.usage()
    return render_template("methods/usage.html", columns=columns, rows=rows)


@bp.route("/team/methoden/<slug>")
@role_required(STAFF)
def detail(slug: str):
    method = _method(slug)
    form = FromMethodForm()
    form.organisation_id.choices = organisation_choices(current_user)
    return render_template("methods/detail.html", method=method, form=form, public=False)


@bp.route("/team/methoden/<slug>/angebot", methods=["POST"])
@role_required(OFFER_MANAGERS)
def create_offer(slug: str):
    """A draft with the method's format, level and questions; then the offer form to check the rest."""
    method = _method(slug)
    form = FromMethodForm()
    form.organisation_id.choices = organisation_choices(current_user)
    if not form.organisation_id.choices:
        flash(_("You are not a member of any active organisation yet. Please ask an administrator."), "error")
        return redirect(url_for(".detail", slug=method.slug))
    if not form.validate_on_submit():
        for message in form.organisation_id.errors or [_("Please try again.")]:
            flash(message, "error")
        return redirect(url_for(".detail", slug=method.slug))
    organisation = db.session.get(Organisation, form.organisation_id.data)
    offer = services.create_offer_from(method, organisation=organisation, created_by=current_user)
    db.session.commit()
    flash(
        _(
            "Draft made from the method “%(name)s” with its questions. Now fill in the audience, the dates "
            "and what can be decided.",
            name=method.name,
        ),
        "success",
    )
    return redirect(url_for("offers.edit", offer_id=offer.id))


def _fields(form: MethodForm) -> services.MethodFields:
    return services.MethodFields(
        slug=form.slug.data,
        name=form.name.data,
        aim=form.aim.data,
        age_min=form.age_min.data,
        age_max=form.age_max.data,
        group_min=form.group_min.data,
        group_max=form.group_max.data,
        duration_minutes=form.duration_minutes.data,
        materials=form.materials.data or "",
        steps=form.steps.data,
        format=OfferFormat(form.format.data),
        level=ParticipationLevel(form.level.data),
        inclusion=form.inclusion.data or "",
        questions=form.parsed_questions,
    )


def _slug_taken(form: MethodForm, method: Method | None) -> bool:
    other = services.by_slug(form.slug.data)
    if form.slug.data in RESERVED or (other is not None and other is not method):
        form.slug.errors.append(_("This address is already taken. Please choose another."))
        return True
    return False


@bp.route("/team/methoden/neu", methods=["GET", "POST"])
@role_required(ADMINS)
def new():
    form = MethodForm()
    if form.validate_on_submit() and not _slug_taken(form, None):
        method = services.create_method(_fields(form), actor=current_user)
        db.session.commit()
        flash(_("Method saved."), "success")
        return redirect(url_for(".detail", slug=method.slug))
    return render_template("methods/edit.html", form=form, method=None), 422 if form.errors else 200


@bp.route("/team/methoden/<slug>/bearbeiten", methods=["GET", "POST"])
@role_required(ADMINS)
def edit(slug: str):
    method = _method(slug)
    form = MethodForm(obj=method)
    if request.method == "GET":
        form.question_lines.data = questions_text(method.questions)
    if form.validate_on_submit() and not _slug_taken(form, method):
        services.update_method(method, _fields(form), actor=current_user)
        db.session.commit()
        flash(_("Changes saved."), "success")
        return redirect(url_for(".detail", slug=method.slug))
    return render_template("methods/edit.html", form=form, method=method), 422 if form.errors else 200


@bp.route("/methoden/")
def public_index():
    """The Methodenkoffer for every Träger in the network (no login)."""
    return _library("methods/index.html", public=True)


@bp.route("/methoden/<slug>")
def public_detail(slug: str):
    return render_template("methods/detail.html", method=_method(slug), form=None, public=True)


@click.group("methods")
def methods_cli():
    """The Methodenkoffer."""


@methods_cli.command("seed")
@with_appcontext
def seed_command():
    """Add the methods we wrote (participation/data/methods_de.json) that are missing; keeps edits."""
    added = services.seed_methods()
    db.session.commit()
    click.echo(f"{added} methods added, {services.method_count()} in the Methodenkoffer.")
