## Objection drills (/drill) and drill progress (/progress). English, the second language.

drill-prompt =
    🥊 <b>Objection drill</b> · { $category } · { $kind }

    <i>{ $context }</i>

    🗣 The client: “{ $client }”

    Reply as you would in the conversation — in one text message.
drill-kind-new = new
drill-kind-review = review
drill-score = 📋 <b>Your answer: { $score } / 100</b>
drill-step-acknowledge = Acknowledging the objection
drill-step-clarify = Clarifying question
drill-step-value = Value for this client
drill-step-next_step = Concrete next step
drill-penalty-arguing = Arguing with the client
drill-penalty-instant_discount = A discount straight away
drill-penalty-but_after_agreeing = “But” right after agreeing
drill-all-good = 🎯 All four steps and no slips — excellent!
drill-model =
    📖 <b>Model answer · { $technique }</b>
    <i>{ $description }</i>

    { $answer }
drill-mistakes =
    <b>Typical mistakes</b>
    { $mistakes }
drill-grade-ask = How well did you handle it? Your grade decides when this objection comes back.
drill-grade-1 = 🔁 Again
drill-grade-2 = 😓 Hard
drill-grade-3 = 🙂 Good
drill-grade-4 = 😎 Easy
drill-graded = ✅ Graded: { $grade }. Next review { $relative }, <b>{ $when }</b>.
drill-in-minutes =
    { $count ->
        [one] in { $count } minute
       *[other] in { $count } minutes
    }
drill-in-hours =
    { $count ->
        [one] in { $count } hour
       *[other] in { $count } hours
    }
drill-in-days =
    { $count ->
        [one] in { $count } day
       *[other] in { $count } days
    }
drill-button-next = ➡️ Next objection
drill-button-progress = 📊 Progress
drill-already-graded = Already graded — the next review is scheduled.
drill-text-please = Please answer in text: I'm waiting for your reply to the client 👆 The drill is still open.
drill-too-long = That's { $count } characters — please keep it within { $limit }, as you would say it to a client. The drill is still open: try again.
drill-expired = This drill is no longer open. Here's a fresh one: /drill
drill-nothing-due = 🎉 Nothing to drill right now: no reviews are due and today's { $limit } new objections are done.
drill-nothing-next = Next review { $relative }, <b>{ $when }</b>.
drill-nothing-hint = You can change the number of new objections per day in /progress.

progress-title = 📊 <b>Your drill progress</b>
progress-streak =
    🔥 Streak: { $count ->
        [one] { $count } day
       *[other] { $count } days
    }
progress-due = 📬 Due now: { $count }
progress-cards = 🗂 Objections in your deck: { $count }
progress-mastery-title = <b>Mastery by category</b> (handled with confidence for 3+ weeks)
progress-mastery-line = { $category }: { $mastered } of { $total } ({ $percent }%)
progress-mastery-empty = Mastery shows up after your first drills: /drill
progress-limit = New objections per day: <b>{ $count }</b>. Change it with the buttons below.
progress-limit-set = New objections per day: { $count }.
progress-limit-button = { $count }
progress-limit-button-current = { $count } ✓
progress-button-drill = 🥊 Drill
