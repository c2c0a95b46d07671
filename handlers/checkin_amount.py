"""Reading the check-in's sales answer as the person meant it: "too big", other currencies,
and the echo of an unlikely amount (bot/services/amount_check.py) before it is saved.

The amount waiting for confirmation lives in the dialogue's FSM data, so a restart keeps it;
typing another amount instead of pressing a button simply replaces it."""

from __future__ import annotations

from decimal import Decimal

from aiogram import Bot
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import checkins as checkins_db
from bot.db.checkin_models import CheckIn
from bot.db.models import User
from bot.domain.amounts import RUB, AmountTooLarge, InvalidAmount, parse_amount_detail
from bot.i18n import Translator
from bot.services.amount_check import amount_concern
from handlers.checkin_views import amount, sales_keyboard

PENDING_KEY = "pending_sales"
MAX_TYPED = 64
_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£"}


class AmountConfirmCb(CallbackData, prefix="ac"):
    confirmed: bool  # True: save the echoed amount; False: type it again


def confirm_keyboard(t: Translator, shown: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("amount-button-yes", amount=shown), callback_data=AmountConfirmCb(confirmed=True)
    )
    builder.button(text=t("amount-button-retype"), callback_data=AmountConfirmCb(confirmed=False))
    builder.adjust(1)
    return builder.as_markup()


async def read_typed_sales(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    t: Translator,
    checkin: CheckIn,
) -> Decimal | None:
    """The month's sales total the answer means, ready to save; None when the answer was
    refused or is waiting for confirmation (the reply has been sent)."""
    typed = message.text or ""
    previous = await checkins_db.sales_before(session, user.id, checkin.local_date)
    again = sales_keyboard(t, user.sales_input, previous)
    try:
        if len(typed) > MAX_TYPED:
            raise InvalidAmount(typed)
        parsed = parse_amount_detail(typed)
    except AmountTooLarge:
        await message.answer(t("amount-too-big", input=typed[:MAX_TYPED]), reply_markup=again)
        return None
    except InvalidAmount:
        await message.answer(t("checkin-bad-amount", input=typed[:MAX_TYPED]), reply_markup=again)
        return None
    if parsed.currency not in (None, RUB):
        sign = _SIGNS.get(parsed.currency, parsed.currency)
        await message.answer(t("amount-wrong-currency", sign=sign), reply_markup=again)
        return None
    total = parsed.value
    if user.sales_input == "today":
        total += previous if previous is not None else Decimal(0)
    plan = await checkins_db.get_plan(session, user.id, checkin.local_date)
    concern = amount_concern(parsed, total, plan.target if plan else None, previous)
    if concern is None:
        await state.update_data({PENDING_KEY: None})
        return total
    await state.update_data({PENDING_KEY: str(total)})
    shown = amount(t, total)
    await message.answer(
        t(
            f"amount-confirm-{concern.value}",
            amount=shown,
            typed=typed[:MAX_TYPED],
            plan=amount(t, plan.target) if plan else "",
            previous=amount(t, previous or Decimal(0)),
        ),
        reply_markup=confirm_keyboard(t, shown),
    )
    return None


async def take_pending(state: FSMContext) -> Decimal | None:
    """The amount waiting for confirmation, removed from the dialogue; None if there is none."""
    data = await state.get_data()
    raw = data.get(PENDING_KEY)
    await state.update_data({PENDING_KEY: None})
    return Decimal(raw) if isinstance(raw, str) else None


async def ask_confirmation_again(bot: Bot, chat_id: int, state: FSMContext, t: Translator) -> bool:
    """The amount waiting for confirmation, offered again (its echo was lost); False if none
    is waiting. What was typed is kept until the user answers."""
    raw = (await state.get_data()).get(PENDING_KEY)
    if not isinstance(raw, str):
        return False
    shown = amount(t, Decimal(raw))
    await bot.send_message(
        chat_id, t("pending-amount-confirm", amount=shown), reply_markup=confirm_keyboard(t, shown)
    )
    return True
