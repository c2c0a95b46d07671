"""The shared language tools: tokens, lemmas, and navec loaded from the installed wheel."""

from bot.nlp.vectors import cosine, mean_vector, navec_path, word_vector
from bot.nlp.words import lemma_ru, stem_en, tokens


def test_tokens_drop_punctuation_and_emoji() -> None:
    assert tokens("Ок. Наберу вас в четверг в 11, обсудим! 🤡") == [
        "ок",
        "наберу",
        "вас",
        "в",
        "четверг",
        "в",
        "11",
        "обсудим",
    ]


def test_lemmas_and_stems() -> None:
    assert lemma_ru("наберу") == "набрать"
    assert lemma_ru("ывапролд") == "ывапролд"
    assert stem_en("calling") == "call"


def test_vectors_come_from_the_wheel_and_carry_meaning() -> None:
    assert navec_path().is_file()
    price, expensive, dog = word_vector("цена"), word_vector("дорого"), word_vector("собака")
    assert price is not None
    assert expensive is not None
    assert dog is not None
    assert cosine(price, expensive) > cosine(price, dog)
    assert word_vector("ывапролд") is None
    assert mean_vector(["ывапролд"]) is None
    assert mean_vector(["цена", "дорого"]) is not None
