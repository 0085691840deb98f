"""Object-level access to offers for staff views (the role check is @role_required)."""

from collections.abc import Callable

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from participation.extensions import db
from participation.offers.models import Offer


def managed_offer(offer_id: int) -> Offer:
    """Load an offer the current user manages: 404 if missing, 403 if another organisation's."""
    offer = db.get_or_404(Offer, offer_id)
    if not current_user.can_manage(offer.organisation_id):
        abort(403)
    return offer


def offer_action(offer_id: int, action: Callable[[Offer], None], failures: dict[type[Exception], str],
                 success: str):
    """Run one POST button on an offer the user manages: call the service, commit, flash, back to the offer."""
    from participation.auth.forms import EmptyForm

    offer = managed_offer(offer_id)
    if EmptyForm().validate_on_submit():
        try:
            action(offer)
        except tuple(failures) as error:
            flash(failures[type(error)], "error")
        else:
            db.session.commit()
            flash(success, "success")
    return redirect(url_for("offers.detail", offer_id=offer.id))
