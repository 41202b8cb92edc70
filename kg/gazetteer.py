"""Domain knowledge the extractor reads: nations, sports, event series, organisations, cue words.

Everything here is loaded from the data files in `kg/data/` (see the README there)
so that the extractor works on news it has never seen: no code in the package
names a person, a story or an outcome. `load_gazetteer()` reads the files once
per process; lookups are plain dictionary probes on folded strings, cheap
enough to call for every candidate span.

Matching rules, in one place so that every stage agrees:

- Surfaces are compared after folding: case, accents, dots and hyphens are
  ignored ("Côte d'Ivoire" = "cote d'ivoire", "Guinea-Bissau" = "Guinea Bissau").
- Short all-caps forms ("US", "U.S.", "UK", "PRK", "GER", "MMA") are matched
  case-sensitively, so "us" and "Us" never become the United States; their
  dots are ignored too ("U.S" = "U.S." = "US").
- A leading "the" and a trailing possessive ("'s", "’s", "'") are dropped
  before a lookup: "the Netherlands'" is the Netherlands.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import pycountry

from kg.errors import KgError

__all__ = [
    "CanonicalEvent",
    "EventSeries",
    "Gazetteer",
    "NationInfo",
    "OlympicEdition",
    "SportInfo",
    "load_gazetteer",
]

SEASONS = ("Summer", "Winter")
EVENT_KEY_PREFIX = "SportingEvent:"
#: The organisation kinds a row of organizations.jsonl may carry.
ORG_KINDS = (
    "outlet",
    "federation",
    "olympic_committee",
    "agency",
    "court",
    "ministry",
    "government",
    "league",
    "club",
    "company",
    "other",
)
#: The kinds of event_series.csv ("kind" column).
EVENT_KINDS = ("multi-sport", "championship", "tournament", "league", "race")
#: The families of Games olympic_hosts.csv covers ("games" column).
GAMES = ("Olympics", "Paralympics", "Youth Olympics")
#: The keys cues.json must have (each is documented in kg/data/README.md).
REQUIRED_CUES = (
    "punishment_nouns",
    "punishment_verbs",
    "phrasal_punishments",
    "possibility_cues",
    "denial_cues",
    "attribution_verbs",
    "attribution_phrases",
    "reason_markers",
    "medal_verbs",
    "medal_words",
    "implied_gold",
    "athlete_role_nouns",
    "coach_role_nouns",
    "leader_role_nouns",
    "member_role_nouns",
    "regime_nouns",
    "group_nouns",
    "membership_verbs",
    "participation_verbs",
    "event_heads",
    "team_nouns",
    "generic_series_names",
    "event_name_fillers",
    "generic_event_words",
    "nation_code_exclusions",
    "nation_lowercase_exclusions",
)

#: Letters NFKD does not take apart, spelt as the plain letters news in English uses for them
#: ("Bjørn" / "Bjorn", "Karataşlı" / "Karatasli").
PLAIN_LETTERS = {
    "ø": "o",
    "Ø": "o",
    "đ": "d",
    "Đ": "d",
    "ł": "l",
    "Ł": "l",
    "ı": "i",
    "æ": "ae",
    "Æ": "ae",
    "œ": "oe",
    "Œ": "oe",
    "þ": "th",
    "Þ": "th",
    "ð": "d",
    "Ð": "d",
}
_TRANSLATE = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "\u00a0": " ",
        **PLAIN_LETTERS,
    }
)
_POSSESSIVE = re.compile(r"(?<=\w)'s$|(?<=[sS])'$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)(?:/\d\d)?$")
_SEASON_SPAN = re.compile(r"(?<!\d)((?:1[89]|20)\d\d) ?[-/] ?(\d{4}|\d\d)(?!\d)")
_SHORT_YEAR = re.compile(r"^'?(\d\d)$")
_EDITION_NUMBER = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)?$")
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_QUALIFIER = re.compile(r"\s*\([^)]*\)")
_BRACKETS = {"(": ")", "[": "]", "{": "}"}


# ---------------------------------------------------------------------------------------------
# records


@dataclass(frozen=True)
class NationInfo:
    """A nation: ISO 3166 alpha-3 code (or a documented custom code), label, aliases, demonyms."""

    iso3: str
    label: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


@dataclass(frozen=True)
class SportInfo:
    """A sport or discipline with the nouns for the people who practise it."""

    label: str
    aliases: tuple[str, ...]
    practitioners: tuple[str, ...]
    #: the sport a discipline belongs to ("pole vault": "athletics"); None for a sport of its own
    within: str | None = None


@dataclass(frozen=True)
class EventSeries:
    """A recurring event; `template` turns a year into the label of one edition."""

    label: str
    names: tuple[str, ...]
    kind: str
    sport: str | None
    template: str

    def edition_label(self, year: int) -> str:
        return self.template.format(year=year)


@dataclass(frozen=True)
class OlympicEdition:
    """One edition of the Olympic, Paralympic or Youth Olympic Games and its host city."""

    year: int
    season: str
    city: str
    aliases: tuple[str, ...]
    games: str


@dataclass(frozen=True)
class CanonicalEvent:
    """A sporting event named one way: `key` decides its IRI, `label` is its rdfs:label.

    `series` is the EventSeries label when the event belongs to a known series,
    `year` the edition's year when known.
    """

    key: str
    label: str
    series: str | None
    year: int | None


# ---------------------------------------------------------------------------------------------
# string helpers


#: a year written in a name ("2022 World Cup")
YEAR_WORD = re.compile(r"\b(1[89]|20)\d\d\b")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Comparison form: casefolded, no accents, no dots, hyphens as spaces, single spaces.
    Cached: the same names are folded again and again."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLATE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace(".", "").replace("-", " ")
    return " ".join(text.split())


def _strip(text: str) -> str:
    """Strip quotes and punctuation from both ends, and brackets that wrap the text or have
    no partner in it, but not the closing bracket of "Falkland Islands (Malvinas)"."""
    while True:
        before = text
        text = text.strip(' "“”,;:!?')
        if text[:1] in _BRACKETS and text[-1:] == _BRACKETS[text[:1]]:
            text = text[1:-1]  # "(Reuters)"
        for opening, closing in _BRACKETS.items():
            if text[-1:] == closing and text.count(closing) > text.count(opening):
                text = text[:-1]
            if text[:1] == opening and text.count(opening) > text.count(closing):
                text = text[1:]
        if text == before:
            return text


def clean_surface(surface: str) -> str:
    """Drop surrounding quotes and punctuation, a leading "the" and a trailing possessive."""
    text = _strip(" ".join(surface.translate(_TRANSLATE).split()))
    text = _POSSESSIVE.sub("", text).rstrip()
    text = _LEADING_THE.sub("", text)
    return _strip(text)


def is_code_like(text: str) -> bool:
    """Short all-caps forms ("US", "U.S.", "DPRK", "F1") that must match case-sensitively.

    Lowercase "us" or a sentence-initial "Us" is an ordinary word, so these
    forms are kept out of the case-insensitive indexes.
    """
    core = re.sub(r"[.\s&/]", "", text)
    return (
        0 < len(core) <= 4
        and core.isalnum()
        and any(ch.isalpha() for ch in core)
        and not any(ch.islower() for ch in core)
    )


def surface_key(text: str) -> str:
    """The index key of a surface: code-like forms keep their case but lose dots and spaces
    ("U.S." -> "US"), every other form is folded ("Côte d'Ivoire" -> "cote d'ivoire")."""
    return re.sub(r"[.\s]", "", text) if is_code_like(text) else fold(text)


def event_key(label: str) -> str:
    """The stable entity key of a sporting event: "SportingEvent:2024 summer olympics"."""
    return EVENT_KEY_PREFIX + " ".join(label.split()).casefold()


def _singulars(word: str) -> list[str]:
    """The word and the singular forms it may be a plural of (no dictionary needed)."""
    forms = [word]
    if word.endswith("men"):
        forms.append(word[:-3] + "man")
    if word.endswith("ies"):
        forms += [word[:-3] + "y", word[:-1]]
    elif word.endswith("es"):
        forms += [word[:-1], word[:-2]]
    elif word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    return forms


def _roman_value(token: str) -> int | None:
    if not token or not _ROMAN.match(token):
        return None
    total = 0
    for ch, nxt in zip(token, token[1:] + " ", strict=True):
        value = _ROMAN_VALUES[ch]
        total += -value if nxt != " " and _ROMAN_VALUES[nxt] > value else value
    return total or None


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


# ---------------------------------------------------------------------------------------------
# file reading


def _data_root() -> Traversable:
    return files("kg.data")


def _read_csv(root: Traversable, name: str, columns: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a data CSV with their line numbers; '#' lines are comments."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    numbered = [
        (n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")
    ]
    reader = csv.DictReader(line for _, line in numbered)
    missing = set(columns) - set(reader.fieldnames or ())
    if missing:
        raise KgError(f"kg/data/{name}: missing columns {sorted(missing)}")
    for (number, _), row in zip(numbered[1:], reader, strict=True):
        if None in row:
            raise KgError(f"kg/data/{name}:{number}: too many fields")
        yield number, {k: (v or "").strip() for k, v in row.items()}


def _read_json(root: Traversable, name: str) -> Any:
    path = root / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise KgError(f"kg/data/{name}:{err.lineno}: {err.msg}") from err


def _read_jsonl(root: Traversable, name: str) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate((root / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise KgError(f"kg/data/{name}:{number}: {err.msg}") from err
        if row.get("label") not in ("Organization", "Team") or not row.get("pattern"):
            raise KgError(f"kg/data/{name}:{number}: needs label Organization or Team and a pattern")
        pattern = row["pattern"]
        if isinstance(pattern, str) and (len(pattern.strip()) < 2 or pattern != pattern.strip()):
            raise KgError(f"kg/data/{name}:{number}: a string pattern needs two or more characters")
        if not isinstance(pattern, str | list) or not isinstance(row.get("id"), str | None):
            raise KgError(f"kg/data/{name}:{number}: pattern must be a string or a list, id a string")
        if row.get("kind", "other") not in ORG_KINDS:
            raise KgError(f"kg/data/{name}:{number}: unknown kind {row.get('kind')!r}")
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# the gazetteer


class _SurfaceIndex:
    """Surface form -> value: case-sensitive for code-like forms, folded for the rest.

    The first value stored under a surface wins; a second, different value is
    recorded in `conflicts` so that tests can insist the data is unambiguous.
    """

    def __init__(self) -> None:
        self.exact: dict[str, str] = {}
        self.folded: dict[str, str] = {}
        self.conflicts: list[str] = []

    def add(self, surface: str, value: str, *, report: bool = True) -> None:
        surface = " ".join(surface.translate(_TRANSLATE).split())
        if not surface:
            return
        table = self.exact if is_code_like(surface) else self.folded
        old = table.setdefault(surface_key(surface), value)
        if old != value and report:
            self.conflicts.append(f"{surface!r}: {old} / {value}")

    def get(self, surface: str) -> str | None:
        if is_code_like(surface):
            found = self.exact.get(surface_key(surface))
            if found is not None:
                return found
        return self.folded.get(fold(surface))


class Gazetteer:
    """Lookups over the data files: build one with `load_gazetteer()`."""

    def __init__(self, root: Traversable | None = None) -> None:
        root = root or _data_root()
        self._load_conflicts: list[str] = []
        self.cues: dict[str, Any] = _read_json(root, "cues.json")
        missing = [key for key in REQUIRED_CUES if key not in self.cues]
        if missing:
            raise KgError(f"kg/data/cues.json: missing keys {missing}")
        self._load_nations(root)
        self._load_sports(root)
        self._load_events(root)
        self._load_organizations(root)
        self._load_given_names(root)
        # lookups repeat the same surfaces many times per document: remember their answers
        self._nation_codes: dict[str, str | None] = {}
        self._practitioner_sports: dict[str, SportInfo | None] = {}

    # -- loading ----------------------------------------------------------------------------

    def _load_nations(self, root: Traversable) -> None:
        self.nations: dict[str, NationInfo] = {}
        self._nation_index = _SurfaceIndex()
        self._demonym_index = _SurfaceIndex()
        excluded = {code.upper() for code in self.cues["nation_code_exclusions"]}
        self._lowercase_traps = {w.casefold() for w in self.cues["nation_lowercase_exclusions"]}
        for number, row in _read_csv(root, "nations.csv", ("iso3", "label", "aliases", "demonyms")):
            iso3 = row["iso3"]
            if not re.fullmatch(r"[A-Z]{3}", iso3) or not row["label"] or iso3 in self.nations:
                raise KgError(f"kg/data/nations.csv:{number}: bad or repeated iso3/label")
            info = NationInfo(iso3, row["label"], _split(row["aliases"]), _split(row["demonyms"]))
            self.nations[iso3] = info
            for surface in (info.label, *info.aliases):
                if surface.upper() not in excluded:
                    self._nation_index.add(surface, iso3)
            for demonym in info.demonyms:
                self._demonym_index.add(demonym, iso3)
            if iso3 not in excluded:
                self._nation_index.add(iso3, iso3)
        self.custom_nation_codes = frozenset(
            iso3 for iso3 in self.nations if pycountry.countries.get(alpha_3=iso3) is None
        )
        # pycountry fills in every territory the CSV leaves out, and lends its
        # official names to the CSV's nations; the CSV wins every clash. A name's
        # parenthesised qualifier is dropped for the label and kept as an alias
        # ("Falkland Islands (Malvinas)" -> "Falkland Islands"); names with a comma
        # ("Korea, Republic of") are inverted forms nobody writes in prose.
        for country in pycountry.countries:
            iso3 = country.alpha_3
            names = [
                getattr(country, "common_name", None),
                country.name,
                getattr(country, "official_name", None),
            ]
            present = [n for n in names if n]
            forms = list(dict.fromkeys([*(_QUALIFIER.sub("", n).strip() for n in present), *present]))
            if iso3 not in self.nations:
                self.nations[iso3] = NationInfo(iso3, forms[0], tuple(forms[1:]), ())
                if iso3 not in excluded:
                    self._nation_index.add(iso3, iso3, report=False)
            for form in forms:
                if "," not in form:
                    self._nation_index.add(form, iso3, report=False)

    def _load_sports(self, root: Traversable) -> None:
        self.sports: dict[str, SportInfo] = {}
        self._sport_index = _SurfaceIndex()
        self._practitioners: dict[str, str] = {}
        for number, row in _read_csv(root, "sports.csv", ("sport", "aliases", "practitioners", "within")):
            label = row["sport"]
            if not label or label in self.sports:
                raise KgError(f"kg/data/sports.csv:{number}: empty or repeated sport")
            info = SportInfo(
                label, _split(row["aliases"]), _split(row["practitioners"]), row["within"] or None
            )
            self.sports[label] = info
            for surface in (label, *info.aliases):
                self._sport_index.add(surface, label)
            for noun in info.practitioners:
                if noun != noun.lower():
                    raise KgError(f"kg/data/sports.csv:{number}: practitioner {noun!r} is not lowercase")
                old = self._practitioners.setdefault(fold(noun), label)
                if old != label:
                    self._load_conflicts.append(f"practitioner {noun!r}: {old} / {label}")
        self._practitioner_len = max(len(p.split()) for p in self._practitioners)
        self._role_heads = {fold(w) for w in self.cues["athlete_role_nouns"] if " " not in w}

    def _load_events(self, root: Traversable) -> None:
        series: list[EventSeries] = []
        for number, row in _read_csv(
            root, "event_series.csv", ("label", "names", "kind", "sport", "template")
        ):
            if "{year}" not in row["template"] or row["sport"] and row["sport"] not in self.sports:
                raise KgError(f"kg/data/event_series.csv:{number}: bad template or unknown sport")
            if row["kind"] not in EVENT_KINDS:
                raise KgError(f"kg/data/event_series.csv:{number}: unknown kind {row['kind']!r}")
            if not row["label"] or any(s.label == row["label"] for s in series):
                raise KgError(f"kg/data/event_series.csv:{number}: empty or repeated label")
            series.append(
                EventSeries(
                    row["label"],
                    _split(row["names"]),
                    row["kind"],
                    row["sport"] or None,
                    row["template"],
                )
            )
        self.event_series: tuple[EventSeries, ...] = tuple(series)
        self._series_by_label = {s.label: s for s in series}
        self._series_names: dict[str, tuple[EventSeries, str]] = {}
        for s in series:
            # a mention loses its leading "the" before lookup (clean_surface), so a name
            # written with one ("The Ocean Race") is indexed without it as well
            names = {
                fold(form) for name in (s.label, *s.names) for form in (name, _LEADING_THE.sub("", name))
            }
            for key in sorted(names):
                old, _ = self._series_names.setdefault(key, (s, key))
                if old is not s:
                    self._load_conflicts.append(f"series name {key!r}: {old.label} / {s.label}")
        self._series_len = max(len(k.split()) for k in self._series_names)
        self._generic_names = {fold(n) for n in self.cues["generic_series_names"]}
        #: "World", "European": the first word of a championship the story's sport names alone
        self._championship_scopes = {fold(w) for w in self.cues.get("championship_scopes", [])}
        self._fillers = {fold(w) for w in self.cues["event_name_fillers"]}
        self._heads = {fold(w) for w in self.cues["event_heads"]}
        # the parts of two-word heads ("Grand Prix") are no more specific than the head
        self._generic_words = {fold(w) for w in self.cues["generic_event_words"]}
        self._generic_words |= {part for head in self._heads for part in head.split() if " " in head}

        editions: list[OlympicEdition] = []
        for number, row in _read_csv(
            root, "olympic_hosts.csv", ("year", "season", "city", "aliases", "games")
        ):
            if row["season"] not in SEASONS or not row["year"].isdigit():
                raise KgError(f"kg/data/olympic_hosts.csv:{number}: bad year or season")
            if row["games"] not in GAMES or not row["city"]:
                raise KgError(f"kg/data/olympic_hosts.csv:{number}: unknown games or no city")
            if any(
                (e.year, e.season, e.games) == (int(row["year"]), row["season"], row["games"])
                for e in editions
            ):
                raise KgError(f"kg/data/olympic_hosts.csv:{number}: repeated edition")
            editions.append(
                OlympicEdition(
                    int(row["year"]),
                    row["season"],
                    row["city"],
                    _split(row["aliases"]),
                    row["games"],
                )
            )
        self.olympic_editions: tuple[OlympicEdition, ...] = tuple(sorted(editions, key=lambda e: e.year))
        self._host_index: dict[str, list[OlympicEdition]] = {}
        for edition in self.olympic_editions:
            for name in (edition.city, *edition.aliases):
                self._host_index.setdefault(surface_key(name), []).append(edition)
        self._host_len = max(len(k.split()) for k in self._host_index)
        # "Summer Olympics" <-> ("Summer", "Olympics"): the series the host table covers
        games = {e.games for e in editions}
        self._olympic_series: dict[tuple[str, str], EventSeries] = {}
        self._olympic_family: dict[str, tuple[str, str]] = {}
        for s in series:
            season, _, rest = s.label.partition(" ")
            if season in SEASONS and rest in games:
                self._olympic_series[(season, rest)] = s
                self._olympic_family[s.label] = (season, rest)

    def _load_organizations(self, root: Traversable) -> None:
        rows = _read_jsonl(root, "organizations.jsonl")
        rows += self._team_rows(root, {r["pattern"] for r in rows if isinstance(r["pattern"], str)})
        # spaCy's SpanRuler fails at match time on "id": null, so the key is dropped
        # and the matched text stands for the name.
        self.org_patterns: list[dict[str, Any]] = [
            {k: v for k, v in row.items() if not (k == "id" and v is None)} for row in rows
        ]
        self.org_kinds: dict[str, str] = {}
        self._org_index = _SurfaceIndex()
        for row in rows:
            kind = row.get("kind", "other")
            name = row.get("id") or (row["pattern"] if isinstance(row["pattern"], str) else None)
            if name is None:
                continue
            old = self.org_kinds.setdefault(name, kind)
            if old != kind:
                self._load_conflicts.append(f"organisation {name!r}: kind {old} / {kind}")
            if isinstance(row["pattern"], str):
                self._org_index.add(clean_surface(row["pattern"]), name)
                self._org_index.add(row["pattern"], name)
        self.outlets: frozenset[str] = frozenset(n for n, k in self.org_kinds.items() if k == "outlet")
        self._org_suffixes = sorted(
            self.cues.get("org_kind_suffixes", {}).items(), key=lambda kv: -len(kv[0])
        )
        self._org_prefixes = sorted(
            self.cues.get("org_kind_prefixes", {}).items(), key=lambda kv: -len(kv[0])
        )

    def _load_given_names(self, root: Traversable) -> None:
        """given_names.csv: first names as written in news ("Sébastien", "Ji-sung"), with a gender."""
        self.given_names: dict[str, str] = {}
        if not (root / "given_names.csv").is_file():
            return
        for number, row in _read_csv(root, "given_names.csv", ("name", "gender")):
            if row["gender"] not in ("m", "f", "u") or not row["name"]:
                raise KgError(f"kg/data/given_names.csv:{number}: needs a name and a gender m, f or u")
            self.given_names[row["name"]] = row["gender"]

    def given_name_gender(self, name: str) -> str | None:
        """ "m", "f" or "u" for a first name as written ("Maria" → "f"); None for no first name."""
        return self.given_names.get(name)

    def _team_rows(self, root: Traversable, taken: set[str]) -> list[dict[str, Any]]:
        """teams.csv as organisation patterns (label Team, kind club), and each team's sport.

        A nickname several teams share ("Blues") names none of them; a name that is also a
        nation's ("Wales") or already an organisation pattern is left to that entry.
        """
        if not (root / "teams.csv").is_file():
            self.team_sports: dict[str, str] = {}
            return []
        teams = list(_read_csv(root, "teams.csv", ("label", "names", "nicknames", "sport", "nation")))
        nickname_count: dict[str, int] = {}
        for _, row in teams:
            for nick in {n.strip() for n in row["nicknames"].split("|") if n.strip()}:
                nickname_count[nick] = nickname_count.get(nick, 0) + 1
        rows: list[dict[str, Any]] = []
        self.team_sports = {}
        #: a nickname several teams share ("Reds") → their labels: the story's own team decides
        self.shared_nicknames: dict[str, list[str]] = {}
        for number, row in teams:
            label = row["label"]
            if not label:
                raise KgError(f"kg/data/teams.csv:{number}: empty label")
            if row["sport"]:
                self.team_sports[label] = row["sport"]
            names = [label, *(n.strip() for n in row["names"].split("|"))]
            names += [n.strip() for n in row["nicknames"].split("|") if nickname_count.get(n.strip()) == 1]
            # a town several clubs share ("Hull", "Exeter") is a team all the same, named as written;
            # a shared plural nickname ("Blues", "Saints") is left out
            shared = [
                n.strip()
                for n in row["nicknames"].split("|")
                if nickname_count.get(n.strip(), 0) > 1 and not n.strip().endswith("s")
            ]
            for nick in {n.strip() for n in row["nicknames"].split("|")}:
                if nickname_count.get(nick, 0) > 1:
                    self.shared_nicknames.setdefault(fold(nick), []).append(label)
            for name, canonical in [*((n, label) for n in names), *((n, n) for n in shared)]:
                if len(name) < 2 or name in taken or self._nation_code(name) is not None:
                    continue
                taken.add(name)
                rows.append({"label": "Team", "pattern": name, "id": canonical, "kind": "club"})
        return rows

    # -- nations ----------------------------------------------------------------------------

    @property
    def conflicts(self) -> tuple[str, ...]:
        """Surface forms the data files give to two different entries (should be empty).

        Covers nation names and demonyms, sport names, practitioner nouns, event
        series names, organisation patterns and an organisation listed with two kinds.
        """
        found = [*self._nation_index.conflicts, *self._demonym_index.conflicts]
        found += [*self._sport_index.conflicts, *self._org_index.conflicts, *self._load_conflicts]
        names, demonyms = self._nation_index.folded, self._demonym_index.folded
        found += [
            f"{d!r}: demonym of {demonyms[d]}, name of {names[d]}"
            for d in demonyms
            if names.get(d, demonyms[d]) != demonyms[d]
        ]
        return tuple(found)

    def nation(self, surface: str) -> NationInfo | None:
        """The nation a name, alias, demonym or code denotes; None for anything else.

        "North Korea's", "North Korean", "North Koreans", "DPRK" and "PRK" all
        give North Korea. Common words that happen to be spelt like a nation
        ("china", "turkey", "polish") are refused when written in lowercase.
        """
        if surface not in self._nation_codes:
            if len(self._nation_codes) > 100_000:
                self._nation_codes.clear()
            self._nation_codes[surface] = self._nation_code(surface)
        iso3 = self._nation_codes[surface]
        return self.nations[iso3] if iso3 else None

    def is_demonym(self, surface: str) -> bool:
        """True for "North Korean", "Swiss", "Britons": words for a nation's people or things."""
        text = clean_surface(surface)
        if not text or (text.islower() and fold(text) in self._lowercase_traps):
            return False
        return self._demonym(text) is not None

    def _nation_code(self, surface: str) -> str | None:
        text = clean_surface(surface)
        if not text or (text.islower() and fold(text) in self._lowercase_traps):
            return None
        for candidate in (text, text.rstrip(".")):
            found = self._nation_index.get(candidate) or self._demonym(candidate)
            if found:
                return found
        return None

    def _demonym(self, text: str) -> str | None:
        found = self._demonym_index.get(text)
        if found is None and not is_code_like(text):
            folded = fold(text)
            for form in _singulars(folded)[1:]:
                found = self._demonym_index.folded.get(form)
                if found:
                    break
        return found

    # -- sports -----------------------------------------------------------------------------

    def sport(self, surface: str) -> SportInfo | None:
        """The sport a name or alias denotes ("ping-pong" -> table tennis); None otherwise."""
        text = clean_surface(surface)
        if not text:
            return None
        label = self._sport_index.get(text)
        if label is None and not is_code_like(text):
            for form in _singulars(fold(text))[1:]:
                label = self._sport_index.folded.get(form)
                if label:
                    break
        return self.sports[label] if label else None

    def sport_of_practitioner(self, noun: str) -> SportInfo | None:
        """The sport a person noun implies: "sprinters" -> athletics, "judoka" -> judo.

        The longest practitioner phrase ending the noun phrase wins, so "table
        tennis players" is table tennis, not tennis. A role noun led by a sport
        ("tennis star", "handball player") gives that sport. Generic nouns
        ("player", "athlete", "skater") give None: the sport is not stated.
        """
        if noun not in self._practitioner_sports:
            if len(self._practitioner_sports) > 100_000:
                self._practitioner_sports.clear()
            self._practitioner_sports[noun] = self._sport_of_practitioner(noun)
        return self._practitioner_sports[noun]

    def _sport_of_practitioner(self, noun: str) -> SportInfo | None:
        original = clean_surface(noun).translate(_TRANSLATE).replace("-", " ").split()
        words = [fold(w) for w in original]
        if not words:
            return None
        variants = _singulars(words[-1])
        for size in range(min(len(words), self._practitioner_len), 0, -1):
            for last in variants:
                phrase = " ".join([*words[len(words) - size : -1], last])
                label = self._practitioners.get(phrase)
                if label:
                    return self.sports[label]
        if any(v in self._role_heads for v in variants):
            modifiers = original[:-1]
            for size in range(len(modifiers), 0, -1):
                for start in range(0, len(modifiers) - size + 1):
                    found = self.sport(" ".join(modifiers[start : start + size]))
                    if found:
                        return found
        return None

    # -- organisations ----------------------------------------------------------------------

    def organization(self, surface: str) -> str | None:
        """The canonical label of a known organisation ("the Telegraph" -> "The Telegraph")."""
        text = clean_surface(surface)
        if not text:
            return None
        return self._org_index.get(text) or self._org_index.get(surface.strip())

    def is_outlet(self, surface: str) -> bool:
        """True when the surface names a known news outlet (a value for `reportedBy`)."""
        label = self.organization(surface)
        return label is not None and label in self.outlets

    def org_kind(self, label: str) -> str | None:
        """The kind of an organisation: from the data, else from its name's head or opening.

        "Ministry of Physical Culture and Sports" -> ministry and "Kenyan Athletics
        Federation" -> federation even though neither needs to be listed, and so is a nation's
        name joined to a sport's ("Sri Lanka Cricket", "Cricket Australia", "British Cycling").
        """
        known = self.org_kinds.get(label) or self.org_kinds.get(self.organization(label) or "")
        if known:
            return known
        text = clean_surface(label)
        words = text.split()
        for cut in range(1, len(words)):
            head, tail = " ".join(words[:cut]), " ".join(words[cut:])
            if self.nation(head) and self.sport(tail) or self.sport(head) and self.nation(tail):
                return "federation"
        for prefix, kind in self._org_prefixes:
            if text.startswith(prefix + " "):
                return str(kind)
        for suffix, kind in self._org_suffixes:
            if text.endswith(" " + suffix) or text == suffix:
                return str(kind)
        return None

    # -- cues -------------------------------------------------------------------------------

    def cue_set(self, key: str) -> frozenset[str]:
        """A cue list as a set of lowercase strings (a dict's keys for mapping cues)."""
        value = self.cues.get(key, ())
        return frozenset(str(v).casefold() for v in value)

    def punishment_type(self, lemma: str) -> str | None:
        """The sanction a verb names: "suspend" -> "suspension", "jail" -> "prison term"."""
        verbs: Mapping[str, str] = self.cues["punishment_verbs"]
        return verbs.get(lemma.casefold())

    def medal_of(self, phrase: str) -> str | None:
        """ "gold", "silver" or "bronze" for a medal word or holder noun ("silver medallist")."""
        text = fold(phrase)
        for key in ("medal_words", "medal_holder_nouns"):
            for medal, words in self.cues.get(key, {}).items():
                if text in {fold(w) for w in words}:
                    return str(medal)
        for medal in ("gold", "silver", "bronze"):
            if text in {fold(w) for w in self.cues.get(f"implied_{medal}", ())}:
                return medal
        return None

    # -- events -----------------------------------------------------------------------------

    def series(self, label: str) -> EventSeries | None:
        """An event series by its label ("FIFA World Cup")."""
        return self._series_by_label.get(label)

    def is_series_name(self, surface: str) -> bool:
        """ "Tour de France", "the 2023 Tour de France": a name (or alias) of a known series, with at
        most a year to it."""
        text = YEAR_WORD.sub(" ", clean_surface(surface))
        return fold(text) in self._series_names

    def is_generic_series_name(self, surface: str) -> bool:
        """ "the World Cup", "2022 World Cup": a series name that many sports share, with at most a
        year to it."""
        text = YEAR_WORD.sub(" ", clean_surface(surface))
        return fold(text) in self._generic_names

    def is_bare_championship(self, surface: str) -> bool:
        """ "the World Championships", "the European Indoor Championships": a championship's
        generic name, capitalised, a scope word (cue `championship_scopes`) and "Championships"."""
        words = clean_surface(surface).split()
        if words and fold(words[0]) == "the":
            words = words[1:]
        scope = [fold(w) for w in words[:-1] if fold(w) != "indoor"]
        return (
            len(scope) == 1
            and scope[0] in self._championship_scopes
            and all(w[:1].isupper() for w in words)
            and fold(words[-1]) == "championships"
        )

    def sport_championship(self, generic: str, sport: str | None) -> EventSeries | None:
        """The series a generic championship name means in a story of `sport`: "the World
        Championships" in an athletics story are the World Athletics Championships, "the European
        Indoor Championships" the European Athletics Indoor Championships; None for a name that is
        no bare championship, or a sport with no such series."""
        words = fold(clean_surface(generic)).split()
        if sport is None or not words or words[-1] not in ("championships", "championship"):
            return None
        scope = [w for w in words[:-1] if w != "indoor"]
        if len(scope) != 1 or scope[0] not in self._championship_scopes:
            return None
        indoor = "indoor" in words
        candidates = [
            s
            for s in self.event_series
            if s.kind == "championship"
            and s.sport == sport
            and fold(s.label).split()[0] == scope[0]
            and ("indoor" in fold(s.label).split()) == indoor
        ]
        return min(candidates, key=lambda s: len(s.label), default=None)

    def undated_event(
        self, surface: str, series_label: str, sport: str | None = None
    ) -> CanonicalEvent | None:
        """An edition of a series whose year nothing in the text gives, named after the series.

        "the World Aquatics Championships" in an undated article is still an event;
        a generic name ("the World Cup", "the Champions League") is not, since it could
        be any series, unless the story's `sport` is the series' own (football for
        the Champions League).
        """
        if fold(clean_surface(surface)) in self._generic_names:
            series = self._series_by_label.get(series_label)
            if sport is None or series is None or series.sport != sport:
                return None
        return CanonicalEvent(event_key(series_label), series_label, series_label, None)

    def host_editions(self, city: str) -> tuple[OlympicEdition, ...]:
        """Every Olympic/Paralympic/Youth edition a city (or its alias) hosted or will host."""
        return tuple(self._host_index.get(surface_key(clean_surface(city)), ()))

    def olympics(
        self,
        year: int | None = None,
        city: str | None = None,
        season: str | None = None,
        *,
        games: str = "Olympics",
        near: int | None = None,
    ) -> CanonicalEvent | None:
        """An edition of the Games from its year and/or host city, or None if there is none.

        With a year and a city both must fit one edition ("Paris", 2024). With a
        city alone the edition nearest `near` (a document's year) is chosen, or,
        without it, the most recent Summer edition (then Winter): "Paris" alone
        is 2024. A year alone picks that year's edition, Summer first (1992).
        `games` is "Olympics", "Paralympics" or "Youth Olympics".
        """
        if year is None and city is None:
            return None
        if season is not None:
            season = season.title()
        candidates = [e for e in self.olympic_editions if e.games == games]
        if city is not None:
            hosted = set(self.host_editions(city))
            candidates = [e for e in candidates if e in hosted]
        if season is not None:
            candidates = [e for e in candidates if e.season == season]
        if year is not None:
            candidates = [e for e in candidates if e.year == year]
        chosen = _pick_edition(candidates, near)
        if chosen is None:
            return None
        return self._olympic_event(games, chosen.season, chosen.year)

    def _olympic_event(self, games: str, season: str, year: int) -> CanonicalEvent | None:
        series = self._olympic_series.get((season, games))
        if series is None:
            return None
        label = series.edition_label(year)
        return CanonicalEvent(event_key(label), label, series.label, year)

    def canonical_event(self, surface: str, year: int | None = None) -> CanonicalEvent | None:
        """One name for a mention of a sporting event, or None if it is not one.

        "Paris 2024", "the Paris Olympics", "Paris Summer Games", "Games of the
        XXXIII Olympiad" and "2024 Summer Olympics" all give the 2024 Summer
        Olympics; "FIFA World Cup 2010" and "the 2010 World Cup" the 2010 FIFA
        World Cup; "the 2023-24 Champions League" the 2023–24 UEFA Champions League
        (year 2023). `year` is a hint for mentions without one: the document's
        year, or the year of another mention of the same series. A bare series
        name ("the World Cup") without either gives None: the caller decides.
        An unknown name with an event head word ("FIBT World Championships 1998")
        keeps its own words, year first ("1998 FIBT World Championships").
        """
        text = clean_surface(surface)
        if not text:
            return None
        if text.endswith(" Olympic"):  # "the Sydney Olympic champion": the adjective names the Games
            text += "s"
        parse = _EventParse(self, text)
        if parse.series is not None:
            return self._series_event(parse, year)
        if parse.city_editions and parse.year is not None and parse.plain:
            olympic = [e for e in parse.city_editions if e.games == "Olympics" and e.year == parse.year]
            if parse.season:
                olympic = [e for e in olympic if e.season == parse.season]
            chosen = _pick_edition(olympic, None)
            if chosen is not None:
                return self._olympic_event("Olympics", chosen.season, chosen.year)
        return self._unknown_event(parse)

    def _series_event(self, parse: _EventParse, hint: int | None) -> CanonicalEvent | None:
        series = parse.series
        assert series is not None
        family = self._olympic_family.get(series.label)
        if family is None:
            if parse.year is not None:
                label = series.template.format(year=parse.year_label or parse.year)
                return CanonicalEvent(event_key(label), label, series.label, parse.year)
            if parse.edition is not None:
                return CanonicalEvent(event_key(parse.text), parse.text, series.label, None)
            if hint is not None:
                label = series.edition_label(hint)
                return CanonicalEvent(event_key(label), label, series.label, hint)
            return None

        games = family[1]
        season = parse.name_season or parse.season
        editions = [e for e in self.olympic_editions if e.games == games]
        if parse.edition is not None and parse.year is None and games == "Olympics":
            if season == "Winter":
                winters = [e.year for e in editions if e.season == "Winter"]
                if parse.edition <= len(winters):
                    return self._olympic_event(games, "Winter", winters[parse.edition - 1])
                return None
            return self._olympic_event(games, "Summer", 1896 + 4 * (parse.edition - 1))
        if season is not None:
            editions = [e for e in editions if e.season == season]
        if parse.city_editions:
            hosted = set(parse.city_editions)
            editions = [e for e in editions if e in hosted]
            if not editions:
                return None
        if parse.year is not None:
            exact = [e for e in editions if e.year == parse.year]
            if not exact and parse.city_editions:
                exact = [e for e in editions if abs(e.year - parse.year) <= 1]
            chosen = _pick_edition(exact, parse.year)
            if chosen is not None:
                return self._olympic_event(games, chosen.season, chosen.year)
            # a cancelled or unlisted edition: trust the year, Summer unless told
            same_year = {e.season for e in self.olympic_editions if e.games == games and e.year == parse.year}
            fallback_season = season or ("Winter" if same_year == {"Winter"} else "Summer")
            return self._olympic_event(games, fallback_season, parse.year)
        if parse.city_editions:
            chosen = _pick_edition(editions, hint)
        elif hint is not None:
            exact = [e for e in editions if e.year == hint]
            pool = exact or [e for e in editions if season is not None or e.season == "Summer"]
            chosen = _pick_edition(pool, hint, prefer_later=True)
        else:
            return None
        return self._olympic_event(games, chosen.season, chosen.year) if chosen else None

    def _unknown_event(self, parse: _EventParse) -> CanonicalEvent | None:
        """An event outside the series table, named by its own words when they look like one."""
        heads = [i for i, w in enumerate(parse.folded) if w in self._heads and parse.words[i][:1].isupper()]
        heads += [
            i
            for i in range(len(parse.folded) - 1)
            if f"{parse.folded[i]} {parse.folded[i + 1]}" in self._heads and parse.words[i][:1].isupper()
        ]
        if not heads or self.organization(parse.text) is not None:
            return None  # "Premier League" is an organisation, not an edition of anything
        specific = [
            w
            for i, w in enumerate(parse.folded)
            if i != parse.year_index
            and w not in self._generic_words
            and w not in self._heads
            and parse.words[i][:1].isupper()
        ]
        capitalised = [
            w
            for i, w in enumerate(parse.folded)
            if i != parse.year_index and w not in self._heads and parse.words[i][:1].isupper()
        ]
        if not specific and not (parse.year is not None and capitalised):
            return None
        label = parse.text
        match = re.match(r"^(.*?)[\s,]+((?:1[89]|20)\d\d)$", label)
        if match:
            label = f"{match.group(2)} {match.group(1)}"
        return CanonicalEvent(event_key(label), label, None, parse.year)


class _EventParse:
    """The parts of an event mention: series name, year (or season span), host city, season
    (Summer/Winter), edition number."""

    def __init__(self, gazetteer: Gazetteer, text: str) -> None:
        self.text = text
        self.words = [w for w in text.translate(_TRANSLATE).replace("-", " ").split() if fold(w)]
        self.folded = [fold(w) for w in self.words]
        used: set[int] = set()
        self.series: EventSeries | None = None
        self.series_name = ""
        self.name_season: str | None = None
        self.series_span = self._match_series(gazetteer)
        if self.series_span:
            used.update(range(*self.series_span))
        self.year, self.year_index = self._find_year(used)
        if self.year_index is not None:
            used.add(self.year_index)
        self.year_label = self._season_span(used)
        self.city_editions, city_span = self._find_city(gazetteer, used)
        used.update(range(*city_span))
        self.season: str | None = None
        for i, w in enumerate(self.folded):
            if i not in used and w.title() in SEASONS:
                self.season = w.title()
                used.add(i)
        self.edition = self._find_edition(used)
        leftovers = self._leftover_runs(gazetteer, used)
        self.plain = not leftovers
        if self.series is not None and self.series_name in gazetteer._generic_names and leftovers:
            self.series = None  # "Alpine Skiing World Cup" is not the FIFA World Cup

    def _match_series(self, gazetteer: Gazetteer) -> tuple[int, int] | None:
        best: tuple[int, int] | None = None
        for start in range(len(self.folded)):
            for size in range(min(gazetteer._series_len, len(self.folded) - start), 0, -1):
                key = " ".join(self.folded[start : start + size])
                if key in gazetteer._series_names and (best is None or size > best[1] - best[0]):
                    best = (start, start + size)
                    break
        if best is not None:
            series, name = gazetteer._series_names[" ".join(self.folded[best[0] : best[1]])]
            self.series, self.series_name = series, name
            if "winter" in name.split():
                self.name_season = "Winter"
            elif "summer" in name.split() or "olympiad" in name.split():
                self.name_season = "Summer"
        return best

    def _find_year(self, used: set[int]) -> tuple[int | None, int | None]:
        for i, word in enumerate(self.words):
            match = _YEAR.match(word)
            if i not in used and match:
                return int(match.group(1)), i
        if self.series_span is not None:
            end = self.series_span[1]
            if end < len(self.words):
                short = _SHORT_YEAR.match(self.words[end])
                if short and (self.words[end].startswith("'") or self.series_name in ("euro", "euros")):
                    value = int(short.group(1))
                    return (1900 + value if value > 30 else 2000 + value), end
        return None, None

    def _season_span(self, used: set[int]) -> str | None:
        """The span ("2023–24") when the year opens a season or cycle written as one ("2023-24",
        "2019/20", "1999–2000"): the edition is then labelled by the span, as news names it."""
        if self.year is None or self.year_index is None:
            return None
        match = _SEASON_SPAN.search(self.text.translate(_TRANSLATE))
        if match is None or int(match.group(1)) != self.year:
            return None
        end = int(match.group(2))
        last = end if end > 999 else self.year // 100 * 100 + end
        if last <= self.year and end < 100:
            last += 100  # "1999-00"
        if not 0 < last - self.year <= 2:
            return None
        following = self.year_index + 1
        if following < len(self.words) and self.words[following] == match.group(2):
            used.add(following)  # "2025-27" was split into two words
        return f"{self.year}–{match.group(2)}"

    def _find_city(
        self, gazetteer: Gazetteer, used: set[int]
    ) -> tuple[list[OlympicEdition], tuple[int, int]]:
        for size in range(min(gazetteer._host_len, len(self.words)), 0, -1):
            for start in range(len(self.words) - size + 1):
                span = range(start, start + size)
                if used.intersection(span):
                    continue
                original = " ".join(self.words[start : start + size])
                key = (
                    surface_key(original)
                    if is_code_like(original)
                    else " ".join(self.folded[start : start + size])
                )
                if key in gazetteer._host_index:
                    return list(gazetteer._host_index[key]), (start, start + size)
        return [], (0, 0)

    def _find_edition(self, used: set[int]) -> int | None:
        """A Roman numeral or number giving the edition: "XXXIII Olympiad", "Super Bowl LVIII"."""
        for i, word in enumerate(self.words):
            if i in used:
                continue
            roman = _roman_value(word) if word.isupper() else None
            next_word = self.folded[i + 1] if i + 1 < len(self.words) else ""
            if roman and (len(word) > 1 or next_word.startswith("olympi")):
                used.add(i)
                return roman
            number = _EDITION_NUMBER.match(word)
            if number and self.series_span and i == self.series_span[1] and self.year is None:
                used.add(i)
                return int(number.group(1))
        return None

    def _leftover_runs(self, gazetteer: Gazetteer, used: set[int]) -> list[str]:
        """Capitalised words outside the matched parts that are not fillers or nation names."""
        runs: list[list[int]] = []
        for i, word in enumerate(self.words):
            if i in used or self.folded[i] in gazetteer._fillers or not word[:1].isupper():
                if runs and runs[-1]:
                    runs.append([])
                continue
            if not runs or not runs[-1]:
                runs.append([])
            runs[-1].append(i)
        leftovers = []
        for run in (r for r in runs if r):
            phrase = " ".join(self.words[i] for i in run)
            if gazetteer.nation(phrase) is None:
                leftovers.append(phrase)
        return leftovers


def _pick_edition(
    editions: list[OlympicEdition], near: int | None, *, prefer_later: bool = False
) -> OlympicEdition | None:
    """Choose among editions: nearest to `near` (ties: earlier, or later if asked), else the
    most recent Summer edition, else the most recent one."""
    if not editions:
        return None
    if near is not None:

        def distance(e: OlympicEdition) -> tuple[int, int, int]:
            later = e.year > near
            return (abs(e.year - near), int(later != prefer_later), int(e.season != "Summer"))

        return min(editions, key=distance)
    summer = [e for e in editions if e.season == "Summer"]
    return max(summer or editions, key=lambda e: e.year)


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer from the package's data files, read once per process."""
    return Gazetteer()
