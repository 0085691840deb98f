"""Staff pages for offers: create, edit, add questions, publish, close, poster, translations and tallies."""

import base64
from functools import partial

import flask_babel
from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice

from participation.accounts.models import Organisation
from participation.answers import analog, codes, kiosk
from participation.answers import services as answer_services
from participation.answers.models import AnalogEntry
from participation.answers.staff_view import staff_answers
from participation.answers.velocity import bursts
from participation.auth.decorators import role_required
from participation.enums import AgeGroup, Goal, OfferFormat, ParticipationLevel, QuestionKind
from participation.extensions import db
from participation.fields import EmptyForm
from participation.i18n import LANGUAGE_NAMES, use_easy_domain
from participation.offers import content_translations, quality, services
from participation.offers.access import (
    Confirmation,
    apply_to_offer,
    confirmation_page,
    managed_offer,
    offer_action,
    organisation_choices,
)
from participation.offers.forms import CardsForm, KioskForm, OfferForm, QuestionForm, ReopenForm
from participation.offers.models import Question
from participation.qr import qr_svg
from participation.roles import OFFER_MANAGERS, STAFF
from participation.sanitize import editable_text
from participation.templating import label_list
from participation.timeutil import local_today
from participation.urls import external_url

bp = Blueprint("offers", __name__, url_prefix="/team")

# What the POST buttons say afterwards (lazy: the words follow the request's language).
CHANGES_SAVED = _l("Changes saved.")
EDIT_REFUSED = {services.InvalidTransition: _l("A closed offer can no longer be changed.")}
QUESTION_DELETED = _l("Question deleted.")
ORDER_CHANGED = _l("Order changed.")
PUBLISHED = _l("Published. Young people can answer now; print the poster with the QR code.")
MISSING_LABELS = {
    "decision_scope": _l("what can be decided"),
    "age_groups": _l("the age groups"),
    "ortsteil_codes": _l("the districts"),
    "goals": _l("the goals"),
}


def _missing_message(missing: list[str]) -> str:
    return _("Please fill in before publishing: %(fields)s.", fields=label_list(missing, MISSING_LABELS))


PUBLISH_REFUSED = {
    services.NoQuestions: _l("Please add at least one question before publishing."),
    services.Incomplete: lambda error: _missing_message(error.missing),
    services.InvalidTransition: _l("Only a draft can be published."),
}
CLOSED = _l("Closed. No more answers are accepted.")
CLOSE_REFUSED = {services.InvalidTransition: _l("Only an open offer can be closed.")}


@bp.errorhandler(services.QuestionsLocked)
def questions_locked(error: services.QuestionsLocked):
    """Every question view ends here once the offer is published or has answers."""
    flash(_("The questions are locked because the offer is published."), "error")
    return redirect(url_for(".detail", offer_id=error.args[0].id))


def _managed_question(offer_id: int, question_id: int) -> Question:
    offer = managed_offer(offer_id)
    question = db.get_or_404(Question, question_id)
    if question.offer_id != offer.id:
        abort(404)
    return question


def _organisation_choices(form: OfferForm) -> None:
    form.organisation_id.choices = organisation_choices(current_user)


def _offer_fields(form: OfferForm) -> services.OfferFields:
    return services.OfferFields(
        title=form.title.data,
        description=form.description.data or "",
        format=OfferFormat(form.format.data),
        level=ParticipationLevel(form.level.data),
        age_groups=[AgeGroup(v) for v in form.age_groups.data],
        ortsteil_codes=list(form.ortsteile.data),
        goals=[Goal(v) for v in form.goals.data],
        decision_scope=form.decision_scope.data,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        outcome_due_on=form.outcome_due_on.data,
    )


def _question_fields(form: QuestionForm) -> services.QuestionFields:
    return services.QuestionFields(
        kind=QuestionKind(form.kind.data),
        prompt=form.prompt.data,
        is_required=form.is_required.data,
        points=form.points.data,
        options=form.option_labels(),
    )


@bp.route("/")
@role_required(STAFF)
def index():
    """List the offers this staff member may see."""
    offers = services.offers_for(current_user)
    return render_template("offers/index.html", offers=offers, today=local_today())


@bp.route("/angebote/neu", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def new():
    """Create a draft offer for one of the user's organisations."""
    form = OfferForm()
    _organisation_choices(form)
    if not form.organisation_id.choices:
        flash(_("You are not a member of any active organisation yet. Please ask an administrator."), "error")
        return redirect(url_for(".index"))
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation_id.data)
        offer = services.create_offer(
            organisation=organisation, created_by=current_user, fields=_offer_fields(form)
        )
        db.session.commit()
        flash(_("Offer saved as a draft. Now add questions."), "success")
        return redirect(url_for(".new_question", offer_id=offer.id))
    return render_template("offers/edit.html", form=form, offer=None)


@bp.route("/angebote/<int:offer_id>")
@role_required(OFFER_MANAGERS)
def detail(offer_id: int):
    """Show an offer with its questions, status actions and the answers so far."""
    offer = managed_offer(offer_id)
    today = local_today()
    read_only = not current_user.can_change(offer.organisation)
    return render_template(
        "offers/detail.html",
        offer=offer,
        phase=offer.phase_on(today),
        timeliness=services.timeliness(offer, today),
        read_only=read_only,
        locked=read_only or services.questions_locked(offer),
        answers=None if offer.is_draft else staff_answers(offer, current_user, today),
        burst=bursts([offer.id]).get(offer.id),
        action_form=EmptyForm(),
        translation_progress=content_translations.progress(offer),
        can_reopen=services.can_reopen(offer),
        analog_entries=analog.entries(offer.id),  # issue 13: analog results
        analog_methods=analog.METHODS,
        analog_locked=analog.is_locked(offer.id),
        codes_used=codes.usage(offer.id) if offer.requires_code else None,  # issue 13: one-time codes
        cards_form=CardsForm(formdata=None, data={"count": 30}),
        kiosk_links=[(link, kiosk.state(link)) for link in kiosk.list_for(offer)],
        checklist=quality.checklist(offer, today),  # issue 14: quality checklist
    )


@bp.route("/angebote/<int:offer_id>/bearbeiten", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def edit(offer_id: int):
    """Edit an offer's description, audience and dates (not after it closed)."""
    offer = managed_offer(offer_id)
    form = OfferForm(obj=offer, ortsteile=offer.ortsteil_codes)
    form.organisation_id.choices = [SelectChoice(offer.organisation_id, offer.organisation.name)]
    if form.validate_on_submit():
        update = partial(services.update_offer, offer, _offer_fields(form))
        return apply_to_offer(offer, update, CHANGES_SAVED, EDIT_REFUSED)
    return render_template("offers/edit.html", form=form, offer=offer)


@bp.route("/angebote/<int:offer_id>/fragen/neu", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def new_question(offer_id: int):
    """Add a question to a draft offer."""
    offer = managed_offer(offer_id)
    services.check_unlocked(offer)
    form = QuestionForm()
    if form.validate_on_submit():
        services.add_question(offer, _question_fields(form))
        db.session.commit()
        flash(_("Question added."), "success")
        return redirect(url_for(".detail", offer_id=offer.id))
    return render_template("offers/question.html", form=form, offer=offer, question=None)


@bp.route("/angebote/<int:offer_id>/fragen/<int:question_id>", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def edit_question(offer_id: int, question_id: int):
    """Edit a question while the offer is a draft."""
    question = _managed_question(offer_id, question_id)
    services.check_unlocked(question.offer)
    form = QuestionForm(obj=question)
    if form.validate_on_submit():
        services.update_question(question, _question_fields(form))
        db.session.commit()
        flash(_("Question saved."), "success")
        return redirect(url_for(".detail", offer_id=offer_id))
    return render_template("offers/question.html", form=form, offer=question.offer, question=question)


def _question_action(offer_id: int, question_id: int, action, message: str):
    question = _managed_question(offer_id, question_id)
    if EmptyForm().validate_on_submit():
        action(question)  # QuestionsLocked ends in questions_locked()
        db.session.commit()
        flash(str(message), "success")
    return redirect(url_for(".detail", offer_id=offer_id))


@bp.route("/angebote/<int:offer_id>/fragen/<int:question_id>/loeschen", methods=["POST"])
@role_required(OFFER_MANAGERS)
def delete_question(offer_id: int, question_id: int):
    """Delete a question of a draft offer."""
    return _question_action(offer_id, question_id, services.delete_question, QUESTION_DELETED)


@bp.route("/angebote/<int:offer_id>/fragen/<int:question_id>/hoch", methods=["POST"])
@role_required(OFFER_MANAGERS)
def move_up(offer_id: int, question_id: int):
    """Move a question one place up."""
    return _question_action(offer_id, question_id, partial(services.move_question, step=-1), ORDER_CHANGED)


@bp.route("/angebote/<int:offer_id>/fragen/<int:question_id>/runter", methods=["POST"])
@role_required(OFFER_MANAGERS)
def move_down(offer_id: int, question_id: int):
    """Move a question one place down."""
    return _question_action(offer_id, question_id, partial(services.move_question, step=1), ORDER_CHANGED)


def _confirm_publish(offer) -> Confirmation:
    starts = max(offer.starts_on, local_today())
    return Confirmation(
        _("Publish “%(title)s”?", title=offer.title),
        [
            _("The answer form goes online at its link and QR code from %(date)s.", date=format_date(starts)),
            _(
                "Its questions are locked from then on, so that every answer means the same. "
                "Check them in the preview first."
            ),
            _("You can still change the description, the dates and the translations."),
        ],
        _("Yes, publish"),
        blockers=([] if offer.questions else [str(PUBLISH_REFUSED[services.NoQuestions])])
        + ([_missing_message(missing)] if (missing := services.missing_for_publish(offer)) else []),
    )


def _confirm_close(offer) -> Confirmation:
    return Confirmation(
        _("Close “%(title)s” now?", title=offer.title),
        [
            _(
                "The form stops accepting answers at once, even though it was planned until %(date)s.",
                date=format_date(offer.ends_on),
            ),
            _("You can reopen it until you publish the results."),
            _("Next, you write the Rückmeldung and publish the results."),
        ],
        _("Yes, close now"),
    )


def _confirm_delete(offer) -> Confirmation:
    return Confirmation(
        _("Delete the draft “%(title)s”?", title=offer.title),
        [
            ngettext(
                "The draft and its %(num)d question are deleted for good.",
                "The draft and its %(num)d questions are deleted for good.",
                len(offer.questions),
            ),
            _("It was never published, so no young person has seen it."),
        ],
        _("Yes, delete the draft"),
        danger=True,
    )


@bp.route("/angebote/<int:offer_id>/veroeffentlichen", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def publish(offer_id: int):
    """Open a draft for answers, after a confirmation page."""
    return offer_action(offer_id, services.publish, PUBLISHED, PUBLISH_REFUSED, _confirm_publish)


@bp.route("/angebote/<int:offer_id>/schliessen", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def close(offer_id: int):
    """Stop accepting answers, after a confirmation page."""
    return offer_action(offer_id, services.close, CLOSED, CLOSE_REFUSED, _confirm_close)


@bp.route("/angebote/<int:offer_id>/loeschen", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def delete(offer_id: int):
    """Delete a draft, after a confirmation page; back to the list."""
    offer = managed_offer(offer_id)
    if not offer.is_draft:
        flash(_("Only a draft can be deleted."), "error")
        return redirect(url_for(".detail", offer_id=offer.id))
    if request.method == "GET":
        return confirmation_page(offer, _confirm_delete(offer))
    if not EmptyForm().validate_on_submit():
        return redirect(url_for(".detail", offer_id=offer.id))
    services.delete_draft(offer, actor=current_user)
    db.session.commit()
    flash(_("Draft deleted."), "success")
    return redirect(url_for(".index"))


@bp.route("/angebote/<int:offer_id>/wieder-oeffnen", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def reopen(offer_id: int):
    """Take answers again after answering ended, until results are published (audit-logged)."""
    offer = managed_offer(offer_id)
    if not services.can_reopen(offer):
        flash(_("Only an offer that has ended and whose results are not published can be reopened."), "error")
        return redirect(url_for(".detail", offer_id=offer.id))
    form = ReopenForm(
        starts_on=offer.starts_on,
        data={
            "ends_on": max(offer.ends_on, offer.starts_on, local_today()),
            "outcome_due_on": offer.outcome_due_on,
        }
        if request.method == "GET"
        else None,
    )
    if form.validate_on_submit():
        services.reopen(
            offer, ends_on=form.ends_on.data, outcome_due_on=form.outcome_due_on.data, actor=current_user
        )
        db.session.commit()
        flash(
            _("Reopened. Young people can answer again until %(date)s.", date=format_date(offer.ends_on)),
            "success",
        )
        return redirect(url_for(".detail", offer_id=offer.id))
    confirmation = Confirmation(
        _("Reopen “%(title)s” for answers?", title=offer.title),
        [
            _("The form at the link and QR code accepts answers again until the date below."),
            _("The answers given so far stay and count together with the new ones."),
            _("Reopening is recorded in the audit log."),
        ],
        _("Reopen"),
    )
    return confirmation_page(offer, confirmation, form, 422 if form.errors else 200)


@bp.route("/angebote/<int:offer_id>/kopieren", methods=["POST"])
@role_required(OFFER_MANAGERS)
def copy(offer_id: int):
    """Copy an offer with its questions into a new draft (a recurring Blitzlicht)."""
    offer = managed_offer(offer_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for(".detail", offer_id=offer.id))
    draft = services.copy_offer(offer, created_by=current_user)
    db.session.commit()
    flash(_("Copied as a new draft. Check the title and the dates, then publish it."), "success")
    return redirect(url_for(".edit", offer_id=draft.id))


@bp.route("/angebote/<int:offer_id>/plakat")
@role_required(OFFER_MANAGERS)
def poster(offer_id: int):
    """A printable A4 poster with the QR code and the typed-out link."""
    offer = managed_offer(offer_id)
    if offer.is_draft:
        flash(_("The poster is available once the offer is published."), "error")
        return redirect(url_for(".detail", offer_id=offer.id))
    return render_template(
        "offers/poster.html",
        offer=offer,
        languages=content_translations.spoken_languages(offer),
        typed_code=services.grouped_code(offer.code),
    )


@bp.route("/angebote/<int:offer_id>/uebersetzung/<language>", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def translate(offer_id: int, language: str):
    """Translate the offer's texts into one language; possible at any time, answers are unaffected."""
    offer = managed_offer(offer_id)
    if language not in content_translations.content_languages():
        abort(404)
    form = EmptyForm()
    errors = {}
    values, outdated = content_translations.editable(offer, language)
    if form.validate_on_submit():
        cleaned, errors = content_translations.validate(offer, request.form)
        if not errors:
            content_translations.save(offer, language, cleaned, actor=current_user)
            db.session.commit()
            flash(_("Translation saved."), "success")
            return redirect(url_for(".detail", offer_id=offer.id))
        values = request.form
    return render_template(
        "offers/translate.html",
        offer=offer,
        language=language,
        language_name=LANGUAGE_NAMES[language],
        texts=content_translations.source_texts(offer),
        values=values,
        outdated=outdated,
        errors=errors,
        form=form,
        editable_text=editable_text,
    ), 422 if errors else 200


@bp.route("/angebote/<int:offer_id>/vorschau")
@role_required(OFFER_MANAGERS)
def preview(offer_id: int):
    """The answer form exactly as a phone shows it, in one of the offer's languages (?sprache=), drafts
    included: marked as a preview, and it cannot be sent."""
    offer = managed_offer(offer_id)
    languages = [content_translations.SOURCE, *content_translations.content_languages()]
    language = request.args.get("sprache", content_translations.SOURCE)
    if language not in languages:
        abort(404)
    # The banner speaks the staff member's language; the form below it the chosen one.
    banner = {
        "heading": _("Preview"),
        "text": _("This is how the answer form looks on a phone. It cannot be sent from here."),
        "languages": _("Preview in:"),
        "back": _("Back to the offer"),
        "lang": flask_babel.get_locale().language,
    }
    g.language = language
    flask_babel.refresh()
    use_easy_domain()
    html = render_template(
        "offers/preview.html",
        offer=offer,
        loc=content_translations.for_request(offer),
        values=MultiDict(),
        errors={},
        notice=None,
        field_name=answer_services.field_name,
        dots_field_name=answer_services.dots_field_name,
        form_id="",
        preview=True,
        banner=banner,
        preview_languages=[(code, LANGUAGE_NAMES[code]) for code in languages],
        preview_language=language,
    )
    return html


# issue 13: analog results. A youth worker types in the tallies of a Punktabfrage, a show of hands or a
# paper sheet (answers.analog); correctable and audited, read-only for deactivated organisations.


def _analog_offer(offer_id: int):
    """The managed, published offer whose analog results are entered, or a redirect saying why not."""
    offer = managed_offer(offer_id)
    if offer.is_draft:
        flash(_("Analog results can be entered once the offer is published."), "error")
        return offer, redirect(url_for(".detail", offer_id=offer.id))
    if analog.is_locked(offer.id):
        flash(
            _(
                "The answers of this offer were deleted after the retention period: its analog results "
                "stay as they are."
            ),
            "error",
        )
        return offer, redirect(url_for(".detail", offer_id=offer.id))
    return offer, None


def _analog_entry(offer, entry_id: int):
    entry = db.get_or_404(AnalogEntry, entry_id)
    if entry.offer_id != offer.id:
        abort(404)
    return entry


def _analog_form(offer, entry, values: dict, errors: dict, status: int = 200):
    return (
        render_template(
            "offers/analog.html",
            offer=offer,
            entry=entry,
            values=values,
            errors=errors,
            methods=analog.METHODS,
            cells=analog.cells,
            text_name=analog.text_name,
            latest=analog.latest_day(offer, local_today()),
            held=analog.held_concerns(entry) if entry else 0,
            form=EmptyForm(),
        ),
        status,
    )


def _save_analog(offer, entry):
    """GET shows the form; a valid POST stores (or replaces) the entry; an invalid one keeps the input."""
    values = (
        analog.form_values(entry)
        if entry
        else {"held_on": analog.latest_day(offer, local_today()).isoformat()}
    )
    if request.method == "GET":
        return _analog_form(offer, entry, values, {})
    if not EmptyForm().validate_on_submit():
        return redirect(url_for(".detail", offer_id=offer.id))
    data, errors = analog.parse_entry(offer, request.form, local_today())
    if errors:
        return _analog_form(offer, entry, request.form.to_dict(), errors, 422)
    if entry is None:
        analog.create_entry(offer, data, actor=current_user)
        message = _("Analog results saved. They count in the offer's results from now on.")
    else:
        analog.update_entry(entry, data, actor=current_user)
        message = _("Analog results corrected.")
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".detail", offer_id=offer.id, _anchor="analog"))


@bp.route("/angebote/<int:offer_id>/analog/neu", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def new_analog(offer_id: int):
    """Enter the results of an analog method for the offer."""
    offer, refused = _analog_offer(offer_id)
    return refused or _save_analog(offer, None)


@bp.route("/angebote/<int:offer_id>/analog/<int:entry_id>", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def edit_analog(offer_id: int, entry_id: int):
    """Correct an analog entry: its figures, counts and typed-in texts are replaced."""
    offer, refused = _analog_offer(offer_id)
    entry = _analog_entry(offer, entry_id)
    return refused or _save_analog(offer, entry)


@bp.route("/angebote/<int:offer_id>/analog/<int:entry_id>/loeschen", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def delete_analog(offer_id: int, entry_id: int):
    """Delete an analog entry with its typed-in texts, after a confirmation page."""
    offer, refused = _analog_offer(offer_id)
    entry = _analog_entry(offer, entry_id)
    if refused:
        return refused
    if analog.held_concerns(entry):  # the case must not go with it
        flash(
            _(
                "These analog results hold a text that is with the Kinderschutz contact, so they cannot be "
                "deleted. You can still correct their numbers."
            ),
            "error",
        )
        return redirect(url_for(".detail", offer_id=offer.id, _anchor="analog"))
    if request.method == "GET":
        method = str(analog.METHODS.get(entry.method, entry.method))
        return confirmation_page(
            offer,
            Confirmation(
                heading=_("Delete the analog results?"),
                consequences=[
                    _(
                        "%(method)s on %(date)s with %(num)d participants no longer counts in the results.",
                        method=method,
                        date=format_date(entry.held_on),
                        num=entry.participants,
                    ),
                    _("Its typed-in written answers are deleted, also from the moderation queue."),
                ],
                button=_("Delete analog results"),
                danger=True,
            ),
        )
    if not EmptyForm().validate_on_submit():
        return redirect(url_for(".detail", offer_id=offer.id))
    analog.delete_entry(entry, actor=current_user)
    db.session.commit()
    flash(_("Analog results deleted."), "success")
    return redirect(url_for(".detail", offer_id=offer.id, _anchor="analog"))


# issue 14: quality checklist
@bp.route("/angebote/<int:offer_id>/qualitaet", methods=["POST"])
@role_required(OFFER_MANAGERS)
def quality_checklist(offer_id: int):
    """Store the checklist points the youth worker ticked (the automatic ones the product knows)."""
    offer = managed_offer(offer_id)
    keys = request.form.getlist("punkte")
    if not EmptyForm().validate_on_submit():
        flash(_("The form had expired. Please tick the points again."), "error")
    elif any(key not in quality.TICKABLE for key in keys):
        flash(_("Please tick only points of the checklist."), "error")
    else:
        quality.set_ticks(offer, keys, actor=current_user)
        db.session.commit()
        flash(_("Quality checklist saved."), "success")
    return redirect(url_for(".detail", offer_id=offer.id, _anchor="qualitaet"))


# issue 13: one-time codes ("everyone counts once")
@bp.route("/angebote/<int:offer_id>/einmal-codes", methods=["POST"])
@role_required(OFFER_MANAGERS)
def one_time_codes(offer_id: int):
    """Switch "everyone counts once" on or off: only before the first answer."""
    offer = managed_offer(offer_id)
    wanted = request.form.get("an")
    if EmptyForm().validate_on_submit() and wanted in ("1", "0"):
        try:
            codes.set_required(offer, wanted == "1", actor=current_user)
        except codes.CodesLocked:
            flash(
                _(
                    "This offer already has answers given without a code, so “everyone counts once” can no "
                    "longer be switched. Copy it as a new draft for a vote with cards."
                ),
                "error",
            )
        else:
            db.session.commit()
            if offer.requires_code:
                flash(
                    _("Everyone counts once: answers need a code from a card now. Print the cards."),
                    "success",
                )
            else:
                flash(_("One-time codes switched off: anyone with the link can answer."), "success")
    return redirect(url_for(".detail", offer_id=offer.id, _anchor="codes"))


@bp.route("/angebote/<int:offer_id>/karten", methods=["POST"])
@role_required(OFFER_MANAGERS)
def print_cards(offer_id: int):
    """Make N new one-time codes and answer with the printable A4 sheet of cards: the only place their
    plaintext ever appears (never stored; staff pages are sent no-store)."""
    offer = managed_offer(offer_id)
    back = redirect(url_for(".detail", offer_id=offer.id, _anchor="codes"))
    if not offer.requires_code:
        flash(_("Switch on “everyone counts once” first."), "error")
        return back
    if offer.phase_on(local_today()) == "closed":
        flash(_("Answering has ended: no more cards can be printed."), "error")
        return back
    form = CardsForm()
    if not form.validate_on_submit():
        for error in form.count.errors[:1]:
            flash(str(error), "error")
        return back
    plaintexts = codes.new_codes(offer, form.count.data, actor=current_user)
    db.session.commit()
    cards = []
    for card in plaintexts:
        url = external_url("link.give", code=offer.code, karte=card)
        image = base64.b64encode(qr_svg(url).encode()).decode()  # img-src allows data: (strict CSP)
        cards.append({"code": services.grouped_code(card), "qr": f"data:image/svg+xml;base64,{image}"})
    return render_template(
        "offers/cards.html",
        offer=offer,
        cards=cards,
        site=external_url("link.give", code=offer.code).split("://", 1)[-1],  # as typed into a browser
        typed_code=services.grouped_code(offer.code),
    )


@bp.route("/angebote/<int:offer_id>/kiosk/neu", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def new_kiosk(offer_id: int):
    """Create a kiosk link for a shared tablet, and show it once with a QR code to set the tablet up
    (only a hash is stored: the link cannot be shown again)."""
    offer = managed_offer(offer_id)
    form = KioskForm(days=current_app.config["KIOSK_DAYS"])
    refusal = None
    if form.validate_on_submit():
        try:
            created = kiosk.create(offer, name=form.name.data, days=form.days.data, actor=current_user)
        except kiosk.OfferNotOpen:
            refusal = _("A kiosk link can only be made for a published offer that has not ended.")
        except (kiosk.InvalidName, kiosk.InvalidDays):
            refusal = _("Please give the kiosk link a name.")
        else:
            db.session.commit()
            url = external_url("link.kiosk", token=created.token)
            return render_template(
                "offers/kiosk_created.html", offer=offer, link=created.link, url=url, qr=_svg_data(url)
            )
    status = 422 if form.is_submitted() else 200
    return render_template("offers/kiosk_new.html", offer=offer, form=form, refusal=refusal), status


def _svg_data(url: str) -> str:
    """The QR code of url as a data: URI for an <img> (nothing else holds the secret link)."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(url).encode()).decode()


@bp.route("/angebote/<int:offer_id>/kiosk/<int:kiosk_id>/beenden", methods=["POST"])
@role_required(OFFER_MANAGERS)
def revoke_kiosk(offer_id: int, kiosk_id: int):
    """End a kiosk link now: the tablet's next page says the link has ended."""
    offer = managed_offer(offer_id)
    link = kiosk.get_for(offer, kiosk_id)
    if link is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        kiosk.revoke(link, actor=current_user)
        db.session.commit()
        flash(
            _("The kiosk link “%(name)s” has ended. The tablet shows this on its next page.", name=link.name),
            "success",
        )
    return redirect(url_for(".detail", offer_id=offer.id, _anchor="kiosk"))
