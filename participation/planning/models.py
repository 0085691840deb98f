"""What planning keeps of its own: the Schwerpunkträume (participation counts belong to the answers)."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from participation.extensions import db


class FocusArea(db.Model):
    """An Ortsteil in the Schwerpunkträume of the IJHP, as configured by an administrator."""

    __tablename__ = "focus_areas"

    ortsteil_code: Mapped[str] = mapped_column(String(2), primary_key=True)
