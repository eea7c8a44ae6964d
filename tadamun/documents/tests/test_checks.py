"""A file's kind comes from its bytes, and its name must agree."""

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from tadamun.documents import checks
from tadamun.documents.checks import Refused, detect, extension_of, kind_of
from tadamun.documents.tests import files


@pytest.mark.parametrize("name", sorted(files.KEPT))
def test_every_kind_kept_is_recognised_by_its_content(name):
    kind = detect(files.KEPT[name](), name)
    assert extension_of(name) in kind.extensions


def test_a_csv_file_is_text_served_as_csv():
    assert detect(files.csv_utf8(), "a.csv").content_type == "text/csv"
    assert detect(files.csv_utf8(), "a.txt").content_type == "text/plain"


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (files.pdf, "photo.png", "mismatch"),
        (files.png, "report.pdf", "mismatch"),
        (files.docx, "budget.xlsx", "mismatch"),
        (files.odt, "tableau.ods", "mismatch"),
        (files.pdf, "notes.txt", "mismatch"),  # a PDF is not text, whatever it holds
        (files.exe, "cv.pdf", "content"),
        (files.exe, "setup.exe", "extension"),
        (files.plain_zip, "plan.docx", "content"),
        (files.pdf, "report", "extension"),
        (files.pdf, "report.pdf.exe", "extension"),
        (files.pdf, "report.html", "extension"),
        (lambda: b"", "empty.txt", "empty"),
        (lambda: b"hello\x00world", "notes.txt", "content"),
        (lambda: b"\x1b[31m\x07bell", "notes.txt", "content"),
    ],
)
def test_a_file_whose_content_and_name_disagree_is_refused(content, name, code):
    with pytest.raises(Refused) as refused:
        detect(content(), name)
    assert refused.value.code == code
    assert refused.value.messages[0]


def test_a_file_over_the_limit_is_refused(settings):
    settings.TADAMUN_UPLOAD_MAX_MB = 1
    with translation.override("en"), pytest.raises(Refused) as refused:
        detect(b"%PDF-" + b"a" * (1024 * 1024), "big.pdf")
    assert refused.value.code == "too_large"
    assert "1 MB" in refused.value.messages[0]


def test_an_odf_archive_declaring_an_unknown_type_is_refused():
    data = files._zip({"mimetype": b"application/x-evil"}, first="mimetype")
    assert kind_of(data) is None


def test_a_damaged_zip_is_refused():
    assert kind_of(files.docx()[:40]) is None


SIGNATURES = {
    "pdf": b"%PDF-",
    "png": b"\x89PNG\r\n\x1a\n",
    "jpg": b"\xff\xd8\xff",
    "jpeg": b"\xff\xd8\xff",
}
ZIPPED = {"docx", "xlsx", "odt", "ods"}


def _agrees(data: bytes, extension: str) -> bool:
    """What the signature of `data` allows `extension` to be."""
    if extension in SIGNATURES:
        return data.startswith(SIGNATURES[extension])
    if extension == "webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if extension in ZIPPED:
        return data.startswith(b"PK\x03\x04")
    # Text: no binary signature, no NUL byte.
    binary = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"PK\x03\x04")
    return b"\x00" not in data and not data.startswith(binary)


names = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda stem, ext: f"{stem}.{ext}",
        st.text(max_size=20),
        st.sampled_from([*sorted(checks.EXTENSIONS), "exe", "html", "PDF", "Png", ""]),
    ),
)
contents = st.one_of(
    st.binary(max_size=300),
    st.builds(
        lambda head, tail: head + tail,
        st.sampled_from(
            [
                b"%PDF-",
                b"\x89PNG\r\n\x1a\n",
                b"\xff\xd8\xff",
                b"RIFF\x00\x00\x00\x00WEBP",
                b"PK\x03\x04",
                b"MZ",
            ]
        ),
        st.binary(max_size=200),
    ),
    st.sampled_from([make() for make in files.KEPT.values()]),
    st.text(max_size=200).map(lambda text: text.encode("utf-8")),
)


@settings(max_examples=400, deadline=None)
@given(data=contents, name=names)
def test_detection_never_crashes_and_never_accepts_a_signature_that_disagrees(data, name):
    try:
        kind = detect(data, name)
    except Refused:
        return
    extension = extension_of(name)
    assert extension in kind.extensions or (kind.extension == "txt" and extension == "csv")
    assert _agrees(data, extension)
