"""The drill scorer against the hand-labelled calibration set (tests/data/drill_calibration.yaml):
the confusion table (label × score band or refusal) and the time to score one answer.

``python -m bench.drill_calibration`` prints it alone; ``bench.run`` calls
:func:`calibration_section` for ``make bench``. The suite asserts the thresholds
(tests/test_drill_calibration.py); this shows where every answer landed.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.content.loader import load_content
from bot.content.schema import Content
from bot.domain.languages import Language
from bot.services.drill_scoring import DrillResult, score_answer

CALIBRATION_FILE = (
    Path(__file__).resolve().parent.parent / "tests" / "data" / "drill_calibration.yaml"
)
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
    seconds: float

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
        started = time.perf_counter()
        result = score_answer(item.text, objection, content.rubric, item.language)
        scored.append(Scored(item, result, time.perf_counter() - started))
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
    median_ms: float
    p95_ms: float
    first_load_ms: float
    markdown: str
    confusion: dict[str, dict[str, int]]  # label → band → answers


def calibration_report(content: Content | None = None) -> CalibrationReport:
    """Score every labelled answer once, timing each.

    One answer is scored first on its own: it loads the vectors and the dictionaries, which a
    drill's first answer after a start pays once (the bot does it in a worker thread when the
    first drill is served). Then each answer is timed on its first pass: its words are new to
    the process's caches, as a rep's answer mostly is."""
    content = content or load_content()
    items = load_calibration()
    started = time.perf_counter()
    score_all(content, items[:1])
    first_load = (time.perf_counter() - started) * 1000
    scored = score_all(content, items)
    times = sorted(s.seconds * 1000 for s in scored)
    p95 = times[int(0.95 * (len(times) - 1))]
    median = statistics.median(times)
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
            f"- scoring one answer: median {median:.1f} ms, p95 **{p95:.1f} ms** (target ≤ 20 ms);"
            f" first answer after start (loads navec and pymorphy3): {first_load:.0f} ms",
            "- refusals: " + ", ".join(f"{k} {n}" for k, n in sorted(refused.items())),
            "",
            confusion_table(scored),
        ]
    )
    confusion: dict[str, dict[str, int]] = {}
    for s in scored:
        row = confusion.setdefault(s.item.label, {})
        row[s.band] = row.get(s.band, 0) + 1
    return CalibrationReport(len(items), good, bad, median, p95, first_load, markdown, confusion)


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


if __name__ == "__main__":
    sys.stdout.write(calibration_section() + "\n")
    for line in misses():
        sys.stdout.write(line + "\n")
