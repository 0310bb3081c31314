"""The Dask engine against a real LocalCluster: the same JSON as a local run (issue 5)."""
from __future__ import annotations

import json

import pytest

from conftest import FIXTURES

distributed = pytest.importorskip("distributed", reason="needs the dask extra: pip install 'pagefix[dask]'")
db = pytest.importorskip("dask.bag")

from pagefix.batch import Job, process  # noqa: E402
from pagefix.dask import outcomes_on_cluster, repair_bag  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


def _pages(n: int) -> list[dict]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "pages").glob("*.txt"))]
    return [{"id": f"p{i:03d}", "text": texts[i % len(texts)] + f"\n第{i}号附注。\n"} for i in range(n)]


def test_dask_gives_the_same_json_as_a_local_run(cluster):
    pages = _pages(200)
    local = [json.dumps(process(Job(p["id"], p["id"], None, p["text"])).result, ensure_ascii=False) for p in pages]
    with distributed.Client(cluster):
        recs = repair_bag(db.from_sequence(pages, npartitions=8)).compute()
    assert [r["id"] for r in recs] == [p["id"] for p in pages]
    assert [json.dumps(r["result"], ensure_ascii=False) for r in recs] == local


def test_cli_engine_on_the_cluster(cluster):
    jobs = [Job(p["id"], p["id"], None, p["text"]) for p in _pages(12)]
    got = [o.result for o in outcomes_on_cluster(jobs, cluster.scheduler_address)]
    assert got == [process(j).result for j in jobs]
