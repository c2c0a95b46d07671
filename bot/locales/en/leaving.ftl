delete-confirm-head =
    You head the team <b>{ $team }</b>. { $count ->
        [0] Nobody has joined it yet — the team will be deleted.
        [one] The team will be dissolved, and its { $count } member will be told.
       *[other] The team will be dissolved, and its { $count } members will be told.
    }
delete-confirm-member = You're in the team <b>{ $team }</b>: your head will be told that you deleted your data and left the team.
delete-team-dissolved = The team <b>{ $team }</b> has been dissolved: its head deleted their data from the bot. Your check-ins and settings stay with you, and the head no longer sees them. You can join another team with a new invite link.
delete-member-notice = { $name } deleted their data from the bot and is no longer in the team <b>{ $team }</b>.
