"""The demo desk's copy: sources and dispatches written for Newsdesk.

Only the Idleb and NATO dispatches report real events (February 2020), in
our own words, and the unnamed European diplomat's words are invented; every
other story, town, person and number here is invented for the demo.
Times are offsets in hours before the moment the demo is loaded (negative:
in the future), so the desk always looks live.

French typography is written with plain spaces ("« mot »", "titre :"); the
loader turns them into the no-break spaces French requires.
"""

# Sources, keyed by slug. ``name`` is blank for an anonymous source, whose
# role then reads with "un" or "une" (``gender``).
SOURCES = {
    "autorites-turques": {"name": "les autorités turques", "kind": "government", "country": "Turquie"},
    "porte-parole-diplomatie-americaine": {
        "role": "porte-parole de la diplomatie américaine",
        "organisation": "département d'Etat",
        "kind": "government",
        "country": "Etats-Unis",
    },
    "kay-bailey-hutchison": {
        "name": "Kay Bailey Hutchison",
        "role": "ambassadrice des Etats-Unis auprès de l'Otan",
        "organisation": "Otan",
        "kind": "person",
        "gender": "f",
        "country": "Etats-Unis",
    },
    "diplomate-europeen": {"role": "diplomate européen en poste à Bruxelles", "kind": "anonymous"},
    "bngrc": {
        "name": "le Bureau national de gestion des risques et des catastrophes (BNGRC)",
        "kind": "government",
        "country": "Madagascar",
    },
    "responsable-secours-sambava": {
        "role": "responsable des secours à Sambava",
        "kind": "anonymous",
        "country": "Madagascar",
    },
    "prefecture-aude": {"name": "la préfecture de l'Aude", "kind": "government", "country": "France"},
    "josiane-ferran": {
        "name": "Josiane Ferran",
        "role": "maire de Saint-Aurèle-sur-Orbieu",
        "kind": "person",
        "gender": "f",
        "country": "France",
    },
    "previsionniste-meteo-france": {
        "role": "prévisionniste de Météo-France",
        "organisation": "Météo-France",
        "kind": "organisation",
        "country": "France",
    },
    "claire-abadie": {
        "name": "Claire Abadie",
        "role": "tête de liste écologiste à Lormières",
        "kind": "person",
        "gender": "f",
        "country": "France",
    },
    "thomas-lebrun": {
        "name": "Thomas Lebrun",
        "role": "secrétaire général de l'Union des contrôleurs du ciel (UCC)",
        "organisation": "UCC",
        "kind": "person",
        "country": "France",
    },
    "source-aeroportuaire": {"role": "source aéroportuaire", "kind": "anonymous", "gender": "f", "country": "France"},
    "ines-berthier": {
        "name": "Inès Berthier",
        "role": "coureuse de fond",
        "kind": "person",
        "gender": "f",
        "country": "France",
    },
    "helene-castagne": {
        "name": "Hélène Castagné",
        "role": "avocate de l'association Montagne libre",
        "kind": "person",
        "gender": "f",
        "country": "France",
    },
    "insee": {"name": "l'Insee", "kind": "agency", "country": "France"},
    "source-portuaire": {"role": "source portuaire", "kind": "anonymous", "gender": "f", "country": "France"},
    "source-gouvernementale": {
        "role": "source gouvernementale",
        "kind": "anonymous",
        "gender": "f",
        "country": "France",
    },
    "secours-grecs": {"name": "les services de secours grecs", "kind": "government", "country": "Grèce"},
    "nikos-papadakis": {
        "name": "Nikos Papadakis",
        "role": "sismologue à l'Observatoire national d'Athènes",
        "kind": "person",
        "country": "Grèce",
    },
    "camille-roussel": {
        "name": "Camille Roussel",
        "role": "archéologue de l'Inrap responsable du chantier",
        "organisation": "Inrap",
        "kind": "person",
        "gender": "f",
        "country": "France",
    },
}


# Dispatches. ``key`` makes the wire id that lets a second load find them
# again. Quotes: (source slug, words, context, featured). Figures: one list
# per toll, oldest first; each figure revises the one before it.
ARTICLES = [
    {
        "key": "idleb-washington-offensive",
        "section": "monde",
        "story": "syrie-combats-idleb",
        "headline": "Idleb : les Etats-Unis exigent la fin de l'offensive syro-russe après la mort de soldats turcs",
        "dateline": "Washington",
        "agency": "AFP",
        "tags": ["Syrie", "Turquie", "Etats-Unis", "Otan", "conflit"],
        "urgency": 4,
        "published": 30,
        "updated": 24,
        "body": [
            "Les Etats-Unis ont sommé le pouvoir syrien et la Russie de stopper sans délai leur offensive "
            "dans la province d'Idleb, dernière grande poche rebelle du pays, à la frontière turque, où des "
            "frappes aériennes ont coûté la vie à des dizaines de militaires turcs.",
            "Dans un communiqué, un porte-parole du département d'Etat a dénoncé une « offensive odieuse » "
            "menée par les forces de Bachar al-Assad, leur parrain russe et les milices appuyées par l'Iran, "
            "et assuré que Washington se tenait aux côtés de la Turquie, membre de l'Otan.",
            "La diplomatie américaine dit être en liaison avec Ankara pour établir les circonstances des "
            "bombardements, et réfléchir aux moyens d'épauler son allié dans cette crise.",
            "Le bilan n'a cessé de s'alourdir au fil de la nuit. Les autorités turques avaient d'abord fait état "
            "de neuf soldats tués, avant de réviser ce chiffre à trois reprises.",
            "Quelques heures plus tôt, alors que circulait ce premier bilan, Washington avait invité Ankara à "
            "tirer les enseignements de ses heurts avec l'armée syrienne et son soutien russe, en renonçant aux "
            "batteries antiaériennes russes S-400 acquises par la Turquie.",
            "Selon l'ambassadrice américaine auprès de l'Alliance atlantique, Kay Bailey Hutchison, les Turcs "
            "voient désormais la Russie sous son vrai jour, et des attaques contre leurs soldats doivent primer "
            "sur tout ce qui rapproche Ankara de Moscou. Les Etats-Unis restent, a-t-elle ajouté, "
            "« l'allié du passé et de l'avenir » de la Turquie.",
            "L'achat des S-400, maintenu par Ankara en dépit des sanctions dont Washington l'avait menacé, "
            "empoisonne depuis des mois les "
            "relations entre les deux membres de l'Otan : Washington juge ce matériel incompatible avec les "
            "équipements de l'Alliance.",
        ],
        "quotes": [
            ("porte-parole-diplomatie-americaine", "offensive odieuse", "a dénoncé dans un communiqué", False),
            (
                "kay-bailey-hutchison",
                "l'allié du passé et de l'avenir",
                "a-t-elle affirmé à propos du gouvernement américain",
                True,
            ),
        ],
        "figures": [
            [
                {"count": 9, "reported": 33},
                {"count": 22, "qualifier": "at_least", "reported": 31.5},
                {"count": 29, "qualifier": "at_least", "reported": 29},
                {"count": 33, "reported": 24},
            ],
        ],
        "figure_defaults": {
            "outcome": "killed",
            "qualifier": "exact",
            "victims": "soldats turcs",
            "victim_category": "military",
            "country": "Syrie",
            "location": "province d'Idleb",
            "occurred": 34,
            "source": "autorites-turques",
        },
    },
    {
        "key": "otan-reunion-demande-ankara",
        "section": "monde",
        "story": "syrie-combats-idleb",
        "headline": "L'Otan se réunit à la demande d'Ankara, la Turquie réclame la solidarité de ses alliés",
        "dateline": "Bruxelles",
        "agency": "AFP",
        "tags": ["Otan", "Turquie", "Syrie", "diplomatie"],
        "urgency": 5,
        "published": 20,
        "body": [
            "Les ambassadeurs des pays de l'Otan se sont retrouvés au siège de l'Alliance à Bruxelles pour des "
            "consultations demandées par la Turquie, au lendemain de la mort de dizaines de ses soldats dans le "
            "nord-ouest de la Syrie.",
            "Ankara a invoqué l'article 4 du traité de l'Atlantique Nord, qui permet à tout membre de réunir "
            "ses partenaires lorsqu'il estime son intégrité territoriale ou sa sécurité menacée.",
            "Les alliés ont exprimé leurs condoléances et appelé à la désescalade, sans toutefois annoncer de "
            "mesure concrète, selon plusieurs délégations.",
            "« Personne ne veut d'une confrontation directe avec la Russie, mais il faut montrer à la Turquie "
            "qu'elle n'est pas seule », a confié un diplomate européen à la sortie de la réunion.",
            "La Turquie, qui accueille déjà plus de trois millions de réfugiés syriens, redoute un nouvel afflux "
            "de déplacés venus de la province d'Idleb, où près d'un million de civils ont fui les combats "
            "depuis décembre.",
        ],
        "quotes": [
            (
                "diplomate-europeen",
                "Personne ne veut d'une confrontation directe avec la Russie, mais il faut montrer à la "
                "Turquie qu'elle n'est pas seule",
                "a confié à la sortie de la réunion",
                True,
            ),
        ],
    },
    {
        "key": "madagascar-cyclone-tsiory",
        "section": "monde",
        "headline": "Madagascar : le cyclone Tsiory dévaste le nord-est de l'île, au moins douze morts",
        "standfirst": "Le cyclone a touché terre dans la nuit avec des rafales à plus de 200 km/h. "
        "Les secours peinent à atteindre les villages isolés.",
        "dateline": "Antananarivo",
        "agency": "AFP",
        "tags": ["Madagascar", "cyclone", "climat"],
        "urgency": 2,
        "published": 2,
        "body": [
            "Le cyclone Tsiory a frappé de plein fouet le nord-est de Madagascar dans la nuit, faisant au moins "
            "douze morts et privant des dizaines de milliers d'habitants d'électricité, selon un bilan "
            "provisoire des autorités.",
            "Le phénomène, classé cyclone tropical intense, a touché terre près de Sambava avec des rafales "
            "dépassant 200 km/h, arrachant les toits de tôle et couchant les plantations de vanille qui font "
            "vivre la région.",
            "« Les routes sont coupées, nous ne pouvons atteindre certains villages qu'à pied », a expliqué à "
            "l'AFP par téléphone un responsable des secours à Sambava.",
            "Plus de 3 000 personnes ont trouvé refuge dans des écoles et des églises, a précisé le Bureau "
            "national de gestion des risques et des catastrophes (BNGRC), qui craint un alourdissement du bilan "
            "à mesure que les communications seront rétablies.",
            "Le cyclone devait s'affaiblir en traversant les hautes terres au cours de la journée, mais les "
            "services météorologiques maintiennent l'alerte rouge pour des pluies diluviennes sur le centre "
            "de l'île.",
        ],
        "quotes": [
            (
                "responsable-secours-sambava",
                "Les routes sont coupées, nous ne pouvons atteindre certains villages qu'à pied",
                "a expliqué à l'AFP par téléphone",
                True,
            ),
        ],
        "figures": [
            [
                {"count": 5, "qualifier": "at_least", "reported": 4},
                {"count": 12, "qualifier": "at_least", "reported": 1.5},
            ],
            [
                {
                    "outcome": "displaced",
                    "count": 3000,
                    "qualifier": "more_than",
                    "victims": "personnes",
                    "victims_feminine": True,
                    "victim_category": "civilians",
                    "reported": 1.5,
                },
            ],
        ],
        "figure_defaults": {
            "outcome": "killed",
            "victims": "personnes",
            "victims_feminine": True,
            "victim_category": "civilians",
            "country": "Madagascar",
            "location": "région de Sava",
            "occurred": 8,
            "source": "bngrc",
        },
    },
    {
        "key": "aude-crues-saint-aurele",
        "headline": "Crues dans l'Aude : deux morts, des centaines d'habitants évacués à Saint-Aurèle-sur-Orbieu",
        "dateline": "Carcassonne",
        "agency": "AFP",
        "tags": ["inondations", "Aude", "météo"],
        "urgency": 4,
        "published": 9,
        "updated": 3,
        "body": [
            "Deux personnes ont perdu la vie et environ 600 habitants ont dû quitter leur logement après la crue "
            "subite de l'Orbieu, qui a submergé dans la nuit le centre de Saint-Aurèle-sur-Orbieu, a annoncé la "
            "préfecture de l'Aude.",
            "Un automobiliste a été emporté par les eaux sur une route départementale ; le corps d'une "
            "septuagénaire a été retrouvé en fin de matinée dans sa maison de plain-pied, a précisé la "
            "préfecture dans un nouveau bilan.",
            "« L'eau est montée d'un mètre en moins d'une heure, personne n'a rien vu venir », a raconté à "
            "l'AFP la maire de la commune, Josiane Ferran, depuis le gymnase transformé en centre d'accueil.",
            "Près de 250 pompiers, appuyés par deux hélicoptères de la sécurité civile, ont procédé à une "
            "soixantaine d'hélitreuillages. L'A61 a été coupée plusieurs heures entre Carcassonne et Narbonne.",
            "Météo-France a levé la vigilance rouge en début d'après-midi, mais reste prudente. « Le pic de la "
            "crue est passé, mais les sols saturés ne peuvent plus rien absorber », a souligné un prévisionniste.",
            "Le ministre de l'Intérieur est attendu sur place dans la soirée, et la reconnaissance de l'état de "
            "catastrophe naturelle devrait être engagée rapidement, selon la préfecture.",
        ],
        "quotes": [
            (
                "josiane-ferran",
                "L'eau est montée d'un mètre en moins d'une heure, personne n'a rien vu venir",
                "a raconté à l'AFP",
                True,
            ),
            (
                "previsionniste-meteo-france",
                "Le pic de la crue est passé, mais les sols saturés ne peuvent plus rien absorber",
                "a souligné",
                False,
            ),
        ],
        "figures": [
            [
                {"count": 1, "reported": 8},
                {"count": 2, "reported": 3},
            ],
            [
                {
                    "outcome": "displaced",
                    "count": 600,
                    "qualifier": "about",
                    "victims": "habitants",
                    "victims_feminine": False,
                    "reported": 7,
                },
            ],
        ],
        "figure_defaults": {
            "outcome": "killed",
            "qualifier": "exact",
            "victims": "personnes",
            "victims_feminine": True,
            "victim_category": "civilians",
            "country": "France",
            "location": "Saint-Aurèle-sur-Orbieu (Aude)",
            "occurred": 12,
            "source": "prefecture-aude",
        },
    },
    {
        "key": "lormieres-municipale-partielle",
        "headline": "Municipale partielle à Lormières : la liste écologiste en tête du premier tour",
        "dateline": "Grenoble",
        "agency": "AFP",
        "tags": ["élections", "municipales", "Isère"],
        "urgency": 5,
        "published": 40,
        "correction": "Une version précédente de cette dépêche attribuait 31,2 % des voix à la liste de "
        "Gérard Vidal. Elle en a obtenu 28,7 %. Toutes nos excuses à nos lecteurs.",
        "body": [
            "La liste écologiste conduite par Claire Abadie est arrivée en tête du premier tour de l'élection "
            "municipale partielle de Lormières (Isère), organisée après la démission de la moitié du conseil "
            "municipal, selon les résultats publiés par la mairie.",
            "Avec 38,4 % des suffrages exprimés, l'ancienne conseillère d'opposition devance la liste divers "
            "droite du maire sortant Gérard Vidal (28,7 %) et celle de Samir Haddad, soutenue par la gauche "
            "(21,3 %).",
            "« Les habitants ont choisi de tourner la page », a réagi Claire Abadie devant ses soutiens, "
            "promettant de faire de la rénovation de l'école et des transports vers Grenoble ses priorités.",
            "La participation, de 52,6 %, est en hausse de près de huit points par rapport au scrutin de 2020 "
            "dans cette commune de 9 000 habitants.",
            "Les trois listes, qui ont franchi la barre des 10 %, peuvent se maintenir au second tour, prévu "
            "dans une semaine. Les candidats ont jusqu'à mardi pour déposer d'éventuelles fusions.",
        ],
        "quotes": [
            ("claire-abadie", "Les habitants ont choisi de tourner la page", "a réagi devant ses soutiens", True),
        ],
    },
    {
        "key": "greve-controleurs-aeriens",
        "section": "economie",
        "headline": "Grève des contrôleurs aériens : un vol sur deux annulé à Marseille et Nice",
        "dateline": "Marseille",
        "agency": "AFP",
        "tags": ["grève", "transport aérien", "social"],
        "urgency": 5,
        "published": 6,
        "body": [
            "Un vol sur deux devait être annulé dans les aéroports de Marseille-Provence et de Nice-Côte d'Azur, "
            "au premier jour d'une grève de quarante-huit heures des contrôleurs aériens du Sud-Est.",
            "L'Union des contrôleurs du ciel (UCC), à l'origine du mouvement, réclame le recrutement de "
            "quarante aiguilleurs du ciel supplémentaires dans le centre de contrôle d'Aix-en-Provence, qu'elle "
            "juge en sous-effectif chronique.",
            "« Nous ne demandons pas la lune, seulement des effectifs pour travailler en sécurité », a déclaré "
            "son secrétaire général, Thomas Lebrun, lors d'un point presse.",
            "Dans les halls de départ, l'affluence restait limitée en début de matinée, la plupart des "
            "passagers ayant été prévenus la veille par les compagnies. « Les perturbations devraient se "
            "prolonger jusqu'à demain soir », a indiqué une source aéroportuaire.",
            "Des retards étaient également signalés sur les liaisons entre Paris et la Corse, dont une partie "
            "du trafic dépend du centre d'Aix-en-Provence.",
        ],
        "quotes": [
            (
                "thomas-lebrun",
                "Nous ne demandons pas la lune, seulement des effectifs pour travailler en sécurité",
                "a déclaré lors d'un point presse",
                True,
            ),
            (
                "source-aeroportuaire",
                "Les perturbations devraient se prolonger jusqu'à demain soir",
                "a indiqué",
                False,
            ),
        ],
    },
    {
        "key": "athletisme-record-berthier",
        "section": "sport",
        "headline": "Athlétisme : Inès Berthier s'empare du record de France du 10 000 m",
        "dateline": "Lyon",
        "agency": "AFP",
        "tags": ["athlétisme", "sport"],
        "urgency": 6,
        "published": 15,
        "body": [
            "La Française Inès Berthier a battu le record de France du 10 000 m en 30 min 18 s 42, lors du "
            "meeting international de Lyon, améliorant de plus de quatre secondes la meilleure marque "
            "nationale.",
            "La coureuse de 26 ans, longtemps dans le sillage des Kényanes, a placé une accélération décisive à "
            "deux tours de l'arrivée pour se détacher et terminer deuxième de la course.",
            "« J'ai su dans le dernier tour que le record était pour moi, alors j'ai tout donné », a-t-elle "
            "confié, encore essoufflée, au micro du stade.",
            "Cette performance la qualifie pour les prochains championnats du monde et fait d'elle l'une des "
            "chances de médaille de l'équipe de France en demi-fond.",
        ],
        "quotes": [
            (
                "ines-berthier",
                "J'ai su dans le dernier tour que le record était pour moi, alors j'ai tout donné",
                "a-t-elle confié au micro du stade",
                True,
            ),
        ],
    },
    {
        "key": "castelroc-arrete-bivouac-annule",
        "headline": "Le tribunal administratif annule l'arrêté anti-bivouac de Castelroc",
        "dateline": "Montpellier",
        "agency": "AFP",
        "tags": ["justice", "montagne", "Pyrénées-Orientales"],
        "urgency": 6,
        "published": 26,
        "body": [
            "Le tribunal administratif de Montpellier a annulé l'arrêté par lequel le maire de Castelroc "
            "(Pyrénées-Orientales) interdisait le bivouac sur l'ensemble du territoire de sa commune de "
            "montagne, le jugeant disproportionné.",
            "Pris au début de l'été après une série de feux de camp mal éteints, l'arrêté visait aussi les "
            "randonneurs itinérants du sentier de grande randonnée qui traverse le village.",
            "Dans son jugement, le tribunal relève que le maire pouvait réglementer les feux et les zones "
            "sensibles, mais pas prononcer « une interdiction générale et absolue » sans limite de durée.",
            "« Le maire ne peut pas interdire la montagne à tout le monde pour régler un problème causé par "
            "quelques-uns », s'est félicitée Hélène Castagné, avocate de l'association Montagne libre, à "
            "l'origine du recours.",
            "La commune, condamnée à verser 1 500 euros à l'association, dispose de deux mois pour faire appel. "
            "Le maire n'a pas souhaité réagir dans l'immédiat.",
        ],
        "quotes": [
            (
                "helene-castagne",
                "Le maire ne peut pas interdire la montagne à tout le monde pour régler un problème causé par "
                "quelques-uns",
                "s'est-elle félicitée",
                True,
            ),
        ],
    },
    {
        "key": "crete-seisme",
        "section": "monde",
        "headline": "Grèce : un séisme de magnitude 6,1 secoue la Crète, un mort",
        "dateline": "Athènes",
        "agency": "AFP",
        "tags": ["Grèce", "séisme"],
        "urgency": 3,
        "published": 12,
        "body": [
            "Un séisme de magnitude 6,1 a secoué l'est de la Crète en milieu de matinée, faisant un mort et "
            "une quarantaine de blessés, selon les services de secours grecs.",
            "La victime, un homme de 64 ans, a été tuée par l'effondrement d'un mur dans un village proche de "
            "Sitia. La plupart des blessés souffrent de contusions et de fractures légères.",
            "L'épicentre a été localisé en mer, à une vingtaine de kilomètres au large de la côte, à une "
            "profondeur de dix kilomètres.",
            "« Des répliques sont attendues dans les prochains jours, il faut rester à l'écart des bâtiments "
            "fissurés », a averti le sismologue Nikos Papadakis.",
            "Les écoles de la région resteront fermées le temps que les ingénieurs inspectent les bâtiments. "
            "Aucune alerte au tsunami n'a été émise.",
        ],
        "quotes": [
            (
                "nikos-papadakis",
                "Des répliques sont attendues dans les prochains jours, il faut rester à l'écart des bâtiments "
                "fissurés",
                "a averti",
                True,
            ),
        ],
        "figures": [
            [{"outcome": "killed", "count": 1, "reported": 11}],
            [{"outcome": "injured", "count": 40, "qualifier": "about", "reported": 10}],
        ],
        "figure_defaults": {
            "qualifier": "exact",
            "victims": "personnes",
            "victims_feminine": True,
            "victim_category": "civilians",
            "country": "Grèce",
            "location": "est de la Crète",
            "occurred": 12.5,
            "source": "secours-grecs",
        },
    },
    {
        "key": "nimes-villa-gallo-romaine",
        "section": "culture",
        "headline": "Nîmes : une villa gallo-romaine aux mosaïques intactes mise au jour",
        "dateline": "Nîmes",
        "agency": "AFP",
        "tags": ["archéologie", "patrimoine", "Gard"],
        "urgency": 7,
        "published": 50,
        "body": [
            "Des archéologues ont mis au jour les vestiges d'une vaste villa gallo-romaine, dont plusieurs "
            "mosaïques presque intactes, sur le chantier d'un futur écoquartier à la périphérie de Nîmes.",
            "La demeure, occupée entre le Ier et le IVe siècle, s'étendait sur près de 2 000 m² et comptait "
            "des thermes privés, ont précisé les équipes de l'Institut national de recherches archéologiques "
            "préventives (Inrap).",
            "« C'est une découverte exceptionnelle par son état de conservation : les couleurs des mosaïques "
            "sont presque celles de l'époque », a expliqué l'archéologue Camille Roussel, responsable du "
            "chantier.",
            "Les mosaïques doivent être déposées dans les prochaines semaines pour être restaurées, avant d'être "
            "présentées au public au musée de la Romanité.",
        ],
        "quotes": [
            (
                "camille-roussel",
                "C'est une découverte exceptionnelle par son état de conservation : les couleurs des mosaïques "
                "sont presque celles de l'époque",
                "a expliqué",
                True,
            ),
        ],
    },
    {
        "key": "chomage-troisieme-trimestre",
        "section": "economie",
        "headline": "Chômage : le taux recule à 7,1 % au troisième trimestre",
        "dateline": "Paris",
        "agency": "AFP",
        "tags": ["économie", "emploi"],
        "urgency": 4,
        # Embargoed: published, but its time has not come yet.
        "published": -18,
        "body": [
            "Le taux de chômage a reculé de 0,2 point au troisième trimestre, à 7,1 % de la population active "
            "en France (hors Mayotte), a annoncé l'Insee.",
            "Le nombre de chômeurs au sens du Bureau international du travail s'établit à 2,2 millions de "
            "personnes, soit 60 000 de moins qu'au trimestre précédent.",
            "Le recul concerne surtout les moins de 25 ans, dont le taux de chômage baisse de 0,8 point, "
            "tandis qu'il reste stable chez les seniors.",
            "« La baisse est réelle mais modeste, et l'emploi salarié ralentit », a nuancé l'institut dans sa "
            "note de conjoncture.",
        ],
        "quotes": [
            (
                "insee",
                "La baisse est réelle mais modeste, et l'emploi salarié ralentit",
                "dans sa note de conjoncture",
                False,
            ),
        ],
    },
    {
        "key": "calais-ferry-quai",
        "headline": "Calais : un ferry heurte un quai, plusieurs passagers légèrement blessés",
        "dateline": "Lille",
        "agency": "AFP",
        "tags": ["Calais", "transport maritime"],
        "urgency": 5,
        "published": 20,
        "status": "withdrawn",
        "body": [
            "Un ferry en provenance de Douvres a heurté un quai du port de Calais lors de sa manœuvre "
            "d'accostage, blessant légèrement plusieurs passagers, selon une source portuaire.",
            "Le navire, qui transportait environ 300 passagers, a pu accoster sans autre incident.",
            "Une enquête a été ouverte pour déterminer les causes de l'accident.",
            "Le trafic transmanche n'a pas été interrompu.",
        ],
        "figures": [
            [
                {
                    "outcome": "injured",
                    "count": 10,
                    "qualifier": "about",
                    "victims": "passagers",
                    "victim_category": "civilians",
                    "country": "France",
                    "location": "port de Calais",
                    "occurred": 21,
                    "source": "source-portuaire",
                    "reported": 20.5,
                },
            ],
        ],
    },
    {
        "key": "liban-olives-secheresse",
        "headline": "Liban : dans le Sud, les oléiculteurs redoutent une récolte réduite de moitié",
        "section": "liban",
        "dateline": "Nabatiyé",
        "agency": "AFP",
        "tags": ["Liban", "agriculture", "sécheresse"],
        "urgency": 6,
        "published": 7,
        "body": [
            "Les producteurs d'olives du Liban-Sud s'attendent à une récolte deux fois moins abondante que l'an "
            "dernier, après un printemps sans pluie et un été marqué par plusieurs vagues de chaleur, selon les "
            "coopératives agricoles de la région.",
            "Dans les vergers en terrasses autour de Nabatiyé, de nombreux arbres n'ont porté que quelques "
            "grappes de fruits, souvent flétris avant maturité.",
            "Les coopératives demandent aux autorités un report des échéances de crédit pour les petites "
            "exploitations, dont beaucoup vivent de la vente d'huile sur les marchés de Saïda et de Beyrouth.",
            "L'olivier, cultivé sur de petites parcelles familiales, reste l'une des principales sources de revenus "
            "agricoles de la région, où la cueillette commence d'ordinaire à la mi-octobre.",
        ],
    },
    {
        "key": "budget-economies-supplementaires",
        "section": "economie",
        "headline": "Budget : le gouvernement cherche 5 milliards d'euros d'économies supplémentaires",
        "dateline": "Paris",
        "agency": "AFP",
        "tags": ["budget", "économie"],
        "urgency": 5,
        "status": "draft",
        "author": "redacteur",
        "body": [
            "Le gouvernement prépare un nouveau train d'économies de l'ordre de 5 milliards d'euros pour tenir "
            "son objectif de déficit public, selon une source gouvernementale.",
            "Les ministères ont reçu pour consigne de geler une partie de leurs crédits dès cette année.",
            "« Tout le monde devra participer, aucun ministère ne sera épargné », a indiqué cette source.",
            "Les arbitrages doivent être rendus d'ici la fin du mois.",
        ],
        "quotes": [
            (
                "source-gouvernementale",
                "Tout le monde devra participer, aucun ministère ne sera épargné",
                "a indiqué",
                False,
            ),
        ],
    },
]

# The stories ("dossiers") the demo's dispatches belong to: slug -> title.
STORIES = {"syrie-combats-idleb": "Syrie : les combats dans la province d'Idleb"}

# The front's lead stories, in order, as an editor would choose them ("À la une").
FRONT = ["madagascar-cyclone-tsiory", "idleb-washington-offensive", "aude-crues-saint-aurele"]
