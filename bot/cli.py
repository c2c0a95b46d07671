"""`python -m bot [command]`: run (default), demo, migrate, backup, content check, drill score."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Sequence

from bot.config import Settings, SettingsError, load_settings
from bot.content.loader import ContentError
from bot.logging_setup import setup_logging

# What an admin sees when they start the bot without BOT_TOKEN.
START_HINT = (
    "BOT_TOKEN is not set: get a token from @BotFather and run `BOT_TOKEN=... make run`, "
    "or try the bot offline with `make demo`."
)


def _fail(message: str) -> int:
    sys.stderr.write(message + "\n")
    return 2


def _settings() -> Settings:
    return load_settings()


def cmd_run(_: argparse.Namespace) -> int:
    from bot.app import MigrationFailed, main

    settings = _settings()
    if settings.bot_token is None:
        return _fail(START_HINT)
    setup_logging(settings.log_level)
    # Migrations run in a child process: Alembic, Mako and the migration scripts then never
    # load into the long-running bot (about 12 MB it would otherwise keep for nothing).
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(main(settings, migrate_in_child=True))
    except MigrationFailed as exc:
        return _fail(f"Database migration failed: {exc}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from bot.devtools.demo import run_demo

    setup_logging("WARNING")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_demo(args.database_url))
    return 0


def cmd_migrate(_: argparse.Namespace) -> int:
    from bot.db.engine import create_engine
    from bot.db.migrate import upgrade

    settings = _settings()
    setup_logging(settings.log_level)

    async def _migrate() -> None:
        engine = create_engine(settings)
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    asyncio.run(_migrate())
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.backup import BackupError, backup

    try:
        sys.stdout.write(backup(_settings(), Path(args.file)) + "\n")
    except BackupError as exc:
        return _fail(f"Backup failed: {exc}")
    return 0


def cmd_content_check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.content.check import load_and_check, summary

    try:
        content = load_and_check(Path(args.content_dir))
    except ContentError as exc:
        return _fail(f"Content error: {exc}")
    sys.stdout.write(summary(content) + "\n")
    return 0


def _answer_text(inline: str | None, path: str | None) -> str | None:
    from pathlib import Path

    if path is not None:
        return Path(path).read_text(encoding="utf-8")
    return inline


def cmd_drill_score(args: argparse.Namespace) -> int:
    """Per-step verdicts and the score of an answer (and of an optional second turn) as JSON,
    for trainers writing content."""
    import json
    from pathlib import Path

    from bot.content.loader import load_content
    from bot.domain.languages import Language
    from bot.services.drill_scoring import combine, score_answer
    from bot.services.drills import follow_up_line

    content = load_content(Path(args.content_dir))
    objection = content.objections.get(args.objection_id)
    if objection is None:
        return _fail(
            f"No objection {args.objection_id!r}; `python -m bot content check` lists them."
        )
    try:
        text = _answer_text(args.answer, args.file)
        second_text = _answer_text(args.second, args.second_file)
    except OSError as exc:
        return _fail(f"Cannot read the answer: {exc}")
    if not text:
        return _fail("Give the answer as an argument or with --file.")
    language = Language(args.language)
    first = score_answer(text, objection, content.rubric, language)
    report: dict[str, object] = {
        "objection": objection.id,
        "first": first.to_dict(),
        "follow_up": follow_up_line(objection, first, language) if not first.refusal else None,
    }
    if second_text:
        second = score_answer(second_text, objection, content.rubric, language)
        report["second"] = second.to_dict()
        if first.refusal is None and second.refusal is None:
            report["exchange"] = combine(first, second).to_dict()
    sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="SalesCoach Telegram bot")
    parser.set_defaults(func=cmd_run)
    commands = parser.add_subparsers(title="commands")
    commands.add_parser("run", help="run the bot (polling, or webhook if WEBHOOK_URL is set)")
    demo = commands.add_parser("demo", help="chat with the bot in the terminal, offline")
    demo.add_argument(
        "--database-url",
        default="sqlite+aiosqlite:///data/demo.sqlite3",
        help="where the demo keeps its data",
    )
    demo.set_defaults(func=cmd_demo)
    migrate = commands.add_parser("migrate", help="apply pending database migrations")
    migrate.set_defaults(func=cmd_migrate)
    backup = commands.add_parser(
        "backup", help="a consistent copy of the database, safe while the bot runs"
    )
    backup.add_argument("file", help="where to write it (SQLite) or what pg_dump should write")
    backup.set_defaults(func=cmd_backup)
    content = commands.add_parser("content", help="coaching content tools")
    content_commands = content.add_subparsers(title="content commands", required=True)
    check = content_commands.add_parser("check", help="validate content/ and print counts")
    check.add_argument("--content-dir", default="content", help="the folder to check")
    check.set_defaults(func=cmd_content_check)
    drill = commands.add_parser("drill", help="objection drill tools")
    drill_commands = drill.add_subparsers(title="drill commands", required=True)
    score = drill_commands.add_parser(
        "score", help="score an answer to an objection: per-step verdicts and score as JSON"
    )
    score.add_argument("objection_id", help="e.g. price.competitor_cheaper")
    score.add_argument("answer", nargs="?", help="the answer (or use --file)")
    score.add_argument("--file", help="read the answer from this file")
    score.add_argument("--second", help="the answer to the client's push-back (second turn)")
    score.add_argument("--second-file", help="read the second-turn answer from this file")
    score.add_argument(
        "--language", choices=["ru", "en"], default="ru", help="the drill's language"
    )
    score.add_argument("--content-dir", default="content", help="the content folder")
    score.set_defaults(func=cmd_drill_score)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except SettingsError as exc:
        return _fail(f"Configuration error: {exc}")
    except ContentError as exc:
        return _fail(f"Content error: {exc}")
