team-attention-reason-energy_falling = 🟠 Энергия на спаде
team-attention-line-energy_falling = «{ $name }, как ты? Кажется, сил стало меньше. Что сейчас забирает больше всего энергии? Давай посмотрим вместе».
team-member-not-enough-data = ⏳ мало данных для выводов
team-member-survey-date = 🧭 опрос { $date }
team-member-survey-stale = 🧭 опрос { $date }, устарел
me-survey-last = Последний опрос: неделя с { $date }.
me-survey-stale = Последний опрос был на неделе с { $date } — больше трёх недель назад, для самочувствия уже не учитываем. Новый придёт в конце недели.
