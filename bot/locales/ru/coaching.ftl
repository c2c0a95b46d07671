## Role tips, role card, management styles.

tip-card =
    💡 <b>{ $role }</b> · { $facet }

    { $text }

    <i>Влияет на показатель: { $kpi }</i>
tip-button-like = 👍
tip-button-dislike = 👎
tip-button-liked = 👍 ✓
tip-button-disliked = 👎 ✓
tip-button-next = ➡️ Ещё совет
tip-button-save = ⭐ Сохранить
tip-button-saved = ★ Сохранено
tip-voted-like = Спасибо! Буду чаще давать похожие советы.
tip-voted-dislike = Понял — таких советов будет меньше.
tip-saved = Сохранено. Все сохранённые советы: /saved
tip-unsaved = Убрано из сохранённых.
tip-need-role = Сначала выберите роль — советы подбираются под неё: /settings
tip-cycle-done = 🎉 Вы прошли все советы для своей роли. Начинаю новый круг — с учётом ваших оценок.

saved-title = ⭐ <b>Сохранённые советы</b> · { $count }
saved-empty = Пока ничего не сохранено. Нажмите «⭐ Сохранить» под советом из /tip — и он появится здесь.
saved-item =
    <b>{ $number }.</b> <i>{ $facet }</i>
    { $text }
saved-page = { $page } / { $pages }
saved-remove = ✖ { $number }
saved-removed = Убрано из сохранённых.

role-card =
    👤 <b>{ $title }</b>
    { $summary }

    <b>За что вы отвечаете</b>
    { $zones }

    <b>Ключевые показатели</b>
    { $kpis }

    🤔 <b>Вопрос для самопроверки</b>
    { $question }
role-card-button-tip = 💡 Совет для роли
role-card-button-question = 🔄 Другой вопрос
role-card-need-role = Выберите роль в /settings — и я покажу её карточку.

style-scenario =
    🎯 <b>Ситуация { $number } из { $total }</b>

    { $situation }

    Какой стиль управления сработает здесь лучше всего?
style-verdict-best = ✅ <b>В точку: { $chosen }.</b>
style-verdict-acceptable = 👌 <b>{ $chosen } — допустимо, но лучше: { $best }.</b>
style-verdict-miss = ❌ <b>Здесь лучше: { $best }.</b>
style-miss-risk =
    <b>Почему не «{ $chosen }»</b> — этот стиль вредит в таких случаях:
    { $harms }
style-feedback =
    { $verdict }

    <b>Почему</b>
    { $why }

    💬 <b>С чего начать разговор</b>
    «{ $opening }»
style-accuracy-title = 📊 <b>Ваша точность по стилям</b>
style-accuracy-line = { $style }: { $correct } из { $total } ({ $percent }%)
style-button-next = ➡️ Следующая ситуация
style-button-guide = 📚 О стилях
style-already-answered = Вы уже ответили на эту ситуацию. Следующая — по кнопке ниже или /style.
style-guide-title = 📚 <b>Пять стилей управления</b>
style-guide-item = <b>{ $name }</b> — { $essence }
style-guide-hint = Нажмите на стиль, чтобы узнать, когда он помогает и когда вредит.
style-detail =
    <b>{ $name }</b>
    { $essence }

    ✅ <b>Когда подходит</b>
    { $fits }

    ⚠️ <b>Когда вредит</b>
    { $harms }

    💬 <i>{ $example }</i>
