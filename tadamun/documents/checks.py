"""What a file is, from its bytes: the types a mechanism's records take, and nothing else.

The extension a file was given says nothing; its content decides, and the extension must
then agree with it (a PDF called photo.png is refused, as is a program called cv.pdf).
Known: PDF, PNG, JPEG, WebP, Word and Excel files (OOXML), OpenDocument text and
spreadsheets, and plain text or CSV (UTF-8 or Windows Arabic, no NUL byte).
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Kind:
    name: str  # what the staff read: "PDF", "Word document"…
    content_type: str
    extensions: tuple[str, ...]  # the first is the one the stored file gets

    @property
    def extension(self) -> str:
        return self.extensions[0]


PDF = Kind("PDF", "application/pdf", ("pdf",))
PNG = Kind("PNG", "image/png", ("png",))
JPEG = Kind("JPEG", "image/jpeg", ("jpg", "jpeg"))
WEBP = Kind("WebP", "image/webp", ("webp",))
DOCX = Kind(
    "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
)
XLSX = Kind(
    "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ("xlsx",),
)
ODT = Kind(gettext_lazy("OpenDocument text"), "application/vnd.oasis.opendocument.text", ("odt",))
ODS = Kind(
    gettext_lazy("OpenDocument spreadsheet"),
    "application/vnd.oasis.opendocument.spreadsheet",
    ("ods",),
)
TEXT = Kind(gettext_lazy("text"), "text/plain", ("txt",))
CSV = Kind("CSV", "text/csv", ("csv",))

KINDS = (PDF, PNG, JPEG, WEBP, DOCX, XLSX, ODT, ODS, TEXT, CSV)
EXTENSIONS = frozenset(ext for kind in KINDS for ext in kind.extensions)
ODF_TYPES = {ODT.content_type: ODT, ODS.content_type: ODS}
# Control characters a text file does not hold (tab, line feed, form feed, carriage
# return and escape aside).
_CONTROLS = frozenset(range(32)) - {9, 10, 12, 13, 27}
# Entries a zip may list before it is not a document any more.
MAX_ZIP_ENTRIES = 10_000


class Refused(ValidationError):
    """The file is not one Tadamun keeps; the message says why, for the uploader."""


def max_bytes() -> int:
    return settings.TADAMUN_UPLOAD_MAX_MB * 1024 * 1024


def extension_of(name: str) -> str:
    """The extension of a file name, lowercased, without its dot ("" when none)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip().rstrip(".")
    if "." not in base.lstrip("."):
        return ""
    return base.rsplit(".", 1)[-1].lower()


def _zip_kind(data: bytes) -> Kind | None:
    """An OOXML or OpenDocument file, from the entries of its zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                return None
            names = {entry.filename for entry in entries}
            if "mimetype" in names:
                entry = archive.getinfo("mimetype")
                if entry.file_size > 100:
                    return None
                with archive.open(entry) as handle:
                    declared = handle.read(100).decode("ascii", "replace").strip()
                return ODF_TYPES.get(declared)
            if "[Content_Types].xml" in names:
                if any(name.startswith("word/") for name in names):
                    return DOCX
                if any(name.startswith("xl/") for name in names):
                    return XLSX
    # A damaged or hostile archive fails in many ways (bad headers, unknown compression,
    # wrong sizes, encryption): whichever it is, it is not a document.
    except Exception:
        return None
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    if any(byte in _CONTROLS for byte in set(data)):
        return False
    for encoding in ("utf-8-sig", "cp1256"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def kind_of(data: bytes) -> Kind | None:
    """The kind of a file's content, or None when Tadamun does not keep such files."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if _is_text(data):
        return TEXT
    return None


def detect(data: bytes, name: str) -> Kind:
    """The kind of an uploaded file, its bytes and its name agreeing; `Refused` otherwise."""
    limit = max_bytes()
    if len(data) > limit:
        raise Refused(
            _("The file is too large: at most %(mb)s MB.") % {"mb": settings.TADAMUN_UPLOAD_MAX_MB},
            code="too_large",
        )
    if not data:
        raise Refused(_("The file is empty."), code="empty")
    extension = extension_of(name)
    if extension not in EXTENSIONS:
        raise Refused(
            _(
                "Files ending in .%(extension)s are not kept. Send a PDF, a photo (PNG, JPEG, "
                "WebP), a Word, Excel or OpenDocument file, or a text or CSV file."
            )
            % {"extension": extension or "?"},
            code="extension",
        )
    kind = kind_of(data)
    if kind is None:
        raise Refused(
            _(
                "This file's content is not one of the kinds kept (PDF, photo, Word, Excel, "
                "OpenDocument, text or CSV), whatever its name says."
            ),
            code="content",
        )
    if kind is TEXT and extension == "csv":
        kind = CSV
    if extension not in kind.extensions:
        raise Refused(
            _(
                "This file is a %(kind)s file but its name ends in .%(extension)s: rename it "
                ".%(expected)s, or send the file you meant to."
            )
            % {"kind": kind.name, "extension": extension, "expected": kind.extension},
            code="mismatch",
        )
    return kind
