"""Planners' pages: dashboard with map and tables, exports, printable report, per-offer results."""

from functools import partial

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.auth.decorators import role_required
from participation.extensions import db
from participation.fields import EmptyForm
from participation.labels import filter_choices
from participation.moderation.kinderschutz import organisations_without_contact
from participation.offers.models import Offer
from participation.planning.areas import focus_area_codes, set_focus_areas
from participation.planning.choropleth import choropleth
from participation.planning.filters import MEASURES, PlanningFilters
from participation.planning.services import checklists, dashboard, flagged_offers, offers_in_period
from participation.planning.tables import (
    ATTRIBUTION,
    CHART_TABLES,
    TABLE_NAMES,
    as_csv,
    as_xlsx,
    build_tables,
    display,
    filter_rows,
    without_zero_rows,
)
from participation.results.public import public_results
from participation.roles import ADMINS, PLANNERS
from participation.timeutil import local_today

ZERO_ROWS_LEFT_OUT = ("ortsteile", "stadtbezirke")  # in the report; indicators and months keep their zeros

bp = Blueprint("planning", __name__, url_prefix="/team/planung")


def _board():
    minimum = current_app.config["MIN_GROUP_SIZE"]
    filters = PlanningFilters.from_args(request.args, local_today())
    return dashboard(filters, today=local_today(), minimum=minimum), minimum


def _options() -> dict:
    return {
        **filter_choices("stadtbezirk", "age_group", "format", "level", "goal", "org_kind", "channel"),
        "measure": [
            ("participants", _("participants (stated Ortsteil)")),
            ("per_1000", _("per 1,000 residents")),
            ("per_1000_under15", _("per 1,000 under 15 (Schätzung)")),
            ("offers", _("offers")),
        ],
    }


def _page(template: str, *, report: bool = False, **extra):
    board, minimum = _board()
    show = partial(display, minimum=minimum)
    size, shapes, legend = choropleth(board, board.filters.measure, show)
    tables, left_out = build_tables(board), {}
    if report:  # a committee reads paper: leave out the rows that hold only zeros, and say how many
        trimmed = [without_zero_rows(t) if t.name in ZERO_ROWS_LEFT_OUT else (t, 0) for t in tables]
        tables = [table for table, _count in trimmed]
        left_out = {table.name: count for table, count in trimmed if count}
    return render_template(
        template,
        board=board,
        tables=tables,
        left_out=left_out,
        report=report,
        CHART_TABLES=CHART_TABLES,
        minimum=minimum,
        show=show,
        map_size=size,
        shapes=shapes,
        legend=legend,
        options=_options(),
        filter_rows=filter_rows(board),
        attribution=ATTRIBUTION,
        measures=MEASURES,
        **extra,
    )


@bp.route("/")
@role_required(PLANNERS)
def index():
    """The dashboard: indicators, map, charts and tables for the chosen period and filters, and the
    offers with an unusual burst of answers right now."""
    board_offers = offers_in_period(
        PlanningFilters.from_args(request.args, local_today()), request.args.get("seite")
    )
    return _page(
        "planning/dashboard.html",
        flagged=flagged_offers(),
        exports=True,
        offers=board_offers,
        without_contact=organisations_without_contact(),  # issue 14: Kinderschutz
        checklists=checklists(board_offers.items, local_today()),  # issue 14
    )


@bp.route("/bericht")
@role_required(PLANNERS)
def report():
    """The same content as a printable A4 report for the Jugendhilfeausschuss."""
    return _page("planning/report.html", report=True, exports=False, today=local_today())


@bp.route("/export/<name>.<fmt>")
@role_required(PLANNERS)
def export(name: str, fmt: str):
    """One dashboard table as CSV or XLSX, with the current filters."""
    if name not in TABLE_NAMES or fmt not in ("csv", "xlsx"):
        abort(404)
    board, minimum = _board()
    table = next(t for t in build_tables(board) if t.name == name)
    filename = f"mitreden-{table.name}-{board.filters.von}-{board.filters.bis}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if fmt == "csv":
        return Response(as_csv(table, minimum), mimetype="text/csv", headers=headers)
    return Response(
        as_xlsx(table, board, minimum),
        headers=headers,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@bp.route("/angebote/<int:offer_id>")
@role_required(PLANNERS)
def offer(offer_id: int):
    """Any published offer's aggregated results, with the same protection as the public page."""
    offer = db.get_or_404(Offer, offer_id)
    if offer.is_draft:
        abort(404)
    # Only after answering ended: live counts, refreshed before and after one person answers, would show
    # that person's answers even with every cell over the threshold.
    if offer.phase_on(local_today()) != "closed":
        return render_template("planning/offer.html", offer=offer, results=None)
    results = public_results(offer, minimum=current_app.config["MIN_GROUP_SIZE"])
    return render_template("planning/offer.html", offer=offer, results=results)


@bp.route("/schwerpunktraeume", methods=["GET", "POST"])
@role_required(ADMINS)
def focus_areas():
    """Administrators choose the Ortsteile that form the Schwerpunkträume (no built-in guess)."""
    form = EmptyForm()
    if form.validate_on_submit():
        set_focus_areas(set(request.form.getlist("ortsteile")), actor=current_user)
        db.session.commit()
        flash(_("Schwerpunkträume saved."), "success")
        return redirect(url_for(".focus_areas"))
    return render_template("planning/focus_areas.html", form=form, chosen=set(focus_area_codes()))
