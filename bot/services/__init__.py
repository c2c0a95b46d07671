"""Domain services: decisions over data, no aiogram."""
