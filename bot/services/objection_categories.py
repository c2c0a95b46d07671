"""Which category an objection a rep typed belongs to: a proposal by meaning.

Each category of the library (content/objections) is described by its exemplars: the client
lines of its objections, its name, and a few descriptor phrases below. A typed objection is
reduced to the dictionary forms of its content words (pymorphy3) and to a navec mean vector;
it is compared with each category two ways:

- by meaning: cosine to the category's centroid (the mean of its exemplars' vectors) and to
  its nearest exemplar, so "конская цена" lands near "слишком дорого" without sharing a word;
- by words: descriptor lemmas the text contains ("тендер", "почта", "отсрочка"), which settle
  the cases where vectors of everyday words are too close to tell apart.

Only categories that exist in the content are proposed, so a category the content adds later
(with its descriptors here) is picked up as soon as its file lands. Nothing loads until the
first proposal; the index is then cached per content object.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.content.schema import Content
from bot.nlp.words import lemma_ru, morph, stem_en, tokens

if TYPE_CHECKING:
    from bot.nlp.vectors import Vector

OTHER = "other"
PROPOSALS = 3
# Below this best score nothing fits well: "other" leads the proposals.
OTHER_THRESHOLD = 0.35
CENTROID_WEIGHT = 1.0
NEAREST_WEIGHT = 0.5
DESCRIPTOR_BONUS = 0.25  # per descriptor lemma found in the text
DESCRIPTOR_CAP = 3

# Words that say what kind of objection it is, in dictionary form (multi-word entries are
# matched as lemma sequences). Our own words; the category's exemplars do the rest.
DESCRIPTORS: dict[str, tuple[str, ...]] = {
    "price": (
        "дорого",
        "дорогой",
        "цена",
        "стоимость",
        "сумма",
        "деньги",
        "тысяча",
        "миллион",
        "рубль",
        "грабёж",
        "дешёвый",
        "дешево",
        "дешевле",
        "переплачивать",
        "expensive",
        "price",
        "cost",
        "cheaper",
    ),
    "no_time": (
        "некогда",
        "время",
        "занятой",
        "занят",
        "загрузить",
        "потом",
        "перезвонить",
        "busy",
        "time",
        "later",
    ),
    "send_email": (
        "почта",
        "письмо",
        "емейл",
        "email",
        "прислать",
        "выслать",
        "скинуть",
        "презентация",
        "mail",
    ),
    "think_about_it": (
        "подумать",
        "обдумать",
        "взвесить",
        "размышлять",
        "поразмышлять",
        "решение",
        "пауза",
        "think",
        "consider",
    ),
    "ask_boss": (
        "руководство",
        "руководитель",
        "начальство",
        "директор",
        "генеральный",
        "собственник",
        "согласовать",
        "одобрение",
        "шеф",
        "boss",
        "approve",
    ),
    "have_supplier": (
        "поставщик",
        "подрядчик",
        "партнёр",
        "дистрибьютор",
        "устраивать",
        "работать",
        "supplier",
        "vendor",
    ),
    "no_need": (
        "нужно",
        "надо",
        "смысл",
        "зачем",
        "справляться",
        "хватать",
        "need",
        "useless",
    ),
    "budget_frozen": (
        "бюджет",
        "заморозить",
        "заморожить",
        "финансирование",
        "урезать",
        "экономия",
        "расход",
        "budget",
        "frozen",
        "freeze",
    ),
    "distrust": (
        "доверять",
        "доверие",
        "гарантия",
        "надёжность",
        "риск",
        "рискованно",
        "утечка",
        "неизвестный",
        "trust",
        "risk",
        "guarantee",
    ),
    "bad_experience": (
        "опыт",
        "обжечься",
        "подвести",
        "пробовать",
        "прошлый",
        "негативный",
        "раньше",
        "burn",
        "experience",
    ),
    "legal_terms": (
        "договор",
        "юрист",
        "юридический",
        "пункт",
        "неустойка",
        "ответственность",
        "протокол разногласий",
        "подсудность",
        "штраф",
        "контракт",
        "contract",
        "legal",
        "lawyer",
    ),
    "payment_terms": (
        "отсрочка",
        "предоплата",
        "аванс",
        "авансом",
        "рассрочка",
        "оплата",
        "платить",
        "платёж",
        "постоплата",
        "payment",
        "deferral",
        "prepayment",
    ),
    "tender": (
        "тендер",
        "торги",
        "аукцион",
        "конкурс",
        "конкурсный",
        "закупка",
        "44-фз",
        "223-фз",
        "площадка",
        "госзаказчик",
        "извещение",
        "tender",
        "auction",
        "procurement",
    ),
    "import_substitution": (
        "реестр",
        "отечественный",
        "российский",
        "импортозамещение",
        "вендор",
        "уйти",
        "иностранный",
        "западный",
        "зарубежный",
        "минцифры",
        "registry",
        "sanctions",
    ),
    "discount_today": (
        "скидка",
        "уступить",
        "сегодня",
        "сразу",
        "прямо",
        "сбросить",
        "торговаться",
        "discount",
        "today",
    ),
    "chose_competitor": (
        "выбрать",
        "конкурент",
        "другой",
        "определиться",
        "подписать",
        "договориться",
        "поздно",
        "chose",
        "competitor",
        "already",
    ),
}

# Parts of speech that carry the meaning of an objection (pymorphy3 tags).
_MEANINGFUL = {
    "NOUN",
    "ADJF",
    "ADJS",
    "COMP",
    "VERB",
    "INFN",
    "PRTF",
    "PRTS",
    "GRND",
    "ADVB",
    "PRED",
}


def content_lemmas(text: str) -> list[str]:
    """Dictionary forms of the words that carry meaning; English words as Snowball stems."""
    result = []
    for word in tokens(text):
        if word.isascii():
            result.append(stem_en(word) if word.isalpha() else word)
            continue
        if any(ch.isdigit() for ch in word):
            result.append(word)
            continue
        parse = morph().parse(word)[0]
        if parse.tag.POS in _MEANINGFUL or parse.tag.POS is None:
            result.append(lemma_ru(word))
    return result


def _descriptor_forms(phrase: str) -> tuple[str, ...]:
    return tuple(
        stem_en(word) if word.isascii() and word.isalpha() else lemma_ru(word)
        for word in tokens(phrase)
    )


@dataclass(frozen=True, slots=True)
class CategoryIndex:
    category: str
    centroid: Vector | None
    exemplars: tuple[Vector, ...]
    descriptors: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Proposal:
    category: str
    score: float


def _has_phrase(words: Sequence[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return size > 0 and any(
        tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1)
    )


def _exemplar_texts(content: Content, category: str) -> list[str]:
    texts = [content.objection_categories[category].name.ru]
    texts += [o.client.ru for o in content.objections.values() if o.category == category]
    return texts


def _build_index(content: Content) -> tuple[CategoryIndex, ...]:
    import numpy as np

    from bot.nlp.vectors import mean_vector

    index = []
    for category in content.objection_categories:
        vectors = [
            v
            for text in _exemplar_texts(content, category)
            if (v := mean_vector(content_lemmas(text))) is not None
        ]
        descriptors = tuple(_descriptor_forms(p) for p in DESCRIPTORS.get(category, ()))
        descriptor_vector = mean_vector(
            word for phrase in descriptors for word in phrase if not word.isascii()
        )
        if descriptor_vector is not None:
            vectors.append(descriptor_vector)
        centroid = None
        if vectors:
            mean = np.mean(np.stack(vectors), axis=0)
            centroid = (mean / float(np.linalg.norm(mean))).astype(np.float32)
        index.append(CategoryIndex(category, centroid, tuple(vectors), descriptors))
    return tuple(index)


# Content is loaded once per process and never changes; the cache keeps the object itself,
# so its id cannot be reused by another one while the entry lives.
_INDEXES: dict[int, tuple[Content, tuple[CategoryIndex, ...]]] = {}
_INDEXES_KEPT = 4


def category_index(content: Content) -> tuple[CategoryIndex, ...]:
    cached = _INDEXES.get(id(content))
    if cached is not None and cached[0] is content:
        return cached[1]
    index = _build_index(content)
    if len(_INDEXES) >= _INDEXES_KEPT:
        _INDEXES.pop(next(iter(_INDEXES)))
    _INDEXES[id(content)] = (content, index)
    return index


def score_categories(text: str, content: Content) -> list[Proposal]:
    """Every category with its score, best first."""
    from bot.nlp.vectors import cosine, mean_vector

    words = content_lemmas(text)
    query = mean_vector(w for w in words if not w.isascii())
    proposals = []
    for item in category_index(content):
        score = 0.0
        if query is not None and item.centroid is not None:
            score += CENTROID_WEIGHT * cosine(query, item.centroid)
            score += NEAREST_WEIGHT * max(cosine(query, v) for v in item.exemplars)
        hits = sum(1 for phrase in item.descriptors if _has_phrase(words, phrase))
        score += DESCRIPTOR_BONUS * min(hits, DESCRIPTOR_CAP)
        proposals.append(Proposal(item.category, score))
    proposals.sort(key=lambda p: -p.score)
    return proposals


def propose(text: str, content: Content, count: int = PROPOSALS) -> list[str]:
    """The ``count`` likeliest categories, best first; "other" first when nothing fits."""
    ranked = score_categories(text, content)
    best = [p.category for p in ranked[:count]]
    if not ranked or ranked[0].score < OTHER_THRESHOLD:
        return [OTHER, *best[: count - 1]]
    return best


def known_categories(content: Content) -> Iterable[str]:
    return content.objection_categories.keys()
