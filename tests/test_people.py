"""People told apart (#16): a head sees first names, and where first names collide, the last
name's initial, then the @username, then a short id — on every screen, the chart and the export
included. Names stay raw text here; messages escape them, the chart draws them as typed."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.checkin_models import CheckIn, Plan
from bot.db.models import User
from bot.db.team_models import Team, TeamMember
from bot.domain.languages import Language
from bot.i18n import I18n
from bot.services.people import Person, distinct_names
from bot.services.team_chart import chart_labels, chart_rows, name_lines, render_team_chart
from bot.services.team_export import export_headers, export_rows, to_csv
from bot.services.team_report import build_team_report

ZONE = "Europe/Moscow"
NOW = datetime(2026, 11, 19, 15, 0, tzinfo=UTC)


def test_unique_first_names_stay_plain() -> None:
    names = distinct_names(
        [Person(1, "Анна", "anna", "Петрова"), Person(2, "Борис", None, "Сидоров")]
    )
    assert names == {1: "Анна", 2: "Борис"}


def test_the_last_names_initial_comes_first() -> None:
    names = distinct_names(
        [
            Person(1, "Констанция", "kpetrova", "Петрова"),
            Person(2, "Констанция", "kivanova", "Иванова"),
            Person(3, "Борис", "boris", "Петров"),
        ]
    )
    assert names == {1: "Констанция П.", 2: "Констанция И.", 3: "Борис"}


def test_then_the_username_then_the_id() -> None:
    names = distinct_names(
        [
            Person(101, "Констанция", "k_one", "Петрова"),
            Person(102, "Констанция", "k_two", "Павлова"),
            Person(103, "констанция", None, "Панова"),
            Person(104, "Констанция", None, None),
            Person(98_765_104, "Констанция", None, None),
            Person(5_104, "Констанция", None, None),
        ]
    )
    assert names == {
        101: "Констанция П. (@k_one)",
        102: "Констанция П. (@k_two)",
        103: "констанция П. (id …103)",
        104: "Констанция (id …104)",
        98_765_104: "Констанция (id …765104)",
        5_104: "Констанция (id …5104)",  # the same last four digits: more of the longer id
    }


def test_rows_from_queries_with_or_without_the_last_name() -> None:
    # A namesake without a last name or username gets the id even though «Ира» alone is
    # already different from «Ира К.»: it would not say which Ира.
    assert distinct_names([(1, "Ира", None), (2, "Ира", "ira", "Ким")]) == {
        1: "Ира (id …1)",
        2: "Ира К.",
    }
    # No first name: the @username, else the id.
    assert distinct_names([(5, "  ", "solo"), (6, None, None)]) == {5: "@solo", 6: "id …6"}


def test_a_long_first_name_is_shortened_before_what_tells_people_apart() -> None:
    long = "Констанция-Александра-Мария"
    names = distinct_names([(1, long, "a", "Петрова"), (2, long, "b", "Иванова")], limit=12)
    assert names == {1: "Констанция-… П.", 2: "Констанция-… И."}


people = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=10**12),
        st.sampled_from(["Констанция", "констанция", "Анна", "", "  ", None, "Констанция П."]),
        st.sampled_from([None, "k", "kk", "anna"]),
        st.sampled_from([None, "", "Петрова", "Павлова", "Иванова", "-"]),
    ),
    max_size=30,
    unique_by=lambda row: row[0],
)


@given(people)
def test_every_member_gets_a_unique_non_empty_name(rows: list[tuple]) -> None:  # type: ignore[type-arg]
    names = distinct_names(rows)
    assert set(names) == {row[0] for row in rows}
    assert all(name.strip() for name in names.values())
    assert len({name.casefold() for name in names.values()}) == len(rows)


# ---- the chart and the export -------------------------------------------------------------


async def _team_of_namesakes(factory: async_sessionmaker[AsyncSession]) -> int:
    people = [
        (1, "Ирина", None, None),
        (10, "Констанция", "Петрова", "kpetrova"),
        (11, "Констанция", "Иванова", None),
        (12, "Констанция", None, "kostya"),
        (13, "Констанция", None, None),
        (14, "<b>Ян</b> & Co", None, None),
    ]
    async with factory() as session:
        for uid, first, last, username in people:
            session.add(
                User(
                    id=uid,
                    first_name=first,
                    last_name=last,
                    username=username,
                    language="ru",
                    timezone=ZONE,
                    work_calendar="none",
                )
            )
        await session.flush()
        team = Team(head_id=1, name="Север & Юг")
        session.add(team)
        await session.flush()
        joined = datetime(2026, 11, 2, tzinfo=UTC)
        for uid, *_ in people[1:]:
            session.add(TeamMember(team_id=team.id, user_id=uid, joined_at=joined))
            session.add(
                Plan(
                    user_id=uid,
                    month=date(2026, 11, 1),
                    target=Decimal(1_000_000),
                    unit="money",
                    updated_at=NOW,
                )
            )
            day = date(2026, 11, 18)
            stamp = datetime.combine(day, time(15), tzinfo=UTC)
            session.add(
                CheckIn(
                    user_id=uid,
                    local_date=day,
                    energy=4,
                    sales_to_date=Decimal(500_000),
                    updated_at=stamp,
                    completed_at=stamp,
                )
            )
        await session.commit()
        return team.id


EXPECTED = {
    "Констанция П.",
    "Констанция И.",
    "Констанция (@kostya)",
    "Констанция (id …13)",
    "<b>Ян</b> & Co",
}


async def test_the_chart_and_the_export_tell_namesakes_apart(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    team_id = await _team_of_namesakes(session_factory)
    async with session_factory() as session:
        report = await build_team_report(session, team_id, NOW, ZONE)
        data = await export_rows(session, team_id, NOW, ZONE)
    assert {m.name for m in report.members} == EXPECTED

    # The chart draws every one of them, raw (no &amp;), and titles the team as typed.
    t = I18n().translator(Language.RU)
    drawn = {name_lines(row.member.name).replace("\n", " ") for row in chart_rows(report)}
    assert drawn == EXPECTED
    labels = chart_labels(t, report, "Север & Юг", date(2026, 11, 19))
    assert labels.title.startswith("Север & Юг")
    assert "&amp;" not in labels.title
    [png] = render_team_chart(report, labels, t)
    assert png.startswith(b"\x89PNG")

    # The export: every sheet the same names, the CSV readable by a Russian Excel.
    assert {row.name for row in data.summary} == EXPECTED
    assert {row.name for row in data.checkins} == EXPECTED
    assert {row.name for row in data.plans} == EXPECTED
    text = to_csv(data, export_headers(t, ())).decode("utf-8-sig")
    exported = {row[0] for row in list(csv.reader(io.StringIO(text), delimiter=";"))[1:]}
    assert exported == EXPECTED
