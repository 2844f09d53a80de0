"""intake: how a melding came in, the personal plan, the report of the research, the outcome; two new letters

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 13:00:16

The casus gets the facts of the intake (all empty, or false, for the casussen made before), and the one letter
archive two new kinds that belong to a casus rather than a decision: the receipt of a melding
(ontvangstbevestiging) and the written report of the research (verslag).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op
from alembic.operations import BatchOperations

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = ("toekenning", "wijziging", "afwijzing", "beeindiging", "contactpersoon")
NEW_KINDS = (*OLD_KINDS, "ontvangstbevestiging", "verslag")
SOURCES = ("inwoner", "naaste", "verwijzing", "huisarts", "medisch_specialist", "jeugdarts")
OUTCOMES = ("toekenning", "afwijzing", "ingetrokken", "eigen_kracht", "netwerk", "algemene_voorziening")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _kind(batch_op: BatchOperations, table: str, kinds: tuple[str, ...], old_length: int, new_length: int) -> None:
    batch_op.drop_constraint(batch_op.f(f"ck_{table}_letter_kind"), type_="check")
    batch_op.alter_column("kind", existing_type=sa.String(old_length), type_=sa.String(new_length),
                          existing_nullable=False)
    batch_op.create_check_constraint(batch_op.f(f"ck_{table}_letter_kind"), _in("kind", kinds))


def upgrade() -> None:
    with op.batch_alter_table("casus", schema=None) as batch_op:
        batch_op.add_column(sa.Column("question", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column("came_in_via", sa.String(18), nullable=True))
        batch_op.add_column(sa.Column("referrer", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(sa.Column("personal_plan_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("clientondersteuning_informed", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("receipt_due", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("research_done_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("report_sent_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.String(20), nullable=True))
        batch_op.add_column(sa.Column("outcome_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("outcome_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.create_check_constraint(batch_op.f("ck_casus_melding_source"), _in("came_in_via", SOURCES))
        batch_op.create_check_constraint(batch_op.f("ck_casus_case_outcome"), _in("outcome", OUTCOMES))
        batch_op.create_check_constraint(
            "jeugdwet_referrers", "came_in_via IS NULL OR came_in_via NOT IN ('huisarts', 'medisch_specialist', "
            "'jeugdarts') OR law = 'jeugdwet'")
        batch_op.create_check_constraint("outcome_dated", "outcome IS NULL OR outcome_date IS NOT NULL")
        batch_op.create_check_constraint("personal_plan_after_melding",
                                         "personal_plan_date IS NULL OR personal_plan_date >= melding_date")
        batch_op.create_index("ix_casus_receipt_due", ["receipt_due"], unique=False)
        batch_op.create_index("ix_casus_research_done", ["research_done_date"], unique=False)

    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.add_column(sa.Column("casus_id", sa.Integer(), nullable=True))
        _kind(batch_op, "letter", NEW_KINDS, 14, 20)
        batch_op.drop_constraint(batch_op.f("ck_letter_decision_letter_decision"), type_="check")
        batch_op.create_check_constraint(
            "decision_letter_decision",
            "kind IN ('contactpersoon', 'ontvangstbevestiging', 'verslag') OR beschikking_id IS NOT NULL")
        batch_op.create_check_constraint("case_letter_casus",
                                         "kind NOT IN ('ontvangstbevestiging', 'verslag') OR casus_id IS NOT NULL")
        batch_op.create_index(batch_op.f("ix_letter_casus_id"), ["casus_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_letter_casus_id_casus"), "casus", ["casus_id"], ["id"],
                                    ondelete="RESTRICT")
    with op.batch_alter_table("letter_text", schema=None) as batch_op:
        _kind(batch_op, "letter_text", NEW_KINDS, 14, 20)


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM letter_text WHERE kind IN ('ontvangstbevestiging', 'verslag')"))
    op.execute(sa.text("DELETE FROM letter WHERE kind IN ('ontvangstbevestiging', 'verslag')"))
    with op.batch_alter_table("letter_text", schema=None) as batch_op:
        _kind(batch_op, "letter_text", OLD_KINDS, 20, 14)
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_letter_casus_id_casus"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_letter_casus_id"))
        batch_op.drop_constraint(batch_op.f("ck_letter_case_letter_casus"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_letter_decision_letter_decision"), type_="check")
        batch_op.create_check_constraint("decision_letter_decision",
                                         "kind = 'contactpersoon' OR beschikking_id IS NOT NULL")
        _kind(batch_op, "letter", OLD_KINDS, 20, 14)
        batch_op.drop_column("casus_id")
    with op.batch_alter_table("casus", schema=None) as batch_op:
        batch_op.drop_index("ix_casus_research_done")
        batch_op.drop_index("ix_casus_receipt_due")
        for name in ("personal_plan_after_melding", "outcome_dated", "jeugdwet_referrers", "case_outcome",
                     "melding_source"):
            batch_op.drop_constraint(batch_op.f(f"ck_casus_{name}"), type_="check")
        for column in ("outcome_reason", "outcome_date", "outcome", "report_sent_date", "research_done_date",
                       "receipt_due", "clientondersteuning_informed", "personal_plan_date", "referrer",
                       "came_in_via", "question"):
            batch_op.drop_column(column)
