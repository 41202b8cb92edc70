"""store: a knowledge graph on disk that grows, and shrinks, one document at a time.

A store is a folder: `kg-store.json` marks it, `kg.lock` keeps writers one at
a time, `current` names the published generation, and that generation
(`g000042/`) is an Oxigraph (RocksDB) database holding

- one named graph per document, named by the document's IRI: what was
  extracted from it with provenance (statements, events, sentences), which
  entities it mentions, and one `kg:EntityLink` per entity saying which
  resolved entity it was placed in, how sure and why;
- `kgr:graph/entities`, the resolved layer: each entity's classes, label and
  aliases, and the contract's relations between entities, each asserted once
  however many documents support it;
- `kgr:graph/resolution`, resolution's own bookkeeping (name keys and a
  summary of each entity), which queries may ignore.

A published generation is never written again. A writer works on a private
copy (`work-N/`, hard links of the generation's files, so copying costs no
disk) and publishes it as the next generation when an operation is done:
an ingest (or every `commit_every` documents of one), a removal, an unmerge.
That publication is the commit: a run that fails or is killed publishes
nothing, so the store stays as it was, whole documents only. Readers open
the published generation read-only: they need no write permission, and an
ingest never shuts them out (they see the last committed state). A reader
holds a shared lock on its generation's folder, so that a writer deletes only
generations nobody reads.
"""

from __future__ import annotations

import errno
import fcntl
import gc
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.errors import InputError, KgError
from kg.graph import (
    Triples,
    add_document,
    add_entity,
    add_sentences,
    confidence_literal,
    document_iri,
    entity_iri,
    kg,
    sentence_iri,
    term,
    to_rdflib,
)
from kg.namespaces import KGR, PREFIXES, bind_prefixes
from kg.records import PREDICATES, Document, Extraction
from kg.resolve import (
    Cluster,
    Link,
    MemoryIndex,
    Profile,
    ResolvedEntity,
    Resolver,
    base_key,
    free_key,
    group_of,
    merge_views,
    relabel,
)

__all__ = ["GraphStore", "StoreError", "open_store", "to_rdflib"]

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

MARKER = "kg-store.json"
FORMAT = 1
#: The file naming the published generation, and the prefix of a writer's private copies.
CURRENT, WORK = "current", "work"
#: The database of a store written before generations: read as the published one.
LEGACY_DATA = "data"
ENTITY_GRAPH = KGR["graph/entities"]
RESOLUTION_GRAPH = KGR["graph/resolution"]
#: Documents placed before their graphs are written and the entity layer is brought up to
#: date: bounds an ingest's memory, and how often an entity's summary is rewritten.
FLUSH_EVERY = 200
#: From this many quads a write goes to Oxigraph's bulk loader, which writes files directly.
BULK_QUADS = 10_000
#: Up to this many quads, a compacting publication (the end of an ingest that changed a good part
#: of the store) writes the generation afresh through the bulk loader, whose files are
#: LZ4-compressed, instead of compacting the writer's copy, which RocksDB writes uncompressed while
#: the store is small (see `_repack`).
REPACK_QUADS = 1_000_000
#: Table-file bytes a quad above which an ingest's end repacks a store (up to `REPACK_QUADS`): the
#: benchmark's store takes ~180 repacked, ~330 once RocksDB has compacted it (uncompressed).
REPACKED_BYTES = 240
#: The file in a writer's copy that holds an ingest's document graphs until it publishes (`_Staged`).
STAGED = "staged-documents.nq"
#: Allocations between two runs of CPython's cyclic garbage collector while documents are stored
#: (its default is 700 up to Python 3.12, 2,000 from 3.13).
COLLECT_EVERY = 20_000
_CONTRACT_PREDICATES = {kg(p) for p in PREDICATES}
_COMPONENT = kg("Component")
_TYPE = term("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = term("http://www.w3.org/2000/01/rdf-schema#label")


class StoreError(KgError):
    """A store cannot be opened or changed: not a store, in use, or damaged."""


def content_hash(document: Document) -> str:
    """What decides whether a document changed: its text and date."""
    date = document.date.isoformat() if document.date else ""
    return hashlib.sha256(f"{date}\n{document.text}".encode()).hexdigest()


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: entities of the new documents placed in an entity whose key is another name
    #: ("Szemere" in "Ilona Szemere"); equal names and namesakes kept apart do not count
    merges: int = 0


@contextmanager
def open_store(
    path: str | os.PathLike[str], *, write: bool = False, create: bool = False
) -> Iterator[GraphStore]:
    """Open the store in `path` (with `create`, made if missing) for the time of the block.

    To read, the published generation is opened read-only; to write (or
    create), a private copy of it, which each finished operation publishes.
    """
    if not (write or create):
        with published(path) as folder:
            try:
                store = ox.Store.read_only(str(folder))
            except OSError as error:
                raise StoreError(f"{path}: cannot open the store: {' '.join(str(error).split())}") from error
            opened = GraphStore(Path(path), store, folder)
            try:
                yield opened
            finally:
                # Oxigraph closes the database when the last reference goes: the block's end must be
                # the end, or the generation stays open for as long as somebody holds `opened`.
                del opened.oxigraph, store
        return
    with store_lock(path, write=True, create=create) as (root, lock):
        if create and not (root / MARKER).exists():
            (root / MARKER).write_text(json.dumps({"format": FORMAT, "kind": "kg-news store"}) + "\n")
        _remove_work_folders(root)
        folder, store = _open_work_copy(root)
        opened = GraphStore(root, store, folder, writable=True, lock=lock)
        del store  # `opened` holds the only reference: dropping it closes the database
        try:
            yield opened
            if opened.dirty or _published_folder(root) is None:
                opened.publish()
        finally:
            vars(opened).pop("oxigraph", None)  # closes the database (served_database may have closed it)
            _remove_work_folders(root)


@contextmanager
def locked_store(
    path: str | os.PathLike[str], *, write: bool = False, create: bool = False
) -> Iterator[Path]:
    """The store folder `path`, checked and locked (shared to read, exclusive to write), not opened."""
    with store_lock(path, write=write, create=create) as (root, _):
        yield root


@contextmanager
def store_lock(
    path: str | os.PathLike[str], *, write: bool = False, create: bool = False
) -> Iterator[tuple[Path, int]]:
    """As `locked_store`, and the lock's file descriptor too.

    Writers hold the exclusive lock for their whole session; `kg serve` holds
    the shared one, so that no ingest runs while a server answers. `kg serve`
    passes the descriptor to the Oxigraph servers it starts: the lock belongs
    to every process that holds it, so it lasts as long as the last of them,
    even if `kg serve` itself is killed.
    """
    root = Path(path)
    if create and not root.exists():
        if not root.parent.is_dir():
            raise InputError(root, f"cannot create store: directory {str(root.parent)!r} does not exist")
        root.mkdir()
    _check_store(root, creating=create)
    with _locked(root, exclusive=write) as descriptor:
        yield root, descriptor


@contextmanager
def published(path: str | os.PathLike[str]) -> Iterator[Path]:
    """The folder of the store's published generation, kept from deletion for the time of the block.

    Takes no lock that needs write permission: a shared lock on the
    generation's folder, which a writer must take exclusively to delete it.
    """
    root = Path(path)
    _check_store(root, creating=False)
    for _ in range(100):  # a writer may publish (and delete this one) in between: look again
        folder = _published_folder(root)
        if folder is None:
            raise StoreError(f"{root}: the store holds nothing yet (kg ingest --store {root} INPUT...)")
        try:
            handle = os.open(folder, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_SH)
            if (folder / "CURRENT").exists():
                yield folder
                return
        finally:
            os.close(handle)
    raise StoreError(f"{root}: the store changes too fast to be read; try again")


@contextmanager
def served_database(path: str | os.PathLike[str], *, writable: bool = False) -> Iterator[tuple[Path, int]]:
    """The database folder for another program (Oxigraph's server) to open, and the store lock's
    descriptor for it to inherit, for the time of the block.

    Read-only, it is the published generation, with the store locked against
    writers (shared lock). Writable, it is a writer's copy, published when the
    block ends without an error.
    """
    if not writable:
        with store_lock(path) as (root, lock), published(root) as folder:
            yield folder, lock
        return
    with open_store(path, write=True) as opened:
        work, held = opened.folder, opened.lock
        assert work is not None and held is not None
        del opened.oxigraph  # the other program opens it: this process must not hold it
        yield work, held
        opened.oxigraph = ox.Store(str(work))  # to publish what the other program wrote
        opened.dirty = True


def _published_folder(root: Path) -> Path | None:
    """The published generation's folder (a store written before generations: its `data/`)."""
    try:
        name = (root / CURRENT).read_text().strip()
    except FileNotFoundError:
        return root / LEGACY_DATA if (root / LEGACY_DATA / "CURRENT").exists() else None
    except OSError as error:
        raise InputError(root / CURRENT, f"cannot read: {error.strerror}") from error
    if not name.startswith("g") or "/" in name:
        raise InputError(root / CURRENT, f"damaged store: names no generation ({name[:40]!r})")
    return root / name


def _open_work_copy(root: Path) -> tuple[Path, ox.Store]:
    """A writable copy of the published generation in a new `work-N/` (a new store if nothing is
    published).

    Oxigraph's backup of a database is a RocksDB checkpoint: its files are
    hard links, so the copy is made in milliseconds and takes no disk. A copy
    given up (rolled back) may still be open somewhere: the next one gets a
    folder of its own.
    """
    number = 1 + max((int(f.name.rsplit("-", 1)[1]) for f in _work_folders(root)), default=0)
    work = root / f"{WORK}-{number}"
    try:
        if _published_folder(root) is not None:
            with published(root) as folder:
                ox.Store.read_only(str(folder)).backup(str(work))
        return work, ox.Store(str(work))
    except OSError as error:
        raise StoreError(f"{root}: cannot open the store: {' '.join(str(error).split())}") from error


def _work_folders(root: Path) -> list[Path]:
    return [folder for folder in root.glob(f"{WORK}-*") if folder.name.rsplit("-", 1)[1].isdigit()]


def _remove_work_folders(root: Path) -> None:
    """Writers' copies: what a killed writer left was never published, so it goes."""
    for folder in _work_folders(root):
        shutil.rmtree(folder, ignore_errors=True)


def _check_store(root: Path, *, creating: bool) -> None:
    if not root.exists():
        raise InputError(root, "no such store (kg ingest --store creates one)")
    if not root.is_dir():
        raise InputError(root, "is a file, not a store folder")
    marker = root / MARKER
    if marker.exists():
        try:
            version = json.loads(marker.read_text()).get("format")
        except (ValueError, AttributeError):
            raise InputError(marker, "damaged store marker (not JSON)") from None
        if version != FORMAT:
            raise InputError(marker, f"store format {version!r}, this kg reads format {FORMAT}")
        return
    if not creating or any(root.iterdir()):
        raise InputError(root, f"not a kg store (no {MARKER})")


@contextmanager
def _locked(root: Path, *, exclusive: bool) -> Iterator[int]:
    """A shared or exclusive lock on the store's `kg.lock`; refused at once if taken.

    A shared lock needs no write permission when the lock file exists.
    """
    path = root / "kg.lock"
    try:
        handle = open(path, "a+")  # noqa: SIM115 (held for the whole block)
    except PermissionError as error:
        if exclusive or not path.is_file():
            raise InputError(path, f"cannot open lock file: {error.strerror}") from error
        handle = open(path)  # noqa: SIM115
    except OSError as error:
        raise InputError(path, f"cannot open lock file: {error.strerror}") from error
    with handle:
        try:
            fcntl.flock(handle, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            doing = "changing" if exclusive else "reading"
            raise StoreError(
                f"{root}: the store is in use by another process (an ingest, a remove or kg serve); "
                f"try {doing} it again when that has finished"
            ) from None
        yield handle.fileno()


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the block with CPython's cyclic garbage collector started every `COLLECT_EVERY` allocations.

    A batch of documents is some 150,000 small objects (Oxigraph terms and
    quads, resolution's clusters) that live until the batch is written. By
    the default threshold they set off a collection of the whole heap every
    20 or so documents: 40% of an ingest client's CPU time (4 of 10 s for 474
    BBC Sport articles). Reference counting frees them; the collector finds
    no cycles among them. The threshold is restored at the end.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(COLLECT_EVERY, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


class GraphStore:
    """An open store: ingest and remove documents, query, count and export the whole graph."""

    def __init__(
        self,
        root: Path,
        store: ox.Store,
        folder: Path | None = None,
        *,
        writable: bool = False,
        lock: int | None = None,
    ) -> None:
        self.root = root
        self.oxigraph = store
        #: the database's folder: the published generation, or the writer's copy
        self.folder = folder
        self.writable = writable
        #: a writer's exclusive lock on the store, as a file descriptor (for programs that must hold it too)
        self.lock = lock
        #: changed since the last publication
        self.dirty = False
        #: documents' graphs written to a file rather than the database, until the next publication
        self._staged: _Staged | None = None

    # -- reading ---------------------------------------------------------------------------

    def documents(self) -> dict[str, str]:
        """Document id → content hash of every stored document."""
        rows = _rows(
            self.oxigraph, "SELECT ?id ?hash WHERE { GRAPH ?g { ?g kg:docId ?id ; kg:contentHash ?hash } }"
        )
        return {row["id"].value: row["hash"].value for row in rows}

    def select(self, query: str) -> list[Any]:
        """Rows of a SELECT over the union of all graphs (the project's prefixes are bound)."""
        return _rows(self.oxigraph, query, union=True)

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the documents' graphs and the entity layer (not resolution's bookkeeping),
        streamed from the database: nothing is loaded."""
        for quad in self.oxigraph.quads_for_pattern(None, None, None, None):
            if quad.graph_name != _RESOLUTION:
                yield quad

    def triple_count(self) -> int:
        """How many quads `quads()` gives (and `to_graph()` loads), counted in the database."""
        query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != %s) }"
        rows = _rows(self.oxigraph, query % _n(RESOLUTION_GRAPH))
        return int(rows[0]["n"].value)

    def document_graphs(self) -> Iterator[ox.NamedNode]:
        """The named graph of every stored document."""
        rows = _rows(self.oxigraph, "SELECT ?g WHERE { GRAPH ?g { ?g a kg:Document } }")
        return (row["g"] for row in rows)

    def to_graph(self) -> Graph:
        """The whole graph (documents and entity layer, not resolution's bookkeeping) in rdflib.

        For tests and small stores: the command line's export, validate and
        stats stream from the database instead."""
        graph = bind_prefixes(Graph())
        for quad in self.quads():
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return graph

    def write_dataset(self, path: str | os.PathLike[str], fmt: ox.RdfFormat = ox.RdfFormat.TRIG) -> None:
        """Write the store in `fmt` (any format Oxigraph writes) atomically, streaming: memory stays
        flat however large the store. TriG and N-Quads keep the named graphs; the others get the
        union of the graphs' triples (JSON-LD too, which graph readers, rdflib's among them, read
        as one graph)."""
        from kg.export import write_atomically

        items: Iterator[ox.Quad] | Iterator[ox.Triple] = self.quads()
        if fmt not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            items = (quad.triple for quad in self.quads())
        prefixes = None if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES) else _PREFIXES
        write_atomically(Path(path), lambda handle: ox.serialize(items, handle, fmt, prefixes=prefixes))

    # -- writing ---------------------------------------------------------------------------

    def ingest(
        self,
        documents: Iterable[Document],
        *,
        model: str | None = None,
        n_process: int = 1,
        commit_every: int = 0,
        on_document: Callable[[str, str], None] | None = None,
        scheduler: str | Client | None = None,
        workers: int | None = None,
    ) -> IngestReport:
        """Add new documents, replace changed ones, skip unchanged ones.

        The whole ingest is one transaction: if it fails or is stopped, the
        store is as it was. With `commit_every` N, every N documents are
        committed as they are done instead, so a long run that stops keeps
        what it stored (run it again to carry on). `on_document(doc_id, what)`
        hears of each document ("added", "replaced" or "unchanged") as it is
        placed. `scheduler` or `workers` extract on a Dask cluster
        (`kg.distributed`); resolving and writing stay here, in document order.
        """
        from kg.build import extract_documents

        report = IngestReport()
        known = self.documents()
        todo: list[Document] = []
        seen: set[str] = set()
        for document in documents:
            if document.id in seen:
                raise StoreError(f"{self.root}: document id {document.id!r} is given twice in one ingest")
            seen.add(document.id)
            if known.get(document.id) == content_hash(document):
                report.unchanged.append(document.id)
                if on_document is not None:
                    on_document(document.id, "unchanged")
            else:
                todo.append(document)
        if todo:
            extractions = extract_documents(
                todo, model=model, n_process=n_process, scheduler=scheduler, workers=workers
            )
            self.add_extractions(
                extractions, commit_every=commit_every, on_document=on_document, report=report, known=known
            )
        return report

    @_fewer_collections()
    def add_extractions(
        self,
        extractions: Iterable[Extraction],
        *,
        commit_every: int = 0,
        on_document: Callable[[str, str], None] | None = None,
        report: IngestReport | None = None,
        known: dict[str, str] | None = None,
    ) -> IngestReport:
        """Store what the extract stage found, in the order given, as `ingest` does after extracting.

        Each extraction is resolved against the store and what came before it,
        and turned into triples by the graph module (`kg.graph`), the same
        mapping a graph file gets; those are written as Oxigraph quads, large
        batches through the bulk loader. An extraction whose document is
        stored unchanged is skipped. Commits as `ingest` does.
        """
        self._check_writable()
        report = report if report is not None else IngestReport()
        known = known if known is not None else self.documents()
        if not known and not commit_every and self.folder is not None:
            self._staged = _Staged(self.folder / STAGED)
        batch = _Batch(StoreIndex(self))
        done = 0
        last = ""
        try:
            for extraction in extractions:
                doc_id = last = extraction.document.id
                digest = content_hash(extraction.document)
                if known.get(doc_id) == digest:
                    report.unchanged.append(doc_id)
                    if on_document is not None:
                        on_document(doc_id, "unchanged")
                    continue
                replacing = doc_id in known
                if replacing:
                    # its old version is read back from the store: what came before must be there
                    batch = self._flush(batch)
                    self._unstage()
                report.merges += self._place(extraction, batch, replacing=replacing)
                (report.replaced if replacing else report.added).append(doc_id)
                known[doc_id] = digest
                done += 1
                if on_document is not None:
                    on_document(doc_id, "replaced" if replacing else "added")
                if commit_every and done % commit_every == 0:
                    batch = self._flush(batch)
                    self.publish()
                elif batch.documents >= FLUSH_EVERY:
                    batch = self._flush(batch)
            self._flush(batch)
        except (OSError, RuntimeError, SyntaxError, ValueError) as error:
            self._roll_back()
            raise StoreError(
                f"{self.root}: storing documents up to {last!r} failed and nothing of them was written: "
                f"{' '.join(str(error).split())[:300]}"
            ) from error
        except BaseException:
            self._roll_back()
            raise
        if done:
            self.publish(compact=done >= max(1, len(known)) // 4, repack=True)
        self._staged = None  # published, or nothing was staged
        return report

    def remove(self, doc_id: str) -> int:
        """Take a document out, with every fact and entity that only it supported; the entity count
        left without any document is returned."""
        self._check_writable()
        if doc_id not in self.documents():
            raise StoreError(f"{self.root}: no document {doc_id!r} in the store")
        node = document_iri(doc_id)
        touched = self._linked_entities(node)
        clusters = {iri: self._cluster_from_links(iri, without=node) for iri in touched}
        updates = [*self._retract_facts(node), f"DROP SILENT GRAPH {_n(node)}"]
        more, quads = self._rewrite_entities(clusters)
        self._apply(updates + more, quads, f"removing document {doc_id!r}")
        return sum(cluster is None for cluster in clusters.values())

    def unmerge(self, link: str) -> str:
        """Undo the merge an entity link made: the document's entity becomes an entity of its own.

        `link` is the link's IRI or the hash at its end. The document's graph
        is rewritten to the new entity, the relations it supports move with
        it, and the link records the decision ("kept apart by hand"). The new
        entity's IRI is returned. A later change to the document resolves it
        afresh.
        """
        self._check_writable()
        iri = link if link.startswith("http") else str(KGR[f"link/{link.rsplit('/', 1)[-1]}"])
        rows = self.select(
            # a store written before the key went into kg:linkProfile gives it as kg:localKey
            f"SELECT ?g ?old ?key ?profile WHERE {{ GRAPH ?g {{ <{iri}> kg:resolvedTo ?old . "
            f"OPTIONAL {{ <{iri}> kg:localKey ?key }} OPTIONAL {{ <{iri}> kg:linkProfile ?profile }} }} }}"
        )
        if not rows:
            raise StoreError(f"{self.root}: no entity link {link!r} in the store")
        graph, old = URIRef(rows[0]["g"].value), rows[0]["old"].value
        local_key = _link_values(rows[0]["profile"], rows[0]["key"])[0]
        kept = self._cluster_from_links(old, without=graph)
        if kept is None:
            raise StoreError(f"{self.root}: link {link!r} merged nothing: no other document mentions {old}")
        mine = self._cluster_from_links(old, without=graph, only=True)
        assert mine is not None
        key = free_key(local_key, StoreIndex(self).taken)
        mine.key = key
        new = str(entity_iri(key, mine.cls))
        moved = _rows(
            self.oxigraph,
            f"""SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH {_n(graph)} {{
                ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}
                FILTER (?s = <{old}> || ?o = <{old}>) }}""",
        )
        asserted = "\n".join(
            f"{_swap(row['s'], old, new)} {row['p']} {_swap(row['o'], old, new)} ." for row in moved
        )
        updates = [
            *self._retract_facts(graph, about=old),
            f"""DELETE {{ GRAPH {_n(graph)} {{ ?s ?p <{old}> }} }}
                INSERT {{ GRAPH {_n(graph)} {{ ?s ?p <{new}> }} }}
                WHERE {{ GRAPH {_n(graph)} {{ ?s ?p <{old}> }} }}""",
            f"""DELETE {{ GRAPH {_n(graph)} {{ <{old}> ?p ?o }} }}
                INSERT {{ GRAPH {_n(graph)} {{ <{new}> ?p ?o }} }}
                WHERE {{ GRAPH {_n(graph)} {{ <{old}> ?p ?o }} }}""",
            f"""DELETE {{ GRAPH {_n(graph)} {{ <{iri}> kg:linkReason ?r ; kg:confidence ?c }} }}
                INSERT {{ GRAPH {_n(graph)} {{
                    <{iri}> kg:linkReason {_literal(f"kept apart by hand from {old}")} ;
                        kg:confidence 1.0 }} }}
                WHERE {{ GRAPH {_n(graph)} {{ <{iri}> kg:linkReason ?r ; kg:confidence ?c }} }}""",
            f"INSERT DATA {{ GRAPH {_n(ENTITY_GRAPH)} {{\n{asserted}\n}} }}",
        ]
        more, quads = self._rewrite_entities({old: kept, new: mine})
        self._apply(updates + more, quads, f"unmerging link {link!r}")
        return new

    def publish(self, *, compact: bool = False, repack: bool = False) -> Path:
        """Make what this writer did the store's published state (the commit), and return its folder.

        A store of up to `REPACK_QUADS` quads whose files have spread out (more
        than `REPACKED_BYTES` a quad) is written afresh through the bulk loader
        (compressed: `_repack`) with `compact`, which an ingest asks for when
        it changed a good part of the store, or `repack`, which every ingest
        asks for at its end; so is one with documents staged (`_Staged`), in
        the same load. A larger store is compacted
        (Oxigraph's optimize) with `compact`. Generations no reader holds any
        more are deleted.
        """
        self._check_writable()
        self.oxigraph.flush()
        staged, self._staged = self._staged, None
        quads = len(self.oxigraph) if compact or repack else 0
        # only files spread out are worth the rewrite (after one bulk load they are not: ~185 bytes a quad)
        repack = staged is not None or (
            (compact or repack) and quads <= REPACK_QUADS and self._bytes() > REPACKED_BYTES * quads
        )
        if compact and not repack:
            self.oxigraph.optimize()
        previous = _published_folder(self.root)
        number = int(previous.name[1:]) + 1 if previous is not None and previous.name[1:].isdigit() else 1
        folder = self.root / f"g{number:06d}"
        shutil.rmtree(folder, ignore_errors=True)  # a publication killed before it named the folder
        if repack:
            _repack(self.oxigraph, folder, staged)
        else:
            self.oxigraph.backup(str(folder))
            _empty_stale_logs(folder)
        temp = self.root / f".{CURRENT}.tmp"
        with open(temp, "w") as handle:
            handle.write(folder.name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, self.root / CURRENT)
        self.dirty = False
        if repack:  # the writer goes on from the repacked copy, and its old copy's disk is freed now
            work = self.folder
            del self.oxigraph
            self.folder, self.oxigraph = _open_work_copy(self.root)
            if work is not None:
                shutil.rmtree(work, ignore_errors=True)
        for old in [*self.root.glob("g[0-9]*"), self.root / LEGACY_DATA]:
            if old != folder and old.is_dir():
                _delete_unless_read(old)
        return folder

    def _bytes(self) -> int:
        """The size of the writer's database files (its table files are what grows)."""
        folder = self.folder
        if folder is None:
            return 0
        total = 0
        for table in folder.glob("*.sst"):
            try:
                total += table.stat().st_size
            except FileNotFoundError:  # RocksDB's background compaction dropped it meanwhile
                continue
        return total

    def _check_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"{self.root}: opened for reading; open it with write=True to change it")

    def _roll_back(self) -> None:
        """Forget what was written since the last publication: a fresh copy of the published state."""
        del self.oxigraph
        self.folder, self.oxigraph = _open_work_copy(self.root)
        self.dirty = False
        self._staged = None  # its file is in the copy given up

    def _apply(self, updates: list[str], quads: list[ox.Quad], doing: str) -> None:
        """Run `updates`, then add `quads`; a failure says what was being done and that none of it
        was written (the copy goes back to the published state)."""
        try:
            self.dirty = True
            self._write_updates(updates)
            self._write_quads(quads)
        except (OSError, RuntimeError, SyntaxError) as error:
            self._roll_back()
            raise StoreError(
                f"{self.root}: {doing} failed and nothing of it was written: "
                f"{' '.join(str(error).split())[:300]}"
            ) from error
        self.publish()

    def _place(self, extraction: Extraction, batch: _Batch, *, replacing: bool) -> int:
        """Resolve `extraction` (taking out its old version first) and add its triples to `batch`;
        its merge count is returned."""
        doc_id = extraction.document.id
        node = term(document_iri(doc_id))
        index = batch.index
        index.begin_document()
        if replacing:
            # The new version is resolved against the store as it would be without the old one.
            old = URIRef(node.value)
            for iri in self._linked_entities(old):
                index.replace(iri, self._cluster_from_links(iri, without=old, pending=index))
            self._write_updates([*self._retract_facts(old), f"DROP SILENT GRAPH {_n(old)}"])
        links = Resolver(index).place(extraction)
        index.record(links)
        resolved_extraction = relabel(extraction, {link.local_key: link.entity for link in links})
        iris = {link.entity: term(index.iri(link.entity)) for link in links}
        views = {link.entity: _resolved_view(index.pending.clusters[link.entity]) for link in links}
        triples = Triples()
        for entity in extraction.entities:
            if entity.cls == "Referent":  # unnamed ("the coach"): scoped to its document, never resolved
                view = merge_views(entity.key, [(doc_id, entity)])
                iris[entity.key] = term(entity_iri(entity.key, entity.cls))
                views[entity.key] = view
                add_entity(triples, iris[entity.key], view)
        add_document(triples, resolved_extraction, iris, views)
        mentioned_in: dict[str, set[int]] = {
            entity.key: {mention.sentence for mention in entity.mentions} for entity in extraction.entities
        }
        evidence: set[int] = set()
        for link in links:
            target = iris[link.entity]
            triples.add(target, kg("mentionedIn"), node)
            # where the document names the entity otherwise than the key it was placed under, the
            # link points at the sentences, so that the decision can be checked and undone
            sentences = sorted(mentioned_in.get(link.local_key, ())) if link.entity != link.local_key else []
            _add_link(triples, link, target, [term(sentence_iri(doc_id, i)) for i in sentences])
            evidence.update(sentences)
        add_sentences(triples, extraction, evidence)
        triples.add(node, kg("contentHash"), ox.Literal(content_hash(extraction.document)))
        components = {s for s, p, o in triples if p == _TYPE and o == _COMPONENT}
        for s, p, o in triples:
            shared = p in _CONTRACT_PREDICATES or (p == _TYPE and o == _COMPONENT)
            if shared or (p == _LABEL and s in components):
                batch.shared.append(ox.Quad(s, p, o, _ENTITIES))
            else:
                batch.quads.append(ox.Quad(s, p, o, node))
        batch.touched.update(index.touched())
        batch.documents += 1
        # a merge: a name written otherwise than the entity's key (not a namesake kept apart)
        return sum(base_key(link.entity) != link.local_key for link in links)

    def _flush(self, batch: _Batch) -> _Batch:
        """Write what `batch` holds: the documents' graphs, their relations in the entity layer, and
        each touched entity's new description once; a new, empty batch is returned."""
        if batch.documents:
            self.dirty = True
            updates, entity_quads = self._rewrite_entities(batch.touched)
            # The old descriptions go first, so that one write carries the rest: what they delete
            # (touched entities' classes, labels, keys and bookkeeping, and all of an entity no
            # document supports any more) is never what the batch adds.
            self._write_updates(updates)
            if self._staged is None:
                self._write_quads([*batch.quads, *batch.shared, *entity_quads])
            else:
                self._staged.add(batch.quads)
                self._write_quads([*batch.shared, *entity_quads])
                if self._staged.quads + len(self.oxigraph) > REPACK_QUADS:
                    self._unstage()  # too many to load afresh at the end (`_repack`)
        return _Batch(StoreIndex(self))

    def _unstage(self) -> None:
        """Load the staged documents' graphs into the database (through the bulk loader, which is
        not atomic: see `_write_quads`) and write the next ones there too."""
        staged, self._staged = self._staged, None
        if staged is not None and staged.quads:
            self.dirty = True
            self.oxigraph.bulk_load(path=staged.path, format=ox.RdfFormat.N_QUADS)
        if staged is not None:
            staged.path.unlink(missing_ok=True)

    def _write_updates(self, updates: list[str]) -> None:
        if updates:
            self.dirty = True
            self.oxigraph.update(" ;\n".join(updates), prefixes=_PREFIXES)

    def _write_quads(self, quads: list[ox.Quad]) -> None:
        """Add `quads`; many at once through the bulk loader, which is not atomic, as the writer's
        copy need not be: a write that fails rolls the whole copy back."""
        if quads:
            self.dirty = True
            if len(quads) >= BULK_QUADS:
                self.oxigraph.bulk_extend(quads)
            else:
                self.oxigraph.extend(quads)

    def _linked_entities(self, node: URIRef) -> list[str]:
        rows = _rows(
            self.oxigraph, f"SELECT DISTINCT ?e WHERE {{ GRAPH {_n(node)} {{ ?link kg:resolvedTo ?e }} }}"
        )
        return [row["e"].value for row in rows]

    def _cluster_from_links(
        self, iri: str, *, without: URIRef, only: bool = False, pending: StoreIndex | None = None
    ) -> Cluster | None:
        """An entity rebuilt from the stored links of every document but `without` (or, with
        `only`, of that document alone) and the links `pending` holds for it; None if no link
        is left."""
        rows = _rows(
            self.oxigraph,
            # a store written before kg:linkProfile gives its parts one by one, and one written before
            # the key and class went into it gives them as kg:localKey and kg:entityClass
            f"""SELECT ?link ?g ?key ?cls ?label ?profile ?form ?fact ?attr WHERE {{
                GRAPH ?g {{
                    ?link kg:resolvedTo <{iri}> ; kg:localLabel ?label .
                    OPTIONAL {{ ?link kg:localKey ?key }}
                    OPTIONAL {{ ?link kg:entityClass ?cls }}
                    OPTIONAL {{ ?link kg:linkProfile ?profile }}
                    OPTIONAL {{ ?link kg:surfaceForm ?form }}
                    OPTIONAL {{ ?link kg:contextFact ?fact }}
                    OPTIONAL {{ ?link kg:attribute ?attr }}
                }}
                FILTER (?g {"=" if only else "!="} {_n(without)})
            }}""",
        )
        links: dict[str, dict[str, Any]] = {}
        for row in rows:
            entry = links.get(row["link"].value)
            if entry is None:
                key, cls, state = _link_values(row["profile"], row["key"], row["cls"])
                entry = links[row["link"].value] = {
                    "doc": row["g"].value,
                    "key": key,
                    "cls": cls,
                    "label": row["label"].value,
                    "forms": set(state.get("aliases", ())),
                    "facts": set(state.get("facts", ())),
                    "attrs": set(state.get("attributes", ())),
                }
            for name, column in (("forms", "form"), ("facts", "fact"), ("attrs", "attr")):
                if row[column] is not None:
                    entry[name].add(row[column].value)
        profiles = pending.profiles.get(iri, []) if pending is not None else []
        if not links and not profiles:
            return None
        cluster: Cluster | None = None
        for entry in sorted(links.values(), key=lambda e: e["doc"]):
            profile = Profile(
                doc_id=entry["doc"],
                key=entry["key"],
                cls=entry["cls"],
                label=entry["label"],
                aliases=tuple(sorted(entry["forms"] - {entry["label"]})),
                attributes=tuple(sorted(tuple(a.split("=", 1)) for a in entry["attrs"])),
                context=frozenset(tuple(f.split(" ", 1)) for f in entry["facts"]),
            )
            if cluster is None:
                cluster = Cluster(key=self._key_of(iri) or profile.key, cls=profile.cls)
            cluster.absorb(profile)
        for profile, key in profiles:
            if cluster is None:
                cluster = Cluster(key=key, cls=profile.cls)
            cluster.absorb(profile)
        return cluster

    def _key_of(self, iri: str) -> str | None:
        rows = list(
            _rows(
                self.oxigraph, f"SELECT ?key WHERE {{ GRAPH {_n(ENTITY_GRAPH)} {{ <{iri}> kg:key ?key }} }}"
            )
        )
        return rows[0]["key"].value if rows else None

    def _retract_facts(self, node: URIRef, about: str | None = None) -> list[str]:
        """An update that takes out the relations (about the entity `about`, or all) that no document
        but `node`'s supports; it is evaluated in the transaction, so documents written earlier in
        it count as support."""
        only = f"FILTER (?s = <{about}> || ?o = <{about}>)" if about else ""
        return [
            f"""DELETE {{ GRAPH {_n(ENTITY_GRAPH)} {{ ?s ?p ?o }} }} WHERE {{
                GRAPH {_n(node)} {{ ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}
                {only}
                FILTER NOT EXISTS {{
                    GRAPH ?g {{ ?other rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}
                    FILTER (?g != {_n(node)})
                }}
            }}"""
        ]

    def _rewrite_entities(self, clusters: dict[str, Cluster | None]) -> tuple[list[str], list[ox.Quad]]:
        """The updates that take out the entity layer's and resolution's view of each touched entity,
        and the quads of their new one."""
        if not clusters:
            return [], []
        values = " ".join(f"<{iri}>" for iri in clusters)
        update = [
            f"""DELETE {{ GRAPH {_n(ENTITY_GRAPH)} {{ ?e ?p ?o }} }}
                WHERE {{ GRAPH {_n(ENTITY_GRAPH)} {{ VALUES ?e {{ {values} }} ?e ?p ?o
                    FILTER (?p IN (rdf:type, rdfs:label, skos:altLabel, kg:isoCode, kg:key)) }} }}""",
            f"""DELETE {{ GRAPH {_n(RESOLUTION_GRAPH)} {{ ?e ?p ?o }} }}
                WHERE {{ GRAPH {_n(RESOLUTION_GRAPH)} {{ VALUES ?e {{ {values} }} ?e ?p ?o }} }}""",
        ]
        entities, bookkeeping = Triples(), Triples()
        for iri, cluster in clusters.items():
            if cluster is None:
                update.append(
                    f"""DELETE {{ GRAPH {_n(ENTITY_GRAPH)} {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} }}
                        WHERE {{ GRAPH {_n(ENTITY_GRAPH)} {{
                            {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }} }}"""
                )
                continue
            node = term(iri)
            add_entity(entities, node, _resolved_view(cluster))
            entities.add(node, kg("key"), ox.Literal(cluster.key))
            state = json.dumps(cluster.to_state(), ensure_ascii=False)
            bookkeeping.add(node, kg("clusterState"), ox.Literal(state))
            for name in cluster.names:
                bookkeeping.add(node, kg("nameKey"), ox.Literal(name))
        return update, [*entities.quads(_ENTITIES), *bookkeeping.quads(_RESOLUTION)]


@dataclass
class _Batch:
    """Documents placed but not yet written: their quads, their entity-layer triples, the entities
    they changed, and the resolution index that saw them."""

    index: StoreIndex
    quads: list[ox.Quad] = field(default_factory=list)
    shared: list[ox.Quad] = field(default_factory=list)
    touched: dict[str, Cluster | None] = field(default_factory=dict)
    documents: int = 0


@dataclass
class _Staged:
    """Document graphs held back from a writer's database in an N-Quads file until it publishes.

    In an ingest into a store that holds no documents yet, nothing reads a
    document's graph back (only replacing a document does: then they go into
    the database, `GraphStore._unstage`). Written batch by batch, every bulk
    load after the first sets off a RocksDB compaction that rewrites the whole
    database uncompressed (a fresh ingest of 474 BBC Sport articles: 185 bytes
    a quad after the first batch of 200 documents, 330 a second later), and
    the ingest's end must then read every quad back to repack it (`_repack`).
    Held here, they are loaded once, with the database's own quads (entity
    layer, resolution's bookkeeping), into the published generation.
    """

    path: Path
    quads: int = 0

    def add(self, quads: list[ox.Quad]) -> None:
        with open(self.path, "ab") as handle:
            ox.serialize(quads, handle, ox.RdfFormat.N_QUADS)
        self.quads += len(quads)


def _empty_stale_logs(folder: Path) -> None:
    """Empty the write-ahead logs of a generation just copied from a flushed database.

    Everything the database holds is in its table files by then: `publish`
    flushes before the copy, and the copy (a RocksDB checkpoint) flushes
    again. Yet Oxigraph has RocksDB recycle its log files, and a checkpoint
    copies the live log whole, stale records and all: 24 MB in each
    generation of the benchmark's store of 1,896 documents (7% of it), and
    copied again by every writer. RocksDB reads an empty log as one with
    nothing to replay. A log that is a hard link, shared with the writer's
    copy, is left alone.
    """
    for log in folder.glob("*.log"):
        if log.stat().st_nlink == 1:
            os.truncate(log, 0)


def _repack(store: ox.Store, folder: Path, staged: _Staged | None = None) -> None:
    """Write `store`'s quads (and the `staged` ones) into a new database in `folder` through
    Oxigraph's bulk loader, in one load.

    Oxigraph has RocksDB compress every level but level 0 and the base level,
    and while a store is small (under 512 MB an index: some 22,000 of the
    benchmark's documents) everything sits in the base level, uncompressed:
    compacting the writer's copy (`optimize`) leaves it so. The bulk loader
    writes its files LZ4-compressed (RocksDB's file writer takes the last
    level's compression) and a fresh database takes them as they are: the
    benchmark's 1,896 documents take 87 KB a document instead of 159.
    Loading 1.06 million quads stayed so; 1.25 million or more set off a
    compaction that rewrote it all uncompressed (docs/scaling.md), hence
    `REPACK_QUADS`. The loader needs some 0.9 GB of memory a million quads.
    The folder is not the published generation until `current` names it: a
    repack that fails or is killed publishes nothing.
    """
    try:
        fresh = ox.Store(str(folder))
        if staged is None:
            fresh.bulk_extend(store.quads_for_pattern(None, None, None, None))
        else:  # the staged graphs are no quads of the database: one file, one load
            with open(staged.path, "ab") as handle:
                store.dump(handle, ox.RdfFormat.N_QUADS)
            fresh.bulk_load(path=staged.path, format=ox.RdfFormat.N_QUADS)
        fresh.flush()
        written, expected = len(fresh), len(store) + (staged.quads if staged is not None else 0)
        del fresh  # closes the new database
        if written != expected:
            raise StoreError(f"{folder}: the repacked store holds {written} quads of {expected}")
    except BaseException as error:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(error, OSError):
            raise StoreError(f"{folder}: cannot repack the store: {' '.join(str(error).split())}") from error
        raise


def _delete_unless_read(folder: Path) -> None:
    """Delete an old generation's folder unless a reader holds it (it goes at a later publication)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return
    else:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os.close(handle)


class StoreIndex:
    """Resolution's view of a store's entities, with what the current transaction has placed.

    The store is read by index scans (a name key's entities, an entity's
    summary), each remembered for the life of the index: one batch
    of an ingest, in which resolution's bookkeeping and the entities' keys are
    not written (`GraphStore._flush` writes them, then starts a new batch with
    a new index). A stored entity that resolution changes is saved in
    `pending`, which is asked first, so a remembered summary is never one
    that changed.
    """

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.pending = MemoryIndex()  # every entity the transaction touches, by key and name
        self.gone: set[str] = set()  # IRIs only a replaced document's old version supported
        self.profiles: dict[str, list[tuple[Profile, str]]] = {}  # IRI → (profile, key) placed
        self._touched: dict[str, Cluster | None] = {}
        self._named: dict[str, list[str]] = {}  # name key → IRIs of the stored entities it names
        self._stored: dict[str, Cluster | None] = {}  # IRI → its stored summary

    def iri(self, key: str) -> str:
        return str(entity_iri(key, self.pending.clusters[key].cls))

    def begin_document(self) -> None:
        self._touched = {}

    def touched(self) -> dict[str, Cluster | None]:
        """IRI → cluster (None: gone) of every entity the current document changed."""
        return dict(self._touched)

    def replace(self, iri: str, cluster: Cluster | None) -> None:
        """`iri`'s entity as it is without a replaced document (None: nothing is left of it)."""
        if cluster is None:
            self.gone.add(iri)
            for key in [k for k in self.pending.clusters if self.iri(k) == iri]:
                self.pending.forget(key)
        else:
            self.gone.discard(iri)
            self.pending.save(cluster)
        self._touched[iri] = cluster

    def record(self, links: list[Link]) -> None:
        for link in links:
            self.profiles.setdefault(self.iri(link.entity), []).append((link.profile, link.entity))

    def candidates(self, group: str, names: Iterable[str]) -> list[Cluster]:
        names = set(names)
        found: dict[str, Cluster] = {}
        for iri in sorted({iri for name in names for iri in self._stored_named(name)}):
            if iri in self.gone:
                continue
            # its group is its class's (absorbing a profile never leaves the group): no quad of its own
            cluster = self._stored_cluster(iri)
            if cluster is not None and group_of(cluster.cls) == group:
                found[cluster.key] = self.pending.clusters.get(cluster.key, cluster)
        for cluster in self.pending.candidates(group, names):
            found[cluster.key] = cluster
        return [found[key] for key in sorted(found)]

    def taken(self, key: str) -> bool:
        if self.pending.taken(key):
            return True
        stored = _stored_subjects(self.store.oxigraph, _KEY, key, _ENTITIES)
        # an entity that only the replaced version of a document supported is going, its key free
        return any(iri not in self.gone for iri in stored)

    def _stored_named(self, name: str) -> list[str]:
        iris = self._named.get(name)
        if iris is None:
            iris = self._named[name] = _stored_subjects(self.store.oxigraph, _NAME_KEY, name, _RESOLUTION)
        return iris

    def _stored_cluster(self, iri: str) -> Cluster | None:
        """The stored summary of `iri`, read once. A cluster given out is changed only after it is
        saved (`Resolver` absorbs a profile, then saves), so the copy kept here is what is stored."""
        if iri not in self._stored:
            state = _stored_value(self.store.oxigraph, iri, _CLUSTER_STATE)
            self._stored[iri] = Cluster.from_state(json.loads(state)) if state is not None else None
        return self._stored[iri]

    def save(self, cluster: Cluster) -> None:
        self.pending.save(cluster)
        self._touched[self.iri(cluster.key)] = cluster


def _resolved_view(cluster: Cluster) -> ResolvedEntity:
    label = cluster.label
    return ResolvedEntity(
        key=cluster.key,
        cls=cluster.cls,
        label=label,
        aliases=tuple(sorted(form for form in cluster.forms if form != label)),
        documents=(),
        attributes=tuple(sorted(cluster.attributes.items())),
    )


def _add_link(triples: Triples, link: Link, entity: ox.NamedNode, evidence: list[ox.NamedNode]) -> None:
    """How one of the document's entities was placed, and what resolution needs to place it again
    (its profile) when another document leaves the store. The link lives in its document's graph,
    which says which document it belongs to."""
    digest = hashlib.sha1("\x1f".join((link.doc_id, link.local_key)).encode()).hexdigest()[:16]
    node = term(KGR[f"link/{digest}"])
    profile = link.profile
    triples.add(node, _TYPE, kg("EntityLink"))
    triples.add(node, kg("resolvedTo"), entity)
    triples.add(node, kg("localLabel"), ox.Literal(profile.label))
    triples.add(node, kg("linkProfile"), ox.Literal(link_profile(profile)))
    triples.add(node, kg("confidence"), confidence_literal(link.confidence))
    triples.add(node, kg("linkReason"), ox.Literal(link.reason))
    for sentence in evidence:
        triples.add(node, kg("evidence"), sentence)


def link_profile(profile: Profile) -> str:
    """What resolution compares of a link's entity beyond its label, as one JSON literal: its key and
    class as the document alone saw them, its other names, the facts the document states of it and its
    gazetteer attributes (empty lists left out). A quad each took a sixth of a store, and the key and
    class two quads of every link (8% of a store); only `kg unmerge` and the rebuild of an entity
    (`GraphStore._cluster_from_links`) read them, always together."""
    state: dict[str, object] = {"key": profile.key, "class": profile.cls}
    lists = {
        "aliases": list(profile.aliases),
        "facts": sorted(f"{predicate} {obj}" for predicate, obj in profile.context),
        "attributes": [f"{name}={value}" for name, value in profile.attributes],
    }
    state.update((name, values) for name, values in lists.items() if values)
    return json.dumps(state, ensure_ascii=False, separators=(",", ":"))


def _link_values(profile: Any, key: Any = None, cls: Any = None) -> tuple[str, str, dict[str, Any]]:
    """A link's local key, class and profile, given the terms a query bound to its `kg:linkProfile`
    and (in a store written before the key and class went into the profile) its `kg:localKey` and
    `kg:entityClass`."""
    state = json.loads(profile.value) if profile is not None else {}
    if "key" in state:  # and "class": they went into the profile together
        return state["key"], state["class"], state
    return key.value, cls.value.rsplit("#", 1)[-1] if cls is not None else "", state


def _swap(term: Any, old: str, new: str) -> str:
    """`term` in SPARQL syntax, with the IRI `old` replaced by `new`."""
    return f"<{new}>" if isinstance(term, ox.NamedNode) and term.value == old else str(term)


def _rows(store: ox.Store, query: str, *, union: bool = False) -> list[Any]:
    """The solutions of a SELECT (or ASK, CONSTRUCT) as a list, the project's prefixes bound."""
    result: Any = store.query(query, prefixes=_PREFIXES, use_default_graph_as_union=union)
    return list(result)


def _stored_subjects(store: ox.Store, predicate: ox.NamedNode, value: str, graph: ox.NamedNode) -> list[str]:
    """The IRIs whose `predicate` is the string `value` in `graph`: an index scan."""
    quads = store.quads_for_pattern(None, predicate, ox.Literal(value), graph)
    return [quad.subject.value for quad in quads if isinstance(quad.subject, ox.NamedNode)]


def _stored_value(store: ox.Store, iri: str, predicate: ox.NamedNode) -> str | None:
    """The value of `iri`'s `predicate` in resolution's bookkeeping (None if it has none)."""
    for quad in store.quads_for_pattern(ox.NamedNode(iri), predicate, None, _RESOLUTION):
        if isinstance(quad.object, ox.Literal):
            return quad.object.value
    return None


_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
_RESOLUTION = ox.NamedNode(str(RESOLUTION_GRAPH))
_ENTITIES = ox.NamedNode(str(ENTITY_GRAPH))
_KEY, _NAME_KEY, _CLUSTER_STATE = kg("key"), kg("nameKey"), kg("clusterState")


def _n(node: str | URIRef) -> str:
    return f"<{node}>"


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
