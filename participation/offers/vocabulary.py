"""User-facing labels of the fixed lists, translated lazily."""

from flask_babel import lazy_gettext as _l

from participation.feedback.models import ReviewState
from participation.offers.models import (
    AgeGroup,
    Goal,
    OfferFormat,
    OfferStatus,
    ParticipationLevel,
    QuestionKind,
)

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

KIND_LABELS = {
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

REVIEW_LABELS = {
    ReviewState.pending: _l("waiting for moderation"),
    ReviewState.approved: _l("approved"),
    ReviewState.rejected: _l("rejected"),
}


def register(app) -> None:
    """Expose the label tables to templates."""
    app.jinja_env.globals.update(
        FORMAT_LABELS=FORMAT_LABELS, LEVEL_LABELS=LEVEL_LABELS, AGE_GROUP_LABELS=AGE_GROUP_LABELS,
        GOAL_LABELS=GOAL_LABELS, STATUS_LABELS=STATUS_LABELS, KIND_LABELS=KIND_LABELS,
        SMILEYS=SMILEYS, YES_NO=YES_NO, REVIEW_LABELS=REVIEW_LABELS,
    )


def url_filter_values() -> dict[str, set[str]]:
    """The values a URL filter on offers may take (directory and planning); anything else is dropped."""
    from participation.admin.models import OrganisationKind
    from participation.places import ortsteile

    return {
        "stadtbezirk": {o.stadtbezirk_code for o in ortsteile().values()},
        "ortsteil": set(ortsteile()),
        "age_group": {g.value for g in AgeGroup},
        "format": {f.value for f in OfferFormat},
        "level": {lv.value for lv in ParticipationLevel},
        "goal": {g.value for g in Goal},
        "org_kind": {k.value for k in OrganisationKind},
        "status": {"open", "results"},
    }


def drop_unknown(filters) -> None:
    """Blank every field of a filter dataclass whose value is not allowed."""
    for name, allowed in url_filter_values().items():
        if hasattr(filters, name) and getattr(filters, name) not in allowed:
            setattr(filters, name, "")
