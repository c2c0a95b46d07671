"""Coaching content turned into message texts. Used by the handlers and by `content check`,
so what is checked against Telegram's limits is exactly what users get."""

from __future__ import annotations

from collections.abc import Sequence

from bot.content.schema import (
    Content,
    DrillStep,
    ModelAnswer,
    Objection,
    RoleCard,
    Scenario,
    Style,
    Tip,
)
from bot.i18n import Html, Translator, escape
from bot.services.drill_schedule import CategoryMastery
from bot.services.drill_scoring import DrillResult, StepNote
from bot.services.style_practice import StyleAccuracy, Verdict

SAVED_PAGE_SIZE = 5


def tip_card(t: Translator, card: RoleCard, tip: Tip) -> str:
    language = t.language
    return t(
        "tip-card",
        role=card.title.get(language),
        facet=card.facet(tip.facet).name(language),
        text=Html(tip.text.get(language)),
        kpi=card.kpi(tip.kpi).name(language),
    )


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def role_card(t: Translator, card: RoleCard, question_index: int) -> str:
    language = t.language
    question = card.self_check[question_index % len(card.self_check)]
    return t(
        "role-card",
        title=card.title.get(language),
        summary=Html(card.summary.get(language)),
        zones=Html(_bullets([escape(zone.get(language)) for zone in card.zones])),
        kpis=Html(_bullets([escape(kpi.name(language)) for kpi in card.kpis])),
        question=Html(question.get(language)),
    )


def scenario_text(t: Translator, scenario: Scenario, number: int, total: int) -> str:
    return t(
        "style-scenario",
        number=number,
        total=total,
        situation=Html(scenario.situation.get(t.language)),
    )


def _style_names(t: Translator, content: Content, style_ids: Sequence[str]) -> str:
    return ", ".join(content.styles[s].name.get(t.language).lower() for s in style_ids)


def style_feedback(
    t: Translator,
    content: Content,
    scenario: Scenario,
    chosen: str,
    verdict: Verdict,
    accuracy: Sequence[StyleAccuracy],
) -> str:
    language = t.language
    chosen_name = content.styles[chosen].name.get(language)
    best = _style_names(t, content, scenario.best)
    if verdict == Verdict.BEST:
        head = t("style-verdict-best", chosen=chosen_name.lower())
    elif verdict == Verdict.ACCEPTABLE:
        head = t("style-verdict-acceptable", chosen=chosen_name, best=best)
    else:
        head = t("style-verdict-miss", best=best)
        head += "\n" + t(
            "style-miss-risk",
            chosen=chosen_name.lower(),
            harms=Html(content.styles[chosen].harms.get(language)),
        )
    parts = [
        t(
            "style-feedback",
            verdict=Html(head),
            why=Html(scenario.why.get(language)),
            opening=Html(scenario.opening_line.get(language)),
        )
    ]
    if accuracy:
        lines = [t("style-accuracy-title")]
        for item in accuracy:
            lines.append(
                t(
                    "style-accuracy-line",
                    style=content.styles[item.style_id].name.get(language),
                    correct=item.correct,
                    total=item.total,
                    percent=item.percent,
                )
            )
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def style_guide(t: Translator, styles: Sequence[Style]) -> str:
    items = [
        t("style-guide-item", name=s.name.get(t.language), essence=Html(s.essence.get(t.language)))
        for s in styles
    ]
    return "\n\n".join([t("style-guide-title"), *items, t("style-guide-hint")])


def style_detail(t: Translator, style: Style) -> str:
    language = t.language
    return t(
        "style-detail",
        name=style.name.get(language),
        essence=Html(style.essence.get(language)),
        fits=Html(style.fits.get(language)),
        harms=Html(style.harms.get(language)),
        example=Html(style.example.get(language)),
    )


def saved_page(
    t: Translator, items: Sequence[tuple[RoleCard, Tip]], page: int, total_count: int
) -> str:
    lines = [t("saved-title", count=total_count)]
    start = page * SAVED_PAGE_SIZE
    for offset, (card, tip) in enumerate(items):
        lines.append(
            t(
                "saved-item",
                number=start + offset + 1,
                facet=card.facet(tip.facet).name(t.language),
                text=Html(tip.text.get(t.language)),
            )
        )
    return "\n\n".join(lines)


# Objection drills. The objection bank is plain text (no markup): it goes in as str and the
# translator escapes it, unlike tips and styles, whose files may carry Telegram HTML.


def drill_prompt(t: Translator, content: Content, objection: Objection, *, is_new: bool) -> str:
    language = t.language
    return t(
        "drill-prompt",
        category=content.objection_category(objection).name.get(language),
        kind=t("drill-kind-new" if is_new else "drill-kind-review"),
        context=objection.context.get(language),
        client=objection.client.get(language),
    )


# The rep's own words quoted in feedback are cut to this many characters.
QUOTE_CHARS = 160


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


# What a weak step's verdict can rest on, per step; anything else reads as "weak".
_NOTES = {
    (DrillStep.ACKNOWLEDGE, StepNote.LATE),
    (DrillStep.ACKNOWLEDGE, StepNote.CANCELLED),
    (DrillStep.CLARIFY, StepNote.GENERIC),
    (DrillStep.VALUE, StepNote.GENERIC),
    (DrillStep.VALUE, StepNote.THIN),
    (DrillStep.NEXT_STEP, StepNote.VAGUE),
}


def _note_key(step: DrillStep, note: StepNote) -> str:
    return f"drill-note-{step.value}-{note.value}" if (step, note) in _NOTES else "drill-note-weak"


def drill_step_lines(
    t: Translator, objection: Objection, result: DrillResult, examples: dict[DrillStep, str]
) -> list[str]:
    """Per step what a trainer would say: the rep's words that did it, or what was weak or
    missing with a better line for this objection."""
    lines = []
    for step in DrillStep:
        verdict = result.verdict(step)
        name = t(f"drill-step-{step.value}")
        example = examples.get(step, "")
        if verdict.done:
            lines.append(t("drill-step-done", step=name, quote=_quote(verdict.quote or "")))
        elif verdict.points > 0 and verdict.quote:
            lines.append(
                t(
                    "drill-step-weak",
                    step=name,
                    quote=_quote(verdict.quote),
                    why=t(_note_key(step, verdict.note)),
                    example=example,
                )
            )
        else:
            lines.append(
                t(
                    "drill-step-absent",
                    step=name,
                    why=t(f"drill-absent-{step.value}"),
                    example=example,
                )
            )
    for penalty, quote in zip(result.penalties, result.penalty_quotes, strict=False):
        lines.append(
            t(
                "drill-penalty-quoted",
                penalty=t(f"drill-penalty-{penalty.value}"),
                quote=_quote(quote),
                hint=t(f"drill-penalty-hint-{penalty.value}"),
            )
        )
    return lines


def drill_feedback(
    t: Translator,
    content: Content,
    objection: Objection,
    result: DrillResult,
    model: ModelAnswer,
    examples: dict[DrillStep, str],
) -> str:
    language = t.language
    key = "drill-score-exchange" if result.turns > 1 else "drill-score"
    parts = [t(key, score=result.score)]
    parts.append("\n\n".join(drill_step_lines(t, objection, result, examples)))
    if result.complete:
        parts.append(t("drill-all-good"))
    technique = content.rubric.techniques[model.technique]
    parts.append(
        t(
            "drill-model",
            technique=technique.name.get(language),
            description=technique.description.get(language),
            answer=model.text.get(language),
        )
    )
    mistakes = _bullets([escape(m.get(language)) for m in objection.mistakes])
    parts.append(t("drill-mistakes", mistakes=Html(mistakes)))
    parts.append(t("drill-grade-ask"))
    return "\n\n".join(parts)


def drill_follow_up(t: Translator, client: str) -> str:
    """The client's second turn: in character, reacting to what was weak."""
    return t("drill-follow-up", client=client)


def drill_refusal(t: Translator, kind: str, client: str) -> str:
    """Why an answer was not scored, and the client's line again to answer."""
    return t("drill-refused", reason=t(f"drill-refused-{kind}"), client=client)


def drill_progress(
    t: Translator,
    content: Content,
    *,
    streak: int,
    due_now: int,
    total_cards: int,
    mastery: Sequence[CategoryMastery],
    new_per_day: int,
) -> str:
    language = t.language
    head = [
        t("progress-title"),
        t("progress-streak", count=streak),
        t("progress-due", count=due_now),
        t("progress-cards", count=total_cards),
    ]
    parts = ["\n".join(head)]
    if total_cards and mastery:
        lines = [t("progress-mastery-title")]
        for item in mastery:
            lines.append(
                t(
                    "progress-mastery-line",
                    category=content.objection_categories[item.category].name.get(language),
                    mastered=item.mastered,
                    total=item.total,
                    percent=item.percent,
                )
            )
        parts.append("\n".join(lines))
    else:
        parts.append(t("progress-mastery-empty"))
    parts.append(t("progress-limit", count=new_per_day))
    return "\n\n".join(parts)
