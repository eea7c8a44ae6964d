"""SSE actors: the organisations of the directory and atlas, and their vocabularies."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from tadamun.core.i18n import all_values, localized
from tadamun.core.models import NamedInThreeLanguages
from tadamun.places.models import Country, Place


class Vocabulary(NamedInThreeLanguages):
    """A trilingual controlled term, mapped to the ESSGlobal vocabulary where it can be."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    synonyms = models.TextField(
        _("synonyms"), blank=True, help_text=_("Other words for this term, separated by |.")
    )
    essglobal = models.URLField(_("ESSGlobal term"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.split("|") if s.strip()]


class LegalForm(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("legal form")
        verbose_name_plural = _("legal forms")


class Sector(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class ActorQuerySet(models.QuerySet):
    def for_listing(self) -> "ActorQuerySet":
        """What a list of actors shows, fetched in a fixed number of queries."""
        return self.select_related("legal_form", "country", "place", "admin1").prefetch_related(
            "sectors"
        )

    def for_detail(self) -> "ActorQuerySet":
        return self.select_related(
            "legal_form", "country", "place", "admin1", "admin2"
        ).prefetch_related("sectors", "sources")

    def in_territory(self, place: Place) -> "ActorQuerySet":
        """Actors located in a place or in any place it contains."""
        if place.level == 1:
            return self.filter(admin1=place)
        if place.level == 2:
            return self.filter(admin2=place)
        return self.filter(Q(place=place) | Q(place__parent=place))


class Actor(models.Model):
    class Status(models.TextChoices):
        PROJECT = "project", _("project")
        ACTIVE = "active", _("active")
        DORMANT = "dormant", _("dormant")
        CLOSED = "closed", _("closed")

    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    legal_form = models.ForeignKey(
        LegalForm,
        verbose_name=_("legal form"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actors",
        db_index=False,  # actor_form_sort begins with it
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="actors"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )

    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="actors",
        db_index=False,  # actor_country_sort begins with it
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actors",
        help_text=_("The most precise known place: town, province or region."),
    )
    # The region/governorate and the province/prefecture of `place`, kept on the row so
    # that territory filters and counts are one indexed lookup. The foreign keys that an
    # index of Meta.indexes begins with get no index of their own: every import writes
    # each index, and these were kept twice. Derived from `place` (whose own constraint
    # the database checks, and whose ancestors they are), they have no constraint in the
    # database: PostgreSQL checked two million of them at the end of a first import.
    # Django's PROTECT still keeps a place they name from being deleted.
    admin1 = models.ForeignKey(
        Place,
        verbose_name=_("region or governorate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,  # actor_admin1_sort begins with it
        db_constraint=False,
    )
    admin2 = models.ForeignKey(
        Place,
        verbose_name=_("province, prefecture or delegation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,  # actor_admin2 is its index
        db_constraint=False,
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.TextField(_("address"), blank=True)

    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    founded = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    members_women = models.PositiveIntegerField(_("women members"), null=True, blank=True)
    members_men = models.PositiveIntegerField(_("men members"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    women_led = models.BooleanField(_("women-led"), default=False)
    youth_led = models.BooleanField(_("youth-led"), default=False)

    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    # Folded display names for alphabetical lists: Latin names first, and Arabic first.
    sort_name = models.CharField(max_length=300, editable=False, db_index=True)
    sort_name_ar = models.CharField(max_length=300, editable=False, db_index=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        verbose_name = _("SSE actor")
        verbose_name_plural = _("SSE actors")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_ar="", name_fr="", name_en=""), name="actor_has_a_name"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="actor_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="actor_longitude_range",
            ),
        ]
        indexes = [
            models.Index(fields=["country", "sort_name"], name="actor_country_sort"),
            models.Index(fields=["admin1", "sort_name"], name="actor_admin1_sort"),
            models.Index(fields=["admin2"], name="actor_admin2"),
            models.Index(fields=["legal_form", "sort_name"], name="actor_form_sort"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:actor", kwargs={"pk": self.pk})

    def public_url(self, request) -> str:
        """The absolute URL of the actor's page, in English, for data others reuse."""
        with override("en"):
            return request.build_absolute_uri(self.get_absolute_url())

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def names(self) -> dict[str, str]:
        return all_values(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def other_names(self) -> list[str]:
        shown = self.name
        return [n for n in self.names.values() if n and n != shown]

    @property
    def members_total(self) -> int | None:
        if self.members_women is None and self.members_men is None:
            return None
        return (self.members_women or 0) + (self.members_men or 0)

    @property
    def territory(self) -> Place | None:
        """The most precise administrative division of the actor (province, else region)."""
        return self.admin2 or self.admin1


class ActorSource(models.Model):
    """A record an actor was built from: (source name, id in that source).

    Importing the same source again finds its actors through these, so an import can be
    traced and repeated without creating duplicates.
    """

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="sources")
    source = models.CharField(_("source"), max_length=100)
    source_id = models.CharField(_("id in the source"), max_length=200)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("source record")
        verbose_name_plural = _("source records")
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="source_record_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_id}"
