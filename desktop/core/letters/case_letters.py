"""The two letters of the intake, issued through the one letter pipeline like every other letter:

- the receipt of a melding (ontvangstbevestiging): waits from the moment the melding is registered, names the
  consulent, the last day of the research and of the resident's own plan, and cliëntondersteuning;
- the written report of the research (verslag, Wmo 2015 art. 2.3.2 lid 8): waits once the research is marked
  done, and is the agreed plan in the resident's words, in a letter. Sending it records the casus's
  report_sent_date.

The words are text blocks (resources/letters/<kind>.json, editable in Beheer > Brieven).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import exists
from sqlmodel import Session, col, select

from db import clock
from db.engine import Database
from db.models import Casus, Letter, Plan, Resident, User
from db.models.base import stored_id
from db.models.enums import Law, LetterKind, PlanStatus
from desktop.core import labels
from desktop.core.access.actor import Actor
from desktop.core.deadlines.rules import research_due
from desktop.core.deadlines.settings import deadline_settings
from desktop.core.intake.melding import personal_plan_due
from desktop.core.letters.contact_letters import ResidentAddressee, recipient_problems, settings_problems
from desktop.core.letters.decision_letters import (
    Addressee,
    Guardian,
    recipients,
    salutation_for,
    window_lines,
)
from desktop.core.letters.jobs import RECEIPT, REPORT, Job, Prepared, Taken
from desktop.core.letters.letterhead import LetterSettings, letter_settings, logo
from desktop.core.letters.reach import REACH_BLOCKS, Consulent, of_user, reach
from desktop.core.letters.texts import block_specs, effective_texts, fill
from desktop.core.nl import format_date
from desktop.core.plans.summary import summary_content
from desktop.core.plans.versions import document_of
from desktop.core.residents import people
from desktop.letters.content import LetterContent, Letterhead, Section

PREFIX = {LetterKind.ONTVANGSTBEVESTIGING: "MO", LetterKind.VERSLAG: "VS"}
NUMBER_WORDS = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht"}
NO_PLAN = ("Er is geen planversie akkoord. Het verslag is het plan zoals de inwoner het akkoord gaf: laat de "
           "consulent eerst een versie akkoord geven.")
NO_CONSULENT = "De casus heeft geen consulent. Wijs eerst een consulent toe; die staat in de brief als contactpersoon."


def make_kenmerk(kind: LetterKind, casus_id: int, letter_date: date, version: int = 1) -> str:
    """'MO-2026-000042' (melding ontvangen) or 'VS-2026-000042' (verslag); a later version gets '-2'."""
    base = f"{PREFIX[kind]}-{letter_date.year}-{casus_id:06d}"
    return base if version == 1 else f"{base}-{version}"


def _weeks(n: int) -> str:
    return f"{NUMBER_WORDS.get(n, str(n))} {'week' if n == 1 else 'weken'}"


def _plan_sections(s: Session, plan: Plan, casus: Casus, resident: Resident) -> tuple[Section, ...]:
    """The agreed plan as letter sections: the same words as the printed plan (plans/summary.py)."""
    content = summary_content(document_of(s, plan, casus, resident), municipality="", printed_on=date.min)
    out = [Section(heading="Uw vraag", paragraphs=(content.question or "—",))]
    if content.what_matters:
        out.append(Section(heading="Wat voor u belangrijk is", paragraphs=(content.what_matters,)))
    if content.circumstances:
        out.append(Section(heading="Uw situatie", paragraphs=(content.circumstances,)))
    for d in content.domains:
        out.append(Section(heading=f"{d.name} ({d.score})", facts=d.texts))
    if content.not_relevant:
        out.append(Section(paragraphs=("Over deze leefgebieden hebben we niets vastgelegd, omdat het daar goed gaat "
                                       "of omdat ze niet over uw vraag gaan: " + ", ".join(content.not_relevant)
                                       + ".",)))
    for g in content.goals:
        facts = tuple((f"{name}: {label}", value) for name, rows in g.results for label, value in rows)
        out.append(Section(heading=g.heading + (f" ({g.domain})" if g.domain else ""), facts=facts))
    return tuple(out)


def case_content(kind: LetterKind, addressee: Addressee, values: dict[str, str], plan: tuple[Section, ...],
                 settings: LetterSettings, image: bytes | None, texts: dict[str, str], letter_date: date,
                 kenmerk: str, draft: bool, consulent: Consulent | None = None,
                 guardians: tuple[Guardian, ...] = ()) -> tuple[LetterContent, list[str]]:
    """A receipt or a report from its text blocks (the plan's sections right after the introduction), and the
    placeholders that had no value. `consulent` is named under the last block with how to reach them; `guardians`
    receive the letter instead of the resident (gezag of a minor, an adult's curator or mentor)."""
    contact = reach(consulent, settings)
    missing: list[str] = []
    sections: list[Section] = []
    subject = ""
    for spec in block_specs(kind):
        text, gaps = fill(texts.get(spec.name, spec.default), values)
        missing += gaps
        if draft and gaps:
            text = fill(texts.get(spec.name, spec.default), {**values, **{g: f"[ontbreekt: {g}]" for g in gaps}})[0]
        if spec.name == "onderwerp":
            subject = text
            continue
        heading = fill(spec.heading, values)[0] if spec.heading else None
        paragraphs = tuple(p.strip() for p in text.split("\n\n") if p.strip())
        bullets: tuple[str, ...] = ()
        if spec.name in REACH_BLOCKS:
            paragraphs, bullets = (*paragraphs, contact.paragraph), contact.bullets
        sections.append(Section(heading=heading, paragraphs=paragraphs, bullets=bullets))
        if spec.name == "inleiding":
            sections.extend(plan)  # the report is the plan, right after its introduction
    letterhead = Letterhead(municipality=settings.municipality or "[ontbreekt: gemeente]",
                            address_lines=settings.address_lines, contact_lines=settings.contact_lines,
                            logo=image, signer_name=settings.signer_name, signer_title=settings.signer_title)
    return LetterContent(kind=kind.value, letterhead=letterhead, addressee_lines=window_lines(addressee, guardians),
                         letter_date=letter_date, date_text=format_date(letter_date), kenmerk=kenmerk,
                         subject=subject, salutation=salutation_for(addressee, guardians), sections=tuple(sections),
                         metadata_subject=f"{subject}, kenmerk {kenmerk}"), missing


class CaseLetters:
    """Receipts (kind ONTVANGSTBEVESTIGING) or reports (kind VERSLAG): one per casus, by casus id."""

    def __init__(self, name: str, kind: LetterKind):
        self.name, self.kind = name, kind

    def _issued(self) -> Any:
        return exists().where(col(Letter.casus_id) == Casus.id, col(Letter.kind) == self.kind)

    def pending(self, s: Session) -> list[int]:
        due = col(Casus.receipt_due).is_(True) if self.kind is LetterKind.ONTVANGSTBEVESTIGING else \
            (col(Casus.research_done_date).is_not(None) & col(Casus.report_sent_date).is_(None))
        ids = s.exec(select(col(Casus.id)).where(due, ~self._issued())
                     .order_by(col(Casus.melding_date), col(Casus.id))).all()
        return [stored_id(i) for i in ids]

    def prepare(self, db: Database, actor: Actor, ids: list[int], letter_date: date, *, new_version: bool,
                draft: bool) -> dict[int, Prepared]:
        settings = letter_settings(db)
        image = logo(db) if settings.has_logo else None
        texts = effective_texts(db, self.kind)
        general = settings_problems(settings)
        cfg = deadline_settings(db)
        out: dict[int, Prepared] = {}
        with db.read() as s:
            rows = s.exec(select(Casus, Resident, User).join(Resident, col(Resident.id) == Casus.resident_id)
                          .join(User, col(User.id) == Casus.consulent_id, isouter=True)
                          .where(col(Casus.id).in_(ids))).all() if ids else []
            today = clock.today()
            represented = recipients(s, [(r, c.law is Law.JEUGDWET) for c, r, _ in rows], today)
            for casus, resident, joined in rows:
                user: User | None = joined  # an outer join: None when the casus has no consulent
                assert casus.id is not None and resident.id is not None  # read from the database
                earlier = len(s.exec(select(Letter.id).where(Letter.casus_id == casus.id,
                                                             Letter.kind == self.kind)).all())
                if earlier and not new_version:
                    continue  # issued already: no longer waiting
                addressee = ResidentAddressee(resident)
                minor = people.is_minor(resident.date_of_birth, today)
                # per letter: a minor's gezag only in a Jeugdwet matter (the batch may hold the resident's Wmo
                # casus too); an adult's curator or mentor always
                guardians = represented.get(resident.id, ()) if (not minor or casus.law is Law.JEUGDWET) else ()
                problems = recipient_problems(addressee, guardians, casus.law is Law.JEUGDWET and minor)
                contact = of_user(user) if user is not None else None
                if user is None:
                    problems.append(NO_CONSULENT)
                else:
                    problems += [p for p in (reach(contact, settings).problem,) if p]
                values = {"gemeente": settings.municipality, "naam": addressee.name,
                          "briefdatum": format_date(letter_date), "wet": labels.LAW.get(casus.law, ""),
                          "contactpersoon": user.display_name if user else "",
                          "datum_melding": format_date(casus.melding_date)}
                sections: tuple[Section, ...] = ()
                if self.kind is LetterKind.ONTVANGSTBEVESTIGING:
                    values["onderzoekstermijn"] = format_date(research_due(casus.melding_date, casus.law, cfg))
                    values["persoonlijk_plan_termijn"] = format_date(
                        personal_plan_due(casus.melding_date, cfg.equated_holidays))
                else:
                    plan = s.exec(select(Plan).where(Plan.casus_id == casus.id, Plan.status == PlanStatus.AKKOORD)
                                  .order_by(col(Plan.version_no).desc())).first()
                    if plan is None:
                        problems.append(NO_PLAN)
                    else:
                        values["datum_akkoord"] = format_date(plan.agreed_date) if plan.agreed_date else ""
                        sections = _plan_sections(s, plan, casus, resident)
                    values["beslistermijn"] = _weeks(cfg.decision_weeks[Law(casus.law)])
                kenmerk = make_kenmerk(self.kind, casus.id, letter_date, earlier + 1)
                values["kenmerk"] = kenmerk
                content, missing = case_content(self.kind, addressee, values, sections, settings, image, texts,
                                                letter_date, kenmerk, draft, contact, guardians)
                problems += general
                problems += [f"De brieftekst gebruikt {{{{{name}}}}}, maar die heeft voor deze inwoner geen waarde."
                             for name in dict.fromkeys(missing) if name not in ("gemeente", "contactpersoon")]
                about = f"Melding {labels.LAW.get(casus.law, '')} van {format_date(casus.melding_date)}"
                out[casus.id] = Prepared(Job(self.name, casus.id), self.kind, resident.id, resident.client_number,
                                         addressee.name, kenmerk, content if (draft or not problems) else None,
                                         problems, law=Law(casus.law), about=about,
                                         since=casus.melding_date if self.kind is LetterKind.ONTVANGSTBEVESTIGING
                                         else casus.research_done_date, previous_letters=earlier,
                                         casus_id=casus.id)
        return out

    def claim(self, s: Session, p: Prepared, new_version: bool) -> None:
        stmt = select(Casus).where(Casus.id == p.job.id)
        if s.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        casus = s.exec(stmt).first()
        if casus is None:
            raise Taken("Deze casus bestaat niet meer. Er is geen brief gemaakt.")
        issued = len(s.exec(select(Letter.id).where(Letter.casus_id == casus.id, Letter.kind == self.kind)).all())
        if issued != p.previous_letters:
            raise Taken("Een collega heeft deze brief net gemaakt. Er is geen tweede brief gemaakt.")

    def archived(self, s: Session, p: Prepared, letter: Letter) -> None:
        """The letter row carries its casus (the pipeline stores p.casus_id); nothing else to link."""

    def sent(self, s: Session, letter: Letter, sent_on: date) -> dict[str, list[Any]]:
        """A verslag that goes out records its sending date on the casus."""
        if self.kind is not LetterKind.VERSLAG or letter.casus_id is None:
            return {}
        casus = s.get(Casus, letter.casus_id)
        assert casus is not None  # foreign key, ON DELETE RESTRICT
        old, casus.report_sent_date = casus.report_sent_date, sent_on
        return {"verslag_verzonden": [old.isoformat() if old else None, sent_on.isoformat()]}


RECEIPTS = CaseLetters(RECEIPT, LetterKind.ONTVANGSTBEVESTIGING)
REPORTS = CaseLetters(REPORT, LetterKind.VERSLAG)
