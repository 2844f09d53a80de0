"""Insight into realisation and money: the reports of the Rapportages area and of `koers report`.

Every report is a function (Database, Actor, ReportFilter) -> Report in its own module, listed in `registry`.
Reports read figures only: no report hands out a resident's name, BSN or plan text, so the controller role
can see all of them; evaluation accounts ('tellen en vertellen') are added only for roles that may read content.
"""
