"""People told apart (#16), from the head's side through the emulator: five people called
Констанция join; the join notices, /team's summary, the member list, the removal picker and its
confirmation, and the export each name them so the head can tell who is who — the last name's
initial first, then the @username, then a short id — with names shown literally (escaped)."""

from __future__ import annotations

import csv
import io

from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.users import EmulatedUser
from tests.e2e.conftest import RunningBot
from tests.e2e.test_teams import LINK_RE, ManualClock, clock, onboard, team_bot

__all__ = ["clock", "team_bot"]  # the fixtures this module uses from the teams tests

# (id, first name, last name, username) → what the head reads
NAMESAKES = [
    (7401, "Констанция", "Петрова", "kpetrova", "Констанция П. (@kpetrova)"),
    (7402, "Констанция", "Павлова", None, "Констанция П. (id …7402)"),
    (7403, "Констанция", "Иванова", None, "Констанция И."),
    (7404, "Констанция", None, "kostya", "Констанция (@kostya)"),
    (7405, "Констанция", None, None, "Констанция (id …7405)"),
    (7406, "<i>Ян</i>", "& Co", None, "<i>Ян</i>"),
]


async def test_namesakes_are_told_apart_wherever_the_head_reads_names(
    team_bot: RunningBot, emulator: BotAPIEmulator, clock: ManualClock
) -> None:
    head = emulator.user(7400, "Ирина", last_name="Смирнова")
    await onboard(head, "Руководитель отдела продаж")
    await head.send("/team")
    await head.press("➕ Создать команду")
    replies = await head.send("Север")
    found = LINK_RE.search(replies[-1].text)
    assert found is not None
    members: list[EmulatedUser] = []
    for user_id, first, last, username, _ in NAMESAKES:
        member = emulator.user(user_id, first, username=username, last_name=last)
        await onboard(member)
        replies = await member.send(f"/start join_{found['code']}")
        # The member reads the head's full name in the consent screen.
        assert "Ирина Смирнова" in replies[-1].text
        await member.press("✅ Вступить")
        members.append(member)
    # One-off notices carry the full name and the @username.
    notices = [m.text for m in head.messages if "новый участник" in m.text]
    assert "новый участник: Констанция Петрова (@kpetrova)." in notices[0]
    assert "новый участник: Констанция Павлова." in notices[1]
    assert "<i>Ян</i> & Co" in notices[-1]  # shown literally, not as markup

    replies = await head.send("/team")
    summary = replies[-1].text
    for *_, shown in NAMESAKES:
        assert shown in summary, shown

    await head.press("👥 Участники")
    listing = head.last.text
    for *_, shown in NAMESAKES:
        assert f"{shown} — с 04.03.2026" in listing, shown
    assert "<i>Ян</i>" in listing
    assert "&lt;i&gt;Ян&lt;/i&gt;" in head.last.html
    for *_, shown in NAMESAKES:
        assert [f"✖ {shown}"] in head.last.buttons

    await head.press("✖ Констанция П. (id …7402)")
    assert "Исключить из команды Север: Констанция П. (id …7402)?" in head.last.text
    replies = await head.press("Да, исключить")
    assert "Констанция П. (id …7402) больше не в команде Север." in head.last.text
    # With Павлова gone, Петрова's initial is enough.
    assert "Констанция П. — с" in head.last.text
    assert "@kpetrova" not in head.last.text

    for member in (members[0], members[3], members[4]):
        await member.send("/checkin")
        await member.press("4 🙂")
        await member.send("100 000")
    replies = await head.send("/export")
    csv_file = next(m for m in replies if (m.filename or "").endswith(".csv"))
    text = (csv_file.file_bytes or b"").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert sorted(row[0] for row in rows[1:]) == [
        "Констанция (@kostya)",
        "Констанция (id …7405)",
        "Констанция П.",
    ]
