"""Staff pages for offers: create, edit, add questions, publish, close, poster and tallies."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice
from flask_babel import gettext as _
from flask_login import current_user

from participation.admin.models import Organisation
from participation.admin.services import all_organisations
from participation.auth.decorators import role_required
from participation.auth.forms import EmptyForm
from participation.extensions import db
from participation.i18n import LANGUAGE_NAMES
from participation.offers import services, translations
from participation.offers.access import managed_offer, offer_action
from participation.offers.forms import OfferForm, QuestionForm
from participation.offers.models import (
    AgeGroup,
    Goal,
    Offer,
    OfferFormat,
    ParticipationLevel,
    Question,
    QuestionKind,
)
from participation.results.services import free_texts, tallies, timeliness
from participation.text import editable_text
from participation.timeutil import local_today

bp = Blueprint("offers", __name__, url_prefix="/team")

MANAGERS = ("youth_worker", "admin")


def _managed_question(offer_id: int, question_id: int) -> Question:
    offer = managed_offer(offer_id)
    question = db.get_or_404(Question, question_id)
    if question.offer_id != offer.id:
        abort(404)
    return question


def _organisation_choices(form: OfferForm) -> None:
    if current_user.has_role("admin"):
        organisations = [o for o in all_organisations() if o.is_active]
    else:
        organisations = [o for o in current_user.organisations if o.is_active]
    form.organisation_id.choices = [SelectChoice(o.id, o.name) for o in organisations]


def _offer_fields(form: OfferForm) -> services.OfferFields:
    return services.OfferFields(
        title=form.title.data, description=form.description.data or "",
        format=OfferFormat(form.format.data), level=ParticipationLevel(form.level.data),
        age_groups=[AgeGroup(v) for v in form.age_groups.data], ortsteil_codes=list(form.ortsteile.data),
        goals=[Goal(v) for v in form.goals.data], decision_scope=form.decision_scope.data,
        starts_on=form.starts_on.data, ends_on=form.ends_on.data, feedback_due_on=form.feedback_due_on.data,
    )


def _question_fields(form: QuestionForm) -> services.QuestionFields:
    return services.QuestionFields(kind=QuestionKind(form.kind.data), prompt=form.prompt.data,
                                   is_required=form.is_required.data, points=form.points.data,
                                   options=form.option_labels())


@bp.route("/")
@role_required("youth_worker", "admin", "planner")
def index():
    """List the offers this staff member may see."""
    offers = services.offers_for(current_user)
    return render_template("offers/index.html", offers=offers, today=local_today())


@bp.route("/angebote/neu", methods=["GET", "POST"])
@role_required(*MANAGERS)
def new():
    """Create a draft offer for one of the user's organisations."""
    form = OfferForm()
    _organisation_choices(form)
    if not form.organisation_id.choices:
        flash(_("You are not a member of any active organisation yet. Please ask an administrator."), "error")
        return redirect(url_for(".index"))
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation_id.data)
        offer = services.create_offer(organisation=organisation, created_by=current_user, fields=_offer_fields(form))
        db.session.commit()
        flash(_("Offer saved as a draft. Now add questions."), "success")
        return redirect(url_for(".new_question", offer_id=offer.id))
    return render_template("offers/edit.html", form=form, offer=None)


@bp.route("/angebote/<int:offer_id>")
@role_required(*MANAGERS)
def detail(offer_id: int):
    """Show an offer with its questions, status actions and the answers so far."""
    offer = managed_offer(offer_id)
    today = local_today()
    answers = {} if offer.is_draft else {"participants": services.participant_count(offer),
                                         "tallies": tallies(offer), "free_texts": free_texts(offer)}
    return render_template(
        "offers/detail.html", offer=offer, phase=services.phase(offer, today), timeliness=timeliness(offer, today),
        locked=services.questions_locked(offer), action_form=EmptyForm(),
        translation_progress=translations.progress(offer), **answers,
    )


@bp.route("/angebote/<int:offer_id>/bearbeiten", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit(offer_id: int):
    """Edit an offer's description, audience and dates (not after it closed)."""
    offer = managed_offer(offer_id)
    form = OfferForm(data=_offer_data(offer))
    form.organisation_id.choices = [SelectChoice(offer.organisation_id, offer.organisation.name)]
    if form.validate_on_submit():
        try:
            services.update_offer(offer, _offer_fields(form))
        except services.InvalidTransition:
            flash(_("A closed offer can no longer be changed."), "error")
            return redirect(url_for(".detail", offer_id=offer.id))
        db.session.commit()
        flash(_("Changes saved."), "success")
        return redirect(url_for(".detail", offer_id=offer.id))
    return render_template("offers/edit.html", form=form, offer=offer)


def _offer_data(offer: Offer) -> dict:
    return {
        "organisation_id": offer.organisation_id, "title": offer.title,
        "description": editable_text(offer.description),
        "format": offer.format.value, "level": offer.level.value,
        "age_groups": [g.value for g in offer.age_groups], "ortsteile": offer.ortsteil_codes,
        "goals": [g.value for g in offer.goals], "decision_scope": offer.decision_scope,
        "starts_on": offer.starts_on, "ends_on": offer.ends_on, "feedback_due_on": offer.feedback_due_on,
    }


@bp.route("/angebote/<int:offer_id>/fragen/neu", methods=["GET", "POST"])
@role_required(*MANAGERS)
def new_question(offer_id: int):
    """Add a question to a draft offer."""
    offer = managed_offer(offer_id)
    form = QuestionForm()
    if services.questions_locked(offer):
        flash(_("The questions are locked because the offer is published."), "error")
        return redirect(url_for(".detail", offer_id=offer.id))
    if form.validate_on_submit():
        services.add_question(offer, _question_fields(form))
        db.session.commit()
        flash(_("Question added."), "success")
        return redirect(url_for(".detail", offer_id=offer.id))
    return render_template("offers/question.html", form=form, offer=offer, question=None)


@bp.route("/angebote/<int:offer_id>/fragen/<int:question_id>", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit_question(offer_id: int, question_id: int):
    """Edit a question while the offer is a draft."""
    question = _managed_question(offer_id, question_id)
    form = QuestionForm(data={
        "kind": question.kind.value, "prompt": question.prompt, "is_required": question.is_required,
        "points": question.points, "options": "\n".join(o.label for o in question.options)})
    if services.questions_locked(question.offer):
        flash(_("The questions are locked because the offer is published."), "error")
        return redirect(url_for(".detail", offer_id=offer_id))
    if form.validate_on_submit():
        services.update_question(question, _question_fields(form))
        db.session.commit()
        flash(_("Question saved."), "success")
        return redirect(url_for(".detail", offer_id=offer_id))
    return render_template("offers/question.html", form=form, offer=question.offer, question=question)


def _question_action(offer_id: int, question_id: int, action, message: str):
    question = _managed_question(offer_id, question_id)
    if EmptyForm().validate_on_submit():
        try:
            action(question)
        except services.QuestionsLocked:
            flash(_("The questions are locked because the offer is published."), "error")
        else:
            db.session.commit()
            flash(message, "success")
    return redirect(url_for(".detail", offer_id=offer_id))


@bp.route("/angebote/<int:offer_id>/fragen/<int:question_id>/loeschen", methods=["POST"])
@role_required(*MANAGERS)
def delete_question(offer_id: int, question_id: int):
    """Delete a question of a draft offer."""
    return _question_action(offer_id, question_id, services.delete_question, _("Question deleted."))


@bp.route("/angebote/<int:offer_id>/fragen/<int:question_id>/hoch", methods=["POST"])
@role_required(*MANAGERS)
def move_up(offer_id: int, question_id: int):
    """Move a question one place up."""
    return _question_action(offer_id, question_id, lambda q: services.move_question(q, -1), _("Order changed."))


@bp.route("/angebote/<int:offer_id>/fragen/<int:question_id>/runter", methods=["POST"])
@role_required(*MANAGERS)
def move_down(offer_id: int, question_id: int):
    """Move a question one place down."""
    return _question_action(offer_id, question_id, lambda q: services.move_question(q, 1), _("Order changed."))


@bp.route("/angebote/<int:offer_id>/veroeffentlichen", methods=["POST"])
@role_required(*MANAGERS)
def publish(offer_id: int):
    """Open a draft for answers."""
    return offer_action(
        offer_id, lambda offer: services.publish(offer, actor=current_user),
        {services.NoQuestions: _("Please add at least one question before publishing."),
         services.InvalidTransition: _("Only a draft can be published.")},
        _("Published. Young people can answer now; print the poster with the QR code."),
    )


@bp.route("/angebote/<int:offer_id>/schliessen", methods=["POST"])
@role_required(*MANAGERS)
def close(offer_id: int):
    """Stop accepting answers."""
    return offer_action(offer_id, lambda offer: services.close(offer, actor=current_user),
                        {services.InvalidTransition: _("Only an open offer can be closed.")},
                        _("Closed. No more answers are accepted."))


@bp.route("/angebote/<int:offer_id>/plakat")
@role_required(*MANAGERS)
def poster(offer_id: int):
    """A printable A4 poster with the QR code and the typed-out link."""
    offer = managed_offer(offer_id)
    if offer.is_draft:
        flash(_("The poster is available once the offer is published."), "error")
        return redirect(url_for(".detail", offer_id=offer.id))
    return render_template("offers/poster.html", offer=offer)


@bp.route("/angebote/<int:offer_id>/uebersetzung/<language>", methods=["GET", "POST"])
@role_required(*MANAGERS)
def translate(offer_id: int, language: str):
    """Translate the offer's texts into one language; possible at any time, answers are unaffected."""
    offer = managed_offer(offer_id)
    if language not in translations.content_languages():
        abort(404)
    form = EmptyForm()
    errors = {}
    values, outdated = translations.editable(offer, language)
    if form.validate_on_submit():
        cleaned, errors = translations.validate(offer, request.form)
        if not errors:
            translations.save(offer, language, cleaned, actor=current_user)
            db.session.commit()
            flash(_("Translation saved."), "success")
            return redirect(url_for(".detail", offer_id=offer.id))
        values = request.form
    return render_template("offers/translate.html", offer=offer, language=language,
                           language_name=LANGUAGE_NAMES[language], texts=translations.source_texts(offer),
                           values=values, outdated=outdated, errors=errors, form=form,
                           editable_text=editable_text), 422 if errors else 200
