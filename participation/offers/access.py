"""Object-level access to offers for staff views (the role check is @role_required)."""

from flask import abort
from flask_login import current_user

from participation.extensions import db
from participation.offers.models import Offer


def managed_offer(offer_id: int) -> Offer:
    """Load an offer the current user manages: 404 if missing, 403 if another organisation's."""
    offer = db.get_or_404(Offer, offer_id)
    if not current_user.can_manage(offer.organisation_id):
        abort(403)
    return offer
