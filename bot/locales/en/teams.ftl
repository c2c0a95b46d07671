## Teams: create, invite links, consent, join, leave, remove; the /team summary and /export. English.

team-need-start = Let's get acquainted first: press /start.
team-outsider =
    <b>👥 Teams</b>
    A team is led by a head of sales: their people join by an invite link, and the head gets a summary of the plan, check-ins and a wellbeing flag for each person.

    To join a team, open the invite link your head of sales sent you.
team-create-offer =
    <b>👥 Your team</b>
    You don't have a team yet. Create one: your people join by a link — each of them first sees exactly what you will see — and /team shows you plan attainment, forecast, check-in regularity, drills and a wellbeing flag for everyone.
team-button-create = ➕ Create a team
team-ask-name = What is your team called? Send a name, up to { $limit } characters.
team-name-invalid = A team name needs at least one letter or digit and at most { $limit } characters. Send another one.
team-name-text-please = Send the team name as text, up to { $limit } characters.
team-created = ✅ Team <b>{ $team }</b> is created.
team-already-exists = You already lead <b>{ $team }</b>: one team per head. Open it with /team.
team-create-not-head = Only a head of sales creates a team. If your role has changed, update it in /settings.

team-member-status =
    <b>👥 { $team }</b>
    You're in this team; its head is { $head }. They see your summary figures: plan attainment, forecast, trend, check-in regularity, drills this week and a wellbeing colour — never your survey answers.
team-member-notes-on = 📝 Your check-in notes: shared with { $head }.
team-member-notes-off = 📝 Your check-in notes: private.
team-button-share-on = 📝 Share my notes
team-button-share-off = 🔒 Keep my notes private
team-member-leave-hint = Leave the team any time: /leave
team-share-saved-on = Your notes are now shared with the head.
team-share-saved-off = Your notes are private again.

team-refused = 🔒 Only the head of this team sees its summary, members, invite link and export.
team-refused-short = 🔒 Only the team's head can do this.

team-invite-text =
    🔗 <b>Invite link for { $team }</b>
    { $link }
    { $validity }

    Send it to your people. Opening it shows them what you will see before they agree to join.
team-invite-until = Valid until { $until } (your time).
team-invite-forever = Valid until you revoke it.
team-invite-none = <b>{ $team }</b> has no working invite link. Make a new one:
team-invite-revoked = 🚫 The link is revoked: nobody can join with it any more. Make a new one when you need it.
team-button-invite = 🔗 Invite link
team-button-invite-week = 🔗 New link · 7 days
team-button-invite-month = 🔗 30 days
team-button-invite-never = 🔗 No expiry
team-button-invite-revoke = 🚫 Revoke the link
team-button-members = 👥 Members
team-button-export = 📥 Export
team-button-summary = 📊 Summary
team-button-prev = ◀
team-button-next = ▶

team-members-title = <b>👥 { $team }</b> — { $count ->
        [one] { $count } member
       *[other] { $count } members
    } · page { $page }/{ $pages }
team-members-empty = <b>👥 { $team }</b>: nobody has joined yet. Send people the invite link.
team-member-line = { $n }. { $name } — since { $date }
team-button-remove = ✖ { $name }
team-remove-confirm = Remove <b>{ $name }</b> from <b>{ $team }</b>? They will be told, and you will stop seeing their figures.
team-button-remove-yes = Yes, remove
team-button-remove-no = Cancel
team-removed = { $name } is no longer in <b>{ $team }</b>.
team-remove-cancelled = Nobody was removed.
team-member-gone = That person is no longer in the team.
team-removed-notice = { $head } has taken you out of team <b>{ $team }</b>. Your data stays yours, and nobody on the team sees it any more. Thank you for the work together!

join-preview =
    <b>{ $head }</b> invites you to the team <b>{ $team }</b>.

    <b>If you join, { $head } will see about you:</b>
    • plan attainment — % of this month's plan
    • the month-end forecast, %
    • the trend since last week
    • how regularly you answer check-ins (last 14 days)
    • how many drills you did this week
    • the texts of objections you log (/objection), without your name, and your drill level per objection category
    • a wellbeing flag — only its colour: 🟢 🟡 🔴
    The team export also holds your daily check-in figures: energy (1–5), sales, calls and meetings.

    All of it only from the moment you join: { $head } won't see anything from before.
    Team wellbeing is one number per finished week, when at least three people who were in the team all week answered; once worked out, it never changes.

    <b>Never:</b> your survey answers, or whether you answered this week. Your check-in notes stay private unless you choose “Join and share my notes”: then notes written from that moment on are shown, and earlier ones never.
    You can leave at any time with /leave.
join-other-team = You're in <b>{ $current }</b> now. One team at a time: joining <b>{ $team }</b> takes you out of { $current }.
join-button-yes = ✅ Join
join-button-share = ✅ Join and share my notes
join-button-move = ↪ Leave { $current } and join
join-button-no = ✖ No, thanks
join-done = ✅ You're in <b>{ $team }</b>. { $head } sees your summary figures from now on. Changed your mind? /leave
join-done-notes = ✅ You're in <b>{ $team }</b>, and you share your check-in notes. { $head } sees your summary figures from now on. Changed your mind? /leave
join-declined = OK, you didn't join. If you change your mind, open the link again.
join-unknown = ❌ This invite link doesn't work. Ask your head of sales for a fresh one.
join-revoked = ❌ This invite link has been revoked. Ask your head of sales for a new one.
join-expired = ⌛ This invite link has expired. Ask your head of sales for a new one.
join-own-team = That's your own team's link. You lead <b>{ $team }</b>, so you are not one of its members — send the link to your people.
join-already = You're already in <b>{ $team }</b>.
join-head-notice = 👋 { $name } joined <b>{ $team }</b>.

leave-none = You're not in a team.
leave-head = You lead <b>{ $team }</b>: a head isn't a member of their own team, so there is nothing to leave.
leave-confirm = Leave <b>{ $team }</b>? { $head } will stop seeing your figures.
leave-button-yes = Yes, leave
leave-button-no = Stay
leave-done = You've left <b>{ $team }</b>. Your data stays with you.
leave-cancelled = You stay in <b>{ $team }</b>.
leave-head-notice = { $name } left <b>{ $team }</b>.

team-summary-title = <b>📊 { $team }</b> · { $date }
team-summary-page = Page { $page } of { $pages }
team-summary-totals = <b>Team:</b> { $attainment } of the plan, forecast { $forecast } ({ $sales } of { $plan })
team-summary-no-plans = <b>Team:</b> nobody has set a plan yet.
team-summary-wellbeing = <b>Burnout</b> (CBI survey, team average): { $score } of 100 — lower is better
team-summary-wellbeing-few = <b>Burnout (CBI survey):</b> not enough answers — the average is shown once 3 people answer
team-summary-attention-title = <b>⚠️ Needs attention</b>
team-summary-attention-line =
    { $n }. <b>{ $name }</b> — { $reason }. Style: { $style }.
        { $line }
team-summary-attention-more = …and { $count } more, most urgent first:
team-summary-attention-names = • { $names }
team-summary-attention-none = ✅ Nobody needs special attention right now.
team-summary-members-title = <b>👥 Members</b> — plan · forecast · trend · check-ins · drills
team-summary-member-line = { $flag } <b>{ $name }</b> — { $attainment } · → { $forecast } · { $trend } · ✅ { $response } · 🥊 { $drills }
team-summary-continued = (continued)
team-summary-empty = Nobody has joined yet. Send people the invite link: 🔗 below.
team-summary-not-ready = The team summary is being prepared. Try /team again a little later.
team-summary-na = —
team-summary-no-plan = no plan
team-chart-caption = 📊 <b>{ $team }</b>: plan attainment and forecast per person, and the team's wellbeing trend.
team-chart-failed = The chart could not be drawn this time; the figures are below.
team-export-empty = Nobody has joined yet, so there is nothing to export.
team-export-caption = 📥 <b>{ $team }</b>: check-ins and plan progress ({ $format }).
team-export-not-ready = The export is being prepared. Try /export again a little later.

team-weekly =
    📅 <b>{ $team }</b>: a new week.
    Plan: { $attainment } done, forecast { $forecast }.
    { $attention }
team-weekly-attention = ⚠️ Needs attention: { $names }
team-weekly-attention-none = ✅ Nobody needs special attention.
team-weekly-empty = 📅 <b>{ $team }</b>: a new week. Nobody has joined yet — send people the invite link from /team.
team-button-open = 📊 Open the full summary
