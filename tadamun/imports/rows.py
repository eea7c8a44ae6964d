"""Checking one row of an actors file and turning it into an actor's fields.

A file repeats the same countries, places, legal forms and sectors on most of its rows:
`RowChecker` remembers what each distinct cell gave (a place, a parsed phone number, a
reason to reject it) for the rows of one import, during which the places and vocabularies
it reads do not change. `check_row` checks a single row with a checker of its own; both
give the same answer for every row. `checked_batches` checks a whole table, in other
processes when it is large (tests/test_import_batches.py holds all three to the same
answers); there, the rows that create an actor are also prepared (`new_actor`: the
directory's rules, derived fields, search document, blocking keys unless a first import
leaves them to the scan that follows it), so that the importing process only stores them.
"""

import gc
import multiprocessing
import os
import re
import threading
from collections import deque
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db.models.base import ModelState
from django.utils.translation import gettext as _

from tadamun.core.spreadsheets import spreadsheet_value
from tadamun.directory.models import Actor
from tadamun.directory.selectors import legal_form_codes, vocabulary_id
from tadamun.directory.services import (
    NewActorRow,
    actor_derive,
    actor_new_row,
    actor_validate,
)
from tadamun.imports.phones import PhoneReader
from tadamun.places.selectors import country_resolve, place_index, place_resolve
from tadamun.search.documents import indexing_context
from tadamun.search.text import arabic_share

SECTOR_SEPARATOR = "|"
# A checker forgets what it remembered past this many distinct values of a column (a
# million rows of distinct phone numbers need not stay in memory).
REMEMBERED = 100_000
_NAME_COLUMNS = ("name_ar", "name_fr", "name_en")
_NUMBER_COLUMNS = ("members_women", "members_men", "employees")


# What may be a letter: a word character but a digit or "_" (str.isalpha says the last word).
_LETTERISH = re.compile(r"[^\W\d_]+")


def written_in_arabic(text: str) -> bool:
    """Whether most of a text's letters are Arabic (a name or description in Arabic)."""
    if text.isascii():  # no Arabic letter at all
        return False
    letters = "".join(_LETTERISH.findall(text))
    if not letters.isalpha():  # a numeral that is not a digit (Ⅻ, ½): letter by letter
        letters = "".join(c for c in letters if c.isalpha())
    return arabic_share(letters) >= 0.5


@dataclass
class CheckedRow:
    """What a row says of an actor: the fields it sets (empty cells set nothing), its
    sectors (None: the row does not say), and what is wrong with it."""

    source_id: str = ""
    fields: dict = field(default_factory=dict)
    sector_ids: list[int] | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)
    # A row prepared to create an actor (`new_actor`, by a checking process): the new
    # actor's row (which then holds its fields), or why the directory refuses it.
    new: NewActorRow | None = None
    refused: str = ""


def _number(text: str) -> float:
    return float(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))


def _whole_number(text: str, low: int, high: int) -> int | str:
    """The whole number a cell holds, or why it holds none ("nan": not a number, "range":
    not a whole number from low to high)."""
    try:
        value = _number(text)
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(text)
    except ValueError:
        return "nan"
    if value != int(value) or not low <= value <= high:
        return "range"
    return int(value)


def _whole(row: CheckedRow, column: str, text: str, *, low: int, high: int) -> None:
    _whole_checked(row, column, text, _whole_number(text, low, high), low, high)


def _whole_checked(row: CheckedRow, column: str, text: str, value, low: int, high: int) -> None:
    if value == "nan":
        row.errors.append((column, _("%(value)r is not a number") % {"value": text}))
    elif value == "range":
        reason = _("%(value)r is not a whole number from %(low)s to %(high)s")
        row.errors.append((column, reason % {"value": text, "low": low, "high": high}))
    else:
        row.fields[column] = value


def _validates(validator):
    def valid(text: str) -> bool:
        try:
            validator(text)
        except ValidationError:
            return False
        return True

    return valid


class _EmailChecker:
    """`EmailValidator` (Django's, as it checks the e-mail field), its answer for each
    domain remembered: an import's addresses are all different, their domains are not."""

    def __init__(self) -> None:
        self.validator = EmailValidator()
        self.domains = _Remembered(self._domain)

    def _domain(self, domain: str) -> bool:
        return domain in self.validator.domain_allowlist or bool(
            self.validator.validate_domain_part(domain)
        )

    def __call__(self, value: str) -> bool:
        # As EmailValidator.__call__ (Django 5.2) decides.
        if not value or "@" not in value or len(value) > 320:
            return False
        user, domain = value.rsplit("@", 1)
        return bool(self.validator.user_regex.match(user)) and self.domains[domain]

    __getitem__ = __call__  # read like the other remembered checks


class _Remembered(dict):
    """What a function gave for each argument, forgotten when it holds too many."""

    __slots__ = ("function",)

    def __init__(self, function) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, key):
        if len(self) >= REMEMBERED:
            self.clear()
        value = self[key] = self.function(*key) if isinstance(key, tuple) else self.function(key)
        return value


class RowChecker:
    """Checks rows like `check_row`, remembering what each distinct cell gave."""

    def __init__(self) -> None:
        self.this_year = date.today().year
        self.countries = _Remembered(country_resolve)
        self.legal_forms = _Remembered(lambda text: vocabulary_id("LegalForm", text))
        self.sectors = _Remembered(self._sectors)
        self.places = _Remembered(lambda text, country: place_resolve(text, country=country))
        self.phones = _Remembered(PhoneReader())
        self.emails = _EmailChecker()
        self.websites = _Remembered(_validates(URLValidator(schemes=["http", "https"])))
        self.numbers = _Remembered(_whole_number)
        self.arabic = _Remembered(written_in_arabic)

    @staticmethod
    def _sectors(text: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """The sectors a cell names, and the parts it names none with."""
        ids, unknown = [], []
        for part in text.split(SECTOR_SEPARATOR):
            if part.strip():
                sector_id = vocabulary_id("Sector", part.strip())
                if sector_id is None:
                    unknown.append(part.strip())
                else:
                    ids.append(sector_id)
        return tuple(ids), tuple(unknown)

    def check(self, values: dict[str, str]) -> CheckedRow:
        """Check a row's cells (by column of the format) and say what it sets."""
        get = {k: (v or "").strip() for k, v in values.items()}
        if "'" in "".join(get.values()):  # a cell of a report, disarmed for spreadsheets?
            for k, v in get.items():
                if v[:1] == "'":
                    get[k] = cell_text(v)
        row = CheckedRow(source_id=get.get("source_id", ""))
        fields = row.fields
        errors = row.errors
        if not row.source_id:
            errors.append(("source_id", _("required: it names the record in its source")))

        name = get.get("name", "")
        names = {column: get.get(column, "") for column in _NAME_COLUMNS}
        if name and not any(names.values()):
            names["name_ar" if self.arabic[name] else "name_fr"] = name
        if not any(names.values()):
            errors.append(("name", _("required")))
        fields.update({k: v for k, v in names.items() if v})

        country = None
        text = get.get("country")
        if text:
            country = self.countries[text]
            if country is None:
                errors.append(
                    ("country", _("unknown country %(value)r: use an ISO code such as MA or TN")
                     % {"value": text})
                )  # fmt: skip
            else:
                fields["country_id"] = country.code
        else:
            errors.append(("country", _("required")))

        text = get.get("legal_form")
        if text:
            form_id = self.legal_forms[text]
            if form_id is None:
                errors.append(("legal_form", _("unknown legal form %(value)r") % {"value": text}))
            else:
                fields["legal_form_id"] = form_id

        text = get.get("sector")
        if text:
            ids, unknown = self.sectors[text]
            row.sector_ids = list(ids)
            for part in unknown:
                errors.append(("sector", _("unknown sector %(value)r") % {"value": part}))

        text = get.get("territory")
        if text and country is not None:
            place = self.places[text, country.code]
            if place is None:
                errors.append(
                    ("territory", _("unknown place %(value)r in %(country)s")
                     % {"value": text, "country": country.code})
                )  # fmt: skip
            else:
                fields["place_id"] = place.pk

        latitude, longitude = get.get("latitude", ""), get.get("longitude", "")
        if latitude or longitude:
            try:
                lat, lon = _number(latitude), _number(longitude)
            except ValueError:
                errors.append(("latitude", _("give both coordinates as decimal degrees")))
            else:
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    errors.append(("latitude", _("coordinates out of range")))
                elif (
                    country is not None
                    and country.min_latitude is not None
                    and not country.contains(lat, lon)
                ):
                    errors.append(
                        ("latitude", _("the coordinates are outside %(country)s")
                         % {"country": country.code})
                    )  # fmt: skip
                else:
                    fields["latitude"], fields["longitude"] = lat, lon

        text = get.get("phone")
        if text:
            phone = self.phones[text, country.code if country else None]
            if phone is None:
                errors.append(("phone", _("%(value)r is not a phone number") % {"value": text}))
            else:
                fields["phone"] = phone

        text = get.get("email")
        if text:
            if self.emails[text]:
                fields["email"] = text.lower()
            else:
                errors.append(("email", _("%(value)r is not an e-mail address") % {"value": text}))

        text = get.get("website")
        if text:
            url = text if "://" in text else f"https://{text}"
            if self.websites[url]:
                fields["website"] = url
            else:
                errors.append(("website", _("%(value)r is not a web address") % {"value": text}))

        text = get.get("founded")
        if text:
            high = self.this_year
            _whole_checked(row, "founded", text, self.numbers[text, 1800, high], 1800, high)
        for column in _NUMBER_COLUMNS:
            text = get.get(column)
            if text:
                value = self.numbers[text, 0, 10_000_000]
                _whole_checked(row, column, text, value, 0, 10_000_000)

        if get.get("address"):
            fields["address"] = get["address"]
        text = get.get("description")
        if text:
            fields["description_ar" if self.arabic[text] else "description_fr"] = text
        return row


def cell_text(value: str | None) -> str:
    """A cell's text as the importer reads it: trimmed, and as it was before a report of
    rejected rows disarmed it for spreadsheets (`spreadsheet_safe`)."""
    text = (value or "").strip()
    return spreadsheet_value(text).strip() if text[:1] == "'" else text


def check_row(values: dict[str, str]) -> CheckedRow:
    """Check a row's cells (by column of the format) and say what it sets."""
    return RowChecker().check(values)


# --- New actors -------------------------------------------------------------------------


def actor_maker():
    """Makes new active actors from a row's fields, as `Actor(status=ACTIVE, **fields)`
    does (no signal listens to the making of actors), without going through every field's
    descriptor: a tenth of the time."""
    fields = Actor._meta.concrete_fields
    template = {f.attname: f.get_default() for f in fields}
    template["status"] = Actor.Status.ACTIVE
    called = [f for f in fields if f.has_default() and callable(f.default)]
    new = Actor.__new__

    def make(values: dict) -> Actor:
        actor = new(Actor)
        state = template.copy()
        for model_field in called:
            state[model_field.attname] = model_field.get_default()
        state.update(values)
        state["_state"] = ModelState()
        actor.__dict__ = state
        return actor

    return make


def refusal(error: ValidationError) -> str:
    return "; ".join(error.messages)


def new_actor(row: CheckedRow, make, *, keys: bool = True) -> NewActorRow:
    """The new actor's row a checked row creates, validated and derived as the directory's
    services would (ValidationError when its rules refuse it), with its blocking keys if
    `keys`. Rows prepared by a checking process come with the answer."""
    if row.refused:
        raise ValidationError(row.refused)
    if row.new is not None:
        return row.new
    actor = make(row.fields)
    actor_validate(actor)
    actor_derive(actor, with_places=False)
    return actor_new_row(actor, row.sector_ids or (), keys=keys)


def _prepare(row: CheckedRow, make, keys: bool) -> None:
    try:
        row.new = new_actor(row, make, keys=keys)
    except ValidationError as error:
        row.refused = refusal(error)
        return
    row.fields = {}  # in the new row's values: not sent back twice


# --- Many rows ----------------------------------------------------------------------------

# Checking a row takes tens of microseconds (a phone number alone as many): from this many
# rows on, other processes check the rows of the next batches while this one stores
# those of the last (when it can fork them safely, see `checked_batches`).
PARALLEL_ROWS = 10_000
# Batches checked ahead of the one being stored.
AHEAD = 2

# What the checking processes read, inherited from this one when they are forked.
_shared: dict = {}
# The database connections a checking process inherited: kept, never used nor closed (a
# close would end this process's session).
_inherited: list = []


def _check_all(
    rows: list[list[str]],
    columns: dict[int, str],
    width: int,
    check,
    known=None,
    make=None,
    keys: bool = True,
) -> list:
    """Each row checked (None for a row with more cells than the headers name); with
    `known` (the source ids the source had), the good rows it does not name prepared to
    create their actor (with their blocking keys if `keys`)."""
    checked = [
        None
        if len(cells) > width
        else check({column: cells[position] for position, column in columns.items()})
        for cells in rows
    ]
    if known is not None:
        for row in checked:
            if row is not None and not row.errors and row.source_id not in known:
                _prepare(row, make, keys)
    return checked


def checked_batches(
    rows: list[list[str]],
    columns: dict[int, str],
    width: int,
    batch: int,
    known: Container[str] = frozenset(),
    keys: bool = True,
) -> Iterator[list[CheckedRow | None]]:
    """The rows checked, `batch` after `batch`, each as `_check_all` gives it.

    A large table is checked by worker processes, `AHEAD` batches ahead of the one the
    caller has, when this process may fork them: it runs no other thread (a fork would
    copy another thread's locks in whatever state they are). They also prepare the rows
    whose source ids are not in `known` (those the source had), with their blocking keys
    if `keys`.
    Either way every row is checked by the same code with the same places and
    vocabularies, and comes in order. Close the iterator (`contextlib.closing`) to stop
    the workers early."""
    processes = _processes(len(rows))
    if processes < 2:
        checker = RowChecker()
        for start in range(0, len(rows), batch):
            yield _check_all(rows[start : start + batch], columns, width, checker.check)
        return
    # Fresh reference data for the workers (they keep it): read here, before they fork.
    place_index()
    vocabulary_id("Sector", "")
    legal_form_codes()
    indexing_context()
    _shared.update(rows=rows, columns=columns, width=width, known=known, keys=keys)
    pool = multiprocessing.get_context("fork").Pool(processes, initializer=_start_worker)
    try:
        part = -(-batch // processes)
        waiting: deque = deque()
        for start in range(0, len(rows), batch):
            waiting.append(
                [
                    pool.apply_async(_check_part, (low, min(low + part, start + batch)))
                    for low in range(start, min(start + batch, len(rows)), part)
                ]
            )
            if len(waiting) > AHEAD:
                yield [row for task in waiting.popleft() for row in task.get()]
        while waiting:
            yield [row for task in waiting.popleft() for row in task.get()]
    finally:
        pool.terminate()
        pool.join()
        _shared.clear()


def _processes(rows: int) -> int:
    if rows < PARALLEL_ROWS or threading.active_count() > 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return os.cpu_count() or 1


def _start_worker() -> None:
    """A checking process never uses the database: its connections are the parent's, and
    it keeps the places and vocabularies the parent had when it forked it."""
    from django.db import connections

    from tadamun.directory import selectors as directory_selectors
    from tadamun.places import selectors as place_selectors

    for connection in connections.all(initialized_only=True):
        _inherited.append(connection.connection)
        connection.connection = None
    # What it inherited (the table) lives as long as it does: not for the cycle collector
    # to walk again and again.
    gc.freeze()
    index, vocabularies = place_selectors.place_index(), directory_selectors._vocabulary_keys()
    place_selectors.place_index = lambda: index
    directory_selectors._vocabulary_keys = lambda: vocabularies
    _shared["checker"] = RowChecker()
    _shared["make"] = actor_maker()


def _check_part(low: int, high: int) -> list[CheckedRow | None]:
    return _check_all(
        _shared["rows"][low:high],
        _shared["columns"],
        _shared["width"],
        _shared["checker"].check,
        _shared["known"],
        _shared["make"],
        _shared["keys"],
    )
