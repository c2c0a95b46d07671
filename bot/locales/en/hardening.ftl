throttle-slow-down = That's a lot of messages at once. Give me a couple of seconds — I'll answer the next one.
join-team-full = <b>{ $team }</b> already has as many members as a team can have. Ask the head to free a place or start another team.
