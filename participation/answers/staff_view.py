"""What an offer's own staff see of its answers, in a way that cannot be tied to one young person.

While an offer is open, its figures and free texts are shown in batches: only the first 5, 10, 15 …
answers count, so refreshing the page before and after a child scans never shows that child's
answers; the rest show once a few more have arrived, or when answering ends. Free text comes in
random order, without a time, and links to moderation by a random key. Staff without the moderator
right see approved quotes only.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from participation.accounts.models import User
from participation.accounts.services import can_moderate
from participation.answers.analog import analog_participants
from participation.answers.models import Submission
from participation.answers.tallies import (
    FreeText,
    QuestionTally,
    concern_count,
    digital_count,
    free_texts,
    tallies,
)
from participation.enums import Channel
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
    # Participants by channel, of the shown answers only (a live count per channel would single out
    # the child who just answered by kiosk); analog: every entry's participants.
    channels: dict[Channel, int] = field(default_factory=dict)
    analog: int = 0  # of participants (and of shown), how many took part in analog methods
    in_concern_queue: int = 0  # issue 14: free texts in the Kinderschutz queue (counted, never shown)

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
        .where(Submission.offer_id == offer_id, Submission.analog_entry_id.is_(None))
        .order_by(Submission.id)
        .offset(shown - 1)
        .limit(1)
    )


def shown_up_to(offer: "Offer", participants: int, today: date) -> tuple[int, int | None]:
    """How many answers staff see, and the id of the last submission among them (None: all of them).
    participants: the answers young people sent themselves (answers.tallies.digital_count); analog
    entries are shown whole, whenever staff typed them in."""
    if offer.phase_on(today) != "open":
        return participants, None
    shown = participants - participants % BATCH
    return shown, batch_end(offer.id, shown)


def staff_answers(offer: "Offer", viewer: User, today: date) -> StaffAnswers:
    """The answers for the staff offer page: in batches while the offer is open, all afterwards."""
    digital = digital_count(offer.id)
    analog = analog_participants(offer.id)
    shown, up_to = shown_up_to(offer, digital, today)
    moderates = can_moderate(viewer, offer.organisation_id)
    return StaffAnswers(
        participants=digital + analog,
        shown=shown + analog,
        tallies=tallies(offer, up_to),
        free_texts=free_texts(offer, up_to, all_states=moderates),
        moderates=moderates,
        channels=channel_counts(offer.id, up_to, analog),
        analog=analog,
        in_concern_queue=concern_count(offer.id, up_to),
    )


def channel_counts(offer_id: int, up_to: int | None, analog: int) -> dict[Channel, int]:
    """Participants by channel among the shown answers (up to submission id up_to), plus the analog ones."""
    query = select(Submission.channel, func.count()).where(
        Submission.offer_id == offer_id, Submission.analog_entry_id.is_(None)
    )
    if up_to is not None:
        query = query.where(Submission.id <= up_to)
    found = dict(db.session.execute(query.group_by(Submission.channel)).all())
    counts = {channel: int(found.get(channel, 0)) for channel in Channel}
    counts[Channel.analog] += analog
    return counts
