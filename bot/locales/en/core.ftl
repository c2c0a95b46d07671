## Onboarding, settings, help, privacy. English, the second language.

lang-name-ru = Русский
lang-name-en = English
lang-flag-ru = 🇷🇺
lang-flag-en = 🇬🇧

role-head_of_sales = Head of sales
role-sales_manager = Sales manager
role-account_manager = Account manager
role-sales_development_manager = Sales development manager
role-sales_analyst = Sales analyst
role-sales_trainer = Sales trainer
role-marketing_manager = Marketing manager
role-sales_admin = Sales administrator

tz-kaliningrad = Kaliningrad
tz-moscow = Moscow
tz-samara = Samara
tz-yekaterinburg = Yekaterinburg
tz-omsk = Omsk
tz-novosibirsk = Novosibirsk
tz-krasnoyarsk = Krasnoyarsk
tz-irkutsk = Irkutsk
tz-vladivostok = Vladivostok
tz-minsk = Minsk
tz-almaty = Almaty
tz-tashkent = Tashkent
tz-dubai = Dubai
tz-berlin = Berlin
tz-london = London
tz-new-york = New York

not-set = not set

onboarding-welcome =
    👋 Hi { $name }! I'm <b>SalesCoach</b>, a coach for your sales team.
    Short tips for your role, practice with client objections, and 30-second check-ins that keep your plan and your energy in view.

    Let's set things up in 4 steps.
onboarding-step-language = <b>Step 1 of 4.</b> Which language do you prefer?
onboarding-step-role = <b>Step 2 of 4.</b> What is your role in the sales team? Tips and drills depend on it.
onboarding-step-timezone =
    <b>Step 3 of 4.</b> Your time zone, so check-ins arrive at the right hour.
    Pick a city or type yours: “America/Chicago”, “Europe/Riga” or “UTC+5”.
onboarding-step-time =
    <b>Step 4 of 4.</b> When should the daily check-in come? It takes 30 seconds: energy and plan progress, working days only.
    Pick a time or type yours, e.g. 9:30.
onboarding-chosen = { $question }
    ✅ <i>{ $answer }</i>
onboarding-done =
    ✅ All set, { $name }! Your settings:

    { $summary }

    Next: /help shows what I can do for your role, /settings changes any of this.
onboarding-resume = Let's continue the setup where we stopped.
onboarding-pick-button = Please choose with a button below the message 👇
onboarding-text-please = Please answer with text or press a button 👇
onboarding-bad-timezone =
    I couldn't find the time zone “{ $input }”.
    Type a zone name (“Asia/Novosibirsk”), a city I know (“London”), or an offset from UTC (“UTC+7”, “+5:30”) — or press a button.
onboarding-bad-time =
    I couldn't read “{ $input }” as a time.
    Type hours and minutes, e.g. <b>9:30</b> or <b>18:00</b>, or press a button.
onboarding-too-long = That answer is too long. Keep it short, e.g. “London” or “9:30”.

welcome-back =
    Welcome back, { $name }! 👋
    /help shows what I can do, /settings shows your settings.

settings-summary =
    Language: { $language }
    Role: { $role }
    Time zone: { $timezone }
    Check-in: { $checkin }
    Tip with check-in: { $tip }
settings-button-tip-on = 💡 Tip with check-in: on
settings-button-tip-off = 💡 Tip with check-in: off
settings-tip-on = yes
settings-tip-off = no
settings-checkin-value = at { $time } on working days
settings-title = <b>⚙️ Settings</b>
settings-hint = What would you like to change?
settings-button-language = 🌐 Language
settings-button-role = 👤 Role
settings-button-timezone = 🕒 Time zone
settings-button-time = ⏰ Check-in time
settings-button-done = ✔️ Done
settings-saved = ✅ Saved.
settings-closed = Settings saved. /help shows what I can do.
settings-need-start = Let's get acquainted first: press /start.

help-title = <b>What I can do</b>
help-role-head_of_sales =
    You're the head of sales. I help you keep the plan, the people and the process in focus: tips for a head of sales, management situations to practise choosing a style, objection drills, and, once your team joins, a summary of plan attainment and burnout risk.
help-role-sales_manager =
    You're a sales manager. I help with your pipeline, meetings, objections and personal plan: short tips for today, practice answering clients, and check-ins with a forecast of your plan.
help-role-account_manager =
    You're an account manager. I help you keep and grow clients: tips on working your base and upselling, objection drills and check-ins.
help-role-sales_development_manager =
    You're a sales development manager. I help with new directions, partners and key deals: tips, negotiation practice and check-ins.
help-role-sales_analyst =
    You're a sales analyst. I help make data useful to the team: tips on reports, forecasts and the funnel, plus check-ins.
help-role-sales_trainer =
    You're a sales trainer. I help you grow people: tips on training and onboarding, management situations, and objection drills for your sessions.
help-role-marketing_manager =
    You're a marketing manager. I help tie marketing to sales: tips on leads, campaigns and working with the sales team, plus check-ins.
help-role-sales_admin =
    You're a sales administrator. I help keep documents, the CRM and team support in order: everyday tips and check-ins.
help-role-none = Choose your role in /settings and the tips get sharper.
privacy-text =
    <b>🔒 Your data</b>

    <b>What I store:</b> your Telegram ID, first and last name and username from your profile, language, role, time zone, check-in time, and the answers you give me (check-ins, surveys, drills).

    <b>Who sees it:</b> only you. If you join a head of sales' team (by their link, and only once you agree), they see about you: plan attainment and the month-end forecast, the trend since last week, check-in regularity over 14 days, drills this week and only the colour of a wellbeing flag (🟢 🟡 🔴); the team export adds your daily check-in figures (energy, sales, calls, meetings). They never see your survey answers, and see your check-in notes only if you choose to share them. Leave a team: /leave

    <b>Where it lives:</b> in a database on the server of the company that runs this bot.

    Erase everything: /delete_me
delete-confirm =
    <b>Erase all your data?</b>
    Your role, settings and all your answers will be gone. This cannot be undone.
delete-button-yes = 🗑 Yes, erase everything
delete-button-no = Cancel
delete-done = Your data has been erased. If you write to me again, we start from scratch: /start
delete-cancelled = Cancelled — nothing was erased.

error-generic = 😔 Something went wrong on our side. Please try again in a minute.
error-callback = Something went wrong. Please try again.
stale-button = This button is out of date. Open /help or /settings.
fallback-unknown = I didn't understand that. Here's what I can do: /help
fallback-need-start = Let's get acquainted — press /start, it takes a minute.
fallback-non-text = I understand text and buttons only. Here's what I can do: /help
deeplink-unknown = I didn't recognise that link, so let's start the usual way.

cmd-start = Start and set up the bot
cmd-help = What the bot can do
cmd-settings = Language, role, time zone, time
cmd-privacy = What data is stored
cmd-delete_me = Erase my data
cmd-tip = Today's tip
cmd-saved = Saved tips
cmd-role = My role card
cmd-style = Management style practice
cmd-drill = Objection drill
cmd-progress = Drill progress
cmd-checkin = Today's check-in
cmd-me = My summary: plan, energy, wellbeing
cmd-plan = Monthly plan and working days
cmd-pause = Pause reminders
cmd-resume = Resume reminders
cmd-team = Team and the head's summary
cmd-export = Team export (Excel, CSV)
cmd-leave = Leave my team
