## /team summary figures: who needs attention and why, the chart, the export.

# Short labels of the reasons a member needs attention.
team-attention-reason-red_flag = 🔴 Признаки выгорания
team-attention-reason-amber_flag = 🟠 Опрос: нагрузка выше нормы
team-attention-reason-behind_plan = 📉 Сильно отстаёт от плана
team-attention-reason-silent = 🤐 Пропускает чек-ины
team-attention-reason-low_activity_close_to_plan = 🎯 План близко, а активность упала
team-attention-reason-stalling_star = ⭐ Сильный менеджер притормозил

# An opening line the head could say, in the style the reason calls for.
team-attention-line-red_flag = «{ $name }, вижу, что последние дни даются тяжело. Давай сегодня найдём полчаса: разберём твои задачи и решим, что можно снять или передать».
team-attention-line-amber_flag = «{ $name }, по опросу видно, что нагрузка стала ощутимой. Давай найдём полчаса и посмотрим, что можно упростить или перенести».
team-attention-line-behind_plan = «{ $name }, в таком темпе план не закрыть. С завтрашнего дня утром присылаешь мне план звонков и встреч на день, вечером — итог. Так до конца месяца».
team-attention-line-silent = «{ $name }, твоих чек-инов давно не было. Всё в порядке? Если что-то мешает — скажи, разберёмся вместе».
team-attention-line-low_activity_close_to_plan = «{ $name }, до плана совсем чуть-чуть — закроешь месяц, и премия твоя. Давай посчитаем, сколько звонков в день нужно, чтобы добить, и держим этот темп».
team-attention-line-stalling_star = «{ $name }, у тебя был отличный темп, а на этой неделе что-то притормозило. Как думаешь, что изменилось? Что поможет вернуть прежний ход?»

# The export: column headers and values.
team-export-col-name = Сотрудник
team-export-col-user-id = ID в Telegram
team-export-col-date = Дата
team-export-col-energy = Энергия (1–5)
team-export-col-sales = Продажи с начала месяца
team-export-col-plan = План на месяц
team-export-col-attainment = Выполнение, %
team-export-col-calls = Звонки
team-export-col-meetings = Встречи
team-export-col-note = Заметка
team-export-col-month = Месяц
team-export-col-unit = Единица
team-export-col-forecast = Прогноз, %
team-export-col-flag = Самочувствие
team-export-unit-money = деньги
team-export-unit-units = штуки
team-export-flag-green = зелёный
team-export-flag-amber = жёлтый
team-export-flag-red = красный
team-export-col-trend = Динамика за неделю, п. п.
team-export-col-checkin-rate = Чек-ины за 14 дней, %
team-export-col-drills = Тренировки за неделю
team-export-col-attention = Нужно внимание
team-export-sheet-summary = Сводка
team-export-sheet-checkins = Чек-ины
team-export-sheet-plans = План по месяцам
team-export-totals = Итого по команде
team-export-note = Здесь только нынешние участники команды: тем, кто вышел, при вступлении обещано, что руководитель перестанет видеть их показатели. Ответы на опрос о выгорании не выгружаются.
# The CSV as the head's spreadsheet reads it: Russian Excel expects ";" between fields and "," in numbers.
team-export-csv-delimiter = ;
team-export-decimal-mark = ,
team-export-sheet-objections = Возражения
team-export-col-category = Категория возражений
team-export-col-this-week = На этой неделе
team-export-col-last-week = На прошлой неделе
team-export-col-change = Изменение
team-export-col-examples = Как это звучало (без имён)
