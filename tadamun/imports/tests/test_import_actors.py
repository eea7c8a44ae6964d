import csv
import importlib
import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tadamun.directory.models import Actor, ActorSource
from tadamun.imports.columns import COLUMNS
from tadamun.imports.formats import UnreadableFile, decode, read_table
from tadamun.imports.services import actors_import

HEADER = ",".join(COLUMNS)
ROWS = [
    # source_id, name, legal_form, sector, country, territory, address, lat, lon, phone,
    # email, website, founded, women, men, employees, description
    "R1,تعاونية الأمل للنسيج,تعاونية,Artisanat,MA,Nador,,35.17,-2.93,0661 23 45 67,"
    "amal@example.org,amal.example.org,2012,25,0,3,نسيج الزرابي",
    "R2,Association Annour,association,care,TN,El Kef,,36.18,8.71,+216 78 200 300,,,"
    "2019,10,30,,Garde d'enfants",
    "R3,Coopérative Tifawin,Coop.,agriculture|care,MA,MA-NAD,,,,,,,,,,,",
]


def _file(tmp_path, lines, name="actors.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes("\n".join(lines).encode(encoding))
    return path


def _import(path, source="registry", report=None, extra=()):
    args = ["import", "actors", str(path), "--source", source, "--json", *extra]
    if report:
        args += ["--report", str(report)]
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_a_registry_file_is_imported_and_a_second_import_changes_nothing(tmp_path):
    path = _file(tmp_path, [HEADER, *ROWS])
    assert _import(path) == {"rows": 3, "created": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    amal = ActorSource.objects.get(source="registry", source_id="R1").actor
    assert amal.name_ar == "تعاونية الأمل للنسيج"
    assert amal.legal_form.code == "cooperative"
    assert amal.phone == "+212661234567"
    assert amal.website == "https://amal.example.org"
    assert amal.admin2.code == "MA-NAD"
    assert amal.description_ar == "نسيج الزرابي"
    tifawin = ActorSource.objects.get(source_id="R3").actor
    assert sorted(s.code for s in tifawin.sectors.all()) == ["agriculture", "care"]
    assert _import(path) == {"rows": 3, "created": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    assert Actor.objects.count() == 3


@pytest.mark.django_db
def test_a_changed_row_updates_its_actor_and_nothing_else(tmp_path):
    _import(_file(tmp_path, [HEADER, *ROWS]))
    changed = ROWS[1].replace("2019,10,30", "2019,12,30")
    result = _import(_file(tmp_path, [HEADER, ROWS[0], changed, ROWS[2]], name="v2.csv"))
    assert result == {"rows": 3, "created": 0, "updated": 1, "unchanged": 2, "rejected": 0}
    assert ActorSource.objects.get(source_id="R2").actor.members_women == 12


@pytest.mark.django_db
def test_bad_rows_are_rejected_with_their_line_column_and_reason(tmp_path):
    bad = [
        "B1,,cooperative,,MA,,,,,,,,,,,,",  # no name
        "B2,Coop Sahara,cooperative,,MA,,,48.85,2.35,,,,,,,,",  # Paris is not in Morocco
        "B3,Coop Futur,cooperative,,MA,,,,,,,,2999,,,,",  # founded in the future
        "B4,Coop Mail,cooperative,,MA,,,,,,not-an-email,,,,,,",
        "B5,Coop Pays,cooperative,,XX,,,,,,,,,,,,",
        "B6,Coop Nombre,cooperative,,TN,,,,,,,,,beaucoup,,,",
        "B7,Coop Forme,spaceship,,TN,,,,,,,,,,,,",
        "B8,Coop Tel,cooperative,,MA,,,,,12,,,,,,,",
        ",Coop Sans Id,cooperative,,MA,,,,,,,,,,,,",
    ]
    report = tmp_path / "rejected.csv"
    result = _import(
        _file(tmp_path, [HEADER, ROWS[0], *bad]), report=report, extra=["--lang", "en"]
    )
    assert result == {"rows": 10, "created": 1, "updated": 0, "unchanged": 0, "rejected": 9}
    with report.open(encoding="utf-8-sig") as f:
        lines = list(csv.reader(f))
    assert lines[0][:3] == ["line", "column", "reason"]
    by_line = {int(line[0]): (line[1], line[2]) for line in lines[1:]}
    assert by_line[3] == ("name", "required")
    assert by_line[4][0] == "latitude" and "outside MA" in by_line[4][1]
    assert by_line[5][0] == "founded"
    assert by_line[6][0] == "email"
    assert by_line[7][0] == "country"
    assert by_line[8][0] == "members_women"
    assert by_line[9][0] == "legal_form"
    assert by_line[10][0] == "phone"
    assert by_line[11][0] == "source_id"
    # The original row follows, as it was.
    assert lines[1][3:5] == ["B1", ""]


@pytest.mark.django_db
def test_the_report_speaks_the_users_language(tmp_path):
    report = tmp_path / "rejets.csv"
    _import(_file(tmp_path, [HEADER, "B1,,cooperative,,MA,,,,,,,,,,,,"]), report=report,
            extra=["--lang", "fr"])  # fmt: skip
    text = report.read_text(encoding="utf-8-sig")
    assert text.startswith("ligne,colonne,motif")
    assert "obligatoire" in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_rejected_rows_corrected_in_their_report_import_again(tmp_path, language):
    bad = [
        # A name a spreadsheet would run, a phone and a longitude with their signs; two
        # problems (an e-mail, a year to come).
        "B1,=Coop Oasis,cooperative,,MA,,,34.68,-1.91,+212 662 11 22 33,oasis@,,2999,,,,",
        "B2,Coop Sahara,cooperative,,MA,,,48.85,2.35,,,,,,,,",  # Paris is not in Morocco
    ]
    report = tmp_path / "rejected.csv"
    result = _import(
        _file(tmp_path, [HEADER, ROWS[0], *bad]), report=report, extra=["--lang", language]
    )
    assert (result["created"], result["rejected"]) == (1, 2)
    with report.open(encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f))
    assert len(lines) == 3  # a row with two problems is one line
    header, b1, b2 = lines
    at = {column: header.index(column) for column in COLUMNS}
    assert (b1[0], b1[1], b1[3]) == ("3", "email; founded", "B1")
    assert (b1[at["name"]], b1[at["longitude"]]) == ("'=Coop Oasis", "-1.91")
    assert b1[at["phone"]] == "+212 662 11 22 33"
    # Corrected as a spreadsheet would save them.
    b1[at["email"]], b1[at["founded"]] = "oasis@example.org", "2015"
    b2[at["latitude"]], b2[at["longitude"]] = "31.63", "-8.0"
    with report.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(lines)

    assert _import(report) == {
        "rows": 2, "created": 2, "updated": 0, "unchanged": 0, "rejected": 0
    }  # fmt: skip
    oasis = Actor.objects.get(sources__source_id="B1")
    assert (oasis.name_fr, oasis.phone, oasis.longitude) == ("=Coop Oasis", "+212662112233", -1.91)
    assert Actor.objects.get(sources__source_id="B2").latitude == 31.63
    assert _import(report)["unchanged"] == 2


@pytest.mark.django_db
def test_the_files_cells_are_let_go_before_the_duplicate_scan_that_follows(tmp_path, monkeypatch):
    command = importlib.import_module("tadamun.imports.management.commands.import")
    tables, seen = [], []

    def reading(data, name):
        tables.append(read_table(data, name))
        return tables[-1]

    def scanning(*, actor_ids):
        seen.append((len(tables[0].rows), len(actor_ids)))

    monkeypatch.setattr(command, "read_table", reading)
    monkeypatch.setattr(command, "duplicates_scan_after_import", scanning)
    report = tmp_path / "rejected.csv"
    bad = "B1,,cooperative,,MA,,,,,,,,,,,,"
    assert _import(_file(tmp_path, [HEADER, *ROWS, bad]), report=report)["created"] == 3
    assert seen == [(0, 3)]  # the scan ran with every actor written, the file's rows gone
    assert "B1" in report.read_text(encoding="utf-8-sig")  # the report still has its row


@pytest.mark.django_db
def test_windows_arabic_files_with_french_headers_and_semicolons_are_read(tmp_path):
    lines = [
        "Identifiant;Nom;Forme juridique;Pays;Région;Téléphone",
        "K1;جمعية النور للتنمية;جمعية;TN;الكاف;78 200 300",
        "K2;Coopérative El Baraka;Coopérative;TN;Le Kef;",
    ]
    path = _file(tmp_path, lines, encoding="cp1256")
    result = _import(path, source="kef-list")
    assert result["created"] == 2, result
    nour = ActorSource.objects.get(source_id="K1").actor
    assert nour.name_ar == "جمعية النور للتنمية"
    assert nour.legal_form.code == "association"
    assert nour.phone == "+21678200300"
    assert ActorSource.objects.get(source_id="K2").actor.name_fr == "Coopérative El Baraka"


def test_encodings_are_told_apart():
    arabic = "تعاونية الأمل؛ Coopérative"
    assert decode(arabic.encode("cp1256")) == (arabic, "cp1256")
    assert decode("Coopérative à Tétouan".encode("latin-1"))[1] == "latin-1"
    assert decode(("\ufeff" + arabic).encode("utf-8"))[1] == "utf-8-sig"
    assert decode(arabic.encode("utf-8")) == (arabic, "utf-8")


@pytest.mark.django_db
def test_an_xlsx_workbook_is_read_like_a_csv(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in ROWS:
        sheet.append(next(csv.reader([row])))
    path = tmp_path / "registry.xlsx"
    workbook.save(path)
    assert _import(path)["created"] == 3


@pytest.mark.django_db
def test_unknown_headers_can_be_mapped_by_hand(tmp_path):
    path = _file(tmp_path, ["Code;Organisation;Nation", "X1;Coop Atlas;MA"])
    with pytest.raises(CommandError, match="Columns missing: source_id, name, country"):
        _import(path, extra=["--lang", "en"])
    result = _import(path, extra=["--map", "Code=source_id", "--map", "Organisation=name",
                                  "--map", "Nation=country"])  # fmt: skip
    assert result["created"] == 1


@pytest.mark.django_db
def test_a_file_it_cannot_read_imports_nothing_and_says_why(tmp_path):
    for name, content in [("empty.csv", b""), ("broken.xlsx", b"PK\x03\x04garbage")]:
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(CommandError, match="Nothing was imported"):
            _import(path, extra=["--lang", "en"])
    assert Actor.objects.count() == 0


@pytest.mark.django_db
def test_a_repeated_source_id_in_one_file_is_rejected_not_merged(tmp_path):
    result = _import(_file(tmp_path, [HEADER, ROWS[0], ROWS[0]]))
    assert (result["created"], result["rejected"]) == (1, 1)


# --- Never crashes, never loses a row ----------------------------------------------------

SLOW = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
cells = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
known = st.sampled_from(["MA", "TN", "cooperative", "care", "Nador", "35.1", "-2.9", "1990",
                         "12", "", "x@y.org", "0661234567", "الكاف", "El Kef"])  # fmt: skip


@pytest.mark.django_db
@given(st.lists(st.lists(st.one_of(cells, known), min_size=0, max_size=20), max_size=12))
@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=SLOW)
def test_any_rows_add_up_to_created_updated_unchanged_and_rejected(rows):
    table = read_table(
        "\n".join([HEADER] + [",".join(f'"{c}"'.replace("\n", " ") for c in r) for r in rows])
        .replace("\r", " ")
        .encode()
    )
    result = actors_import(table=table, source="fuzz")
    assert result.rows == len(table.rows)
    assert result.created + result.updated + result.unchanged + result.rejected == result.rows
    again = actors_import(table=table, source="fuzz")
    assert again.created == 0 and again.updated == 0


@pytest.mark.django_db
@given(st.binary(max_size=300))
@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=SLOW)
def test_arbitrary_bytes_are_either_refused_whole_or_accounted_for(data):
    try:
        table = read_table(data)
        result = actors_import(table=table, source="bytes")
    except UnreadableFile:
        return
    assert result.created + result.updated + result.unchanged + result.rejected == result.rows
