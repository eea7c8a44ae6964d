"""Text normalisation shared by search, place resolution and imports.

Pure functions, no Django: the same normalisation must be applied to what is indexed and to
what a user types, whichever database runs underneath.

Latin script: accents removed, case folded, ligatures expanded (œ → oe).
Arabic script: diacritics (harakat, shadda, sukun, superscript alef) and tatweel removed;
alef forms (أ إ آ ٱ) → ا; hamza carriers ؤ → و, ئ → ي; taa marbuta ة → ه; alif maqsura ى → ي;
Persian/Urdu look-alikes (ک ی ے) → ك ي ي; Arabic-Indic digits → ASCII digits.
Everything that is not a letter or a digit separates words.
"""

import re
import unicodedata
from functools import lru_cache

_ARABIC_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",
        "ے": "ي",
        "ک": "ك",
        "گ": "ك",
        "ڨ": "ق",
        "ڤ": "ف",
        "پ": "ب",
        "چ": "ج",
        "ـ": "",  # tatweel
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended Arabic-Indic digits
    }
)

_LATIN_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})

# Combining marks: Arabic harakat, tanwin, shadda, sukun, hamza above/below, superscript alef
# and Quranic signs; the accents and cedillas that NFKD splits off Latin letters.
_MARKS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_NON_WORD = re.compile(r"[^\w]+|_+")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def fold(text: str) -> str:
    """Case-, accent- and Arabic-spelling-insensitive form of a text, words kept in place."""
    if not text:
        return ""
    if not text.isascii():
        # NFKD splits accented letters into a base and combining marks, and the hamza forms
        # (أ إ آ ؤ ئ) into a carrier and a hamza mark; dropping the marks removes both.
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
        text = text.translate(_ARABIC_MAP)
    text = text.casefold().translate(_LATIN_LIGATURES)
    return " ".join(_NON_WORD.sub(" ", text).split())


def tokens(text: str) -> list[str]:
    """The words of a text after `fold`, in order."""
    return fold(text).split()


def is_arabic(word: str) -> bool:
    return bool(_ARABIC_LETTER.search(word))


def arabic_share(characters: str) -> float:
    """The share of Arabic letters among the given characters (0 when there are none)."""
    if not characters:
        return 0.0
    return len(_ARABIC_LETTER.findall(characters)) / len(characters)


# --- Word forms -------------------------------------------------------------------------
# Arabic: the light stemmer of Larkey et al. ("light10"), on folded text (ة is ه, ى is ي):
# the conjunction و, then the article and the prepositions fused with it, then common
# suffixes (feminine, plurals, possessives), as long as a stem of three letters remains.
_AR_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
# Single letters that attach to the next word: and, so, with/in, like, for.
AR_CLITICS = ("و", "ف", "ب", "ك", "ل")


def arabic_stem(word: str) -> str:
    if len(word) > 3 and word.startswith("و"):
        word = word[1:]
    for article in _AR_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            word = word[len(article) :]
            break
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
    return word


def latin_singular(word: str) -> str:
    """French and English plurals to singular, conservatively (coopératives → cooperative)."""
    if len(word) >= 5 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) >= 5 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) >= 4 and word[-1] in "sx" and word[-2] not in "su":
        return word[:-1]
    return word


def latin_stem(word: str) -> str:
    """Singular, and without the final e of French feminines (maraîchère and maraîcher,
    féminine and féminin, artisanale and artisanal meet)."""
    word = latin_singular(word)
    if len(word) >= 6 and word.endswith("e"):
        word = word[:-1]
    return word


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The form of a folded word under which its inflections meet."""
    return arabic_stem(word) if is_arabic(word) else latin_stem(word)


@lru_cache(maxsize=100_000)
def word_forms(word: str) -> frozenset[str]:
    """A folded word, its stem and, for an Arabic word that may start with a clitic letter,
    the stem without it: a stemmer cannot tell a clitic from a root letter (لمحو, بنسيج),
    so both readings are kept, in documents and in queries alike."""
    forms = {word, stem(word)}
    if is_arabic(word) and len(word) >= 4 and word[0] in AR_CLITICS:
        forms.add(arabic_stem(word[1:]))
    return frozenset(forms)


# Words that carry no meaning of their own in a name or a query.
STOPWORDS = frozenset(
    {
        # French
        "de", "du", "des", "la", "le", "les", "l", "d", "a", "au", "aux", "et", "en", "pour",
        "un", "une", "par", "sur", "dans", "avec",
        # English
        "of", "the", "and", "for", "in", "an", "to", "with", "on", "at",
        # Arabic (folded)
        "في", "من", "علي", "الي", "عن", "مع", "و", "او",
    }
)  # fmt: skip
