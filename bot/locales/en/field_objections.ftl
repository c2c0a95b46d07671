## Objections from the field (/objection, the check-in's last step), practice, skills, company objections.

cmd-objection = Log a client's objection
help-line-objection = /objection — log a client's objection; /my_objections — what your head sees of it
field-ask-checkin = 🗣 What was the hardest objection you heard today? Type it as you heard it, in one message. Or skip.
field-ask = 🗣 Type the objection the way the client said it, in one message.
field-button-skip = Skip
field-skipped = OK, skipped.
field-text-please = Please type the objection as text, or tap “Skip”.
field-logged =
    📝 Noted: “{ $text }”
    Which category is it?
field-logged-team =
    📝 Noted: “{ $text }”
    Your head of sales will see this text in the team report, without your name. Which category is it?
field-button-all = All categories
field-category-other = Other
field-saved = ✅ Noted: “{ $text }” — { $category }.

field-button-report = 🗣 Objections and skills
field-page-title = <b>🗣 Objections and skills · { $team }</b>
field-report-empty = No objections logged this week yet. Members log them at the end of a check-in or with /objection.
field-report-title =
    <b>Objections this week: { $count }</b>
field-report-line = • <b>{ $category }</b> — { $count } ({ $trend })
field-report-example = {"   "}“{ $text }”
field-report-example-numbered = {"   "}{ $number }. “{ $text }”
field-trend-new = none last week
field-trend-up = +{ $count } vs last week
field-trend-down = −{ $count } vs last week
field-trend-same = same as last week

field-weekly-line = 🗣 Last week's objections: { $categories }. More: /team → “Objections and skills”.
field-button-practise = 🎯 Practise this week: { $category }
field-button-practise-any = 🎯 Pick a category to practise
field-button-to-company = ➕ { $number }
practice-pick = Which category should the team practise this week?
practice-assigned =
    { $count ->
        [one] 🎯 “{ $category }” — practice for { $days } days. { $count } member will get a message at their check-in time, and these objections come first in their /drill.
       *[other] 🎯 “{ $category }” — practice for { $days } days. { $count } members will get a message at their check-in time, and these objections come first in their /drill.
    }
practice-renewed = 🎯 “{ $category }” is already being practised — extended by { $days } more days.
practice-title = <b>🎯 Practice this week</b>
practice-line = • <b>{ $category }</b> until { $until }: { $done } of { $total } have practised
practice-member =
    { $count ->
        [one] {"    "}{ $name } — { $count } answer
       *[other] {"    "}{ $name } — { $count } answers
    }
practice-message =
    🎯 <b>This week's practice</b>
    Your head of sales asked the team to practise these objections: { $categories }. For the next { $days } days they come first in /drill.
practice-button-start = 🥊 Start practising
practice-own = 🎯 The team is practising now: { $categories }.

skill-title =
    <b>📈 Skills by category</b>
    A level shows after { $need } answers in a category; recent answers weigh more.
skill-team-weakest = The team's weakest: { $categories }
skill-member = • { $name }: { $skills }
skill-empty = Nobody has answered a drill yet.
skill-level-few =
    { $count ->
        [one] { $count } answer, too few to rate
       *[other] { $count } answers, too few to rate
    }
skill-level-strong = strong ({ $score })
skill-level-developing = developing ({ $score })
skill-level-weak = weak ({ $score })
skill-own-line = • { $category } — { $level }

field-mine-title = <b>🗣 Your objections</b>
field-mine-line = • “{ $text }” — { $category }
field-mine-empty = You haven't logged an objection yet. Send /objection and type what the client said.
field-mine-head-sees = <b>What { $head } sees:</b> the team's objection report without names (exactly the one below), your level per category and how much you practised.

company-button-list = 🏢 Company objections
company-not-allowed = Objections about your company's product can be added by the head of a team or by a trainer who is in it.
company-title = <b>🏢 Company objections · { $team }</b> ({ $count })
company-line = { $number }. { $category }: “{ $client }”
company-empty = None yet. Add an objection clients raise about your own product: the team will practise it in /drill.
company-button-add = ➕ Add an objection
company-button-edit = ✏️ { $number }
company-button-remove = 🗑 { $number }
company-ask-client = 1/4. What does the client say? Type it in their words, as in a conversation.
company-ask-category = 2/4. Which category is it?
company-category-chosen = Category: { $category }
company-ask-concern = 3/4. What is the client really worried about? One sentence — the value argument must answer it.
company-ask-answer = 4/4. Write a model answer: acknowledge the objection, ask a clarifying question, give a value argument for the client and propose a concrete next step.
company-too-short = Too short: it needs { $low } to { $high } characters. Please say more.
company-too-long = Too long: it needs { $low } to { $high } characters. Please shorten it.
company-text-please = Please answer with text.
company-answer-weak = The model answer scores { $score } of 100 so far — in a drill it has to show every step.
company-answer-missing = ▫️ Missing step “{ $step }”. { $hint }
company-answer-penalty = ⚠️ { $penalty }. { $hint }
company-answer-again = Send the corrected answer in full.
company-expired = This draft is out of date. Start again: /company_objections
company-full = The team already has { $limit } objections — no more can be added. Remove ones you don't need.
company-saved =
    ✅ Added to the team's drills ({ $category }, model answer { $score } of 100):
    “{ $client }”
    Members will get it in /drill; other teams never see it.
company-from-field =
    Turning a field objection into a drill: “{ $client }” ({ $category }).
company-not-author = Only its author can change or remove this objection.
company-button-edit-client = Client's words
company-button-edit-concern = The concern
company-button-edit-answer = Model answer
company-edit-client =
    The client says now: “{ $current }”
    Send the new text.
company-edit-concern =
    Now: { $current }
    Send the new text.
company-edit-answer =
    The model answer now:
    { $current }

    Send the new answer in full.
company-edited = ✅ Saved: “{ $client }” (model answer { $score } of 100).
company-remove-ask = Remove “{ $client }” from the team's drills?
company-button-remove-yes = 🗑 Yes, remove
company-removed = Removed “{ $client }”.
