"""One offer's tallies for its youth worker as CSV or XLSX: the same figures the staff offer page shows
(in batches while answering is open), one row per answer option. Free text is counted, never written out."""

import io
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from openpyxl import Workbook

from participation.answers.staff_view import StaffAnswers
from participation.enums import QuestionKind
from participation.labels import CHANNEL_LABELS, QUESTION_KIND_LABELS
from participation.spreadsheets import append_row, spreadsheet_csv

if TYPE_CHECKING:
    from participation.offers.models import Offer


def tally_table(offer: "Offer", answers: StaffAnswers, today: date) -> tuple[list[str], list[list]]:
    """Header and rows: question number, question, kind, answer, count, share of those who answered, and
    of the count how many came from analog methods (issue 13)."""
    header = [
        _("No."),
        _("Question"),
        _("Kind"),
        _("Answer"),
        _("Count"),
        _("Share (%)"),
        _("of which analog"),
    ]
    rows = []
    for number, tally in enumerate(answers.tallies, start=1):
        kind = tally.question.kind
        for row in tally.rows:
            label = _("written answers") if kind is QuestionKind.text else row.label
            share = (
                round(100 * row.count / tally.answered, 1)
                if tally.answered and kind is not QuestionKind.dots
                else None
            )
            rows.append(
                [
                    number,
                    tally.question.prompt,
                    str(QUESTION_KIND_LABELS[kind]),
                    label,
                    row.count,
                    share,
                    row.analog,
                ]
            )
    return header, rows


def about_rows(offer: "Offer", answers: StaffAnswers, today: date) -> list[list]:
    """What the figures are: the offer, its code, how many answered, as of when."""
    return [
        [_("Offer"), offer.title],
        [_("Code"), offer.code],
        [_("Participants"), answers.participants],
        [_("Included in the figures"), answers.shown],
        *([str(CHANNEL_LABELS[channel]), n] for channel, n in answers.channels.items()),
        [_("As of"), today.isoformat()],
    ]


def as_csv(offer: "Offer", answers: StaffAnswers, today: date) -> bytes:
    """For German spreadsheets, as the planners' exports: ";" and a decimal comma, UTF-8 with BOM."""
    header, rows = tally_table(offer, answers, today)
    return spreadsheet_csv(header, rows)


def as_xlsx(offer: "Offer", answers: StaffAnswers, today: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Results")[:31]
    header, rows = tally_table(offer, answers, today)
    for row in [header, *rows]:
        append_row(sheet, row)
    about = book.create_sheet(_("About")[:31])
    for row in about_rows(offer, answers, today):
        append_row(about, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
