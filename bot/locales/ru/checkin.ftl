## Daily check-in, weekly survey, plan, forecast, /me, /pause.

checkin-prompt =
    ☀️ <b>Чек-ин · { $date }</b>
    Как ваша энергия сегодня? 1 — на нуле, 5 — на максимуме.
checkin-nudge =
    👋 Напоминаю про чек-ин за { $date } — это 30 секунд.
    Как ваша энергия сегодня?
checkin-energy-chosen = ✅ Энергия: { $energy }/5
checkin-closed = Этот чек-ин уже закрыт — ответьте на последний.
checkin-ask-total =
    💰 Сколько продаж <b>с начала месяца</b>, всего?
    Например: 1,5 млн · 150 000 · 150к
checkin-ask-today =
    💰 Сколько продали <b>сегодня</b>?
    Например: 150 000 · 150к · 0
checkin-button-same = Без изменений: { $amount }
checkin-button-zero = 0 — сегодня без продаж
checkin-button-switch-today = Ввести за сегодня
checkin-button-switch-total = Ввести итог с начала месяца
checkin-button-skip = Пропустить
checkin-bad-amount =
    Не понял сумму «{ $input }».
    Напишите число, например: 1,5 млн · 150 000 · 150к · 40 шт
checkin-ask-activity =
    📞 Звонки и встречи сегодня — два числа через пробел, например <b>25 3</b>.
    Можно пропустить.
checkin-bad-activity =
    Не понял «{ $input }». Напишите число звонков и число встреч, например <b>25 3</b>, — или нажмите «Пропустить».
checkin-ask-note = 📝 Заметка на память: что сегодня помогло или помешало? Необязательно.
checkin-note-too-long = Заметка длиннее { $limit } символов — сократите её, пожалуйста, или нажмите «Пропустить».
checkin-text-please = Пожалуйста, ответьте текстом или кнопкой 👇
checkin-saved = ✅ <b>Чек-ин за { $date } сохранён</b>
checkin-line-energy = Энергия: { $energy }/5
checkin-line-sales = Продажи с начала месяца: { $amount }
checkin-line-activity = Звонки: { $calls } · Встречи: { $meetings }
checkin-tip-title = 💡 <b>Совет на сегодня</b>

forecast-no-plan = 📈 Поставьте план на месяц — /plan — и я буду считать прогноз.
forecast-title = 📈 <b>План на { $month }:</b> { $plan }
forecast-done = Сделано: { $done } ({ $pct }%)
forecast-projected = Прогноз на конец месяца: { $projected } ({ $pct }%)
forecast-needed =
    Чтобы выполнить план: { $needed } в день, осталось { $days ->
        [one] { $days } рабочий день
        [few] { $days } рабочих дня
       *[many] { $days } рабочих дней
    }
forecast-not-started = Месяц только начался. Чтобы выполнить план: { $needed } в рабочий день.
forecast-met = 🎉 План выполнен!
forecast-month-over = Рабочие дни месяца закончились; до плана не хватило { $needed }.
forecast-on-track = 🟢 Идёте с опережением или в графике.
forecast-behind = 🟠 Темп ниже плана.

plan-screen =
    📈 <b>План на { $month }:</b> { $plan }
    Рабочие дни: { $days }
    Чек-ин спрашивает: { $mode }
plan-not-set = не задан
plan-mode-total = продажи с начала месяца
plan-mode-today = продажи за день
plan-button-set = ✏️ Задать план
plan-button-days = 📅 Рабочие дни
plan-button-mode-today = 🔁 Спрашивать продажи за день
plan-button-mode-total = 🔁 Спрашивать итог с начала месяца
plan-ask =
    Напишите план на { $month }: сумму («1,5 млн», «150 000», «150к») или количество в штуках («40 шт»).
plan-bad =
    Не понял план «{ $input }».
    Примеры: 1,5 млн · 150 000 · 150к · 40 шт
plan-zero = План должен быть больше нуля. Напишите, например, «1,5 млн» или «40 шт».
plan-saved = ✅ План на { $month }: { $plan }
plan-units = { $amount } шт.
plan-days-title = Выберите рабочие дни — в них приходят чек-ины и по ним считается прогноз.
plan-days-done = Готово
plan-days-need-one = Нужен хотя бы один рабочий день.
plan-need-start = Сначала давайте познакомимся: /start

survey-prompt =
    🧭 <b>Еженедельный опрос о нагрузке</b> — 7 коротких вопросов, около минуты.
    Ответы видите только вы; если вы в команде, руководитель видит лишь цветной флаг.
survey-button-start = Начать
survey-question =
    🧭 Вопрос { $number } из { $total }
    <b>{ $question }</b>
survey-q1 = Насколько ваша работа эмоционально выматывает?
survey-q2 = Насколько вы выгораете из-за работы?
survey-q3 = Насколько работа вас раздражает и огорчает?
survey-q4 = Как часто к концу рабочего дня у вас не остаётся сил?
survey-q5 = Как часто утром при мысли о новом рабочем дне сил уже нет?
survey-q6 = Как часто каждый рабочий час даётся вам с трудом?
survey-q7 = Как часто в свободное время вам хватает сил на семью и друзей?
survey-degree-0 = В очень большой степени
survey-degree-1 = В большой степени
survey-degree-2 = Отчасти
survey-degree-3 = В малой степени
survey-degree-4 = В очень малой степени
survey-freq-0 = Всегда
survey-freq-1 = Часто
survey-freq-2 = Иногда
survey-freq-3 = Редко
survey-freq-4 = Никогда или почти никогда
survey-result =
    🧭 <b>Ваш результат: { $score } из 100 — { $band }.</b>
survey-trend = Неделей раньше: { $previous }.
survey-band-low = низкий уровень выгорания
survey-band-moderate = умеренный уровень
survey-band-high = высокий уровень
survey-band-severe = очень высокий уровень
survey-advice-low = Хороший запас сил. Отметьте, что помогает его держать, — это пригодится в горячий месяц.
survey-advice-moderate = Нагрузка ощутимая. Запланируйте на этой неделе одно дело, которое восстанавливает, и одну задачу, которую можно отдать или отложить.
survey-source = <i>Опросник: Copenhagen Burnout Inventory (Kristensen et al., 2005), шкала выгорания, связанного с работой. Русский перевод — наш. Это не диагноз.</i>
survey-already = Этот опрос уже заполнен. Спасибо!

support-steps =
    💛 <b>Похоже, сейчас тяжело.</b> Самое время позаботиться о себе:
    • Выберите на завтра одно важное дело, остальное — перенесите или передайте.
    • Сделайте перерыв без телефона хотя бы на 15 минут.
    • Поговорите с кем-то, кому доверяете: коллегой, руководителем, близкими.
    • Если тяжесть не отпускает неделями, обратитесь к психологу или врачу.

me-title = 🙋 <b>Ваша сводка</b>
me-energy = ⚡ Энергия за 14 дней: { $spark } (средняя { $average })
me-energy-none = ⚡ Энергия: пока нет чек-инов.
me-burnout = 🧭 Опрос о выгорании: { $score } — { $band }
me-burnout-trend = { $scores }
me-burnout-none = 🧭 Опрос о выгорании: ещё не проходили.
me-flag-green = Самочувствие: 🟢 в порядке
me-flag-amber = Самочувствие: 🟡 стоит присмотреться
me-flag-red = Самочувствие: 🔴 нужна забота о себе
me-paused = ⏸ Напоминания на паузе до { $date } включительно. /resume — включить.

pause-ask = На сколько поставить напоминания на паузу? Или напишите: /pause 5 (дней) или /pause 31.12 (до даты).
pause-button-days = { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }
pause-set = ⏸ Пауза до { $date } включительно. Вернуться раньше: /resume
pause-bad = Не понял «{ $input }». Напишите число дней (1–90) или дату, например /pause 7 или /pause 31.12.
resume-done = ▶️ Напоминания снова включены. Следующий чек-ин: { $when }.
resume-not-paused = Напоминания и так включены. Следующий чек-ин: { $when }.
resume-no-schedule = Напоминания включены, но время чек-ина не задано: /settings

dev-due-done = Готово: { $kind ->
        [checkin] чек-ин придёт
        [survey] опрос придёт
        [nudge] напоминание придёт
       *[other] сообщение придёт
    } через несколько секунд.
dev-due-usage = Использование: /due checkin | survey | nudge
