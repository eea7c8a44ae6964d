"""Small files of every kind kept, made in memory."""

import io
import zipfile


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9"


def webp() -> bytes:
    return b"RIFF\x1a\x00\x00\x00WEBPVP8 " + b"\x00" * 14


def _zip(entries: dict[str, bytes], first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(first, entries.pop(first), compress_type=zipfile.ZIP_STORED)
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def xlsx() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def odt() -> bytes:
    return _zip(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
        first="mimetype",
    )


def ods() -> bytes:
    return _zip(
        {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
        first="mimetype",
    )


def plain_zip() -> bytes:
    return _zip({"readme.txt": b"hello"})


def exe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def csv_arabic_cp1256() -> bytes:
    return "الاسم;الهاتف\nفاطمة;0661\n".encode("cp1256")


def csv_utf8() -> bytes:
    return "\ufeffnom,téléphone\nFatima,0661\n".encode()


KEPT = {
    "report.pdf": pdf,
    "photo.png": png,
    "photo.jpg": jpeg,
    "photo.JPEG": jpeg,
    "photo.webp": webp,
    "plan.docx": docx,
    "budget.xlsx": xlsx,
    "lettre.odt": odt,
    "tableau.ods": ods,
    "notes.txt": csv_utf8,
    "liste.csv": csv_arabic_cp1256,
    "members.csv": csv_utf8,
}
