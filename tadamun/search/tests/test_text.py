import re

from hypothesis import given
from hypothesis import strategies as st

from tadamun.search.text import fold, tokens


def test_latin_text_loses_accents_and_case():
    assert fold("Coopérative FÉMININE d'Él Jadida") == "cooperative feminine d el jadida"
    assert fold("Œuvre sociale") == "oeuvre sociale"


def test_arabic_diacritics_and_tatweel_are_removed():
    assert fold("تَعَاوُنِيَّة") == fold("تعاونية")
    assert fold("تعـــاونية") == fold("تعاونية")


def test_arabic_alef_and_hamza_forms_are_unified():
    assert fold("أمل") == fold("إمل") == fold("آمل") == fold("امل") == fold("ٱمل")
    assert fold("مؤسسة") == fold("موسسة")
    assert fold("جزائر") == fold("جزاير") == fold("جزائر")


def test_arabic_taa_marbuta_and_alif_maqsura_are_unified():
    assert fold("تعاونية") == fold("تعاونيه")
    assert fold("الهدى") == fold("الهدي")


def test_arabic_indic_digits_become_ascii():
    assert fold("٢٠٢٤") == "2024"
    assert fold("۱۲") == "12"


def test_punctuation_separates_words():
    assert tokens("Al-Amal (Tanger), S.M.S.A.") == ["al", "amal", "tanger", "s", "m", "s", "a"]


@given(st.text())
def test_folding_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_folded_text_holds_only_words_separated_by_single_spaces(text):
    folded = fold(text)
    assert folded == folded.strip()
    assert "  " not in folded
    assert all(re.fullmatch(r"\w+", word) for word in folded.split())
