"""The scoring rules, as tables and as properties (no database)."""

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tadamun.diagnostics.scoring import ChoiceSpec, QuestionSpec, profile_of, score

SINGLE = QuestionSpec(
    1, "single", "governance", 1, (ChoiceSpec(11, 0), ChoiceSpec(12, 1), ChoiceSpec(13, 3))
)
YES_NO = QuestionSpec(2, "yes_no", "governance", 1, (ChoiceSpec(21, 1), ChoiceSpec(22, 0)))
MULTIPLE = QuestionSpec(
    3, "multiple", "marketing", 1, tuple(ChoiceSpec(30 + i, 1) for i in range(4))
)
SCALE = QuestionSpec(4, "scale", "care", 2)
NUMBER = QuestionSpec(
    5,
    "number",
    "finances",
    1,
    (ChoiceSpec(51, 0, Decimal(0)), ChoiceSpec(52, 1, Decimal(1)), ChoiceSpec(53, 3, Decimal(6))),
)
TEXT = QuestionSpec(6, "long_text", "governance")
UNSCORED = QuestionSpec(7, "single", "", 1, (ChoiceSpec(71, 5), ChoiceSpec(72, 0)))
ALL = [SINGLE, YES_NO, MULTIPLE, SCALE, NUMBER, TEXT, UNSCORED]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # Best answers everywhere: 100 in every dimension asked.
        (
            {1: 13, 2: 21, 3: [30, 31, 32, 33], 4: 5, 5: "12"},
            {"governance": 100, "marketing": 100, "care": 100, "finances": 100},
        ),
        # Worst answers: 0, not "no score".
        (
            {1: 11, 2: 22, 3: [], 4: 1, 5: "0"},
            {"governance": 0, "care": 0, "finances": 0},
        ),
        # (1 + 1) / (3 + 1) = 50; 2 of 4 channels = 50; scale 3 -> 2/4 = 50; 2 months -> 1/3.
        (
            {1: 12, 2: 21, 3: [30, 32], 4: 3, 5: 2},
            {"governance": 50, "marketing": 50, "care": 50, "finances": 33},
        ),
        # A skipped question is left out: governance is the single choice alone (3/3).
        ({1: 13}, {"governance": 100}),
        # Nothing answered: no dimension has a score.
        ({}, {}),
        # A number under every threshold gets 0 points; 0.5 months is under 1.
        ({5: "0.5"}, {"finances": 0}),
        # Text and unscored questions never count.
        ({6: "we need a shop", 7: 71}, {}),
    ],
)
def test_a_profile_is_points_obtained_over_points_possible(answers, expected):
    assert profile_of(score(ALL, answers)) == expected


def test_the_weight_multiplies_a_question_in_its_dimension():
    heavy = QuestionSpec(8, "yes_no", "care", 3, (ChoiceSpec(81, 1), ChoiceSpec(82, 0)))
    results = score([SCALE, heavy], {4: 5, 8: 82})
    # Scale 5 with weight 2: 8 of 8; "no" with weight 3: 0 of 3; 8 / 11 = 73.
    assert (results["care"].obtained, results["care"].possible) == (8, 11)
    assert profile_of(results) == {"care": 73}


def test_coverage_counts_the_questions_answered_and_asked():
    results = score(ALL, {1: 12})
    assert (results["governance"].answered, results["governance"].asked) == (1, 2)
    assert (results["marketing"].answered, results["marketing"].asked) == (0, 1)


@pytest.mark.parametrize("value", [99, "x", None, "", [], True, 0, 6, "1e400"])
def test_a_value_that_is_not_an_answer_counts_as_unanswered(value):
    assert profile_of(score([SINGLE, SCALE], {1: value, 4: value})) == {}


# -- Properties --------------------------------------------------------------------------

choice_points = st.lists(st.integers(min_value=0, max_value=10), min_size=2, max_size=6)
dimensions = st.sampled_from(["governance", "finances", "care"])


@st.composite
def questionnaires(draw):
    questions = []
    for pk in range(1, draw(st.integers(min_value=1, max_value=8)) + 1):
        kind = draw(st.sampled_from(["single", "yes_no", "multiple", "scale", "number"]))
        points = draw(choice_points)
        choices = tuple(
            ChoiceSpec(pk * 100 + i, p, Decimal(i * 2) if kind == "number" else None)
            for i, p in enumerate(points)
        )
        weight = draw(st.integers(min_value=0, max_value=4))
        questions.append(QuestionSpec(pk, kind, draw(dimensions), weight, choices))
    return questions


def _any_answer(draw, question):
    if question.kind in ("single", "yes_no"):
        return draw(st.sampled_from([c.id for c in question.choices]))
    if question.kind == "multiple":
        ids = [c.id for c in question.choices]
        return draw(st.lists(st.sampled_from(ids), unique=True, min_size=1))
    if question.kind == "scale":
        return draw(st.integers(min_value=1, max_value=5))
    return str(draw(st.integers(min_value=-3, max_value=20)))


@st.composite
def answered(draw):
    questions = draw(questionnaires())
    answers = {}
    for question in questions:
        if draw(st.booleans()):
            answers[question.id] = _any_answer(draw, question)
    return questions, answers


@given(answered())
def test_scores_stay_between_0_and_100(case):
    questions, answers = case
    for value in profile_of(score(questions, answers)).values():
        assert 0 <= value <= 100


def _best(question):
    """An answer to `question` worth its full points."""
    if question.kind in ("single", "yes_no"):
        return max(question.choices, key=lambda c: c.points).id
    if question.kind == "multiple":
        return [c.id for c in question.choices]
    if question.kind == "scale":
        return 5
    best = max(question.choices, key=lambda c: (c.points, -c.at_least))
    return str(best.at_least)


@given(answered(), st.data())
def test_answering_more_points_never_lowers_a_dimensions_score(case, data):
    questions, answers = case
    assume(answers)
    pk = data.draw(st.sampled_from(sorted(answers)))
    question = next(q for q in questions if q.id == pk)
    other = _any_answer(data.draw, question)
    old, new = question.obtained(answers[pk]), question.obtained(other)
    assume(old is not None and new is not None and new >= old)
    before = profile_of(score(questions, answers))
    after = profile_of(score(questions, {**answers, pk: other}))
    for dimension, value in before.items():
        assert after[dimension] >= value


@given(answered(), st.data())
def test_answering_a_skipped_question_with_full_points_never_lowers_a_score(case, data):
    questions, answers = case
    skipped = [q for q in questions if q.id not in answers]
    if not skipped:
        return
    question = data.draw(st.sampled_from(skipped))
    before = profile_of(score(questions, answers))
    best = _best(question)
    assert question.obtained(best) == question.possible()
    after = profile_of(score(questions, {**answers, question.id: best}))
    for dimension, value in before.items():
        assert after[dimension] >= value
