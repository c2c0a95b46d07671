## 1:1 preparation from /team's attention list (bot/services/one_on_one.py).

one-on-one-button = 🗣 1:1 · { $name }
one-on-one-title = 🗣 <b>Подготовка к встрече 1:1: { $name }</b>
one-on-one-reason = Причина: { $reason }
one-on-one-style = Стиль: <b>{ $style }</b> — { $essence }
one-on-one-facts-title = <b>Факты</b>
one-on-one-plan = • План на месяц: { $plan }, сделано { $sales } ({ $attainment })
one-on-one-no-plan = • Плана на этот месяц нет
one-on-one-forecast = • Прогноз на конец месяца: { $forecast } ({ $projected })
one-on-one-forecast-none = • Прогноза пока нет: с начала месяца прошло слишком мало рабочих дней
one-on-one-not-enough-data = • ⏳ Для выводов по плану данных мало: нужны чек-ины хотя бы в 3 рабочих дня
one-on-one-checkins = • Чек-ины за 14 дней: { $answered } из { $count }
one-on-one-checkins-none = • Чек-ины за 14 дней: запросов пока не было
one-on-one-activity = • Звонки и встречи за 7 дней: { $recent }, обычно { $usual } в неделю
one-on-one-activity-none = • Звонки и встречи за 7 дней: пока нет данных
one-on-one-activity-recent = • Звонки и встречи за 7 дней: { $recent } (обычный уровень виден после 4 недель в команде)
one-on-one-energy = • Энергия: последние 3 оценки в среднем { $recent }, до этого { $earlier } ({ $count ->
        [one] { $count } оценка
        [few] { $count } оценки
       *[other] { $count } оценок
    } за 14 дней)
one-on-one-energy-few = • Энергия: { $count ->
        [one] { $count } оценка
        [few] { $count } оценки
       *[other] { $count } оценок
    } за 14 дней — для тренда нужно хотя бы 5
one-on-one-wellbeing = • Самочувствие: { $flag }, опрос недели с { $date }
one-on-one-wellbeing-stale = • Самочувствие: { $flag }, последний опрос недели с { $date } устарел
one-on-one-wellbeing-no-survey = • Самочувствие: { $flag }, свежего опроса нет
one-on-one-drills = • Тренировок на этой неделе: { $count }
one-on-one-weakest = • Слабее всего в тренировках: { $categories }
one-on-one-weakest-item = { $category } — { $score } из 100
one-on-one-weakest-none = • Тренировок после вступления мало для выводов: нужно хотя бы 3 ответа в категории
one-on-one-questions-title = <b>Три вопроса</b>
one-on-one-openers-title = <b>С чего начать</b>
one-on-one-quiet = ✅ Разговор отмечен { $date }. До { $until } этого человека нет в списке «Требуют внимания», если причина не станет серьёзнее.
one-on-one-button-done = ✅ Поговорили
one-on-one-button-summary = 📊 Сводка
one-on-one-done = ✅ Разговор отмечен. { $name } не появится в списке «Требуют внимания» до { $until } — или вернётся раньше, если причина станет серьёзнее.
one-on-one-already = Разговор уже отмечен { $date }. До { $until } в списке этого человека не будет, если не станет хуже.
one-on-one-stale = Этого человека уже нет в команде — готовиться к встрече не нужно.
one-on-one-no-reason = Сейчас этого человека нет в списке «Требуют внимания». Свежая сводка: /team
one-on-one-talked = 🤝 <b>Недавно поговорили:</b> { $names }
one-on-one-question = { $n }. { $line }
one-on-one-opener = — «{ $line }»
