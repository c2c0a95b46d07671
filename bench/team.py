"""/team for a big team: report build time and chart render time (if the modules exist)."""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert

from bench.common import ZONE, Results
from bench.seed import seed_users
from bot.app import App
from bot.clock import system_clock
from bot.db.checkin_models import CheckIn
from bot.domain.schedule import local_date_of

TEAM_MEMBERS = 200
TEAM_DAYS = 365


async def bench_team(app: App, results: Results, head_id: int) -> None:
    results.section(f"/team: {TEAM_MEMBERS} members × {TEAM_DAYS} days of check-ins")
    try:
        from bot.db.team_models import Team, TeamMember
        from bot.services.team_chart import chart_labels, render_team_chart
        from bot.services.team_report import build_team_report
    except ImportError as exc:
        results.add("/team build", "not available")
        results.add("/team chart render", "not available")
        results.notes.append(f"(c) team modules missing: {exc}")
        return
    now = system_clock()
    today = local_date_of(now, ZONE)
    members = list(range(1, TEAM_MEMBERS + 1))
    await seed_users(app.engine, [head_id], now, role="head_of_sales")
    rng = random.Random(365)  # noqa: S311 - made-up data
    async with app.engine.begin() as connection:
        created = await connection.execute(
            insert(Team).values(head_id=head_id, name="Bench team", created_at=now)
        )
        team_id = int(created.inserted_primary_key[0])  # type: ignore[index]
        await connection.execute(
            insert(TeamMember),
            [{"team_id": team_id, "user_id": u, "joined_at": now} for u in members],
        )
        for user_id in members:
            rows = []
            sales = Decimal(0)
            for back in range(TEAM_DAYS, 0, -1):
                day = today - timedelta(days=back)
                sales = Decimal(0) if day.day == 1 else sales + rng.randint(0, 50_000)
                rows.append(
                    {
                        "user_id": user_id,
                        "local_date": day,
                        "energy": rng.randint(1, 5),
                        "sales_to_date": sales,
                        "calls": rng.randint(0, 40),
                        "meetings": rng.randint(0, 5),
                        "updated_at": now,
                        "completed_at": now,
                    }
                )
            await connection.execute(insert(CheckIn), rows)

    async def build() -> Any:
        async with app.session_factory() as session:
            return await build_team_report(session, int(team_id), now, ZONE)

    builds = []
    report = await build()  # the first one also warms SQLite's page cache
    for _ in range(5):
        start = time.perf_counter()
        report = await build()
        builds.append(time.perf_counter() - start)
    median = statistics.median(builds)
    results.add(
        "/team build (median of 5)",
        f"{median * 1000:.0f} ms (slowest {max(builds) * 1000:.0f} ms)",
        "≤ 100 ms",
        median <= 0.1,
        tracked=False,
    )
    translator = app.i18n.translator("ru")
    labels = chart_labels(translator, report, "Bench", now.date())
    renders = []
    for _ in range(3):
        start = time.perf_counter()
        png = render_team_chart(report, labels, translator)[0]
        renders.append(time.perf_counter() - start)
    results.add(
        "/team chart render (median of 3)",
        f"{statistics.median(renders) * 1000:.0f} ms (first {renders[0] * 1000:.0f} ms, "
        f"{len(png) / 1024:.0f} KiB PNG)",
        "≤ 1 s",
        statistics.median(renders) <= 1.0,
        tracked=False,
    )
