# Saving failed (the database was busy or full): nothing of the answer was kept.
error-not-saved = 😔 Не получилось сохранить — ничего не изменилось. Отправьте ещё раз через минуту.
error-not-saved-callback = Не сохранилось. Нажмите ещё раз через минуту.
