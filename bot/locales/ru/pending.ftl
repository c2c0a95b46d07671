## The pending question asked again: after a crash lost it, on /start, /help or an old button.

pending-open = Вы не закончили { $dialogue } — вот вопрос, на который я жду ответа. Если передумали, отправьте /cancel.
pending-unclear = Не понял это сообщение. Я жду ответа на вопрос ниже; закончить — /cancel.
pending-amount-confirm = Вы ввели { $amount } — сохранить?
dialogue-field-objection = запись возражения
dialogue-company-objection = описание возражения компании
