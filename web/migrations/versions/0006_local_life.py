"""places, activities, gatherings and participations

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 18:42:46.637146
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "place",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("neighbourhood_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("opening_hours", sa.Text(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("step_free", sa.Boolean(), nullable=True),
        sa.Column("contact", sa.String(length=255), nullable=False),
        sa.Column("website", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('maison_de_quartier', 'association', 'library', 'sports_club', "
            "'town_hall', 'other')",
            name=op.f("ck_place_kind_value"),
        ),
        sa.CheckConstraint(
            "lat IS NULL OR lat BETWEEN -90 AND 90", name=op.f("ck_place_lat_range")
        ),
        sa.CheckConstraint(
            "lon IS NULL OR lon BETWEEN -180 AND 180", name=op.f("ck_place_lon_range")
        ),
        sa.ForeignKeyConstraint(
            ["neighbourhood_id"],
            ["neighbourhood.id"],
            name=op.f("fk_place_neighbourhood_id_neighbourhood"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_place")),
        sa.UniqueConstraint("slug", name=op.f("uq_place_slug")),
    )
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_place_neighbourhood_id"), ["neighbourhood_id"], unique=False
        )

    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("location_text", sa.String(length=255), nullable=False),
        sa.Column("interests", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("audience", sa.String(length=12), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("rrule", sa.String(length=255), nullable=True),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("source_uid", sa.String(length=255), nullable=True),
        sa.Column("url", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "audience IN ('everyone', 'families', 'seniors', 'women')",
            name=op.f("ck_activity_audience_value"),
        ),
        sa.CheckConstraint(
            "kind IN ('cafe_rencontre', 'workshop', 'french_class', 'intergenerational', "
            "'sport', 'culture', 'outing', 'neighbourhood_council', 'participatory_budget', "
            "'consultation')",
            name=op.f("ck_activity_kind_value"),
        ),
        sa.CheckConstraint(
            "source IN ('town_file', 'ical', 'openagenda', 'csv', 'coordinator')",
            name=op.f("ck_activity_source_value"),
        ),
        sa.CheckConstraint(
            "status IN ('scheduled', 'cancelled')", name=op.f("ck_activity_status_value")
        ),
        sa.CheckConstraint(
            "capacity IS NULL OR capacity > 0", name=op.f("ck_activity_capacity_positive")
        ),
        sa.CheckConstraint("duration_minutes > 0", name=op.f("ck_activity_duration_positive")),
        sa.CheckConstraint(
            "price_cents IS NULL OR price_cents >= 0", name=op.f("ck_activity_price_positive")
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["place.id"], name=op.f("fk_activity_place_id_place"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
        sa.UniqueConstraint("source", "source_uid", name="uq_activity_source_uid"),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_place_id"), ["place_id"], unique=False)

    op.create_table(
        "activity_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("original_start", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("new_start", sa.DateTime(), nullable=True),
        sa.Column("new_duration_minutes", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind <> 'moved' OR new_start IS NOT NULL",
            name=op.f("ck_activity_change_moved_has_start"),
        ),
        sa.CheckConstraint(
            "kind IN ('cancelled', 'moved')", name=op.f("ck_activity_change_kind_value")
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_change_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_change")),
        sa.UniqueConstraint("activity_id", "original_start", name="uq_activity_change_occurrence"),
    )
    op.create_table(
        "gathering",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("host_volunteer_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('proposed', 'scheduled', 'cancelled', 'done')",
            name=op.f("ck_gathering_status_value"),
        ),
        sa.CheckConstraint("capacity BETWEEN 1 AND 500", name=op.f("ck_gathering_capacity_range")),
        sa.CheckConstraint("duration_minutes > 0", name=op.f("ck_gathering_duration_positive")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_gathering_activity_id_activity"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["coordinator.id"],
            name=op.f("fk_gathering_created_by_id_coordinator"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["host_volunteer_id"],
            ["volunteer.id"],
            name=op.f("fk_gathering_host_volunteer_id_volunteer"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["place.id"],
            name=op.f("fk_gathering_place_id_place"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gathering")),
    )
    op.create_table(
        "participation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("newcomer_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_start", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_participation_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["newcomer_id"],
            ["newcomer.id"],
            name=op.f("fk_participation_newcomer_id_newcomer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participation")),
        sa.UniqueConstraint(
            "newcomer_id", "activity_id", "occurrence_start", name="uq_participation_occurrence"
        ),
    )
    with op.batch_alter_table("participation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participation_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_participation_newcomer_id"), ["newcomer_id"], unique=False
        )

    op.create_table(
        "gathering_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gathering_id", sa.Integer(), nullable=False),
        sa.Column("newcomer_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "status IN ('suggested', 'invited', 'coming', 'not_coming')",
            name=op.f("ck_gathering_invitation_status_value"),
        ),
        sa.ForeignKeyConstraint(
            ["gathering_id"],
            ["gathering.id"],
            name=op.f("fk_gathering_invitation_gathering_id_gathering"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["newcomer_id"],
            ["newcomer.id"],
            name=op.f("fk_gathering_invitation_newcomer_id_newcomer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gathering_invitation")),
        sa.UniqueConstraint("gathering_id", "newcomer_id", name="uq_gathering_invitation_person"),
    )
    with op.batch_alter_table("gathering_invitation", schema=None) as batch_op:
        batch_op.create_index("ix_gathering_invitation_newcomer", ["newcomer_id"], unique=False)

    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outing_activity_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("outing_start", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_proposal_outing_activity_id_activity"),
            "activity",
            ["outing_activity_id"],
            ["id"],
            ondelete="SET NULL",
        )

    # the weekly e-mail "Cette semaine à ..." (jobs.local_life): opt-out, and the last week sent
    with op.batch_alter_table("newcomer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("weekly_digest", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(sa.Column("digest_week", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("newcomer", schema=None) as batch_op:
        batch_op.drop_column("digest_week")
        batch_op.drop_column("weekly_digest")

    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_proposal_outing_activity_id_activity"), type_="foreignkey"
        )
        batch_op.drop_column("outing_start")
        batch_op.drop_column("outing_activity_id")

    with op.batch_alter_table("gathering_invitation", schema=None) as batch_op:
        batch_op.drop_index("ix_gathering_invitation_newcomer")

    op.drop_table("gathering_invitation")
    with op.batch_alter_table("participation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participation_newcomer_id"))
        batch_op.drop_index(batch_op.f("ix_participation_activity_id"))

    op.drop_table("participation")
    op.drop_table("gathering")
    op.drop_table("activity_change")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_place_id"))

    op.drop_table("activity")
    with op.batch_alter_table("place", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_neighbourhood_id"))

    op.drop_table("place")
