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


def test_an_earlier_figure_is_no_toll_and_a_headline_repeat_is_one_toll_with_the_body_qualifier():
    text = (
        "Syrie : 33 soldats turcs tués\n\nAu moins 33 soldats turcs ont été tués, selon les autorités turques. "
        "Un précédent bilan faisait état de 29 morts."
    )
    (toll,) = extract(text).tolls
    assert (toll.count, toll.qualifier, toll.source) == (33, "at_least", "les autorités turques")


def test_an_agent_before_an_active_verb_is_not_one_victim():
    (toll,) = extract("Une frappe de drone a tué 12 civils mardi, a indiqué un élu local.").tolls
    assert (toll.count, toll.victims, toll.source) == (12, "civils", "un élu local")


@pytest.mark.parametrize(
    ("text", "outcome", "count", "qualifier"),
    [("The death toll rose to 2,012, officials said.", "killed", 2012, "exact"),
     ("Health officials put the death toll at 87.", "killed", 87, "exact"),
     ("Plus de 4 000 habitants ont fui, selon la mairie.", "displaced", 4000, "more_than"),
     ("Les crues ont fait près d'un million de déplacés.", "displaced", 1_000_000, "about"),
     ("Two dozen tourists were evacuated, police said.", "displaced", 24, "about"),
     ("« Au moins 15 personnes ont été tuées », a affirmé le préfet.", "killed", 15, "at_least")],
)  # fmt: skip
def test_tolls_the_rules_used_to_miss(text, outcome, count, qualifier):
    (toll,) = extract(text).tolls
    assert (toll.outcome, toll.count, toll.qualifier) == (outcome, count, qualifier)


def test_a_gerund_pair_gives_both_tolls():
    found = extract("Des hommes armés ont ouvert le feu, tuant 11 personnes et en blessant 44 autres.")
    assert [(t.outcome, t.count) for t in found.tolls] == [("killed", 11), ("injured", 44)]


def test_competing_sources_in_one_sentence_keep_their_own_figures():
    text = (
        "At least 31 people were killed, according to the health ministry, while a rights group said 48 "
        "people had died."
    )
    assert [(t.count, t.source) for t in extract(text).tolls] == [(31, "the health ministry"), (48, "a rights group")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [("Le président Emmanuel Macron s'est rendu sur place. « La Nation est à vos côtés », a-t-il lancé.",
      "Emmanuel Macron"),
     ("Pour Amina Diallo, directrice de l'ONG, la crise dure. « Combien de temps allons-nous tenir ? », "
      "s'interroge-t-elle.", "Amina Diallo"),
     ("Le chef de l'État, Abdelmadjid Tebboune, a décrété un deuil. Selon lui, « le pays est uni dans la douleur ».",
      "Abdelmadjid Tebboune"),
     ("« Nous n'avons plus rien, tout a été emporté », a déclaré à l'AFP une enseignante de 52 ans.",
      "une enseignante de 52 ans"),
     ("« C'est un carnage », s'est indigné le maire de Kharkiv, Igor Terekhov, sur Telegram.", "Igor Terekhov")],
)  # fmt: skip
def test_speakers_after_pronouns_audiences_and_appositions(text, speaker):
    (quote,) = extract(text).quotes
    assert quote.speaker == speaker


@pytest.mark.parametrize(
    ("text", "source"),
    [("Selon un bilan officiel publié par le ministère de la Santé, 214 personnes ont été tuées.",
      "le ministère de la Santé"),
     ("Un bilan officiel publié samedi fait état de 57 morts.", ""),
     ("Deux policiers ont été blessés, a-t-on appris auprès de la préfecture.", "la préfecture")],
)  # fmt: skip
def test_a_document_is_no_source_its_author_is(text, source):
    (toll,) = extract(text).tolls
    assert toll.source == source


def test_ages_dates_money_and_distances_count_no_one():
    text = (
        "The 58-year-old driver was arrested at the scene on March 12, 30 km north of Denver. "
        "Il est soupçonné d'avoir dérobé 2 millions d'euros."
    )
    assert extract(text).tolls == []


@pytest.mark.parametrize(
    ("text", "outcome", "count"),
    [("Le naufrage a coûté la vie à 27 passagers, selon la marine.", "killed", 27),
     ("Au moins 36 personnes ont trouvé la mort dans l'incendie, selon les pompiers.", "killed", 36),
     ("L'armée a confirmé la mort de quatre soldats.", "killed", 4),
     ("La tempête a fait un mort en Bretagne, selon la préfecture.", "killed", 1),
     ("Plus de 9 000 personnes ont dû quitter leur domicile, selon la mairie.", "displaced", 9000),
     ("Officials said 39 people were still unaccounted for.", "missing", 39),
     ("Environ 500 migrants ont été interceptés et placés en détention, indique l'OIM.", "detained", 500)],
)  # fmt: skip
def test_outcomes_said_in_several_words(text, outcome, count):
    (toll,) = extract(text).tolls
    assert (toll.outcome, toll.count) == (outcome, count)


def test_a_participle_is_no_speech_verb_the_attribution_at_the_end_is():
    (toll,) = extract("The number of confirmed deaths reached 1,340 on Monday, the disaster agency said.").tolls
    assert (toll.count, toll.source) == (1340, "the disaster agency")


def test_an_earlier_figure_named_by_un_precedent_bilan_is_no_toll_even_in_words():
    text = "Au moins neuf personnes ont été tuées, selon la police, un précédent bilan faisant état de cinq morts."
    assert [(t.count, t.qualifier) for t in extract(text).tolls] == [(9, "at_least")]


def test_a_reflexive_verb_with_a_quoted_word_gives_the_named_person_to_the_next_pronoun():
    text = (
        "Le secrétaire général de l'Otan, Mark Rutte, s'est dit « préoccupé ». "
        "« Nous suivons la situation de près », a-t-il poursuivi."
    )
    (quote,) = extract(text).quotes
    assert quote.speaker == "Mark Rutte"


def test_contre_is_an_earlier_figure_only_right_before_the_number():
    text = (
        "L'assaut contre le campement a fait 5 morts, selon l'opposition, tandis que le gouvernement parle de "
        "2 morts. Le bilan est passé à 9 morts, contre 7 la veille."
    )
    assert [(t.count, t.source) for t in extract(text).tolls] == [(5, "l'opposition"), (2, "le gouvernement"), (9, "")]


def test_a_pronoun_reporting_a_figure_gives_it_the_person_named_before():
    text = "Le préfet de police, Laurent Nuñez, s'est rendu sur place. Il a fait état de 14 interpellations."
    (toll,) = extract(text).tolls
    assert (toll.outcome, toll.count, toll.source) == ("detained", 14, "Laurent Nuñez")


@pytest.mark.parametrize(
    ("text", "outcome"),
    [("Plus de 250 000 personnes ont été contraintes de quitter leur foyer.", "displaced"),
     ("About 2,000 people were left homeless, the governor said.", "displaced"),
     ("Some 15,000 residents were ordered to evacuate, the sheriff said.", "displaced"),
     ("Au total, 312 personnes ont été placées en garde à vue, a indiqué le ministère.", "detained")],
)  # fmt: skip
def test_more_outcomes_said_in_several_words(text, outcome):
    (toll,) = extract(text).tolls
    assert toll.outcome == outcome


@pytest.mark.parametrize(
    ("text", "outcome", "count"),
    [("Au moins 40 civils, dont des femmes et des enfants, ont péri dans l'attaque.", "killed", 40),
     ("At least 8 people, including a child, were killed, officials said.", "killed", 8),
     ("Two U.S. service members were wounded in the attack, the Pentagon said.", "injured", 2),
     ("The number of people killed in the clashes has risen to 63, the Red Cross said.", "killed", 63),
     ("Trois randonneurs restent introuvables, selon les secours.", "missing", 3),
     ("Plus de 10 000 personnes ont été mises à l'abri, selon la préfecture.", "displaced", 10000),
     ("La gendarmerie a placé 6 personnes en garde à vue.", "detained", 6)],
)  # fmt: skip
def test_asides_abbreviations_and_more_ways_of_saying_a_toll(text, outcome, count):
    (toll,) = extract(text).tolls
    assert (toll.outcome, toll.count) == (outcome, count)


def test_a_part_of_the_dead_and_a_camp_of_displaced_people_count_no_one_new():
    text = (
        "The army said it had killed 20 militants, while health officials said 14 of the dead were civilians. "
        "Au moins 40 civils ont été tués dans l'attaque d'un camp de déplacés, selon le HCR."
    )
    assert [(t.outcome, t.count) for t in extract(text).tolls] == [("killed", 20), ("killed", 40)]


@pytest.mark.parametrize(
    ("text", "outcome", "count"),
    [("The wildfire forced 8,000 residents from their homes, Cal Fire said.", "displaced", 8000),
     ("Selon la mairie, 450 personnes ont été relogées.", "displaced", 450),
     ("Officials said 3,000 people were being housed in evacuation centres.", "displaced", 3000),
     ("La police a procédé à l'interpellation de 19 personnes, a indiqué la préfecture.", "detained", 19),
     ("Two others were seriously wounded, the army said.", "injured", 2),
     ("Un adolescent de 15 ans a été tué par balle, a-t-on appris auprès du parquet.", "killed", 1)],
)  # fmt: skip
def test_adverbs_ages_and_yet_more_ways_of_saying_a_toll(text, outcome, count):
    (toll,) = extract(text).tolls
    assert (toll.outcome, toll.count) == (outcome, count)


def test_one_person_arrested_is_a_story_not_a_toll():
    assert extract("Un homme de 34 ans a été interpellé lundi à Lyon, a indiqué le parquet.").tolls == []


def test_a_possessive_is_no_speaker():
    (toll,) = extract("Sri Lanka's disaster management centre said 46 people had died.").tolls
    assert toll.source == "Sri Lanka's disaster management centre"
