"""How a head sees the people in their team: short names that can still be told apart.

A member appears by first name. When first names collide within the team (twelve people
called Констанция), each colliding name gains, in this order and only as far as needed:

1. the last name's initial — «Констанция П.»;
2. the @username, if the name is still not unique — «Констанция П. (@kpetrova)»;
3. a short id suffix as the last resort — «Констанция (id …4821)», longer if the last four
   digits are shared too.

A person without a first name appears as @username, else by the id suffix. The results are
raw text: the i18n layer HTML-escapes them in messages, the chart and the export take them as
they are. No aiogram imports here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Person:
    """What Telegram tells us about someone's name."""

    user_id: int
    first_name: str | None
    username: str | None = None
    last_name: str | None = None


# (id, first name, username) or (id, first name, username, last name): the rows the queries
# read, in this order, so older callers that never read the last name keep working.
NameRow = tuple[int, str | None, str | None] | tuple[int, str | None, str | None, str | None]


def as_person(row: Person | NameRow) -> Person:
    if isinstance(row, Person):
        return row
    last = row[3] if len(row) > 3 else None  # the optional fourth column
    return Person(row[0], row[1], row[2], last)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def id_suffix(user_id: int, digits: int = 4) -> str:
    return f"id …{str(abs(user_id))[-digits:]}"


def display_name(first_name: str | None, username: str | None, user_id: int) -> str:
    """A person on their own: the first name, else @username, else a short id."""
    first = _clean(first_name)
    if first:
        return first
    if username:
        return f"@{username}"
    return id_suffix(user_id)


def full_name(person: Person) -> str:
    """First and last name, for a one-off notice where there is no list to compare with."""
    name = " ".join(part for part in (_clean(person.first_name), _clean(person.last_name)) if part)
    return name or display_name(None, person.username, person.user_id)


def _initial(last_name: str | None) -> str | None:
    last = _clean(last_name)
    for ch in last:
        if ch.isalnum():
            return ch.upper() + "."
    return None


def shorten(text: str, limit: int | None) -> str:
    return text if limit is None or len(text) <= limit else text[: limit - 1].rstrip() + "…"


def distinct_names(
    people: Iterable[Person | NameRow], *, limit: int | None = None
) -> dict[int, str]:
    """user id → the name a head sees, unique within ``people`` (see the module docstring).
    ``limit`` shortens a long first name before anything is added, so what tells two
    people apart is never the part cut off."""
    persons = [as_person(row) for row in people]
    shown = {
        p.user_id: shorten(display_name(p.first_name, p.username, p.user_id), limit)
        for p in persons
    }

    def colliding() -> set[int]:
        counts = Counter(name.casefold() for name in shown.values())
        return {uid for uid, name in shown.items() if counts[name.casefold()] > 1}

    namesakes = colliding()
    # 1. The last name's initial, for everyone whose first name is shared.
    for person in persons:
        initial = _initial(person.last_name)
        if person.user_id in namesakes and initial and _clean(person.first_name):
            shown[person.user_id] = f"{shown[person.user_id]} {initial}"
    # Settled: a namesake whose initial now tells them apart. Everyone else who shares a first
    # name needs more, even if their bare name happens to be unique by now («Констанция»
    # beside «Констанция П.» does not say which Констанция the head is reading about).
    clashes = colliding()
    unsettled = [
        p
        for p in persons
        if p.user_id in namesakes and (p.user_id in clashes or not _initial(p.last_name))
    ]
    needs_id: list[int] = []
    for person in unsettled:  # 2. the @username
        name = shown[person.user_id]
        if person.username and not name.startswith("@"):
            shown[person.user_id] = f"{name} (@{person.username})"
        else:
            needs_id.append(person.user_id)
    # 3. The id's last digits: for those without a username, and for any name still shared.
    needs_id = sorted(set(needs_id) | colliding())
    before_ids = {uid: shown[uid] for uid in needs_id}
    digits = 4
    while needs_id and digits <= 20:
        for uid in needs_id:
            name = before_ids[uid]
            suffix = id_suffix(uid, digits)
            shown[uid] = suffix if name.startswith("id …") else f"{name} ({suffix})"
        clashed = colliding()
        needs_id = [uid for uid in needs_id if uid in clashed]
        digits += 2
    return shown
