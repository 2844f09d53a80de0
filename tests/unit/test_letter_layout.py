"""desktop.letters.beschikking: the decision letter as PDF, read back with pypdf."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from desktop.letters.beschikking import (
    PAGE_H,
    WINDOW_H,
    WINDOW_LEFT,
    WINDOW_TOP,
    WINDOW_W,
    render_letter,
    render_letters,
)
from desktop.letters.content import LetterContent, Letterhead, Section
from desktop.version import name_and_version

ADDRESSEE = ("Mevrouw A. de Vries-Çelik", "Dorpsstraat 1 a", "1234 AB Koersveen")


def _png(alpha: bool = False) -> bytes:
    """A small logo: a blue block on a white (or transparent) field."""
    image = Image.new("RGBA" if alpha else "RGB", (300, 100), (0, 0, 0, 0) if alpha else (255, 255, 255))
    ImageDraw.Draw(image).rectangle((0, 0, 90, 90), fill=(31, 78, 121, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _letterhead(logo: bytes | None = None) -> Letterhead:
    return Letterhead("Gemeente Koersveen", ("Postbus 100", "1234 AB Koersveen"),
                      ("Telefoon 14 0123", "www.koersveen.nl"), logo, "J. de Vries", "teammanager Wmo")


def _toekenning(logo: bytes | None = None, reason_extra: str = "", kenmerk: str = "WMO-2026-000123",
                extra_sections: tuple[Section, ...] = ()) -> LetterContent:
    sections = (
        Section("Ons besluit",
                ("U heeft op 3 november 2026 ondersteuning aangevraagd. "
                 "Wij kennen u begeleiding individueel toe.",),
                facts=(("Voorziening", "Begeleiding individueel (02A08)"),
                       ("Omvang", "56 uur in totaal: 8 uur per periode van 4 weken"),
                       ("Aanbieder", "Zorg & Welzijn <Oost> B.V."),
                       ("Ingangsdatum", "1 december 2026"), ("Einddatum", "30 november 2027"),
                       ("Tarief", "€ 1.234,50 per periode"))),
        Section("Wat u wilt bereiken", ("Deze resultaten heeft u samen met uw consulent afgesproken:",),
                bullets=("Binnen twee maanden bedient u zelf de wasmachine.",
                         "U gaat weer naar de sportclub in 's-Gravenhage.",
                         "U zei: \"ik wil Noël en François zelf bellen\".")),
        Section("Evaluatie", ("Wij bespreken met u hoe het gaat:",),
                bullets=("rond 1 maart 2027", "rond 1 september 2027")),
        Section("Waarom dit besluit",
                ("Wij hebben uw situatie onderzocht in een gesprek op 10 november 2026. "
                 "U kunt een deel van het huishouden zelf doen, maar het overzicht houden lukt niet meer. "
                 + reason_extra,)),
        Section("Eigen bijdrage", ("Voor deze ondersteuning betaalt u een eigen bijdrage van € 21,80 "
                                   "per maand aan het CAK. Het CAK stuurt u daarover een brief.",)),
        *extra_sections,
        Section("Bent u het niet eens met dit besluit?",
                ("Dan kunt u bezwaar maken binnen zes weken na de dag waarop wij deze brief hebben "
                 "verstuurd, dus uiterlijk op 4 januari 2027. Stuur uw bezwaar naar het college van "
                 "burgemeester en wethouders, Postbus 100, 1234 AB Koersveen. Zet in uw brief uw naam, adres, de datum, het "
                 "kenmerk van deze brief, waarom u het niet eens bent en uw handtekening.",
                 "Is het spoedeisend? Dan kunt u de voorzieningenrechter om een voorlopige voorziening "
                 "vragen.",
                 "Heeft u vragen? Bel dan met uw consulent, mevrouw P. Jansen, telefoon 14 0123. Zij helpt u "
                 "graag, ook als u het besluit samen met iemand die u vertrouwt wilt doorlezen. U kunt ook "
                 "gratis hulp krijgen van een onafhankelijke cliëntondersteuner.")),
    )
    return LetterContent("toekenning", _letterhead(logo), ADDRESSEE, date(2026, 11, 23), kenmerk,
                         "Besluit over uw aanvraag Wmo-ondersteuning", "Geachte mevrouw De Vries,", sections,
                         metadata_subject="Beschikking Wmo, toewijzing 2026000123", date_text="23 november 2026")


def _long() -> LetterContent:
    words = "Ik red het niet alleen & de buren < helpen > soms, maar niet elke dag. "
    text = (words * (5000 // len(words) + 1))[:5000]
    return _toekenning(reason_extra=text, kenmerk="WMO-2026-000124")


def _read(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf))


def _texts(reader: PdfReader) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def toekenning_pdf() -> bytes:
    return render_letter(_toekenning(logo=_png()))


def test_two_pages_numbered(toekenning_pdf):
    reader = _read(toekenning_pdf)
    texts = _texts(reader)
    assert len(reader.pages) == 2
    assert "pagina 1 van 2" in texts[0] and "pagina 2 van 2" not in texts[0]
    assert "pagina 2 van 2" in texts[1]
    for page in reader.pages:
        assert [round(v) for v in page.mediabox] == [0, 0, 595, 842]  # A4


def test_first_page_blocks_and_follow_on_header(toekenning_pdf):
    first, second = _texts(_read(toekenning_pdf))
    for expected in ("Datum", "23 november 2026", "Ons kenmerk", "WMO-2026-000123", "Onderwerp",
                     "Besluit over uw aanvraag Wmo-ondersteuning", "Geachte mevrouw De Vries,", "Ons besluit",
                     "Postbus 100", "Telefoon 14 0123", "Dorpsstraat 1 a"):
        assert expected in first
    assert "Gemeente Koersveen · WMO-2026-000123" in second
    assert "Gemeente Koersveen · WMO-2026-000123" not in first
    for expected in ("Met vriendelijke groet,", "namens het college van burgemeester en wethouders,",
                     "J. de Vries", "teammanager Wmo", "Bent u het niet eens met dit besluit?"):
        assert expected in second


def test_metadata(toekenning_pdf):
    meta = _read(toekenning_pdf).metadata
    assert meta.title == "Besluit over uw aanvraag Wmo-ondersteuning"
    assert meta.author == "Gemeente Koersveen"
    assert meta.subject == "Beschikking Wmo, toewijzing 2026000123"
    assert meta.creator == meta.producer == name_and_version()  # Koers 0.1.0: pyproject.toml's version
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20261123000000+00'00'"


def _fonts(reader: PdfReader) -> list:
    fonts = []
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            fonts.append(ref.get_object())
    return fonts


def test_every_font_is_an_embedded_dejavu_subset(toekenning_pdf):
    fonts = _fonts(_read(toekenning_pdf))
    assert fonts
    for font in fonts:
        assert "DejaVu" in font["/BaseFont"]
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor
        assert "/Encoding" not in font  # PDF/A: a symbolic TrueType font carries no /Encoding


def test_special_characters_survive(toekenning_pdf):
    text = " ".join(_texts(_read(toekenning_pdf)))
    for expected in ("Çelik", "Noël", "François", "cliëntondersteuner", "'s-Gravenhage", "€ 1.234,50",
                     "Zorg & Welzijn <Oost> B.V.", "€ 21,80", "\"ik wil"):
        assert expected in text
    assert "&amp;" not in text and "&lt;" not in text


def test_markup_in_user_text_is_printed_not_obeyed():
    content = dataclasses.replace(_toekenning(), salutation="Beste <b>Jan</b> & <font size=40>Piet</font>,")
    text = _texts(_read(render_letter(content)))[0]
    assert "Beste <b>Jan</b> & <font size=40>Piet</font>," in text


def test_long_paragraph_flows_over_three_pages():
    reader = _read(render_letter(_long()))
    texts = _texts(reader)
    assert len(reader.pages) >= 3
    total = len(reader.pages)
    for number, text in enumerate(texts, start=1):
        assert f"pagina {number} van {total}" in text
    joined = " ".join(texts)
    assert joined.count("de buren < helpen > soms") >= 60
    # The paragraph starts on the page of its heading and continues on the next one.
    start = next(i for i, text in enumerate(texts) if "Waarom dit besluit" in text)
    assert "Ik red het niet alleen" in texts[start] and "de buren < helpen > soms" in texts[start + 1]


def test_facts_table_splits_between_rows():
    rows = tuple((f"Periode {n}", f"{n * 8} uur") for n in range(1, 81))
    content = _toekenning(extra_sections=(Section("Uren per periode", facts=rows),))
    texts = _texts(_read(render_letter(content)))
    first_page = next(i for i, t in enumerate(texts) if "Periode 1 " in t)
    last_page = next(i for i, t in enumerate(texts) if "Periode 80 " in t)
    assert last_page > first_page
    assert all(sum(f"Periode {n} {n * 8} uur" in t for t in texts) == 1 for n in range(1, 81))


def test_combined_pdf_restarts_numbering_per_letter():
    letters = [_toekenning(), _long(), _toekenning(kenmerk="WMO-2026-000125")]
    counts = [len(_read(render_letter(letter)).pages) for letter in letters]
    reader = _read(render_letters(letters))
    texts = _texts(reader)
    assert len(reader.pages) == sum(counts) == counts[0] + counts[1] + counts[2]
    starts = [0, counts[0], counts[0] + counts[1]]
    for letter, start, count in zip(letters, starts, counts, strict=True):
        for number in range(1, count + 1):
            assert f"pagina {number} van {count}" in texts[start + number - 1]
        first = texts[start]
        assert "Geachte mevrouw De Vries," in first and "Dorpsstraat 1 a" in first
        assert letter.kenmerk in first


def test_render_letters_needs_letters():
    with pytest.raises(ValueError):
        render_letters([])


def _images(page) -> list:
    xobjects = page["/Resources"].get("/XObject", {})
    return [x.get_object() for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]


def test_logo_is_drawn_on_page_one_only(toekenning_pdf):
    reader = _read(toekenning_pdf)
    images = _images(reader.pages[0])
    assert len(images) == 1
    assert (images[0]["/Width"], images[0]["/Height"]) == (300, 100)
    assert _images(reader.pages[1]) == []
    assert _images(_read(render_letter(_toekenning())).pages[0]) == []


def test_logo_with_alpha_is_flattened_on_white():
    reader = _read(render_letter(_toekenning(logo=_png(alpha=True))))
    (image,) = _images(reader.pages[0])
    assert "/SMask" not in image and "/Mask" not in image  # PDF/A: no transparency
    assert image["/ColorSpace"] == "/DeviceRGB"
    pixels = reader.pages[0].images[0].image.convert("RGB")
    assert pixels.getpixel((250, 50)) == (255, 255, 255)  # was transparent
    assert pixels.getpixel((10, 10)) == (31, 78, 121)


def test_address_sits_in_the_envelope_window(toekenning_pdf):
    positions: dict[str, list[tuple[float, float]]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            positions.setdefault(text.strip(), []).append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    _read(toekenning_pdf).pages[0].extract_text(visitor_text=visit)
    window_bottom, window_top = PAGE_H - WINDOW_TOP - WINDOW_H, PAGE_H - WINDOW_TOP

    def in_window(x: float, y: float) -> bool:
        return WINDOW_LEFT < x < WINDOW_LEFT + WINDOW_W and window_bottom < y < window_top

    # "1234 AB Koersveen" is also in the letterhead (the municipality's postcode): one of them in the window.
    for line in (*ADDRESSEE, "Gemeente Koersveen, Postbus 100, 1234 AB Koersveen"):
        assert any(in_window(x, y) for x, y in positions[line]), line
    ((_, name_y),) = positions[ADDRESSEE[0]]
    assert positions["Gemeente Koersveen, Postbus 100, 1234 AB Koersveen"][0][1] > name_y  # return line above
    assert all(y < window_bottom for _, y in positions["Datum"])  # the reference block is below the window


def test_same_content_same_bytes(toekenning_pdf):
    assert render_letter(_toekenning(logo=_png())) == toekenning_pdf


def test_pdfa_parts(toekenning_pdf):
    reader = _read(toekenning_pdf)
    assert toekenning_pdf.startswith(b"%PDF-1.7\n%")
    assert all(b > 127 for b in toekenning_pdf.split(b"\n")[1][1:5])  # binary comment after the header
    root = reader.trailer["/Root"]
    assert "/ID" in reader.trailer and "/Encrypt" not in reader.trailer
    assert root["/Lang"] == "nl-NL"
    metadata = root["/Metadata"].get_object()
    assert "/Filter" not in metadata
    xmp = metadata.get_data().decode("utf-8")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    meta = reader.metadata
    for value in (meta.title, meta.author, meta.subject, meta.creator, meta.producer, meta["/Keywords"]):
        assert f">{value}<" in xmp
    assert "<xmp:CreateDate>2026-11-23T00:00:00+00:00</xmp:CreateDate>" in xmp
    (intent,) = [i.get_object() for i in root["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFA1"
    profile = intent.raw_get("/DestOutputProfile")
    assert isinstance(profile, IndirectObject)  # a stream, so an indirect object
    profile = profile.get_object()
    assert profile["/N"] == 3 and profile.get_data()[36:40] == b"acsp"


def test_xmp_escapes_metadata():
    content = dataclasses.replace(_toekenning(), subject="Besluit <Wmo> & jeugd", metadata_subject="A & B")
    reader = _read(render_letter(content))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "Besluit &lt;Wmo&gt; &amp; jeugd" in xmp and "A &amp; B" in xmp
    assert reader.metadata.title == "Besluit <Wmo> & jeugd"


def _with_filler(lines: int, first: bool) -> LetterContent:
    """The toekenning with a section of `lines` short lines, before all else (`first`) or before the last
    section: moves the facts table, or the end of the letter, along the page."""
    base = _toekenning()
    filler = Section("Toelichting", ("\n".join(f"Regel {n} van de toelichting." for n in range(1, lines + 1)),))
    sections = (filler, *base.sections) if first else (*base.sections[:-1], filler, base.sections[-1])
    return dataclasses.replace(base, sections=sections)


def test_the_signature_never_stands_alone_on_a_page():
    for lines in range(0, 44, 2):
        texts = _texts(_read(render_letter(_with_filler(lines, first=False))))
        (page,) = [t for t in texts if "J. de Vries" in t]
        assert "Met vriendelijke groet," in page and "teammanager Wmo" in page, lines
        assert "onafhankelijke cliëntondersteuner" in page, lines  # the last paragraph comes along


def test_a_short_facts_table_is_kept_on_one_page():
    labels = ("Voorziening", "Omvang", "Aanbieder", "Ingangsdatum", "Einddatum", "Tarief")
    for lines in range(0, 44, 2):
        texts = _texts(_read(render_letter(_with_filler(lines, first=True))))
        assert sum(all(label in t for label in labels) for t in texts) == 1, lines


# ---------------------------------------------------------------- nothing cut or broken (issue 13 point 3)

LONGEST = ("Gemeente 's-Hertogenbosch", ("Postbus 12345", "5200 GZ  's-Hertogenbosch"))


def test_the_return_address_shrinks_or_wraps_but_never_loses_a_character():
    from desktop.letters.beschikking import SENDER_SIZES, return_address, sender_layout

    size, lines = sender_layout(*LONGEST)
    assert " ".join(lines).replace(", ", ",").replace(",", ", ").split() == return_address(*LONGEST).split()
    assert size in SENDER_SIZES
    long_address = ("Gemeente Súdwest-Fryslân", ("Bezoekadres Stadhuis, Marktstraat 15, 8601 CR Sneek",
                                                "Postadres Postbus 10000, 8600 HA Sneek"))
    size, lines = sender_layout(*long_address)
    assert len(lines) == 2 and size == SENDER_SIZES[-1]
    assert ", ".join(lines).replace(",, ", ", ") == return_address(*long_address)
    assert sender_layout("Gemeente Súdwest-Fryslân", ("x" * 120, "y" * 120)) is None


def test_beheer_refuses_a_letterhead_that_cannot_fit(any_db, any_actors):
    from desktop.core.errors import ValidationError
    from desktop.core.letters import letterhead

    letterhead.save_letter_settings(any_db, any_actors.beheerder, municipality=LONGEST[0],
                                    address_lines=list(LONGEST[1]))  # the longest real one fits
    with pytest.raises(ValidationError) as refused:
        letterhead.save_letter_settings(any_db, any_actors.beheerder, address_lines=[
            "Bezoekadres en postadres van het stadskantoor aan de Markt", "Stadskantoor Markt 1 tot en met 17",
            "Postbus 123456 5200 GZ 's-Hertogenbosch Noord-Brabant"])
    assert "passen niet op twee regels boven het venster" in " ".join(refused.value.problems)
    assert letterhead.letter_settings(any_db).address_lines == ("Postbus 12345", "5200 GZ 's-Hertogenbosch")


def test_a_date_never_breaks_over_two_lines(any_db, any_actors):
    import re

    from db.models.enums import LetterKind
    from desktop.core.letters import pipeline
    from desktop.letters.beschikking import _unbroken_dates
    from tests.unit.test_letters import configure

    assert _unbroken_dates("op maandag 16 november 2026, of 3 januari 2027") == \
        "op maandag\u00a016\u00a0november\u00a02026, of 3\u00a0januari\u00a02027"
    configure(any_db, any_actors, municipality=LONGEST[0], address_lines=list(LONGEST[1]))
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    for kind in LetterKind:
        pdf = pipeline.preview(any_db, any_actors.beheerder, kind)
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
        for text in pages:
            assert not re.search(rf"\b\d{{1,2}}\s*\n\s*({months})\b|\b({months})\s*\n\s*\d{{4}}\b", text), kind
        assert "Gemeente 's-Hertogenbosch, Postbus 12345, 5200 GZ 's-Hertogenbosch" in " ".join(pages[0].split())


def test_a_facts_table_splits_with_at_least_three_rows_on_each_page():
    from desktop.letters.beschikking import BODY_W, _facts, _styles

    st = _styles()
    for rows, height, expected in ((12, 158, [8, 4]), (12, 200, [9, 3]), (10, 158, [7, 3]), (6, 60, []),
                                   (7, 60, [3, 4]), (12, 40, [])):
        table = _facts([(f"Label {i}", f"Waarde {i}") for i in range(rows)], st)
        table.wrap(BODY_W, 1000)
        assert [part._nrows for part in table.split(BODY_W, height)] == expected, (rows, height)


def test_an_address_too_long_for_the_window_parks_the_letter(any_db, any_actors, setting):
    from desktop.core.letters import pipeline
    from tests.unit.decision_setting import established
    from tests.unit.test_letters import configure, set_resident

    configure(any_db, any_actors)
    set_resident(any_db, street="Burgemeester van Nispen tot Sevenaerstraat en Omstreken Zuidzijde Oost",
                 house_number=1234, postcode="7001AB", city="Doetinchem")
    decision = established(any_db, any_actors, setting)
    [row] = [r for r in pipeline.letter_queue(any_db, any_actors.medewerker) if r.decision_id == decision.id]
    assert any("te lang voor het venster van de envelop" in p for p in row.problems)


def test_the_signature_is_never_split_from_its_title():
    """Keep-together content that 'just fits' by ReportLab's measure overflowed by a few points: the title stood
    alone on page 2 of this receipt letter. With the longest letterhead, every kind keeps name and title."""
    from db.models.enums import LetterKind
    from desktop.core.letters import sample
    from desktop.core.letters.letterhead import LetterSettings
    from desktop.core.letters.texts import block_specs

    settings = LetterSettings(municipality=LONGEST[0], address_lines=("Postbus 12345", "5200 GZ 's-Hertogenbosch"),
                              contact_lines=("Telefoon 14 073",), signer_name="J. Hendriksen",
                              signer_title="teammanager", objection_address="Postbus 12345", court_name="rechtbank")
    for kind in (LetterKind.ONTVANGSTBEVESTIGING, LetterKind.VERSLAG, LetterKind.CONTACTPERSOON):
        texts = {b.name: b.default for b in block_specs(kind)}
        content = (sample.contact_content(settings, None, texts, date(2026, 12, 5))
                   if kind is LetterKind.CONTACTPERSOON else
                   sample.case_sample(kind, settings, None, texts, date(2026, 12, 5)))
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(render_letter(content))).pages]
        [signed] = [p for p in pages if "\nJ. Hendriksen\n" in p]
        assert "\nteammanager\n" in signed and "Met vriendelijke groet," in signed, kind
