"""The tokens of the `codes` field of a search document, which are not words.

Kept apart from the words (an FTS5 column; on PostgreSQL by their shape) so that a code
never matches a word and a word never matches a code.

Codes of the record's own fields (its legal form, sectors, places, country, women-led and
youth-led flags) are what the directory's filters match; codes of concepts a record's text
mentions (a name with "Association" in it, a description with "tissage") have their own
prefix, so that a filter never takes a mention for a fact, while a search finds both.
"""

PHONETIC = "0"


def phonetic(key: str) -> str:
    return PHONETIC + key


def name_length(words: int) -> str:
    """A name of this many words (articles and stopwords aside)."""
    return f"nl{words}"


# The record's own fields.
def legal_form(pk: int) -> str:
    return f"lf{pk}"


def sector(pk: int) -> str:
    return f"sc{pk}"


def place(pk: int) -> str:
    return f"pl{pk}"


def country(code: str) -> str:
    return f"co{code.lower()}"


WOMEN_LED = "wl1"
YOUTH_LED = "yl1"


# Concepts its text mentions.
def mentioned_legal_form(pk: int) -> str:
    return f"tlf{pk}"


def mentioned_sector(pk: int) -> str:
    return f"tsc{pk}"


def activity(pk: int) -> str:
    return f"ac{pk}"


def marker(name: str) -> str:
    return f"mk{name}"


# What a marker concept also matches among the record's own fields.
MARKER_FLAGS = {"women": WOMEN_LED, "youth": YOUTH_LED}
