"""Records of the directory that are probably one organisation, what staff decided about
them, and the history of merges (with what is needed to undo each)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tadamun.directory.models import Actor


class BlockKey(models.Model):
    """A blocking key of an actor (a phonetic key of its name in its region, its phone, its
    e-mail…): two actors are compared only if they share one. Kept so that the actors of a
    new import are compared with everyone else without recomputing everyone's keys.

    Derived data, a few rows per actor (seven on average): no foreign key constraint in
    the database, which would check every key's actor at every import (a million actors'
    keys are seven million checks). Deleting an actor deletes its keys all the same
    (Django's cascade), and every full scan writes them all anew."""

    key = models.CharField(max_length=80)
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )

    class Meta:
        indexes = [models.Index(fields=["key", "actor"], name="blockkey_key_actor")]

    def __str__(self) -> str:
        return f"{self.key} → {self.actor_id}"


class KeysOwed(models.Model):
    """Blocking keys left unwritten: a first import into the directory creates its actors
    without them, since the full scan that follows such an import computes everyone's
    keys anyway and stores them once (`duplicates_scan`). While a row is here, the stored
    keys are incomplete: the next scan of any kind is a full scan that writes them all,
    and removes the row."""

    reason = models.CharField(max_length=200)
    since = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.reason} ({self.since:%Y-%m-%d %H:%M})"


class CandidateQuerySet(models.QuerySet):
    def pending(self) -> "CandidateQuerySet":
        return self.filter(status=Candidate.Status.PENDING)

    def for_review(self) -> "CandidateQuerySet":
        return (
            self.pending()
            .select_related(
                "actor_a__place", "actor_b__place", "actor_a__country", "actor_b__country"
            )
            .order_by("-score", "pk")
        )


class Candidate(models.Model):
    """Two actors that are probably one organisation, the score and the reasons for it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to review")
        DISTINCT = "distinct", _("not the same")

    # actor_a has the smaller id.
    actor_a = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    actor_b = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    found_at = models.DateTimeField(_("found"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("duplicate candidate")
        verbose_name_plural = _("duplicate candidates")
        constraints = [
            models.UniqueConstraint(fields=["actor_a", "actor_b"], name="candidate_pair_unique"),
            models.CheckConstraint(condition=Q(actor_a__lt=F("actor_b")), name="candidate_ordered"),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="candidate_queue")]

    def __str__(self) -> str:
        return f"{self.actor_a_id} ~ {self.actor_b_id} ({self.score:.2f})"


class Merge(models.Model):
    """One merge of two actors: who, when, which values survived, and snapshots of both
    actors before it, so that it can be undone."""

    survivor = models.ForeignKey(Actor, on_delete=models.SET_NULL, null=True, related_name="merges")
    survivor_name = models.CharField(_("kept actor"), max_length=300)
    merged_id = models.PositiveIntegerField(_("merged actor's id"))
    merged_name = models.CharField(_("merged actor"), max_length=300)
    score = models.FloatField(_("score"), null=True)
    # {"survivor": {...fields before}, "merged": {...fields, sectors, sources}, "choices":
    #  {field: "a" | "b"}, "candidates": [decisions about the merged actor]}
    snapshot = models.JSONField()
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.merged_name} → {self.survivor_name}"
