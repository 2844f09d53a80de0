"""desktop.core.text (cleaning input, search keys) and desktop.core.nl (Dutch presentation)."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest

from desktop.core import nl
from desktop.core.errors import ValidationError
from desktop.core.text import clean_text, search_key

# ---------------------------------------------------------------- clean_text: control characters


@pytest.mark.parametrize(
    "value",
    [
        "Jan\x00sen",  # NUL
        "Jan\x00",
        "\x1b[31mJansen",  # ANSI escape
        "Jan\u200bsen",  # zero-width space
        "Jan\u200dsen",  # zero-width joiner
        "\ufeffJansen",  # byte order mark
        "Jan\u202esen",  # right-to-left override
        "Jan\u2028sen",  # line separator
        "Jan\x7fsen",  # DEL
        "Jan\x85sen",  # NEL (C1)
        "Jan\x08sen",  # backspace
    ],
)
@pytest.mark.parametrize("multiline", [False, True])
def test_control_characters_are_refused(value, multiline):
    with pytest.raises(ValidationError) as info:
        clean_text(value, "de achternaam", max_length=100, multiline=multiline, field="surname")
    assert "onzichtbare stuurtekens" in info.value.message
    assert info.value.message.startswith("De achternaam")
    assert info.value.field == "surname"


@pytest.mark.parametrize("value", ["regel 1\nregel 2", "kolom\tkolom", "a\rb"])
def test_newlines_and_tabs_are_refused_in_single_line_text(value):
    with pytest.raises(ValidationError, match="stuurtekens"):
        clean_text(value, "de straat", max_length=100)


def test_newlines_and_tabs_are_kept_in_multiline_text():
    assert clean_text("regel 1\nregel 2", "de toelichting", max_length=100, multiline=True) == "regel 1\nregel 2"
    assert clean_text("a\tb", "de toelichting", max_length=100, multiline=True) == "a\tb"


def test_multiline_normalises_line_endings():
    assert clean_text("a\r\nb\rc", "de toelichting", max_length=100, multiline=True) == "a\nb\nc"


def test_multiline_keeps_inner_spacing_but_trims_the_ends():
    text = "  eerste alinea\n\n  tweede   alinea  \n"
    assert clean_text(text, "de toelichting", max_length=100, multiline=True) == "eerste alinea\n\n  tweede   alinea"


def test_single_line_collapses_runs_of_spaces_and_trims():
    assert clean_text("  Jan   de  Vries  ", "de naam", max_length=100) == "Jan de Vries"


# ---------------------------------------------------------------- clean_text: empty and required


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_optional_text_is_none(value):
    assert clean_text(value, "de straat", max_length=100) is None


@pytest.mark.parametrize("value", [None, "", "  \t "])
def test_empty_required_text_is_refused_in_dutch(value):
    with pytest.raises(ValidationError) as info:
        clean_text(value, "de achternaam", max_length=100, required=True, field="surname")
    assert info.value.message == "Vul de achternaam in."
    assert info.value.field == "surname"


# ---------------------------------------------------------------- clean_text: length


def test_text_at_the_maximum_length_is_accepted():
    assert clean_text("x" * 100, "de achternaam", max_length=100) == "x" * 100


def test_too_long_text_is_refused_with_a_dutch_message():
    with pytest.raises(ValidationError) as info:
        clean_text("x" * 101, "de achternaam", max_length=100, field="surname")
    assert info.value.message.startswith("De achternaam is te lang")
    assert "101" in info.value.message and "100" in info.value.message
    assert info.value.field == "surname"


def test_too_long_message_uses_dutch_thousands_and_punctuation():
    # Dutch writes 10.000 (a dot for thousands), and the sentence keeps its comma.
    with pytest.raises(ValidationError) as info:
        clean_text("x" * 10_000, "de achternaam", max_length=100)
    assert info.value.message == "De achternaam is te lang: 10.000 tekens, maximaal 100."
    with pytest.raises(ValidationError) as info:
        clean_text("x" * 1234, "de toelichting", max_length=1000, multiline=True)
    assert info.value.message == "De toelichting is te lang: 1.234 tekens, maximaal 1.000."


def test_length_counts_characters_after_nfc():
    decomposed = "e\u0301" * 60  # 120 code points, 60 characters once composed
    assert len(clean_text(decomposed, "de naam", max_length=60)) == 60


# ---------------------------------------------------------------- clean_text: Unicode NFC


def test_text_is_stored_in_nfc():
    decomposed = "Cafe\u0301 Ç\u0327"  # e + combining acute
    result = clean_text("C\u0327elik " + decomposed, "de naam", max_length=100)
    assert result == unicodedata.normalize("NFC", "Çelik " + decomposed)
    assert unicodedata.is_normalized("NFC", result)
    assert "Çelik" in result and "\u0301" not in result


@pytest.mark.parametrize("name", ["Çelik", "Ögünç", "D'Angelo", "Müller-Lüdenscheidt", "Ådnøy", "Nguyễn"])
def test_ordinary_foreign_names_pass_unchanged(name):
    assert clean_text(name, "de achternaam", max_length=100) == name


# ---------------------------------------------------------------- search_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Çelik", "celik"),
        ("C\u0327elik", "celik"),  # decomposed input gives the same key
        ("D'Angelo", "dangelo"),
        ("d’Angelo", "dangelo"),  # typographic apostrophe
        ("Müller-Lüdenscheidt", "mullerludenscheidt"),
        ("VAN DER BERG", "vanderberg"),
        ("Straße", "strasse"),
        ("Ĳssel", "ijssel"),  # the Dutch ij ligature
        ("  ", ""),
        ("Jansen 2", "jansen2"),
    ],
)
def test_search_key(text, key):
    assert search_key(text) == key


def test_search_key_of_typed_prefix_matches_stored_name():
    assert search_key("cel") == search_key("Çelik")[:3]
    assert search_key("ÇEL") == "cel"


# ---------------------------------------------------------------- nl: dates


def test_format_date():
    assert nl.format_date(date(2026, 11, 23)) == "23 november 2026"
    assert nl.format_date(date(2026, 1, 5)) == "5 januari 2026"
    assert nl.format_date(date(2026, 3, 1)) == "1 maart 2026"
    assert nl.format_date(None) == ""


def test_format_date_with_weekday():
    assert nl.format_date(date(2026, 11, 23), weekday=True) == "maandag 23 november 2026"
    assert nl.format_date(date(2026, 11, 29), weekday=True) == "zondag 29 november 2026"


def test_all_month_names_are_dutch():
    names = [nl.format_date(date(2026, m, 1)).split()[1] for m in range(1, 13)]
    assert names == ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                     "oktober", "november", "december"]


def test_format_date_short():
    assert nl.format_date_short(date(2026, 1, 5)) == "05-01-2026"
    assert nl.format_date_short(None) == ""


# ---------------------------------------------------------------- nl: numbers, hours, money


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("12.5"), "12,5 uur"),
        (Decimal("12.50"), "12,5 uur"),
        (Decimal("56"), "56 uur"),
        (Decimal("56.00"), "56 uur"),
        (Decimal("0.25"), "0,25 uur"),
        (0, "0 uur"),
        (Decimal("1234.75"), "1.234,75 uur"),
    ],
)
def test_format_hours(value, text):
    assert nl.format_hours(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1234.5"), "€ 1.234,50"),
        (Decimal("0"), "€ 0,00"),
        (Decimal("21.8"), "€ 21,80"),
        (Decimal("1234567.891"), "€ 1.234.567,89"),
        (Decimal("0.005"), "€ 0,01"),  # half up
        (Decimal("0.125"), "€ 0,13"),  # half up, not half even
        (Decimal("999.995"), "€ 1.000,00"),
        (Decimal("-1234.5"), "€ -1.234,50"),
        (1000, "€ 1.000,00"),
    ],
)
def test_format_money(value, text):
    assert nl.format_money(value) == text


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (1000, None, "1.000"),
        (1_000_000, None, "1.000.000"),
        (999, None, "999"),
        (Decimal("1234567.891"), None, "1.234.567,891"),
        (Decimal("-1234.5"), None, "-1.234,5"),
        (Decimal("1E+3"), None, "1.000"),
        (Decimal("0.5"), None, "0,5"),
        (Decimal("1234.5"), 2, "1.234,50"),
        (Decimal("2.675"), 2, "2,68"),
        (Decimal("2.5"), 0, "3"),
    ],
)
def test_format_number_uses_dutch_separators(value, places, text):
    assert nl.format_number(value, places) == text


def test_format_postcode():
    assert nl.format_postcode("7001AB") == "7001 AB"
    assert nl.format_postcode(None) == ""
    assert nl.format_postcode("") == ""


@pytest.mark.parametrize(("name", "typed"), [("Wałęsa", "walesa"), ("Yılmaz", "yilmaz"), ("Søndergaard", "sonder"),
                                             ("Straßburger", "strass"), ("Ærø", "aero")])
def test_search_key_folds_letters_unicode_does_not_decompose(name, typed):
    assert search_key(name).startswith(search_key(typed))


def test_control_characters_at_the_ends_are_refused_not_trimmed():
    with pytest.raises(ValidationError, match="stuurtekens"):
        clean_text("Jansen\x1c", "de achternaam", max_length=100)
    assert clean_text("  Jansen \n", "de achternaam", max_length=100) == "Jansen"


@pytest.mark.parametrize("value", ["Ik ben blij 🙂", "Zon ☀ en regen", "Duim 👍🏽", "Vlag 🇳🇱"])
def test_emoji_are_refused_with_a_reason_a_person_understands(value):
    with pytest.raises(ValidationError, match="emoji"):
        clean_text(value, "de vraag", max_length=100, multiline=True)


def test_ordinary_symbols_are_fine():
    assert clean_text("Kosten € 21,80 → per maand; 50% minder", "de tekst", max_length=100) == \
        "Kosten € 21,80 → per maand; 50% minder"
