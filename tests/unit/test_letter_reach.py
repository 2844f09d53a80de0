"""Letters name a person (issue 20 point 9): 'Heeft u vragen?' names the consulent with a phone number or
e-mail address, falls back to the municipality's general ones and says so, and holds a letter back when
there is neither. The phone and e-mail are set in Beheer > Gebruikers and on the command line, checked in the
core. And a last page never holds only the signature."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from datetime import date

import pytest
from pypdf import PdfReader
from sqlmodel import select

from db.models import AuditEntry, User
from desktop.core.access import users
from desktop.core.access.audit import PermissionDenied
from desktop.core.errors import ValidationError
from desktop.core.letters import case_letters, pipeline
from desktop.core.letters.jobs import CONTACT, RECEIPT, Job
from desktop.core.letters.letterhead import LetterSettings
from desktop.core.letters.reach import Consulent, general_lines, reach
from desktop.letters.beschikking import render_letter
from desktop.letters.content import LetterContent, Letterhead, Section
from tests.unit.test_contact_letters import handed  # noqa: F401 - the fixture
from tests.unit.test_letters import LETTER_DATE, configure, issue, only_letter, pdf_text, ready  # noqa: F401

PASSWORD = "drie lange woorden hier"


def set_contact(db, user_id: int, phone: str | None, email: str | None) -> None:
    with db.write() as s:
        user = s.get(User, user_id)
        user.phone, user.email = phone, email


# ---------------------------------------------------------------- the words


SETTINGS = LetterSettings(municipality="Gemeente Koersveen",
                          contact_lines=("Telefoon 14 0314", "E-mail info@koersveen.nl", "www.koersveen.nl"))


def test_the_consulent_is_named_with_her_own_phone_and_e_mail():
    r = reach(Consulent("Carla de Jong", "06 12345678", "c.dejong@koersveen.nl"), SETTINGS)
    assert r.paragraph == "U bereikt uw consulent, Carla de Jong, rechtstreeks:"
    assert r.bullets == ("Telefoon 06 12345678", "E-mail c.dejong@koersveen.nl") and r.problem is None
    assert reach(Consulent("Carla de Jong", None, "c@koersveen.nl"), SETTINGS).bullets == ("E-mail c@koersveen.nl",)


def test_without_her_own_the_municipality_is_named_and_the_letter_says_so():
    r = reach(Consulent("Carla de Jong"), SETTINGS)
    assert "Uw consulent is Carla de Jong" in r.paragraph and "geen eigen telefoonnummer of e-mailadres" in \
        r.paragraph and "vraag naar Carla de Jong" in r.paragraph
    assert r.bullets == ("Telefoon 14 0314", "E-mail info@koersveen.nl") and r.problem is None  # not the web site
    nobody = reach(None, SETTINGS)
    assert "geen vaste consulent" in nobody.paragraph and nobody.bullets == r.bullets


def test_with_no_phone_or_e_mail_anywhere_the_letter_is_held_back():
    web_only = LetterSettings(municipality="Gemeente Koersveen", contact_lines=("www.koersveen.nl", "Postbus 100"))
    assert general_lines(web_only) == ()
    r = reach(Consulent("Carla de Jong"), web_only)
    assert "Beheer > Gebruikers" in r.problem and "Carla de Jong" in r.problem and "Beheer > Brieven" in r.problem
    assert r.bullets == ("[ontbreekt: telefoonnummer of e-mailadres]",)  # what a draft shows


def test_general_lines_find_phone_numbers_and_addresses_as_the_beheerder_wrote_them():
    settings = LetterSettings(contact_lines=("Tel. (0314) 37 73 77", "Bel 14 0314", "info@koersveen.nl",
                                             "KvK 1234", "www.koersveen.nl"))
    assert general_lines(settings) == ("Tel. (0314) 37 73 77", "Bel 14 0314", "info@koersveen.nl")


# ---------------------------------------------------------------- every kind of letter


def test_a_decision_letter_names_the_casus_consulent_with_her_number(any_db, any_actors, ready):  # noqa: F811
    set_contact(any_db, any_actors.consulent.user_id, "06 12345678", "carla@koersveen.nl")
    result = issue(any_db, any_actors, [ready.id])
    assert not result.parked
    body = pdf_text(only_letter(any_db, ready.id).pdf)
    assert "Heeft u vragen? Neem dan contact op met uw consulent." in body
    assert "U bereikt uw consulent, Carla Consulent, rechtstreeks: • Telefoon 06 12345678 • E-mail " \
           "carla@koersveen.nl" in body


def test_a_decision_letter_falls_back_to_the_municipality(any_db, any_actors, ready):  # noqa: F811
    result = issue(any_db, any_actors, [ready.id])
    assert not result.parked
    body = pdf_text(only_letter(any_db, ready.id).pdf)
    assert "Uw consulent is Carla Consulent. Wij hebben geen eigen telefoonnummer of e-mailadres van uw " \
           "consulent. Bel of mail daarom de gemeente en vraag naar Carla Consulent: • Telefoon 14 0314" in body


def test_a_decision_letter_without_any_phone_or_e_mail_is_parked(any_db, any_actors, ready):  # noqa: F811
    configure(any_db, any_actors, contact_lines=["www.koersveen.nl"])
    check = pipeline.preflight(any_db, any_actors.medewerker, [ready.id], letter_date=LETTER_DATE)
    assert check.ready == ()
    assert any("geen telefoonnummer of e-mailadres" in p and "Carla Consulent" in p
               for p in check.parked[0].problems)
    set_contact(any_db, any_actors.consulent.user_id, None, "carla@koersveen.nl")
    assert pipeline.preflight(any_db, any_actors.medewerker, [ready.id], letter_date=LETTER_DATE).ok


def test_a_consulent_who_left_is_not_named(any_db, any_actors, ready):  # noqa: F811
    set_contact(any_db, any_actors.consulent.user_id, "06 12345678", None)
    with any_db.write() as s:
        s.get(User, any_actors.consulent.user_id).active = False
    issue(any_db, any_actors, [ready.id])
    body = pdf_text(only_letter(any_db, ready.id).pdf)
    assert "Carla Consulent" not in body and "06 12345678" not in body
    assert "U heeft op dit moment geen vaste consulent. Bel of mail daarom de gemeente: • Telefoon 14 0314" in body


def test_the_new_contact_person_letter_names_her_number(any_db, any_actors, handed):  # noqa: F811
    set_contact(any_db, any_actors.consulent2.user_id, "0314 123456", None)
    result = pipeline.issue_letters(any_db, any_actors.medewerker, [Job(CONTACT, handed[0])],
                                    letter_date=LETTER_DATE)
    assert not result.parked
    with any_db.read() as s:
        from db.models import Letter
        pdf = s.exec(select(Letter.pdf)).one()
    body = pdf_text(pdf)
    assert "Zo bereikt u ons Hebt u een vraag? Neem dan contact op met uw consulent." in body
    assert "U bereikt uw consulent, Kees Tweede, rechtstreeks: • Telefoon 0314 123456" in body


def test_the_receipt_names_the_consulent_or_is_parked_without_any_number(any_db, any_actors, setting):
    configure(any_db, any_actors, contact_lines=["www.koersveen.nl"])
    with any_db.write() as s:
        from db.models import Casus
        casus = s.get(Casus, setting["casus"])
        casus.receipt_due = True
        casus_id = casus.id
    job = Job(RECEIPT, casus_id)
    prepared = case_letters.RECEIPTS.prepare(any_db, any_actors.medewerker, [casus_id], LETTER_DATE,
                                             new_version=False, draft=False)[casus_id]
    assert any("geen telefoonnummer of e-mailadres" in p for p in prepared.problems)
    set_contact(any_db, any_actors.consulent.user_id, None, "carla@koersveen.nl")
    prepared = case_letters.RECEIPTS.prepare(any_db, any_actors.medewerker, [casus_id], LETTER_DATE,
                                             new_version=False, draft=True)[casus_id]
    assert not any("telefoonnummer" in p for p in prepared.problems), prepared.problems
    contact = [s for s in prepared.content.sections if s.heading == "Zo bereikt u ons"][0]
    assert contact.paragraphs[-1] == "U bereikt uw consulent, Carla Consulent, rechtstreeks:"
    assert contact.bullets == ("E-mail carla@koersveen.nl",)
    assert job.source == RECEIPT


def test_the_beheer_preview_names_an_invented_consulent(any_db, any_actors):
    from db.models.enums import LetterKind

    configure(any_db, any_actors)
    for kind in LetterKind:
        body = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(
            pipeline.preview(any_db, any_actors.beheerder, kind))).pages).split())
        assert "U bereikt uw consulent, K. Voorbeeld, rechtstreeks: • Telefoon 06 12345678" in body, kind


# ---------------------------------------------------------------- the users' phone and e-mail


@pytest.mark.parametrize("phone", ["06 12345678", "0612345678", "+31 6 12345678", "+31 (0)6 1234 5678",
                                   "0031 20 1234567", "020-1234567", "(0314) 123456", "14 0314", "14 020",
                                   "0800 1234", "0900 1234567"])
def test_dutch_phone_numbers_are_accepted_as_typed(phone):
    assert users.check_phone(f"  {phone} ") == phone


@pytest.mark.parametrize("phone", ["12345", "06 1234567", "06 123456789", "+32 2 123 45 67", "00 12345678",
                                   "06-1234-abcd", "140", "+31 6 1234 567 89", "06 12345678 (werk)"])
def test_other_phone_numbers_are_refused_in_dutch(phone):
    with pytest.raises(ValidationError) as info:
        users.check_phone(phone)
    assert info.value.field == "phone" and "06 12345678" in info.value.message


@pytest.mark.parametrize("email", ["c.dejong@koersveen.nl", "Carla.de-Jong+wmo@Sociaal.Koersveen.NL",
                                   "o'brien@gemeente.example"])
def test_plausible_e_mail_addresses_are_accepted(email):
    local, domain = email.split("@")
    assert users.check_email(email) == f"{local}@{domain.lower()}"


@pytest.mark.parametrize("email", ["carla", "carla@", "@koersveen.nl", "carla@koersveen", "carla@@koersveen.nl",
                                   "carla de jong@koersveen.nl", "carla@koersveen.n", ".carla@koersveen.nl",
                                   "carla..j@koersveen.nl", "carla@-koersveen.nl", "carla@koersveen.nl."])
def test_implausible_e_mail_addresses_are_refused_in_dutch(email):
    with pytest.raises(ValidationError) as info:
        users.check_email(email)
    assert info.value.field == "email" and "naam@gemeente.nl" in info.value.message


def test_add_user_stores_phone_and_e_mail_and_logs_them(db, actors):
    row = users.add_user(db, actors.beheerder, "cdejong", "Carla de Jong", "consulent", PASSWORD,
                         phone=" 06  12345678 ", email="C.deJong@Koersveen.NL")
    assert (row.phone, row.email) == ("06 12345678", "C.deJong@koersveen.nl")
    assert [(u.phone, u.email) for u in users.list_all_users(db, actors.beheerder) if u.username == "cdejong"] == \
        [("06 12345678", "C.deJong@koersveen.nl")]
    with db.read() as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "gebruiker.toevoegen")
                       .order_by(AuditEntry.id.desc())).first()
    assert "06 12345678" in str(entry.changes)


def test_add_user_names_every_problem_at_once_and_stores_nothing(db, actors):
    before = len(users.list_all_users(db, actors.beheerder))
    with pytest.raises(ValidationError) as info:
        users.add_user(db, actors.beheerder, "t.consulent", "", "directeur", "kort", phone="12345",
                       email="carla@")
    exc = info.value
    assert exc.message == "De gebruiker is niet toegevoegd. Herstel eerst:"
    assert set(exc.field_errors) == {"username", "display_name", "role", "password", "phone", "email"}
    assert "bestaat al" in exc.field_errors["username"]  # asked in the same transaction
    assert len(exc.problems) == 6
    assert len(users.list_all_users(db, actors.beheerder)) == before


def test_set_contact_checks_both_first_and_stores_both_or_neither(db, actors):
    name = actors.consulent.username
    with pytest.raises(ValidationError) as info:
        users.set_contact(db, actors.beheerder, name, phone="06 12345678", email="carla@")
    assert info.value.field == "email"
    with pytest.raises(ValidationError) as info:
        users.set_contact(db, actors.beheerder, name, phone="12", email="carla@")
    assert set(info.value.field_errors) == {"phone", "email"} and "niet opgeslagen" in info.value.message
    with db.read() as s:
        assert s.get(User, actors.consulent.user_id).phone is None
    row = users.set_contact(db, actors.beheerder, name, phone="06 12345678", email="carla@koersveen.nl")
    assert (row.phone, row.email) == ("06 12345678", "carla@koersveen.nl")
    row = users.set_contact(db, actors.beheerder, name, phone="")  # '' clears, None leaves as it is
    assert (row.phone, row.email) == (None, "carla@koersveen.nl")
    with db.read() as s:
        lines = s.exec(select(AuditEntry).where(AuditEntry.action == "gebruiker.contact")
                       .order_by(AuditEntry.id)).all()
    assert [json.loads(line.changes) for line in lines] == [
        {"phone": [None, "06 12345678"], "email": [None, "carla@koersveen.nl"]}, {"phone": ["06 12345678", None]}]


def test_only_a_beheerder_sets_someone_elses_contact_but_anyone_their_own(db, actors):
    with pytest.raises(PermissionDenied):
        users.set_contact(db, actors.consulent, actors.consulent2.username, phone="06 12345678")
    assert users.set_contact(db, actors.consulent, actors.consulent.username, phone="06 12345678").phone == \
        "06 12345678"


def test_demo_consulenten_have_a_phone_and_e_mail(template_db_path, tmp_path, today):
    from desktop.core.demo.generator import generate_demo
    from desktop.core.maintenance.database import open_database
    from tests.conftest import copy_template

    db = open_database(copy_template(template_db_path, tmp_path / "k.sqlite"))
    generate_demo(db, 30, 7, today=today)
    with db.read() as s:
        team = s.exec(select(User.role, User.phone, User.email)).all()
    consulenten = [(phone, email) for role, phone, email in team if role == "consulent"]
    assert consulenten and all(users.check_phone(p) == p and users.check_email(e) == e for p, e in consulenten)
    assert len({p for p, _ in consulenten}) == len(consulenten)


# ---------------------------------------------------------------- never the signature alone on a page


def _letterhead() -> Letterhead:
    return Letterhead("Gemeente Koersveen", ("Postbus 100", "7000 AA Koersveen"), ("Telefoon 14 0314",), None,
                      "J. Hendriksen", "teammanager Wmo")


def _letter(filler_lines: int, last: Section, *, signed: bool = True) -> LetterContent:
    filler = Section("Toelichting", ("\n".join(f"Regel {n} van de toelichting." for n in range(1, filler_lines + 1)),))
    head = _letterhead() if signed else dataclasses.replace(_letterhead(), signer_name="", signer_title="")
    return LetterContent("toekenning", head, ("Mevrouw A. de Vries", "Dorpsstraat 1", "7001 AB  DOETINCHEM"),
                         date(2026, 11, 23), "WMO-2026-000123-T1", "Besluit over uw aanvraag",
                         "Geachte mevrouw De Vries,", (Section("Ons besluit", ("U krijgt begeleiding.",)), filler, last),
                         closing="Met vriendelijke groet," if signed else "", on_behalf_of=(
                             "namens het college van burgemeester en wethouders," if signed else ""),
                         date_text="23 november 2026")


def _pages(content: LetterContent) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(render_letter(content))).pages]


def _without_furniture(page: str) -> str:
    """A page's text without its header and footer (drawn last, so they come last in the text)."""
    text = re.sub(r"pagina \d+ van \d+", "", page)
    for furniture in ("Gemeente Koersveen · WMO-2026-000123-T1", "Ons kenmerk WMO-2026-000123-T1"):
        text = text.replace(furniture, "")
    return text.strip()


def _body_of_last_page(pages: list[str]) -> str:
    """What the last page says besides its header, footer and the signature."""
    text = _without_furniture(pages[-1])
    for signature in ("Met vriendelijke groet,", "namens het college van burgemeester en wethouders,",
                      "J. Hendriksen", "teammanager Wmo"):
        text = text.replace(signature, "")
    return text.strip()


LAST_SECTIONS = {
    "short": Section("Heeft u vragen?", ("Neem dan contact op met uw consulent.",
                                         "U bereikt uw consulent, Carla de Jong, rechtstreeks:"),
                     bullets=("Telefoon 06 12345678", "E-mail carla@koersveen.nl")),
    "long paragraph": Section("Heeft u vragen?", ("Neem contact op met uw consulent. " * 60,)),
    "long bullets": Section("Heeft u vragen?", ("Bel of mail:",), bullets=tuple(f"Punt {n}" for n in range(30))),
    "long facts": Section("Heeft u vragen?", ("Zo bereikt u ons:",),
                          facts=tuple((f"Regel {n}", f"waarde {n}") for n in range(20))),
}


@pytest.mark.parametrize("shape", list(LAST_SECTIONS))
def test_a_last_page_never_holds_only_the_signature(shape):
    """Body lengths where the body alone just fits one page, so the signature would fall alone on page 2 (a
    letter rendered without a signature has one page fewer); the last page must hold more than the signature.
    A long last section used to stop the letter with a LayoutError instead."""
    last = LAST_SECTIONS[shape]
    would_fall_alone = 0
    for lines in range(0, 60):
        unsigned = len(_pages(_letter(lines, last, signed=False)))
        pages = _pages(_letter(lines, last))
        assert "J. Hendriksen teammanager Wmo" in pages[-1], (shape, lines)
        if len(pages) > unsigned:
            would_fall_alone += 1
        assert _body_of_last_page(pages), (shape, lines, pages[-1])
        assert all("J. Hendriksen" not in page for page in pages[:-1])  # the signature is never split
        assert not any(_without_furniture(page).endswith("Heeft u vragen?") for page in pages), \
            (shape, lines)  # nor a heading left alone at the foot of a page
    assert would_fall_alone, shape  # the sweep did reach the case it is about


def test_a_letter_long_enough_to_push_the_signature_to_page_two_keeps_text_with_it():
    """The plain case: a toekenning whose body ends at the bottom of page 1."""
    last = LAST_SECTIONS["short"]
    lines = next(n for n in range(0, 60) if len(_pages(_letter(n, last, signed=False))) == 1
                 and len(_pages(_letter(n, last))) == 2)
    pages = _pages(_letter(lines, last))
    assert len(pages) == 2 and pages[1].count("J. Hendriksen") == 1
    assert "Heeft u vragen?" in pages[1] and "Telefoon 06 12345678" in pages[1]  # the last section came along
