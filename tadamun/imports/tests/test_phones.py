"""The quick reading of phone numbers gives what `phonenumbers` gives, number by number."""

import random

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tadamun.imports.phones import PhoneReader, _plan, phone_e164

# How registries write numbers: national with the trunk 0 (Morocco), without (Tunisia),
# international with + or 00, spaced, dotted, dashed, in parentheses, too short, too long.
BEGINNINGS = ["", "0", "00", "+", "+212", "+216", "212", "216", "00212", "00216", "(0)",
              "+212 (0)", "06", "07", "05", "+33 ", "+1 ", "+44", "2", "9", "8"]  # fmt: skip
SPACING = st.sampled_from(["", " ", ".", "-", "  ", "\u00a0"])


@st.composite
def phone_cells(draw):
    digits = draw(st.text(alphabet="0123456789", min_size=1, max_size=12))
    text = draw(st.sampled_from(BEGINNINGS)) + digits
    separator = draw(SPACING)
    if separator:
        step = draw(st.integers(1, 4))
        text = separator.join(text[i : i + step] for i in range(0, len(text), step))
    if draw(st.booleans()):
        text = draw(st.sampled_from(["", " ", "x12 ", "ext. ", "tel: "])) + text
    return text


REGIONS = st.sampled_from(["MA", "TN", None, "FR", "EH"])


@given(st.lists(st.tuples(phone_cells(), REGIONS), max_size=40))
@example([("0661234567", "MA"), ("0661234568", "MA"), ("06 61 23 45 67", "MA")])
@example([("+212 (0)661234567", None), ("+212 (0)661234568", "TN")])
@example([("00212528812345", "MA"), ("00212528912345", "MA"), ("00212529012345", "MA")])
@settings(max_examples=400, deadline=None, derandomize=True)
def test_reading_numbers_one_after_the_other_gives_what_the_library_gives_each(cells):
    reader = PhoneReader()
    for text, region in cells:
        assert reader(text, region) == phone_e164(text, region), (text, region)


def test_a_registry_of_numbers_sharing_their_beginnings_is_read_as_the_library_reads_it():
    rng = random.Random(5)
    cells = []
    for _ in range(5000):
        if rng.random() < 0.5:
            number, region = f"+2126{rng.randrange(10**7, 10**8)}", "MA"
        else:
            number, region = f"+216{rng.choice('2345789')}{rng.randrange(10**6, 10**7)}", "TN"
        writing = rng.randrange(4)
        if writing == 1:  # national, spaced by pairs
            national = "0" + number[4:] if region == "MA" else number[4:]
            number = " ".join(national[i : i + 2] for i in range(0, len(national), 2))
        elif writing == 2:
            number = "00" + number[1:]
        elif writing == 3:
            number = number[:4] + " " + number[4:7] + "-" + number[7:]
        cells.append((number, region))
    reader = PhoneReader()
    assert [reader(text, region) for text, region in cells] == [
        phone_e164(text, region) for text, region in cells
    ]
    # Most numbers were read without the library: a few hundred ways of writing them.
    assert len(reader.ways) < 1000


def test_the_plans_of_morocco_and_tunisia_leave_all_digits_but_the_first_free():
    morocco, free = _plan(212)
    assert [region[0] for region in morocco] == ["MA", "EH"] and free == 8
    assert _plan(216)[1] == 7  # Tunisia
    assert _plan(999) is None  # no such country code
