"""Scoring a diagnostic: pure functions over plain data (no database), so that the rules
can be read in one place and tested as tables and properties.

Per question (`weight` times each):

- single choice, yes/no: the chosen choice's points, out of the best choice's points;
- multiple choice: the sum of the chosen choices' points, out of the sum of all of them;
- scale 1-5: the value minus 1, out of 4;
- number: the points of the choice with the highest threshold (`at_least`) the number
  reaches (none reached: 0), out of the best choice's points;
- text: counts for nothing.

Per dimension: points obtained / points possible * 100, rounded to the nearest whole
number, over the questions *answered*. A question left unanswered is left out of its
dimension (neither points obtained nor possible): it is "not known", not "weak", so that
skipping a question the person could not answer does not invent a need. A dimension with
no answered question has no score at all (it is absent from the profile, shown as "not
assessed"). The coverage (questions answered out of asked) is kept beside the scores.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

SCALE_MIN, SCALE_MAX = 1, 5
CHOICE_KINDS = frozenset({"single", "multiple", "yes_no"})
TEXT_KINDS = frozenset({"short_text", "long_text"})


@dataclass(frozen=True)
class ChoiceSpec:
    id: int
    points: int
    at_least: Decimal | None = None


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    kind: str
    dimension: str = ""
    weight: int = 1
    choices: tuple[ChoiceSpec, ...] = field(default_factory=tuple)

    @property
    def scored(self) -> bool:
        return bool(self.dimension) and self.kind not in TEXT_KINDS and self.weight > 0

    def possible(self) -> int:
        """The points a best answer gets (before the weight)."""
        if self.kind == "scale":
            return SCALE_MAX - SCALE_MIN
        if self.kind == "multiple":
            return sum(choice.points for choice in self.choices)
        if self.kind == "number":
            return max((c.points for c in self.choices if c.at_least is not None), default=0)
        return max((choice.points for choice in self.choices), default=0)

    def obtained(self, value) -> int | None:
        """The points `value` gets (before the weight); None when it is not an answer."""
        if is_blank(value):
            return None
        by_id = {choice.id: choice for choice in self.choices}
        if self.kind in ("single", "yes_no"):
            choice = by_id.get(_int(value))
            return None if choice is None else choice.points
        if self.kind == "multiple":
            ids = {_int(item) for item in value} if isinstance(value, list | tuple) else set()
            chosen = [by_id[i] for i in ids if i in by_id]
            return sum(choice.points for choice in chosen) if chosen else None
        if self.kind == "scale":
            number = _int(value)
            if number is None or not SCALE_MIN <= number <= SCALE_MAX:
                return None
            return number - SCALE_MIN
        if self.kind == "number":
            number = _decimal(value)
            if number is None:
                return None
            reached = [c for c in self.choices if c.at_least is not None and number >= c.at_least]
            if not reached:
                return 0
            return max(reached, key=lambda c: (c.at_least, c.points)).points
        return None


@dataclass(frozen=True)
class DimensionResult:
    obtained: int
    possible: int
    answered: int
    asked: int

    @property
    def score(self) -> int | None:
        if self.possible <= 0:
            return None
        return min(100, max(0, round(self.obtained * 100 / self.possible)))


def is_blank(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def score(questions, answers: dict[int, object]) -> dict[str, DimensionResult]:
    """Per dimension, what `answers` ({question id: value}) obtain out of what they could."""
    totals: dict[str, list[int]] = {}
    for question in questions:
        if not question.scored:
            continue
        row = totals.setdefault(question.dimension, [0, 0, 0, 0])
        row[3] += 1
        points = question.obtained(answers.get(question.id))
        if points is None:
            continue
        possible = question.possible()
        row[0] += min(points, possible) * question.weight
        row[1] += possible * question.weight
        row[2] += 1
    return {dim: DimensionResult(*row) for dim, row in totals.items()}


def profile_of(results: dict[str, DimensionResult]) -> dict[str, int]:
    """{dimension: score} of the dimensions that have one."""
    return {dim: result.score for dim, result in results.items() if result.score is not None}
