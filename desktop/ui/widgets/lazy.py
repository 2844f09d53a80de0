"""Pages built when first needed. Most sessions never open most areas, signing in is quicker when only the first
area is built, and a page built and destroyed unseen has twice left something dangling in Qt (a timer; an area
of the medewerker) that crashed a later window."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    """A placeholder that builds its page on its first show event."""

    def __init__(self, make: Callable[[], QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self._make = make
        self.page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self.page is None:
            self.page = self._make()
            self._layout.addWidget(self.page)
            self.page.show()  # children are shown before the show event; one added in it must be shown itself
        super().showEvent(event)


class LazyPages(Mapping[str, QWidget]):
    """Pages by name, in order, each built the first time it is looked up (`pages[name]`, `get`); `in`, `len`
    and iterating give the names without building anything. `built` says what has been made."""

    def __init__(self, makers: list[tuple[str, Callable[[], QWidget]]] | None = None,
                 on_built: Callable[[str, QWidget], None] | None = None):
        self._makers = dict(makers or [])
        self._built: dict[str, QWidget] = {}
        self._on_built = on_built

    def __getitem__(self, name: str) -> QWidget:
        page = self._built.get(name)
        if page is None:
            page = self._built[name] = self._makers[name]()
            if self._on_built is not None:
                self._on_built(name, page)
        return page

    def __contains__(self, name: object) -> bool:
        return name in self._makers

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)

    def built(self) -> list[QWidget]:
        """The pages made so far, in the order they were made."""
        return list(self._built.values())
