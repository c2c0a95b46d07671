"""How long scoring a drill answer takes, and what the scorer's word vectors cost in memory.

``python -m bench.drill_speed`` runs :data:`RUNS` fresh interpreters one after another
(``python -m bench.drill_speed --child``), because the figure that matters is a rep's answer
met for the first time by a process: its words are new to the scorer's caches. Each child does
what the bot does:

1. the first /drill of the process loads pymorphy3 and navec (``drill_scoring.prepare()``,
   in a worker thread in the bot): timed, and resident memory (VmRSS) measured before and
   after each, which is the embeddings' memory cost;
2. serving a drill prepares that objection's topic (``prepare(objection, language)``);
3. the rep's answer is scored — timed alone ("score") and together with the feedback the bot
   builds from it, the example line per step from the objection's model answers ("answer").

Every calibration answer (tests/data/drill_calibration.yaml) is one sample. The parent prints
each run's p50/p95 and the median of the runs, with the load average before each run: the
machine is shared, so one run can be slowed by a neighbour.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

from bench.common import percentile, status_kb

RUNS = 5


def _rss_mb() -> float:
    gc.collect()
    return status_kb("VmRSS") / 1024


def child() -> dict[str, Any]:
    from bench.drill_calibration import load_calibration
    from bot.content.loader import load_content
    from bot.content.schema import DrillStep
    from bot.nlp.vectors import navec
    from bot.nlp.words import morph
    from bot.services.drill_scoring import example_line, prepare, score_answer

    content = load_content()
    items = load_calibration()
    import numpy  # noqa: F401 - counted before navec: the bot imports numpy elsewhere too

    rss = {"before": _rss_mb()}
    started = time.perf_counter()
    morph()
    rss["pymorphy3"] = _rss_mb()
    navec()
    rss["navec"] = _rss_mb()
    prepare()
    load_ms = (time.perf_counter() - started) * 1000
    score_ms: list[float] = []
    answer_ms: list[float] = []
    cpu_ms: list[float] = []
    prepared: set[tuple[str, str]] = set()
    for item in items:
        objection = content.objections[item.objection]
        if (item.objection, item.language.value) not in prepared:
            # When the drill is served, before the answer (handlers/drills.py).
            prepare(objection, item.language, content.rubric)
            prepared.add((item.objection, item.language.value))
        cpu_started = time.thread_time()
        started = time.perf_counter()
        result = score_answer(item.text, objection, content.rubric, item.language)
        scored = time.perf_counter()
        if result.refusal is None:
            for step in DrillStep:
                example_line(objection, content.rubric, step, item.language)
        done = time.perf_counter()
        cpu_ms.append((time.thread_time() - cpu_started) * 1000)
        score_ms.append((scored - started) * 1000)
        answer_ms.append((done - started) * 1000)
    rss["after"] = _rss_mb()
    return {
        "answers": len(items),
        "load_ms": load_ms,
        "score": [percentile(score_ms, 0.5), percentile(score_ms, 0.95), max(score_ms)],
        "answer": [percentile(answer_ms, 0.5), percentile(answer_ms, 0.95), max(answer_ms)],
        # CPU time of the same work: what the answer costs whatever the neighbours do.
        "cpu": [percentile(cpu_ms, 0.5), percentile(cpu_ms, 0.95), max(cpu_ms)],
        "rss": rss,
        "slowest": sorted(((round(ms, 2), n) for n, ms in enumerate(answer_ms)), reverse=True)[:5],
    }


@dataclass(frozen=True, slots=True)
class SpeedReport:
    runs: list[dict[str, Any]]
    loads: list[float]  # 1-minute load average before each run

    def median(self, key: str, index: int) -> float:
        return float(statistics.median(run[key][index] for run in self.runs))

    @property
    def score_p50(self) -> float:
        return self.median("score", 0)

    @property
    def score_p95(self) -> float:
        return self.median("score", 1)

    @property
    def answer_p50(self) -> float:
        return self.median("answer", 0)

    @property
    def answer_p95(self) -> float:
        return self.median("answer", 1)

    @property
    def cpu_p50(self) -> float:
        return self.median("cpu", 0)

    @property
    def cpu_p95(self) -> float:
        return self.median("cpu", 1)

    @property
    def load_ms(self) -> float:
        return float(statistics.median(run["load_ms"] for run in self.runs))

    def rss_step(self, before: str, after: str) -> float:
        return float(statistics.median(run["rss"][after] - run["rss"][before] for run in self.runs))

    @property
    def pymorphy3_mb(self) -> float:
        return self.rss_step("before", "pymorphy3")

    @property
    def navec_mb(self) -> float:
        return self.rss_step("pymorphy3", "navec")

    @property
    def caches_mb(self) -> float:
        return self.rss_step("navec", "after")

    def lines(self) -> list[str]:
        out = [
            f"{len(self.runs)} fresh processes, {self.runs[0]['answers']} calibration answers"
            " each (ms; p50 / p95 / max):"
        ]
        for n, (run, load) in enumerate(zip(self.runs, self.loads, strict=True), 1):
            score, answer, cpu = run["score"], run["answer"], run["cpu"]
            out.append(
                f"  run {n} (load {load:.2f}): score {score[0]:.2f} / {score[1]:.2f} /"
                f" {score[2]:.1f}; with feedback {answer[0]:.2f} / {answer[1]:.2f} /"
                f" {answer[2]:.1f}; its CPU time {cpu[0]:.2f} / {cpu[1]:.2f} / {cpu[2]:.1f};"
                f" loading {run['load_ms']:.0f}"
            )
        out.append(
            f"median of runs: score p50 {self.score_p50:.2f} ms, p95 {self.score_p95:.2f} ms;"
            f" with feedback p50 {self.answer_p50:.2f} ms, p95 {self.answer_p95:.2f} ms"
            f" (CPU time p50 {self.cpu_p50:.2f} ms, p95 {self.cpu_p95:.2f} ms);"
            f" loading pymorphy3 + navec {self.load_ms:.0f} ms"
        )
        out.append(
            f"memory (RSS): pymorphy3 +{self.pymorphy3_mb:.0f} MB, navec"
            f" +{self.navec_mb:.0f} MB, caches after {self.runs[0]['answers']} answers"
            f" +{self.caches_mb:.0f} MB"
        )
        return out


def measure(runs: int = RUNS) -> SpeedReport:
    results, loads = [], []
    for _ in range(runs):
        loads.append(os.getloadavg()[0])
        done = subprocess.run(
            [sys.executable, "-m", "bench.drill_speed", "--child"],
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return SpeedReport(results, loads)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", action="store_true", help="one measured process (JSON)")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    if args.child:
        sys.stdout.write(json.dumps(child()) + "\n")
        return
    sys.stdout.write("\n".join(measure(args.runs).lines()) + "\n")


if __name__ == "__main__":
    main()
