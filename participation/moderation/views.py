"""The moderation queue: approve, reject or redact free text, alone or in bulk, by mouse or keyboard."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from participation.answers.models import Answer
from participation.auth.decorators import role_required
from participation.enums import RejectReason, ReviewState
from participation.extensions import db
from participation.moderation import kinderschutz, services
from participation.moderation.detector import find_flags
from participation.moderation.forms import DecisionForm, NoteForm
from participation.parsing import small_int
from participation.roles import OFFER_MANAGERS

bp = Blueprint("moderation", __name__, url_prefix="/team/moderation")


def _int_list(name: str) -> list[int]:
    return [n for n in (small_int(v) for v in request.form.getlist(name)) if n is not None]


def _review_keys() -> list[str]:
    return request.form.getlist("answer_keys")


ORDERS = ("oldest", "newest")


def _queue_filter(args, counts: list[services.OfferCount]) -> dict:
    """The queue's URL filter, validated: an offer of the user's queue and an order; anything else is
    left out (all offers, oldest first)."""
    offer_id = small_int(args.get("offer"))
    chosen = {}
    if offer_id in {count.offer_id for count in counts}:
        chosen["offer"] = offer_id
    if args.get("order") in ORDERS and args.get("order") != ORDERS[0]:
        chosen["order"] = args["order"]
    return chosen


@bp.route("/")
@role_required(OFFER_MANAGERS)
def queue():
    """List the pending free-text answers of the organisations this moderator looks after, of one offer or
    of all, oldest or newest first, with how many wait per offer."""
    counts = services.queue_counts(current_user)
    chosen = _queue_filter(request.args, counts)
    items = services.queue(current_user, offer_id=chosen.get("offer"), newest=chosen.get("order") == "newest")
    return render_template(
        "moderation/queue.html",
        items=items,
        counts=counts,
        total=sum(count.waiting for count in counts),
        chosen=chosen,
        orders=ORDERS,
        form=DecisionForm(),
    )


def _item_reasons(keys: list[str]) -> dict[str, RejectReason]:
    """The reasons chosen next to single answers of the queue ("reason-<review key>")."""
    values = {reason.value for reason in RejectReason}
    reasons = {}
    for key in keys:
        value = request.form.get(f"reason-{key}", "")
        if value in values:
            reasons[key] = RejectReason(value)
    return reasons


@bp.route("/entscheiden", methods=["POST"])
@role_required(OFFER_MANAGERS)
def decide():
    """Approve or reject the ticked answers, or the one whose button was pressed."""
    if services.moderated_organisation_ids(current_user) == set():
        abort(403)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    choice = services.bulk_choice(
        request.form.get("single", ""), request.form.get("action", ""), _review_keys()
    )
    back = url_for(".queue", **_queue_filter(request.form, services.queue_counts(current_user)))
    if choice is None:
        flash(_("Please tick at least one answer and choose what to do."), "error")
        return redirect(back)
    action, keys = choice
    done, skipped = services.decide_many(
        actor=current_user,
        review_keys=keys,
        action=action,
        reason=RejectReason(form.reason.data),
        reasons=_item_reasons(keys),
    )
    db.session.commit()
    flash(ngettext("%(num)d answer decided.", "%(num)d answers decided.", done), "success")
    if skipped:
        flash(
            ngettext(
                "%(num)d answer was flagged or already decided: please open it and decide on its own.",
                "%(num)d answers were flagged or already decided: please open them and decide one by one.",
                skipped,
            ),
            "error",
        )
    return redirect(back)


@bp.route("/<string(minlength=8, maxlength=24):review_key>", methods=["GET", "POST"])
@role_required(OFFER_MANAGERS)
def review(review_key: str):
    """Decide on one answer: remove words, approve (anyway, with a note), reject, or later withdraw.
    Answers are found by their random review key, never by their (sequential) id."""
    answer = db.first_or_404(select(Answer).where(Answer.review_key == review_key))
    if answer.text is None:  # purged after the retention period: only its published quote is left
        abort(404)
    if answer.review_state is ReviewState.concern:  # issue 14: only in the Kinderschutz queue
        abort(404)
    if answer.review_state is None or not services.can_moderate(
        current_user, services.answer_organisation_id(answer)
    ):
        abort(403)
    form = DecisionForm() if answer.review_state is ReviewState.pending else NoteForm()
    removed = (
        set(_int_list("remove")) if request.method == "POST" else services.flagged_token_indexes(answer.text)
    )
    if form.validate_on_submit():
        error = _apply_decision(answer, form, removed)
        if error is None:
            db.session.commit()
            flash(_("Decision saved."), "success")
            return redirect(url_for(".queue"))
        flash(error, "error")
    return render_template(
        "moderation/review.html",
        answer=answer,
        form=form,
        words=services.word_choices(answer.text),
        removed=removed,
        flags=find_flags(answer.text),
    )


def _apply_decision(answer: Answer, form: NoteForm, removed: set[int]) -> str | None:
    """Carry out the pressed button; return a message for the moderator if it could not be done."""
    action, note = request.form.get("action"), form.note.data or ""
    if not isinstance(form, DecisionForm) and action not in ("withdraw", "concern"):
        return _("This answer has already been decided, perhaps by someone else a moment ago.")
    try:
        if action == "reject":
            services.reject(answer, actor=current_user, reason=RejectReason(form.reason.data), note=note)
        elif action == "withdraw":
            services.withdraw(answer, actor=current_user, note=note)
        elif action == "concern":  # issue 14: what the detector missed goes to the Kinderschutz queue
            kinderschutz.escalate(answer, actor=current_user)
        else:
            services.approve(
                answer, actor=current_user, removed=removed, anyway=action == "approve_anyway", note=note
            )
    except services.NeedsDecision:
        return _("This answer is flagged. Remove the marked words, or approve it anyway with a note.")
    except services.NoteRequired:
        form.note.errors = [_("Please write a note: why approve anyway, or why withdraw.")]
        return _("A note is needed for this decision.")
    except services.NothingLeft:
        return _("Nothing would be left of this answer. Please reject it instead.")
    except (services.NotPending, kinderschutz.NotMovable):
        return _("This answer has already been decided, perhaps by someone else a moment ago.")
    return None
