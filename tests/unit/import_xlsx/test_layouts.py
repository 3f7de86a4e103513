"""Each layout of real uitvoeringsplannen, generated with openpyxl, imported into a real database.

Every test asserts the exact themes, onderdelen (with kop and ambitie), activities and
field values that must come out, so a broken rule breaks a test.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ivpdesk.services.import_xlsx import analyse_workbook
from tests.unit.import_xlsx.builder import Book, raw_xlsx, sheet_xml
from tests.unit.import_xlsx.conftest import Importer, rows, themes_by_name

FIELDS = ("onderdeel", "kop", "titel", "activiteit", "bestuurlijk_trekker", "ambtelijk_trekker",
          "partners", "planning", "status")


def test_header_row_not_on_top_with_variant_names_and_year_suffix(tmp_path: Path,
                                                                  run_import: Importer) -> None:
    book = Book()
    sheet = book.sheet("Blad1")
    sheet.row("Uitvoeringsplan veiligheid gemeente Oudewater-Noord 2015-2016", bold=True)
    sheet.blank()
    sheet.row("Vastgesteld door het college op 3 februari 2015.")
    sheet.blank()
    header = sheet.header("Thema ", "Item/actiepunt", "Resultaten/activiteiten 2015/2016",
                          "Portefeuillehouder", "Ambtelijk trekker", "Betrokken partijen",
                          "Wanneer?")
    assert header == 5
    sheet.row("Woninginbraak", "Preventie", "Voorlichting over inbraakpreventie in de wijk.",
              "Burgemeester", "Team OOV", "Politie, Buurtpreventie", "2e kwartaal 2015")
    sheet.row("Woninginbraak", "Preventie", "Witte voetjes-actie in de Week van de Veiligheid.",
              "Burgemeester", "Team OOV", "Politie", "oktober 2015")
    path = book.save(tmp_path / "plan.xlsx")

    plan = run_import(path)

    assert plan["gemeente"] == "Oudewater-Noord"
    assert plan["uitvoeringsplan"]["start"] == 2015 and plan["uitvoeringsplan"]["end"] == 2016
    theme = themes_by_name(plan)["Woninginbraak"]
    assert rows(theme, *FIELDS) == [
        ("Preventie", None, None, "Voorlichting over inbraakpreventie in de wijk.", "Burgemeester",
         "Team OOV", ["Politie", "Buurtpreventie"], "2e kwartaal 2015", "niet gestart"),
        ("Preventie", None, None, "Witte voetjes-actie in de Week van de Veiligheid.", "Burgemeester",
         "Team OOV", ["Politie"], "oktober 2015", "niet gestart"),
    ]
    assert all(a["jaren"] == [2015, 2016] for a in theme["activities"])
    analysis = analyse_workbook(path)
    sheet_result = analysis.sheet("Blad1")
    assert sheet_result is not None and sheet_result.header_row == 5
    assert [c.field for c in sheet_result.columns][:7] == [
        "thema", "onderdeel", "activiteit", "bestuurlijk trekker", "ambtelijk trekker",
        "partners", "planning"]


def test_one_sheet_per_theme_by_sheet_name_or_title_row(tmp_path: Path, run_import: Importer) -> None:
    book = Book()
    first = book.sheet("Woninginbraak")
    first.header("Onderdeel", "Activiteit", "Trekker", "Planning")
    first.row("Preventie", "Inbraakpreventie-avond per kern.", "Team OOV", "voorjaar 2025")
    second = book.sheet("Blad2")
    second.row("Thema: Jeugdoverlast", bold=True)
    second.header("Onderdeel", "Activiteit", "Trekker", "Planning")
    second.row("Groepsaanpak", "Shortlist jeugdgroepen actualiseren.", "Team OOV", "halfjaarlijks")
    third = book.sheet("Prioriteiten")
    third.row("Ondermijning", bold=True)
    third.header("Onderdeel", "Activiteit", "Trekker", "Planning")
    third.row("Informatie", "Integraal ondermijningsbeeld opstellen.", "Team OOV", "2025")
    path = book.save(tmp_path / "per-thema.xlsx")

    plan = run_import(path)

    themes = themes_by_name(plan)
    assert list(themes) == ["Woninginbraak", "Jeugdoverlast", "Ondermijning"]
    assert rows(themes["Woninginbraak"], "onderdeel", "activiteit", "ambtelijk_trekker", "planning") == [
        ("Preventie", "Inbraakpreventie-avond per kern.", "Team OOV", "voorjaar 2025")]
    assert rows(themes["Jeugdoverlast"], "onderdeel", "activiteit") == [
        ("Groepsaanpak", "Shortlist jeugdgroepen actualiseren.")]
    assert themes["Ondermijning"]["kind"] == "prioriteit"  # from the sheet name
    assert themes["Woninginbraak"]["kind"] == "strategisch"


def test_one_sheet_with_banner_rows_per_theme(tmp_path: Path, run_import: Importer) -> None:
    book = Book()
    sheet = book.sheet("Uitvoeringsplan")
    sheet.row("Uitvoeringsplan Integrale Veiligheid Dijkerveen 2025-2028", bold=True, merge_across=4)
    sheet.blank()
    sheet.banner("Prioriteit 1: Ondermijning", 4)
    sheet.header("onderdeel", "inzet/activiteiten", "bestuurlijk trekker", "planning")
    sheet.row("Bewustwording", "Training ondermijning voor baliemedewerkers.", "Burgemeester", "2025")
    sheet.banner("Strategisch thema 3: Verkeersveiligheid", 4, fill=None)
    sheet.row("Educatie", "Verkeersexamen basisscholen.", "Wethouder Verkeer", "jaarlijks")
    sheet.blank()
    sheet.banner("Veilig uitgaan", 4)  # no kind word: merged across and filled is enough
    sheet.header("onderdeel", "inzet/activiteiten", "bestuurlijk trekker", "planning")
    sheet.row("Horeca", "Horecaconvenant vernieuwen.", "Burgemeester", "1 maart 2026")
    sheet.row("Overig thema 4 – Dierenwelzijn", bold=True)
    sheet.row("Meldingen", "Afspraken met de dierenambulance.", "Wethouder", "2026")
    path = book.save(tmp_path / "banners.xlsx")

    plan = run_import(path)

    assert plan["gemeente"] == "Dijkerveen"
    assert plan["ivp"] == {"start": 2025, "end": 2028}
    assert plan["uitvoeringsplan"]["start"] == 2025 and plan["uitvoeringsplan"]["end"] == 2026
    summary = [(t["name"], t["kind"], t["veiligheidsveld_nummer"], t["standaardthema"],
                [a["activiteit"] for a in t["activities"]]) for t in plan["themes"]]
    assert summary == [
        ("Ondermijning", "prioriteit", None, None, ["Training ondermijning voor baliemedewerkers."]),
        ("Verkeersveiligheid", "strategisch", 4, "4.1", ["Verkeersexamen basisscholen."]),
        ("Veilig uitgaan", "strategisch", 2, "2.3", ["Horecaconvenant vernieuwen."]),
        ("Dierenwelzijn", "overig", None, None, ["Afspraken met de dierenambulance."]),
    ]


def test_one_sheet_per_safety_field_with_several_tables(tmp_path: Path, run_import: Importer) -> None:
    book = Book()
    sheet = book.sheet("1 Veilige woon- en leefomgeving")
    sheet.row("1.1 Sociale kwaliteit", bold=True)
    sheet.header("Onderdeel", "Maatregel", "Trekker", "Termijn")
    sheet.row("Buren", "Buurtbemiddeling promoten bij huurders.", "Team Samenleving", "doorlopend")
    sheet.blank(2)
    sheet.row("Woninginbraak", bold=True)
    sheet.header("Onderdeel", "Maatregel", "Trekker", "Termijn")
    sheet.row("Preventie", "Inbraakscan voor ouderen.", "Team OOV", "2025")
    second = book.sheet("Jeugd en veiligheid")
    second.row("Risicojeugd", bold=True)
    second.header("Onderdeel", "Maatregel", "Trekker", "Termijn")
    second.row("Signalering", "Jeugdoverleg met wijkteam en politie.", "Team OOV", "maandelijks")
    path = book.save(tmp_path / "velden.xlsx")

    plan = run_import(path)

    summary = [(t["name"], t["veiligheidsveld_nummer"], t["standaardthema"]) for t in plan["themes"]]
    assert summary == [("Sociale kwaliteit", 1, "1.1"), ("Woninginbraak", 1, None),
                       ("Risicojeugd", 3, "3.3")]
    assert rows(themes_by_name(plan)["Woninginbraak"], "onderdeel", "activiteit", "planning") == [
        ("Preventie", "Inbraakscan voor ouderen.", "2025")]


def test_kop_rows_with_only_the_first_cell_filled(tmp_path: Path, run_import: Importer) -> None:
    book = Book()
    sheet = book.sheet("Jeugd")
    sheet.header("Onderdeel", "Activiteit", "Trekker")
    sheet.row("Preventie", bold=True)
    sheet.row("Voorlichting", "Halt-voorlichting groep 8.", "Team Samenleving")
    sheet.row("Ouders", "Ouderavond over middelengebruik.", "Team Samenleving")
    sheet.row("Repressie")  # a kop need not be bold
    sheet.row("Handhaving", "Controle leeftijdsgrens in kantines.", "Team Handhaving")
    path = book.save(tmp_path / "kop.xlsx")

    plan = run_import(path)

    assert rows(themes_by_name(plan)["Jeugd"], "kop", "onderdeel", "activiteit") == [
        ("Preventie", "Voorlichting", "Halt-voorlichting groep 8."),
        ("Preventie", "Ouders", "Ouderavond over middelengebruik."),
        ("Repressie", "Handhaving", "Controle leeftijdsgrens in kantines."),
    ]


def test_merged_cells_and_empty_first_cells_continue_the_section(tmp_path: Path,
                                                                 run_import: Importer) -> None:
    book = Book()
    sheet = book.sheet("Zorg en veiligheid")
    sheet.header("onderdeel", "inzet/activiteiten", "bestuurlijk trekker", "partners", "planning")
    first = sheet.row("Casusaanpak", "Persoonsgerichte aanpak.", "Burgemeester", "Veiligheidshuis, GGZ",
                      "doorlopend")
    sheet.row(None, "Crisisopvang regelen.", None, None, None)
    last = sheet.row(None, "Protocol sociale crises.", "Wethouder Zorg", "GGZ", "2026")
    sheet.merge_down(1, first, first + 1)  # onderdeel merged over two rows; third row empty
    sheet.merge_down(3, first, first + 1)  # bestuurlijk trekker merged too
    sheet.merge_down(4, first, first + 1)
    sheet.merge_down(5, first, first + 1)
    sheet.row("Nazorg", "Nazorg ex-gedetineerden.", None, "Reclassering", None)
    sheet.row(None, "Huisbezoek na terugkeer.", None, None, "2e kwartaal 2026")
    assert last == first + 2
    path = book.save(tmp_path / "merged.xlsx")

    plan = run_import(path)

    assert rows(themes_by_name(plan)["Zorg en veiligheid"], "onderdeel", "activiteit",
                "bestuurlijk_trekker", "partners", "planning") == [
        ("Casusaanpak", "Persoonsgerichte aanpak.", "Burgemeester", ["Veiligheidshuis", "GGZ"],
         "doorlopend"),
        ("Casusaanpak", "Crisisopvang regelen.", "Burgemeester", ["Veiligheidshuis", "GGZ"],
         "doorlopend"),
        ("Casusaanpak", "Protocol sociale crises.", "Wethouder Zorg", ["GGZ"], "2026"),
        ("Nazorg", "Nazorg ex-gedetineerden.", "", ["Reclassering"], ""),
        ("Nazorg", "Huisbezoek na terugkeer.", "", [], "2e kwartaal 2026"),
    ]


def test_bullets_in_one_cell_become_one_activity_each(tmp_path: Path, run_import: Importer) -> None:
    book = Book()
    sheet = book.sheet("Brandveiligheid")
    sheet.header("onderdeel", "activiteiten", "bestuurlijk trekker", "partners", "planning")
    sheet.row("Risicobeheersing",
              "Brandveilig leven:\no Rookmelders bij ouderen. Huisbezoeken samen met de brandweer.\n"
              "o Voorlichting op basisscholen\nIncidentbestrijding:\no Werving vrijwilligers",
              "Burgemeester", "Brandweer, Wijkteam", "doorlopend")
    sheet.row("Voorlichting", "• Folders\n• Website\n- Social media\n* Lokale krant\n1. Beurs\n2. Markt",
              "Burgemeester", "Brandweer", "2026")
    sheet.row("Techniek", "<ul><li>Bluswater controleren</li><li>Sleutelkluis plaatsen</li></ul>",
              "Burgemeester", None, "2025")
    sheet.row("Ketting", "Inzet • straatcoaches • jongerenwerk", "Burgemeester", None, None)
    path = book.save(tmp_path / "bullets.xlsx")

    plan = run_import(path)

    assert rows(themes_by_name(plan)["Brandveiligheid"], "onderdeel", "titel", "activiteit",
                "partners", "planning") == [
        ("Risicobeheersing", "Rookmelders bij ouderen.",
         "Brandveilig leven: Huisbezoeken samen met de brandweer.", ["Brandweer", "Wijkteam"],
         "doorlopend"),
        ("Risicobeheersing", None, "Brandveilig leven: Voorlichting op basisscholen",
         ["Brandweer", "Wijkteam"], "doorlopend"),
        ("Risicobeheersing", None, "Incidentbestrijding: Werving vrijwilligers",
         ["Brandweer", "Wijkteam"], "doorlopend"),
        ("Voorlichting", None, "Folders", ["Brandweer"], "2026"),
        ("Voorlichting", None, "Website", ["Brandweer"], "2026"),
        ("Voorlichting", None, "Social media", ["Brandweer"], "2026"),
        ("Voorlichting", None, "Lokale krant", ["Brandweer"], "2026"),
        ("Voorlichting", None, "Beurs", ["Brandweer"], "2026"),
        ("Voorlichting", None, "Markt", ["Brandweer"], "2026"),
        ("Techniek", None, "Bluswater controleren", [], "2025"),
        ("Techniek", None, "Sleutelkluis plaatsen", [], "2025"),
        ("Ketting", None, "Inzet: straatcoaches", [], ""),
        ("Ketting", None, "Inzet: jongerenwerk", [], ""),
    ]


def test_short_lead_phrase_becomes_the_title(tmp_path: Path, run_import: Importer) -> None:
    book = Book()
    sheet = book.sheet("Woonoverlast")
    sheet.header("onderdeel", "activiteit")
    sheet.row("Buren", "Buurtbemiddeling. Voortzetting van buurtbemiddeling, plm. 20 casussen per jaar.")
    sheet.row("Buren", "o Wet aanpak woonoverlast. Cf. de APV. Gedragsaanwijzing als ultimum remedium.")
    sheet.row("Buren", "Evenementenkalender.")
    sheet.row("Buren", "Overleg met de corporatie over overlast in de wijk De Gaarden en de aanpak "
                       "die daar nodig is voor de komende jaren. Daarna evaluatie.")
    path = book.save(tmp_path / "titels.xlsx")

    plan = run_import(path)

    assert rows(themes_by_name(plan)["Woonoverlast"], "titel", "activiteit") == [
        ("Buurtbemiddeling.", "Voortzetting van buurtbemiddeling, plm. 20 casussen per jaar."),
        ("Wet aanpak woonoverlast.", "Cf. de APV. Gedragsaanwijzing als ultimum remedium."),
        (None, "Evenementenkalender."),
        (None, "Overleg met de corporatie over overlast in de wijk De Gaarden en de aanpak die daar "
               "nodig is voor de komende jaren. Daarna evaluatie."),
    ]


def test_flat_list_with_theme_and_cluster_columns(tmp_path: Path, run_import: Importer) -> None:
    book = Book()
    sheet = book.sheet("Activiteiten")
    sheet.header("Cluster", "Thema", "Activiteit", "Wie", "Deadline", "Status")
    sheet.row("Veilige woon- en leefomgeving", "Woninginbraak", "Buurtpreventie-app ondersteunen.",
              "Team OOV, politie", "doorlopend", "Loopt")
    sheet.row("Veilige woon- en leefomgeving", "Woninginbraak\u00a0 ", "Inbraakscan aanbieden.",
              "Team OOV", "2025", "afgerond")
    sheet.row("Zorg", "Verward gedrag", "Meldpunt niet-acute zorg.", "Wethouder Zorg, Team Zorg, GGD",
              "medio 2025", "in uitvoering")
    sheet.row("Zorg", "Woninginbraak", "Nazorg slachtoffers.", "Politie", "2026", "zo goed als klaar")
    path = book.save(tmp_path / "plat.xlsx")

    plan = run_import(path)

    themes = themes_by_name(plan)
    assert list(themes) == ["Woninginbraak", "Verward gedrag"]
    assert themes["Woninginbraak"]["veiligheidsveld_nummer"] == 1
    assert rows(themes["Woninginbraak"], "kop", "activiteit", "bestuurlijk_trekker",
                "ambtelijk_trekker", "partners", "planning", "status") == [
        (None, "Buurtpreventie-app ondersteunen.", "", "Team OOV", ["politie"], "doorlopend", "loopt"),
        (None, "Inbraakscan aanbieden.", "", "Team OOV", [], "2025", "gereed"),
        ("Zorg", "Nazorg slachtoffers.", "", "Politie", [], "2026", "niet gestart"),
    ]
    assert rows(themes["Verward gedrag"], "kop", "activiteit", "bestuurlijk_trekker",
                "ambtelijk_trekker", "partners", "status") == [
        ("Zorg", "Meldpunt niet-acute zorg.", "Wethouder Zorg", "Team Zorg", ["GGD"], "loopt")]
    report = run_import.report
    assert report is not None
    assert [(n.sheet, n.row) for n in report.flagged_rows] == [("Activiteiten", 5)]
    assert "zo goed als klaar" in report.flagged_rows[0].reason


def test_flat_list_with_soort_veld_kop_titel_and_voortgang_columns(
        tmp_path: Path, run_import: Importer, db) -> None:  # type: ignore[no-untyped-def]
    """A plan kept as one long list, as exported by many tools: every row complete."""
    book = Book()
    sheet = book.sheet("Lijst")
    sheet.header("Veiligheidsveld", "Thema", "Soort", "Kop", "Onderdeel", "Titel", "Activiteit",
                 "Trekker", "Planning", "Voortgang")
    sheet.row("Veilige woon- en leefomgeving", "Woninginbraak", "Prioriteit", "Preventie",
              "Buurt", "Buurtpreventie.", "Appgroepen in elke kern ondersteunen.", "Team OOV",
              "doorlopend", "Acht groepen actief.")
    sheet.row("Veilige woon- en leefomgeving", "Woninginbraak", "Prioriteit", None, "Nazorg",
              "Nazorgbezoek", "Binnen een week na een inbraak langs.", "Politie", "2027", None)
    sheet.row("Overkoepelend", "Samen met inwoners", "Overkoepelend thema", None, "Communicatie",
              None, "Veiligheidsnieuws. Twee keer per jaar een nieuwsbrief.", "Team Communicatie",
              "voorjaar en najaar", "Eerste nieuwsbrief verschenen.")
    path = book.save(tmp_path / "lijst.xlsx")

    plan = run_import(path)

    themes = themes_by_name(plan)
    assert [(t["name"], t["kind"], t["veiligheidsveld_nummer"]) for t in plan["themes"]] == [
        ("Woninginbraak", "prioriteit", 1), ("Samen met inwoners", "overkoepelend", None)]
    assert rows(themes["Woninginbraak"], "kop", "onderdeel", "titel", "activiteit",
                "ambtelijk_trekker", "planning") == [
        ("Preventie", "Buurt", "Buurtpreventie.", "Appgroepen in elke kern ondersteunen.",
         "Team OOV", "doorlopend"),
        (None, "Nazorg", "Nazorgbezoek", "Binnen een week na een inbraak langs.", "Politie", "2027"),
    ]
    assert rows(themes["Samen met inwoners"], "kop", "titel", "activiteit") == [
        (None, "Veiligheidsnieuws.", "Twee keer per jaar een nieuwsbrief.")]
    with db.uow() as uow:  # a voortgang cell becomes a progress note, not description text
        notes = sorted((a.display_title, [n.text for n in a.progress_notes])
                       for _t, _s, a in uow.reader.load(uow.plans.current_id()).activities())
    assert notes == [("Buurtpreventie.", ["Acht groepen actief."]), ("Nazorgbezoek", []),
                     ("Veiligheidsnieuws.", ["Eerste nieuwsbrief verschenen."])]


def test_inzet_and_ambitie_blocks_above_tables(tmp_path: Path, run_import: Importer) -> None:
    book = Book()
    sheet = book.sheet("Ondermijning")
    sheet.row("Inzet: Bestuurlijke weerbaarheid")
    sheet.row("Ambitie: Medewerkers herkennen signalen van ondermijning.")
    sheet.header("Wat gaan we doen", "Wie", "Wanneer")
    sheet.row("Awareness-training voor alle teams.", "Team OOV, RIEC", "2025")
    sheet.row("Integriteitstoets bij vergunningen.", "Burgemeester, Team Vergunningen", "doorlopend")
    sheet.blank()
    sheet.row("Inzet", "Informatiepositie")  # label without colon, text in the next cell
    sheet.row("Ambitie", "Een actueel ondermijningsbeeld.")
    sheet.row("Ondermijningsbeeld laten opstellen.", "RIEC", "eind 2025")  # no own header
    sheet.blank()
    sheet.row("Inzet:")  # label without text
    sheet.row("Meldpunt promoten.", "Team Communicatie", "2026")
    path = book.save(tmp_path / "blokken.xlsx")

    plan = run_import(path)

    theme = themes_by_name(plan)["Ondermijning"]
    assert rows(theme, "onderdeel", "activiteit", "bestuurlijk_trekker", "ambtelijk_trekker",
                "partners", "planning") == [
        ("Bestuurlijke weerbaarheid", "Awareness-training voor alle teams.", "", "Team OOV",
         ["RIEC"], "2025"),
        ("Bestuurlijke weerbaarheid", "Integriteitstoets bij vergunningen.", "Burgemeester",
         "Team Vergunningen", [], "doorlopend"),
        ("Informatiepositie", "Ondermijningsbeeld laten opstellen.", "", "RIEC", [], "eind 2025"),
        (None, "Meldpunt promoten.", "", "Team Communicatie", [], "2026"),
    ]
    analysis = analyse_workbook(path)
    sections = [(s.name, s.ambition) for s in analysis.themes[0].sections]
    assert sections == [
        ("Bestuurlijke weerbaarheid", "Medewerkers herkennen signalen van ondermijning."),
        ("Informatiepositie", "Een actueel ondermijningsbeeld."),
        ("", ""),
    ]
    assert any("'Inzet' zonder tekst" in n.reason for n in analysis.flagged)


def test_indicator_tables(tmp_path: Path, run_import: Importer) -> None:
    book = Book()
    plan_sheet = book.sheet("Plan")
    plan_sheet.banner("Prioriteit 1: Woninginbraak", 2)
    plan_sheet.header("onderdeel", "activiteit")
    plan_sheet.row("Preventie", "Inbraakscan.")
    plan_sheet.banner("Strategisch thema 2: Veiligheidsbeleving", 2)
    plan_sheet.row("Communicatie", "Veiligheidsnieuwsbrief.")
    sheet = book.sheet("Indicatoren")
    sheet.row("Doelstellingen en indicatoren 2025-2026", bold=True)
    sheet.header("thema", "effectindicator", "bron", "waarde in 2023", "UP-doelstelling 2026",
                 "MJP-doelstelling 2028")
    sheet.row("Prioriteit 1: Woninginbraak", "% inwoners slachtoffer inbraak", "Veiligheidsmonitor",
              "3,5% [2021]", "≤ 3%", "< 2,5%")
    sheet.row("Woninginbraak ", "aantal woninginbraken", "politie", "70 [2022]", "≤ 60", "≤ G32-gemiddelde van 2018")
    sheet.row("Veiligheidsbeleving", "rapportcijfer veiligheid buurt", "Veiligheidsmonitor", "8,7",
              "≥ 6,7", None)
    sheet.row("Overkoepelend (alle thema's)", "totaal misdrijven per 1.000 inwoners", "politie",
              48.5, "< 4,0", None)
    path = book.save(tmp_path / "indicatoren.xlsx")

    plan = run_import(path)

    themes = themes_by_name(plan)
    burglary = themes["Woninginbraak"]["indicators"]
    assert [(i["naam"], i["bron"], i["eenheid"], i["richting"], i["baseline"]) for i in burglary] == [
        ("% inwoners slachtoffer inbraak", "Veiligheidsmonitor", "%", "lager is beter",
         {"getal": 3.5, "jaar": 2021, "raw": "3,5% [2021]"}),
        ("aantal woninginbraken", "politie", "aantal", "lager is beter",
         {"getal": 70.0, "jaar": 2022, "raw": "70 [2022]"}),
    ]
    assert burglary[0]["targets"] == [
        {"jaar": 2026, "operator": "≤", "getal": 3.0, "raw": "≤ 3%"},
        {"jaar": 2028, "operator": "<", "getal": 2.5, "raw": "< 2,5%"},
    ]
    assert burglary[1]["targets"][1] == {"jaar": 2028, "operator": "≤", "getal": None,
                                         "raw": "≤ G32-gemiddelde van 2018"}
    feeling = themes["Veiligheidsbeleving"]["indicators"][0]
    assert feeling["baseline"] == {"getal": 8.7, "jaar": 2023, "raw": "8,7"}
    assert feeling["richting"] == "hoger is beter"
    assert feeling["eenheid"] == "rapportcijfer"
    assert feeling["targets"] == [{"jaar": 2026, "operator": "≥", "getal": 6.7, "raw": "≥ 6,7"}]
    assert [(i["naam"], i["baseline"]["getal"], i["eenheid"]) for i in plan["indicators"]] == [
        ("totaal misdrijven per 1.000 inwoners", 48.5, "per 1.000 inwoners")]
    assert plan["indicators"][0]["targets"][0]["operator"] == "<"


def test_dates_numbers_formulas_and_percentages(tmp_path: Path, run_import: Importer) -> None:
    book = Book()
    sheet = book.sheet("Evenementen")
    sheet.header("onderdeel", "activiteit", "planning", "budget", "bestuurlijk trekker")
    sheet.row("Vergunningen", "Evenementenbeleid herzien.", datetime(2025, 4, 15), 12500,
              "Burgemeester")
    sheet.row("Vergunningen", 2025, 2026, "€ 1.250,50", "=E2")
    path = book.save(tmp_path / "waarden.xlsx")
    # openpyxl writes formulas without a cached value: that case must be reported.
    plan = run_import(path)

    assert rows(themes_by_name(plan)["Evenementen"], "activiteit", "planning",
                "bestuurlijk_trekker") == [
        ("Evenementenbeleid herzien.", "15-04-2025", "Burgemeester"),
        ("2025", "2026", ""),
    ]
    report = run_import.report
    assert report is not None
    assert any(n.row == 3 and "formule zonder opgeslagen uitkomst in kolom E" in n.reason
               for n in report.flagged_rows)


def test_formula_with_cached_value_uses_the_value(tmp_path: Path, run_import: Importer) -> None:
    rows_xml = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>activiteit</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>planning</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Schouw in de wijk.</t></is></c>'
        '<c r="B2" t="str"><f>TEXT(2025,"0")&amp;" e.v."</f><v>2025 e.v.</v></c></row>'
    )
    path = raw_xlsx(tmp_path / "formule.xlsx", sheet_xml(rows_xml))

    plan = run_import(path, overrides=None)

    theme = plan["themes"][0]
    assert rows(theme, "activiteit", "planning") == [("Schouw in de wijk.", "2025 e.v.")]


def test_hidden_rows_and_columns_are_imported_and_flagged(tmp_path: Path, run_import: Importer) -> None:
    book = Book()
    sheet = book.sheet("Verkeer")
    sheet.header("onderdeel", "activiteit", "bestuurlijk trekker")
    sheet.row("Educatie", "Verkeersexamen.", "Wethouder Verkeer")
    hidden = sheet.row("Educatie", "Fietslessen nieuwkomers.", "Wethouder Verkeer")
    sheet.hide_row(hidden)
    sheet.hide_column(3)
    path = book.save(tmp_path / "verborgen.xlsx")

    plan = run_import(path)

    assert rows(themes_by_name(plan)["Verkeer"], "activiteit", "bestuurlijk_trekker") == [
        ("Verkeersexamen.", "Wethouder Verkeer"), ("Fietslessen nieuwkomers.", "Wethouder Verkeer")]
    report = run_import.report
    assert report is not None
    assert [(n.sheet, n.row, n.reason) for n in report.flagged_rows] == [
        ("Verkeer", 3, "verborgen rij; wel geïmporteerd")]
    assert any("Verborgen kolom(men) C (bestuurlijk trekker)" in n for n in report.notes)


def test_messy_whitespace_and_curly_quotes(tmp_path: Path, run_import: Importer) -> None:
    book = Book()
    sheet = book.sheet("Blad1")
    sheet.header("\u00a0Thema\u00a0", "“Activiteit” ", " Partners\u00a0")
    sheet.row("Veilig  uitgaan\u00a0", "  Overleg met ‘horeca’   over   portiers.  ", "Horeca\u00a0, Politie ")
    sheet.row("veilig uitgaan", "Toezicht in de zomer.", None)
    path = book.save(tmp_path / "rommel.xlsx")

    plan = run_import(path)

    assert [t["name"] for t in plan["themes"]] == ["Veilig uitgaan"]
    assert rows(plan["themes"][0], "activiteit", "partners") == [
        ("Overleg met ‘horeca’ over portiers.", ["Horeca", "Politie"]),
        ("Toezicht in de zomer.", []),
    ]


def test_empty_and_non_plan_sheets_are_skipped_and_named(tmp_path: Path, run_import: Importer) -> None:
    book = Book()
    plan_sheet = book.sheet("Plan")
    plan_sheet.header("thema", "activiteit")
    plan_sheet.row("Drugs", "Preventie op scholen.")
    book.sheet("Leeg")
    summary = book.sheet("Samenvatting")
    summary.row("Dit plan is besproken in de driehoek.")
    summary.row("Het college stelt het vast in maart.")
    pivot = book.sheet("Telling")
    pivot.row("Thema", "Aantal")
    pivot.row("Drugs", 4)
    pivot.row("Jeugd", 7)
    pivot.row("Totaal", 11)
    path = book.save(tmp_path / "bladen.xlsx")

    plan = run_import(path)

    assert [t["name"] for t in plan["themes"]] == ["Drugs"]
    report = run_import.report
    assert report is not None
    assert [(s.name, s.reason) for s in report.skipped_sheets] == [
        ("Leeg", "leeg werkblad"),
        ("Samenvatting", "geen plan: geen kolomkoppen herkend (bijvoorbeeld een toelichting of "
                         "samenvatting)"),
        ("Telling", "geen plan: een telling of samenvatting (vooral getallen, geen kolom 'activiteit')"),
    ]
    assert "3 werkbladen overgeslagen" in report.summary_line()


def test_rows_without_activity_are_reported_with_sheet_row_and_reason(tmp_path: Path,
                                                                      run_import: Importer) -> None:
    book = Book()
    sheet = book.sheet("Jeugd")
    sheet.header("onderdeel", "activiteit", "trekker", "planning")
    sheet.row("Groepen", "Groepsaanpak.", "Team OOV", "2025")
    sheet.row("Groepen", None, "Team OOV", "2026")
    path = book.save(tmp_path / "leeg.xlsx")

    run_import(path)

    report = run_import.report
    assert report is not None
    assert [n.to_dict() for n in report.skipped_rows] == [
        {"blad": "Jeugd", "rij": 3, "reden": "geen activiteit (alleen ambtelijk trekker, planning ingevuld)"}]
    assert report.summary_line().endswith("1 rij overgeslagen.")


def test_emphasised_rich_text_at_the_start_is_the_title(tmp_path: Path, run_import: Importer) -> None:
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    italic = InlineFont(i=True)
    book = Book()
    sheet = book.sheet("Nazorg")
    sheet.header("onderdeel", "activiteit")
    sheet.ws.cell(2, 1, "Ex-gedetineerden")
    sheet.ws.cell(2, 2).value = CellRichText(
        "o ", TextBlock(italic, "Nazorg ex-gedetineerden"), " Voortzetting van de aanpak.")
    sheet.ws.cell(3, 2).value = CellRichText(
        "Vooraf:\no ", TextBlock(italic, "Bluswatervoorziening"), ": onderhoud en controle\no ",
        TextBlock(InlineFont(b=True), "Regionale samenwerking"), " met de buurgemeenten")
    path = book.save(tmp_path / "rijk.xlsx")

    plan = run_import(path)

    assert rows(themes_by_name(plan)["Nazorg"], "titel", "activiteit") == [
        ("Nazorg ex-gedetineerden", "Voortzetting van de aanpak."),
        ("Bluswatervoorziening", "Vooraf: onderhoud en controle"),
        ("Regionale samenwerking", "Vooraf: Regionale samenwerking met de buurgemeenten"),
    ]


def test_two_row_header_and_short_theme_names_in_indicator_table(tmp_path: Path,
                                                                 run_import: Importer) -> None:
    book = Book()
    plan = book.sheet("Plan")
    plan.row("IVP Rivierdal 2023-2026, uitvoeringsplan 2025", bold=True)
    plan.banner("Prioriteit 1: Woninginbraak en andere vermogenscriminaliteit", 3)
    plan.header("onderdeel", "activiteit", "trekker")
    plan.row("Preventie", "Inbraakscan.", "Team OOV")
    sheet = book.sheet("Indicatoren")
    sheet.header("thema", "indicator", "bron", "doelstelling", None)
    sheet.ws.merge_cells("D1:E1")
    sheet.row(None, None, None, "2025", "2026")
    sheet.row("Woninginbraak", "aantal woninginbraken", "politie", "≤ 60", "≤ 55")
    path = book.save(tmp_path / "tweerijen.xlsx")

    result = run_import(path)

    assert result["uitvoeringsplan"]["start"] == 2025 and result["uitvoeringsplan"]["end"] == 2025
    assert result["ivp"] == {"start": 2023, "end": 2026}
    assert result["gemeente"] == "Rivierdal"
    theme = result["themes"][0]
    assert theme["name"] == "Woninginbraak en andere vermogenscriminaliteit"
    assert [(t["jaar"], t["raw"]) for t in theme["indicators"][0]["targets"]] == [
        (2025, "≤ 60"), (2026, "≤ 55")]


def test_numbering_column_bold_kop_and_merged_activity_over_partner_rows(
        tmp_path: Path, run_import: Importer) -> None:
    book = Book()
    sheet = book.sheet("Jeugd")
    sheet.header("Nr", "Activiteit", "Bestuurlijk trekker", "Partners", "Status")
    sheet.row("1", "Groepsaanpak", bold=True)
    first = sheet.row("1.1", "Shortlist jeugdgroepen bijhouden.", "Burgemeester", "Politie",
                      "Loopt, zie toelichting")
    sheet.row(None, None, None, "Jongerenwerk; n.v.t.", None)
    sheet.merge_down(2, first, first + 1)
    sheet.merge_down(1, first, first + 1)
    sheet.row("1.2", "Ouders betrekken.", "Wethouder Jeugd", "-", "in afwachting")
    path = book.save(tmp_path / "nummers.xlsx")

    result = run_import(path)

    assert rows(themes_by_name(result)["Jeugd"], "kop", "activiteit", "bestuurlijk_trekker",
                "partners", "status") == [
        ("Groepsaanpak", "Shortlist jeugdgroepen bijhouden.", "Burgemeester",
         ["Politie", "Jongerenwerk"], "loopt"),
        ("Groepsaanpak", "Ouders betrekken.", "Wethouder Jeugd", [], "niet gestart"),
    ]
    report = run_import.report
    assert report is not None
    assert [(n.row, n.reason) for n in report.flagged_rows] == [
        (first, "status 'Loopt, zie toelichting' gelezen als 'loopt'"),
        (first + 2, "onbekende status 'in afwachting'; 'niet gestart' gebruikt"),
    ]


def test_count_table_with_an_activity_header_is_not_a_plan(tmp_path: Path,
                                                           run_import: Importer) -> None:
    book = Book()
    plan = book.sheet("Plan")
    plan.header("thema", "activiteit")
    plan.row("Drugs", "Voorlichting op scholen.")
    counts = book.sheet("Overzicht")
    counts.header("Thema", "Activiteiten")
    counts.row("Drugs", 4)
    counts.row("Jeugd", 7)
    path = book.save(tmp_path / "telling.xlsx")

    result = run_import(path)

    assert [t["name"] for t in result["themes"]] == ["Drugs"]
    report = run_import.report
    assert report is not None
    assert [(s.name, s.reason) for s in report.skipped_sheets] == [
        ("Overzicht", "geen plan: een telling of samenvatting (alleen getallen als activiteit)")]


def test_gemeente_comes_from_the_database_when_the_file_does_not_name_it(
        tmp_path: Path, run_import: Importer) -> None:
    from tests.helpers import make_plan

    make_plan(run_import.db, municipality="Teststad")
    book = Book()
    sheet = book.sheet("Blad1")
    sheet.header("thema", "activiteit")
    sheet.row("Drugs", "Voorlichting.")
    path = book.save(tmp_path / "x.xlsx")

    result = run_import(path)

    assert result["gemeente"] == "Teststad"
