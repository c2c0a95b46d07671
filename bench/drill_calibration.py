"""The drill scorer against the hand-labelled calibration set (tests/data/drill_calibration.yaml):
the confusion table (label × score band or refusal). The time to score one answer is
bench/drill_speed.py's (fresh processes, repeated runs).

``python -m bench.drill_calibration`` prints it alone; ``bench.run`` calls
:func:`calibration_section` for ``make bench``. The suite asserts the thresholds
(tests/test_drill_calibration.py); this shows where every answer landed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.content.loader import load_content
from bot.content.schema import Content, DrillStep, Objection
from bot.domain.languages import Language
from bot.services.drill_scoring import DrillResult, example_line, score_answer

CALIBRATION_FILE = (
    Path(__file__).resolve().parent.parent / "tests" / "data" / "drill_calibration.yaml"
)
# Every outcome of the scorer on the calibration set and on every model answer, one line each
# (tests/test_drill_scores.py compares): a change to the scorer that was meant to be only
# faster must leave it as it is; a change meant to score differently rewrites it
# (``python -m bench.drill_calibration --write-scores``) and the diff shows what moved.
SCORES_FILE = CALIBRATION_FILE.with_name("drill_scores.txt")
LABELS = (
    "good",
    "paraphrase",
    "partial",
    "generic",
    "salad",
    "rude",
    "off_topic",
    "wrong_language",
    "copied",
)
BANDS = ("≥70", "31–69", "≤30", "refused")
GOOD_LABELS = frozenset({"good", "paraphrase"})
BAD_LABELS = frozenset({"salad", "rude", "off_topic", "copied"})


@dataclass(frozen=True, slots=True)
class Labelled:
    objection: str
    language: Language
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Scored:
    item: Labelled
    result: DrillResult

    @property
    def band(self) -> str:
        if self.result.refusal is not None:
            return "refused"
        if self.result.score >= 70:
            return "≥70"
        return "≤30" if self.result.score <= 30 else "31–69"


def load_calibration(path: Path = CALIBRATION_FILE) -> list[Labelled]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Labelled(a["objection"], Language(a["language"]), a["label"], a["text"])
        for a in data["answers"]
    ]


def score_all(content: Content, items: list[Labelled]) -> list[Scored]:
    scored = []
    for item in items:
        objection = content.objections[item.objection]
        result = score_answer(item.text, objection, content.rubric, item.language)
        scored.append(Scored(item, result))
    return scored


def good_share(scored: list[Scored]) -> float:
    good = [s for s in scored if s.item.label in GOOD_LABELS]
    return sum(1 for s in good if s.result.refusal is None and s.result.score >= 70) / len(good)


def bad_share(scored: list[Scored]) -> float:
    bad = [s for s in scored if s.item.label in BAD_LABELS]
    return sum(1 for s in bad if s.band in ("≤30", "refused")) / len(bad)


def confusion_table(scored: list[Scored]) -> str:
    counts = Counter((s.item.label, s.band) for s in scored)
    lines = [
        "| label | " + " | ".join(BANDS) + " | total |",
        "|---|" + "---:|" * (len(BANDS) + 1),
    ]
    for label in LABELS:
        row = [counts[(label, band)] for band in BANDS]
        lines.append(f"| {label} | " + " | ".join(str(n) for n in row) + f" | {sum(row)} |")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class CalibrationReport:
    answers: int
    good_share: float
    bad_share: float
    markdown: str
    confusion: dict[str, dict[str, int]]  # label → band → answers


def calibration_report(content: Content | None = None) -> CalibrationReport:
    """Score every labelled answer once."""
    content = content or load_content()
    items = load_calibration()
    scored = score_all(content, items)
    refused = Counter(s.result.refusal.value for s in scored if s.result.refusal)
    good, bad = good_share(scored), bad_share(scored)
    markdown = "\n".join(
        [
            "### Drill scoring (calibration set)",
            "",
            f"{len(items)} hand-labelled answers over {len({i.objection for i in items})}"
            " objections (tests/data/drill_calibration.yaml).",
            f"- good/paraphrase scoring ≥ 70: **{good:.0%}** (target ≥ 90 %)",
            f"- salad/rude/off-topic/copied scoring ≤ 30 or refused: **{bad:.0%}** (target ≥ 95 %)",
            "- refusals: " + ", ".join(f"{k} {n}" for k, n in sorted(refused.items())),
            "",
            confusion_table(scored),
        ]
    )
    confusion: dict[str, dict[str, int]] = {}
    for s in scored:
        row = confusion.setdefault(s.item.label, {})
        row[s.band] = row.get(s.band, 0) + 1
    return CalibrationReport(len(items), good, bad, markdown, confusion)


def calibration_section(content: Content | None = None) -> str:
    return calibration_report(content).markdown


def misses(content: Content | None = None) -> list[str]:
    """Answers on the wrong side of the thresholds, for tuning by hand."""
    content = content or load_content()
    found = []
    for s in score_all(content, load_calibration()):
        label = s.item.label
        wrong = (label in GOOD_LABELS and s.band != "≥70") or (
            label in BAD_LABELS and s.band not in ("≤30", "refused")
        )
        if wrong:
            steps = " ".join(f"{v.step.value[:3]}={v.points}" for v in s.result.steps)
            found.append(
                f"{label} {s.item.objection} {s.band} {s.result.score}"
                f" {s.result.refusal} {steps} {s.result.penalties}: {s.item.text[:90]}"
            )
    return found


def _outcome(result: DrillResult) -> str:
    """Score, refusal and steps readable; the digest covers the rest (notes, quotes)."""
    digest = hashlib.sha256(
        json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()[:10]
    if result.refusal is not None:
        return f"refused:{result.refusal.value} #{digest}"
    steps = " ".join(f"{v.step.value[:3]}{v.points}" for v in result.steps)
    penalties = ",".join(p.value for p in result.penalties) or "-"
    return f"{result.score} {steps} pen:{penalties} #{digest}"


def score_lines(content: Content | None = None, *, reverse: bool = False) -> list[str]:
    """The scorer's outcome on every calibration answer, every model answer (both languages)
    and the feedback's example line per step: what :data:`SCORES_FILE` holds. ``reverse``
    scores them in the opposite order (the lines stay in theirs), to show that what one
    answer leaves in the caches does not change another's verdict."""
    content = content or load_content()
    jobs: list[tuple[str, Callable[[], str]]] = []
    for n, item in enumerate(load_calibration()):
        objection = content.objections[item.objection]

        def calibration(item: Labelled = item, objection: Objection = objection) -> str:
            return _outcome(score_answer(item.text, objection, content.rubric, item.language))

        jobs.append((f"calibration {n:03d} {item.objection} {item.language.value}", calibration))
    for objection_id in sorted(content.objections):
        objection = content.objections[objection_id]
        for language in Language:
            for n, answer in enumerate(objection.answers):

                def model(
                    text: str = answer.text.get(language),
                    objection: Objection = objection,
                    language: Language = language,
                ) -> str:
                    return _outcome(score_answer(text, objection, content.rubric, language))

                jobs.append((f"model {objection_id} {n} {language.value}", model))

            def examples(objection: Objection = objection, language: Language = language) -> str:
                lines = [
                    example_line(objection, content.rubric, step, language) for step in DrillStep
                ]
                return "#" + hashlib.sha256("\n".join(lines).encode()).hexdigest()[:10]

            jobs.append((f"examples {objection_id} {language.value}", examples))
    order = list(reversed(jobs)) if reverse else jobs
    outcomes = {key: run() for key, run in order}
    return [f"{key}: {outcomes[key]}" for key, _ in jobs]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--write-scores",
        action="store_true",
        help=f"rewrite {SCORES_FILE.name} with the scorer's outcomes as they are now",
    )
    args = parser.parse_args(argv)
    if args.write_scores:
        SCORES_FILE.write_text("\n".join(score_lines()) + "\n", encoding="utf-8")
        sys.stdout.write(f"wrote {SCORES_FILE}\n")
        return
    sys.stdout.write(calibration_section() + "\n")
    for line in misses():
        sys.stdout.write(line + "\n")


if __name__ == "__main__":
    main()
