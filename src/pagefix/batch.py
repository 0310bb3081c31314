"""Batch runs: many pages in, one output per page, failures isolated, resumable.

The pure core (:func:`pagefix.repair`) is wrapped three ways:

* :func:`repair_pages` — a lazy iterator for ingestion code, one result per input, in order;
* :func:`run` — the CLI's engine: files and folders, worker processes, atomic writes,
  ``errors.jsonl``, ``--resume``, a summary;
* :mod:`pagefix.dask` — the same jobs mapped over a Dask cluster.

Output is byte-identical whatever the number of workers: each page's result depends on the
page alone, and results are written in input order.

>>> [r.articles[0].title for r in repair_pages(["标题一\\n正文第一段。", "标题二\\n正文第二段。"])]
['标题一', '标题二']
"""
from __future__ import annotations

import collections
import contextlib
import glob as _glob
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Iterator

from .config import Config
from .errors import InputError, InternalError, PagefixError
from .model import PageResult, Warning
from .readers import Page, read_bytes
from .writers import EXTENSIONS, render

READABLE = (".txt", ".text", ".hocr", ".html", ".htm", ".xml", ".alto", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


@dataclass(frozen=True)
class Job:
    """One page to repair: where it comes from and where its output goes (``rel``, a relative
    POSIX path without extension)."""

    id: str
    rel: str
    path: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What became of one job: the result as JSON-ready dict, or an error record."""

    job: Job
    result: dict[str, Any] | None
    error: dict[str, str] | None
    seconds: float = 0.0


@dataclass
class Report:
    """Counts for the final summary (black's Report, for pages)."""

    pages: int = 0
    skipped: int = 0
    failed: int = 0
    internal: int = 0
    articles: int = 0
    unassigned: int = 0
    warnings: int = 0
    seconds: float = 0.0
    errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 all good, 1 some pages failed, 123 an invariant broke (a bug in pagefix)."""
        if self.internal:
            return 123
        return 1 if self.failed else 0

    def summary(self) -> str:
        rate = self.pages / self.seconds if self.seconds > 0 else 0.0
        return (f"{self.pages} pages repaired, {self.skipped} skipped, {self.failed} failed; "
                f"{self.articles} articles, {self.unassigned} unassigned fragments, {self.warnings} warnings; "
                f"{self.seconds:.1f}s ({rate:.1f} pages/s)")


# ------------------------------------------------------------------ jobs
def safe_rel(name: str) -> str:
    """A relative output path from an id or file name; ids that would escape the output folder
    (``../../etc/x``, ``/etc/x``) are rejected.

    >>> safe_rel("2024/page-01")
    '2024/page-01'
    >>> safe_rel("../../etc/x")
    Traceback (most recent call last):
    ...
    pagefix.errors.InputError: id '../../etc/x' would write outside the output folder
    """
    p = PurePosixPath(name.replace("\\", "/"))
    if not name or p.is_absolute() or any(part in ("..", "") for part in p.parts) or ":" in p.parts[0]:
        raise InputError(f"id {name!r} would write outside the output folder")
    return str(p)


def _stem(rel: str) -> str:
    for ext in READABLE:
        if rel.lower().endswith(ext):
            return rel[: -len(ext)]
    return rel


#: which form of a page a folder's batch reads when it holds several (page.hocr, page.txt,
#: page.png as Tesseract leaves them): OCR with coordinates, then text, then an image
_FORM_RANK = {".hocr": 0, ".html": 0, ".htm": 0, ".xml": 0, ".alto": 0, ".txt": 1, ".text": 1}


def _pages_in(folder: Path) -> list[Path]:
    """The page files under ``folder`` (recursive, sorted): files in a page format (text,
    hOCR, ALTO, PAGE XML, images), not hidden, one per page.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     d = Path(tmp)
    ...     for name in ("p1.txt", "p1.hocr", "p1.png", "p2.txt", "notes.md", "p1.gold.json"):
    ...         _ = (d / name).write_text("x")
    ...     [f.name for f in _pages_in(d)]
    ['p1.hocr', 'p2.txt']
    """
    best: dict[str, Path] = {}
    for f in sorted(x for x in folder.rglob("*") if x.is_file() and not x.name.startswith(".")):
        suffix = f.suffix.lower()
        if suffix not in READABLE:
            continue
        key = _stem(f.relative_to(folder).as_posix())
        have = best.get(key)
        if have is None or _FORM_RANK.get(suffix, 2) < _FORM_RANK.get(have.suffix.lower(), 2):
            best[key] = f
    return sorted(best.values())


def iter_jobs(paths: Iterable[str], *, jsonl: bool = False, stdin=None) -> Iterator[Job | Outcome]:
    """Expand inputs into jobs: files, folders (recursive, sorted), globs, ``-`` for stdin;
    with ``jsonl`` each line is ``{"id", "text"}`` or ``{"id", "path"}``.  A bad line yields an
    error :class:`Outcome` instead of stopping the run."""
    for arg in paths:
        if jsonl:
            stream = (stdin or sys.stdin) if arg == "-" else open(arg, encoding="utf-8")
            with stream if arg != "-" else contextlib.nullcontext(stream):
                for n, line in enumerate(stream, 1):
                    if not line.strip():
                        continue
                    where = f"{arg}:{n}"
                    try:
                        rec = json.loads(line)
                        pid = str(rec.get("id", n))
                        rel = safe_rel(pid)
                        if "text" in rec:
                            yield Job(pid, rel, None, str(rec["text"]))
                        elif "path" in rec:
                            yield Job(pid, rel, str(rec["path"]))
                        else:
                            raise InputError("a JSONL record needs 'text' or 'path'")
                    except (ValueError, AttributeError, PagefixError) as exc:
                        yield Outcome(Job(where, "", None), None, _error(where, exc))
            continue
        if arg == "-":
            yield Job("stdin", "stdin", None, (stdin or sys.stdin).read())
            continue
        p = Path(arg)
        if p.is_dir():
            for f in _pages_in(p):
                rel = f.relative_to(p).as_posix()
                yield Job(str(f), _stem(rel), str(f))
        elif p.exists():
            yield Job(str(p), _stem(p.name), str(p))
        else:
            matches = sorted(_glob.glob(arg, recursive=True))
            if not matches:
                yield Outcome(Job(arg, "", arg), None, {"path": arg, "error": "FileNotFoundError",
                                                       "message": f"{arg}: no such file, folder or glob match"})
            for m in matches:
                if Path(m).is_file():
                    yield Job(m, _stem(Path(m).name), m)


def _error(where: str, exc: BaseException) -> dict[str, str]:
    return {"path": where, "error": type(exc).__name__, "message": str(exc)}


# ------------------------------------------------------------------ work (runs in workers)
def load_job(job: Job) -> Page:
    if job.text is not None:
        return Page(job.text, "text", job.id)
    assert job.path is not None
    try:
        with open(job.path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise InputError(f"{job.path}: {exc.strerror or exc}") from exc
    page = read_bytes(data, job.path)
    return Page(page.text, page.format, job.id, page.encoding, page.meta)


def process(job: Job, config: Config | None = None) -> Outcome:
    """Read and repair one job; never raises for a bad page."""
    from .pipeline import Pipeline

    t = time.perf_counter()
    try:
        page = load_job(job)
        if not page.text.strip():
            raise InputError(f"{job.id}: the page is empty")
        result = Pipeline(config).repair_page(page)
        d = result.to_dict()
        return Outcome(job, d, None, time.perf_counter() - t)
    except InternalError as exc:
        return Outcome(job, None, {**_error(job.id, exc), "internal": "true"}, time.perf_counter() - t)
    except (PagefixError, ValueError, OSError, MemoryError, RecursionError) as exc:
        return Outcome(job, None, _error(job.id, exc), time.perf_counter() - t)
    except Exception as exc:  # noqa: BLE001 - a bug in pagefix met on this page: recorded, the run goes on
        return Outcome(job, None, {**_error(job.id, exc), "internal": "true"}, time.perf_counter() - t)


def _init_worker() -> None:
    from .resources import get_resources
    get_resources()  # load jieba, OpenCC and the model once per worker


# ------------------------------------------------------------------ streaming API
def repair_pages(pages: Iterable[Any], config: Config | None = None, *, on_error: str = "record") -> Iterator[PageResult]:
    """Repair pages lazily, one result per input, in order, in bounded memory.

    Items may be ``str`` (page text), a path (``pathlib.Path`` or any ``os.PathLike``: the
    file is read as the command line reads it, and its path is the page's id),
    :class:`~pagefix.readers.Page`, or dicts ``{"id", "text"}`` / ``{"id", "path"}``.  With
    ``on_error="record"`` a page that cannot be read or repaired gives an empty result whose
    warnings carry the error; with ``"raise"`` the error propagates.
    """
    if on_error not in ("record", "raise"):
        raise ValueError("on_error must be 'record' or 'raise'")
    from .pipeline import Pipeline

    pipe = Pipeline(config)
    for n, item in enumerate(pages):
        pid = None
        try:
            if isinstance(item, str):
                page = Page(item)
            elif isinstance(item, os.PathLike):
                pid = os.fspath(item)
                page = load_job(Job(pid, pid, pid))
            elif isinstance(item, Page):
                page, pid = item, item.id
            elif isinstance(item, dict):
                pid = str(item.get("id", n))
                page = Page(item["text"], "text", pid) if "text" in item else load_job(Job(pid, pid, str(item["path"])))
            else:
                raise InputError(f"cannot read a page from {type(item).__name__}")
            # a page read from OCR with coordinates brings its layout (see pagefix.geometry)
            yield pipe.repair_page(page)
        except Exception as exc:  # noqa: BLE001 - a bad page, or a bug met on it: recorded, the rest go on
            if on_error == "raise":
                raise
            internal = not isinstance(exc, (PagefixError, KeyError, OSError)) or isinstance(exc, InternalError)
            code = "internal-error" if internal else "page-error"
            yield PageResult((), (), (), (), (Warning(code, f"{type(exc).__name__}: {exc}"),), "simplified", pid)


# ------------------------------------------------------------------ the CLI engine
def atomic_write(path: Path, data: str) -> None:
    """Write via a temporary file and a rename, so a reader (or ``--resume``) never sees half a
    file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _remove_stale(out: Path, targets: list[Path]) -> None:
    """Remove what a killed run left half-written: the temporary files :func:`atomic_write`
    names after this run's own outputs (``.NAME.PID.tmp`` beside ``NAME``), and nothing else
    in ``out`` -- an output folder may hold other programs' files.  Each folder is listed once."""
    by_dir: dict[Path, set[str]] = collections.defaultdict(set)
    for t in targets:
        by_dir[t.parent].add(t.name)
    for folder, names in by_dir.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # (not made yet: nothing was left there)
        for e in entries:
            stem, _, pid = e.name[:-4].rpartition(".") if e.name.endswith(".tmp") else ("", "", "")
            if stem.startswith(".") and stem[1:] in names and pid.isdigit() and e.is_file(follow_symlinks=False):
                Path(e.path).unlink(missing_ok=True)


def run(jobs: Iterable[Job | Outcome], outdir: str | None, fmt: str = "json", *, workers: int = 1,
        resume: bool = False, config: Config | None = None, progress: bool = False, verbose: bool = False,
        stdout=None, dask_address: str | None = None, log=None) -> Report:
    """Repair every job; write ``OUTDIR/REL.EXT`` per page (or one JSONL stream to ``stdout``
    when ``outdir`` is None), failures to ``OUTDIR/errors.jsonl``.  Returns the report."""
    from .model import PageResult as _PR

    rep = Report()
    t0 = time.perf_counter()
    out = Path(outdir) if outdir else None
    ext = EXTENSIONS[fmt]
    err_f = None
    if out:
        try:
            out.mkdir(parents=True, exist_ok=True)
            err_f = open(out / "errors.jsonl", "w", encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    log = log or (lambda msg: print(msg, file=sys.stderr))

    todo: list[Job] = []
    early: list[Outcome] = []
    for j in jobs:
        if isinstance(j, Outcome):
            early.append(j)
            continue
        if out and resume and (out / (j.rel + ext)).exists():
            rep.skipped += 1
            continue
        todo.append(j)
    if out:
        _remove_stale(out, [out / (j.rel + ext) for j in todo])

    def record(o: Outcome) -> None:
        if o.error:
            rep.failed += 1
            if o.error.get("internal"):
                rep.internal += 1
            rep.errors.append(o.error)
            if err_f:
                err_f.write(json.dumps(o.error, ensure_ascii=False) + "\n")
                err_f.flush()
            elif stdout is not None:
                stdout.write(json.dumps({"id": o.job.id, "error": o.error}, ensure_ascii=False) + "\n")
            if verbose:
                log(f"FAILED {o.job.id}: {o.error['error']}: {o.error['message']}")
            return
        assert o.result is not None
        if out:
            text = json.dumps(o.result, ensure_ascii=False, indent=1) + "\n" if fmt == "json" \
                else render(_PR.from_dict(o.result), fmt)
            try:
                atomic_write(out / (o.job.rel + ext), text)
            except OSError as exc:  # (a name a folder holds, a full disk: this page failed)
                record(Outcome(o.job, None, _error(o.job.id, InputError(
                    f"cannot write {out / (o.job.rel + ext)}: {exc.strerror or exc}"))))
                return
        rep.pages += 1
        rep.articles += len(o.result["articles"])
        rep.unassigned += len(o.result["unassigned"])
        rep.warnings += len(o.result["warnings"])
        if out is None and stdout is not None:
            stdout.write(json.dumps({"id": o.job.id, "result": o.result}, ensure_ascii=False) + "\n")
            stdout.flush()
        if verbose:
            log(f"ok {o.job.id}: {len(o.result['articles'])} articles in {o.seconds * 1000:.0f} ms")

    for o in early:
        record(o)
    bar = _progress(len(todo)) if progress else None
    try:
        for o in _outcomes(todo, config, workers, dask_address):
            record(o)
            if bar:
                bar.update(1)
    finally:
        if bar:
            bar.close()
        if err_f:
            err_f.close()
    rep.seconds = time.perf_counter() - t0
    return rep


def _outcomes(todo: list[Job], config: Config | None, workers: int, dask_address: str | None) -> Iterator[Outcome]:
    if dask_address:
        from .dask import outcomes_on_cluster
        yield from outcomes_on_cluster(todo, dask_address, config)
        return
    if workers <= 1 or len(todo) <= 1:
        for j in todo:
            yield process(j, config)
        return
    import functools
    import multiprocessing as mp

    ctx = mp.get_context("spawn" if sys.platform == "darwin" else "fork")
    with ctx.Pool(workers, initializer=_init_worker, maxtasksperchild=500) as pool:
        yield from pool.imap(functools.partial(process, config=config), todo, chunksize=2)


def _progress(total: int):
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="page", dynamic_ncols=True, file=sys.stderr)
