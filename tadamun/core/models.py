from django.db import models
from django.utils.translation import gettext_lazy as _

from tadamun.core.i18n import TrilingualNameMixin


class NamedInThreeLanguages(TrilingualNameMixin, models.Model):
    """A name in Arabic, French and English; `name` gives the reader's (see core/i18n.py)."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True
