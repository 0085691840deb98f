"""One pagination for every list (directory, audit log): Flask-SQLAlchemy's db.paginate with the page
number from the URL's "seite"; templates render it with the pager() macro."""

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from participation.extensions import db
from participation.parsing import page_number


def paginate(query: Select, raw_page: str | None, *, per_page: int) -> Pagination:
    """One page of query; an odd page number means page 1, and past the end the last page is shown
    rather than an empty one."""
    result = db.paginate(
        query, page=page_number(raw_page), per_page=per_page, max_per_page=per_page, error_out=False
    )
    if result.pages and result.page > result.pages:
        result = db.paginate(
            query, page=result.pages, per_page=per_page, max_per_page=per_page, error_out=False
        )
    return result
