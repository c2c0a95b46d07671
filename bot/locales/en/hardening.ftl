throttle-slow-down = That's a lot of messages at once. Give me a couple of seconds — I'll answer the next one.
join-team-full = <b>{ $team }</b> already has as many members as a team can have. Ask the head to free a place or start another team.
stats-text =
    📈 <b>The bot now</b>
    Users: { $users }
    Active in the last 7 days: { $active }
    Teams: { $teams }
    Outbox backlog: { $backlog }
    Last tick: { $tick }
stats-never = not yet
heavy-chart-later = 📊 The chart was drawn several times this minute — I can draw a new one { $wait }. The team's figures are below.
heavy-export-later = 📥 The export was asked for several times this minute. Ask again { $wait }.
heavy-wait-seconds =
    { $count ->
        [one] in { $count } second
       *[other] in { $count } seconds
    }
team-invite-hidden =
    🔗 <b>The invite link for { $team }</b> is active.
    { $validity }

    I showed the link when it was made and keep only its fingerprint since, so a copy of the database lets nobody join the team. If the link is lost, make a new one: the old one stops working.
