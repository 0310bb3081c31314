"""pagefix on a Dask cluster (``pip install 'pagefix[dask]'``).

The same jobs as a local batch, mapped over a ``dask.bag`` — the pattern digital-library
pipelines use for millions of pages.  Each worker loads jieba, OpenCC and the character model
once; results are the same ``pagefix/1`` dicts a local run gives, in input order.

    import dask.bag as db, pagefix.dask
    bag = db.from_sequence([{"id": "p1", "text": "…"}, {"id": "p2", "path": "scans/p2.hocr"}])
    pagefix.dask.repair_bag(bag).compute()
"""
from __future__ import annotations

from typing import Any, Iterator

from .batch import Job, Outcome, process, safe_rel
from .config import Config


def _require():
    try:
        import dask.bag  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the extra
        from .errors import ResourceError
        raise ResourceError("the Dask engine needs the extra: pip install 'pagefix[dask]'") from exc


def _job(item: Any, n: int) -> Job:
    if isinstance(item, Job):
        return item
    if isinstance(item, str):
        return Job(str(n), str(n), None, item)
    pid = str(item.get("id", n))
    if "text" in item:
        return Job(pid, safe_rel(pid), None, str(item["text"]))
    return Job(pid, safe_rel(pid), str(item["path"]))


def repair_record(item: Any, config: Config | None = None) -> dict[str, Any]:
    """One page (``str``, ``{"id", "text"}`` or ``{"id", "path"}``) to a record:
    ``{"id", "result"}`` or ``{"id", "error"}``; never raises for a bad page."""
    o = process(_job(item, 0), config)
    if o.error:
        return {"id": o.job.id, "error": o.error}
    return {"id": o.job.id, "result": o.result}


def repair_bag(bag, config: Config | None = None):
    """Map :func:`repair_record` over a ``dask.bag.Bag`` of pages."""
    _require()
    return bag.map(repair_record, config=config)


def outcomes_on_cluster(jobs: list[Job], address: str, config: Config | None = None) -> Iterator[Outcome]:
    """The CLI's ``--dask ADDRESS``: run jobs on the cluster, yield outcomes in input order."""
    _require()
    import dask.bag as db
    from distributed import Client

    with Client(address) as client:
        bag = db.from_sequence(jobs, npartitions=max(1, min(len(jobs), 4 * len(client.nthreads()) or 1)))
        for o in bag.map(process, config=config).compute():
            yield o
