import pytest
from hypothesis import given
from hypothesis import strategies as st

from tadamun.core.spreadsheets import spreadsheet_safe, spreadsheet_value


@pytest.mark.parametrize(
    "value", ["=1+1", "+A1", "-A1", "@SUM(A1)", "\t=1", "=HYPERLINK(1)", "-2+cmd|' /C calc'!A0"]
)
def test_a_cell_a_spreadsheet_would_run_is_made_text(value):
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["+212 6 61 23 45 67", "-5,03617", "-2.93", "+(216) 78-200"])
def test_a_signed_number_is_left_readable(value):
    assert spreadsheet_safe(value) == value


def test_a_cell_that_starts_with_an_apostrophe_keeps_it_when_read_back():
    assert spreadsheet_safe("'Amal") == "''Amal"
    assert spreadsheet_value("''Amal") == "'Amal"


def test_an_apostrophe_that_disarms_nothing_is_part_of_the_text():
    assert spreadsheet_value("'0612345678") == "'0612345678"
    assert spreadsheet_value("l'Oriental") == "l'Oriental"


@given(st.text())
def test_every_value_reads_back_as_it_was_written(value):
    assert spreadsheet_value(spreadsheet_safe(value)) == value


@given(st.text())
def test_what_is_written_never_starts_a_formula(value):
    written = spreadsheet_safe(value)
    assert not written.startswith(("=", "@", "\t", "\r"))
    if written.startswith(("+", "-")):
        assert all(c.isdigit() or c in " ().,-" or c.isspace() for c in written[1:])
