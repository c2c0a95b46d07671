"""A team takes at most MAX_TEAM_SIZE members (default 300); a mover into a full team stays
where they were."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.db import teams as teams_db
from bot.db import users as users_db
from bot.domain.languages import Language
from bot.services import teams
from tests.support.populate import NOW


async def _person(session: AsyncSession, user_id: int, role: str) -> None:
    user, _ = await users_db.get_or_create_user(
        session, user_id, first_name=f"P{user_id}", username=None, language=Language.RU
    )
    users_db.set_role(user, role)


async def test_a_full_team_refuses_newcomers_and_movers(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        for user_id in (1, 2):
            await _person(session, user_id, "head_of_sales")
        for user_id in range(10, 14):
            await _person(session, user_id, "sales_manager")
        heads = [await users_db.get_user(session, 1), await users_db.get_user(session, 2)]
        assert heads[0] is not None
        assert heads[1] is not None
        north_opened = await teams.open_team(session, heads[0], "Север", NOW)
        south_opened = await teams.open_team(session, heads[1], "Юг", NOW)
        assert isinstance(north_opened, teams.CreatedTeam)
        assert isinstance(south_opened, teams.CreatedTeam)
        north, south = north_opened.team, south_opened.team
        north_code = north_opened.first_invite.code
        south_code = south_opened.first_invite.code

        def join(code: str, user_id: int, move: bool = False):  # type: ignore[no-untyped-def]
            return teams.join_team(
                session, code, user_id, NOW, share_notes=False, leave_current=move, max_members=2
            )

        assert (await join(north_code, 10)).verdict == teams.JoinVerdict.OK
        assert (await join(north_code, 11)).verdict == teams.JoinVerdict.OK
        assert (await join(north_code, 12)).verdict == teams.JoinVerdict.TEAM_FULL
        assert (await join(south_code, 13)).verdict == teams.JoinVerdict.OK
        moved = await join(north_code, 13, move=True)
        assert moved.verdict == teams.JoinVerdict.TEAM_FULL
        assert (await teams_db.membership(session, 13)).team_id == south.id  # type: ignore[union-attr]
        assert await teams_db.count_members(session, north.id) == 2


def test_the_default_cap_is_300(settings: Settings) -> None:
    assert settings.max_team_size == 300
