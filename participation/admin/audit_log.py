"""The audit log as administrators read it: one sentence per event, with the account's address and the
offer's title instead of codes and ids, and filters by action, account and period.

The stored detail of an event is a count, a reason code, a language code or (for organisations and
accounts) "key=value;key=value" pairs of ids and changed field names: never a password, a secret or a
young person's text. The sentence is built here from the current names."""

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from sqlalchemy import select
from wtforms import DateField, SelectField, SubmitField
from wtforms.validators import Optional, ValidationError

from participation.accounts.models import Organisation, User
from participation.audit.models import AuditEvent
from participation.enums import RejectReason
from participation.extensions import db
from participation.i18n import LANGUAGE_NAMES
from participation.labels import ANALOG_METHOD_LABELS, REJECT_REASON_LABELS, ROLE_LABELS
from participation.offers.models import Offer
from participation.offers.quality import BY_KEY
from participation.places import ortsteil_name
from participation.timeutil import to_utc

# action: (label for the filter, sentence). %(who)s is the account, %(offer)s the offer's title,
# %(target)s the organisation or account acted on, %(detail)s what the event adds.
ACTIONS = {
    "concern.status": (
        _l("Kinderschutz case updated"),
        _l("%(who)s set a Kinderschutz case of %(offer)s to “%(detail)s”."),
    ),
    "answer.to_concern": (
        _l("Moved to the Kinderschutz queue"),
        _l("%(who)s moved an answer of %(offer)s to the Kinderschutz queue."),
    ),
    "concern.contact": (
        _l("Kinderschutz contact named"),
        _l("%(who)s named the Kinderschutz contact: %(detail)s."),
    ),
    "offer.publish": (_l("Offer published"), _l("%(who)s published the offer %(offer)s.")),
    "offer.close": (_l("Answering ended"), _l("%(who)s ended answering for the offer %(offer)s.")),
    "offer.reopen": (
        _l("Offer reopened"),
        _l("%(who)s reopened the offer %(offer)s for answers until %(detail)s."),
    ),
    "offer.copy": (_l("Offer copied"), _l("%(who)s copied an offer into the new draft %(offer)s.")),
    "method.create": (_l("Method added"), _l("%(who)s added the method %(detail)s to the Methodenkoffer.")),
    "method.update": (_l("Method changed"), _l("%(who)s changed the method %(detail)s.")),
    "method.offer": (
        _l("Offer made from a method"),
        _l("%(who)s made the draft %(offer)s from the method %(detail)s."),
    ),
    "offer.delete": (_l("Draft deleted"), _l("%(who)s deleted the draft %(detail)s.")),
    "outcome.save": (_l("Rückmeldung saved"), _l("%(who)s saved the Rückmeldung of %(offer)s.")),
    "outcome.update_after_publish": (
        _l("Published Rückmeldung changed"),
        _l("%(who)s changed the already published Rückmeldung of %(offer)s."),
    ),
    "results.publish": (
        _l("Results published"),
        _l("%(who)s published the results and the Rückmeldung of %(offer)s."),
    ),
    "codes.require": (
        _l("One-time codes switched on"),
        _l("%(who)s switched on “everyone counts once” (one-time codes) for %(offer)s."),
    ),
    "codes.unrequire": (
        _l("One-time codes switched off"),
        _l("%(who)s switched off the one-time codes for %(offer)s."),
    ),
    "codes.print": (
        _l("Cards with one-time codes printed"),
        _l("%(who)s printed %(detail)s cards with one-time codes for %(offer)s."),
    ),
    "translation_saved": (
        _l("Translation saved"),
        _l("%(who)s saved the translation into %(detail)s of %(offer)s."),
    ),
    "kiosk.create": (
        _l("Kiosk link created"),
        _l("%(who)s created the kiosk link “%(detail)s” for %(offer)s."),
    ),
    "kiosk.revoke": (
        _l("Kiosk link ended"),
        _l("%(who)s revoked the kiosk link “%(detail)s” of %(offer)s."),
    ),
    "answer.approve": (_l("Answer approved"), _l("%(who)s approved an answer to %(offer)s.")),
    "answer.approve_anyway": (
        _l("Flagged answer approved"),
        _l("%(who)s approved a flagged answer to %(offer)s anyway, with a note."),
    ),
    "answer.redact": (_l("Words replaced"), _l("%(who)s replaced %(detail)s in an answer to %(offer)s.")),
    "answer.reject": (
        _l("Answer rejected"),
        _l("%(who)s rejected an answer to %(offer)s (reason: %(detail)s)."),
    ),
    "answer.withdraw": (
        _l("Answer withdrawn"),
        _l("%(who)s took an approved answer to %(offer)s off the public pages again."),
    ),
    "focus_areas.set": (_l("Schwerpunkträume set"), _l("%(who)s set the Schwerpunkträume: %(detail)s.")),
    # issue 13: analog results typed in by staff; detail: "method=…;participants=…;held_on=…"
    "analog.create": (
        _l("Analog results entered"),
        _l("%(who)s entered analog results for %(offer)s: %(detail)s."),
    ),
    "analog.change": (
        _l("Analog results corrected"),
        _l("%(who)s corrected analog results of %(offer)s, now: %(detail)s."),
    ),
    "analog.delete": (
        _l("Analog results deleted"),
        _l("%(who)s deleted analog results of %(offer)s: %(detail)s."),
    ),
    "quality.change": (
        _l("Quality checklist changed"),
        _l("%(who)s changed the quality checklist of %(offer)s: %(detail)s."),
    ),
    "data.purge": (_l("Old answers deleted"), _l("The automatic deletion of old answers ran: %(detail)s.")),
    "organisation.create": (
        _l("Organisation created"),
        _l("%(who)s created the organisation %(target)s."),
    ),
    "organisation.change": (
        _l("Organisation changed"),
        _l("%(who)s changed the organisation %(target)s: %(detail)s."),
    ),
    "account.create": (
        _l("Account created"),
        _l("%(who)s created the account %(target)s with the role %(detail)s."),
    ),
    "account.change": (_l("Account changed"), _l("%(who)s changed the account %(target)s: %(detail)s.")),
    "password.change_own": (_l("Own password changed"), _l("%(who)s changed their own password.")),
    "login.success": (_l("Login"), _l("%(who)s logged in.")),
    "login.failure": (_l("Failed login"), _l("A login as %(who)s failed.")),
    "login.lockout": (_l("Locked out"), _l("Too many failed logins: %(who)s must wait before trying again.")),
    "second_factor.on": (_l("Second factor on"), _l("%(who)s switched the second factor on.")),
    "second_factor.recovery_code_used": (
        _l("Recovery code used"),
        _l("%(who)s logged in with a recovery code."),
    ),
}

# The fields of an organisation or account whose change the log names.
CHANGED_FIELDS = {
    "name": _l("name"),
    "kind": _l("kind"),
    "active": _l("active or not"),
    "stadtbezirk": _l("Stadtbezirk"),
    "contact_email": _l("public e-mail address"),
    "contact_phone": _l("public phone number"),
    "website": _l("website"),
    "role": _l("role"),
    "organisations": _l("organisations"),
    "moderator_rights": _l("moderator rights"),
    "password": _l("password set anew"),
    "second_factor": _l("second factor switched off"),
}


def pairs(detail: str) -> dict[str, str]:
    """Parse a "key=value;key=value" detail (organisation and account events)."""
    return dict(part.split("=", 1) for part in detail.split(";") if "=" in part)


def as_detail(**values) -> str:
    """The detail of an organisation or account event: ids and field names only."""
    return ";".join(f"{key}={value}" for key, value in values.items() if value not in (None, ""))


@dataclass
class Line:
    event: AuditEvent
    sentence: Markup


def _quoted(text: str) -> Markup:
    return Markup("„{}“").format(text)


def _detail(event: AuditEvent, values: dict) -> str:
    detail = event.detail or ""
    if event.action == "translation_saved":
        return LANGUAGE_NAMES.get(detail, detail)
    if event.action == "answer.reject":
        try:
            return str(REJECT_REASON_LABELS[RejectReason(detail)])
        except ValueError:
            return detail
    if event.action == "answer.redact":
        count = detail.split(" ", 1)[0]
        return ngettext("%(num)d word", "%(num)d words", int(count)) if count.isdigit() else detail
    if event.action == "offer.reopen":
        try:
            return format_date(date.fromisoformat(detail))
        except ValueError:
            return detail
    if event.action == "offer.delete":
        return _quoted(detail)  # the deleted draft's title: the row is gone
    if event.action == "focus_areas.set":
        return ", ".join(ortsteil_name(code) for code in detail.split(",") if code) or _("none")
    if event.action == "quality.change":
        return _quality_detail(values)
    if event.action.startswith("analog."):
        return _analog_detail(values, detail)
    if event.action == "account.create":
        return _role(values.get("role", ""))
    if event.action in ("organisation.change", "account.change"):
        changed = [key for key in values.get("changes", "").split(",") if key]
        words = [
            _("role %(role)s", role=_role(values["role"])) if key == "role" and values.get("role") else None
            for key in changed
        ]
        words = [word or str(CHANGED_FIELDS.get(key, key)) for word, key in zip(words, changed, strict=True)]
        return ", ".join(words) or _("nothing changed")
    return detail


def _analog_detail(values: dict, detail: str) -> str:
    """'Sticky dots (Punktabfrage) on 3 May 2026, 12 participants'."""
    try:
        held_on = format_date(date.fromisoformat(values.get("held_on", "")))
        people = int(values.get("participants", ""))
    except ValueError:
        return detail
    method = str(ANALOG_METHOD_LABELS.get(values.get("method", ""), values.get("method", "")))
    return ngettext(
        "%(method)s on %(date)s, %(num)d participant",
        "%(method)s on %(date)s, %(num)d participants",
        people,
        method=method,
        date=held_on,
    )


def _quality_detail(values: dict) -> str:
    """'ticked: Taking part is voluntary; unticked: Resources are sufficient'."""

    def named(raw: str) -> str:
        return ", ".join(str(BY_KEY[key].label) if key in BY_KEY else key for key in raw.split(",") if key)

    parts = []
    if values.get("ticked"):
        parts.append(_("ticked: %(points)s", points=named(values["ticked"])))
    if values.get("unticked"):
        parts.append(_("unticked: %(points)s", points=named(values["unticked"])))
    return "; ".join(parts) or _("nothing changed")


def _role(value: str) -> str:
    return str(next((label for role, label in ROLE_LABELS.items() if role.value == value), value))


def describe(events: list[AuditEvent]) -> list[Line]:
    """One sentence per event, naming accounts, offers and organisations by their current names."""
    offer_ids = {e.offer_id for e in events if e.offer_id}
    found = (
        db.session.execute(
            select(Offer.id, Offer.title, Offer.created_at).where(Offer.id.in_(offer_ids))
        ).all()
        if offer_ids
        else []
    )
    offers = {offer_id: (title, created_at) for offer_id, title, created_at in found}
    details = {e.id: pairs(e.detail or "") for e in events}
    user_ids = {int(v["account"]) for v in details.values() if v.get("account", "").isdigit()}
    org_ids = {int(v["organisation"]) for v in details.values() if v.get("organisation", "").isdigit()}
    emails = dict(db.session.execute(select(User.id, User.email).where(User.id.in_(user_ids))).all())
    names = dict(
        db.session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(org_ids))
        ).all()
    )
    lines = []
    for event in events:
        values = details[event.id]
        if event.actor:
            who = event.actor.email
        elif event.action.startswith("login."):
            who = _("an unknown e-mail address")
        else:
            who = _("the system")
        if event.offer_id:
            title, created_at = offers.get(event.offer_id, (None, None))
            if title and to_utc(created_at) > to_utc(event.created_at):
                title = None  # a deleted draft's id taken by a newer offer (SQLite reuses the highest id)
            offer = (
                Markup('<a href="{}">„{}“</a>').format(
                    url_for("offers.detail", offer_id=event.offer_id), title
                )
                if title
                else _("a deleted offer")
            )
        else:
            offer = "–"
        target = "–"
        if values.get("account", "").isdigit():
            target = emails.get(int(values["account"]), _("a deleted account"))
        elif values.get("organisation", "").isdigit():
            found = names.get(int(values["organisation"]))
            target = _quoted(found) if found else _("a deleted organisation")
        known = ACTIONS.get(event.action)
        template = str(known[1]) if known else _("%(who)s: %(detail)s (%(action)s).")
        params = {
            "who": who,
            "offer": offer,
            "target": target,
            "detail": _detail(event, values),
            "action": event.action,
        }
        if not event.actor and template.startswith("%(who)s"):
            params["who"] = who[:1].upper() + who[1:]  # "The system …" (an address stays as it is)
        lines.append(Line(event, Markup(escape(template)) % params))
    return lines


def action_choices() -> list[tuple[str, str]]:
    return [("", _("all"))] + [(code, str(label)) for code, (label, _sentence) in ACTIONS.items()]


class AuditFilterForm(FlaskForm):
    """The filters of the log page, read from the URL (a GET form: no CSRF token, changes nothing)."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), default="")
    account = SelectField(_l("Account"), default="")
    von = DateField(_l("From"), validators=[Optional()], format="%Y-%m-%d")
    bis = DateField(_l("To"), validators=[Optional()], format="%Y-%m-%d")
    submit = SubmitField(_l("Show"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = action_choices()
        self.account.choices = [("", _("all"))] + [
            (str(user.id), user.email) for user in db.session.scalars(select(User).order_by(User.email))
        ]

    def validate_bis(self, field):
        if field.data and self.von.data and field.data < self.von.data:
            raise ValidationError(_("The end of the period is before its start."))

    def wanted(self) -> dict:
        """The filters that passed validation (a field with an error filters nothing)."""
        self.validate()
        # Clear messages in the user's language instead of WTForms' generic ones.
        if self.action.errors:
            self.action.errors = [_("Choose an action from the list.")]
        if self.account.errors:
            self.account.errors = [_("Choose an account from the list.")]
        for field in (self.von, self.bis):
            if field.process_errors:
                field.errors = [_("Enter a date as YYYY-MM-DD, for example 2026-12-01.")]
        fields = {}
        if not self.action.errors and self.action.data:
            fields["action"] = self.action.data
        if not self.account.errors and self.account.data:
            fields["actor_id"] = int(self.account.data)
        if not self.von.errors and self.von.data:
            fields["start"] = self.von.data
        if not self.bis.errors and self.bis.data:
            fields["end"] = self.bis.data
        return fields

    def as_args(self) -> dict[str, str]:
        """The valid filters for the pager's links."""
        args = {}
        for name in ("action", "account", "von", "bis"):
            field = getattr(self, name)
            if not field.errors and field.data:
                args[name] = field.data.isoformat() if isinstance(field.data, date) else field.data
        return args
