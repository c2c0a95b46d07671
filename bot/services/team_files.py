"""The heavy team files — the /team chart and the /export workbook and CSV — made once per
version of the team's data, and at most a few times a minute per head.

**Data version.** A file's version is a SHA-256 of everything it is drawn from: the team
report (or the export's rows), the translated labels or headers, the language and the file
name's date — with the moment of generation left out. Two requests with the same version
would draw byte-for-byte the same file, so the second re-sends the first's Telegram
``file_id`` instead of drawing again. We chose this over a counter bumped on writes or the
max id / ``updated_at`` of the team's rows: a counter has to be bumped by every path that
changes what a head sees (check-ins, plans, surveys, drills, joins and leaves, notes
sharing, the outbox's prompts that make a check-in "due", names, time zones, /delete_me),
and one forgotten path would show a stale chart; max ids miss deletions and rows updated in
place without an ``updated_at`` (surveys answered step by step, drill grades). The inputs
are computed anyway — /team sends the report's text with the chart, /export needs the rows
to know what to write — and they are the cheap part (a fixed number of queries); what the
version saves is the expensive part: matplotlib's ~230 ms of CPU per chart image, openpyxl's
seconds for a big team's workbook. A new check-in changes the report, so the next /team
draws again; a new day changes the chart's "as of" date, and so does a new version.

**Limit.** At most ``per_minute`` charts drawn and ``per_minute`` exports asked for per
head in any 60 seconds. A cached chart is re-sent freely: /team builds its report for the
text anyway. Every /export counts, re-sent or not: its rows are a few queries per member
(about a second for a thousand members, on the event loop), so even an unchanged export is
not free. Past the limit the head is told when to try again (the /team figures still go
out as text).

The cache and the limit live in memory per instance, one entry per team and kind: a restart
or another replica draws once more, which costs time, never correctness.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Literal

from bot.i18n import Translator
from bot.services.team_chart import ChartLabels, render_team_chart
from bot.services.team_export import ExportData, ExportHeaders, to_csv, to_xlsx
from bot.services.team_report import TeamReport

FileKind = Literal["chart", "export"]
WINDOW_SECONDS = 60.0
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

ChartRenderer = Callable[[TeamReport, ChartLabels, Translator], list[bytes]]
ExportBuilder = Callable[[ExportData, ExportHeaders], bytes]


def _digest(*parts: object) -> str:
    # repr of frozen dataclasses, Decimals, dates and strings is stable for equal values.
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def chart_version(report: TeamReport, labels: ChartLabels, language: object) -> str:
    return _digest("chart", replace(report, generated_at=_EPOCH), labels, language)


def export_version(data: ExportData, headers: ExportHeaders, language: object, name: str) -> str:
    return _digest("export", replace(data, generated_at=_EPOCH), headers, language, name)


@dataclass(slots=True)
class _Cached:
    version: str
    file_ids: tuple[str, ...]


@dataclass
class TeamFiles:
    per_minute: int = 3
    render_chart: ChartRenderer = render_team_chart
    build_xlsx: ExportBuilder = to_xlsx
    build_csv: ExportBuilder = to_csv
    # How many files were drawn, per kind (tests count them; never reset).
    renders: Counter[str] = field(default_factory=Counter)
    _cached: dict[tuple[FileKind, int], _Cached] = field(default_factory=dict)
    _drawn: dict[tuple[FileKind, int], deque[float]] = field(default_factory=dict)

    def cached(self, kind: FileKind, team_id: int, version: str) -> tuple[str, ...] | None:
        """The file_ids sent for this version of the team's file, if it was sent."""
        entry = self._cached.get((kind, team_id))
        return entry.file_ids if entry is not None and entry.version == version else None

    def remember(
        self, kind: FileKind, team_id: int, version: str, file_ids: tuple[str, ...]
    ) -> None:
        self._cached[(kind, team_id)] = _Cached(version, file_ids)

    def forget(self, kind: FileKind, team_id: int) -> None:
        self._cached.pop((kind, team_id), None)

    def wait_seconds(self, kind: FileKind, head_id: int, now: datetime) -> int:
        """Whole seconds until the head may have another file of this kind drawn; 0 = now."""
        drawn = self._recent(kind, head_id, now.timestamp())
        if len(drawn) < self.per_minute:
            return 0
        oldest = drawn[-self.per_minute]
        return max(1, math.ceil(oldest + WINDOW_SECONDS - now.timestamp()))

    def count_use(self, kind: FileKind, head_id: int, now: datetime) -> None:
        """One more in the head's window of this kind (see the module's "Limit")."""
        self._recent(kind, head_id, now.timestamp()).append(now.timestamp())

    def drew(self, kind: FileKind) -> None:
        self.renders[kind] += 1

    def _recent(self, kind: FileKind, head_id: int, now: float) -> deque[float]:
        drawn = self._drawn.setdefault((kind, head_id), deque())
        while drawn and drawn[0] <= now - WINDOW_SECONDS:
            drawn.popleft()
        return drawn
