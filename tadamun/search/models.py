"""The search index of actors.

`SearchDocument` holds, for each actor, the folded words and codes the search matches
against (see documents.py). The database indexes them with its own full-text engine, in a
table kept in step by triggers: an external-content FTS5 table on SQLite, a narrow table of
weighted `tsvector`s with a GIN index on PostgreSQL (see the migrations). The words are
made in Python, so both engines see exactly the same tokens.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tadamun.directory.models import Actor, Sector


class SearchDocument(models.Model):
    # Derived from its actor and rewritten with it: no constraint in the database, which
    # would check every document's actor at every import (Django's cascade still deletes
    # it with its actor).
    actor = models.OneToOneField(
        Actor,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        db_constraint=False,
    )
    names = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Tokens that are not words: phonetic keys, name lengths, codes of concepts.
    codes = models.TextField(blank=True)
    # Words in the actor's shortest name (articles and stopwords aside): the shortest
    # names are the first candidates for an exact match.
    name_words = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"search document of actor {self.actor_id}"


class Concept(models.Model):
    """An entry of the trilingual SSE thesaurus: an activity (weaving, beekeeping…) or a
    marker (women's, youth), with the words that name it in each language.

    A query that names a concept in one language finds the records that name it in any.
    Legal forms, sectors and places are concepts too, through their own vocabularies.
    """

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("activity")
        MARKER = "marker", _("marker")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concepts",
        help_text=_("The sector an activity belongs to, for imports and statistics."),
    )
    terms_ar = models.TextField(_("Arabic words"), help_text=_("Separated by |."))
    terms_fr = models.TextField(_("French words"), help_text=_("Separated by |."))
    terms_en = models.TextField(_("English words"), help_text=_("Separated by |."))

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("thesaurus concept")
        verbose_name_plural = _("thesaurus concepts")

    def __str__(self) -> str:
        return self.code

    def terms(self) -> list[str]:
        return [
            term.strip()
            for field in (self.terms_ar, self.terms_fr, self.terms_en)
            for term in field.split("|")
            if term.strip()
        ]


class PhoneticVariant(models.Model):
    """The phonetic keys present in the index, each under itself and under every key one
    consonant shorter (a symmetric-deletion index): a key typed with a slip (Alahyat for
    Alhayat, Ariada for Arriada) finds the keys one edit away in one indexed lookup.

    Filled as documents are indexed; a key whose actors are gone stays, harmlessly.
    """

    variant = models.CharField(max_length=64)
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "key"], name="phonetic_variant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.variant} → {self.key}"
