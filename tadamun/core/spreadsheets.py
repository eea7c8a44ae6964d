"""Cells of the CSV files Tadamun writes for people to open in a spreadsheet, and reads
back once they have corrected them.

A spreadsheet runs a cell that starts with "=", "+", "-" or "@" as a formula (CSV
injection): `spreadsheet_safe` puts an apostrophe in front of such a cell, which makes it
text. A number written with a sign ("+212 6 61 23 45 67", "-5,8") is left as it is: it
computes nothing, and a phone number or a longitude stays readable. A cell that starts
with an apostrophe gets one more, so that `spreadsheet_value` can always tell what a cell
was: reading back what was written gives every value as it was, so a report of rejected
rows can be corrected and imported again.
"""

import re

# What a spreadsheet would run, or an apostrophe of our own making.
_DISARMED = re.compile(r"[=@\t\r']|[+-](?![\d\s().,-]*$)")


def spreadsheet_safe(value: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe disarms a formula."""
    return "'" + value if _DISARMED.match(value) else value


def spreadsheet_value(text: str) -> str:
    """The value a cell written by `spreadsheet_safe` stands for (any other text as it
    is)."""
    if text[:1] == "'" and _DISARMED.match(text, 1):
        return text[1:]
    return text
