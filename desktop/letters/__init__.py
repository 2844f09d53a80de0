"""Printable documents (PDF) made with ReportLab: letters and the plan summary for the resident.

Import the modules here lazily (inside the function that prints): ReportLab is slow to import.
"""
