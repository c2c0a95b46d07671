## The pending question asked again: after a crash lost it, on /start, /help or an old button.

pending-open = You haven't finished { $dialogue } — here is the question I'm waiting for. Changed your mind? Send /cancel.
pending-unclear = I didn't understand that. I'm waiting for an answer to the question below; /cancel to stop.
pending-amount-confirm = You entered { $amount } — save it?
dialogue-field-objection = logging the objection
dialogue-company-objection = the company objection
