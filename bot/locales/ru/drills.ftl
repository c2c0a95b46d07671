## Тренировка возражений (/drill) и прогресс (/progress). Русский — основной язык.

drill-prompt =
    🥊 <b>Тренировка возражений</b> · { $category } · { $kind }

    <i>{ $context }</i>

    🗣 Клиент: «{ $client }»

    Ответьте так, как ответили бы в разговоре, — одним текстовым сообщением.
drill-kind-new = новое
drill-kind-review = повторение
drill-score = 📋 <b>Ваш ответ: { $score } / 100</b>
drill-step-acknowledge = Признание возражения
drill-step-clarify = Уточняющий вопрос
drill-step-value = Аргумент: выгода для клиента
drill-step-next_step = Конкретный следующий шаг
drill-penalty-arguing = Спор с клиентом
drill-penalty-instant_discount = Скидка с ходу
drill-penalty-but_after_agreeing = «Но» сразу после согласия
drill-all-good = 🎯 Все четыре шага и ни одной ошибки — отлично!
drill-model =
    📖 <b>Образец · { $technique }</b>
    <i>{ $description }</i>

    { $answer }
drill-mistakes =
    <b>Типичные ошибки</b>
    { $mistakes }
drill-grade-ask = Как вы справились? От вашей оценки зависит, когда это возражение вернётся.
drill-grade-1 = 🔁 Снова
drill-grade-2 = 😓 Трудно
drill-grade-3 = 🙂 Хорошо
drill-grade-4 = 😎 Легко
drill-graded = ✅ Оценка: { $grade }. Следующее повторение { $relative }, <b>{ $when }</b>.
drill-in-minutes =
    { $count ->
        [one] через { $count } минуту
        [few] через { $count } минуты
       *[many] через { $count } минут
    }
drill-in-hours =
    { $count ->
        [one] через { $count } час
        [few] через { $count } часа
       *[many] через { $count } часов
    }
drill-in-days =
    { $count ->
        [one] через { $count } день
        [few] через { $count } дня
       *[many] через { $count } дней
    }
drill-button-next = ➡️ Следующее возражение
drill-button-progress = 📊 Прогресс
drill-already-graded = Уже оценено — следующее повторение запланировано.
drill-text-please = Пожалуйста, ответьте текстом: я жду вашего ответа клиенту 👆 Тренировка продолжается.
drill-too-long = Получилось { $count } символов — уложитесь, пожалуйста, в { $limit }, как сказали бы клиенту. Тренировка продолжается: попробуйте ещё раз.
drill-expired = Эта тренировка уже закрыта. Вот новая: /drill
drill-nothing-due = 🎉 Пока тренировать нечего: повторений на сейчас нет, а { $limit } новых возражений на сегодня пройдены.
drill-nothing-next = Следующее повторение { $relative }, <b>{ $when }</b>.
drill-nothing-hint = Число новых возражений в день можно изменить в /progress.

progress-title = 📊 <b>Ваш прогресс в тренировках</b>
progress-streak =
    🔥 Серия: { $count ->
        [one] { $count } день
        [few] { $count } дня
       *[many] { $count } дней
    } подряд
progress-due = 📬 К повторению сейчас: { $count }
progress-cards = 🗂 Возражений в вашей колоде: { $count }
progress-mastery-title = <b>Освоено по категориям</b> (уверенно держится 3+ недели)
progress-mastery-line = { $category }: { $mastered } из { $total } ({ $percent }%)
progress-mastery-empty = Освоение появится после первых тренировок: /drill
progress-limit = Новых возражений в день: <b>{ $count }</b>. Изменить — кнопками ниже.
progress-limit-set = Новых возражений в день: { $count }.
progress-limit-button = { $count }
progress-limit-button-current = { $count } ✓
progress-button-drill = 🥊 Тренировка
