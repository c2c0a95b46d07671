team-attention-reason-energy_falling = 🟠 Energy dipping
team-attention-line-energy_falling = “{ $name }, how are you doing? Looks like your energy has dipped. What’s draining you most right now? Let’s look at it together.”
team-member-not-enough-data = ⏳ not enough data yet
team-member-survey-date = 🧭 survey { $date }
team-member-survey-stale = 🧭 survey { $date }, out of date
me-survey-last = Last survey: the week of { $date }.
me-survey-stale = The last survey was the week of { $date } — over three weeks ago, so it no longer counts for wellbeing. A new one comes at the end of the week.
