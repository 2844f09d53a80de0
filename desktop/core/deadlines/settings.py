"""The deadline settings a beheerder sets (Beheer > Termijnen): per kind the window before a due date
and the days overdue before it escalates, the statutory terms per law, the letter term."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from db.engine import Database
from db.models import EquatedHoliday, Setting
from db.models.enums import Law
from desktop.core.access import audit
from desktop.core.access.actor import Actor
from desktop.core.access.permissions import Action
from desktop.core.deadlines.kinds import KIND_LABELS, DeadlineKind
from desktop.core.deadlines.termijnenwet import shipped_equated_days
from desktop.core.errors import ValidationError

WINDOW_KEY = "termijn.venster.{kind}"  # days before the due date an item appears
ESCALATION_KEY = "termijn.escalatie.{kind}"  # days overdue after which an item escalates
RESEARCH_WEEKS_KEY = "termijn.onderzoek.{law}"  # weeks from melding to the end of the research
DECISION_WEEKS_KEY = "termijn.besluit.{law}"  # weeks from aanvraag to the decision
LETTER_DAYS_KEY = "termijn.brief.werkdagen"  # working days from vaststelling to sending the letter
DEFAULT_WINDOWS = {DeadlineKind.ONDERZOEK: 14, DeadlineKind.BESLUIT: 14, DeadlineKind.EVALUATIE: 14,
                   DeadlineKind.AFLOOP: 56, DeadlineKind.BRIEF: 7, DeadlineKind.OPVOLGING: 7}
DEFAULT_ESCALATION = {DeadlineKind.ONDERZOEK: 7, DeadlineKind.BESLUIT: 7, DeadlineKind.EVALUATIE: 14,
                      DeadlineKind.AFLOOP: 0, DeadlineKind.BRIEF: 5, DeadlineKind.OPVOLGING: 14}
DEFAULT_RESEARCH_WEEKS = {Law.WMO: 6, Law.JEUGDWET: 6}
DEFAULT_DECISION_WEEKS = {Law.WMO: 2, Law.JEUGDWET: 8}
DEFAULT_LETTER_WORKING_DAYS = 5


@dataclass(frozen=True)
class DeadlineSettings:
    windows: dict[DeadlineKind, int] = field(default_factory=lambda: dict(DEFAULT_WINDOWS))
    escalation: dict[DeadlineKind, int] = field(default_factory=lambda: dict(DEFAULT_ESCALATION))
    research_weeks: dict[Law, int] = field(default_factory=lambda: dict(DEFAULT_RESEARCH_WEEKS))
    decision_weeks: dict[Law, int] = field(default_factory=lambda: dict(DEFAULT_DECISION_WEEKS))
    letter_working_days: int = DEFAULT_LETTER_WORKING_DAYS
    equated_holidays: frozenset[date] | None = None  # None: the shipped decrees (termijnenwet)


DEFAULT_SETTINGS = DeadlineSettings()  # the statutory defaults, before a beheerder changes anything


# key -> (allowed range, Dutch description) for every setting this module reads
def _setting_specs() -> dict[str, tuple[int, int, str]]:
    specs: dict[str, tuple[int, int, str]] = {}
    for kind in DeadlineKind:
        specs[WINDOW_KEY.format(kind=kind.value)] = (0, 365, f"het venster van '{KIND_LABELS[kind]}' (dagen)")
        specs[ESCALATION_KEY.format(kind=kind.value)] = (0, 365, f"de escalatie van '{KIND_LABELS[kind]}' (dagen)")
    for law in Law:
        specs[RESEARCH_WEEKS_KEY.format(law=law.value)] = (1, 26, f"de onderzoekstermijn ({law.value}, weken)")
        specs[DECISION_WEEKS_KEY.format(law=law.value)] = (1, 26, f"de beslistermijn ({law.value}, weken)")
    specs[LETTER_DAYS_KEY] = (1, 30, "de termijn voor het verzenden van de brief (werkdagen)")
    return specs
SETTING_SPECS = _setting_specs()


def load_settings(session: Session) -> DeadlineSettings:
    """All `termijn.*` settings in one query; missing or unreadable values fall back to the defaults."""
    stored = {row.key: row.value
              for row in session.exec(select(Setting).where(col(Setting.key).like("termijn.%")))}

    def number(key: str, default: int) -> int:
        low, high, _ = SETTING_SPECS[key]
        try:
            value = int(stored[key])
        except (KeyError, ValueError):
            return default
        return value if low <= value <= high else default

    return DeadlineSettings(
        windows={k: number(WINDOW_KEY.format(kind=k.value), d) for k, d in DEFAULT_WINDOWS.items()},
        escalation={k: number(ESCALATION_KEY.format(kind=k.value), d) for k, d in DEFAULT_ESCALATION.items()},
        research_weeks={law: number(RESEARCH_WEEKS_KEY.format(law=law.value), d)
                        for law, d in DEFAULT_RESEARCH_WEEKS.items()},
        decision_weeks={law: number(DECISION_WEEKS_KEY.format(law=law.value), d)
                        for law, d in DEFAULT_DECISION_WEEKS.items()},
        letter_working_days=number(LETTER_DAYS_KEY, DEFAULT_LETTER_WORKING_DAYS),
        equated_holidays=equated_days(session),
    )


def equated_days(session: Session) -> frozenset[date]:
    """Every day equated to a holiday: the shipped decrees always (they are law), plus what a beheerder added."""
    return shipped_equated_days() | frozenset(session.exec(select(col(EquatedHoliday.day))))


def deadline_settings(db: Database) -> DeadlineSettings:
    with db.read() as s:
        return load_settings(s)


def set_deadline_setting(db: Database, actor: Actor, key: str, value: int) -> None:
    """Changes one `termijn.*` setting (beheerder: Action.SETTINGS_MANAGE); logged as 'instelling.wijzigen'."""
    audit.require(db, actor, Action.SETTINGS_MANAGE)
    if key not in SETTING_SPECS:
        raise ValidationError(f"'{key}' is geen termijninstelling van Koers.", field="key")
    low, high, label = SETTING_SPECS[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(f"Kies voor {label} een geheel getal van {low} tot en met {high}.", field="value")
    from desktop.core.settings import put_setting

    with db.write() as s:
        old = put_setting(s, key, str(value))
        audit.record(s, actor, "instelling.wijzigen", record_type="instelling", changes={key: [old, str(value)]})


def settings_as_values(cfg: DeadlineSettings) -> dict[str, int]:
    """The settings by key, as the Beheer form shows them."""
    values = {WINDOW_KEY.format(kind=k.value): v for k, v in cfg.windows.items()}
    values |= {ESCALATION_KEY.format(kind=k.value): v for k, v in cfg.escalation.items()}
    values |= {RESEARCH_WEEKS_KEY.format(law=law.value): v for law, v in cfg.research_weeks.items()}
    values |= {DECISION_WEEKS_KEY.format(law=law.value): v for law, v in cfg.decision_weeks.items()}
    values[LETTER_DAYS_KEY] = cfg.letter_working_days
    return values


def set_deadline_settings(db: Database, actor: Actor, values: dict[str, int]) -> int:
    """Saves several `termijn.*` settings in one transaction (all valid, or none stored); returns how many
    changed. Every problem is listed at once."""
    audit.require(db, actor, Action.SETTINGS_MANAGE)
    problems = []
    for key, value in values.items():
        if key not in SETTING_SPECS:
            problems.append(f"'{key}' is geen termijninstelling van Koers.")
            continue
        low, high, label = SETTING_SPECS[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append(f"Kies voor {label} een geheel getal van {low} tot en met {high}.")
    if problems:
        raise ValidationError("De termijnen zijn niet opgeslagen. Herstel eerst:", problems=problems)
    from desktop.core.settings import put_setting

    current = settings_as_values(deadline_settings(db))
    changed = {k: v for k, v in values.items() if current.get(k) != v}
    if changed:
        with db.write() as s:
            olds = {key: put_setting(s, key, str(value)) for key, value in changed.items()}
            audit.record(s, actor, "instelling.wijzigen", record_type="instelling",
                         changes={key: [olds[key], str(value)] for key, value in changed.items()})
    return len(changed)
