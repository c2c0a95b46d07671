amount-in-roubles = { $amount } ₽
amount-too-big = “{ $input }” is too big a number to take. Check for extra zeros and type it again.
amount-wrong-currency = Plans and sales are counted in roubles, and your answer is in { $sign }. Please type the amount in roubles, for example: 150,000 or 150k.
amount-plan-in-roubles = Plans are counted in roubles. Please type the amount without another currency, for example: 1.5m or 150,000 ₽.
amount-confirm-over_plan =
    Save { $amount } ₽ of sales since the start of the month? That's more than five times the plan ({ $plan } ₽).
    If it's a slip, press "Fix it" or just type the amount again.
amount-confirm-jump =
    Save { $amount } ₽ of sales since the start of the month? That is over ten times the { $previous } ₽ saved before.
    If it's a slip, press "Fix it" or just type the amount again.
amount-confirm-dot_thousands =
    I read “{ $typed }” as { $amount } ₽ — the dot separates thousands here. Is that right?
    If you meant something else, press "Fix it" or type the amount again.
amount-button-yes = ✅ Yes, { $amount } ₽
amount-button-retype = ✏️ Fix it
