"""Text of the demo plan: the fictional gemeente Lindewaard (about 25,000 inhabitants).

Written for IVP Desk; any likeness to a real gemeente's plan is the likeness of the
genre. Kept apart from :mod:`ivpdesk.services.demo` so the words can be edited
without touching the code that stores them.

Activities are tuples:
(title, description, bestuurlijk trekker, ambtelijk trekker, partners, planning, status, years)
"""

from __future__ import annotations

from typing import Any

MUNICIPALITY = "Lindewaard"
INHABITANTS = 25_400

VISION = (
    "Lindewaard is een gemeente waar inwoners, ondernemers en bezoekers zich veilig voelen en "
    "veilig zijn. Veiligheid maken we samen: met inwoners, partners en ondernemers, dichtbij "
    "in de wijken en kernen. We zijn er vroeg bij, pakken problemen aan bij de bron en laten "
    "ons niet ondermijnen."
)
MAIN_GOAL = (
    "In 2030 is het aandeel inwoners dat zich weleens onveilig voelt in de eigen buurt gedaald "
    "tot hoogstens 15%, en ligt de geregistreerde criminaliteit onder het niveau van 2025."
)
INTRODUCTION = (
    "Voor u ligt het uitvoeringsplan Integrale Veiligheid 2027–2028 van de gemeente Lindewaard. "
    "Het plan werkt de prioriteiten en thema's uit het Integraal Veiligheidsplan 2027–2030 uit "
    "in concrete activiteiten, met per activiteit wie trekt, met welke partners en wanneer.\n\n"
    "Het uitvoeringsplan is tot stand gekomen in overleg met politie, Openbaar Ministerie, "
    "Veiligheidsregio, Veiligheidshuis, RIEC en onze maatschappelijke partners. Halverwege "
    "ieder jaar rapporteren we over de voortgang aan college en raad."
)

PARTNERS: list[tuple[str, str]] = [
    ("Politie basisteam Lindewaard-Oost", "extern"),
    ("Openbaar Ministerie", "extern"),
    ("Veiligheidshuis Regio Noord", "extern"),
    ("RIEC Noord", "extern"),
    ("Veiligheidsregio / brandweer", "extern"),
    ("Omgevingsdienst Noord", "extern"),
    ("Woonstichting De Linde", "extern"),
    ("Stichting Jongerenwerk Lindewaard", "extern"),
    ("GGD Noord", "extern"),
    ("Veilig Thuis", "extern"),
    ("Halt", "extern"),
    ("Buurtbemiddeling Lindewaard", "extern"),
    ("Ondernemersvereniging Lindewaard", "extern"),
    ("Horeca Lindewaard", "extern"),
    ("Scholen voortgezet onderwijs", "extern"),
    ("Belastingdienst", "extern"),
    ("Verslavingszorg Noord", "extern"),
    ("Team Handhaving", "intern"),
    ("Team Vergunningen", "intern"),
    ("Wijkteam", "intern"),
    ("Team Communicatie", "intern"),
    ("Team Openbare Ruimte", "intern"),
    ("Team Burgerzaken", "intern"),
    ("Leerplicht", "intern"),
]

BM = "Burgemeester"
WZ = "Wethouder Zorg & Welzijn"
WJ = "Wethouder Jeugd en Onderwijs"
WV = "Wethouder Verkeer en Openbare Ruimte"
WE = "Wethouder Economie"

Y = [2027, 2028]
Y1 = [2027]
Y2 = [2028]

THEMES: list[dict[str, Any]] = [
    {
        "name": "Ondermijning",
        "kind": "prioriteit",
        "field": 5,
        "code": "5.2",
        "goal": "Ondermijnende criminaliteit in Lindewaard wordt eerder gesignaleerd en krijgt "
        "geen kans zich te vestigen in panden, bedrijven en vergunningen.",
        "approach": "We vergroten de weerbaarheid van de eigen organisatie, versterken de "
        "informatiepositie samen met het RIEC en zetten het bestuurlijk instrumentarium in.",
        "sections": [
            ("Informatiepositie", "Signalen van ondermijning komen op één plek samen en worden gewogen.", None, [
                ("Meldpunt ondermijning.", "Voortzetting van het interne meldpunt voor signalen van medewerkers; elk signaal wordt binnen twee weken gewogen in het signalenoverleg.", BM, "Team OOV", ["RIEC Noord", "Politie basisteam Lindewaard-Oost"], "doorlopend", "loopt", Y),
                ("Ondermijningsbeeld.", "Actualiseren van het lokale ondermijningsbeeld met het RIEC, inclusief de kwetsbare branches en bedrijventerreinen.", BM, "Team OOV", ["RIEC Noord", "Politie basisteam Lindewaard-Oost", "Belastingdienst"], "2e kwartaal 2027", "niet gestart", Y1),
                (None, "Bewustwordingstraining 'Herken ondermijning' voor handhavers, boa's, vergunningverleners en medewerkers Burgerzaken.", BM, "Team OOV", ["Team Handhaving", "Team Vergunningen", "Team Burgerzaken"], "Voorjaar en najaar", "niet gestart", Y),
            ]),
            ("Bestuurlijke aanpak", "Het bestuurlijk instrumentarium wordt consequent en zichtbaar ingezet.", None, [
                ("Bibob.", "Uitbreiden van het Bibob-beleid naar vastgoedtransacties en subsidies; toetsing van alle nieuwe horeca-exploitanten.", BM, "Team Vergunningen", ["RIEC Noord"], "medio 2027", "niet gestart", Y1),
                ("Integrale controles.", "Integrale controles op bedrijventerreinen en in het buitengebied, samen met politie, omgevingsdienst en Belastingdienst.", BM, "Team Handhaving", ["Politie basisteam Lindewaard-Oost", "Omgevingsdienst Noord", "Belastingdienst"], "4 maal per jaar", "loopt", Y),
                (None, "Toepassen van artikel 13b Opiumwet bij drugshandel vanuit woningen en panden, met een vast afwegingskader.", BM, "Team OOV", ["Politie basisteam Lindewaard-Oost", "Woonstichting De Linde"], "Indien nodig", "loopt", Y),
                ("Vastgoed.", "Onderzoek naar de eigendom van panden in het centrum (vastgoedscan) en afspraken met makelaars over signalering.", BM, "Team OOV", ["RIEC Noord", "Ondernemersvereniging Lindewaard"], "eind 2027", "niet gestart", Y1),
            ]),
            ("Weerbaarheid buitengebied", "Agrariërs herkennen en melden misbruik van leegstaande opstallen.", None, [
                ("Voorlichting agrariërs.", "Voorlichtingsavonden over drugslabs en hennepkwekerijen in leegstaande schuren, samen met LTO en politie.", BM, "Team OOV", ["Politie basisteam Lindewaard-Oost"], "1e kwartaal 2028", "niet gestart", Y2),
                (None, "Controle van leegstaande agrarische opstallen op basis van het signalenoverzicht.", BM, "Team Handhaving", ["Omgevingsdienst Noord", "Politie basisteam Lindewaard-Oost"], "2027, 2028", "niet gestart", Y),
            ]),
        ],
    },
    {
        "name": "High Impact Crimes en woninginbraak",
        "kind": "prioriteit",
        "field": 1,
        "code": "1.3",
        "goal": "Minder woninginbraken, overvallen en straatroven; slachtoffers krijgen snel steun.",
        "approach": "Preventie via inwoners en buurten, gerichte aanpak van plegers en snelle "
        "nazorg aan slachtoffers.",
        "sections": [
            ("Preventie woninginbraak", "Inwoners nemen zelf maatregelen en letten op elkaar.", "Preventie", [
                ("Buurtpreventie.", "Ondersteunen van de vijf WhatsApp-buurtpreventiegroepen en starten van groepen in de kernen Oosterlo en Veldhuizen.", BM, "Team OOV", ["Politie basisteam Lindewaard-Oost", "Team Communicatie"], "doorlopend", "loopt", Y),
                ("Donkere dagen offensief.", "Campagne 'Laat het licht aan' met inbraakpreventie-avonden en extra zichtbaar toezicht in de wintermaanden.", BM, "Team OOV", ["Politie basisteam Lindewaard-Oost", "Team Handhaving", "Team Communicatie"], "november 2027 en november 2028", "niet gestart", Y),
                (None, "Gratis woningscan (Politiekeurmerk Veilig Wonen) voor huurders van Woonstichting De Linde in de wijk De Gaarden.", BM, "Team OOV", ["Woonstichting De Linde", "Politie basisteam Lindewaard-Oost"], "3e/4e kwartaal 2027", "niet gestart", Y1),
            ]),
            ("Plegers en slachtoffers", "Veelplegers worden persoonsgericht aangepakt; slachtoffers worden niet vergeten.", "Aanpak", [
                ("Persoonsgerichte aanpak.", "Inbrengen van veelplegers in het Veiligheidshuis voor een persoonsgerichte aanpak (PGA).", BM, "Team OOV", ["Veiligheidshuis Regio Noord", "Politie basisteam Lindewaard-Oost", "Openbaar Ministerie"], "zes-wekelijks", "loopt", Y),
                ("Nazorg slachtoffers.", "Binnen een week na een inbraak een bezoek van de wijkagent of buurtpreventist met tips en informatie over Slachtofferhulp.", BM, "Team OOV", ["Politie basisteam Lindewaard-Oost"], "doorlopend", "loopt", Y),
                (None, "Inzet van de Bestuurlijke Ophoudplicht en gebiedsverboden na overvallen en straatroven.", BM, "Team OOV", ["Openbaar Ministerie", "Politie basisteam Lindewaard-Oost"], "Op verzoek", "niet gestart", Y),
            ]),
            ("Fietsendiefstal", "Minder gestolen fietsen bij het station en in het centrum.", "Preventie", [
                ("Fietsenstalling station.", "Bewaakte fietsenstalling bij het station uitbreiden met 200 plaatsen en cameratoezicht.", WV, "Team Ruimte", ["Politie basisteam Lindewaard-Oost"], "3e kwartaal 2028", "niet gestart", Y2),
                (None, "Graveeracties en registratie van e-bikes tijdens de weekmarkt.", BM, "Team OOV", ["Politie basisteam Lindewaard-Oost"], "2x per jaar", "niet gestart", Y),
            ]),
        ],
    },
    {
        "name": "Risicojeugd en jeugdgroepen",
        "kind": "prioriteit",
        "field": 3,
        "code": "3.3",
        "goal": "Jongeren glijden niet af naar criminaliteit; overlast door jeugdgroepen neemt af.",
        "approach": "Vroegsignalering via school, jongerenwerk en wijkteam; een groepsaanpak voor "
        "overlastgevende en criminele groepen.",
        "sections": [
            ("Groepsaanpak", "Jeugdgroepen zijn in beeld en krijgen een passende aanpak.", None, [
                ("Shortlist jeugdgroepen.", "Twee keer per jaar de shortlist van jeugdgroepen actualiseren met politie en jongerenwerk.", BM, "Team OOV", ["Politie basisteam Lindewaard-Oost", "Stichting Jongerenwerk Lindewaard"], "2x per jaar", "loopt", Y),
                (None, "Groepsaanpak voor de hinderlijke groep rond het Stationsplein: afspraken met ouders, inzet jongerenwerk en handhaving.", BM, "Team OOV", ["Stichting Jongerenwerk Lindewaard", "Team Handhaving", "Politie basisteam Lindewaard-Oost"], "1e helft 2027", "loopt", Y1),
                ("Top-X aanpak.", "Persoonsgerichte aanpak van de jongeren met de meeste politiecontacten via het Veiligheidshuis.", BM, "Team OOV", ["Veiligheidshuis Regio Noord", "Wijkteam"], "maandelijks", "loopt", Y),
                ("Ouders betrekken.", "Gesprekken met ouders van jongeren uit de groepen, met een vaste werkwijze en brieven van de burgemeester.", BM, "Team OOV", ["Stichting Jongerenwerk Lindewaard", "Politie basisteam Lindewaard-Oost"], "Indien nodig", "niet gestart", Y),
                (None, "Aanbod van zinvolle vrijetijdsbesteding in de kernen Oosterlo en Veldhuizen, in overleg met de jongeren zelf.", WJ, "Team Samenleving", ["Stichting Jongerenwerk Lindewaard"], "medio 2028", "niet gestart", Y2),
            ]),
            ("Vroegsignalering", "Zorgen over jongeren worden vroeg gedeeld en opgepakt.", None, [
                (None, "Maandelijks jeugdoverleg van wijkteam, jongerenwerk, leerplicht en wijkagent over individuele jongeren.", WJ, "Team Samenleving", ["Wijkteam", "Stichting Jongerenwerk Lindewaard", "Leerplicht", "Politie basisteam Lindewaard-Oost"], "maandelijks", "loopt", Y),
                ("Halt-voorlichting.", "Halt-voorlichting over vuurwerk, online veiligheid en groepsdruk op alle basisscholen (groep 7 en 8).", WJ, "Team Samenleving", ["Halt"], "Elke kern 1x per jaar", "niet gestart", Y),
                ("Straatcoaches.", "Evaluatie van de inzet van straatcoaches in het centrum en besluit over voortzetting.", BM, "Team OOV", ["Stichting Jongerenwerk Lindewaard"], "september 2027", "niet gestart", Y1),
                (None, "Aansluiten bij het regionale programma 'Preventie met gezag' voor jongeren die op het randje van criminaliteit staan.", WJ, "Team Samenleving", ["Openbaar Ministerie", "Stichting Jongerenwerk Lindewaard"], "2027 e.v.", "niet gestart", Y),
            ]),
        ],
    },
    {
        "name": "Woonoverlast en leefbaarheid",
        "kind": "strategisch",
        "field": 1,
        "code": "1.1",
        "goal": "Overlast tussen buren en in wijken wordt vroeg en laagdrempelig opgelost.",
        "approach": "Buurtbemiddeling voorop, een sluitende aanpak voor complexe woonoverlast.",
        "sections": [
            ("Woonoverlast", "", None, [
                ("Buurtbemiddeling.", "Voortzetting van buurtbemiddeling en promotie bij huurders en eigenaar-bewoners.", WZ, "Team Samenleving", ["Buurtbemiddeling Lindewaard", "Woonstichting De Linde"], "doorlopend", "loopt", Y),
                ("Aanpak woonoverlast.", "Vaststellen van het protocol ernstige woonoverlast met de nieuwe bevoegdheid uit artikel 151d Gemeentewet.", BM, "Team OOV", ["Woonstichting De Linde", "Politie basisteam Lindewaard-Oost", "Wijkteam"], "begin 2027", "niet gestart", Y1),
                (None, "Casusoverleg complexe woonoverlast met woningcorporatie, wijkteam en politie.", BM, "Team OOV", ["Woonstichting De Linde", "Wijkteam", "Politie basisteam Lindewaard-Oost"], "zes-wekelijks", "loopt", Y),
            ]),
            ("Huisvesting arbeidsmigranten", "Arbeidsmigranten wonen fatsoenlijk en veilig; overlast wordt voorkomen.", None, [
                ("Registratie.", "Controle op inschrijving in de BRP bij huisvesting van arbeidsmigranten.", WZ, "Team Burgerzaken", ["Team Handhaving"], "2027/2028", "niet gestart", Y),
                (None, "Handhaving op overbewoning en illegale kamerverhuur, samen met de omgevingsdienst.", WV, "Team Handhaving", ["Omgevingsdienst Noord", "Veiligheidsregio / brandweer"], "4 maal per jaar", "loopt", Y),
            ]),
        ],
    },
    {
        "name": "Schone en hele openbare ruimte",
        "kind": "strategisch",
        "field": 1,
        "code": "1.2",
        "goal": "De openbare ruimte is schoon, heel en goed verlicht.",
        "approach": "Snel herstel na vernieling en schouwen samen met bewoners.",
        "sections": [
            ("Verloedering", "", None, [
                ("Wijkschouw.", "Jaarlijkse wijkschouw met bewoners in iedere wijk, met aandacht voor verlichting en donkere plekken.", WV, "Team Openbare Ruimte", ["Team Handhaving", "Woonstichting De Linde"], "Voorjaar 2027 en voorjaar 2028", "niet gestart", Y),
                (None, "Vernielingen en graffiti binnen 48 uur herstellen en de kosten verhalen op daders waar bekend.", WV, "Team Openbare Ruimte", [], "doorlopend", "loopt", Y),
                ("Afvaldumping.", "Camera-toezicht op de drie locaties met de meeste afvaldumpingen en handhaving op bijplaatsingen.", WV, "Team Handhaving", ["Team Openbare Ruimte"], "Start augustus 2027", "niet gestart", Y),
            ]),
        ],
    },
    {
        "name": "Veilig ondernemen",
        "kind": "strategisch",
        "field": 2,
        "code": "2.1",
        "goal": "Ondernemers in het centrum en op de bedrijventerreinen zijn minder vaak slachtoffer.",
        "approach": "Het Keurmerk Veilig Ondernemen als basis; collectieve maatregelen.",
        "sections": [
            ("Keurmerk Veilig Ondernemen", "", None, [
                ("KVO centrum.", "Hercertificering van het Keurmerk Veilig Ondernemen voor het winkelcentrum.", WE, "Team Economie", ["Ondernemersvereniging Lindewaard", "Politie basisteam Lindewaard-Oost", "Veiligheidsregio / brandweer"], "2e kwartaal 2028", "niet gestart", Y2),
                (None, "Starten van het KVO-traject voor bedrijventerrein De Hoeve.", WE, "Team Economie", ["Ondernemersvereniging Lindewaard", "Politie basisteam Lindewaard-Oost"], "medio 2027", "niet gestart", Y1),
                ("Winkeldiefstal.", "Collectief winkelverbod en snelle aangifte invoeren met de ondernemersvereniging.", WE, "Team OOV", ["Ondernemersvereniging Lindewaard", "Politie basisteam Lindewaard-Oost"], "2027", "niet gestart", Y1),
            ]),
            ("Cybercrime", "", None, [
                (None, "Voorlichting 'Digitaal weerbaar ondernemen' voor mkb, samen met de ondernemersvereniging.", WE, "Team Economie", ["Ondernemersvereniging Lindewaard", "Politie basisteam Lindewaard-Oost"], "eerste helft van 2028", "niet gestart", Y2),
            ]),
        ],
    },
    {
        "name": "Veilig uitgaan",
        "kind": "strategisch",
        "field": 2,
        "code": "2.3",
        "goal": "Het uitgaansgebied aan de Markt is gastvrij en veilig.",
        "approach": "Afspraken met horeca, toezicht en naleving van de leeftijdsgrenzen.",
        "sections": [
            ("Horeca", "", None, [
                ("Horecaconvenant.", "Vernieuwen van het horecaconvenant met collectieve ontzegging en afspraken over portiers.", BM, "Team OOV", ["Horeca Lindewaard", "Politie basisteam Lindewaard-Oost"], "1 maart 2027", "niet gestart", Y1),
                (None, "Nalevingsonderzoek leeftijdsgrens alcohol in horeca en supermarkten (mystery shopping).", WZ, "Team Handhaving", ["GGD Noord"], "Juni en november 2027", "niet gestart", Y1),
                ("Uitgaanstoezicht.", "Boa-toezicht in het uitgaansgebied op vrijdag- en zaterdagnacht in de zomermaanden.", BM, "Team Handhaving", ["Politie basisteam Lindewaard-Oost"], "Jaarlijks juni t/m augustus", "loopt", Y),
                (None, "Pilot met een later sluitingstijd voor twee horecazaken aan de Markt, met evaluatie na een jaar.", BM, "Team OOV", ["Horeca Lindewaard", "Politie basisteam Lindewaard-Oost"], "15-04-2027", "niet gestart", Y),
            ]),
        ],
    },
    {
        "name": "Evenementenveiligheid",
        "kind": "strategisch",
        "field": 2,
        "code": "2.4",
        "goal": "Evenementen verlopen veilig zonder onnodige regeldruk voor organisatoren.",
        "approach": "Risicogerichte vergunningverlening en een vaste evenementenkalender.",
        "sections": [
            ("Vergunningverlening", "", None, [
                ("Evenementenbeleid.", "Herzien van het evenementenbeleid met een risicoscan en standaardvoorschriften.", BM, "Team Vergunningen", ["Veiligheidsregio / brandweer", "Politie basisteam Lindewaard-Oost"], "4e kwartaal 2027", "niet gestart", Y1),
                (None, "Regionale evenementenkalender vaststellen in het driehoeksoverleg.", BM, "Team Vergunningen", ["Veiligheidsregio / brandweer", "Politie basisteam Lindewaard-Oost"], "December", "niet gestart", Y),
                ("Evaluatie Lindefeesten.", "Na afloop van de Lindefeesten een evaluatie met alle hulpdiensten en de organisatie.", BM, "Team OOV", ["Veiligheidsregio / brandweer", "Politie basisteam Lindewaard-Oost"], "september 2027, september 2028", "niet gestart", Y),
            ]),
        ],
    },
    {
        "name": "Alcohol en drugs",
        "kind": "strategisch",
        "field": 3,
        "code": "3.4",
        "goal": "Minder jongeren drinken alcohol en gebruiken drugs.",
        "approach": "Preventie op school, handhaving op verkoop, hulp bij problematisch gebruik.",
        "sections": [
            ("Preventie", "", None, [
                ("Preventieprogramma scholen.", "Uitvoeren van het programma 'Gezonde School' met voorlichting over alcohol, lachgas en drugs.", WJ, "Team Samenleving", ["GGD Noord", "Scholen voortgezet onderwijs", "Verslavingszorg Noord"], "schooljaar 2027/2028", "niet gestart", Y),
                (None, "Ouderavonden over middelengebruik in samenwerking met de scholen.", WJ, "Team Samenleving", ["GGD Noord", "Scholen voortgezet onderwijs"], "Voorjaar en najaar", "niet gestart", Y),
            ]),
            ("Handhaving", "", None, [
                (None, "Controles op de naleving van de leeftijdsgrens bij sportkantines en evenementen.", WZ, "Team Handhaving", [], "6 keer per jaar", "niet gestart", Y),
                ("Drugsoverlast.", "Aanpak van drugsoverlast in het Julianapark met extra toezicht en cameratoezicht.", BM, "Team OOV", ["Politie basisteam Lindewaard-Oost", "Team Handhaving"], "3e kwartaal 2027", "loopt", Y1),
            ]),
        ],
    },
    {
        "name": "Verkeersveiligheid",
        "kind": "strategisch",
        "field": 4,
        "code": "4.1",
        "goal": "Minder verkeersslachtoffers, met bijzondere aandacht voor fietsers en schoolroutes.",
        "approach": "Risicogestuurde aanpak volgens het Strategisch Plan Verkeersveiligheid.",
        "sections": [
            ("Schoolroutes", "", None, [
                (None, "Veilige schoolroutes: knelpunten rond de vijf basisscholen inventariseren en aanpakken.", WV, "Team Ruimte", ["Team Openbare Ruimte"], "2e kwartaal 2027", "niet gestart", Y1),
                ("Verkeerseducatie.", "Praktisch verkeersexamen en fietslessen voor nieuwkomers.", WV, "Team Ruimte", [], "jaarlijks", "loopt", Y),
            ]),
            ("Handhaving", "", None, [
                ("Snelheidscontroles.", "Snelheidscontroles op de N-wegen en in 30 km-zones op basis van klachten.", WV, "Team Ruimte", ["Politie basisteam Lindewaard-Oost", "Openbaar Ministerie"], "maandelijks", "loopt", Y),
                (None, "Inzet van de snelheidsdisplays op wisselende locaties op verzoek van bewoners.", WV, "Team Openbare Ruimte", [], "Op verzoek", "loopt", Y),
                ("Zware voertuigen.", "Afspraken met transportbedrijven over vrachtverkeer door de kern Oosterlo.", WV, "Team Ruimte", ["Ondernemersvereniging Lindewaard"], "eind 2028", "niet gestart", Y2),
            ]),
        ],
    },
    {
        "name": "Brandveiligheid",
        "kind": "strategisch",
        "field": 4,
        "code": "4.2",
        "goal": "Minder woningbranden en slachtoffers van brand.",
        "approach": "Brandveilig leven bij kwetsbare groepen.",
        "sections": [
            ("Brandveilig leven", "", None, [
                ("Rookmelders.", "Voorlichting over rookmelders en huisbezoeken bij ouderen die langer thuis wonen.", BM, "Team OOV", ["Veiligheidsregio / brandweer", "Wijkteam"], "doorlopend", "loopt", Y),
                (None, "Brandveiligheidscontroles bij verblijfsrecreatie en arbeidsmigrantenhuisvesting.", BM, "Team Vergunningen", ["Veiligheidsregio / brandweer", "Omgevingsdienst Noord"], "jaarlijks, voor 1 juni", "niet gestart", Y),
            ]),
        ],
    },
    {
        "name": "Crisisbeheersing",
        "kind": "strategisch",
        "field": 4,
        "code": "4.4",
        "goal": "De gemeentelijke crisisorganisatie is goed voorbereid.",
        "approach": "Opleiden, trainen en oefenen volgens het regionale OTO-plan.",
        "sections": [
            ("Bevolkingszorg", "", None, [
                (None, "Deelname van sleutelfunctionarissen aan het regionale OTO-programma.", BM, "Team OOV", ["Veiligheidsregio / brandweer"], "doorlopend", "loopt", Y),
                ("Oefening.", "Gemeentelijke oefening 'uitval nutsvoorzieningen' met evaluatie.", BM, "Team OOV", ["Veiligheidsregio / brandweer"], "najaar 2027", "niet gestart", Y1),
                ("Noodplan.", "Actualiseren van het gemeentelijk deelplan opvang en verzorging.", BM, "Team OOV", ["Veiligheidsregio / brandweer"], "Q2 2028", "niet gestart", Y2),
                ("Continuïteit.", "Bedrijfscontinuïteitsplan voor uitval van ICT en stroom op het gemeentehuis.", BM, "Team Bedrijfsvoering", ["Veiligheidsregio / brandweer"], "2e helft 2027", "niet gestart", Y1),
                (None, "Risicocommunicatie: inwoners informeren over wat zij zelf kunnen doen bij een crisis (noodpakket).", BM, "Team Communicatie", ["Veiligheidsregio / brandweer"], "Bij twijfel in overleg met de veiligheidsregio", "niet gestart", Y),
            ]),
        ],
    },
    {
        "name": "Polarisatie en radicalisering",
        "kind": "strategisch",
        "field": 5,
        "code": "5.1",
        "goal": "Signalen van polarisatie en radicalisering worden herkend en besproken.",
        "approach": "Een netwerk van sleutelfiguren en een casusoverleg in het Veiligheidshuis.",
        "sections": [
            ("Signalering", "", None, [
                ("Sleutelfiguren.", "Onderhouden van het netwerk van sleutelfiguren en twee bijeenkomsten per jaar.", BM, "Team OOV", ["Stichting Jongerenwerk Lindewaard", "Wijkteam"], "2x per jaar", "loopt", Y),
                (None, "Training 'Signaleren van radicalisering' voor eerstelijnsprofessionals.", BM, "Team OOV", ["Veiligheidshuis Regio Noord", "Wijkteam", "Leerplicht"], "2027", "niet gestart", Y1),
                ("Casusoverleg.", "Inbreng van casuïstiek in het regionale casusoverleg radicalisering.", BM, "Team OOV", ["Veiligheidshuis Regio Noord", "Politie basisteam Lindewaard-Oost"], "Op verzoek", "loopt", Y),
            ]),
        ],
    },
    {
        "name": "Huiselijk geweld en kindermishandeling",
        "kind": "strategisch",
        "field": 5,
        "code": "5.4",
        "goal": "Huiselijk geweld wordt eerder gemeld en duurzaam gestopt.",
        "approach": "Samenwerking met Veilig Thuis en het wijkteam; de meldcode in alle organisaties.",
        "sections": [
            ("Aanpak", "", None, [
                ("Meldcode.", "Alle gesubsidieerde organisaties werken aantoonbaar met de meldcode huiselijk geweld.", WZ, "Team Samenleving", ["Veilig Thuis"], "eind 2027", "niet gestart", Y1),
                (None, "Tijdelijk huisverbod: afspraken met Veilig Thuis en politie over de uitvoering en nazorg.", BM, "Team OOV", ["Veilig Thuis", "Politie basisteam Lindewaard-Oost", "Wijkteam"], "doorlopend", "loopt", Y),
                ("Week tegen Kindermishandeling.", "Campagne tijdens de Week tegen Kindermishandeling.", WZ, "Team Communicatie", ["Veilig Thuis"], "november", "niet gestart", Y),
                (None, "Ouderenmishandeling: scholing van thuiszorgmedewerkers en vrijwilligers in het herkennen van signalen.", WZ, "Team Samenleving", ["Veilig Thuis", "Wijkteam"], "voorjaar 2028", "niet gestart", Y2),
                ("Aandachtsfunctionarissen.", "Netwerkbijeenkomst van aandachtsfunctionarissen huiselijk geweld.", WZ, "Team Samenleving", ["Veilig Thuis"], "1x per jaar", "niet gestart", Y),
            ]),
        ],
    },
    {
        "name": "Bestuurlijke integriteit en weerbaarheid",
        "kind": "strategisch",
        "field": 5,
        "code": "5.5",
        "goal": "Bestuurders, raadsleden en medewerkers zijn weerbaar tegen intimidatie en ongewenste beïnvloeding.",
        "approach": "Integriteitsbeleid, een vertrouwenspersoon en een protocol agressie en intimidatie.",
        "sections": [
            ("Integriteit", "", None, [
                ("Integriteitsbeleid.", "Actualiseren van de gedragscodes voor college, raad en ambtenaren.", BM, "Team Bedrijfsvoering", [], "begin 2028", "niet gestart", Y2),
                (None, "Weerbaarheidstraining voor raadsleden na de gemeenteraadsverkiezingen.", BM, "Team OOV", [], "2e kwartaal 2026", "gereed", []),
                ("Protocol agressie.", "Protocol agressie en intimidatie tegen ambtsdragers vaststellen en oefenen.", BM, "Team OOV", ["Politie basisteam Lindewaard-Oost", "Openbaar Ministerie"], "vanaf 2028", "niet gestart", Y2),
            ]),
        ],
    },
    {
        "name": "Veiligheidsbeleving",
        "kind": "overkoepelend",
        "field": 1,
        "code": "1.4",
        "goal": "Inwoners voelen zich veiliger in hun buurt en weten wat de gemeente doet.",
        "approach": "Zichtbare inzet in de wijken en heldere communicatie over veiligheid.",
        "sections": [
            ("Communicatie", "", None, [
                ("Veiligheidsmonitor.", "Deelname aan de Veiligheidsmonitor en bespreking van de uitkomsten met de raad.", BM, "Team OOV", ["Team Communicatie"], "maart 2028", "niet gestart", Y2),
                (None, "Maandelijks een veiligheidsbericht in de lokale krant en op sociale media.", BM, "Team Communicatie", ["Politie basisteam Lindewaard-Oost"], "maandelijks", "loopt", Y),
                ("Wijkavonden.", "Wijkavonden over veiligheid met wijkagent en handhavers.", BM, "Team OOV", ["Politie basisteam Lindewaard-Oost", "Team Handhaving"], "Elke kern 1x per jaar", "niet gestart", Y),
                (None, "Publiceren van een jaarlijks veiligheidsbeeld per kern op de gemeentelijke website.", BM, "Team OOV", ["Team Communicatie"], "1e kwartaal 2028", "niet gestart", Y2),
            ]),
        ],
    },
    {
        "name": "Zorg en veiligheid",
        "kind": "overkoepelend",
        "field": None,
        "code": None,
        "goal": "Personen met verward of onbegrepen gedrag krijgen tijdig passende zorg; overlast en risico's nemen af.",
        "approach": "Eén sluitende aanpak van zorg- en veiligheidspartners, met het Veiligheidshuis als schakel.",
        "sections": [
            ("Personen met verward gedrag", "", None, [
                ("Meldpunt.", "Laagdrempelig meldpunt niet-acute zorg voor inwoners en partners, 24/7 bereikbaar via de regio.", WZ, "Team Samenleving", ["GGD Noord", "Wijkteam", "Politie basisteam Lindewaard-Oost"], "1 januari 2027", "loopt", Y),
                (None, "Uitvoering van de Wet verplichte ggz: tijdig horen van betrokkenen voor een crisismaatregel.", BM, "Team OOV", ["GGD Noord"], "Indien nodig", "loopt", Y),
                ("Terugkeer na detentie.", "Sluitende afspraken over nazorg voor ex-gedetineerden (huisvesting, inkomen, zorg).", WZ, "Team Samenleving", ["Veiligheidshuis Regio Noord", "Woonstichting De Linde"], "tweewekelijks", "loopt", Y),
                ("Evaluatie.", "Evaluatie van de aanpak personen met verward gedrag.", WZ, "Team Samenleving", ["GGD Noord", "Politie basisteam Lindewaard-Oost"], "wordt nog bepaald", "niet gestart", Y2),
                (None, "Gezamenlijk casusoverleg zorg en veiligheid in het Veiligheidshuis voor complexe, multiproblematiek.", BM, "Team OOV", ["Veiligheidshuis Regio Noord", "GGD Noord", "Wijkteam"], "tweewekelijks", "loopt", Y),
                ("Bemoeizorg.", "Inzet van bemoeizorg voor zorgmijders met ernstige overlast.", WZ, "Team Samenleving", ["GGD Noord", "Verslavingszorg Noord"], "Op verzoek", "loopt", Y),
            ]),
        ],
    },
]

# Indicators: (theme name or None, name, source, unit, direction, baseline value, baseline year,
#              targets {year: text}, measurements {year: value})
INDICATORS: list[tuple[Any, ...]] = [
    (None, "Geregistreerde misdrijven per 1.000 inwoners", "Politie (CBS)", "per 1.000 inwoners",
     "lager is beter", 38.5, 2025, {2027: "≤ 37", 2028: "≤ 36", 2030: "≤ 34"}, {2026: 37.9}),
    ("Veiligheidsbeleving", "Inwoners die zich weleens onveilig voelen in de eigen buurt", "Veiligheidsmonitor", "%",
     "lager is beter", 18.0, 2025, {2027: "≤ 17%", 2028: "≤ 16%", 2030: "≤ 15%"}, {2026: 17.4}),
    ("Veiligheidsbeleving", "Rapportcijfer veiligheid in de buurt", "Veiligheidsmonitor", "rapportcijfer",
     "hoger is beter", 7.2, 2025, {2027: "≥ 7,3", 2028: "≥ 7,4", 2030: "≥ 7,5"}, {2026: 7.1}),
    ("High Impact Crimes en woninginbraak", "Woninginbraken per 1.000 woningen", "Politie", "per 1.000 woningen",
     "lager is beter", 3.1, 2025, {2027: "≤ 2,8", 2028: "≤ 2,6", 2030: "≤ 2,4"}, {2026: 2.7}),
    ("High Impact Crimes en woninginbraak", "Geweldsmisdrijven", "Politie", "aantal",
     "lager is beter", 105, 2025, {2027: "< 100", 2028: "< 95"}, {2026: 108}),
    ("Ondermijning", "Integrale controles op bedrijventerreinen en buitengebied", "Eigen registratie", "aantal",
     "hoger is beter", 4, 2025, {2027: "≥ 8", 2028: "≥ 10"}, {}),
    ("Ondermijning", "Bibob-toetsingen", "Eigen registratie", "aantal",
     "hoger is beter", 12, 2025, {2027: "≥ 20", 2028: "≥ 25"}, {2026: 15}),
    ("Risicojeugd en jeugdgroepen", "Meldingen jeugdoverlast", "Politie", "aantal",
     "lager is beter", 212, 2025, {2027: "≤ 190", 2028: "≤ 175"}, {2026: 198}),
    ("Alcohol en drugs", "Jongeren (12–16 jaar) die de afgelopen maand alcohol dronken", "GGD Jeugdmonitor", "%",
     "lager is beter", 21.0, 2024, {2027: "≤ 19%", 2028: "≤ 18%"}, {2026: 20.5}),
    ("Woonoverlast en leefbaarheid", "Meldingen woonoverlast", "Eigen registratie", "aantal",
     "lager is beter", 95, 2025, {2027: "≤ 90", 2028: "≤ 85"}, {2026: 101}),
    ("Verkeersveiligheid", "Verkeersslachtoffers met ziekenhuisopname", "Politie / VIA", "aantal",
     "lager is beter", 14, 2025, {2027: "≤ 13", 2028: "≤ 12"}, {}),
    ("Brandveiligheid", "Woningbranden", "Veiligheidsregio", "aantal",
     "lager is beter", 11, 2025, {2027: "≤ 10", 2028: "≤ 10"}, {2026: 9}),
    ("Veilig ondernemen", "Ondernemers die slachtoffer werden van criminaliteit", "Monitor Criminaliteit Bedrijfsleven", "%",
     "lager is beter", 14.0, 2024, {2027: "≤ 13%", 2028: "≤ 12%"}, {}),
    ("Huiselijk geweld en kindermishandeling", "Meldingen bij Veilig Thuis per 1.000 inwoners", "Veilig Thuis", "per 1.000 inwoners",
     "hoger is beter", 4.2, 2025, {2027: "≥ regiogemiddelde", 2028: "≥ regiogemiddelde"}, {2026: 4.4}),
]

# P&C moments: (kind, name, month, day, year offset from plan start)
CONTROL_MOMENT_NOTES = {
    "voortgangsrapportage": "Voortgang per activiteit en stand van de indicatoren, ter kennisname aan de raad.",
}

PROGRESS_NOTES: dict[str, list[tuple[str, str, str]]] = {
    # activity title → [(dd-mm-jjjj, moment, text)]
    "Meldpunt ondermijning.": [
        ("15-10-2026", "Evaluatie vorig uitvoeringsplan", "In 2026 kwamen 23 signalen binnen; 6 zijn doorgezet naar het RIEC."),
    ],
    "Buurtpreventie.": [
        ("15-10-2026", "Evaluatie vorig uitvoeringsplan", "Vijf groepen actief met samen ruim 900 deelnemers."),
    ],
    "Top-X aanpak.": [
        ("01-11-2026", "Driehoeksoverleg", "Twaalf jongeren in de aanpak; drie zijn uitgestroomd met werk of opleiding."),
    ],
    "Drugsoverlast.": [
        ("10-11-2026", "Driehoeksoverleg", "Camera's geplaatst; meldingen in het park halveerden in oktober."),
    ],
}
