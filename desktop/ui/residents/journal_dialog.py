"""Contact vastleggen and Contact corrigeren: one form for a contact of the journal. A correction starts from the
recorded entry and asks why; the original stays in the journal, marked as corrected. Every problem is named at
once, next to its field, and what was typed stays in the form."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from db import clock
from db.engine import Database
from db.models import JournalEntry
from desktop.core.access.actor import Actor
from desktop.core.errors import KoersError, ValidationError
from desktop.core.nl import format_date, format_date_short
from desktop.core.residents import journal
from desktop.core.residents.journal import JournalInput, JournalRow
from desktop.ui.widgets.form_dialog import FormDialog, text_area


def _date_field(value: str = "") -> QLineEdit:
    field = QLineEdit(value, placeholderText="dd-mm-jjjj")
    field.setMaximumWidth(130)
    return field


class JournalDialog(FormDialog):
    """`casus_choices`: (casus id, label), newest first; a choice is offered only when there is more than one.
    With `entry` the form corrects that entry. `saved` holds the stored entry after OK."""

    def __init__(self, db: Database, actor: Actor, casus_choices: list[tuple[int, str]], *,
                 casus_id: int | None = None, entry: JournalRow | None = None, reason: str | None = None,
                 parent: QWidget | None = None):
        title = "Contact corrigeren" if entry else "Contact vastleggen"
        super().__init__(title, parent, ok_text="Correctie vastleggen" if entry else "Vastleggen", min_width=640)
        self._db, self._actor, self._entry, self._reason = db, actor, entry, reason
        self.saved: JournalEntry | None = None
        start = entry.to_input() if entry else JournalInput(None, clock.today())

        self.casus = QComboBox()
        for cid, label in casus_choices:
            self.casus.addItem(label, cid)
        chosen = entry.casus_id if entry else casus_id
        if chosen is not None and self.casus.findData(chosen) >= 0:
            self.casus.setCurrentIndex(self.casus.findData(chosen))
        self.contact_date = _date_field(format_date_short(start.contact_date))
        self.kind = QComboBox()
        self.kind.addItem("Kies de soort contact…", None)
        for kind, label in journal.KIND_LABELS.items():
            self.kind.addItem(label, kind)
        if start.kind is not None:
            self.kind.setCurrentIndex(max(self.kind.findData(start.kind), 0))
        self.with_whom = QLineEdit(start.with_whom, placeholderText="Bijvoorbeeld: mevrouw en haar dochter")
        self.with_whom.setMaxLength(journal.WITH_WHOM_MAX + 50)  # a little over, so the core can say how much
        self.summary = text_area("Waar het contact over ging, zo nodig in de woorden van de inwoner", max_height=150)
        self.summary.setMinimumHeight(110)
        self.summary.setPlainText(start.summary)
        self.agreements = text_area("Wie doet wat, en wanneer", max_height=100)
        self.agreements.setMinimumHeight(70)
        self.agreements.setPlainText(start.agreements)
        self.follow_up = _date_field(format_date_short(start.follow_up_date))
        self.correction_reason: QPlainTextEdit | None = None

        if entry is not None:
            note = QLabel(f"U corrigeert het contact van {format_date(entry.contact_date)} ({entry.kind_label.lower()}"
                          f", vastgelegd door {entry.author or 'onbekend'}). Het origineel blijft in het journaal "
                          "staan, gemarkeerd als gecorrigeerd; de correctie komt erboven.", wordWrap=True,
                          objectName="Muted")
            self.form.addRow(note)
        elif self.casus.count() > 1:
            self.form.addRow("Casus *", self.casus)
        self.form.addRow("Datum contact *", self.contact_date)
        self.form.addRow("Soort *", self.kind)
        self.form.addRow("Met wie", self.with_whom)
        self.form.addRow("Samenvatting *", self.summary)
        self.form.addRow("Afspraken", self.agreements)
        follow_hint = QLabel("leeg: geen opvolging. Een opvolgdatum komt in de werkvoorraad.", objectName="Muted")
        self.form.addRow("Opvolgen op", self._beside(self.follow_up, follow_hint))
        self.fields = {"contact_date": self.contact_date, "kind": self.kind, "with_whom": self.with_whom,
                       "summary": self.summary, "agreements": self.agreements, "follow_up_date": self.follow_up}
        if entry is not None:
            self.correction_reason = text_area("Wat klopte er niet? Bijvoorbeeld: het was de dochter, niet de zoon",
                                               max_height=80)
            self.form.addRow("Reden van de correctie *", self.correction_reason)
            self.fields["correction_reason"] = self.correction_reason
        (self.summary if entry else self.kind).setFocus()
        self.resize(self.sizeHint())  # the text boxes at their comfortable height, not squeezed to the minimum

    def fail(self, exc: KoersError, early: dict[str, str] | None = None) -> None:
        """As FormDialog, and the form grows with the error panel instead of squeezing the text boxes."""
        super().fail(exc, early)
        self.resize(self.sizeHint().expandedTo(self.size()))

    @staticmethod
    def _beside(field: QWidget, hint: QLabel) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field)
        row.addWidget(hint, 1)
        return box

    def data(self) -> tuple[JournalInput, dict[str, str]]:
        """The form as input for the core, and the problems of typed dates that are no date."""
        dates, early = self.dates(contact_date=(self.contact_date, "de datum van het contact"),
                                  follow_up_date=(self.follow_up, "de opvolgdatum"))
        return JournalInput(kind=self.kind.currentData(), contact_date=dates["contact_date"],
                            with_whom=self.with_whom.text(), summary=self.summary.toPlainText(),
                            agreements=self.agreements.toPlainText(), follow_up_date=dates["follow_up_date"]), early

    def submit(self) -> None:
        data, early = self.data()
        reason_text = self.correction_reason.toPlainText() if self.correction_reason else None
        if early:  # a date that is no date, named together with every other problem; nothing stored
            others = journal.check_entry(data, clock.today())[1]
            if self.correction_reason is not None:
                try:
                    journal.check_reason(reason_text)
                except ValidationError as exc:
                    others["correction_reason"] = exc.message
            heading = "De correctie is niet vastgelegd. Herstel eerst:" if self._entry else \
                "Het contact is niet vastgelegd. Herstel eerst:"
            self.fail(ValidationError.of_fields(heading, {**others, **early}))
            return
        self.attempt(lambda: self._store(data, reason_text))

    def _store(self, data: JournalInput, reason_text: str | None) -> None:
        if self._entry is not None:
            self.saved = journal.correct_entry(self._db, self._actor, self._entry.id, data, reason_text,
                                               reason=self._reason)
        else:
            self.saved = journal.add_entry(self._db, self._actor, self.casus.currentData(), data, reason=self._reason)
