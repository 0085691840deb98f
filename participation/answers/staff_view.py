"""What an offer's own staff see of its answers, in a way that cannot be tied to one young person.

While an offer is open, its figures and free texts are shown in batches: only the first 5, 10, 15 …
answers count, so refreshing the page before and after a child scans never shows that child's
answers; the rest show once a few more have arrived, or when answering ends. Free text comes in
random order, without a time, and links to moderation by a random key. Staff without the moderator
right see approved quotes only.
"""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from participation.accounts.models import User
from participation.accounts.services import can_moderate
from participation.answers.models import Submission
from participation.answers.tallies import FreeText, QuestionTally, free_texts, participant_count, tallies
from participation.extensions import db

if TYPE_CHECKING:
    from participation.offers.models import Offer

BATCH = 5


@dataclass
class StaffAnswers:
    participants: int  # everyone who has answered
    shown: int  # how many of them the figures and texts include
    tallies: list[QuestionTally]
    free_texts: list[FreeText]
    moderates: bool  # the viewer may moderate: free text in every state, linked to its decision

    @property
    def waiting(self) -> int:
        """Answers not yet in the figures (fewer than a batch)."""
        return self.participants - self.shown


def batch_end(offer_id: int, shown: int) -> int:
    """The id of the last submission in the first shown answers of the offer (0 when none)."""
    if shown == 0:
        return 0
    return db.session.scalar(
        select(Submission.id)
        .where(Submission.offer_id == offer_id)
        .order_by(Submission.id)
        .offset(shown - 1)
        .limit(1)
    )


def shown_up_to(offer: "Offer", participants: int, today: date) -> tuple[int, int | None]:
    """How many answers staff see, and the id of the last submission among them (None: all of them)."""
    if offer.phase_on(today) != "open":
        return participants, None
    shown = participants - participants % BATCH
    return shown, batch_end(offer.id, shown)


def staff_answers(offer: "Offer", viewer: User, today: date) -> StaffAnswers:
    """The answers for the staff offer page: in batches while the offer is open, all afterwards."""
    participants = participant_count(offer.id)
    shown, up_to = shown_up_to(offer, participants, today)
    moderates = can_moderate(viewer, offer.organisation_id)
    return StaffAnswers(
        participants=participants,
        shown=shown,
        tallies=tallies(offer, up_to),
        free_texts=free_texts(offer, up_to, all_states=moderates),
        moderates=moderates,
    )
