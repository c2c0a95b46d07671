"""Migration 0011: invite codes become their SHA-256. Links handed out before the upgrade keep
working (looked up by hash); the downgrade keeps every row and revokes the live ones, since a
code cannot be recovered from its hash. On SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from bot.config import Settings
from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import downgrade, upgrade
from bot.services import teams
from bot.services.teams import JoinVerdict, hash_invite_code
from tests.support.populate import HEAD_ID, MEMBER_IDS, NOW, populate

PLAIN_LIVE = "AAAAAAAAAAAAAAAAAAAAAA"  # 22 characters, as token_urlsafe(16) makes them
PLAIN_REVOKED = "BBBBBBBBBBBBBBBBBBBBBB"


async def test_codes_are_hashed_in_place_and_old_links_still_work(settings: Settings) -> None:
    engine = create_engine(settings)
    factory = create_session_factory(engine)
    try:
        await upgrade(engine)
        await populate(factory)
        async with factory() as session:
            team_id = await session.scalar(
                text("SELECT id FROM teams WHERE head_id = :head"), {"head": HEAD_ID}
            )
            # Free the members, so they can join again by the link.
            await session.execute(text("DELETE FROM one_on_one_talks"))
            await session.execute(text("DELETE FROM team_members"))
            await session.execute(text("DELETE FROM team_invites"))
            await session.commit()
        await downgrade(engine, "0010")
        async with engine.begin() as connection:  # rows as the old code wrote them
            for code, revoked in ((PLAIN_LIVE, None), (PLAIN_REVOKED, NOW)):
                await connection.execute(
                    text(
                        "INSERT INTO team_invites (code, team_id, created_at, expires_at,"
                        " revoked_at) VALUES (:code, :team, :created, :expires, :revoked)"
                    ),
                    {
                        "code": code,
                        "team": team_id,
                        "created": NOW,
                        "expires": NOW + timedelta(days=30),
                        "revoked": revoked,
                    },
                )

        await upgrade(engine)
        async with engine.connect() as connection:
            stored = set(
                (await connection.execute(text("SELECT code_hash FROM team_invites"))).scalars()
            )
        assert stored == {hash_invite_code(PLAIN_LIVE), hash_invite_code(PLAIN_REVOKED)}
        assert PLAIN_LIVE not in stored
        async with factory() as session:
            live = await teams.check_join(session, PLAIN_LIVE, MEMBER_IDS[0], NOW)
            dead = await teams.check_join(session, PLAIN_REVOKED, MEMBER_IDS[0], NOW)
            forged = await teams.check_join(
                session, hash_invite_code(PLAIN_LIVE), MEMBER_IDS[0], NOW
            )
        assert live.verdict == JoinVerdict.OK  # the link handed out before the upgrade
        assert dead.verdict == JoinVerdict.REVOKED
        assert forged.verdict == JoinVerdict.UNKNOWN  # knowing the stored hash is no use

        await downgrade(engine, "0010")
        async with engine.connect() as connection:
            rows = (
                await connection.execute(text("SELECT code, revoked_at FROM team_invites"))
            ).all()
        assert len(rows) == 2  # every row kept ...
        assert all(revoked is not None for _, revoked in rows)  # ... and none left live
        assert {code for code, _ in rows} == stored
    finally:
        await engine.dispose()


def test_a_code_is_stored_as_64_hex_characters_of_sha256() -> None:
    digest = hash_invite_code("abc")
    assert digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
