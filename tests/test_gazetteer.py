"""The gazetteer: what kg/data/README.md promises about nations, sports, events and organisations."""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pycountry
import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

import kg.data
from kg.errors import KgError
from kg.gazetteer import REQUIRED_CUES, Gazetteer, event_key, load_gazetteer

DATA = Path(kg.data.__file__).parent
README = (DATA / "README.md").read_text(encoding="utf-8")
CSV_FILES = ("nations.csv", "sports.csv", "event_series.csv", "olympic_hosts.csv")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def csv_rows(name: str) -> list[dict[str, str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if line.strip() and not line.startswith("#")))


def split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


# --------------------------------------------------------------------------- the files


def test_no_surface_form_belongs_to_two_entries(gaz: Gazetteer) -> None:
    assert gaz.conflicts == ()


@pytest.mark.parametrize("name", CSV_FILES)
def test_each_csv_names_its_source_and_licence(name: str) -> None:
    header = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert any("Source:" in line and "CC0-1.0" in line for line in header)


def test_cues_name_their_source_and_licence(gaz: Gazetteer) -> None:
    assert gaz.cues["_meta"]["licence"] == "CC0-1.0"


@pytest.mark.parametrize("name", [*CSV_FILES, "organizations.jsonl", "cues.json"])
def test_readme_has_a_section_per_file(name: str) -> None:
    assert f"\n## {name}\n" in README


def test_readme_documents_every_cue_key(gaz: Gazetteer) -> None:
    keys = (set(gaz.cues) | set(REQUIRED_CUES)) - {"_meta"}
    assert sorted(k for k in keys if f"`{k}`" not in README) == []


def test_csv_rows_have_every_column() -> None:
    for name in CSV_FILES:
        for row in csv_rows(name):
            assert None not in row and None not in row.values(), (name, row)


def test_organizations_file_is_one_json_object_a_line() -> None:
    for number, line in enumerate((DATA / "organizations.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        assert set(row) == {"label", "pattern", "id", "kind"}, number


# --------------------------------------------------------------------------- nations


@pytest.mark.parametrize(
    ("surface", "iso3"),
    [
        ("North Korea", "PRK"),
        ("North Korea's", "PRK"),
        ("North Korea’s", "PRK"),
        ("North Korean", "PRK"),
        ("North Koreans", "PRK"),
        ("DPRK", "PRK"),
        ("PRK", "PRK"),
        ("the Netherlands'", "NLD"),
        ("Holland", "NLD"),
        ("NED", "NLD"),
        ("GER", "DEU"),
        ("SUI", "CHE"),
        ("Swiss", "CHE"),
        ("Britons", "GBR"),
        ("Team GB", "GBR"),
        ("US", "USA"),
        ("U.S.", "USA"),
        ("U.S", "USA"),
        ("the US's", "USA"),
        ("Americans'", "USA"),
        ("Côte d'Ivoire", "CIV"),
        ("cote d'ivoire", "CIV"),
        ("Ivorian", "CIV"),
        ("Türkiye", "TUR"),
        ("Czechia", "CZE"),
        ("Chinese Taipei", "TWN"),
        ("TPE", "TWN"),
        ("Hong Kong, China", "HKG"),
        ("Guinea", "GIN"),
        ("Guinean", "GIN"),
        ("Guinea-Bissau", "GNB"),
        ("Guinea Bissau", "GNB"),
        ("Papua New Guinea", "PNG"),
        ("Papua New Guinean", "PNG"),
        ("Equatorial Guinea", "GNQ"),
        ("USSR", "SUN"),
        ("Soviet", "SUN"),
        ("IRI", "IRN"),
        ("Kosovo", "XKX"),
        ("SRI", "LKA"),
        ("BAH", "BHS"),
        ("Eastern Republic of Uruguay", "URY"),
        ("Afghanistanis", "AFG"),  # plural of a listed demonym, found by rule
    ],
)
def test_nation_by_name_alias_code_or_demonym(gaz: Gazetteer, surface: str, iso3: str) -> None:
    info = gaz.nation(surface)
    assert info is not None and info.iso3 == iso3


def test_nation_label_is_the_plain_name(gaz: Gazetteer) -> None:
    labels = [gaz.nation(s) for s in ("North Korea's", "North Korean", "DPRK", "Côte d'Ivoire")]
    assert [info.label if info else None for info in labels] == [
        "North Korea",
        "North Korea",
        "North Korea",
        "Ivory Coast",
    ]


@pytest.mark.parametrize(
    "surface",
    [
        "us",  # a pronoun
        "Us",
        "uk",
        "china",  # lowercase common words spelt like nations
        "turkey",
        "polish",
        "guinea",
        "CAN",  # codes that are English words
        "POR",
        "ITA",
        "Korea",  # North or South: left out on purpose
        "Korean",
        "Europe",
        "Americas",
        "Guineas",
        "the Paris police",
        "",
    ],
)
def test_not_a_nation(gaz: Gazetteer, surface: str) -> None:
    assert gaz.nation(surface) is None


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("North Korean", True),
        ("Swiss", True),
        ("Britons", True),
        ("Polish", True),
        ("polish", False),
        ("North Korea", False),
        ("Poland", False),
        ("DPRK", False),
    ],
)
def test_is_demonym(gaz: Gazetteer, surface: str, expected: bool) -> None:
    assert gaz.is_demonym(surface) is expected


def test_iso_codes_agree_with_pycountry(gaz: Gazetteer) -> None:
    """Each pycountry name leads to its own code: a row with a wrong iso3 would steal it."""
    wrong = []
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None)):
            if name and "," not in name and "(" not in name:
                info = gaz.nation(name)
                if info is None or info.iso3 != country.alpha_3:
                    wrong.append((name, country.alpha_3, info.iso3 if info else None))
    assert wrong == []


def test_custom_codes_are_the_documented_ones(gaz: Gazetteer) -> None:
    assert gaz.custom_nation_codes == {
        "XKX",
        "ENG",
        "SCO",
        "WAL",
        "NIR",
        "SUN",
        "DDR",
        "YUG",
        "SCG",
        "FRG",
        "TCH",
    }


def test_every_csv_name_alias_and_demonym_finds_its_row(gaz: Gazetteer) -> None:
    words = {code.upper() for code in gaz.cues["nation_code_exclusions"]}
    lost = []
    for row in csv_rows("nations.csv"):
        for surface in (row["iso3"], row["label"], *split(row["aliases"]), *split(row["demonyms"])):
            if surface.upper() in words:
                continue
            info = gaz.nation(surface)
            if info is None or info.iso3 != row["iso3"]:
                lost.append((surface, row["iso3"], info.iso3 if info else None))
    assert lost == []


@pytest.mark.parametrize(
    ("surface", "iso3", "label"),
    [
        ("Réunion", "REU", "Réunion"),
        ("Reunion", "REU", "Réunion"),
        ("Falkland Islands", "FLK", "Falkland Islands"),
        ("Falkland Islands (Malvinas)", "FLK", "Falkland Islands"),
        ("Guernsey", "GGY", "Guernsey"),
    ],
)
def test_pycountry_fills_in_territories_the_csv_lacks(
    gaz: Gazetteer, surface: str, iso3: str, label: str
) -> None:
    assert iso3 not in {row["iso3"] for row in csv_rows("nations.csv")}
    info = gaz.nation(surface)
    assert info is not None and (info.iso3, info.label) == (iso3, label)


@given(
    row=st.sampled_from(csv_rows("nations.csv")),
    article=st.sampled_from(["", "the ", "The "]),
    possessive=st.sampled_from(["", "'s", "’s"]),
)
def test_article_and_possessive_never_change_the_nation(
    row: dict[str, str], article: str, possessive: str
) -> None:
    surface = row["label"] + ("'" if possessive and row["label"].endswith("s") else possessive)
    info = load_gazetteer().nation(article + surface)
    assert info is not None and info.iso3 == row["iso3"]


# --------------------------------------------------------------------------- sports


@pytest.mark.parametrize(
    ("surface", "sport"),
    [
        ("ping-pong", "table tennis"),
        ("Ping Pong", "table tennis"),
        ("table tennis", "table tennis"),
        ("soccer", "football"),
        ("track and field", "athletics"),
        ("F1", "formula one"),
        ("MMA", "mixed martial arts"),
        ("mma", None),  # a code-like alias is case-sensitive
        ("the weather", None),
    ],
)
def test_sport_by_name_or_alias(gaz: Gazetteer, surface: str, sport: str | None) -> None:
    info = gaz.sport(surface)
    assert (info.label if info else None) == sport


@pytest.mark.parametrize(
    ("noun", "sport"),
    [
        ("judoka", "judo"),
        ("judokas", "judo"),
        ("sprinter", "athletics"),
        ("sprinters", "athletics"),
        ("Swiss sprinter", "athletics"),
        ("paddler", "table tennis"),  # the data lists it under table tennis (README)
        ("paddlers", "table tennis"),
        ("table tennis players", "table tennis"),
        ("tennis player", "tennis"),
        ("tennis star", "tennis"),
        ("handball player", "handball"),
        ("shot putter", "shot put"),
        ("canoeist", "canoeing"),
        ("kayaker", "canoeing"),
        ("player", None),
        ("athlete", None),
        ("skater", None),
        ("rider", None),
        ("driver", None),
    ],
)
def test_sport_of_practitioner(gaz: Gazetteer, noun: str, sport: str | None) -> None:
    info = gaz.sport_of_practitioner(noun)
    assert (info.label if info else None) == sport


def test_every_practitioner_noun_gives_its_sport(gaz: Gazetteer) -> None:
    lost = []
    for row in csv_rows("sports.csv"):
        for noun in split(row["practitioners"]):
            info = gaz.sport_of_practitioner(noun)
            if info is None or info.label != row["sport"]:
                lost.append((noun, row["sport"], info.label if info else None))
    assert lost == []


# --------------------------------------------------------------------------- events

PARIS = "2024 Summer Olympics"


@pytest.mark.parametrize(
    ("surface", "label", "series"),
    [
        ("Paris 2024", PARIS, "Summer Olympics"),
        ("the Paris Olympics", PARIS, "Summer Olympics"),
        ("Paris Summer Games", PARIS, "Summer Olympics"),
        ("2024 Summer Olympics", PARIS, "Summer Olympics"),
        ("the Paris 2024 Olympic Games", PARIS, "Summer Olympics"),
        ("Games of the XXXIII Olympiad", PARIS, "Summer Olympics"),
        ("Tokyo 2020", "2020 Summer Olympics", "Summer Olympics"),  # held in 2021, named 2020
        ("the 2021 Tokyo Olympics", "2020 Summer Olympics", "Summer Olympics"),
        ("Beijing 2022", "2022 Winter Olympics", "Winter Olympics"),
        ("Beijing 2008", "2008 Summer Olympics", "Summer Olympics"),
        ("XXIV Olympic Winter Games", "2022 Winter Olympics", "Winter Olympics"),
        ("Rio 2016", "2016 Summer Olympics", "Summer Olympics"),
        ("the Paris Paralympics", "2024 Summer Paralympics", "Summer Paralympics"),
        ("the 2010 FIFA World Cup", "2010 FIFA World Cup", "FIFA World Cup"),
        ("FIFA World Cup 2010", "2010 FIFA World Cup", "FIFA World Cup"),
        ("the 2010 World Cup", "2010 FIFA World Cup", "FIFA World Cup"),
        ("Euro 2020", "UEFA Euro 2020", "UEFA European Championship"),
        ("Euro 96", "UEFA Euro 1996", "UEFA European Championship"),
        (
            "the 2023 World Athletics Championships",
            "2023 World Athletics Championships",
            "World Athletics Championships",
        ),
        ("Wimbledon 2019", "2019 Wimbledon Championships", "Wimbledon Championships"),
        ("the 2019 Tour de France", "2019 Tour de France", "Tour de France"),
        ("Six Nations 2024", "2024 Six Nations Championship", "Six Nations Championship"),
        ("the 2023 Ryder Cup", "2023 Ryder Cup", "Ryder Cup"),
        ("Champions League 2023", "2023 UEFA Champions League", "UEFA Champions League"),
        ("the 2023-24 Champions League", "2023–24 UEFA Champions League", "UEFA Champions League"),
        ("2019/20 Champions League", "2019–20 UEFA Champions League", "UEFA Champions League"),
        ("Super Bowl LVIII", "Super Bowl LVIII", "Super Bowl"),
        ("the 2019 Women's World Cup", "2019 FIFA Women's World Cup", "FIFA Women's World Cup"),
        (
            "the Women's T20 World Cup 2024",
            "2024 ICC Women's T20 World Cup",
            "ICC Women's T20 World Cup",
        ),
        ("2024 Winter Deaflympics", "2024 Winter Deaflympics", "Winter Deaflympics"),
        ("Milan-San Remo 2024", "2024 Milan–San Remo", "Milan–San Remo"),
        ("The Ocean Race 2023", "2023 Ocean Race", "The Ocean Race"),
        ("Alpine Skiing World Cup 2023", "2023 FIS Alpine Ski World Cup", "FIS Alpine Ski World Cup"),
        ("FIBT World Championships 1998", "1998 FIBT World Championships", None),  # unlisted: own words
    ],
)
def test_canonical_event(gaz: Gazetteer, surface: str, label: str, series: str | None) -> None:
    event = gaz.canonical_event(surface)
    assert event is not None
    assert (event.label, event.series, event.key) == (label, series, event_key(label))


def test_event_key_is_the_folded_label() -> None:
    assert event_key("2010 FIFA World Cup") == "SportingEvent:2010 fifa world cup"


def test_a_season_span_keeps_its_first_year(gaz: Gazetteer) -> None:
    event = gaz.canonical_event("the 2023–24 Champions League")
    assert event is not None and event.year == 2023


def test_a_bare_series_name_needs_a_year(gaz: Gazetteer) -> None:
    assert gaz.canonical_event("the Tour de France") is None
    event = gaz.canonical_event("the Tour de France", year=2023)
    assert event is not None and (event.label, event.year) == ("2023 Tour de France", 2023)


def test_a_year_hint_picks_the_nearest_games(gaz: Gazetteer) -> None:
    found = [gaz.canonical_event("the Olympics", year=y) for y in (2021, 2023)]
    assert [e.label if e else None for e in found] == ["2020 Summer Olympics", PARIS]


@pytest.mark.parametrize(
    "surface",
    [
        "the Paris police",
        "last year",
        "Paris",
        "2024",
        "the World Cup",
        "the International Olympic Committee",
        "the North Korean team",
        "",
    ],
)
def test_not_an_event(gaz: Gazetteer, surface: str) -> None:
    assert gaz.canonical_event(surface) is None


def test_every_series_name_with_a_year_gives_its_series(gaz: Gazetteer) -> None:
    lost = []
    for series in gaz.event_series:
        for name in (series.label, *series.names):
            event = gaz.canonical_event(f"{name} 2019")
            if event is None or event.series != series.label:
                lost.append((name, series.label, event.series if event else None))
    assert lost == []


def test_series_names_with_a_year_or_the_are_series_names(gaz: Gazetteer) -> None:
    assert gaz.is_series_name("the 2023 Tour de France")
    assert gaz.is_series_name("Vuelta a España")
    assert not gaz.is_series_name("Tour de")
    assert not gaz.is_series_name("Kisumu Lakeside")


def test_series_templates_name_sports_of_the_sports_file(gaz: Gazetteer) -> None:
    for series in gaz.event_series:
        assert series.sport is None or series.sport in gaz.sports
        assert series.edition_label(1999).count("1999") == 1


# --------------------------------------------------------------------------- Olympic hosts

SUMMER = {
    1896: "Athens",
    1900: "Paris",
    1904: "St. Louis",
    1908: "London",
    1912: "Stockholm",
    1920: "Antwerp",
    1924: "Paris",
    1928: "Amsterdam",
    1932: "Los Angeles",
    1936: "Berlin",
    1948: "London",
    1952: "Helsinki",
    1956: "Melbourne",
    1960: "Rome",
    1964: "Tokyo",
    1968: "Mexico City",
    1972: "Munich",
    1976: "Montreal",
    1980: "Moscow",
    1984: "Los Angeles",
    1988: "Seoul",
    1992: "Barcelona",
    1996: "Atlanta",
    2000: "Sydney",
    2004: "Athens",
    2008: "Beijing",
    2012: "London",
    2016: "Rio de Janeiro",
    2020: "Tokyo",
    2024: "Paris",
    2028: "Los Angeles",
    2032: "Brisbane",
}
WINTER = {
    1924: "Chamonix",
    1928: "St. Moritz",
    1932: "Lake Placid",
    1936: "Garmisch-Partenkirchen",
    1948: "St. Moritz",
    1952: "Oslo",
    1956: "Cortina d'Ampezzo",
    1960: "Squaw Valley",
    1964: "Innsbruck",
    1968: "Grenoble",
    1972: "Sapporo",
    1976: "Innsbruck",
    1980: "Lake Placid",
    1984: "Sarajevo",
    1988: "Calgary",
    1992: "Albertville",
    1994: "Lillehammer",
    1998: "Nagano",
    2002: "Salt Lake City",
    2006: "Turin",
    2010: "Vancouver",
    2014: "Sochi",
    2018: "PyeongChang",
    2022: "Beijing",
    2026: "Milan Cortina",
    2030: "French Alps",
    2034: "Salt Lake City",
}


@pytest.mark.parametrize(("season", "hosts"), [("Summer", SUMMER), ("Winter", WINTER)])
def test_olympic_hosts(gaz: Gazetteer, season: str, hosts: dict[int, str]) -> None:
    listed = {e.year: e.city for e in gaz.olympic_editions if e.games == "Olympics" and e.season == season}
    assert listed == hosts


def test_paralympics_and_youth_games_start_when_they_did(gaz: Gazetteer) -> None:
    first = {}
    for edition in gaz.olympic_editions:
        key = (edition.games, edition.season)
        first[key] = min(first.get(key, edition.year), edition.year)
    assert first == {
        ("Olympics", "Summer"): 1896,
        ("Olympics", "Winter"): 1924,
        ("Paralympics", "Summer"): 1960,
        ("Paralympics", "Winter"): 1976,
        ("Youth Olympics", "Summer"): 2010,
        ("Youth Olympics", "Winter"): 2012,
    }


@pytest.mark.parametrize(
    ("kwargs", "label"),
    [
        ({"city": "Paris"}, PARIS),
        ({"year": 2024, "city": "Paris"}, PARIS),
        ({"city": "Paris", "near": 1925}, "1924 Summer Olympics"),
        ({"year": 1992}, "1992 Summer Olympics"),
        ({"year": 1992, "season": "winter"}, "1992 Winter Olympics"),
        ({"city": "Paris", "games": "Paralympics"}, "2024 Summer Paralympics"),
        ({"year": 2024, "city": "London"}, None),
        ({}, None),
    ],
)
def test_olympics(gaz: Gazetteer, kwargs: dict[str, object], label: str | None) -> None:
    event = gaz.olympics(**kwargs)  # type: ignore[arg-type]
    assert (event.label if event else None) == label


def test_a_host_alias_finds_every_edition_it_hosted(gaz: Gazetteer) -> None:
    found = {(e.year, e.games) for e in gaz.host_editions("Cortina") if e.season == "Winter"}
    assert found == {(1956, "Olympics"), (2026, "Olympics"), (2026, "Paralympics")}


# --------------------------------------------------------------------------- organisations


@pytest.mark.parametrize(
    ("surface", "label", "kind"),
    [
        ("IOC", "International Olympic Committee", "olympic_committee"),
        ("the IOC", "International Olympic Committee", "olympic_committee"),
        ("International Olympic Committee", "International Olympic Committee", "olympic_committee"),
        ("WADA", "World Anti-Doping Agency", "agency"),
        ("Wada", "World Anti-Doping Agency", "agency"),
        ("USADA", "United States Anti-Doping Agency", "agency"),
        ("CAS", "Court of Arbitration for Sport", "court"),
        ("the Court of Arbitration for Sport", "Court of Arbitration for Sport", "court"),
        ("FIFA", "FIFA", "federation"),
        ("The Telegraph", "The Telegraph", "outlet"),
        ("the Telegraph", "The Telegraph", "outlet"),
        ("Daily Telegraph", "The Telegraph", "outlet"),
        ("Reuters", "Reuters", "outlet"),
        ("AP", "Associated Press", "outlet"),
        ("Daily NK", "Daily NK", "outlet"),
        ("ESPNcricinfo", "ESPN Cricinfo", "outlet"),
        ("International Federation of Professional Footballers", "FIFPRO", "other"),
    ],
)
def test_organization_and_kind(gaz: Gazetteer, surface: str, label: str, kind: str) -> None:
    assert (gaz.organization(surface), gaz.org_kind(surface)) == (label, kind)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Ministry of Sport", "ministry"),
        ("Ministry of Physical Culture and Sports", "ministry"),
        ("Kenyan Athletics Federation", "federation"),
        ("Slovenian Anti-Doping Agency", "agency"),
        ("Fiji Rugby", "federation"),  # a nation's name joined to a sport's
        ("Rowing Ireland", "federation"),
        ("Danish Cycling", "federation"),
        ("Ostrava FC", "club"),
    ],
)
def test_org_kind_of_unlisted_names_from_their_head(gaz: Gazetteer, name: str, kind: str) -> None:
    assert gaz.org_kind(name) == kind


def test_organization_is_none_for_other_words(gaz: Gazetteer) -> None:
    assert [gaz.organization(s) for s in ("ap", "Ministry of Sport", "a", "North Korea")] == [None] * 4


def test_outlets_are_the_reported_by_values(gaz: Gazetteer) -> None:
    assert {"The Telegraph", "Reuters", "Daily NK", "Associated Press", "BBC"} <= gaz.outlets
    assert [gaz.is_outlet(s) for s in ("the Telegraph", "Reuters", "IOC", "Ministry of Sport")] == [
        True,
        True,
        False,
        False,
    ]


@pytest.fixture(scope="module")
def org_ruler(gaz: Gazetteer) -> Callable[[str], set[tuple[str, str]]]:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "orgs"})
    ruler.add_patterns(
        [{k: v for k, v in row.items() if k in ("label", "pattern", "id")} for row in gaz.org_patterns]
    )

    def spans(text: str) -> set[tuple[str, str]]:
        doc = nlp(text)  # spans need their Doc alive
        return {(span.text, span.id_) for span in doc.spans["orgs"]}

    return spans


def test_patterns_load_into_a_span_ruler(org_ruler: Callable[[str], set[tuple[str, str]]]) -> None:
    found = org_ruler(
        "The Ministry of Sport told the IOC and WADA that CAS had ruled, "
        "The Telegraph, Reuters and Daily NK reported."
    )
    assert {
        ("Ministry of Sport", ""),
        ("IOC", "International Olympic Committee"),
        ("WADA", "World Anti-Doping Agency"),
        ("CAS", "Court of Arbitration for Sport"),
        ("The Telegraph", "The Telegraph"),
        ("Reuters", "Reuters"),
        ("Daily NK", "Daily NK"),
    } <= found


def test_patterns_leave_ordinary_words_alone(org_ruler: Callable[[str], set[tuple[str, str]]]) -> None:
    assert org_ruler("It was a hot day, and the swimmer said she is at home on the team.") == set()


# --------------------------------------------------------------------------- loader errors


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    for path in DATA.iterdir():
        if path.suffix in (".csv", ".json", ".jsonl"):
            shutil.copy(path, tmp_path / path.name)
    return tmp_path


def append(path: Path, line: str) -> int:
    """Append a line; return its line number."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def test_a_copy_of_the_data_loads(data_copy: Path) -> None:
    assert Gazetteer(data_copy).conflicts == ()


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("nations.csv", "PRK,Korea,,", "bad or repeated iso3/label"),
        ("nations.csv", "prk,Korea,,", "bad or repeated iso3/label"),
        ("nations.csv", "ZZZ,Nowhere,,,extra", "too many fields"),
        ("sports.csv", "bandy,,Bandy Player", "practitioner 'Bandy Player' is not lowercase"),
        ("sports.csv", "judo,,", "empty or repeated sport"),
        ("event_series.csv", "Cup,Cup,cup,,{year} Cup", "unknown kind 'cup'"),
        ("event_series.csv", "Cup,Cup,tournament,quidditch,{year} Cup", "bad template or unknown sport"),
        ("event_series.csv", "Cup,Cup,tournament,,Cup", "bad template or unknown sport"),
        (
            "event_series.csv",
            "Ryder Cup,Ryder Cup,tournament,golf,{year} Ryder Cup",
            "empty or repeated label",
        ),
        ("olympic_hosts.csv", "2024,Summer,Paris,,Olympics", "repeated edition"),
        ("olympic_hosts.csv", "2024,Spring,Paris,,Olympics", "bad year or season"),
        ("olympic_hosts.csv", "2024,Summer,Paris,,Games", "unknown games or no city"),
    ],
)
def test_a_bad_row_names_file_and_line(data_copy: Path, name: str, line: str, message: str) -> None:
    number = append(data_copy / name, line)
    with pytest.raises(KgError) as info:
        Gazetteer(data_copy)
    assert str(info.value) == f"kg/data/{name}:{number}: {message}"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"label": "Team", "pattern": "a", "id": "T", "kind": "club"},
            "a string pattern needs two or more characters",
        ),
        (
            {"label": "Team", "pattern": " Spurs", "id": "T", "kind": "club"},
            "a string pattern needs two or more characters",
        ),
        (
            {"label": "Person", "pattern": "Someone", "id": None, "kind": "other"},
            "needs label Organization or Team and a pattern",
        ),
        ({"label": "Organization", "pattern": "Acme", "id": "Acme", "kind": "shop"}, "unknown kind 'shop'"),
        (
            {"label": "Organization", "pattern": 7, "id": "Acme", "kind": "company"},
            "pattern must be a string or a list, id a string",
        ),
    ],
)
def test_a_bad_organization_names_file_and_line(
    data_copy: Path, row: dict[str, object], message: str
) -> None:
    number = append(data_copy / "organizations.jsonl", json.dumps(row))
    with pytest.raises(KgError) as info:
        Gazetteer(data_copy)
    assert str(info.value) == f"kg/data/organizations.jsonl:{number}: {message}"


@pytest.mark.parametrize(
    ("name", "line", "conflict"),
    [
        ("nations.csv", "ZZZ,Nowhere,Holland,", "'Holland': NLD / ZZZ"),
        ("sports.csv", "canoe polo,,paddler", "practitioner 'paddler': table tennis / canoe polo"),
        (
            "event_series.csv",
            "Lawn Cup,Wimbledon,tournament,tennis,{year} Lawn Cup",
            "series name 'wimbledon'",
        ),
    ],
)
def test_an_ambiguous_row_is_a_conflict(data_copy: Path, name: str, line: str, conflict: str) -> None:
    append(data_copy / name, line)
    conflicts = Gazetteer(data_copy).conflicts
    assert any(c.startswith(conflict) for c in conflicts), conflicts


def test_an_organisation_with_two_kinds_is_a_conflict(data_copy: Path) -> None:
    row = {"label": "Organization", "pattern": "Reuters News", "id": "Reuters", "kind": "company"}
    append(data_copy / "organizations.jsonl", json.dumps(row))
    assert "organisation 'Reuters': kind outlet / company" in Gazetteer(data_copy).conflicts


def test_missing_columns_are_named(data_copy: Path) -> None:
    path = data_copy / "sports.csv"
    path.write_text(
        re.sub(r"(?m)^sport,aliases,practitioners,within$", "sport,aliases", path.read_text("utf-8")), "utf-8"
    )
    missing = "kg/data/sports.csv: missing columns ['practitioners', 'within']"
    with pytest.raises(KgError, match=re.escape(missing)):
        Gazetteer(data_copy)
