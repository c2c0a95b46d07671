"""`python -m bot content check`: every item loads, and every message built from it is
HTML Telegram accepts and fits its limits, in both languages."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.content import render
from bot.content.loader import CONTENT_DIR, ContentError, load_content
from bot.content.render import QUOTE_CHARS
from bot.content.schema import Content, DrillStep, PenaltyKind
from bot.devtools.emulator.html_parser import HtmlParseError, parse_html
from bot.domain.languages import Language
from bot.domain.roles import Role
from bot.i18n import I18n
from bot.services.drill_schedule import CategoryMastery
from bot.services.drill_scoring import (
    DrillResult,
    RefusalKind,
    StepNote,
    StepVerdict,
    model_answer_result,
)
from bot.services.style_practice import StyleAccuracy, Verdict

MAX_MESSAGE = 4096


@dataclass(frozen=True, slots=True)
class Rendered:
    file: str
    item: str
    field: str
    html: str


def _rendered(content: Content, i18n: I18n) -> Iterator[Rendered]:
    for language in Language:
        t = i18n.translator(language)
        for role, card in content.roles.items():
            file = f"content/roles/{role.value}.yaml"
            for tip in card.tips:
                yield Rendered(file, tip.id, f"text.{language}", render.tip_card(t, card, tip))
            for index in range(len(card.self_check)):
                yield Rendered(
                    file,
                    role.value,
                    f"self_check[{index}].{language}",
                    render.role_card(t, card, index),
                )
        for style in content.styles.values():
            yield Rendered("content/styles.yaml", style.id, language, render.style_detail(t, style))
        yield Rendered(
            "content/styles.yaml",
            "styles",
            language,
            render.style_guide(t, list(content.styles.values())),
        )
        every_style = [StyleAccuracy(s, 99, 99) for s in content.styles]
        for scenario in content.scenarios.values():
            total = len(content.scenarios)
            yield Rendered(
                "content/scenarios.yaml",
                scenario.id,
                f"situation.{language}",
                render.scenario_text(t, scenario, total, total),
            )
            for style_id in content.styles:
                for verdict in Verdict:
                    yield Rendered(
                        "content/scenarios.yaml",
                        scenario.id,
                        f"feedback.{language}",
                        render.style_feedback(t, content, scenario, style_id, verdict, every_style),
                    )


def _rendered_drills(content: Content, i18n: I18n) -> Iterator[Rendered]:
    """Each objection's prompt, push-backs and refusals, and its feedback with every model
    answer in the worst case: every step weak with the longest quote and the longest better
    line, every penalty, two turns."""
    long_quote = "ж" * QUOTE_CHARS
    for language in Language:
        t = i18n.translator(language)
        worst = DrillResult(
            language,
            steps=tuple(StepVerdict(step, 1, StepNote.GENERIC, long_quote) for step in DrillStep),
            penalties=tuple(PenaltyKind),
            score=0,
            turns=2,
            penalty_quotes=tuple(long_quote for _ in PenaltyKind),
        )
        for objection in content.objections.values():
            file = f"content/objections/{objection.category}.yaml"
            yield Rendered(
                file,
                objection.id,
                language,
                render.drill_prompt(t, content, objection, is_new=True),
            )
            lines = [objection.client.get(language)]
            for follow_up in objection.follow_ups or []:
                lines.append(follow_up.client.get(language))
                yield Rendered(
                    file,
                    objection.id,
                    f"follow_ups.{language}",
                    render.drill_follow_up(t, follow_up.client.get(language)),
                )
            for kind in RefusalKind:
                yield Rendered(
                    file,
                    objection.id,
                    f"refusal.{kind.value}.{language}",
                    render.drill_refusal(t, kind.value, max(lines, key=len)),
                )
            # The longest line a step's example can be (a model answer's sentence), found
            # without the scorer, so the bot's start-up check loads no vectors.
            longest = max(
                (
                    sentence
                    for answer in objection.answers
                    for sentence in re.split(r"(?<=[.!?…])\s+", answer.text.get(language))
                ),
                key=len,
            )
            examples = dict.fromkeys(DrillStep, longest)
            for index, answer in enumerate(objection.answers):
                yield Rendered(
                    file,
                    objection.id,
                    f"answers[{index}].{language}",
                    render.drill_feedback(t, content, objection, worst, answer, examples),
                )
        mastery = [CategoryMastery(c, 999, 999) for c in content.objection_categories]
        yield Rendered(
            "content/objections",
            "progress",
            language,
            render.drill_progress(
                t,
                content,
                streak=999,
                due_now=999,
                total_cards=999,
                mastery=mastery,
                new_per_day=20,
            ),
        )


def check_rendering(content: Content, i18n: I18n) -> None:
    """Raise ContentError for the first message Telegram would refuse."""
    for item in [*_rendered(content, i18n), *_rendered_drills(content, i18n)]:
        try:
            parsed = parse_html(item.html)
        except HtmlParseError as exc:
            raise ContentError(
                item.file, f"field {item.field}: Telegram cannot parse it: {exc}", item=item.item
            ) from None
        if len(parsed.text) > MAX_MESSAGE:
            raise ContentError(
                item.file,
                f"field {item.field}: the message is {len(parsed.text)} characters,"
                f" Telegram allows {MAX_MESSAGE}",
                item=item.item,
            )


# A trainer's rules for model answers (issue 14). Buyers hear a stock opener at once («Понимаю»
# opened 189 of 191 answers), so no opener may start more than a quarter of a language's answers;
# and a turn asks one question, then listens.
MAX_OPENER_SHARE = 0.25
MAX_QUESTIONS_PER_ANSWER = 1
# Words that open a sentence without saying anything yet: the opener is then two words, so
# "I understand" and "I see" are different openers and "Вы правы" is not just «вы».
_LEAD_INS = frozenset({"я", "вы", "мы", "это", "i", "you", "we", "it", "it's", "that", "that's"})


def answer_opener(text: str, language: Language) -> str:
    """The words an answer opens with, Russian in dictionary form («Понимаем» = «понимать»)."""
    from bot.nlp.words import lemma_ru, tokens  # pymorphy3's dictionaries: only when checking

    words = [w.replace("’", "'") for w in tokens(text)]
    if not words:
        return ""
    lead = words[:2] if words[0] in _LEAD_INS and len(words) > 1 else words[:1]
    if language == Language.RU:
        lead = [lemma_ru(word) for word in lead]
    return " ".join(lead)


def question_count(text: str) -> int:
    """Sentences that end in a question mark ("?!" and "??" count once)."""
    return len(re.findall(r"\?+[!»\"”)]*(?:\s|$)", text.strip() + " "))


@dataclass(frozen=True, slots=True)
class StyleProblem:
    file: str
    item: str | None
    message: str

    def __str__(self) -> str:
        return str(ContentError(self.file, self.message, item=self.item))


def answer_style_problems(content: Content) -> list[StyleProblem]:
    """Model answers that break the one-question rule, then openers used too often."""
    problems = []
    for language in Language:
        openers: Counter[str] = Counter()
        for objection in content.objections.values():
            for index, answer in enumerate(objection.answers):
                text = answer.text.get(language)
                openers[answer_opener(text, language)] += 1
                questions = question_count(text)
                if questions > MAX_QUESTIONS_PER_ANSWER:
                    problems.append(
                        StyleProblem(
                            f"content/objections/{objection.category}.yaml",
                            objection.id,
                            f"field answers.{index}.text.{language.value}: {questions} questions"
                            " in one turn; ask one, then listen",
                        )
                    )
        total = sum(openers.values())
        problems.extend(
            StyleProblem(
                "content/objections",
                None,
                f"{count} of {total} {language.value} model answers open with «{opener}»,"
                f" at most {MAX_OPENER_SHARE:.0%} may; vary the opener",
            )
            for opener, count in openers.most_common()
            if count > MAX_OPENER_SHARE * total
        )
    return problems


def check_answer_style(content: Content) -> None:
    """Raise ContentError for the first model answer that breaks a trainer's rule."""
    problems = answer_style_problems(content)
    if problems:
        first = problems[0]
        raise ContentError(first.file, first.message, item=first.item)


def load_and_check(
    root: Path = CONTENT_DIR, i18n: I18n | None = None, *, editorial: bool = True
) -> Content:
    """Load and validate the content. ``editorial=False`` (the bot's start-up) skips the
    trainer's style rules: they need the morphology dictionaries (about 20 MB the running bot
    would keep for nothing) and `content check` and the tests enforce them before a release."""
    content = load_content(root)
    check_rendering(content, i18n or I18n())
    if editorial:
        check_answer_style(content)
        check_model_answer_scores(content)
    return content


def summary(content: Content) -> str:
    lines = ["Content OK", f"{'role':<28}{'tips ru':>8}{'tips en':>9}"]
    for role in Role:
        tips = content.roles[role].tips
        ru = sum(1 for tip in tips if tip.text.ru)
        en = sum(1 for tip in tips if tip.text.en)
        lines.append(f"{role.value:<28}{ru:>8}{en:>9}")
    scenarios = list(content.scenarios.values())
    lines.append(
        f"scenarios: {len(scenarios)} (ru {sum(1 for s in scenarios if s.situation.ru)},"
        f" en {sum(1 for s in scenarios if s.situation.en)}); styles: {len(content.styles)}"
    )
    lines.append(f"{'objection category':<28}{'count':>8}{'b2b':>6}{'b2c':>6}")
    for category in content.objection_categories:
        items = [o for o in content.objections.values() if o.category == category]
        b2b = sum(1 for o in items if "b2b" in o.market)
        b2c = sum(1 for o in items if "b2c" in o.market)
        lines.append(f"{category:<28}{len(items):>8}{b2b:>6}{b2c:>6}")
    lines.append(
        f"objections: {len(content.objections)} in {len(content.objection_categories)} categories"
    )
    weak = incomplete_model_answers(content)
    total = sum(len(o.answers) for o in content.objections.values()) * len(Language)
    lines.append(f"model answers the scorer rates high: {total - len(weak)} of {total}")
    lines.extend(f"  incomplete: {item}" for item in weak)
    return "\n".join(lines)


# A model answer is held up to reps as the way to do it: the scorer must rate it high, and
# every step its technique requires must be there (weak is allowed: a boomerang's next step
# may be lighter), or the drill's feedback would contradict its own example.
MODEL_MIN_SCORE = 75
MODEL_MIN_STEP_POINTS = 12


def incomplete_model_answers(content: Content) -> list[str]:
    """Model answers the scorer does not rate high for their own technique:
    "<objection id> <technique> <language>: score …, weak …, penalties …"."""
    found = []
    for objection in content.objections.values():
        for answer in objection.answers:
            for language in Language:
                result, requires = model_answer_result(answer, objection, content.rubric, language)
                weak = [
                    f"{s.value} {result.verdict(s).points}"
                    for s in requires
                    if result.verdict(s).points < MODEL_MIN_STEP_POINTS
                ]
                if (
                    result.refusal is None
                    and result.score >= MODEL_MIN_SCORE
                    and not weak
                    and not result.penalties
                ):
                    continue
                why = result.refusal.value if result.refusal else f"score {result.score}"
                penalties = [p.value for p in result.penalties]
                found.append(
                    f"{objection.id} {answer.technique.value} {language.value}: {why};"
                    f" weak {', '.join(weak) or '-'}; penalties {', '.join(penalties) or '-'}"
                    f" (`python -m bot drill score {objection.id} --language {language.value}"
                    " --file <answer>` shows why)"
                )
    return found


def check_model_answer_scores(content: Content) -> None:
    """Raise ContentError for the first model answer the scorer does not rate high."""
    weak = incomplete_model_answers(content)
    if weak:
        objection_id = weak[0].split(" ", 1)[0]
        category = objection_id.split(".", 1)[0]
        raise ContentError(
            f"content/objections/{category}.yaml",
            f"the drill scorer does not rate this model answer high: {weak[0]}",
            item=objection_id,
        )
