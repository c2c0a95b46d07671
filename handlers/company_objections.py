"""Company objections by chat: the head of a team (or a trainer in it) writes an objection
about their own product — the client's words, the category, the concern, a model answer —
checked like content; it becomes a drill for that team only. Its author edits or removes it.
A field objection from the week's report starts the same dialogue with one tap."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.content.schema import Content
from bot.db import field_objections as field_db
from bot.db.field_objection_models import CompanyObjection
from bot.db.models import User
from bot.domain.languages import Language
from bot.i18n import Translator
from bot.services import company_objections as company
from bot.services.company_objections import DraftField, TextProblem
from bot.services.field_objections import category_name
from bot.services.objection_categories import OTHER, propose
from handlers.callback_fields import ContentKey, RowId
from handlers.editing import edit_text
from handlers.pending import Asker, Asking

SHORT = 60


class CompanyDraftInput(StatesGroup):
    client = State()
    category = State()
    concern = State()
    answer = State()
    edit = State()


DRAFT_KEY = "company_draft"
EDIT_KEY = "company_edit"
EDIT_FIELD_KEY = "company_edit_field"


class CompanyListCb(CallbackData, prefix="ol"):
    team: RowId


class CompanyAddCb(CallbackData, prefix="oa"):
    pass


class CompanyCategoryCb(CallbackData, prefix="oc"):
    category: ContentKey


class CompanyFromFieldCb(CallbackData, prefix="of"):
    field: RowId


class CompanyEditCb(CallbackData, prefix="oe"):
    objection: RowId
    field: DraftField


class CompanyRemoveCb(CallbackData, prefix="or"):
    objection: RowId
    confirm: bool = False


def short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SHORT else flat[: SHORT - 1] + "…"


# ---- the list ----------------------------------------------------------------------------


async def list_view(
    session: AsyncSession, content: Content, user: User, t: Translator
) -> tuple[str, InlineKeyboardMarkup | None]:
    team = await company.authoring_team(session, user)
    if team is None:
        return t("company-not-allowed"), None
    rows = await field_db.team_company_objections(session, team.id)
    lines = [t("company-title", team=team.name, count=len(rows))]
    builder = InlineKeyboardBuilder()
    sizes: list[int] = []
    for number, row in enumerate(rows, start=1):
        lines.append(
            t(
                "company-line",
                number=number,
                category=category_name(t, content, row.category),
                client=short(row.client),
            )
        )
        if row.author_id == user.id:
            builder.button(
                text=t("company-button-edit", number=number),
                callback_data=CompanyEditCb(objection=row.id, field=DraftField.ANSWER),
            )
            builder.button(
                text=t("company-button-remove", number=number),
                callback_data=CompanyRemoveCb(objection=row.id),
            )
            sizes.append(2)
    if not rows:
        lines.append(t("company-empty"))
    builder.button(text=t("company-button-add"), callback_data=CompanyAddCb())
    sizes.append(1)
    builder.adjust(*sizes)
    text = "\n".join(lines)
    while len(text) > 4000 and len(lines) > 2:  # very many objections: the newest are cut
        lines.pop(-1)
        text = "\n".join([*lines, "…"])
    return text, builder.as_markup()


async def on_list_command(
    message: Message, session: AsyncSession, content: Content, user: User, t: Translator
) -> None:
    text, markup = await list_view(session, content, user, t)
    await message.answer(text, reply_markup=markup)


async def on_list_button(
    callback: CallbackQuery,
    callback_data: CompanyListCb,
    bot: Bot,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
) -> None:
    await callback.answer()
    text, markup = await list_view(session, content, user, t)
    await bot.send_message(user.id, text, reply_markup=markup)


# ---- adding ------------------------------------------------------------------------------


async def _draft(state: FSMContext) -> dict[str, str | int]:
    data = await state.get_data()
    draft = data.get(DRAFT_KEY)
    return dict(draft) if isinstance(draft, dict) else {}


async def _save_draft(state: FSMContext, draft: dict[str, str | int]) -> None:
    await state.update_data({DRAFT_KEY: draft})


async def on_add(
    callback: CallbackQuery,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    t: Translator,
) -> None:
    team = await company.authoring_team(session, user)
    if team is None:
        await callback.answer(t("company-not-allowed"), show_alert=True)
        return
    await callback.answer()
    await state.set_state(CompanyDraftInput.client)
    await state.set_data({DRAFT_KEY: {"team": team.id}})
    await bot.send_message(user.id, t("company-ask-client"))


def category_keyboard(t: Translator, content: Content, first: list[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    ordered = [c for c in first if c in content.objection_categories]
    ordered += [c for c in content.objection_categories if c not in ordered]
    for category in ordered:
        builder.button(
            text=category_name(t, content, category),
            callback_data=CompanyCategoryCb(category=category),
        )
    builder.adjust(*([1] * min(len(first), 3)), 2)
    return builder.as_markup()


def _problem_text(t: Translator, field: DraftField, problem: TextProblem) -> str:
    low, high = company.LIMITS[field]
    return t(f"company-{problem.value.replace('_', '-')}", low=low, high=high)


async def on_client(message: Message, state: FSMContext, content: Content, t: Translator) -> None:
    text = company.clean_text(message.text or "")
    problem = company.check_text(DraftField.CLIENT, text)
    if problem is not None:
        await message.answer(_problem_text(t, DraftField.CLIENT, problem))
        return
    draft = await _draft(state)
    draft["client"] = text
    await _save_draft(state, draft)
    await state.set_state(CompanyDraftInput.category)
    proposals = [c for c in propose(text, content) if c != OTHER]
    await message.answer(
        t("company-ask-category"), reply_markup=category_keyboard(t, content, proposals)
    )


async def on_category(
    callback: CallbackQuery,
    callback_data: CompanyCategoryCb,
    state: FSMContext,
    content: Content,
    t: Translator,
) -> None:
    if await state.get_state() != CompanyDraftInput.category.state:
        # The category is chosen already: the fallback asks what the draft waits for.
        raise SkipHandler
    if callback_data.category not in content.objection_categories:
        await callback.answer(t("stale-button"))
        return
    await callback.answer()
    draft = await _draft(state)
    draft["category"] = callback_data.category
    await _save_draft(state, draft)
    await state.set_state(CompanyDraftInput.concern)
    if isinstance(callback.message, Message):
        await edit_text(
            callback.message,
            t(
                "company-category-chosen",
                category=category_name(t, content, callback_data.category),
            ),
            None,
        )
        await callback.message.answer(t("company-ask-concern"))


async def on_concern(message: Message, state: FSMContext, t: Translator) -> None:
    text = company.clean_text(message.text or "")
    problem = company.check_text(DraftField.CONCERN, text)
    if problem is not None:
        await message.answer(_problem_text(t, DraftField.CONCERN, problem))
        return
    draft = await _draft(state)
    draft["concern"] = text
    await _save_draft(state, draft)
    await state.set_state(CompanyDraftInput.answer)
    await message.answer(t("company-ask-answer"))


def _language(text: str, fallback: Language) -> Language:
    cyrillic = sum(1 for ch in text if "а" <= ch.lower() <= "я" or ch in "ёЁ")
    latin = sum(1 for ch in text if "a" <= ch.lower() <= "z")
    if cyrillic == latin == 0:
        return fallback
    return Language.RU if cyrillic >= latin else Language.EN


def missing_text(t: Translator, content: Content, check: company.AnswerCheck) -> str:
    lines = [t("company-answer-weak", score=check.score)]
    for step in check.missing:
        lines.append(
            t(
                "company-answer-missing",
                step=t(f"drill-step-{step.value}"),
                hint=content.rubric.step(step).hint.get(t.language),
            )
        )
    for penalty in check.penalties:
        lines.append(
            t(
                "company-answer-penalty",
                penalty=t(f"drill-penalty-{penalty.value}"),
                hint=content.rubric.penalty_hint(penalty).get(t.language),
            )
        )
    lines.append(t("company-answer-again"))
    return "\n\n".join(lines)


async def on_answer(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
) -> None:
    text = company.clean_text(message.text or "")
    problem = company.check_text(DraftField.ANSWER, text)
    if problem is not None:
        await message.answer(_problem_text(t, DraftField.ANSWER, problem))
        return
    draft_data = await _draft(state)
    team = await company.authoring_team(session, user)
    if team is None or draft_data.get("team") != team.id:
        await state.clear()
        await message.answer(t("company-not-allowed"))
        return
    try:
        draft = company.Draft(
            team_id=team.id,
            category=str(draft_data["category"]),
            client=str(draft_data["client"]),
            concern=str(draft_data["concern"]),
            answer=text,
            language=_language(text, t.language),
        )
    except KeyError:
        await state.clear()
        await message.answer(t("company-expired"))
        return
    check = company.check_answer(draft, content)
    if not check.passed:
        draft_data["answer"] = text  # kept: the author edits rather than retypes
        await _save_draft(state, draft_data)
        await message.answer(missing_text(t, content, check))
        return
    row = await company.save_new(session, draft, user.id, clock())
    await state.clear()
    if row is None:
        await message.answer(t("company-full", limit=company.MAX_PER_TEAM))
        return
    await message.answer(
        t(
            "company-saved",
            category=category_name(t, content, row.category),
            client=row.client,
            score=check.score,
        )
    )


async def on_not_text(message: Message, t: Translator) -> None:
    await message.answer(t("company-text-please"))


async def on_from_field(
    callback: CallbackQuery,
    callback_data: CompanyFromFieldCb,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
) -> None:
    """One tap on a field objection of the head's team: the dialogue starts with the client's
    words (and category) filled in."""
    team = await company.authoring_team(session, user)
    row = await field_db.get_field_objection(session, callback_data.field)
    if team is None or row is None or row.team_id != team.id:
        await callback.answer(t("stale-button"))
        return
    await callback.answer()
    draft: dict[str, str | int] = {"team": team.id, "client": row.text[: company.CLIENT_MAX]}
    if row.category in content.objection_categories:
        draft["category"] = row.category
        await state.set_state(CompanyDraftInput.concern)
        await state.set_data({DRAFT_KEY: draft})
        await bot.send_message(
            user.id,
            t(
                "company-from-field",
                client=row.text,
                category=category_name(t, content, row.category),
            ),
        )
        await bot.send_message(user.id, t("company-ask-concern"))
        return
    await state.set_state(CompanyDraftInput.category)
    await state.set_data({DRAFT_KEY: draft})
    await bot.send_message(
        user.id,
        t("company-ask-category"),
        reply_markup=category_keyboard(t, content, propose(row.text, content)),
    )


# ---- editing and removing ----------------------------------------------------------------


async def _refuse_edit(
    callback: CallbackQuery, session: AsyncSession, t: Translator, objection_id: int
) -> None:
    """Someone else's objection, or one already removed (a second tap on «Да, удалить», an
    older screen): say which."""
    if await company.exists(session, objection_id):
        await callback.answer(t("company-not-author"), show_alert=True)
        return
    await callback.answer(t("company-gone"))


async def on_edit(
    callback: CallbackQuery,
    callback_data: CompanyEditCb,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    t: Translator,
) -> None:
    row = await company.editable(session, callback_data.objection, user.id)
    if row is None:
        await _refuse_edit(callback, session, t, callback_data.objection)
        return
    await callback.answer()
    await state.set_state(CompanyDraftInput.edit)
    await state.set_data({EDIT_KEY: row.id})
    await state.update_data({EDIT_FIELD_KEY: callback_data.field.value})
    await _send_edit_prompt(bot, t, user.id, row, callback_data.field)


async def _send_edit_prompt(
    bot: Bot, t: Translator, chat_id: int, row: CompanyObjection, field: DraftField
) -> None:
    """The part being edited, as it is now, and buttons to edit another part instead."""
    current = {"client": row.client, "concern": row.concern, "answer": row.answer}
    builder = InlineKeyboardBuilder()
    for other in DraftField:
        if other != field:
            builder.button(
                text=t(f"company-button-edit-{other.value}"),
                callback_data=CompanyEditCb(objection=row.id, field=other),
            )
    builder.adjust(2)
    await bot.send_message(
        chat_id,
        t(f"company-edit-{field.value}", current=current[field.value]),
        reply_markup=builder.as_markup(),
    )


async def on_edit_text(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    content: Content,
    user: User,
    t: Translator,
    clock: Clock,
) -> None:
    data = await state.get_data()
    objection_id = data.get(EDIT_KEY)
    row = (
        await company.editable(session, objection_id, user.id)
        if isinstance(objection_id, int)
        else None
    )
    try:
        field = DraftField(str(data.get(EDIT_FIELD_KEY)))
    except ValueError:
        row = None
    if row is None:
        await state.clear()
        await message.answer(t("company-expired"))
        return
    text = company.clean_text(message.text or "")
    problem = company.check_text(field, text)
    if problem is not None:
        await message.answer(_problem_text(t, field, problem))
        return
    values = {"client": row.client, "concern": row.concern, "answer": row.answer, field.value: text}
    draft = company.Draft(
        team_id=row.team_id,
        category=row.category,
        client=values["client"],
        concern=values["concern"],
        answer=values["answer"],
        language=_language(values["answer"], t.language),
    )
    check = company.check_answer(draft, content)
    if not check.passed:
        await message.answer(missing_text(t, content, check))
        return
    row.client, row.concern, row.answer = draft.client, draft.concern, draft.answer
    row.language = draft.language.value
    row.updated_at = clock()
    await state.clear()
    await message.answer(t("company-edited", client=row.client, score=check.score))


async def on_remove(
    callback: CallbackQuery,
    callback_data: CompanyRemoveCb,
    session: AsyncSession,
    user: User,
    t: Translator,
) -> None:
    row = await company.editable(session, callback_data.objection, user.id)
    if row is None:
        await _refuse_edit(callback, session, t, callback_data.objection)
        return
    await callback.answer()
    if not isinstance(callback.message, Message):
        return
    if not callback_data.confirm:
        builder = InlineKeyboardBuilder()
        builder.button(
            text=t("company-button-remove-yes"),
            callback_data=CompanyRemoveCb(objection=row.id, confirm=True),
        )
        await callback.message.answer(
            t("company-remove-ask", client=short(row.client)), reply_markup=builder.as_markup()
        )
        return
    client = row.client
    await company.remove(session, row)
    await edit_text(callback.message, t("company-removed", client=short(client)), None)


# ---- the pending question, asked again (handlers/pending.py) -----------------------------


async def _ask_draft_step_again(asking: Asking, step: State) -> bool:
    """The draft's next question; what was typed before stays in the draft."""
    t, draft = asking.t, await _draft(asking.state)
    if not isinstance(draft.get("team"), int):
        return False
    markup: InlineKeyboardMarkup | None = None
    if step == CompanyDraftInput.client:
        text = t("company-ask-client")
    elif step == CompanyDraftInput.category:
        client = str(draft.get("client", ""))
        proposals = [c for c in propose(client, asking.content) if c != OTHER] if client else []
        text, markup = t("company-ask-category"), category_keyboard(t, asking.content, proposals)
    elif step == CompanyDraftInput.concern:
        text = t("company-ask-concern")
    else:
        text = t("company-ask-answer")
    await asking.bot.send_message(asking.user.id, text, reply_markup=markup)
    return True


async def _ask_edit_again(asking: Asking) -> bool:
    data = await asking.state.get_data()
    objection_id = data.get(EDIT_KEY)
    try:
        field = DraftField(str(data.get(EDIT_FIELD_KEY)))
    except ValueError:
        return False
    row = (
        await company.editable(asking.session, objection_id, asking.user.id)
        if isinstance(objection_id, int)
        else None
    )
    if row is None:
        return False
    await _send_edit_prompt(asking.bot, asking.t, asking.user.id, row, field)
    return True


def pending_questions() -> dict[State, Asker]:
    def draft_step(step: State) -> Asker:
        return lambda asking: _ask_draft_step_again(asking, step)

    steps = (
        CompanyDraftInput.client,
        CompanyDraftInput.category,
        CompanyDraftInput.concern,
        CompanyDraftInput.answer,
    )
    return {**{step: draft_step(step) for step in steps}, CompanyDraftInput.edit: _ask_edit_again}


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(on_list_command, Command("company_objections"))
    answer = F.text & ~F.text.startswith("/")
    router.message.register(on_client, CompanyDraftInput.client, answer)
    router.message.register(on_concern, CompanyDraftInput.concern, answer)
    router.message.register(on_answer, CompanyDraftInput.answer, answer)
    router.message.register(on_edit_text, CompanyDraftInput.edit, answer)
    for step in (
        CompanyDraftInput.client,
        CompanyDraftInput.concern,
        CompanyDraftInput.answer,
        CompanyDraftInput.edit,
    ):
        router.message.register(on_not_text, step, ~F.text)
    router.callback_query.register(on_list_button, CompanyListCb.filter())
    router.callback_query.register(on_add, CompanyAddCb.filter())
    router.callback_query.register(on_category, CompanyCategoryCb.filter())
    router.callback_query.register(on_from_field, CompanyFromFieldCb.filter())
    router.callback_query.register(on_edit, CompanyEditCb.filter())
    router.callback_query.register(on_remove, CompanyRemoveCb.filter())
    return router
