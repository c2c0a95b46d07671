"""SalesCoach: a Telegram bot that coaches a sales department."""
