"""Sources → `Document`: text files, Markdown, folders and JSON Lines.

Everything a user can hand to `kg build` passes through here, so every way an
input can be wrong ends in one `InputError` line naming the file (and the line
of a JSON Lines record), never in a traceback from deep inside spaCy.

Offsets: `Document.text` is what extraction reads and what every character
offset in the graph (`kg:startChar`, `kg:endChar`) refers to. It is the file's
decoded text without its byte order mark, with CRLF and CR newlines turned into
"\\n" (so offsets shift by one per CRLF against the raw bytes), and with a date
header blanked out by spaces of equal length rather than cut, so that a title
on the header's line keeps its position and offsets agree with a gold record
that quotes the file verbatim.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.records import Document

#: Extensions read as plain text; Markdown is read as it is (its markup is text to spaCy).
TEXT_SUFFIXES = frozenset({".txt", ".md"})
JSONL_SUFFIX = ".jsonl"
SUFFIXES = TEXT_SUFFIXES | {JSONL_SUFFIX}

_BOM = b"\xef\xbb\xbf"

#: The default of `--max-bytes`: the most a text file, or one JSON Lines record, may hold. Far
#: beyond any article (a long feature is 50 kB), yet reached in a second by a file that never
#: ends (a link to /dev/zero, a pipe), which then fails instead of filling memory.
MAX_BYTES = 256 * 2**20
#: Files are read this much at a time, so that the limit is checked as they grow.
_CHUNK = 2**20

#: `date 2024-08-27` or `Date: 2024-08-27` at the very top, after optional
#: whitespace; text may follow on the same line (the title often does). The
#: value only has to look like a date here, so that "date 2024-13-01" is
#: reported as an invalid date instead of silently becoming article text.
_DATE_HEADER = re.compile(
    r"\A(?P<lead>[\s\ufeff]*)"
    r"(?P<header>date(?:[ \t]*:[ \t]*|[ \t]+)(?P<value>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}))"
    r"(?=\s|\Z)",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: The contract's gold keys, and what `scored` may name.
SCORED_PARTS = ("entities", "relations", "events")


def read_documents(sources: Iterable[str | Path], *, max_bytes: int = MAX_BYTES) -> Iterator[Document]:
    """Yield one `Document` per text file or JSON Lines record, in the order given.

    The sources themselves (exists? supported type?) are checked before the
    first document is read, so a typo in the last argument fails at once
    rather than after minutes of extraction; file contents are read lazily.
    Document ids must be unique across all sources, since an id names a
    document node in the graph. A text file, or a JSON Lines record, of more
    than `max_bytes` bytes is an error.
    """
    files: list[Path] = []
    for source in sources:
        files.extend(_expand(Path(source)))
    return _read_files(files, max_bytes)


def _expand(path: Path) -> list[Path]:
    """The input files a source stands for: itself, or a folder's inputs in sorted order."""
    if not path.exists():
        raise InputError(path, "does not exist")
    if path.is_dir():
        found = sorted(_walk(path), key=lambda p: p.relative_to(path).as_posix())
        if not found:
            raise InputError(path, "no .txt, .md or .jsonl files in directory")
        return found
    if path.suffix.lower() not in SUFFIXES:
        shown = path.suffix or path.name
        raise InputError(path, f"unsupported input type '{shown}': expected .txt, .md, .jsonl or a directory")
    return [path]


def _walk(root: Path) -> Iterator[Path]:
    """Input files under `root`, skipping hidden files and folders (.git, editor swap files)."""
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                yield Path(folder, name)


def _read_files(files: list[Path], max_bytes: int) -> Iterator[Document]:
    seen: dict[str, str] = {}
    for path in files:
        if path.suffix.lower() == JSONL_SUFFIX:
            docs: Iterable[Document] = _read_jsonl(path, max_bytes)
        else:
            docs = [_read_text_file(path, max_bytes)]
        for doc in docs:
            where = f"{path}:{doc.line}" if doc.line is not None else str(path)
            if doc.id in seen:
                first = seen[doc.id]
                message = f"duplicate document id '{doc.id}' (first seen in {first})"
                raise InputError(path, message, doc.line)
            seen[doc.id] = where
            yield doc


def decode_text(path: Path, data: bytes) -> str:
    """Bytes → text, with one clear error for empty, binary and non-UTF-8 files.

    A byte order mark is dropped (Windows editors write one); newlines are
    normalised to "\\n" because sentence splitting and line numbers assume it.
    """
    if not data:
        raise InputError(path, "empty file")
    skip = len(_BOM) if data.startswith(_BOM) else 0
    return _decode_part(path, data[skip:], skip)


def _decode_part(path: Path, data: bytes, offset: int) -> str:
    """`data`, found at byte `offset` of the file, as text; errors give the file's offset."""
    if b"\x00" in data:
        raise InputError(path, "binary file, expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise InputError(path, f"not valid UTF-8 (byte 0x{bad:02x} at offset {offset + exc.start})") from None
    return normalize_newlines(text)


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes, read a chunk at a time and refused once there are more than `max_bytes`.

    A regular file's size is known before reading; a device or a pipe (a
    link to /dev/zero) may never end, and fails as soon as the limit is passed.
    """
    data = bytearray()
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
                raise InputError(path, too_large("file", max_bytes))
            while chunk := handle.read(min(_CHUNK, max_bytes + 1 - len(data))):
                data += chunk
                if len(data) > max_bytes:
                    raise InputError(path, too_large("file", max_bytes))
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    return bytes(data)


def too_large(what: str, max_bytes: int) -> str:
    """The message for an input over the size limit, which says how to raise it."""
    return f"{what} is larger than {max_bytes:,} bytes (raise --max-bytes to read it)"


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR → LF; the only change to the text that moves offsets."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_date_header(text: str) -> tuple[str, str | None, int]:
    """Blank out a leading `date YYYY-MM-DD` header; return (text, raw date or None, its line).

    The header and the whitespace before it become spaces (newlines stay, so
    line numbers hold too): the text keeps its length and every offset after
    the header is unchanged.
    """
    match = _DATE_HEADER.match(text)
    if match is None:
        return text, None, 0
    end = match.end("header")
    blank = re.sub(r"[^\n]", " ", text[:end])
    line = match.group("lead").count("\n") + 1
    return blank + text[end:], match.group("value"), line


def parse_date(value: str) -> dt.date | None:
    """`YYYY-MM-DD` → date, or None when it is not a real calendar date in that form."""
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _read_text_file(path: Path, max_bytes: int = MAX_BYTES) -> Document:
    text = decode_text(path, read_bytes(path, max_bytes))
    text, raw_date, line = split_date_header(text)
    date = None
    if raw_date is not None:
        date = parse_date(raw_date)
        if date is None:
            raise InputError(path, f"invalid date '{raw_date}'", line)
    if path.suffix.lower() == ".md":
        text = blank_markdown(text)
    if not text.strip():
        raise InputError(path, "no text")
    return Document(id=path.stem, text=text, date=date, path=path)


#: Markdown markup that is not prose: heading marks, emphasis, list bullets, quote marks.
MARKDOWN_MARKUP = re.compile(
    r"(?m)^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+)"  # line starts
    r"|\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)"  # emphasis
)


def blank_markdown(text: str) -> str:
    """Markdown markup replaced by spaces (offsets still point into the file's text)."""
    return MARKDOWN_MARKUP.sub(lambda m: " " * len(m.group()), text)


def read_jsonl(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line of a JSON Lines file.

    Lines are split on "\\n" (and a lone "\\r") only: a JSON string may legally
    hold U+2028 and other characters that `str.splitlines` would break on.
    """
    found = False
    for number, raw in _jsonl_lines(path, max_bytes):
        if not raw.strip():
            continue
        found = True
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            message = f"invalid JSON: {exc.msg} (column {exc.colno})"
            raise InputError(path, message, number) from None
        if not isinstance(record, dict):
            raise InputError(path, f"record is a JSON {_json_kind(record)}, expected an object", number)
        yield number, record
    if not found:
        raise InputError(path, "no records")


def _jsonl_lines(path: Path, max_bytes: int) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line of a JSON Lines file, read a line at a time.

    A file of any size streams through; one line longer than `max_bytes`
    (or a file that never ends) is an error naming that line.
    """
    try:
        with path.open("rb") as handle:
            number = 0
            offset = 0
            while raw := handle.readline(max_bytes + 1):
                if len(raw) > max_bytes and not raw.endswith(b"\n"):
                    raise InputError(path, too_large("record", max_bytes), number + 1)
                skip = len(_BOM) if offset == 0 and raw.startswith(_BOM) else 0
                text = _decode_part(path, raw[skip:], offset + skip)
                offset += len(raw)
                for part in text.removesuffix("\n").split("\n"):
                    number += 1
                    yield number, part
            if offset == 0:
                raise InputError(path, "empty file")
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return "number"


def record_id(path: Path, line: int, record: dict[str, Any]) -> str:
    """The record's `id` as a string: ids may be numbers in JSON Lines exported from tables."""
    if "id" not in record:
        raise InputError(path, 'record has no "id"', line)
    value = record["id"]
    # bool is an int subclass; `true` as an id is a mistake, not the id "True".
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(path, 'record "id" must be a string or a number', line)
    text = str(value).strip()
    if not text:
        raise InputError(path, 'record has an empty "id"', line)
    return _unicode_only(path, line, "id", text)


def record_text(path: Path, line: int, record: dict[str, Any]) -> str:
    """The record's `text`, which must be a non-blank string."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(path, 'record has no "text"', line)
    return _unicode_only(path, line, "text", text)


def _unicode_only(path: Path, line: int, key: str, value: str) -> str:
    """`value`, unless it holds a lone surrogate: JSON's "\\ud800" escapes give them, no UTF-8 text
    can, and spaCy and the graph's IRIs fail on them deep inside."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(value[error.start])
        message = f'record "{key}" holds a lone surrogate (\\u{code:04x}) at character {error.start}'
        raise InputError(path, message, line) from None
    return value


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Document]:
    for line, record in read_jsonl(path, max_bytes):
        yield _record_document(path, line, record)


def _record_document(path: Path, line: int, record: dict[str, Any]) -> Document:
    """One JSON Lines record as a `Document` (its `text`, date header and `date` key)."""
    doc_id = record_id(path, line, record)
    text = normalize_newlines(record_text(path, line, record))
    # A record may carry its article verbatim, header included (the gold
    # seed does): blank it as in a text file so that it is not read as prose.
    text, raw_date, _ = split_date_header(text)
    if not text.strip():
        raise InputError(path, 'record has no "text"', line)
    value = record.get("date")
    if value is not None:
        if not isinstance(value, str):
            raise InputError(path, f"invalid date {json.dumps(value)}", line)
        raw_date = value
    date = None
    if raw_date is not None:
        date = parse_date(raw_date)
        if date is None:
            raise InputError(path, f"invalid date '{raw_date}'", line)
    return Document(id=doc_id, text=text, date=date, path=path, line=line)


# --------------------------------------------------------------------------- gold


def read_gold(path: str | Path, corpus: str | Path | None = None) -> list[dict[str, Any]]:
    """Read and check a gold JSON Lines file (CONTRACT.md, "Gold annotation format").

    Checked up front so that a typo in an annotation is reported as
    `path:line: ...` rather than surfacing as a wrong score. Records are
    returned as dicts with `id` turned into a string; other keys are kept.

    Annotations of text we may not redistribute (real news) name their article
    by id and carry no `text`: with `corpus`, such a record's text is read from
    `corpus/<id>.txt` (or `.md`) exactly as `kg build` reads that file, so the
    offsets and the document id agree with a graph built from the folder.
    """
    path = Path(path)
    folder = None if corpus is None else Path(corpus)
    if folder is not None and not folder.is_dir():
        raise InputError(folder, "is not a directory (the corpus of the gold records' articles)")
    if not path.exists():
        raise InputError(path, "does not exist")
    if path.is_dir():
        raise InputError(path, "is a directory, expected a gold .jsonl file")
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, record in read_jsonl(path):
        doc_id = record_id(path, line, record)
        if folder is not None and "text" not in record:
            record = {**record, "text": corpus_document(folder, doc_id, path, line).text}
        record_text(path, line, record)
        if doc_id in seen:
            raise InputError(
                path, f"duplicate document id '{doc_id}' (first seen on line {seen[doc_id]})", line
            )
        seen[doc_id] = line
        _check_gold(path, line, record)
        records.append({**record, "id": doc_id})
    return records


def corpus_document(corpus: Path, doc_id: str, gold: Path, line: int) -> Document:
    """The article a text-less gold record names: `corpus/<id>.txt` or `.md`."""
    for suffix in sorted(TEXT_SUFFIXES, reverse=True):
        candidate = corpus / f"{doc_id}{suffix}"
        if candidate.is_file():
            return _read_text_file(candidate)
    raise InputError(gold, f"no article '{doc_id}.txt' in corpus {corpus}", line)


def gold_documents(path: str | Path, corpus: str | Path | None = None) -> list[Document]:
    """The documents gold records are scored on: their own `text`, or their articles in `corpus`."""
    path = Path(path)
    folder = None if corpus is None else Path(corpus)
    read_gold(path, folder)  # every check first, so that no document is built from a bad file
    documents = []
    for line, record in read_jsonl(path):
        if folder is not None and "text" not in record:
            documents.append(corpus_document(folder, record_id(path, line, record), path, line))
        else:
            documents.append(_record_document(path, line, record))
    return documents


def _check_gold(path: Path, line: int, record: dict[str, Any]) -> None:
    def fail(message: str) -> None:
        raise InputError(path, message, line)

    def is_name(value: object) -> bool:
        return isinstance(value, str) and bool(value.strip())

    for key in SCORED_PARTS:
        if key in record and not isinstance(record[key], list):
            fail(f'"{key}" must be a list')
    for i, entity in enumerate(record.get("entities", [])):
        if not isinstance(entity, dict) or not is_name(entity.get("name")):
            fail(f'entities[{i}] has no "name"')
        if not is_name(entity.get("type")):
            fail(f'entities[{i}] has no "type"')
        aliases = entity.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            fail(f'entities[{i}] "aliases" must be a list of strings')
    for i, relation in enumerate(record.get("relations", [])):
        if not isinstance(relation, dict):
            fail(f"relations[{i}] is not an object")
        for key in ("subject", "predicate", "object"):
            if not is_name(relation.get(key)):
                fail(f'relations[{i}] has no "{key}"')
    for i, event in enumerate(record.get("events", [])):
        if not isinstance(event, dict) or not is_name(event.get("type")):
            fail(f'events[{i}] has no "type"')
        roles = event.get("roles")
        if not isinstance(roles, dict):
            fail(f'events[{i}] has no "roles" object')
        for role, value in roles.items():
            if not _is_role_value(value):
                fail(
                    f'events[{i}] role "{role}" must be a string, a list of strings, '
                    "or a list whose items are strings or lists of strings"
                )
    scored = record.get("scored")
    if scored is not None and (
        not isinstance(scored, list) or not all(part in SCORED_PARTS for part in scored)
    ):
        fail('"scored" must be a list of "entities", "relations", "events"')


def _is_role_value(value: object) -> bool:
    """One argument (a string) or a list of arguments, each a string or a list of alternatives."""
    if isinstance(value, str):
        return bool(value.strip())
    if not isinstance(value, list):
        return False
    for argument in value:
        if isinstance(argument, list):
            if not argument or not all(isinstance(a, str) and a.strip() for a in argument):
                return False
        elif not (isinstance(argument, str) and argument.strip()):
            return False
    return True
