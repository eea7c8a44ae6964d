"""Phone numbers to E.164, as `phonenumbers` reads them, many times faster for the
numbers of a registry.

A registry's numbers are all different, but they are written in a few ways that share
their beginnings: `06 61 23 45 67`, `+216 44 …`. How the library reads a cell (the
international prefix, country code and national prefix it strips) depends on the places
of its digits and on its first digits only, as far as the country's general pattern leaves
the others free: every branch of that pattern ends with digits of any value, which the
metadata says (`_plan`). `PhoneReader` asks the library once per way of writing, reads the
other cells written that way the same way, and checks them against the country's patterns
as `is_valid_number` does; any other cell (letters, an extension, a plan whose prefixes
are patterns) goes to the library. Tests hold it to the library's answers, number by
number (`tests/test_phones.py`).
"""

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneMetadata

_E164 = phonenumbers.PhoneNumberFormat.E164
# What a phone cell holds when nothing but its digits and their spacing can matter (no
# letter, extension or second number).
_PLAIN = re.compile(r"[+0-9 ().\-\u00a0]*[0-9][+0-9 ().\-\u00a0]*")
_DESCS = (
    "general_desc", "fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost",
    "personal_number", "voip", "pager", "uan", "voicemail",
)  # fmt: skip
_FREE_END = re.compile(r"\\d(?:\{(\d+)(?:,\d*)?\})?$")


def phone_e164(text: str, region: str | None) -> str | None:
    """A phone number in E.164, or None when `phonenumbers` finds it is not one."""
    try:
        number = phonenumbers.parse(text, region)
        if not phonenumbers.is_valid_number(number):
            return None
        return phonenumbers.format_number(number, _E164)
    except phonenumbers.NumberParseException:
        return None


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression."""
    branches, depth, start, n = [], 0, 0, 0
    in_class = False
    while n < len(pattern):
        char = pattern[n]
        if char == "\\":
            n += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:n])
            start = n + 1
        n += 1
    branches.append(pattern[start:])
    return branches


def _free_tail(pattern: str) -> int:
    """How many digits of any value every branch of a pattern ends with (0: none)."""
    tail = None
    for branch in _branches(pattern):
        end = _FREE_END.search(branch)
        if end is None or branch[: end.start()].endswith("\\"):
            return 0
        tail = min(tail or 99, int(end.group(1) or 1))
    return tail or 0


_TYPES = _DESCS[1:]


@lru_cache(maxsize=512)
def _plan(country_code: int) -> tuple | None:
    """What `is_valid_number` checks of a national number with this country code, as
    [(region, leading digits or None, general (lengths, pattern), [(lengths, pattern)] of
    its types)], and how many last digits its regions' general patterns leave free; None
    when a region's rules are not plain digits (a national prefix that is a pattern)."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(country_code, ())
    if not regions:
        return None
    plan, free = [], 99
    for region in regions:
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(country_code, region)
        if metadata is None:
            return None
        for prefix in (metadata.national_prefix_for_parsing, metadata.national_prefix):
            if prefix is not None and not prefix.isdigit():
                return None
        if metadata.national_prefix_transform_rule is not None:
            return None
        general = metadata.general_desc
        if general is None or not general.national_number_pattern:
            return None
        free = min(free, _free_tail(general.national_number_pattern))
        types = [
            (frozenset(desc.possible_length), re.compile(desc.national_number_pattern))
            for name in _TYPES
            if (desc := getattr(metadata, name)) is not None and desc.national_number_pattern
        ]
        leading = re.compile(metadata.leading_digits) if metadata.leading_digits else None
        general_check = (
            frozenset(general.possible_length),
            re.compile(general.national_number_pattern),
        )
        plan.append((region, leading, general_check, types))
    return tuple(plan), free


def _matches(national: str, desc: tuple) -> bool:
    lengths, pattern = desc
    if lengths and len(national) not in lengths:
        return False
    return pattern.fullmatch(national) is not None


def _valid(national: str, regions: tuple) -> bool:
    """`phonenumbers.is_valid_number` of a number with this national number."""
    region = None
    if len(regions) == 1:
        region = regions[0]
    else:
        for candidate in regions:
            leading = candidate[1]
            if leading is not None:
                if leading.match(national):
                    region = candidate
                    break
            elif _matches(national, candidate[2]) and any(
                _matches(national, desc) for desc in candidate[3]
            ):
                region = candidate
                break
    if region is None:
        return False
    return _matches(national, region[2]) and any(_matches(national, d) for d in region[3])


_NOT_DIGIT = re.compile(r"[^0-9]+")
_DIGIT = re.compile(r"[0-9]")


class PhoneReader:
    """`phone_e164`, asking `phonenumbers` once per way of writing numbers rather than
    once per number.

    For a cell of digits and spacing only, how the library reads it (the international
    prefix, the country code and the national prefix it strips) is decided by the places
    of its digits and by its first digits: as many as come before the digits that the
    general patterns of its country (and of the region it is read in) leave free. The
    first cell written so is read by the library; the others are read as it was, then
    checked against the country's patterns as `is_valid_number` checks them. Any other
    cell goes to the library."""

    def __init__(self, limit: int = 200_000) -> None:
        self.limit = limit
        # (region, the cell with every digit a 0, its first digits) -> (country code, how
        # many digits come before the national number, the plan of its country).
        self.ways: dict[tuple, tuple] = {}
        # (region, the cell with every digit a 0) -> how many first digits its ways have.
        self.deciding: dict[tuple, set[int]] = {}

    def __call__(self, text: str, region: str | None) -> str | None:
        if not _PLAIN.fullmatch(text):
            return phone_e164(text, region)
        digits = _NOT_DIGIT.sub("", text)
        shape = (region, _DIGIT.sub("0", text))
        way = None
        for deciding in self.deciding.get(shape, ()):
            way = self.ways.get((*shape, digits[:deciding]))
            if way is not None:
                break
        else:
            found = self._way(text, region, digits)
            if found is None:
                return phone_e164(text, region)
            deciding, way = found
            if len(self.ways) >= self.limit:
                self.ways.clear()
                self.deciding.clear()
            self.ways[(*shape, digits[:deciding])] = way
            self.deciding.setdefault(shape, set()).add(deciding)
        country_code, skipped, regions = way
        national = digits[skipped:]
        if not _valid(national, regions):
            return None
        return f"+{country_code}{national}"

    @staticmethod
    def _way(text: str, region: str | None, digits: str) -> tuple[int, tuple] | None:
        """(how many first digits decide, the way) of a cell read by the library."""
        if text.count("+") > 1 or ("+" in text and not text.lstrip(" (").startswith("+")):
            return None
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            return None
        if number.extension or number.italian_leading_zero:
            return None
        national = str(number.national_number)
        if not digits.endswith(national) or len(national) <= 1:
            return None
        skipped = len(digits) - len(national)
        found = _plan(number.country_code)
        if found is None:
            return None
        regions, free = found
        # The digits past the deciding ones are free in the general patterns of the
        # country read (all of the national number when it is shorter than they say),
        # and of the region's own country if it was another (read from the first digit
        # or past a national prefix: two more, to be safe).
        deciding = skipped + max(len(national) - free, 0)
        if region is not None:
            own = phonenumbers.country_code_for_region(region)
            if own and own != number.country_code:
                own_plan = _plan(own)
                if own_plan is None:
                    return None
                deciding = max(deciding, len(digits) - own_plan[1] + 2)
        return max(deciding, 1), (number.country_code, skipped, regions)
