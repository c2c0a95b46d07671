## Возражения с полей (/objection, последний шаг чек-ина), практика, навыки, возражения компании.

cmd-objection = Записать возражение клиента
help-line-objection = /objection — записать возражение клиента; /my_objections — что из этого видит руководитель
field-ask-checkin = 🗣 Какое возражение сегодня было самым трудным? Напишите, как услышали, — одним сообщением. Или пропустите.
field-ask = 🗣 Напишите возражение, как его сказал клиент, — одним сообщением.
field-button-skip = Пропустить
field-skipped = Хорошо, пропускаем.
field-text-please = Пожалуйста, напишите возражение текстом — или нажмите «Пропустить».
field-logged =
    📝 Записал: «{ $text }»
    К какой категории это отнести?
field-logged-team =
    📝 Записал: «{ $text }»
    Руководитель увидит этот текст в сводке команды — без вашего имени. К какой категории его отнести?
field-button-all = Все категории
field-category-other = Другое
field-saved = ✅ Записал: «{ $text }» — { $category }.

field-button-report = 🗣 Возражения и навыки
field-page-title = <b>🗣 Возражения и навыки · { $team }</b>
field-report-empty = На этой неделе возражений пока не записали. Участники пишут их в конце чек-ина или командой /objection.
field-report-title =
    <b>Возражения этой недели: { $count }</b>
field-report-line = • <b>{ $category }</b> — { $count } ({ $trend })
field-report-example = {"   "}«{ $text }»
field-report-example-numbered = {"   "}{ $number }. «{ $text }»
field-trend-new = на прошлой неделе не было
field-trend-up = +{ $count } к прошлой неделе
field-trend-down = −{ $count } к прошлой неделе
field-trend-same = как на прошлой неделе

field-weekly-line = 🗣 Возражения прошлой недели: { $categories }. Подробнее: /team → «Возражения и навыки».
field-button-practise = 🎯 Тренировать на неделе: { $category }
field-button-practise-any = 🎯 Выбрать категорию для тренировки
field-button-to-company = ➕ { $number }
practice-pick = Какую категорию команда тренирует на этой неделе?
practice-assigned =
    { $count ->
        [one] 🎯 «{ $category }» — тренировка на { $days } дней. { $count } участник получит сообщение в своё время чек-ина, и эти возражения будут у него первыми в /drill.
        [few] 🎯 «{ $category }» — тренировка на { $days } дней. { $count } участника получат сообщение в своё время чек-ина, и эти возражения будут у них первыми в /drill.
       *[many] 🎯 «{ $category }» — тренировка на { $days } дней. { $count } участников получат сообщение в своё время чек-ина, и эти возражения будут у них первыми в /drill.
    }
practice-renewed = 🎯 «{ $category }» уже в тренировке — продлил ещё на { $days } дней.
practice-title = <b>🎯 Тренировка на этой неделе</b>
practice-line = • <b>{ $category }</b> до { $until }: потренировались { $done } из { $total }
practice-member =
    { $count ->
        [one] {"    "}{ $name } — { $count } ответ
        [few] {"    "}{ $name } — { $count } ответа
       *[many] {"    "}{ $name } — { $count } ответов
    }
practice-message =
    🎯 <b>Тренировка недели</b>
    Руководитель попросил команду потренировать возражения: { $categories }. Ближайшие { $days } дней они будут первыми в /drill.
practice-button-start = 🥊 Начать тренировку
practice-own = 🎯 Тренировка команды сейчас: { $categories }.

skill-title =
    <b>📈 Навыки по категориям</b>
    Уровень виден после { $need } ответов в категории; свежие ответы весят больше.
skill-team-weakest = Слабее всего у команды: { $categories }
skill-member = • { $name }: { $skills }
skill-empty = Пока никто не ответил ни на одну тренировку.
skill-level-few =
    { $count ->
        [one] { $count } ответ, мало для оценки
        [few] { $count } ответа, мало для оценки
       *[many] { $count } ответов, мало для оценки
    }
skill-level-strong = уверенно ({ $score })
skill-level-developing = растёт ({ $score })
skill-level-weak = слабо ({ $score })
skill-own-line = • { $category } — { $level }

field-mine-title = <b>🗣 Ваши возражения</b>
field-mine-line = • «{ $text }» — { $category }
field-mine-empty = Вы пока не записали ни одного возражения. Команда /objection — и напишите, что сказал клиент.
field-mine-head-sees = <b>Что видит { $head }:</b> сводку возражений команды без имён (ниже — ровно она), ваши уровни по категориям и сколько вы тренировались.

company-button-list = 🏢 Возражения компании
company-not-allowed = Добавлять возражения о продукте компании может руководитель команды или тренер, который в ней состоит.
company-title = <b>🏢 Возражения компании · { $team }</b> ({ $count })
company-line = { $number }. { $category }: «{ $client }»
company-empty = Пока ни одного. Добавьте возражение, которое клиенты говорят именно о вашем продукте: команда будет тренировать его в /drill.
company-button-add = ➕ Добавить возражение
company-button-edit = ✏️ { $number }
company-button-remove = 🗑 { $number }
company-ask-client = 1/4. Что говорит клиент? Напишите его словами, как в разговоре.
company-ask-category = 2/4. К какой категории это относится?
company-category-chosen = Категория: { $category }
company-ask-concern = 3/4. Что на самом деле беспокоит клиента? Одной фразой — на это должен ответить аргумент.
company-ask-answer = 4/4. Напишите образцовый ответ: признайте возражение, задайте уточняющий вопрос, приведите аргумент — выгоду для клиента — и предложите конкретный следующий шаг.
company-too-short = Слишком коротко: нужно от { $low } до { $high } символов. Напишите подробнее.
company-too-long = Слишком длинно: нужно от { $low } до { $high } символов. Сократите, пожалуйста.
company-text-please = Пожалуйста, ответьте текстом.
company-answer-weak = Образец пока набирает { $score } из 100 — в тренировке он должен показывать все шаги.
company-answer-missing = ▫️ Нет шага «{ $step }». { $hint }
company-answer-penalty = ⚠️ { $penalty }. { $hint }
company-answer-again = Пришлите исправленный ответ целиком.
company-expired = Этот черновик устарел. Начните заново: /company_objections
company-full = В команде уже { $limit } возражений — больше добавить нельзя. Удалите ненужные.
company-saved =
    ✅ Добавил в тренировки команды ({ $category }, образец — { $score } из 100):
    «{ $client }»
    Участники получат его в /drill; другие команды его не видят.
company-from-field =
    Делаем из возражения с полей тренировку: «{ $client }» ({ $category }).
company-not-author = Изменить или удалить возражение может только его автор.
company-button-edit-client = Слова клиента
company-button-edit-concern = Что беспокоит
company-button-edit-answer = Образец ответа
company-edit-client =
    Сейчас клиент говорит: «{ $current }»
    Пришлите новый текст.
company-edit-concern =
    Сейчас: { $current }
    Пришлите новый текст.
company-edit-answer =
    Сейчас образец такой:
    { $current }

    Пришлите новый ответ целиком.
company-edited = ✅ Сохранил: «{ $client }» (образец — { $score } из 100).
company-remove-ask = Удалить «{ $client }» из тренировок команды?
company-button-remove-yes = 🗑 Да, удалить
company-removed = Удалил «{ $client }».
