"""The Atlas's own tables: where each actor sits on the grid, and counts per cell.

Both are derived from the directory and kept in step by `atlas.services`, which every
write to an actor calls; `tadamun atlas --rebuild` builds them from scratch.
"""

from django.db import models

# The columns an answer can be filtered or broken down by, shared by both tables.
KEY_COLUMNS = ("country", "territory", "legal_form", "women_led")
# The counts per cell are kept once for all sectors (sector 0) and once per sector.
CELL_KEY = ("level", "cell", *KEY_COLUMNS, "sector")


class AtlasPoint(models.Model):
    """One actor on the map: its grid position and the fields the map filters on.

    `territory` is the most precise administrative division known (province, else region,
    else 0); `legal_form` is 0 when unknown. An actor without coordinates sits at its
    place's centre, else at its country's.
    """

    actor_id = models.BigIntegerField(primary_key=True)
    code = models.BigIntegerField()
    x = models.IntegerField()
    y = models.IntegerField()
    country = models.CharField(max_length=2)
    territory = models.BigIntegerField(default=0)
    legal_form = models.BigIntegerField(default=0)
    women_led = models.BooleanField(default=False)
    members = models.IntegerField(default=0)
    members_women = models.IntegerField(default=0)
    sectors = models.CharField(max_length=300, default="")  # ",3,7,": the sectors' ids

    class Meta:
        indexes = [
            # Covers the cluster query: ranges of codes, filters and sums without the table.
            models.Index(
                fields=["code", "x", "y", "country", "territory", "legal_form", "women_led"],
                name="atlas_point_code",
            )
        ]

    def __str__(self) -> str:
        return f"actor {self.actor_id} at ({self.x}, {self.y})"


class AtlasCell(models.Model):
    """The actors of one cell at one level that share a key (country, territory, legal
    form, women-led, and a sector or 0 for all): how many, the sums that give their
    centre, and their members. An actor counts once in sector 0 and once in each of its
    sectors.

    `sum_id` is the sum of their actor ids: when `n` is 1 it is the actor's id. Sums rather
    than minima or lists, so that adding and removing an actor are both one addition.
    """

    level = models.SmallIntegerField()
    cell = models.BigIntegerField()
    country = models.CharField(max_length=2)
    territory = models.BigIntegerField()
    legal_form = models.BigIntegerField()
    women_led = models.BooleanField()
    sector = models.BigIntegerField(default=0)
    n = models.IntegerField()
    sum_x = models.BigIntegerField()
    sum_y = models.BigIntegerField()
    sum_id = models.BigIntegerField()
    members = models.BigIntegerField()
    members_women = models.BigIntegerField()

    class Meta:
        constraints = [
            # Sector second: an answer reads the rows of one sector (or of all) only.
            models.UniqueConstraint(
                fields=["level", "sector", "cell", *KEY_COLUMNS], name="atlas_cell_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.n} actors in cell {self.cell} of level {self.level}"
