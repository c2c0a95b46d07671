"""Leaving by deleting (#13), through the emulator: a head's /delete_me names the team and its
member count and the members are told the team was dissolved; a member's /delete_me tells the
member it will be reported, and the head hears it without details."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.team_models import Team, TeamMember
from bot.devtools.emulator import BotAPIEmulator
from tests.e2e.conftest import RunningBot
from tests.e2e.test_teams import clock, make_team, onboard, team_bot

__all__ = ["clock", "team_bot"]  # the fixtures this module uses from the teams tests


async def test_member_and_head_delete_their_data(
    team_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    head = emulator.user(7401, first_name="Ирина")
    code = await make_team(head, "Север")
    members = [emulator.user(7402 + n, first_name=name) for n, name in enumerate("АБВ")]
    for member in members:
        await onboard(member)
        await member.send(f"/start join_{code}")
        await member.press("✅ Вступить")
    first, *others = members

    # A member deletes their data: warned first, then the head hears it, with no details.
    replies = await first.send("/delete_me")
    assert "руководитель узнает" in replies[-1].text
    assert "Север" in replies[-1].text
    await first.press("🗑 Да, удалить всё")
    assert "А больше не в команде Север" in head.last.text
    assert "чек-ин" not in head.last.text

    # The head: the confirmation names the team and its two remaining members.
    replies = await head.send("/delete_me")
    assert "Север" in replies[-1].text
    assert "2 участника получат сообщение" in replies[-1].text
    await head.press("🗑 Да, удалить всё")
    for member in others:
        assert "Команда Север распущена" in member.last.text
    async with session_factory() as session:
        assert await session.scalar(select(Team)) is None
        assert await session.scalar(select(TeamMember)) is None
