"""The Rückmeldung (what came of an offer) and the publication of results at the offer's public link."""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from participation.answers.tallies import participant_count, tallies
from participation.audit.services import record
from participation.extensions import db
from participation.offers.services import close_at_end
from participation.results.models import Outcome
from participation.sanitize import strip_control
from participation.timeutil import local_today, utcnow

if TYPE_CHECKING:
    from participation.accounts.models import User
    from participation.offers.models import Offer


class NotClosed(Exception):
    """The Rückmeldung is written, and results published, only after an offer has closed."""


class OutcomeMissing(Exception):
    """Results are published together with a Rückmeldung, never without."""


@dataclass
class OutcomeFields:
    decision: str
    next_steps: str = ""
    responsible: str = ""
    due_on: date | None = None
    message: str = ""


def save_outcome(offer: "Offer", fields: OutcomeFields, *, actor: "User | None") -> Outcome:
    """Write or change the Rückmeldung of a closed offer."""
    if offer.phase_on(local_today()) != "closed":
        raise NotClosed(offer)
    outcome = offer.outcome or Outcome(offer=offer)
    outcome.decision = strip_control(fields.decision).strip()
    outcome.next_steps = strip_control(fields.next_steps).strip()
    outcome.responsible = strip_control(fields.responsible).strip()
    outcome.due_on = fields.due_on
    outcome.message = strip_control(fields.message).strip()
    db.session.add(outcome)
    # After publication the change is public at once: the log and the page ("updated on") say so.
    record(
        "outcome.update_after_publish" if offer.results_published else "outcome.save",
        actor=actor,
        offer_id=offer.id,
    )
    db.session.flush()
    return outcome


def publish_results(offer: "Offer", *, actor: "User | None") -> None:
    """Show the Rückmeldung and the results at the offer's public link from now on."""
    if offer.phase_on(local_today()) != "closed":
        raise NotClosed(offer)
    if offer.outcome is None:
        raise OutcomeMissing(offer)
    if offer.results_published:
        return
    close_at_end(offer)  # the end date passed without anyone pressing "close"
    offer.results_published_at = utcnow()
    offer.results_published_on = local_today()
    record("results.publish", actor=actor, offer_id=offer.id)
    db.session.flush()


def results_dict(offer: "Offer") -> dict:
    """Return the offer's results in the command line's JSON shape (free text counted, not printed)."""
    return {
        "code": offer.code,
        "participants": participant_count(offer.id),
        "questions": [
            {
                "prompt": t.question.prompt,
                "kind": t.question.kind.value,
                "tallies": {row.key: row.count for row in t.rows},
            }
            for t in tallies(offer)
        ],
    }
