## Double taps, /settings one item at a time, dialogues that stop or restart cleanly.

settings-ask-language = На каком языке вам удобнее?
settings-ask-role = Какая у вас роль в отделе продаж? От неё зависят советы и тренировки.
settings-ask-timezone =
    Ваш часовой пояс — чтобы чек-ины приходили вовремя.
    Выберите город или напишите свой: «Екатеринбург», «Europe/Riga» или «UTC+5».
settings-ask-time =
    Во сколько присылать ежедневный чек-ин? Только в рабочие дни.
    Выберите время или напишите своё, например 9:30.
settings-tip-explained = 💡 «Совет в чек-ине»: после ежедневного чек-ина пришлю один короткий совет для вашей роли.
join-decline-too-late =
    Вы уже в команде «{ $team }»: кнопку «Вступить» нажали раньше.
    Если передумали — /leave, и вы выйдете из команды.

checkin-redo-ask = Чек-ин за { $date } уже сохранён. Заполнить заново? Новые ответы заменят эти, а «Пропустить» оставит прежний ответ:
checkin-redo-yes = ✏️ Заполнить заново
checkin-redo-no = Оставить как есть
checkin-redo-kept = Хорошо, оставил чек-ин как есть.
checkin-already-saved = Чек-ин за этот день уже сохранён. Чтобы заполнить его заново, отправьте /checkin.
checkin-energy-already = Энергию уже записал: { $energy }/5.

dialogue-checkin = чек-ин
dialogue-plan = ввод плана
dialogue-drill = тренировку
dialogue-team-name = создание команды
dialogue-setup = настройку
dialogue-other = диалог
cancel-nothing = Отменять нечего: сейчас я ничего не спрашиваю. /help — что я умею.
cancel-done = Хорошо, остановил { $dialogue }. Что вы уже ответили, сохранено.
cancel-setup = Хорошо, остановил настройку. Чтобы продолжить, нажмите /start.
start-dialogue-open = Вы не закончили { $dialogue }: ответьте на последний вопрос выше или отправьте /cancel.
plan-corrected = ✅ Поправил план на { $month }: { $plan }

drill-again-now = 🔁 Давайте ещё раз — прямо сейчас. Ответьте клиенту иначе, с учётом разбора выше. По расписанию это возражение тоже вернётся.
tip-next-already = Следующий совет уже в чате ниже. Ещё один — /tip.

## /help: only the commands of the reader's role.
help-commands-title = <b>Команды</b>
help-line-checkin = /checkin — чек-ин за сегодня (30 секунд)
help-line-me = /me — ваша сводка: план, прогноз, энергия, самочувствие
help-line-plan = /plan — план на месяц и рабочие дни
help-line-pause = /pause и /resume — пауза в напоминаниях
help-line-tip = /tip — совет на сегодня для вашей роли
help-line-saved = /saved — сохранённые советы
help-line-drill = /drill — тренировка ответов на возражения клиентов
help-line-progress = /progress — серия, повторения, освоенные возражения
help-line-role = /role — карточка роли: за что вы отвечаете и по каким показателям
help-line-style = /style — тренажёр стилей управления
help-line-team-head = /team — команда: создать, пригласить, сводка по людям
help-line-team = /team — ваша команда и что видит руководитель
help-line-export = /export — выгрузка команды в Excel и CSV
help-line-leave = /leave — выйти из команды
help-line-settings = /settings — язык, роль, часовой пояс, время чек-ина
help-line-privacy = /privacy — какие данные я храню и кто их видит
help-line-delete_me = /delete_me — удалить все ваши данные
help-line-cancel = /cancel — прервать текущий диалог
help-line-help = /help — эта справка
help-need-start = Чтобы начать, нажмите /start: настройка займёт минуту.

## Dates in the reader's own calendar.
checkin-prompt-late =
    ☀️ <b>Чек-ин · { $date }</b>
    Какой была ваша энергия в тот день? 1 — на нуле, 5 — на максимуме.
dev-due-no-nudge = Напоминать не о чем: сегодняшний чек-ин ещё не приходил или уже заполнен.

## «Пропустить» on a check-in filled in again keeps the earlier answer.
checkin-kept-sales = ↩️ Оставил как было: { $amount }
checkin-kept-activity = ↩️ Оставил как было: звонки — { $calls }, встречи — { $meetings }
checkin-kept-note = ↩️ Заметку оставил прежней.
checkin-kept-mark = (как было)
checkin-line-note-kept = Заметка: прежняя

## A second tap on a removal that already happened.
company-gone = Этого возражения уже нет — его удалили.
