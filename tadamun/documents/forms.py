"""The upload form: a title and a file, checked by its content (see checks.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tadamun.documents.checks import EXTENSIONS


class UploadForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("What the document is, such as “Business plan, March”."),
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        accepted = ",".join(f".{extension}" for extension in sorted(EXTENSIONS))
        self.fields["file"].widget.attrs["accept"] = accepted
        self.fields["file"].help_text = _(
            "PDF, photo (PNG, JPEG, WebP), Word, Excel, OpenDocument, text or CSV; at most "
            "%(mb)s MB."
        ) % {"mb": max_mb}
