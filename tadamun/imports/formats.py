"""Reading the files registries and partners send: CSV in UTF-8 (with or without BOM),
Windows Arabic (CP1256) or Latin-1, separated by `;`, `,` or tabs, and XLSX."""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tadamun.core.bulk import cycles_left_alone
from tadamun.search.text import arabic_share

SEPARATORS = (";", ",", "\t")


class UnreadableFile(ValueError):
    """The file cannot be read as a table at all: nothing is imported."""


@dataclass
class Table:
    encoding: str
    separator: str
    headers: list[str]
    rows: list[list[str]]  # the data rows, each as long as the headers


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was written in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Both are one byte a letter and decode anything: CP1256 when most of the letters
    # beyond ASCII read as Arabic that way (French accents sit at the same places in both).
    as_arabic = data.decode("cp1256", errors="replace")
    if arabic_share("".join(c for c in as_arabic if ord(c) > 127)) >= 0.5:
        return as_arabic, "cp1256"
    return data.decode("latin-1"), "latin-1"


def _separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _rectangular(headers: list[str], rows: list[list[str]]) -> list[list[str]]:
    """Blank lines dropped, short rows padded; long rows kept as they are (rejected later)."""
    width = len(headers)
    # (A row is blank when all its cells are: when they hold nothing but spaces together.)
    return [
        row if len(row) >= width else row + [""] * (width - len(row))
        for row in rows
        if "".join(row).strip()
    ]


def _first_line(text: str) -> str | None:
    """`text.splitlines()[0]` (None without any line), without splitting all the text."""
    lines = text[:65536].splitlines()
    if len(lines) < 2:  # the first line may go on beyond
        lines = text.splitlines()
    return lines[0] if lines else None


def read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    text = text.replace("\x00", "")
    first = _first_line(text)
    if first is None or not first.strip():
        raise UnreadableFile(_("The file is empty or its first line (the headers) is blank."))
    separator = _separator(first)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    headers = [h.strip() for h in records[0]]
    return Table(encoding, separator, headers, _rectangular(headers, records[1:]))


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(_("The file is not a readable XLSX workbook.")) from error
    sheet = workbook.worksheets[0]
    records = [
        ["" if value is None else str(value).strip() for value in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    workbook.close()
    if not records or not any(records[0]):
        raise UnreadableFile(_("The first sheet is empty or its first line is blank."))
    headers = records[0]
    return Table("xlsx", "", headers, _rectangular(headers, records[1:]))


def read_table(data: bytes, filename: str = "") -> Table:
    """A table from a file's bytes: XLSX by its name or its signature, CSV otherwise."""
    with cycles_left_alone():  # a million rows are seventeen million cells
        if filename.lower().endswith((".xlsx", ".xlsm")) or data.startswith(b"PK\x03\x04"):
            return read_xlsx(data)
        return read_csv(data)
