"""Reading sources: every input the contract accepts, and one exact message per bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.read import MAX_BYTES, gold_documents, read_documents, read_gold
from kg.records import Document

DATA = Path(__file__).parent / "data"
FIRST_LINE = " date 2024-08-27 North Korean table tennis pair may face punishment\n\nBody."


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def read_one(path: Path) -> Document:
    [doc] = list(read_documents([path]))
    return doc


def error(sources: list[Path], max_bytes: int = MAX_BYTES) -> str:
    with pytest.raises(InputError) as info:
        list(read_documents(sources, max_bytes=max_bytes))
    return str(info.value)


# --------------------------------------------------------------------------- text files


def test_text_file(tmp_path: Path) -> None:
    path = write(tmp_path / "ban.txt", "Kenyan sprinter banned.\n")
    doc = read_one(path)
    assert (doc.id, doc.text, doc.date, doc.path, doc.line) == (
        "ban",
        "Kenyan sprinter banned.\n",
        None,
        path,
        None,
    )


def test_markdown_file(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path / "notes.md", "# Title\n\nText."))
    assert (doc.id, doc.text) == ("notes", "  Title\n\nText.")  # heading mark blanked


def test_date_header_with_title_on_the_same_line(tmp_path: Path) -> None:
    """The first article's form: the header is blanked, so every offset stays where it was."""
    doc = read_one(write(tmp_path / "nk.txt", FIRST_LINE))
    assert doc.date == dt.date(2024, 8, 27)
    assert len(doc.text) == len(FIRST_LINE)
    assert doc.text == " " * 16 + FIRST_LINE[16:]
    assert doc.text.index("North Korean") == FIRST_LINE.index("North Korean") == 17


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("date 2024-08-27\nBody.", "               \nBody."),
        ("Date: 2024-08-27\nBody.", "                \nBody."),
        ("DATE:2024-08-27 Body.", "               " + " Body."),
        # blank lines before the header keep their newlines (line numbers hold too)
        ("\n\n  date 2024-08-27\nBody.", "\n\n                 \nBody."),
    ],
)
def test_date_header_forms(tmp_path: Path, content: str, text: str) -> None:
    doc = read_one(write(tmp_path / "a.txt", content))
    assert (doc.date, doc.text) == (dt.date(2024, 8, 27), text)
    assert len(doc.text) == len(content)


@pytest.mark.parametrize(
    "content",
    [
        "Date night was fun.",  # not a date
        "Body.\ndate 2024-08-27",  # not at the top
        "date 2024-08-27.",  # not a header on its own
    ],
)
def test_text_that_only_looks_like_a_header(tmp_path: Path, content: str) -> None:
    doc = read_one(write(tmp_path / "a.txt", content))
    assert (doc.date, doc.text) == (None, content)


def test_bom_is_dropped_and_offsets_follow_the_decoded_text(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", b"\xef\xbb\xbfdate 2024-08-27 Title\n\nBody.")
    doc = read_one(path)
    assert doc.date == dt.date(2024, 8, 27)
    assert doc.text == " " * 15 + " Title\n\nBody."
    assert doc.text.index("Title") == "date 2024-08-27 Title".index("Title")


def test_crlf_and_cr_become_lf(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "date 2024-08-27\r\nLine one.\r\nLine two.\rLine three.")
    doc = read_one(path)
    assert doc.text == " " * 15 + "\nLine one.\nLine two.\nLine three."
    assert doc.date == dt.date(2024, 8, 27)


# --------------------------------------------------------------------------- directories


def test_directory_recursive_sorted_filtered(tmp_path: Path) -> None:
    root = tmp_path / "news"
    write(root / "sub" / "b.md", "B.")
    write(root / "a.txt", "A.")
    write(root / "c.jsonl", '{"id": "c1", "text": "C1."}\n{"id": "c2", "text": "C2."}\n')
    write(root / ".hidden.txt", "hidden")
    write(root / ".git" / "x.txt", "hidden too")
    write(root / "report.pdf", b"%PDF-1.4")
    write(root / "README", "no extension")
    assert [d.id for d in read_documents([root])] == ["a", "c1", "c2", "b"]


def test_sources_keep_their_order(tmp_path: Path) -> None:
    b = write(tmp_path / "b.txt", "B.")
    a = write(tmp_path / "a.txt", "A.")
    assert [d.id for d in read_documents([b, str(a)])] == ["b", "a"]


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_ids_dates_and_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path / "news.jsonl",
        '{"id": "x", "text": "First.", "date": "2024-08-27", "entities": []}\n'
        "\n"
        '{"id": 7, "text": "Second."}\r\n'
        '{"id": "z", "text": " date 2023-01-02 Title\\nBody."}\n',
    )
    docs = list(read_documents([path]))
    assert [(d.id, d.date, d.line, d.path) for d in docs] == [
        ("x", dt.date(2024, 8, 27), 1, path),
        ("7", None, 3, path),
        ("z", dt.date(2023, 1, 2), 4, path),
    ]
    assert docs[0].text == "First."
    # a header inside a record's text is blanked as in a text file
    assert docs[2].text == " " * 16 + " Title\nBody."


def test_jsonl_date_key_wins_over_a_header(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", '{"id": "a", "text": "date 2023-01-02 T", "date": "2024-08-27"}')
    assert read_one(path).date == dt.date(2024, 8, 27)


def test_gold_file_reads_as_documents() -> None:
    """`kg eval` builds from the gold file itself: gold keys are ignored, the header blanked."""
    doc = read_one(DATA / "dev" / "seed.gold.jsonl")
    assert doc.id == "nk-table-tennis-selfie"
    assert doc.date == dt.date(2024, 8, 27)
    assert doc.text.startswith(" " * 17 + "North Korean table tennis pair")


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.txt", b"", "empty file"),
        ("a.txt", b" \n\t\r\n", "no text"),
        ("a.txt", b"\xef\xbb\xbf", "no text"),
        ("a.txt", b"date 2024-08-27\n\n", "no text"),
        ("a.txt", b"abc\x00def", "binary file, expected UTF-8 text"),
        ("a.txt", b"caf\xe9 au lait", "not valid UTF-8 (byte 0xe9 at offset 3)"),
        ("a.txt", b"\xef\xbb\xbfcaf\xe9", "not valid UTF-8 (byte 0xe9 at offset 6)"),
        ("a.txt", b"date 2024-13-01 Body.", "1: invalid date '2024-13-01'"),
        ("a.txt", b"\n\nDate: 2024-02-30\nBody.", "3: invalid date '2024-02-30'"),
        ("a.txt", b"date 2024-8-27 Body.", "1: invalid date '2024-8-27'"),
        ("a.jsonl", b"", "empty file"),
        ("a.jsonl", b"\n\n", "no records"),
        (
            "a.jsonl",
            b'{"id": 1, "text": "x"}\n{"id": 2,\n',
            "2: invalid JSON: Expecting property name enclosed in double quotes (column 10)",
        ),
        ("a.jsonl", b"nope\n", "1: invalid JSON: Expecting value (column 1)"),
        ("a.jsonl", b"[1, 2]\n", "1: record is a JSON array, expected an object"),
        ("a.jsonl", b'"text"\n', "1: record is a JSON string, expected an object"),
        ("a.jsonl", b'{"text": "x"}\n', '1: record has no "id"'),
        ("a.jsonl", b'{"id": "", "text": "x"}\n', '1: record has an empty "id"'),
        ("a.jsonl", b'{"id": true, "text": "x"}\n', '1: record "id" must be a string or a number'),
        ("a.jsonl", b'{"id": [1], "text": "x"}\n', '1: record "id" must be a string or a number'),
        ("a.jsonl", b'{"id": "a"}\n', '1: record has no "text"'),
        ("a.jsonl", b'{"id": "a", "text": ""}\n', '1: record has no "text"'),
        ("a.jsonl", b'{"id": "a", "text": "  "}\n', '1: record has no "text"'),
        ("a.jsonl", b'{"id": "a", "text": 3}\n', '1: record has no "text"'),
        (
            "a.jsonl",
            b'{"id": "a", "text": "x", "date": "2024-13-01"}',
            "1: invalid date '2024-13-01'",
        ),
        ("a.jsonl", b'{"id": "a", "text": "x", "date": 20240827}', "1: invalid date 20240827"),
        (
            "a.jsonl",
            b'{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}',
            "2: duplicate document id 'a' (first seen in {dir}/a.jsonl:1)",
        ),
    ],
)
def test_bad_input(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = write(tmp_path / name, content)
    expected = message.format(dir=tmp_path)
    sep = ":" if expected[0].isdigit() else ": "
    assert error([path]) == f"{path}{sep}{expected}"


def test_missing_path(tmp_path: Path) -> None:
    assert error([tmp_path / "nope.txt"]) == f"{tmp_path / 'nope.txt'}: does not exist"


def test_missing_path_fails_before_any_document_is_read(tmp_path: Path) -> None:
    good = write(tmp_path / "a.txt", "A.")
    with pytest.raises(InputError, match="does not exist"):
        read_documents([good, tmp_path / "nope.txt"])


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("report.pdf", "unsupported input type '.pdf': expected .txt, .md, .jsonl or a directory"),
        ("README", "unsupported input type 'README': expected .txt, .md, .jsonl or a directory"),
    ],
)
def test_unsupported_type(tmp_path: Path, name: str, message: str) -> None:
    path = write(tmp_path / name, "text")
    assert error([path]) == f"{path}: {message}"


def test_directory_without_inputs(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    write(root / "report.pdf", b"%PDF")
    write(root / ".draft.txt", "hidden")
    assert error([root]) == f"{root}: no .txt, .md or .jsonl files in directory"


def test_duplicate_ids_across_inputs(tmp_path: Path) -> None:
    other = write(tmp_path / "other.txt", "A.")
    records = write(tmp_path / "x.jsonl", '{"id": "y", "text": "B."}\n{"id": "other", "text": "C."}\n')
    assert error([other, records]) == (f"{records}:2: duplicate document id 'other' (first seen in {other})")
    again = write(tmp_path / "sub" / "other.md", "D.")
    assert error([other, again]) == f"{again}: duplicate document id 'other' (first seen in {other})"


def test_error_keeps_path_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", '{"id": "a", "text": "x"}\n{"id": "b"}\n')
    with pytest.raises(InputError) as info:
        list(read_documents([path]))
    assert (info.value.path, info.value.line, info.value.reason) == (
        str(path),
        2,
        'record has no "text"',
    )


# --------------------------------------------------------------------------- size limit


def too_large(what: str, limit: int) -> str:
    return f"{what} is larger than {limit:,} bytes (raise --max-bytes to read it)"


def test_a_text_file_up_to_the_limit_is_read_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "x" * 100)
    assert [d.text for d in read_documents([path], max_bytes=100)] == ["x" * 100]
    assert error([path], max_bytes=99) == f"{path}: {too_large('file', 99)}"


@pytest.mark.parametrize(
    ("name", "line", "what"), [("endless.txt", "", "file"), ("endless.jsonl", ":1", "record")]
)
def test_a_file_that_never_ends_stops_at_the_limit(tmp_path: Path, name: str, line: str, what: str) -> None:
    """A link to /dev/zero has no size to check first: reading stops once the limit is passed."""
    endless = tmp_path / name
    endless.symlink_to("/dev/zero")
    assert error([endless], max_bytes=3_000_000) == f"{endless}{line}: {too_large(what, 3_000_000)}"


def test_a_json_lines_record_over_the_limit_is_refused_by_line(tmp_path: Path) -> None:
    small = json.dumps({"id": "a", "text": "Short."})
    large = json.dumps({"id": "b", "text": "x" * 200})
    path = write(tmp_path / "news.jsonl", f"{small}\r\n\r\n{large}\n")
    assert error([path], max_bytes=100) == f"{path}:3: {too_large('record', 100)}"
    assert [d.id for d in read_documents([path], max_bytes=len(large))] == ["a", "b"]


def test_many_records_each_under_the_limit_are_read(tmp_path: Path) -> None:
    lines = [json.dumps({"id": n, "text": f"Story {n}."}) for n in range(50)]
    path = write(tmp_path / "news.jsonl", "\n".join(lines))
    limit = max(len(line) for line in lines) + 1  # the file is far larger than one record
    assert [d.id for d in read_documents([path], max_bytes=limit)] == [str(n) for n in range(50)]


# --------------------------------------------------------------------------- round trips

_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT)
def test_any_text_round_trips_through_a_txt_file(tmp_path: Path, text: str) -> None:
    """Offsets survive reading: the text is unchanged except for CRLF/CR → LF."""
    assume(text.strip() and not text.startswith("\ufeff"))
    assume(not text.lstrip().lower().startswith("date"))
    doc = read_one(write(tmp_path / "t.txt", text))
    assert doc.text == text.replace("\r\n", "\n").replace("\r", "\n")
    assert len(doc.text) == len(text) - text.count("\r\n")


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_TEXT, sep=st.sampled_from([" ", "\n", "\t"]))
def test_header_keeps_body_offsets(tmp_path: Path, body: str, sep: str) -> None:
    assume(body.strip() and "\r" not in body)
    content = "date 2024-08-27" + sep + body
    doc = read_one(write(tmp_path / "t.txt", content))
    assert doc.date == dt.date(2024, 8, 27)
    assert doc.text == " " * 15 + sep + body


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT, doc_id=st.one_of(st.integers(), st.text(min_size=1).filter(str.strip)))
def test_any_text_round_trips_through_jsonl(tmp_path: Path, text: str, doc_id: int | str) -> None:
    assume(text.strip() and not text.lstrip("\ufeff \t\n\r\x0b\x0c").lower().startswith("date"))
    path = write(tmp_path / "t.jsonl", json.dumps({"id": doc_id, "text": text}) + "\n")
    doc = read_one(path)
    assert doc.id == str(doc_id).strip()
    assert doc.text == text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- gold


def test_read_gold_dev_sets() -> None:
    seed = read_gold(DATA / "dev" / "seed.gold.jsonl")
    redocred = read_gold(DATA / "dev" / "redocred-sports-dev.jsonl")
    assert [r["id"] for r in seed] == ["nk-table-tennis-selfie"]
    assert len(redocred) == 32
    assert all(r["scored"] == ["relations"] for r in redocred)


def test_read_gold_turns_ids_into_strings(tmp_path: Path) -> None:
    path = write(tmp_path / "g.jsonl", '{"id": 3, "text": "T.", "relations": []}\n')
    assert read_gold(path) == [{"id": "3", "text": "T.", "relations": []}]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"text": "T."}, 'record has no "id"'),
        ({"id": "a"}, 'record has no "text"'),
        ({"id": "a", "text": "T.", "entities": {}}, '"entities" must be a list'),
        ({"id": "a", "text": "T.", "entities": [{"type": "Nation"}]}, 'entities[0] has no "name"'),
        ({"id": "a", "text": "T.", "entities": [{"name": "X"}]}, 'entities[0] has no "type"'),
        (
            {
                "id": "a",
                "text": "T.",
                "entities": [{"name": "X", "type": "Nation", "aliases": "Y"}],
            },
            'entities[0] "aliases" must be a list of strings',
        ),
        ({"id": "a", "text": "T.", "relations": ["x"]}, "relations[0] is not an object"),
        (
            {"id": "a", "text": "T.", "relations": [{"subject": "X", "predicate": "memberOf"}]},
            'relations[0] has no "object"',
        ),
        ({"id": "a", "text": "T.", "events": [{"roles": {}}]}, 'events[0] has no "type"'),
        (
            {"id": "a", "text": "T.", "events": [{"type": "MedalAward"}]},
            'events[0] has no "roles" object',
        ),
        (
            {"id": "a", "text": "T.", "events": [{"type": "MedalAward", "roles": {"medal": 1}}]},
            'events[0] role "medal" must be a string, a list of strings, '
            "or a list whose items are strings or lists of strings",
        ),
        (
            {"id": "a", "text": "T.", "events": [{"type": "MedalAward", "roles": {"medal": [[]]}}]},
            'events[0] role "medal" must be a string, a list of strings, '
            "or a list whose items are strings or lists of strings",
        ),
        (
            {"id": "a", "text": "T.", "scored": ["entity"]},
            '"scored" must be a list of "entities", "relations", "events"',
        ),
    ],
)
def test_read_gold_errors(tmp_path: Path, record: dict, message: str) -> None:
    path = write(tmp_path / "g.jsonl", '{"id": "ok", "text": "T."}\n' + json.dumps(record) + "\n")
    with pytest.raises(InputError) as info:
        read_gold(path)
    assert str(info.value) == f"{path}:2: {message}"


def test_read_gold_duplicate_and_missing(tmp_path: Path) -> None:
    path = write(tmp_path / "g.jsonl", '{"id": "a", "text": "T."}\n\n{"id": "a", "text": "U."}\n')
    with pytest.raises(InputError) as info:
        read_gold(path)
    assert str(info.value) == f"{path}:3: duplicate document id 'a' (first seen on line 1)"
    with pytest.raises(InputError) as info:
        read_gold(tmp_path / "none.jsonl")
    assert str(info.value) == f"{tmp_path / 'none.jsonl'}: does not exist"


def test_gold_records_without_text_read_their_articles_from_a_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus / "keller-banned.txt", "Keller banned\n\nSwiss sprinter Anna Keller was banned.\n")
    gold = write(tmp_path / "g.jsonl", '{"id": "keller-banned", "entities": []}\n')
    [record] = read_gold(gold, corpus)
    assert record["text"].startswith("Keller banned")
    [document] = gold_documents(gold, corpus)
    assert (document.id, document.text) == ("keller-banned", record["text"])
    with pytest.raises(InputError) as info:
        read_gold(gold)
    assert str(info.value) == f'{gold}:1: record has no "text"'
    missing = write(tmp_path / "m.jsonl", '{"id": "ok", "text": "T."}\n{"id": "gone"}\n')
    with pytest.raises(InputError) as info:
        read_gold(missing, corpus)
    assert str(info.value) == f"{missing}:2: no article 'gone.txt' in corpus {corpus}"


def test_markdown_markup_is_blanked_keeping_offsets(tmp_path: Path) -> None:
    source = "# Ban upheld\n\n**Kenyan** sprinter _Amos Kiprono_ was banned.\n- North Korea's coach\n"
    path = tmp_path / "story.md"
    path.write_text(source, encoding="utf-8")
    (document,) = read_documents([path])
    assert len(document.text) == len(source)
    assert "#" not in document.text and "*" not in document.text and "_" not in document.text
    assert document.text.index("Kenyan") == source.index("Kenyan")
    assert "North Korea's coach" in document.text
