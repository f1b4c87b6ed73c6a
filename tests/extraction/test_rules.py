"""The rules and spaCy on real sentences: numbers, tolls, quotes and who said them."""

import pytest

from extraction.extract import extract
from extraction.rules import numbers, words_to_number


@pytest.mark.parametrize(
    ("text", "value"),
    [("vingt-neuf", 29), ("trois", 3), ("twenty", 20), ("twenty-one", 21), ("quatre-vingt-onze", 91),
     ("soixante-dix", 70), ("deux mille", 2000), ("quatre-vingts", 80), ("cent quatre-vingts", 180),
     ("one hundred and five", 105)],
)  # fmt: skip
def test_number_words_are_read_in_french_and_english(text, value):
    assert words_to_number(text) == value


@pytest.mark.parametrize("text", ["1 200 déplacés", "1.200 déplacés", "1,200 displaced", "1\u202f200 déplacés"])
def test_thousands_separators_give_one_number(text):
    assert [number.value for number in numbers(text)] == [1200]


def test_french_toll_with_qualifier_victims_and_source():
    (toll,) = extract("Au moins 29 soldats turcs ont été tués jeudi, selon les autorités turques.").tolls
    assert (toll.outcome, toll.count, toll.qualifier, toll.victims) == ("killed", 29, "at_least", "soldats turcs")
    assert toll.source == "les autorités turques"


def test_range_gives_count_and_maximum():
    (toll,) = extract("Entre 20 et 30 civils ont été blessés, a indiqué la préfecture.").tolls
    assert (toll.outcome, toll.count, toll.count_max, toll.victims) == ("injured", 20, 30, "civils")
    assert toll.source == "la préfecture"


def test_english_tolls_with_the_verb_first_and_words_for_numbers():
    found = extract("A suicide bomber killed nine soldiers and wounded 14 others at a checkpoint, the army said.")
    assert [(t.outcome, t.count, t.victims, t.source) for t in found.tolls] == [
        ("killed", 9, "soldiers", "the army"),
        ("injured", 14, "others", "the army"),
    ]


def test_numbers_that_count_no_victim_are_not_tolls():
    text = "Un séisme de magnitude 6,1 a frappé l'île en 2024 à 3 heures. Douze survivants ont été secourus."
    assert extract(text).tolls == []


def test_guillemets_quote_with_inverted_speech_verb_names_the_person():
    (quote,) = extract(
        "« Nous ne négocierons pas sous la menace », a martelé mardi le Premier ministre Michel Barnier."
    ).quotes
    assert quote.text == "Nous ne négocierons pas sous la menace"
    assert quote.speaker == "Michel Barnier"


def test_straight_quotes_in_english_and_the_pronoun_takes_the_last_speaker():
    text = 'Twenty people died in the fire, the city\'s mayor said. "It spread in minutes," he added.'
    (quote,) = extract(text).quotes
    assert (quote.text, quote.speaker) == ("It spread in minutes", "the city's mayor")


def test_selon_attributes_a_quote_and_a_word_in_quotation_marks_is_no_quote():
    found = extract(
        "Selon l'agence officielle, « la riposte sera terrible ». Le chef de l'Etat a salué « le courage » des soldats."
    )
    assert [(q.text, q.speaker) for q in found.quotes] == [("la riposte sera terrible", "l'agence officielle")]


def test_the_verb_before_a_qualified_number_late_in_a_long_sentence():
    text = "Gunmen attacked a village in north-central Nigeria overnight, killing at least 35 people, an official said."
    (toll,) = extract(text).tolls
    assert (toll.outcome, toll.count, toll.qualifier, toll.victims) == ("killed", 35, "at_least", "people")
