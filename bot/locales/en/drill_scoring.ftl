## Scoring a drill answer (#14): per-step feedback, refusals, the client's second turn.

drill-score-exchange = 📋 <b>The whole conversation: { $score } / 100</b>
drill-step-done = ✅ <b>{ $step }</b>: “{ $quote }”
drill-step-weak =
    🔸 <b>{ $step }</b>: “{ $quote }” — { $why }
    Stronger: “{ $example }”
drill-step-absent =
    ▫️ <b>{ $step }</b> — { $why }
    For example: “{ $example }”
drill-note-acknowledge-late = it came late: the client first needs to hear they were understood.
drill-note-acknowledge-cancelled = a “but” right after agreeing cancels it — the client only hears the objection.
drill-note-clarify-generic = that question fits any client, not this one: ask about their situation.
drill-note-value-generic = you could say that about any product — tie it to what actually worries this client.
drill-note-value-thin = on topic, but nothing concrete: give a number, a comparison or a similar client's result.
drill-note-next_step-vague = not concrete: say what exactly you will do and when — a day and a time.
drill-note-weak = the step is there, but weak.
drill-absent-acknowledge = missing: the answer jumps straight to business, and the client doesn't hear they were understood.
drill-absent-clarify = no question: you didn't find out what is behind the objection.
drill-absent-value = no argument about what worries this client.
drill-absent-next_step = missing: the conversation ends in nothing unless you name an action and a time.
drill-penalty-quoted =
    ⚠️ <b>{ $penalty }</b>: “{ $quote }”
    { $hint }
drill-penalty-hint-arguing = Arguing makes the client defend the objection — acknowledge and ask instead.
drill-penalty-hint-instant_discount = A discount straight away confirms the price is too high. Show the value first.
drill-penalty-hint-but_after_agreeing = Swap “but” for “and”, or follow with a question.
drill-follow-up =
    🗣 The client: “{ $client }”

    Answer again — this is the same conversation going on.
drill-refused =
    🙅 { $reason }

    I won't count this answer, and it doesn't change your review schedule. The client is waiting:
    🗣 “{ $client }”
drill-refused-empty = There are no words in the answer — only symbols.
drill-refused-too_short = Too short: that's not how you answer a client. Say a couple of sentences, as in a real conversation.
drill-refused-nonsense = That looks like random letters, not an answer to the client.
drill-refused-wrong_language = The answer isn't in English, and this drill is in English. Change the drill language in /settings.
drill-refused-copied = Those are the client's own words — answer them in yours.
drill-refused-rude = The client would hear an insult here and end the conversation — and remember your company for it. Don't judge the client; answer their doubt.
drill-refused-salad = That's a string of keywords, not an answer: the client won't follow what you mean. Answer in whole sentences.
drill-refused-off_topic = The answer isn't about the client's objection. Go back to what they said.
drill-grade-capped = Grade by score: { $grade }. “{ $asked }” needs an answer of { $needed } points or more.
