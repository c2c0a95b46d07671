"""The shared language tools: tokens, lemmas, and navec loaded from the installed wheel."""

import subprocess
import sys
from pathlib import Path

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


def test_vectors_load_without_natasha_or_navec_in_memory() -> None:
    """navec's own model held 105 MB and importing natasha to find the file 3.5 MB more: the
    bot reads the file in place (bot/nlp/navec_store.py) and imports neither."""
    script = (
        "import sys\n"
        "from bot.nlp.vectors import word_vector\n"
        "assert word_vector('цена') is not None\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('navec', 'natasha')))\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "[]"


# Caches without a bound: ones keyed by a closed set (the language). The models are loaded
# once (bot/nlp/loading.py), not cached.
UNBOUNDED = {"_action_lemmas"}


def test_every_per_word_cache_is_bounded() -> None:
    """A bot runs for months and meets new words every day: each cache of a word, lemma,
    vector or topic has a size bound, and together they stay within ~40 MB (the sizes per
    entry are in the comments beside them)."""
    import bot.services.drill_scoring

    caches = {
        f"{module.__name__}.{name}": value
        for module in (bot.nlp.words, bot.nlp.vectors, bot.services.drill_scoring)
        for name, value in vars(module).items()
        if hasattr(value, "cache_info") and value.__module__ == module.__name__
    }
    assert len(caches) >= 10
    unbounded = [name for name, cache in caches.items() if cache.cache_info().maxsize is None]
    assert sorted(n.rsplit(".", 1)[1] for n in unbounded) == sorted(UNBOUNDED)
    # Bytes per entry, measured (tracemalloc over 3,000 distinct dictionary words).
    per_word = {
        "bot.nlp.words.lemma_ru": 170,
        "bot.nlp.words.is_known_ru": 90,
        "bot.nlp.words.stem_en": 170,
        "bot.nlp.vectors.word_vector": 1_530,
        "bot.services.drill_scoring._ru_word": 600,
        "bot.services.drill_scoring._en_word": 300,
        "bot.services.drill_scoring._lemma_vector": 1_400,
    }
    worst = sum(caches[name].cache_info().maxsize * size for name, size in per_word.items())
    assert worst <= 40 * 2**20, f"{worst / 2**20:.0f} MB"


def test_the_english_stemmer_is_snowballs_without_its_other_languages() -> None:
    """snowballstemmer's package imports its 30 languages (2.9 MB) to offer one: the bot
    imports the English module alone, and it stems exactly as the package's stemmer does."""
    script = (
        "import sys\n"
        "from bot.nlp.words import english_stemmer\n"
        "words = ['calling', 'generously', 'meetings', 'cheaper', 'the', 'budgets', 'crm']\n"
        "mine = [english_stemmer().stemWord(w) for w in words]\n"
        "others = sorted(m for m in sys.modules if m.endswith('_stemmer'))\n"
        "import snowballstemmer\n"
        "theirs = [snowballstemmer.stemmer('english').stemWord(w) for w in words]\n"
        "print(mine == theirs, mine[0], others, len(snowballstemmer.algorithms()) > 20)\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "True call ['snowballstemmer.english_stemmer'] True"


def test_first_drills_at_once_load_each_model_once() -> None:
    """Four drills served at the same moment, each preparing the scorer in its own worker
    thread: pymorphy3 and navec are loaded once, and all four share them."""
    script = """
import threading

import pymorphy3

import bot.nlp.navec_store

loads = {"navec": 0, "pymorphy3": 0}

def counting(cls, name):
    real = cls.__init__
    def init(self, *args, **kwargs):
        loads[name] += 1
        real(self, *args, **kwargs)
    cls.__init__ = init

counting(bot.nlp.navec_store.NavecStore, "navec")
counting(pymorphy3.MorphAnalyzer, "pymorphy3")

from bot.nlp.vectors import navec
from bot.nlp.words import morph
from bot.services.drill_scoring import prepare

start = threading.Barrier(4)
seen = []

def first_drill():
    start.wait()
    prepare()
    seen.append((id(navec()), id(morph())))

threads = [threading.Thread(target=first_drill) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(loads["navec"], loads["pymorphy3"], len(seen), len(set(seen)))
"""
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["1", "1", "4", "1"]
