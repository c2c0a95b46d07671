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

checkin-redo-ask = Чек-ин за { $date } уже сохранён. Заполнить заново? Новые ответы заменят эти:
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
