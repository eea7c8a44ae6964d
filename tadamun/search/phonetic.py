"""A phonetic key shared by a name's Arabic spelling and its Latin transliterations.

Maghrebi transliteration follows habits rather than a standard: الأمل is Al Amal, El Amal,
Alamal or Al-Amal; التضامن is Attadamoun, Ettadhamen or At-Tadamun; تويزة is Touiza or
Tiwizi. What survives every habit is the skeleton of consonants, once the article and the
vowels are gone and each consonant is reduced to a class that all its spellings share:

    ت ط ث  t th      → t        ج  j dj g    → j        ق ك  q k c g   → k
    د ض ذ ظ  d dh    → d        خ  kh        → x        غ  gh          → g
    ش  ch sh         → c        س ص  s ç     → s        ح ه  h         → h
    ب  b p           → b        ف  f v ph    → f        ز  z           → z

Vowels (ا و ي ى ع ء; a e i o u y w ou) are dropped inside a word; a word that starts with
a vowel is marked `v` (Amal, أمل → vml), one that starts with و or w/ou with `w`, with ي
or y with `y`. A doubled Latin letter is one consonant, as Arabic writes it once under a
shadda (Attadamoun → tdmn, Mahabba → mhb); two consonants a vowel apart stay two (Imlil
and إيمليل → vmll, not Amal's vml). Latin g, which stands for ج in some spellings, for
ق or گ in others (Gafsa, Agadir) and for غ in Amazigh names (Tamgart), gives three keys;
an initial Ou is و (Ouafa) or a vowel (Oulfa); mb may be نب (Ambar).

The key is computed for every word of a name that is not an article; a Latin word that
fuses the article (Alamal, Annour, Ettadhamen, Elkhir) also gets the key of its remainder.
"""

from functools import lru_cache
from itertools import product

from rapidfuzz.distance import OSA, Levenshtein

from tadamun.search.text import arabic_stem, is_arabic, latin_singular, tokens

_ARABIC_CLASSES = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "x", "د": "d", "ذ": "d",
    "ر": "r", "ز": "z", "س": "s", "ش": "c", "ص": "s", "ض": "d", "ط": "t", "ظ": "d",
    "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
}  # fmt: skip
_ARABIC_VOWELS = set("اويىعء")

# Latin digraphs first, then single letters; "*" marks a letter that is a vowel inside a
# word; "g" is resolved in `_latin_skeletons`.
_LATIN_DIGRAPHS = {
    "kh": "x", "gh": "g", "ch": "c", "sh": "c", "dh": "d", "th": "t", "ph": "f",
    "dj": "j", "ou": "*",
}  # fmt: skip
_LATIN_CLASSES = {
    "b": "b", "p": "b", "d": "d", "f": "f", "v": "f", "h": "h", "j": "j", "k": "k",
    "q": "k", "l": "l", "m": "m", "n": "n", "r": "r", "s": "s", "t": "t", "z": "z",
    "x": "ks",
}  # fmt: skip

# Articles written apart: al, el, l; and assimilated to a sun letter (an-Nour, es-Salem,
# ech-Chourouk): then they are followed by a word starting with that consonant.
ARTICLES = {"al", "el", "l", "ال"}
_ASSIMILATED = {
    "an": "n", "en": "n", "ar": "r", "er": "r", "as": "s", "es": "s", "at": "t", "et": "t",
    "ad": "d", "ed": "d", "az": "z", "ez": "z", "ach": "ch", "ech": "ch", "ash": "sh",
    "esh": "sh", "adh": "dh", "edh": "dh", "ath": "th", "eth": "th",
}  # fmt: skip
_SUN_START = ("t", "d", "s", "z", "r", "n", "l", "ch", "sh", "dh", "th")


_VOWEL_UNITS = ("*", "Y", "W")


def _arabic_skeleton(word: str) -> str:
    word = arabic_stem_for_names(word)
    if not word:
        return ""
    start = ""
    if word[0] == "و":
        start = "w"
    elif word[0] == "ي":
        start = "y"
    elif word[0] in _ARABIC_VOWELS:
        start = "v"
    body = word[1:] if start else word
    if body.endswith("ه"):  # taa marbuta, folded to ه
        body = body[:-1]
    return start + "".join(_ARABIC_CLASSES[ch] for ch in body if ch in _ARABIC_CLASSES)


def arabic_stem_for_names(word: str) -> str:
    """An Arabic word without the article and the letters fused to it (not a full stem:
    a name's own ending is part of its sound)."""
    if len(word) > 3 and word.startswith("و") and word[1:3] == "ال":
        word = word[1:]
    for article in ("بال", "كال", "فال", "لل", "ال"):
        if word.startswith(article) and len(word) - len(article) >= 2:
            return word[len(article) :]
    return word


def _latin_skeletons(word: str) -> set[str]:
    keys = _latin_skeleton_of(word)
    if "mb" in word:  # ن before ب is heard, and often written, m (العنبر, El Ambar)
        keys |= _latin_skeleton_of(word.replace("mb", "nb"))
    if len(word) > 3 and word.endswith(("ah", "eh")):  # ة written -ah (Iradah)
        keys |= _latin_skeleton_of(word[:-1])
    singular = latin_singular(word)
    if singular != word:  # Femmes and Femme meet; Ikhlas keeps its s as well
        keys |= _latin_skeleton_of(singular)
    return keys


def _latin_skeleton_of(word: str) -> set[str]:
    units = _latin_units(word)
    # A letter written twice (nn, ss, tt) is one consonant under a shadda; it may also be
    # two letters (تط as tt): each reading of each double gives a key (all of them at once
    # past three doubles).
    doubles = [i for i in range(1, len(units)) if units[i] == units[i - 1]]
    if len(doubles) > 3:
        readings = [set(doubles), set()]
    else:
        readings = [
            {d for d, keep in zip(doubles, mask, strict=True) if keep}
            for mask in product((True, False), repeat=len(doubles))
        ]
    keys: set[str] = set()
    for merged_at in readings:
        keys |= _units_key([u for i, u in enumerate(units) if i not in merged_at])
    return keys


def _latin_units(word: str) -> list[tuple[str, str]]:
    """(class, letters) of each sound of a Latin word, digraphs read first."""
    units: list[tuple[str, str]] = []
    i = 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair == "qu":  # q and a vowel, whether the u is heard (Qubba) or not (Qasba)
            units += [("k", "q"), ("*", "u")]
            i += 2
            continue
        if pair in _LATIN_DIGRAPHS:
            units.append((_LATIN_DIGRAPHS[pair], pair))
            i += 2
            continue
        ch = word[i]
        if ch in "aeiouyw":
            units.append(({"y": "Y", "w": "W"}.get(ch, "*"), ch))
        elif ch == "c":
            units.append(("s" if word[i + 1 : i + 2] in ("e", "i", "y") else "k", ch))
        elif ch == "g":
            units.append(("G", ch))
        elif ch in _LATIN_CLASSES:
            units.append((_LATIN_CLASSES[ch], ch))
        i += 1
    return units


def _units_key(units: list[tuple[str, str]]) -> set[str]:
    classes = [unit for unit, _letters in units]
    if not classes:
        return set()
    first, first_letters = units[0]
    starts = [""]
    if first == "W":
        starts, classes = ["w"], classes[1:]
    elif first == "*" and first_letters == "ou":  # و (Ouafa) or a u (أُلفة, Oulfa)
        starts, classes = ["w", "v"], classes[1:]
    elif first == "Y":
        starts, classes = ["y"], classes[1:]
    elif first == "*":
        starts, classes = ["v"], classes[1:]
    consonants = [c for c in classes if c not in _VOWEL_UNITS]
    # g stands for ج, for ق or گ (Gafsa, Agadir), and in Amazigh names for غ (Tamgart).
    return {
        start + "".join(g if c == "G" else c for c in consonants)
        for start in starts
        for g in ("k", "j", "g")
    }


@lru_cache(maxsize=100_000)
def word_keys(word: str) -> frozenset[str]:
    """The phonetic keys of one folded word (empty for words too short to tell apart)."""
    if is_arabic(word):
        key = _arabic_skeleton(word)
        keys = {key} if key else set()
    elif word.isascii() and word.isalpha():
        keys = _latin_skeletons(word)
        # A fused article: Alamal, Elkhir (al/el + word) or Annour, Ettadhamen (a/e + a
        # doubled or sun consonant): the remainder is the name.
        rest = None
        if word[:2] in ("al", "el") and len(word) >= 4:
            rest = word[2:]
        elif word[0] in "ae" and len(word) >= 4:
            tail = word[1:]
            if tail[0] == tail[1] or tail.startswith(("ch", "sh", "dh", "th")):
                rest = tail[1:] if tail[0] == tail[1] else tail
        if rest:
            keys |= _latin_skeletons(rest)
    else:
        return frozenset()
    return frozenset(k for k in keys if len(k.lstrip("vwy")) >= 1)


def drop_articles(words: list[str]) -> list[str]:
    """Words of a name or query without their articles, separate or assimilated."""
    kept = []
    for position, word in enumerate(words):
        following = words[position + 1] if position + 1 < len(words) else ""
        if following and word in ARTICLES:
            continue
        sun = _ASSIMILATED.get(word)
        if following and sun and following.startswith(sun):
            continue
        kept.append(word)
    return kept


def name_keys(text: str) -> set[str]:
    """Phonetic keys of every word of a name (articles dropped)."""
    keys: set[str] = set()
    for word in drop_articles(tokens(text)):
        keys |= word_keys(word)
    return keys


__all__ = ["ARTICLES", "arabic_stem", "drop_articles", "name_keys", "word_keys"]


# A finer reading than the key, for ranking: vowels kept (long ones in Arabic), the
# consonant classes written as one letter each.
_ARABIC_READING = {**_ARABIC_CLASSES, "ع": "", "ء": "", "ا": "a", "ى": "a", "و": "u", "ي": "i"}
_LATIN_READING = [
    ("ou", "u"), ("kh", "x"), ("gh", "g"), ("ch", "c"), ("sh", "c"), ("dh", "d"), ("th", "t"),
    ("ph", "f"), ("dj", "j"), ("ee", "i"), ("q", "k"), ("e", "a"), ("o", "u"), ("y", "i"),
    ("w", "u"), ("p", "b"), ("v", "f"), ("x", "ks"),
]  # fmt: skip


@lru_cache(maxsize=100_000)
def reading(word: str) -> str:
    """How a word sounds, in a reduced Latin alphabet shared by both scripts."""
    if is_arabic(word):
        word = arabic_stem_for_names(word)
        ending = ""
        if word.endswith("ه"):  # taa marbuta, read -a
            word, ending = word[:-1], "a"
        return "".join(_ARABIC_READING.get(ch, "") for ch in word) + ending
    for spelling, sound in _LATIN_READING:
        word = word.replace(spelling, sound)
    word = "".join(ch for i, ch in enumerate(word) if i == 0 or ch != word[i - 1])
    return "".join(ch for ch in word if ch.isalpha())


def sound_similarity(a: str, b: str) -> float:
    """1.0 for words that read the same, less the more their readings differ."""
    ra, rb = reading(a), reading(b)
    if not ra or not rb:
        return 0.0
    return 1.0 - Levenshtein.distance(ra, rb) / max(len(ra), len(rb))


def key_variants(key: str) -> set[str]:
    """A key and, if it has two consonants or more, the keys one consonant shorter."""
    variants = {key}
    if len(key.lstrip("vwy")) >= 2:
        variants |= {key[:i] + key[i + 1 :] for i in range(len(key))}
    return variants


def key_distance(a: str, b: str) -> int:
    """Edits between two keys, a swap of neighbours counting one (optimal string alignment)."""
    return OSA.distance(a, b)
