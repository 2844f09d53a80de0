"""The catalogue: aanbieders, products, which aanbieder is contracted for which product, and the tariffs.

A beheerder keeps it (providers, products, contracts, tariffs, product_list); decisions read it (choices)
and are checked against it (contracts.decision_problem).
"""

from desktop.core.catalog.choices import (
    AanbiederChoice,
    ProductChoice,
    contracted_aanbieders,
    list_aanbieders,
    list_products,
)
from desktop.core.catalog.tariffs import TariffRow, list_tariffs, set_tariff

__all__ = ["AanbiederChoice", "ProductChoice", "TariffRow", "contracted_aanbieders", "list_aanbieders",
           "list_products", "list_tariffs", "set_tariff"]
