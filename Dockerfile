# SalesCoach: slim image, non-root user, SQLite on a volume; `python -m bot` applies
# pending migrations and then starts the bot (polling, or webhook when WEBHOOK_URL is set).
# Pinned to a patch release (3.11.x, the series the lock is tested on; 3.11.14 is the
# October 2025 security release); bump deliberately, see README "Docker".
FROM python:3.11.14-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite+aiosqlite:////app/data/salescoach.sqlite3

WORKDIR /app

COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin salescoach \
    && mkdir -p /app/data \
    && chown salescoach:salescoach /app/data

COPY alembic.ini ./
COPY bot ./bot
COPY handlers ./handlers
COPY migrations ./migrations
COPY content ./content

USER 10001
VOLUME ["/app/data"]
EXPOSE 8080

CMD ["python", "-m", "bot"]
