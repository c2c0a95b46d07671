## 1:1 preparation from /team's attention list (bot/services/one_on_one.py).

one-on-one-button = 🗣 1:1 · { $name }
one-on-one-title = 🗣 <b>Preparing a 1:1: { $name }</b>
one-on-one-reason = Reason: { $reason }
one-on-one-style = Style: <b>{ $style }</b> — { $essence }
one-on-one-facts-title = <b>Facts</b>
one-on-one-plan = • Plan for the month: { $plan }, done { $sales } ({ $attainment })
one-on-one-no-plan = • No plan for this month
one-on-one-forecast = • Month-end forecast: { $forecast } ({ $projected })
one-on-one-forecast-none = • No forecast yet: too few working days have passed this month
one-on-one-not-enough-data = • ⏳ Too little data for conclusions about the plan: check-ins on at least 3 working days are needed
one-on-one-checkins = • Check-ins in 14 days: { $answered } of { $count }
one-on-one-checkins-none = • Check-ins in 14 days: none were due yet
one-on-one-activity = • Calls and meetings in 7 days: { $recent }, usually { $usual } a week
one-on-one-activity-none = • Calls and meetings in 7 days: no data yet
one-on-one-activity-recent = • Calls and meetings in 7 days: { $recent } (the usual level shows after 4 weeks in the team)
one-on-one-energy = • Energy: the last 3 ratings average { $recent }, the ones before { $earlier } ({ $count ->
        [one] { $count } rating
       *[other] { $count } ratings
    } in 14 days)
one-on-one-energy-few = • Energy: { $count ->
        [one] { $count } rating
       *[other] { $count } ratings
    } in 14 days — a trend needs at least 5
one-on-one-wellbeing = • Wellbeing: { $flag }, survey of the week of { $date }
one-on-one-wellbeing-stale = • Wellbeing: { $flag }, the last survey, week of { $date }, is out of date
one-on-one-wellbeing-no-survey = • Wellbeing: { $flag }, no recent survey
one-on-one-drills = • Drills this week: { $count }
one-on-one-weakest = • Weakest in drills: { $categories }
one-on-one-weakest-item = { $category } — { $score } of 100
one-on-one-weakest-none = • Too few drills since joining for conclusions: at least 3 answers in a category are needed
one-on-one-questions-title = <b>Three questions</b>
one-on-one-openers-title = <b>How to open</b>
one-on-one-quiet = ✅ Talk marked on { $date }. Until { $until } this person is off the “Needs attention” list unless the reason gets worse.
one-on-one-button-done = ✅ Done — we talked
one-on-one-button-summary = 📊 Summary
one-on-one-done = ✅ Talk marked. { $name } stays off the “Needs attention” list until { $until } — or comes back sooner if the reason gets worse.
one-on-one-already = The talk was already marked on { $date }. Until { $until } this person stays off the list unless things get worse.
one-on-one-stale = This person is no longer in the team — no 1:1 to prepare.
one-on-one-no-reason = This person is not on the “Needs attention” list right now. A fresh summary: /team
one-on-one-talked = 🤝 <b>Talked recently:</b> { $names }
one-on-one-question = { $n }. { $line }
one-on-one-opener = — “{ $line }”
