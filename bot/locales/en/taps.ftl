## Double taps, /settings one item at a time, dialogues that stop or restart cleanly.

settings-ask-language = Which language do you prefer?
settings-ask-role = What is your role in the sales team? Tips and drills depend on it.
settings-ask-timezone =
    Your time zone, so check-ins arrive at the right hour.
    Pick a city or type yours: “America/Chicago”, “Europe/Riga” or “UTC+5”.
settings-ask-time =
    When should the daily check-in come? Working days only.
    Pick a time or type yours, e.g. 9:30.
settings-tip-explained = 💡 “Tip with check-in”: after the daily check-in I send one short tip for your role.
join-decline-too-late =
    You are already in the team “{ $team }”: “Join” was pressed first.
    Changed your mind? Send /leave to leave the team.

checkin-redo-ask = The check-in for { $date } is already saved. Fill it in again? New answers replace these, and “Skip” keeps the earlier answer:
checkin-redo-yes = ✏️ Fill in again
checkin-redo-no = Keep it
checkin-redo-kept = Fine, the check-in stays as it is.
checkin-already-saved = The check-in for this day is already saved. To fill it in again, send /checkin.
checkin-energy-already = Energy already noted: { $energy }/5.

dialogue-checkin = the check-in
dialogue-plan = the plan entry
dialogue-drill = the drill
dialogue-team-name = creating the team
dialogue-setup = the setup
dialogue-other = the dialogue
cancel-nothing = Nothing to cancel: I'm not asking you anything right now. /help shows what I can do.
cancel-done = Done, I stopped { $dialogue }. Whatever you already answered is saved.
cancel-setup = Done, I stopped the setup. Press /start to carry on.
start-dialogue-open = You haven't finished { $dialogue }: answer the last question above or send /cancel.
plan-corrected = ✅ Plan for { $month } corrected: { $plan }

drill-again-now = 🔁 Let's try again, right now. Answer the client differently, using the feedback above. The objection also stays in your review schedule.
tip-next-already = The next tip is already in the chat below. For another one, send /tip.

## /help: only the commands of the reader's role.
help-commands-title = <b>Commands</b>
help-line-checkin = /checkin — today's check-in (30 seconds)
help-line-me = /me — your summary: plan, forecast, energy, wellbeing
help-line-plan = /plan — monthly plan and working days
help-line-pause = /pause and /resume — pause reminders
help-line-tip = /tip — today's tip for your role
help-line-saved = /saved — your saved tips
help-line-drill = /drill — practise answering client objections
help-line-progress = /progress — drill streak, reviews due, mastery
help-line-role = /role — your role card: what you answer for and how it is measured
help-line-style = /style — management style practice
help-line-team-head = /team — your team: create, invite, a summary per person
help-line-team = /team — your team and what the head sees
help-line-export = /export — the team's export to Excel and CSV
help-line-leave = /leave — leave your team
help-line-settings = /settings — language, role, time zone, check-in time
help-line-privacy = /privacy — what I store and who sees it
help-line-delete_me = /delete_me — erase all your data
help-line-cancel = /cancel — stop the current dialogue
help-line-help = /help — this help
help-need-start = To begin, press /start: the setup takes a minute.

## Dates in the reader's own calendar.
checkin-prompt-late =
    ☀️ <b>Check-in · { $date }</b>
    How was your energy that day? 1 — running on empty, 5 — full of energy.
dev-due-no-nudge = Nothing to remind you of: today's check-in hasn't come yet or is already answered.

## “Skip” on a check-in filled in again keeps the earlier answer.
checkin-kept-sales = ↩️ Kept as it was: { $amount }
checkin-kept-activity = ↩️ Kept as it was: calls { $calls }, meetings { $meetings }
checkin-kept-note = ↩️ Kept your earlier note.
checkin-kept-mark = (as before)
checkin-line-note-kept = Note: the earlier one

## A second tap on a removal that already happened.
company-gone = This objection is gone — it was already removed.
