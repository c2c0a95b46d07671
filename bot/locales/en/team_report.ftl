## /team summary figures: who needs attention and why, the chart, the export.

# Short labels of the reasons a member needs attention.
team-attention-reason-red_flag = 🔴 Signs of burnout
team-attention-reason-amber_flag = 🟠 Survey: workload above normal
team-attention-reason-behind_plan = 📉 Far behind plan
team-attention-reason-silent = 🤐 Skipping check-ins
team-attention-reason-low_activity_close_to_plan = 🎯 Plan within reach, activity down
team-attention-reason-stalling_star = ⭐ A strong performer has stalled

# An opening line the head could say, in the style the reason calls for.
team-attention-line-red_flag = “{ $name }, I can see the last few days have been hard. Let’s find half an hour today, go through your tasks and decide what we can take off your plate.”
team-attention-line-amber_flag = “{ $name }, the survey shows the workload has become heavy. Let’s find half an hour and see what we can simplify or move.”
team-attention-line-behind_plan = “{ $name }, at this pace the plan won’t close. Starting tomorrow, send me your plan of calls and meetings every morning and the results every evening, until the month is out.”
team-attention-line-silent = “{ $name }, I haven’t seen your check-ins for a while. Is everything OK? If something’s getting in the way, tell me and we’ll sort it out together.”
team-attention-line-low_activity_close_to_plan = “{ $name }, you’re one push away from the plan — close the month and the bonus is yours. Let’s work out how many calls a day it takes to finish, and hold that pace.”
team-attention-line-stalling_star = “{ $name }, you were on a great pace, and this week things slowed down. What do you think changed? What would help you get back into your stride?”

# The export: column headers and values.
team-export-col-name = Member
team-export-col-user-id = Telegram ID
team-export-col-date = Date
team-export-col-energy = Energy (1–5)
team-export-col-sales = Sales month to date
team-export-col-plan = Month plan
team-export-col-attainment = Attainment, %
team-export-col-calls = Calls
team-export-col-meetings = Meetings
team-export-col-note = Note
team-export-col-month = Month
team-export-col-unit = Unit
team-export-col-forecast = Forecast, %
team-export-col-flag = Wellbeing
team-export-unit-money = money
team-export-unit-units = units
team-export-flag-green = green
team-export-flag-amber = amber
team-export-flag-red = red
team-export-col-trend = Week's change, pts
team-export-col-checkin-rate = Check-ins in 14 days, %
team-export-col-drills = Drills this week
team-export-col-attention = Needs attention
team-export-sheet-summary = Summary
team-export-sheet-checkins = Check-ins
team-export-sheet-plans = Plan by month
team-export-totals = Team total
team-export-note = Only current members are here: people who left were promised at joining that the head stops seeing their figures. Burnout survey answers are never exported.
# The CSV as the head's spreadsheet reads it: English Excel expects "," between fields and "." in numbers.
team-export-csv-delimiter = ,
team-export-decimal-mark = .
team-export-sheet-objections = Objections
team-export-col-category = Objection category
team-export-col-this-week = This week
team-export-col-last-week = Last week
team-export-col-change = Change
team-export-col-examples = How it sounded (no names)
