"""The ``pagefix`` command.

    pagefix demo                                  repair the bundled sample page
    pagefix repair PAGE [-o OUT] [--format F]     one page to stdout or a file
    pagefix repair PATH... -o OUTDIR [-j N]       a batch: files, folders, globs, - for stdin
    pagefix stats OUTDIR                          totals and the pages to review first

Exit codes: 0 all good, 1 some pages failed (see OUTDIR/errors.jsonl), 2 usage error,
123 internal error (an invariant broke: a bug in pagefix, please report it).
"""
from __future__ import annotations

import argparse
import dataclasses
import glob
import json
import os
import sys
from importlib import resources as _ir
from pathlib import Path

from . import __version__
from .config import Config
from .errors import InputError, PagefixError
from .writers import FORMATS, render

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 123


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="pagefix",
        description="Turn scrambled OCR of Chinese newspaper pages into clean, separate articles, "
                    "with a record of every change.",
        epilog="Exit codes: 0 all good, 1 some pages failed, 2 usage error, 123 internal error.",
    )
    ap.add_argument("--version", action="version", version=f"pagefix {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    d = sub.add_parser("demo", help="repair the sample page bundled with pagefix and print the articles",
                       description="Repair the scrambled sample page bundled with pagefix and print the articles.")
    d.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")

    r = sub.add_parser(
        "repair", help="repair pages: one file, or a batch of files and folders",
        description="Repair scrambled OCR pages. With one input and no -o, or -o FILE, the result goes "
                    "to stdout or that file. With several inputs, a folder or a glob, -o names an output "
                    "folder that mirrors the inputs (NAME.json, NAME.txt or NAME.md per page) and gets "
                    "errors.jsonl for pages that failed; '-o -' streams one JSON line per page.",
        epilog="Examples:\n  pagefix repair page.txt\n  pagefix repair scans/ -o out/ -j 4 --resume\n"
               "  pagefix repair --jsonl pages.jsonl -o - > results.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    r.add_argument("inputs", nargs="+", metavar="PATH", help="page files, folders, globs, or - for stdin")
    r.add_argument("-o", "--output", metavar="OUT", help="output file (one page) or folder (batch); - for JSONL on stdout")
    r.add_argument("-f", "--format", choices=FORMATS, default=None,
                   help="json (the pagefix/1 schema), text or markdown (default: text for one page to stdout, json otherwise)")
    r.add_argument("--jsonl", action="store_true", help='inputs are JSONL streams of {"id", "text"} or {"id", "path"}')
    r.add_argument("-j", "--jobs", type=int, default=None, metavar="N", help="worker processes (default: CPU count)")
    r.add_argument("--resume", action="store_true", help="skip pages whose output already exists")
    r.add_argument("--script", choices=("keep", "simplified", "traditional"), default="keep",
                   help="keep the page's script (default) or convert the whole page")
    r.add_argument("--lang", metavar="LANG", help="Tesseract language for image inputs: chi_sim or chi_tra "
                   "(default: both, when both are installed, and the script is detected from the text)")
    r.add_argument("--dask", metavar="ADDRESS", help="run on a Dask cluster (scheduler address; needs pagefix[dask])")
    r.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    r.add_argument("-v", "--verbose", action="store_true", help="log every page")

    s = sub.add_parser("stats", help="totals of a batch output folder and the pages to review first",
                       description="Read a batch output folder: totals, and the pages with the lowest confidence.")
    s.add_argument("outdir", metavar="OUTDIR")
    s.add_argument("-n", "--lowest", type=int, default=10, help="how many low-confidence pages to list (default: 10)")
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = _parser()
    try:
        a = ap.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if a.command is None:
        ap.print_help()
        return EXIT_USAGE
    try:
        if a.command == "demo":
            return _demo(a)
        if a.command == "repair":
            return _repair(a, ap)
        if a.command == "stats":
            return _stats(a)
    except PagefixError as exc:
        print(f"pagefix: {exc}", file=sys.stderr)
        return EXIT_INTERNAL if type(exc).__name__ == "InternalError" else EXIT_FAILED
    except KeyboardInterrupt:
        print("pagefix: interrupted", file=sys.stderr)
        return 130
    return EXIT_USAGE


def _demo(a) -> int:
    from .pipeline import repair

    text = _ir.files("pagefix").joinpath("data/sample-page.txt").read_text(encoding="utf-8")
    result = repair(text)
    sys.stdout.write(render(result, a.format))
    if a.format == "text":
        changes = [e for e in result.edits if e.rule not in ("space", "line-join")]
        print(f"[{len(result.articles)} articles; {len(result.edits)} edits, among them:]")
        for e in changes:
            print(f"  {e.rule}: {e.before!r} -> {e.after!r} at {e.start} ({e.reason})")
    return EXIT_OK


def _is_single(a) -> bool:
    if a.jsonl or len(a.inputs) != 1:
        return False
    p = a.inputs[0]
    # (a path that does not exist and is no glob is one page that cannot be read)
    return p == "-" or Path(p).is_file() or not (Path(p).exists() or glob.has_magic(p))


def _repair(a, ap) -> int:
    from . import batch

    config = Config(script=a.script)
    if a.lang:
        os.environ["PAGEFIX_TESSERACT_LANG"] = a.lang  # read by the image reader, here and in workers
    if a.jobs is not None and a.jobs < 1:
        print("pagefix: -j needs a whole number of at least 1", file=sys.stderr)
        return EXIT_USAGE
    if _is_single(a) and (a.output is None or (a.output != "-" and not Path(a.output).is_dir()
                                                  and Path(a.output).suffix)):
        fmt = a.format or ("text" if a.output is None else {".md": "markdown", ".txt": "text"}.get(Path(a.output).suffix, "json"))
        job = next(iter(batch.iter_jobs(a.inputs)))
        if isinstance(job, batch.Outcome):
            print(f"pagefix: {job.error['message']}", file=sys.stderr)
            return EXIT_FAILED
        page = batch.load_job(job)
        from .pipeline import Pipeline
        result = Pipeline(config).repair_page(page if job.id != "stdin" else dataclasses.replace(page, id=None))
        out = render(result, fmt)
        if not a.quiet:
            for w in result.warnings:  # (the text format has no place for them)
                print(f"pagefix: warning: {w.code}: {w.message}", file=sys.stderr)
        if a.output:
            try:
                batch.atomic_write(Path(a.output), out)
            except OSError as exc:
                raise InputError(f"cannot write {a.output}: {exc.strerror or exc}") from exc
        else:
            sys.stdout.write(out)
        return EXIT_OK
    if a.output is None:
        print("pagefix: a batch (several inputs, a folder, a glob or --jsonl) needs -o OUTDIR or -o -",
              file=sys.stderr)
        return EXIT_USAGE
    fmt = a.format or "json"
    stream = a.output == "-"
    if stream and fmt != "json":
        print("pagefix: -o - streams JSON lines; --format does not apply", file=sys.stderr)
        return EXIT_USAGE
    workers = a.jobs or os.cpu_count() or 1
    progress = not a.quiet and not a.verbose and sys.stderr.isatty()
    rep = batch.run(batch.iter_jobs(a.inputs, jsonl=a.jsonl), None if stream else a.output, fmt,
                    workers=workers, resume=a.resume, config=config, progress=progress, verbose=a.verbose,
                    stdout=sys.stdout if stream else None, dask_address=a.dask)
    if not a.quiet:
        print(rep.summary(), file=sys.stderr)
        if rep.failed and not stream:
            print(f"failures are listed in {Path(a.output) / 'errors.jsonl'}", file=sys.stderr)
    return rep.exit_code


def _stats(a) -> int:
    out = Path(a.outdir)
    if not out.is_dir():
        raise InputError(f"{out}: not a folder")
    pages, rows = 0, []
    arts = unassigned = warnings = 0
    for f in sorted(out.rglob("*.json")):
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        try:
            if d.get("schema") != "pagefix/1":
                continue
            counts = len(d["articles"]), len(d["unassigned"]), len(d["warnings"])
            conf = min((float(x.get("confidence", 1.0)) for x in d["articles"]), default=0.0)
        except (AttributeError, KeyError, TypeError, ValueError):
            continue  # (not a pagefix result, or a damaged one: not counted)
        pages += 1
        arts += counts[0]
        unassigned += counts[1]
        warnings += counts[2]
        rows.append((conf, f.relative_to(out).as_posix()))
    errors = 0
    ef = out / "errors.jsonl"
    if ef.exists():
        errors = sum(1 for line in ef.read_text(encoding="utf-8").splitlines() if line.strip())
    print(f"{pages} pages, {arts} articles, {unassigned} unassigned fragments, {warnings} warnings, {errors} failed")
    if rows:
        print("lowest confidence (the least sure article of each page):")
        for conf, name in sorted(rows)[: a.lowest]:
            print(f"  {conf:.3f}  {name}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
