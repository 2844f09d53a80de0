"""Beheer → Catalogus → Tarieven: a beheerder records a tariff from a date; bad amounts are explained."""

from __future__ import annotations

from db.models import Product
from db.models.enums import Complexity, Law


def test_beheerder_records_a_tariff_and_sees_bad_input_explained(qtbot, db, make_actor, screenshot):
    from desktop.ui.admin.page import AdminPage

    with db.write() as s:
        s.add(Product(law=Law.WMO, category_code="02", code="02A08", name="Begeleiding individueel",
                      unit_code="04", frequency_code="6"))
    page = AdminPage(db, make_actor("beheerder", "beheer"))
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.catalogue_tab)  # Beheer > Catalogus > Tarieven
    page.catalogue_tab.tabs.setCurrentIndex(3)
    assert page.catalogue_tab.tabs.tabText(3) == "Tarieven" and page.tariffs_model.rowCount() == 0

    page.tariff_amount.setText("62,505")
    page.tariff_from.setText("01-01-2027")
    page.save_tariff()
    assert not page.tariff_error.isHidden() and "twee cijfers achter de komma" in page.tariff_error.text()
    assert page.tariffs_model.rowCount() == 0
    page.tariff_from.setText("31-02-2027")
    page.save_tariff()  # both problems at once, both fields marked
    assert "bestaat niet als datum" in page.tariff_error.text()
    assert "twee cijfers achter de komma" in page.tariff_error.text()
    assert page.tariff_amount.property("invalid") is True and page.tariff_from.property("invalid") is True
    page.tariff_amount.setText("62,50")
    page.save_tariff()
    assert "bestaat niet als datum" in page.tariff_error.text() and "komma" not in page.tariff_error.text()

    page.tariff_from.setText("01-01-2027")
    page.tariff_level.setCurrentIndex(page.tariff_level.findData(Complexity.M))
    page.save_tariff()
    assert page.tariff_error.isHidden() and page.tariffs_model.rowCount() == 1
    row = [page.tariffs_model.data(page.tariffs_model.index(0, c)) for c in range(5)]
    assert row == ["02A08 Begeleiding individueel", "regionaal", "M", "€ 62,50", "1 januari 2027"]
    screenshot(page, "beheer-tarieven")
