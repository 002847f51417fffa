"""The town: its neighbourhoods and a few key/value settings."""
from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from web.models.base import Base


class Neighbourhood(Base):
    """A named part of the town (quartier) with its centre point."""

    __tablename__ = "neighbourhood"
    __table_args__ = (
        CheckConstraint("lat BETWEEN -90 AND 90", name="lat_range"),
        CheckConstraint("lon BETWEEN -180 AND 180", name="lon_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stable identifier from the town file, e.g. "les-nangues"
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    lat: Mapped[float]
    lon: Mapped[float]

    def __repr__(self) -> str:
        return f"<Neighbourhood {self.slug}>"


class Setting(Base):
    """A programme-wide setting an admin can change (town name, review on/off, ...)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
