"""The drill scorer on the examples of issue #14 and the cases a trainer would raise: natural
Russian openers, negation scope, plain-word value, refusals, the two-turn exchange, stored
results, and the score's ceiling on the self-grade."""

from __future__ import annotations

import pytest

from bot.content.loader import load_content
from bot.content.schema import Content, DrillStep, Objection, PenaltyKind
from bot.domain.languages import Language
from bot.services.drill_schedule import Rating, max_rating, min_score_for
from bot.services.drill_scoring import (
    DrillResult,
    RefusalKind,
    StepNote,
    combine,
    detect_language,
    example_line,
    needs_follow_up,
    score_answer,
)
from bot.services.drills import follow_up_line

A, C, V, N = DrillStep.ACKNOWLEDGE, DrillStep.CLARIFY, DrillStep.VALUE, DrillStep.NEXT_STEP
RU, EN = Language.RU, Language.EN


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="module")
def price(content: Content) -> Objection:
    return content.objections["price.competitor_cheaper"]


def score(
    content: Content, objection: Objection, text: str, language: Language = RU
) -> DrillResult:
    return score_answer(text, objection, content.rubric, language)


# --- refusals: not practice at all -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Понимаю. Как? Выгода. Давайте завтра.", RefusalKind.SALAD),
        (
            "понимаю понимаю? выгода выгода экономия, созвонимся в четверг, ывапролд",
            RefusalKind.SALAD,
        ),
        ("asdf qwerty 🤡🤡🤡", RefusalKind.NONSENSE),
        ("🤡🤡🤡", RefusalKind.EMPTY),
        ("Ок", RefusalKind.TOO_SHORT),
        ("Понятно, вы просто жадничаете… хватит ныть", RefusalKind.RUDE),
        ("Понимаю. Вы просто тупой, раз не видите разницы.", RefusalKind.RUDE),
        (
            "Другой подрядчик берёт за обслуживание на 30% меньше. Почему я должен платить вам"
            " больше за то же самое?",
            RefusalKind.COPIED,
        ),
        (
            "Fair point. What response time is in their contract? Let's talk on Thursday at 11.",
            RefusalKind.WRONG_LANGUAGE,
        ),
        (
            "Кстати, вы видели вчерашний матч? Судья устроил цирк во втором тайме.",
            RefusalKind.OFF_TOPIC,
        ),
    ],
)
def test_not_practice_is_refused(
    content: Content, price: Objection, text: str, kind: RefusalKind
) -> None:
    result = score(content, price, text)
    assert result.refusal == kind
    assert result.score == 0


def test_a_russian_answer_to_an_english_drill_is_refused(
    content: Content, price: Objection
) -> None:
    result = score(content, price, "Справедливо. Какое время реакции у них в договоре?", EN)
    assert result.refusal == RefusalKind.WRONG_LANGUAGE


def test_brand_names_in_latin_letters_keep_a_russian_answer_russian() -> None:
    assert detect_language("Мы переносим базу из Excel в CRM за выходные", EN) == RU


# --- the four steps ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "opener",
    ["Да, 30% — заметная разница.", "Конечно, сравнивать нужно.", "Справедливо.", "Ок, понятно."],
)
def test_natural_openers_acknowledge(content: Content, price: Objection, opener: str) -> None:
    text = f"{opener} Какое время реакции на заявку прописано у другого подрядчика в договоре?"
    assert score(content, price, text).verdict(A).done


def test_ok_call_thursday_at_eleven_is_a_concrete_next_step(
    content: Content, price: Objection
) -> None:
    result = score(content, price, "Ок. Наберу вас в четверг в 11, обсудим.")
    assert result.verdict(N).done
    assert result.verdict(A).done
    # Two steps out of four: not a good answer.
    assert result.score < 70


@pytest.mark.parametrize(
    "text",
    ["Пришлю вам сравнение завтра до 12.", "Давайте встретимся во вторник в 11 у вас в офисе."],
)
def test_send_and_meet_with_a_time_are_next_steps(
    content: Content, price: Objection, text: str
) -> None:
    assert score(content, price, f"Понимаю, 30% — это заметно. {text}").verdict(N).done


def test_a_call_without_a_time_is_vague(content: Content, price: Objection) -> None:
    verdict = score(
        content, price, "Понимаю вас. Давайте как-нибудь созвонимся и обсудим."
    ).verdict(N)
    assert not verdict.done
    assert verdict.note == StepNote.VAGUE


def test_a_report_in_the_past_is_not_a_promise(content: Content, price: Objection) -> None:
    text = "Справедливо. Мы в прошлый четверг в 11 звонили вашему коллеге, он был доволен."
    assert not score(content, price, text).verdict(N).done


def test_value_in_plain_words_addresses_the_concern(content: Content, price: Objection) -> None:
    text = (
        "Справедливо. Сколько раз за год у вас вставала отгрузка из-за сбоев сети? Час простоя"
        " склада стоит дороже месячной разницы в цене. Давайте в четверг в 11 сравним договоры."
    )
    result = score(content, price, text)
    assert result.verdict(V).done, result
    assert result.score >= 70


def test_a_generic_template_that_ignores_the_client_is_not_good(
    content: Content, price: Objection
) -> None:
    text = (
        "Понимаю ваши сомнения. Какие у вас задачи? Наша компания — лидер рынка, мы работаем"
        " с лучшими клиентами. Давайте созвонимся завтра в 11."
    )
    result = score(content, price, text)
    assert result.verdict(C).note == StepNote.GENERIC
    assert result.verdict(V).note == StepNote.GENERIC
    assert result.score < 70


@pytest.mark.parametrize(
    "boast",
    [
        "Мы надёжная компания с большим опытом.",  # «больший» is a comparative
        "Наш продукт поможет вашему бизнесу.",  # «помочь» is a value marker
    ],
)
def test_a_boast_is_not_an_argument_even_with_a_comparative_or_a_marker(
    content: Content, boast: str
) -> None:
    vendor = content.objections["distrust.unknown_vendor"]
    text = f"Понимаю ваши сомнения. Какие у вас вопросы? {boast} Давайте созвонимся завтра."
    result = score(content, vendor, text)
    assert result.verdict(V).note == StepNote.GENERIC, result
    assert result.score < 70


def test_a_boast_with_figures_is_still_weighed(content: Content) -> None:
    vendor = content.objections["distrust.unknown_vendor"]
    with_figures = score(content, vendor, "Понимаю. Мы надёжная компания: 12 лет, 40 приложений.")
    without = score(content, vendor, "Понимаю. Мы надёжная компания с большим опытом.")
    assert with_figures.verdict(V).points > without.verdict(V).points


def test_an_argument_the_model_answers_make_in_other_words_counts(content: Content) -> None:
    """«Платим, если опоздаем» shares no word with the concern («сроки и смета, закреплённые
    в договоре с ответственностью»), but makes the model answers' argument: work in two-week
    stages at a fixed price. Without the model answers it is only a claim."""
    contractor = content.objections["bad_experience.contractor_blew_deadline"]
    text = (
        "Ок, после такого опыта верить на слово никто не обязан. А как у вас было с прежней"
        " студией — цену вообще записывали в договор? Мы делим работу на куски по две недели,"
        " цену каждого куска фиксируем заранее, а если опоздаем — платим вам. Пришлю вам"
        " образец договора сегодня, а во вторник созвонимся."
    )
    bare = contractor.model_copy(update={"answers": []})
    assert score(content, contractor, text).verdict(V).done
    assert not score(content, bare, text).verdict(V).done


def test_a_model_answer_is_not_its_own_reference(content: Content) -> None:
    """`content check` and a team's draft score a model answer: it is compared with the concern
    and the other model answers only, or it would pass by construction."""
    course = content.objections["ask_boss.employer_pays_course"]
    for language in (RU, EN):
        for answer in course.answers:
            others = course.model_copy(
                update={"answers": [a for a in course.answers if a is not answer]}
            )
            text = answer.text.get(language)
            itself = score(content, course, text, language)
            assert itself == score(content, others, text, language), answer.technique


def test_a_strong_natural_english_answer_scores_high(content: Content, price: Objection) -> None:
    text = (
        "Fair question — 30% is a real gap. What response time does the other provider commit"
        " to in their contract? With a warehouse and a dispatch desk, one hour of downtime costs"
        " you more than a month of the price difference, which is why we guarantee a 15-minute"
        " response. Could we go through a side-by-side comparison on Thursday at 11?"
    )
    result = score(content, price, text, EN)
    assert result.refusal is None
    assert result.score >= 85, result


def test_a_proposal_phrased_as_a_question_is_a_next_step_not_a_question(
    content: Content, price: Objection
) -> None:
    result = score(content, price, "Понимаю, это заметная разница. Созвонимся завтра в 10:00?")
    assert result.verdict(N).done
    assert not result.verdict(C).done


# --- penalties and negation scope ----------------------------------------------------------------


def test_no_discount_is_not_a_discount(content: Content, price: Objection) -> None:
    text = (
        "Справедливо. Скидку не дадим, зато гарантируем реакцию за 15 минут — час простоя склада"
        " дороже разницы. Давайте в четверг в 11 покажу расчёт."
    )
    result = score(content, price, text)
    assert PenaltyKind.INSTANT_DISCOUNT not in result.penalties
    # «зато» adds a point; it does not take the agreement back.
    assert PenaltyKind.BUT_AFTER_AGREEING not in result.penalties
    assert result.verdict(A).done


def test_an_offered_discount_is_penalised(content: Content, price: Objection) -> None:
    result = score(content, price, "Хорошо, дадим вам скидку 10%, если подпишете до пятницы.")
    assert PenaltyKind.INSTANT_DISCOUNT in result.penalties


def test_but_right_after_agreeing_cancels_it(content: Content, price: Objection) -> None:
    result = score(content, price, "Понимаю, но у нас обслуживание лучше и реакция быстрее.")
    assert result.verdict(A).note == StepNote.CANCELLED
    assert PenaltyKind.BUT_AFTER_AGREEING in result.penalties


def test_not_understanding_acknowledges_nothing(content: Content, price: Objection) -> None:
    result = score(content, price, "Не понимаю, в чём проблема с нашим обслуживанием.")
    assert not result.verdict(A).done


# --- the client pushes back; the exchange is scored as a whole ------------------------------


def test_the_client_reacts_to_the_weakest_step(content: Content, price: Objection) -> None:
    first = score(content, price, "Понимаю, 30% — заметно. Давайте в четверг в 11 созвонимся.")
    assert needs_follow_up(first)
    assert first.weakest() in (C, V)
    line = follow_up_line(price, first, RU)
    assert line is not None
    assert line != price.client.ru


def test_a_second_turn_that_repairs_the_first_counts(content: Content, price: Objection) -> None:
    first = score(content, price, "Понимаю, 30% — заметно. Давайте в четверг в 11 созвонимся.")
    second = score(
        content,
        price,
        "Скажите, какое время реакции у них в договоре? Час простоя вашего склада обходится"
        " дороже месячной разницы в цене, поэтому мы гарантируем реакцию за 15 минут.",
    )
    whole = combine(first, second)
    assert whole.turns == 2
    assert whole.score > first.score
    assert whole.verdict(V).done
    assert whole.verdict(C).done
    assert whole.score >= 70


def test_a_complete_first_answer_needs_no_push_back(content: Content, price: Objection) -> None:
    answer = price.answers[0].text.ru
    assert not needs_follow_up(score(content, price, answer))


def test_better_lines_come_from_this_objections_model_answers(
    content: Content, price: Objection
) -> None:
    line = example_line(price, content.rubric, C, RU)
    assert "?" in line
    assert any(line in answer.text.ru for answer in price.answers)


# --- storage and the self-grade ceiling --------------------------------------------------------


def test_result_survives_storage(content: Content, price: Objection) -> None:
    result = score(content, price, "Понимаю, но у нас лучше. Скидку дадим 10%.")
    assert DrillResult.from_dict(result.to_dict()) == result
    refused = score(content, price, "asdf qwerty")
    assert DrillResult.from_dict(refused.to_dict()) == refused


def test_results_stored_by_the_old_rubric_still_load() -> None:
    old = {
        "language": "ru",
        "present": ["acknowledge", "value"],
        "missing": ["clarify", "next_step"],
        "penalties": ["arguing"],
        "keywords_found": 2,
        "score": 35,
    }
    result = DrillResult.from_dict(old)
    assert result.present == (A, V)
    assert result.score == 35
    assert result.penalties == (PenaltyKind.ARGUING,)


@pytest.mark.parametrize(
    ("score_value", "best"),
    [
        (0, Rating.Again),
        (39, Rating.Again),
        (40, Rating.Hard),
        (70, Rating.Good),
        (85, Rating.Easy),
    ],
)
def test_the_score_caps_the_self_grade(score_value: int, best: Rating) -> None:
    assert max_rating(score_value) == best
    assert min_score_for(best) <= score_value
