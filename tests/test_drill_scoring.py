"""The drill rubric on a table of answers: good, partial and bad, in different word forms and
both languages; and every model answer in the content scores complete for its technique."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import CONTENT_DIR, load_objections, load_rubric
from bot.content.schema import DrillStep, Objection, PenaltyKind, Rubric, Technique
from bot.domain.languages import Language
from bot.services.drill_scoring import (
    DrillResult,
    choose_model_answer,
    detect_language,
    improvement,
    model_answer_result,
    score_answer,
)

FIXTURES = Path(__file__).parent / "fixtures" / "objections"

A, C, V, N = (
    DrillStep.ACKNOWLEDGE,
    DrillStep.CLARIFY,
    DrillStep.VALUE,
    DrillStep.NEXT_STEP,
)
ARGUING = PenaltyKind.ARGUING
DISCOUNT = PenaltyKind.INSTANT_DISCOUNT
BUT = PenaltyKind.BUT_AFTER_AGREEING


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


@pytest.fixture(scope="module")
def fixture_objections() -> dict[str, Objection]:
    return load_objections(FIXTURES)[1]


# (answer, steps present, penalties) for price.competitor_cheaper
# (keywords: конкурент, цена, поставка, стоимость / competitor, price, delivery, cost).
TABLE: list[tuple[str, set[DrillStep], set[PenaltyKind]]] = [
    # Good: all four steps, in different word forms.
    (
        "Понимаю вас. Подскажите, с каким предложением сравниваете? Наши клиенты экономят "
        "на логистике до 20%. Давайте созвонимся в четверг в 11:00?",
        {A, C, V, N},
        set(),
    ),
    (
        "Согласен, сравнивать нужно. Что для вас важнее всего, кроме цены? Мы поможем "
        "сократить потери от срывов поставок. Предлагаю встретиться завтра в 10 утра.",
        {A, C, V, N},
        set(),
    ),
    (
        "Понимаем ваши сомнения: разница заметная. Какие условия поставки у конкурента? "
        "Клиенты, которые перешли к нам, сэкономили на складе. Могу показать расчёт в "
        "понедельник — удобно?",
        {A, C, V, N},
        set(),
    ),
    # Tailored without value words: two of the objection's keywords (конкурента, поставки).
    (
        "Понимал бы так же на вашем месте. Как у конкурента с поставками? Давайте в среду "
        "созвонимся.",
        {A, C, V, N},
        set(),
    ),
    (
        "I understand — comparing makes sense. What exactly is in their offer? Our clients "
        "save on logistics and avoid empty shelves. Shall we have a call on Thursday at 11:00?",
        {A, C, V, N},
        set(),
    ),
    (
        "That's a fair point. How do you book deliveries now? Switching helped a client like "
        "you reduce stock-outs. Let's meet tomorrow at 3 pm?",
        {A, C, V, N},
        set(),
    ),
    # Partial.
    ("Понимаю. А что именно они предлагают?", {A, C}, set()),
    ("Хорошо, пришлю КП.", set(), set()),  # "send a proposal" alone is not a concrete step
    ("Давайте созвонимся в пятницу и всё обсудим.", {N}, set()),
    ("Наше решение окупается за полгода.", {V}, set()),
    ("I see. What are you comparing us with?", {A, C}, set()),
    ("Our product pays for itself in six months.", {V}, set()),
    # A proposal phrased as a question is a next step, not a clarifying question.
    ("Созвонимся завтра в 10:00?", {N}, set()),
    # A question about the client's week is not a proposal.
    ("Сколько заказов в неделю вы сейчас теряете?", {C}, set()),
    # Bad: penalties.
    ("Понимаю, но у нас лучше.", {A}, {BUT}),
    ("Да, но у них хуже сервис.", set(), {BUT}),
    ("Вы не правы, мы не дороже.", set(), {ARGUING}),
    ("Хорошо, сделаю вам скидку 10%.", set(), {DISCOUNT}),
    ("Давайте я дам вам скидку, и созвонимся завтра.", {N}, {DISCOUNT}),
    ("You're wrong, we are not more expensive.", set(), {ARGUING}),
    ("I understand, but we are better.", {A}, {BUT}),
    ("OK, I can give you a 10% discount.", set(), {DISCOUNT}),
    # Negations: no discount offered, nothing acknowledged.
    ("Без скидки, но с гарантией результата. Созвонимся завтра?", {V, N}, set()),
    ("Instead of a discount, let's see what you save on a call tomorrow.", {V, N}, set()),
    ("Я не понимаю, в чём проблема.", set(), set()),
]


@pytest.mark.parametrize(("answer", "present", "penalties"), TABLE)
def test_rubric_table(
    answer: str,
    present: set[DrillStep],
    penalties: set[PenaltyKind],
    rubric: Rubric,
    fixture_objections: dict[str, Objection],
) -> None:
    result = score_answer(answer, fixture_objections["price.competitor_cheaper"], rubric)
    assert set(result.present) == present, answer
    assert set(result.missing) == set(DrillStep) - present, answer
    assert set(result.penalties) == penalties, answer
    assert result.score == max(0, 25 * len(present) - 15 * len(penalties))


def test_russian_word_forms_reduce_to_one_marker(
    rubric: Rubric, fixture_objections: dict[str, Objection]
) -> None:
    objection = fixture_objections["price.competitor_cheaper"]
    for form in ("Понимаю", "Понимаем", "Понимал", "Поняла", "Понятно"):
        result = score_answer(f"{form} вас.", objection, rubric)
        assert DrillStep.ACKNOWLEDGE in result.present, form
    for form in ("встретимся", "встреча", "встречу", "созвонимся", "созвонились бы"):
        result = score_answer(f"Давайте {form} во вторник.", objection, rubric)
        assert DrillStep.NEXT_STEP in result.present, form


def test_language_comes_from_the_answer_not_the_settings(
    rubric: Rubric, fixture_objections: dict[str, Objection]
) -> None:
    assert detect_language("Понимаю вас", Language.EN) == Language.RU
    assert detect_language("I understand", Language.RU) == Language.EN
    assert detect_language("👍 123", Language.EN) == Language.EN
    result = score_answer(
        "I understand.", fixture_objections["price.too_expensive"], rubric, Language.RU
    )
    assert result.language == Language.EN
    assert DrillStep.ACKNOWLEDGE in result.present


def test_improvement_is_the_first_missing_step_in_the_user_language(
    rubric: Rubric, fixture_objections: dict[str, Objection]
) -> None:
    objection = fixture_objections["price.competitor_cheaper"]
    partial = score_answer("Понимаю. Давайте созвонимся завтра.", objection, rubric)
    advice = improvement(partial, rubric, Language.EN)
    assert advice is not None
    assert advice.step == DrillStep.CLARIFY
    assert advice.hint == rubric.steps.clarify.hint.en
    slipped = score_answer(
        "Понимаю, но подскажите, что важно? Это сэкономит вам время. Созвонимся завтра?",
        objection,
        rubric,
    )
    assert slipped.missing == ()
    advice = improvement(slipped, rubric, Language.RU)
    assert advice is not None
    assert advice.penalty == PenaltyKind.BUT_AFTER_AGREEING
    good = score_answer(objection.answers[0].text.ru, objection, rubric)
    assert good.complete
    assert improvement(good, rubric, Language.RU) is None


def test_the_model_answer_shows_the_missed_step_and_rotates(
    rubric: Rubric, fixture_objections: dict[str, Objection]
) -> None:
    objection = fixture_objections["price.competitor_cheaper"]  # acvn, boomerang
    no_question = score_answer("Давайте созвонимся завтра.", objection, rubric)
    # Only ACVN requires a clarifying question: it is shown however many times.
    for rotation in range(3):
        chosen = choose_model_answer(objection, no_question, rubric, rotation)
        assert chosen.technique == Technique.ACVN
    no_value = score_answer("Понимаю. Что для вас важно?", objection, rubric)
    shown = {choose_model_answer(objection, no_value, rubric, r).technique for r in range(2)}
    assert shown == {Technique.ACVN, Technique.BOOMERANG}


def test_result_survives_storage(rubric: Rubric, fixture_objections: dict[str, Objection]) -> None:
    result = score_answer("Понимаю, но нет.", fixture_objections["price.too_expensive"], rubric)
    assert DrillResult.from_dict(result.to_dict()) == result


def _assert_model_answers_complete(objections: dict[str, Objection], rubric: Rubric) -> None:
    failures = []
    for objection in objections.values():
        for answer in objection.answers:
            for language in Language:
                result, requires = model_answer_result(answer, objection, rubric, language)
                if not result.complete_for(requires):
                    failures.append(
                        (objection.id, answer.technique.value, language.value, result.to_dict())
                    )
    assert failures == []


def test_fixture_model_answers_score_complete(
    rubric: Rubric, fixture_objections: dict[str, Objection]
) -> None:
    _assert_model_answers_complete(fixture_objections, rubric)


def test_every_model_answer_in_the_content_scores_complete(rubric: Rubric) -> None:
    """Guards the objection bank: a model answer the rubric marks down would teach the opposite
    of its own feedback. Fix the answer (or, if the rubric is wrong, the rubric)."""
    _, objections = load_objections(CONTENT_DIR / "objections")
    assert objections, "no objection files in content/objections"
    _assert_model_answers_complete(objections, rubric)
