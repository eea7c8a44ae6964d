"""Small counts of a breakdown by the people's gender, age band or territory are hidden from
who cannot open their records, and from anyone who asks for a table to share; no
subtraction gives a hidden count back."""

import csv
import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tadamun.accounts.testing import log_in
from tadamun.observatory.numbers import (
    STAGE_MEASURES,
    Column,
    Numbers,
    Row,
    small_counts_hidden,
)

API = "/api/v1/observatory/numbers"
CODES = ["requests_received", "cases_followed", *STAGE_MEASURES]


def _table(by: str, rows: dict[str, list[int]], keys=("woman", "man", "other")) -> Numbers:
    columns = [Column(key, key) for key in keys[: len(next(iter(rows.values())))]]
    numbers = Numbers(start=date(2026, 1, 1), end=date(2026, 12, 31), by=by, mechanisms=[])
    numbers.columns = columns
    for code, cells in rows.items():
        counts = {c.key: n for c, n in zip(columns, cells, strict=True) if n}
        numbers.rows.append(Row(code, code, sum(cells), counts, list(cells)))
    return numbers


def _cells(numbers: Numbers) -> dict[str, list]:
    return {row.code: row.cells for row in numbers.rows}


def test_a_small_count_alone_in_its_row_hides_the_smallest_other_with_it():
    hidden = small_counts_hidden(
        _table("gender", {"requests_received": [7, 2, 30], "cases_opened": [3, 2, 0]}), below=5
    )
    assert _cells(hidden) == {
        "requests_received": [None, None, 30],  # 2, then 7 with it
        "cases_opened": [None, None, 0],  # two small ones: enough
    }
    assert [row.total for row in hidden.rows] == [39, 5]
    assert hidden.hidden_below == 5
    assert hidden.rows[0].counts == {"woman": None, "man": None, "other": 30}


def test_a_row_whose_only_count_is_small_hides_a_zero_with_it_and_lists_it():
    [row] = small_counts_hidden(_table("age_band", {"jobs_created": [0, 1, 0]}), below=5).rows
    assert row.cells == [None, None, 0]
    # Left out, the first group would read as zero and give the second back (total 1).
    assert row.counts == {"woman": None, "man": None}


def test_a_single_group_hides_the_total_too():
    [row] = small_counts_hidden(_table("territory", {"jobs_created": [3]}), below=5).rows
    assert (row.total, row.cells) == (None, [None])


def test_the_stages_of_a_column_do_not_give_a_hidden_count_back():
    stages = list(STAGE_MEASURES)
    rows = {"cases_followed": [12, 5], **{code: [0, 0] for code in stages}}
    rows[stages[0]] = [2, 0]  # 2 women at the first stage …
    rows[stages[1]] = [10, 5]  # … and 10 at the second: 12 - 10 would give the 2 back
    hidden = _cells(small_counts_hidden(_table("gender", rows), below=5))
    assert hidden[stages[0]] == [None, None]
    assert hidden[stages[1]][0] is None
    assert hidden["cases_followed"] == [12, 5]


def test_nothing_is_hidden_without_a_breakdown_by_the_people():
    for by in ("mechanism", None):
        table = _table(by, {"requests_received": [1, 2, 3]})
        assert small_counts_hidden(table, below=5) is table


@given(
    st.integers(min_value=1, max_value=4),
    st.lists(st.integers(min_value=0, max_value=12), min_size=len(CODES), max_size=len(CODES)),
    st.data(),
)
def test_every_small_count_is_hidden_and_none_can_be_given_back(width, seed, data):
    """Rows of any counts (the stages adding up to the cases followed): each count from 1
    to 4 is hidden; every row and every column of the stages has none or at least two
    hidden; what is shown is what was counted."""
    stage_rows = [
        data.draw(st.lists(st.integers(0, 12), min_size=width, max_size=width))
        for _code in STAGE_MEASURES
    ]
    rows = {"requests_received": [seed[0] % 13] * width}
    rows["cases_followed"] = [sum(column) for column in zip(*stage_rows, strict=True)]
    rows.update(zip(STAGE_MEASURES, stage_rows, strict=True))
    table = _table("gender", rows, keys=("woman", "man", "other", "unknown"))
    hidden = small_counts_hidden(table, below=5)
    for before, after in zip(table.rows, hidden.rows, strict=True):
        for n, shown in zip(before.cells, after.cells, strict=True):
            assert shown == n or shown is None
            if 0 < n < 5:
                assert shown is None
        if width > 1:
            assert after.total == before.total
            assert sum(c is None for c in after.cells) != 1
        else:
            assert (after.total is None) == (after.cells[0] is None)
    after = _cells(hidden)
    for j in range(width):
        column = [after[code][j] for code in ("cases_followed", *STAGE_MEASURES)]
        assert sum(c is None for c in column) != 1


@pytest.mark.django_db
def test_staff_see_their_own_counts_and_hide_them_to_share_the_table(
    client, yousra, requests_in_both
):
    log_in(client, yousra)
    data = client.get(API, {"by": "gender"}).json()
    assert data["hidden_below"] is None
    received = next(m for m in data["measures"] if m["code"] == "requests_received")
    assert received["by"] == {"man": 1}
    data = client.get(API, {"by": "gender", "hide_small": "true"}).json()
    received = next(m for m in data["measures"] if m["code"] == "requests_received")
    assert (data["hidden_below"], received["by"]) == (5, {"woman": None, "man": None})

    query = {"by": "gender", "hide_small": "on"}
    page = client.get("/en/staff/observatory/numbers/", query).content.decode()
    assert 'id="hidden-note"' in page and "&lt;&nbsp;5" in page
    response = client.get("/en/staff/observatory/numbers.csv", query)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["measure", "total", "woman", "man"]
    assert rows[1][:4] == ["requests received", "1", "<5", "<5"]


@pytest.mark.django_db
def test_the_smallest_count_shown_is_a_setting(client, salma, requests_in_both, settings):
    settings.TADAMUN_SMALLEST_SHOWN = 1  # nothing hidden
    log_in(client, salma)
    data = client.get(API, {"by": "gender"}).json()
    received = next(m for m in data["measures"] if m["code"] == "requests_received")
    assert received["by"] == {"man": 2}
