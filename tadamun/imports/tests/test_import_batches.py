"""The import's quick ways give what checking and storing rows one at a time gives.

`actors_import` checks rows with a `RowChecker` that remembers what each distinct cell
gave (in other processes for a large file), reads and writes actors by batches and adds
the map's counts once; the reference here does it the plain way, row after row, through
`check_row` and the directory's services (`actor_save`, `actor_update`). Both must leave
the same actors, sources, sectors, search documents and map, and say the same of every
row. And a CSV file is read into the table a plain reading gives.
"""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tadamun.atlas import services as atlas_services
from tadamun.atlas.models import AtlasCell, AtlasPoint
from tadamun.atlas.services import atlas_rebuild
from tadamun.directory import services as directory_services
from tadamun.directory.models import Actor, ActorSource
from tadamun.directory.services import actor_save, actor_update
from tadamun.duplicates.models import BlockKey
from tadamun.duplicates.services import duplicates_scan
from tadamun.imports import rows, services
from tadamun.imports.columns import COLUMNS, map_headers
from tadamun.imports.formats import SEPARATORS, Table, UnreadableFile, decode, read_csv
from tadamun.imports.rows import RowChecker, check_row
from tadamun.imports.services import ImportResult, _differs, actors_import
from tadamun.search.models import PhoneticVariant, SearchDocument
from tadamun.search.services import actor_search, search_index_tables, search_reindex_all

# What registries write in each column, right and wrong.
SAMPLES = {
    "source_id": ["S1", "S2", "S3", "S4", "S5", ""],
    "name": [
        "تعاونية الأمل للنسيج", "Coopérative Tifawin", "Association Annour de tissage",
        "جمعية النور", "Coop Atlas féminine", "",
    ],
    "legal_form": ["cooperative", "Coop.", "تعاونية", "association", "spaceship", ""],
    "sector": ["care", "agriculture|care", "care|care", "bogus|care", "handicrafts", ""],
    "country": ["MA", "TN", "Maroc", "XX", ""],
    "territory": ["Nador", "El Kef", "MA-NAD", "الكاف", "Atlantis", ""],
    "address": ["", "12 rue des Oliviers"],
    "coordinates": [
        ("35.17", "-2.93"), ("36,18", "8,71"), ("48.85", "2.35"), ("x", "1"), ("35.1", ""),
        ("", ""),
    ],
    "phone": ["0661 23 45 67", "+216 78 200 300", "78 200 300", "12", ""],
    "email": ["amal@example.org", "A@B.ORG", "not-an-email", ""],
    "website": ["amal.example.org", "http://example.org/p", "not a site", ""],
    "founded": ["1990", "2999", "x", "1990.0", ""],
    "members_women": ["12", "-1", "beaucoup", "3.5", ""],
    "members_men": ["0", "30", ""],
    "employees": ["7", "1e3", ""],
    "description": ["نسيج الزرابي", "Garde d'enfants", "Tissage de tapis", ""],
}  # fmt: skip


# The counts of a cell but the sum of its actors' ids (ids differ between runs on
# PostgreSQL, whose sequences do not roll back).
CELL_VALUES = [c for c in atlas_services.CELL_COLUMNS if c != "sum_id"]


@st.composite
def registry_rows(draw):
    values = {column: draw(st.sampled_from(samples)) for column, samples in SAMPLES.items()}
    values["latitude"], values["longitude"] = values.pop("coordinates")
    cells = [values[column] for column in COLUMNS]
    if draw(st.integers(0, 9)) == 0:
        cells.append("one too many")
    return cells


def _table(rows) -> Table:
    return Table("utf-8", ";", list(COLUMNS), [list(cells) for cells in rows])


@pytest.mark.django_db
@given(st.lists(registry_rows(), max_size=30))
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_checking_rows_with_what_earlier_rows_gave_says_what_checking_each_alone_says(table):
    checker = RowChecker()
    for cells in table:
        values = dict(zip(COLUMNS, cells, strict=False))
        assert checker.check(values) == check_row(values)


def _one_at_a_time(table: Table, source: str) -> ImportResult:
    """The reference: every row checked, then created or updated by itself."""
    columns = map_headers(table.headers)
    result = ImportResult(rows=len(table.rows))
    seen: dict[str, int] = {}

    def reject(line, column, reason):
        result.rejections.append(services.Rejection(line, [], column, reason))

    for n, cells in enumerate(table.rows):
        line = n + 2
        if len(cells) > len(table.headers):
            result.rejected += 1
            reject(line, "", _("more cells than the headers name"))
            continue
        row = check_row({column: cells[position] for position, column in columns.items()})
        if row.source_id in seen and not row.errors:
            reason = _("repeated: line %(line)s has it too") % {"line": seen[row.source_id]}
            row.errors.append(("source_id", reason))
        if row.errors:
            result.rejected += 1
            for column, reason in row.errors:
                reject(line, column, reason)
            continue
        seen[row.source_id] = line
        record = ActorSource.objects.filter(source=source, source_id=row.source_id).first()
        try:
            with transaction.atomic():
                if record is None:
                    actor = actor_save(
                        actor=Actor(status=Actor.Status.ACTIVE, **row.fields),
                        sectors=row.sector_ids or [],
                        sources=[(source, row.source_id)],
                    )
                    result.created += 1
                else:
                    actor = Actor.objects.get(pk=record.actor_id)
                    sectors = set(actor.sectors.values_list("id", flat=True))
                    changes = _differs(actor, row, sectors)
                    if not changes:
                        result.unchanged += 1
                        continue
                    sector_ids = changes.pop("sectors", None)
                    actor_update(actor=actor, sectors=sector_ids, **changes)
                    result.updated += 1
                result.actor_ids.append(actor.pk)
        except ValidationError as error:
            result.rejected += 1
            reject(line, "", "; ".join(error.messages))
    return result


def _said(result: ImportResult, source_ids: dict[int, str]) -> tuple:
    """What an import said, actors named by their source id (ids differ between runs on
    PostgreSQL, whose sequences do not roll back)."""
    return (
        result.summary(),
        sorted((r.line, r.column, r.reason) for r in result.rejections),
        sorted(source_ids[pk] for pk in result.actor_ids),
    )


def _stored() -> dict:
    """The directory, the search documents and the map, actors named by source id, and
    what a search for each name finds."""
    source_ids = dict(ActorSource.objects.values_list("actor_id", "source_id"))
    actors, names = [], []
    for values in Actor.objects.order_by("id").values():
        pk = values.pop("id")
        del values["created_at"], values["updated_at"]
        actors.append((source_ids[pk], sorted(values.items())))
        names.append(values["name_ar"] or values["name_fr"])
    through = Actor.sectors.through.objects.values_list("actor_id", "sector_id")
    return {
        "actors": sorted(actors),
        "sectors": sorted((source_ids[actor_id], sector) for actor_id, sector in through),
        # The order of the codes follows the order the sectors were read in: not compared.
        "documents": sorted(
            (source_ids[d.actor_id], d.names, d.body, sorted(d.codes.split()), d.name_words)
            for d in SearchDocument.objects.all()
        ),
        "phonetic": sorted(PhoneticVariant.objects.values_list("variant", "key")),
        "points": sorted(
            (source_ids[point[0]], *point[1:])
            for point in AtlasPoint.objects.values_list(*atlas_services.POINT_COLUMNS)
        ),
        "cells": sorted(AtlasCell.objects.values_list(*CELL_VALUES)),
        "block keys": sorted(
            (key, source_ids[actor_id])
            for key, actor_id in BlockKey.objects.values_list("key", "actor_id")
        ),
        "found": sorted(
            (name, sorted(source_ids[a.pk] for a in actor_search(text=name, limit=50).actors))
            for name in names
        ),
    }


def _derived() -> dict:
    """The search documents and blocking keys, by actor."""
    return {
        "documents": sorted(
            (d.actor_id, d.names, d.body, sorted(d.codes.split()), d.name_words)
            for d in SearchDocument.objects.all()
        ),
        "block keys": sorted(BlockKey.objects.values_list("actor_id", "key")),
    }


def _atlas_tables() -> list:
    return sorted(AtlasCell.objects.values_list(*atlas_services.CELL_COLUMNS))


@pytest.mark.django_db
@given(st.lists(registry_rows(), max_size=12), st.lists(registry_rows(), max_size=12))
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_an_import_by_batches_stores_and_says_what_importing_one_row_at_a_time_does(first, second):
    # Small batches and slices, and counts added every few keys, so that a few rows
    # cross them all; rows checked by other processes from five rows on, all the
    # source's records read at once from seven.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rows, "PARALLEL_ROWS", 5)
        patch.setattr(services, "ALL_RECORDS_FROM", 7)
        patch.setattr(services, "BATCH", 4)
        patch.setattr(services, "SLICE", 2)
        patch.setattr(atlas_services, "GATHERED_KEYS", 5)
        tables = [_table(first), _table(second), _table(second)]
        with transaction.atomic():
            results = [_one_at_a_time(table, "registry") for table in tables]
            source_ids = dict(ActorSource.objects.values_list("actor_id", "source_id"))
            expected = [_said(result, source_ids) for result in results], _stored()
            transaction.set_rollback(True)
        results = [actors_import(table=table, source="registry") for table in tables]
        source_ids = dict(ActorSource.objects.values_list("actor_id", "source_id"))
        assert ([_said(result, source_ids) for result in results], _stored()) == expected
        # What the import kept in step is what rebuilding it all from the directory gives.
        counted, derived = _atlas_tables(), _derived()
        atlas_rebuild()
        search_reindex_all()
        duplicates_scan()  # renews every blocking key
        assert (_atlas_tables(), _derived()) == (counted, derived)


# Cells that registries write rightly: rows of them are all created or updated.
VALID = {
    "source_id": ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8"],
    "name": [
        "تعاونية الأمل للنسيج", "Coopérative Tifawin", "Association Annour de tissage",
        "جمعية النور", "Coop Atlas féminine", "Coopérative Al Amal de tissage",
    ],
    "legal_form": ["cooperative", "Coop.", "تعاونية", "association", ""],
    "sector": ["care", "agriculture|care", "handicrafts", ""],
    "country": ["MA"],
    "territory": ["Nador", "MA-NAD", "Berkane", "الناظور", ""],
    "address": ["", "12 rue des Oliviers"],
    "coordinates": [("35.17", "-2.93"), ("34,92", "-2,33"), ("", "")],
    "phone": ["0661 23 45 67", "+212 536 61 23 45", "06.70.00.11.22", ""],
    "email": ["amal@example.org", "A@B.ORG", ""],
    "website": ["amal.example.org", ""],
    "founded": ["1990", "2005", ""],
    "members_women": ["12", "0", ""],
    "members_men": ["30", ""],
    "employees": ["7", ""],
    "description": ["نسيج الزرابي", "Garde d'enfants", "Tissage de tapis", ""],
}  # fmt: skip


@st.composite
def valid_rows(draw):
    values = {column: draw(st.sampled_from(samples)) for column, samples in VALID.items()}
    values["latitude"], values["longitude"] = values.pop("coordinates")
    return [values[column] for column in COLUMNS]


@pytest.mark.django_db
@given(st.lists(valid_rows(), max_size=10), st.lists(valid_rows(), max_size=10))
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_a_bulk_import_leaves_the_derived_tables_that_writing_actors_one_by_one_leaves(
    first, second
):
    # Batches of three, counts added every few keys, rows checked by other processes,
    # indexes built once at the end of an import of many rows.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rows, "PARALLEL_ROWS", 5)
        patch.setattr(directory_services, "BULK_LOADING_FROM", 3)
        patch.setattr(services, "BATCH", 3)
        patch.setattr(services, "SLICE", 1)
        patch.setattr(atlas_services, "GATHERED_KEYS", 5)
        tables = [_table(first), _table(second)]
        with transaction.atomic():
            results = [_one_at_a_time(table, "registry") for table in tables]
            source_ids = dict(ActorSource.objects.values_list("actor_id", "source_id"))
            expected = [_said(result, source_ids) for result in results], _stored()
            transaction.set_rollback(True)
        indexes = _indexes()
        results = [actors_import(table=table, source="registry") for table in tables]
        assert _indexes() == indexes
        # Rows are rejected only for a source id repeated in their file.
        assert [result.rejected for result in results] == [
            len(table) - len({cells[0] for cells in table}) for table in (first, second)
        ], [(r.column, r.reason) for result in results for r in result.rejections]
        source_ids = dict(ActorSource.objects.values_list("actor_id", "source_id"))
        assert ([_said(result, source_ids) for result in results], _stored()) == expected
        counted, derived = _atlas_tables(), _derived()
        atlas_rebuild()
        search_reindex_all()
        duplicates_scan()
        assert (_atlas_tables(), _derived()) == (counted, derived)


def _indexes() -> dict:
    """The indexes of the tables an import writes, as the database describes them."""
    tables = [
        Actor._meta.db_table,
        Actor.sectors.through._meta.db_table,
        ActorSource._meta.db_table,
        AtlasPoint._meta.db_table,
        BlockKey._meta.db_table,
        *search_index_tables(),
    ]
    with connection.cursor() as cursor:
        return {t: connection.introspection.get_constraints(cursor, t) for t in tables}


@pytest.mark.django_db
def test_an_import_that_fails_midway_leaves_the_tables_and_their_indexes_as_they_were(
    monkeypatch,
):
    monkeypatch.setattr(directory_services, "BULK_LOADING_FROM", 2)
    monkeypatch.setattr(services, "BATCH", 2)
    indexes = _indexes()
    batches = 0
    real = services._import_batch

    def fails_at_the_second(*args):
        nonlocal batches
        batches += 1
        if batches == 2:
            raise RuntimeError("the disk is full")
        real(*args)

    monkeypatch.setattr(services, "_import_batch", fails_at_the_second)
    names = ["Coopérative Tifawin", "جمعية النور", "Coop Atlas", "Association Annour"]
    table = Table(
        "utf-8",
        ";",
        ["source_id", "name", "country"],
        [[f"V{n}", name, "MA"] for n, name in enumerate(names)],
    )
    with pytest.raises(RuntimeError):
        actors_import(table=table, source="registry")
    assert batches == 2
    assert not Actor.objects.exists()
    assert _indexes() == indexes


def _read_csv_plainly(data: bytes) -> Table:
    """The reference: every line split, every cell of every row looked at."""
    text, encoding = decode(data)
    text = text.replace("\x00", "")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise UnreadableFile("empty")
    counts = {separator: lines[0].count(separator) for separator in SEPARATORS}
    separator = max(counts, key=lambda s: counts[s]) if max(counts.values()) else ","
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    headers = [h.strip() for h in records[0]]
    width = len(headers)
    rows = [
        (row + [""] * width)[:width] if len(row) <= width else row
        for row in records[1:]
        if any(cell.strip() for cell in row)
    ]
    return Table(encoding, separator, headers, rows)


@given(st.text(alphabet=st.sampled_from(list('ab ;,\t"\n\r\x0b\x0c\x00\u2028é')), max_size=60))
@example("a;b" * 30_000 + "\r\nc;d\n \n;\n" + "x;y;z")  # a first line of 90,000 letters
@example("a" * 65_535 + "\r\n" + "b")  # its end across 65,536 letters
@settings(max_examples=300, deadline=None, derandomize=True)
def test_a_csv_is_read_into_the_table_a_plain_reading_gives(text):
    data = text.encode()
    try:
        expected = _read_csv_plainly(data)
    except UnreadableFile:
        with pytest.raises(UnreadableFile):
            read_csv(data)
        return
    assert read_csv(data) == expected
