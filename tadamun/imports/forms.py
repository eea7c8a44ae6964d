"""The forms of the staff import pages: the upload, and the mapping of a file's headers."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tadamun.imports.columns import COLUMNS, EXTRA_COLUMNS, REQUIRED, map_headers
from tadamun.imports.formats import Table, UnreadableFile, read_table

# What each column of the format holds, for the mapping's choices.
COLUMN_LABELS = {
    "source_id": gettext_lazy("id in the source"),
    "name": gettext_lazy("name (Arabic or Latin letters)"),
    "name_ar": gettext_lazy("name (Arabic)"),
    "name_fr": gettext_lazy("name (French)"),
    "name_en": gettext_lazy("name (English)"),
    "legal_form": gettext_lazy("legal form"),
    "sector": gettext_lazy("sectors"),
    "country": gettext_lazy("country"),
    "territory": gettext_lazy("region, province, governorate or town"),
    "address": gettext_lazy("address"),
    "latitude": gettext_lazy("latitude"),
    "longitude": gettext_lazy("longitude"),
    "phone": gettext_lazy("phone"),
    "email": gettext_lazy("e-mail"),
    "website": gettext_lazy("website"),
    "founded": gettext_lazy("founding year"),
    "members_women": gettext_lazy("women members"),
    "members_men": gettext_lazy("men members"),
    "employees": gettext_lazy("employees"),
    "description": gettext_lazy("description"),
}


def max_upload_mb() -> int:
    """The largest file the pages take (TADAMUN_IMPORT_MAX_MB); the command has no limit."""
    return settings.TADAMUN_IMPORT_MAX_MB


def column_label(column: str) -> str:
    return f"{column} · {COLUMN_LABELS.get(column, column)}"


def header_label(header: str, position: int) -> str:
    return header or _("(column %(number)s, without a header)") % {"number": position + 1}


class UploadForm(forms.Form):
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=100,
        help_text=gettext_lazy(
            "The registry or list the file comes from, such as rnc-2026. Importing the same "
            "source again updates the actors it created before."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV (UTF-8, Windows Arabic or Latin-1; separated by semicolons, commas or tabs) "
            "or XLSX; its first line names the columns."
        ),
    )

    table: Table
    file_data: bytes

    def clean_source(self) -> str:
        source = " ".join(self.cleaned_data["source"].split())
        if not source:
            raise forms.ValidationError(_("Name the source of the file."))
        return source

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_mb()
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB: split it in several.") % {"size": limit}
            )
        data = upload.read()
        try:
            self.table = read_table(data, upload.name)
        except UnreadableFile as error:
            raise forms.ValidationError(
                _("This file cannot be read as a table: %(reason)s") % {"reason": error}
            ) from error
        self.file_data = data
        return upload


class MappingForm(forms.Form):
    """One choice per header of the file: the column of the format it holds, or none."""

    def __init__(self, *args, headers: list[str], mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        current = map_headers(headers, mapping)
        choices = [("", _("(not imported)"))] + [
            (column, column_label(column)) for column in (*COLUMNS, *EXTRA_COLUMNS)
        ]
        for position, header in enumerate(headers):
            self.fields[f"column_{position}"] = forms.ChoiceField(
                label=header_label(header, position),
                choices=choices,
                required=False,
                initial=current.get(position, ""),
            )
        self.mapping: dict[str, str] = {}

    def clean(self):
        data = super().clean()
        by_column: dict[str, list[str]] = {}
        for position, header in enumerate(self.headers):
            column = data.get(f"column_{position}", "")
            self.mapping[header] = column
            if column:
                by_column.setdefault(column, []).append(header_label(header, position))
        for column, headers in by_column.items():
            if len(headers) > 1:
                self.add_error(
                    None,
                    _("%(column)s is chosen for several headers (%(headers)s): keep one.")
                    % {"column": column, "headers": ", ".join(headers)},
                )
        missing = [column for column in REQUIRED if column not in by_column]
        if missing:
            self.add_error(None, missing_message(missing))
        return data


def missing_message(missing: list[str]) -> str:
    return _("Required columns not found: %(columns)s. Choose the headers that hold them.") % {
        "columns": ", ".join(missing)
    }
