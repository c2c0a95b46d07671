"""Application factory: settings → engine → Bot + Dispatcher → polling or webhook."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import sys
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError
from aiogram.webhook.aiohttp_server import setup_application
from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import Clock, system_clock
from bot.commands import set_command_menus
from bot.config import Settings
from bot.content.check import load_and_check
from bot.content.schema import Content
from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import upgrade
from bot.delivery import Delivery, RateLimiter
from bot.fsm_steps import StepStampedStorage
from bot.fsm_storage import create_isolation, create_storage
from bot.i18n import I18n
from bot.inline_filters import resolve_magic_filters_inline
from bot.memory import release_freed_memory
from bot.middlewares import DbSessionMiddleware, I18nMiddleware, UserMiddleware
from bot.middlewares.callback_answers import CallbackAnswerTracker
from bot.middlewares.clean_input import CleanInputMiddleware
from bot.middlewares.pacing import ChatPacer
from bot.middlewares.resilience import InteractiveScope, TransientRetry, UpdateGuardMiddleware
from bot.middlewares.throttle import ThrottleMiddleware
from bot.middlewares.unit_of_work import CommitBeforeSend
from bot.scheduler import create_scheduler
from bot.services.team_files import TeamFiles
from bot.ticker import TICK_SECONDS, Ticker, scheduled_tick
from bot.webhook import GuardedRequestHandler
from handlers import get_pending_questions, get_routers
from handlers.outbox_messages import after_send, outbox_composer

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"


@dataclass(slots=True)
class App:
    """Everything built for one run of the bot; closed in :meth:`close`."""

    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    bot: Bot
    dispatcher: Dispatcher
    scheduler: AsyncIOScheduler
    i18n: I18n
    content: Content
    ticker: Ticker

    async def close(self) -> None:
        await self.bot.session.close()
        await self.dispatcher.storage.close()
        await self.engine.dispose()


def create_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    """The bot with our request middlewares on its session (HTTP unless one is given: the
    benchmark passes one that answers at once)."""
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    if session is None:
        session = (
            AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
            if settings.telegram_api_url
            else AiohttpSession()
        )
    # Outermost first: the update's transaction is committed once, before any attempt.
    session.middleware(CommitBeforeSend())
    session.middleware(TransientRetry())  # retries a reply on 429/5xx/timeouts; see resilience
    if settings.reply_pacing:
        session.middleware(ChatPacer())  # each attempt waits for its chat's turn; see pacing
    session.middleware(CallbackAnswerTracker())  # lets the errors router answer a press once
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


def build_dispatcher(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    i18n: I18n,
    content: Content,
    scheduler: AsyncIOScheduler,
    ticker: Ticker,
    clock: Clock = system_clock,
) -> Dispatcher:
    storage = create_storage(settings, session_factory)
    dispatcher = Dispatcher(
        # Notes when each dialogue step began, so a lost question can be told from a double tap.
        storage=StepStampedStorage(storage, clock),
        events_isolation=create_isolation(storage),
        settings=settings,
        i18n=i18n,
        content=content,
        ticker=ticker,
        clock=clock,
        scheduler=scheduler,
        session_factory=session_factory,
        team_files=TeamFiles(per_minute=settings.team_files_per_minute),
        pending_questions=get_pending_questions(),
    )
    # aiogram registers its FSM middleware (which reads the dialogue state) before ours; move
    # it inside the update's session, so the state is read in the update's one transaction.
    dispatcher.update.outer_middleware.unregister(dispatcher.fsm)
    dispatcher.update.outer_middleware(UpdateGuardMiddleware())
    # Before the throttle, so its "slow down" is paced and retried like any reply.
    dispatcher.update.outer_middleware(InteractiveScope())
    dispatcher.update.outer_middleware(CleanInputMiddleware())
    dispatcher.update.outer_middleware(
        ThrottleMiddleware(
            clock,
            i18n,
            dispatcher.fsm,
            rate=settings.throttle_rate,
            burst=settings.throttle_burst,
        )
    )
    dispatcher.update.outer_middleware(DbSessionMiddleware(session_factory))
    dispatcher.update.outer_middleware(dispatcher.fsm)
    dispatcher.update.outer_middleware(UserMiddleware())
    dispatcher.update.outer_middleware(I18nMiddleware(i18n))
    dispatcher.include_routers(*get_routers(dev_commands=settings.dev_commands))
    resolve_magic_filters_inline(dispatcher)

    async def on_startup(bot: Bot) -> None:
        try:
            await set_command_menus(bot, i18n)
        except TelegramAPIError as exc:  # e.g. 429 when several instances start together
            logger.warning("Command menus not updated this start: %s", exc)
        scheduler.add_job(
            scheduled_tick,
            "interval",
            seconds=TICK_SECONDS,
            args=[ticker],
            id="tick",
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            next_run_time=clock(),
        )
        scheduler.start()
        logger.info("SalesCoach started")

    async def on_shutdown() -> None:
        if scheduler.running:
            scheduler.shutdown(wait=False)
        logger.info("SalesCoach stopped")

    dispatcher.startup.register(on_startup)
    dispatcher.shutdown.register(on_shutdown)
    return dispatcher


async def build_app(
    settings: Settings, *, clock: Clock = system_clock, migrate_in_child: bool = False
) -> App:
    """Check content, migrate the database and assemble the bot. Nothing is built at import
    time; bad content stops start-up (ContentError) before anything touches Telegram."""
    i18n = I18n()
    content = load_and_check(settings.content_dir, i18n=i18n, editorial=False)
    engine = create_engine(settings)
    if migrate_in_child:
        await _migrate_in_child()
    else:
        await upgrade(engine)
    session_factory = create_session_factory(engine)
    scheduler = create_scheduler()
    bot = create_bot(settings)
    delivery = Delivery(
        bot,
        session_factory,
        outbox_composer(i18n, content),
        RateLimiter(settings.delivery_rate),
        clock,
        after_send=after_send,
    )
    ticker = Ticker(session_factory, delivery, clock, settings.default_timezone)
    dispatcher = build_dispatcher(
        settings, session_factory, i18n, content, scheduler, ticker, clock
    )
    # What is loaded now (content, texts, routers, the ORM's mappers) lives as long as the
    # process: frozen, Python's full garbage collections stop walking it again, and those
    # pauses (every task waits) were the tail of a burst's latency.
    gc.collect()
    gc.freeze()
    return App(settings, engine, session_factory, bot, dispatcher, scheduler, i18n, content, ticker)


class MigrationFailed(RuntimeError):
    """`python -m bot migrate` exited with an error; its log says why."""


async def _migrate_in_child() -> None:
    """Run the migrations in a child process (same settings, from the environment), so
    Alembic, Mako and the migration scripts never load into the long-running bot."""
    child = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "migrate")
    if await child.wait() != 0:
        raise MigrationFailed(f"`python -m bot migrate` exited with {child.returncode}")


async def run_polling(
    settings: Settings,
    *,
    handle_as_tasks: bool = True,
    clock: Clock = system_clock,
    migrate_in_child: bool = False,
) -> None:
    """Long polling until cancelled. Tests and the demo pass ``handle_as_tasks=False`` so an
    acknowledged update offset means the update was fully handled."""
    app = await build_app(settings, clock=clock, migrate_in_child=migrate_in_child)
    release_freed_memory()
    try:
        await app.bot.delete_webhook(drop_pending_updates=False)
        polling = asyncio.create_task(
            app.dispatcher.start_polling(
                app.bot,
                allowed_updates=app.dispatcher.resolve_used_update_types(),
                handle_as_tasks=handle_as_tasks,
                handle_signals=False,
                close_bot_session=False,
            )
        )
        try:
            await asyncio.wait({polling})
        except asyncio.CancelledError:
            # Cancelling start_polling from outside leaves aiogram's inner polling loop
            # running; stop it through the dispatcher so no second poller survives us.
            await _stop_polling(app.dispatcher, polling)
            raise
        polling.result()
    finally:
        await app.close()


async def _stop_polling(dispatcher: Dispatcher, polling: asyncio.Task[None]) -> None:
    try:
        await dispatcher.stop_polling()
    except RuntimeError:  # not started yet
        polling.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await polling


def create_webhook_app(app: App, *, handle_in_background: bool = True) -> web.Application:
    """The aiohttp application that receives Telegram's webhook calls.

    Telegram sends our secret in a header; a request without it is refused with 401, a body
    that is not an Update with 400 (bot/webhook.py).
    Tests pass ``handle_in_background=False`` so the response means "handled".
    """
    settings = app.settings
    if settings.webhook_secret is None:  # Settings refuses this; keep mypy and readers sure
        raise ValueError("WEBHOOK_SECRET is required for webhook mode")
    web_app = web.Application()
    GuardedRequestHandler(
        dispatcher=app.dispatcher,
        bot=app.bot,
        secret_token=settings.webhook_secret.get_secret_value(),
        handle_in_background=handle_in_background,
    ).register(web_app, path=WEBHOOK_PATH)
    setup_application(web_app, app.dispatcher, bot=app.bot)
    return web_app


async def run_webhook(settings: Settings, *, migrate_in_child: bool = False) -> None:
    if settings.webhook_url is None or settings.webhook_secret is None:
        raise ValueError("webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET")
    app = await build_app(settings, migrate_in_child=migrate_in_child)
    release_freed_memory()
    try:
        await app.bot.set_webhook(
            url=settings.webhook_url + WEBHOOK_PATH,
            secret_token=settings.webhook_secret.get_secret_value(),
            allowed_updates=app.dispatcher.resolve_used_update_types(),
        )
        runner = web.AppRunner(create_webhook_app(app))
        await runner.setup()
        site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
        await site.start()
        logger.info("Webhook listening on %s:%s", settings.webhook_host, settings.webhook_port)
        await asyncio.Event().wait()
    finally:
        await app.close()


async def main(settings: Settings, *, migrate_in_child: bool = False) -> None:
    if settings.webhook_url:
        await run_webhook(settings, migrate_in_child=migrate_in_child)
    else:
        await run_polling(settings, migrate_in_child=migrate_in_child)
