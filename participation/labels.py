"""How the fixed lists read for people, translated lazily: one table per enum, plus the choice builders
of forms and URL filters. Registered as template globals by participation.templating."""

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from participation.enums import (
    AgeGroup,
    Channel,
    ConcernStatus,
    Goal,
    OfferFormat,
    OfferStatus,
    OrganisationKind,
    ParticipationLevel,
    QuestionKind,
    RejectReason,
    ReviewState,
)
from participation.places import grouped_by_stadtbezirk
from participation.roles import Role

FORMAT_LABELS = {
    OfferFormat.online_survey: _l("Online survey"),
    OfferFormat.smiley_feedback: _l("Flash feedback (smileys)"),
    OfferFormat.dot_voting: _l("Dot voting"),
    OfferFormat.idea_collection: _l("Idea collection"),
    OfferFormat.workshop: _l("Workshop or event"),
}

LEVEL_LABELS = {
    ParticipationLevel.information: _l("Information"),
    ParticipationLevel.consultation: _l("Consultation"),
    ParticipationLevel.co_decision: _l("Co-decision"),
    ParticipationLevel.self_determination: _l("Self-determination"),
}

# One line per level, shown next to its radio button on the offer form.
LEVEL_HINTS = {
    ParticipationLevel.information: _l("Young people learn about a plan or decision; they do not decide."),
    ParticipationLevel.consultation: _l(
        "Young people give their opinion; adults decide and say what they did with it."
    ),
    ParticipationLevel.co_decision: _l("Young people decide together with adults, with a real say."),
    ParticipationLevel.self_determination: _l("Young people decide on their own; adults help."),
}

AGE_GROUP_LABELS = {
    AgeGroup.age_6_9: _l("6 to 9 years"),
    AgeGroup.age_10_13: _l("10 to 13 years"),
    AgeGroup.age_14_17: _l("14 to 17 years"),
    AgeGroup.age_18_27: _l("18 to 27 years"),
}

GOAL_LABELS = {
    Goal.participation: _l("Involving children and young people"),
    Goal.inclusion: _l("Promoting inclusion"),
    Goal.equal_opportunities: _l("Enabling equal opportunities"),
    Goal.families: _l("Strengthening families"),
    Goal.child_protection: _l("Protecting children's welfare"),
}

STATUS_LABELS = {
    OfferStatus.draft: _l("Draft"),
    OfferStatus.open: _l("Open"),
    OfferStatus.closed: _l("Closed"),
}

QUESTION_KIND_LABELS = {
    QuestionKind.smiley: _l("Smiley scale"),
    QuestionKind.single: _l("Single choice"),
    QuestionKind.multiple: _l("Multiple choice"),
    QuestionKind.yes_no: _l("Yes or no"),
    QuestionKind.dots: _l("Dot voting"),
    QuestionKind.text: _l("Short free text"),
}

# Value 1 is the saddest face, 5 the happiest; the text label is what counts for screen readers.
SMILEYS = [
    (1, "😞", _l("very bad")),
    (2, "🙁", _l("bad")),
    (3, "😐", _l("okay")),
    (4, "🙂", _l("good")),
    (5, "😄", _l("very good")),
]

YES_NO = [(1, _l("Yes")), (0, _l("No"))]

# issue 13: how answers came (staff and planners only: public pages never name qr, kiosk or code)
CHANNEL_LABELS = {
    Channel.qr: _l("QR code or link"),
    Channel.kiosk: _l("Kiosk"),
    Channel.code: _l("One-time code"),
    Channel.analog: _l("Analog"),
}

# The analog methods a youth worker can type in (answers.analog), by the key stored in AnalogEntry.method.
ANALOG_METHOD_LABELS = {
    "dots": _l("Sticky dots (Punktabfrage)"),
    "hands": _l("Show of hands"),
    "paper": _l("Paper sheet"),
    "other": _l("Other method"),
}

REVIEW_LABELS = {
    ReviewState.pending: _l("waiting for moderation"),
    ReviewState.approved: _l("approved"),
    ReviewState.rejected: _l("rejected"),
    ReviewState.concern: _l("in the Kinderschutz queue"),
}

CONCERN_STATUS_LABELS = {
    ConcernStatus.new: _l("new"),
    ConcernStatus.seen: _l("seen"),
    ConcernStatus.consulted: _l("specialist consulted"),
    ConcernStatus.closed: _l("closed"),
}
# What the contact can set (a case is new only until someone looks at it).
CONCERN_STATUS_CHOICES = {
    status: label for status, label in CONCERN_STATUS_LABELS.items() if status.name != "new"
}

REJECT_REASON_LABELS = {
    RejectReason.personal_data: _l("Contains personal data"),
    RejectReason.insult: _l("Insulting or hurtful"),
    RejectReason.off_topic: _l("Not about this offer"),
    RejectReason.spam: _l("Spam or nonsense"),
    RejectReason.other: _l("Other reason"),
}

# The kinds of participation.moderation.detector.Flag.
FLAG_LABELS = {
    "phone": _l("phone number"),
    "email": _l("e-mail address"),
    "address": _l("street address"),
    "social": _l("social media"),
    "url": _l("link"),
    "insult": _l("insult"),
    "concern": _l("Kinderschutz concern"),
}

ORGANISATION_KIND_LABELS = {
    OrganisationKind.traeger: _l("Independent provider (Träger)"),
    OrganisationKind.amt: _l("Public office (Amt)"),
    OrganisationKind.school: _l("School"),
    OrganisationKind.youth_club: _l("Youth club"),
    OrganisationKind.other: _l("Other"),
}

ROLE_LABELS = {
    Role.youth_worker: _l("Youth worker"),
    Role.planner: _l("Planner"),
    Role.admin: _l("Administrator"),
}

TEMPLATE_GLOBALS = {
    "FORMAT_LABELS": FORMAT_LABELS,
    "LEVEL_LABELS": LEVEL_LABELS,
    "LEVEL_HINTS": LEVEL_HINTS,
    "AGE_GROUP_LABELS": AGE_GROUP_LABELS,
    "GOAL_LABELS": GOAL_LABELS,
    "STATUS_LABELS": STATUS_LABELS,
    "QUESTION_KIND_LABELS": QUESTION_KIND_LABELS,
    "SMILEYS": SMILEYS,
    "YES_NO": YES_NO,
    "CHANNEL_LABELS": CHANNEL_LABELS,
    "ANALOG_METHOD_LABELS": ANALOG_METHOD_LABELS,
    "REVIEW_LABELS": REVIEW_LABELS,
    "REJECT_REASON_LABELS": REJECT_REASON_LABELS,
    "FLAG_LABELS": FLAG_LABELS,
    "ORGANISATION_KIND_LABELS": ORGANISATION_KIND_LABELS,
    "ROLE_LABELS": ROLE_LABELS,
}


def choices_from(labels: dict) -> list[SelectChoice]:
    """Turn an {enum member: label} table into WTForms choices keyed by the member's value."""
    return [SelectChoice(member.value, label) for member, label in labels.items()]


# The label table behind each URL filter on offers (directory and planning).
_FILTER_LABELS = {
    "age_group": AGE_GROUP_LABELS,
    "format": FORMAT_LABELS,
    "level": LEVEL_LABELS,
    "goal": GOAL_LABELS,
    "org_kind": ORGANISATION_KIND_LABELS,
    "channel": CHANNEL_LABELS,
}


def filter_choices(*names: str) -> dict[str, list[tuple[str, str]]]:
    """The choices of the named URL filters as (URL value, label) pairs, for filter_select()."""
    choices = {}
    for name in names:
        if name == "stadtbezirk":
            choices[name] = [
                (members[0].stadtbezirk_code, bezirk) for bezirk, members in grouped_by_stadtbezirk()
            ]
        else:
            choices[name] = [(member.value, label) for member, label in _FILTER_LABELS[name].items()]
    return choices
