## Groups, channels and edited messages.

unexpected-private-only =
    👋 I work in private chat only — that way your plans, check-ins and answers stay yours.
    Message me: { $bot }
unexpected-edited =
    ✏️ I only read new messages, so editing this one changed nothing.
    If you meant to correct an answer, please send it again as a new message.
