## Daily check-in, weekly survey, plan, forecast, /me, /pause.

checkin-prompt =
    ☀️ <b>Check-in · { $date }</b>
    How is your energy today? 1 — running on empty, 5 — full of energy.
checkin-nudge =
    👋 A reminder about the check-in for { $date } — it takes 30 seconds.
    How is your energy today?
checkin-energy-chosen = ✅ Energy: { $energy }/5
checkin-closed = This check-in is closed — please answer the latest one.
checkin-ask-total =
    💰 What are your sales <b>since the start of the month</b>, in total?
    For example: 1.5m · 150,000 · 150k
checkin-ask-today =
    💰 How much did you sell <b>today</b>?
    For example: 150,000 · 150k · 0
checkin-button-same = Unchanged: { $amount }
checkin-button-zero = 0 — no sales today
checkin-button-switch-today = Enter today's amount
checkin-button-switch-total = Enter the month's total
checkin-button-skip = Skip
checkin-bad-amount =
    I couldn't read “{ $input }” as an amount.
    Type a number, e.g. 1.5m · 150,000 · 150k · 40 pcs
checkin-ask-activity =
    📞 Calls and meetings today — two numbers, e.g. <b>25 3</b>.
    You can skip this.
checkin-bad-activity =
    I couldn't read “{ $input }”. Type the number of calls and of meetings, e.g. <b>25 3</b>, or press “Skip”.
checkin-ask-note = 📝 A note for yourself: what helped or got in the way today? Optional.
checkin-note-too-long = The note is longer than { $limit } characters — please shorten it or press “Skip”.
checkin-text-please = Please answer with text or a button 👇
checkin-saved = ✅ <b>Check-in for { $date } saved</b>
checkin-line-energy = Energy: { $energy }/5
checkin-line-sales = Sales this month: { $amount }
checkin-line-activity = Calls: { $calls } · Meetings: { $meetings }
checkin-tip-title = 💡 <b>Tip for today</b>

forecast-no-plan = 📈 Set a plan for the month — /plan — and I'll forecast it.
forecast-title = 📈 <b>Plan for { $month }:</b> { $plan }
forecast-done = Done: { $done } ({ $pct }%)
forecast-projected = Month-end forecast: { $projected } ({ $pct }%)
forecast-needed =
    To make the plan: { $needed } a day, { $days ->
        [one] { $days } working day left
       *[other] { $days } working days left
    }
forecast-not-started = The month has just started. To make the plan: { $needed } per working day.
forecast-met = 🎉 Plan met!
forecast-month-over = The month's working days are over; the plan was short by { $needed }.
forecast-on-track = 🟢 On track or ahead.
forecast-behind = 🟠 Behind the pace the plan needs.

plan-screen =
    📈 <b>Plan for { $month }:</b> { $plan }
    Working days: { $days }
    The check-in asks for: { $mode }
plan-not-set = not set
plan-mode-total = sales since the start of the month
plan-mode-today = today's sales
plan-button-set = ✏️ Set the plan
plan-button-days = 📅 Working days
plan-button-mode-today = 🔁 Ask for today's sales
plan-button-mode-total = 🔁 Ask for the month's total
plan-ask =
    Type the plan for { $month }: an amount (“1.5m”, “150,000”, “150k”) or a number of units (“40 pcs”).
plan-bad =
    I couldn't read the plan “{ $input }”.
    Examples: 1.5m · 150,000 · 150k · 40 pcs
plan-zero = The plan must be above zero. Type e.g. “1.5m” or “40 pcs”.
plan-saved = ✅ Plan for { $month }: { $plan }
plan-units = { $amount } pcs
plan-days-title = Choose your working days — check-ins come on them and the forecast counts them.
plan-days-done = Done
plan-days-need-one = At least one working day is needed.
plan-need-start = Let's get acquainted first: /start

survey-prompt =
    🧭 <b>Weekly workload survey</b> — 7 short questions, about a minute.
    Only you see your answers; if you're in a team, your head sees just a colour flag.
survey-button-start = Start
survey-question =
    🧭 Question { $number } of { $total }
    <b>{ $question }</b>
survey-q1 = How emotionally exhausting is your work?
survey-q2 = How burnt out do you feel because of your work?
survey-q3 = How much does your work frustrate you?
survey-q4 = How often do you feel worn out at the end of the working day?
survey-q5 = How often are you exhausted in the morning at the thought of another day at work?
survey-q6 = How often do you feel that every working hour is tiring for you?
survey-q7 = How often do you have enough energy for family and friends during leisure time?
survey-degree-0 = To a very high degree
survey-degree-1 = To a high degree
survey-degree-2 = Somewhat
survey-degree-3 = To a low degree
survey-degree-4 = To a very low degree
survey-freq-0 = Always
survey-freq-1 = Often
survey-freq-2 = Sometimes
survey-freq-3 = Seldom
survey-freq-4 = Never or almost never
survey-result =
    🧭 <b>Your score: { $score } of 100 — { $band }.</b>
survey-trend = The week before: { $previous }.
survey-band-low = low burnout
survey-band-moderate = moderate
survey-band-high = high
survey-band-severe = severe
survey-advice-low = A good reserve of energy. Note what keeps it up — it will help in a busy month.
survey-advice-moderate = The load is noticeable. This week, plan one thing that restores you and one task you can hand over or postpone.
survey-source = <i>Questionnaire: Copenhagen Burnout Inventory (Kristensen et al., 2005), work-related burnout scale. Not a diagnosis.</i>
survey-already = This survey is already done. Thank you!

support-steps =
    💛 <b>It looks like things are hard right now.</b> This is not a diagnosis, just a reason to look after yourself:
    • Pick one important thing for tomorrow; move or hand over the rest.
    • Take a break away from your phone, at least 15 minutes.
    • Talk to someone you trust: a colleague, your manager, people close to you.
    • If the weight doesn't lift for weeks, see a psychologist or a doctor.

me-title = 🙋 <b>Your summary</b>
me-energy = ⚡ Energy, last 14 days: { $spark } (average { $average })
me-energy-none = ⚡ Energy: no check-ins yet.
me-burnout = 🧭 Burnout survey: { $score } — { $band }
me-burnout-trend = { $scores }
me-burnout-none = 🧭 Burnout survey: not taken yet.
me-flag-green = Wellbeing: 🟢 fine
me-flag-amber = Wellbeing: 🟡 worth watching
me-flag-red = Wellbeing: 🔴 time to look after yourself
me-paused = ⏸ Reminders are paused until { $date } inclusive. /resume switches them back on.

pause-ask = For how long should reminders pause? Or type: /pause 5 (days) or /pause 31.12 (until a date).
pause-button-days = { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
pause-set = ⏸ Paused until { $date } inclusive. Back earlier: /resume
pause-bad = I couldn't read “{ $input }”. Type a number of days (1–90) or a date, e.g. /pause 7 or /pause 31.12.
resume-done = ▶️ Reminders are back on. Next check-in: { $when }.
resume-not-paused = Reminders are already on. Next check-in: { $when }.
resume-no-schedule = Reminders are on, but no check-in time is set: /settings

dev-due-done = Done: { $kind ->
        [checkin] the check-in
        [survey] the survey
        [nudge] the reminder
       *[other] the message
    } arrives in a few seconds.
dev-due-usage = Usage: /due checkin | survey | nudge
