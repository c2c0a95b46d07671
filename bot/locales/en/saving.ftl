# Saving failed (the database was busy or full): nothing of the answer was kept.
error-not-saved = 😔 That wasn't saved — nothing changed. Please send it again in a minute.
error-not-saved-callback = Not saved. Please tap again in a minute.
