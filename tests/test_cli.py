"""The command line and the batch engine: outputs, failures, exit codes, resume, workers."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


from conftest import FIXTURES, ROOT
import pagefix
from pagefix import cli
from pagefix.batch import repair_pages

PAGES = [FIXTURES / "pages" / f"{n}.txt" for n in ("dev0002", "dev0024", "dev0048")]


def run_cli(*args: str) -> int:
    return cli.main(list(args))


def test_demo_prints_articles(capsys):
    assert run_cli("demo") == 0
    out = capsys.readouterr().out
    assert "城东社区图书馆延长开放时间" in out and "学生家长" in out and "学学生" not in out


def test_single_page_to_stdout_and_file(tmp_path, capsys):
    assert run_cli("repair", str(PAGES[0])) == 0
    assert capsys.readouterr().out.strip()
    out = tmp_path / "one.json"
    assert run_cli("repair", str(PAGES[0]), "-o", str(out)) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "pagefix/1"


def test_usage_errors_exit_2(tmp_path, capsys):
    assert run_cli("repair") == 2
    assert run_cli("repair", str(FIXTURES / "pages")) == 2  # a folder needs -o
    assert run_cli("nonsense") == 2
    assert run_cli("repair", str(PAGES[0]), "-j", "0", "-o", str(tmp_path / "o")) == 2


def _tree(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "2024" / "jan").mkdir(parents=True)
    for i, p in enumerate(PAGES):
        (src / "2024" / "jan" / f"page{i}.txt").write_bytes(p.read_bytes())
    (src / "gbk.txt").write_bytes(PAGES[0].read_text(encoding="utf-8").encode("gbk"))
    (src / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (src / "empty.txt").write_bytes(b"")
    (src / "broken.xml").write_bytes(b'<?xml version="1.0"?><alto><Layout><Page><TextBl')
    (src / "big5.txt").write_bytes("香港經濟發展迅速\n\n香港經濟發展迅速，市民生活水平不斷提高。\n".encode("big5"))
    (src / "utf16.txt").write_bytes(PAGES[1].read_text(encoding="utf-8").encode("utf-16"))
    (src / "huge.txt").write_bytes(("很长的一页。" * 1_800_000).encode("utf-8"))  # 32 MB
    return src


def test_batch_isolates_failures(tmp_path, capsys):
    src = _tree(tmp_path)
    out = tmp_path / "out"
    code = run_cli("repair", str(src), "-o", str(out), "-j", "1", "-q")
    assert code == 1
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == [
        "2024/jan/page0.json", "2024/jan/page1.json", "2024/jan/page2.json", "big5.json", "gbk.json", "utf16.json"]
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(e["path"]).name for e in errors) == ["broken.xml", "empty.txt", "huge.txt", "junk.txt"]
    assert all(e["error"] == "InputError" and e["message"] for e in errors)
    gbk = json.loads((out / "gbk.json").read_text(encoding="utf-8"))
    assert gbk["articles"] == json.loads((out / "2024/jan/page0.json").read_text(encoding="utf-8"))["articles"]


def test_jsonl_ids_never_escape_the_output_folder(tmp_path):
    stream = tmp_path / "pages.jsonl"
    text = PAGES[0].read_text(encoding="utf-8")
    stream.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "ok/p1", "text": text}, {"id": "../../etc/x", "text": text}, {"id": "/abs", "text": text},
        {"id": "p2", "path": str(PAGES[1])}]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("repair", "--jsonl", str(stream), "-o", str(out), "-q") == 1
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == ["ok/p1.json", "p2.json"]
    assert not (tmp_path / "etc").exists()
    assert len((out / "errors.jsonl").read_text().splitlines()) == 2


def test_a_jsonl_page_with_a_lone_surrogate_is_a_record_not_a_crash(tmp_path):
    stream = tmp_path / "pages.jsonl"  # JSON may escape a lone surrogate; json.loads keeps it
    stream.write_text('{"id": "bad", "text": "中文\\ud974报道"}\n{"id": "good", "text": "中文报道。"}\n',
                      encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("repair", "--jsonl", str(stream), "-o", str(out), "-q") == 1
    assert [p.name for p in out.glob("*.json")] == ["good.json"]
    [err] = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert err["error"] == "InputError" and "U+D974" in err["message"]


def test_output_is_identical_whatever_the_worker_count(tmp_path):
    src = _tree(tmp_path)
    outs = []
    for j in ("1", "2"):
        out = tmp_path / f"out{j}"
        run_cli("repair", str(src), "-o", str(out), "-j", j, "-q")
        outs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert outs[0] == outs[1]


def test_stats(tmp_path, capsys):
    src = _tree(tmp_path)
    out = tmp_path / "out"
    run_cli("repair", str(src), "-o", str(out), "-q")
    capsys.readouterr()
    (out / "damaged.json").write_text('{"schema": "pagefix/1", "articles": 3}', encoding="utf-8")
    (out / "list.json").write_text("[1, 2]", encoding="utf-8")  # other JSON in the folder
    assert run_cli("stats", str(out)) == 0
    text = capsys.readouterr().out
    assert "6 pages" in text and "4 failed" in text


def test_repair_pages_is_lazy_and_records_errors():
    def gen():
        yield PAGES[0].read_text(encoding="utf-8")
        yield {"id": "missing", "path": "/nonexistent/page.txt"}
        raise AssertionError("consumed past what was asked")
    it = repair_pages(gen())
    first = next(it)
    assert first.articles
    second = next(it)
    assert second.articles == () and second.warnings[0].code == "page-error"


def test_repair_pages_reads_a_path_as_the_command_line_does():
    # a Path is a file to read (a str is page text); its path is the page's id, and a file that
    # is not there is that page's error record
    got = list(repair_pages([PAGES[0], Path("/nonexistent/page.txt")]))
    assert got[0].page_id == str(PAGES[0]) and got[0].articles
    assert got[0].to_dict()["articles"] == pagefix.repair(PAGES[0].read_text(encoding="utf-8")).to_dict()["articles"]
    assert got[1].articles == () and got[1].warnings[0].code == "page-error"
    assert "/nonexistent/page.txt" in got[1].warnings[0].message


def test_killed_run_resumes_to_the_same_output(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in PAGES]
    for i in range(300):
        # vary the pages so that outputs differ
        (src / f"p{i:03d}.txt").write_text(texts[i % 3] + f"\n第{i}号附注。\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "pagefix", "repair", str(src), "-q", "-j", "2"]
    full = tmp_path / "full"
    subprocess.run(cmd + ["-o", str(full)], check=False, env=env, timeout=600)
    part = tmp_path / "part"
    proc = subprocess.Popen(cmd + ["-o", str(part)], env=env, start_new_session=True)
    deadline = time.time() + 300
    while time.time() < deadline and len(list(part.glob("*.json"))) < 150 and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(list(part.glob("*.json"))) < 300, "the run finished before it could be killed"
    subprocess.run(cmd + ["-o", str(part), "--resume"], check=False, env=env, timeout=600)
    a = {p.name: p.read_bytes() for p in full.iterdir() if p.is_file()}
    b = {p.name: p.read_bytes() for p in part.iterdir() if p.is_file()}
    assert a == b  # no page lost, none twice, no temporary file left behind


def test_a_single_page_s_warnings_go_to_stderr(monkeypatch, capsys):
    import io
    monkeypatch.setattr(sys, "stdin", io.StringIO("  \n"))
    assert run_cli("repair", "-") == 0
    assert "pagefix: warning: empty-page" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("  \n"))
    assert run_cli("repair", "-", "-q") == 0
    assert capsys.readouterr().err == ""


def test_a_run_removes_only_its_own_half_written_files(tmp_path):
    """The temporary files a killed run leaves are named after its outputs (.NAME.PID.tmp);
    an output folder may hold other programs' files, hidden temporary ones too: they stay."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "p1.txt").write_text(PAGES[0].read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    (out / "keep").mkdir(parents=True)
    theirs = [out / ".other.tmp", out / ".p1.json.draft.tmp", out / "keep" / ".p1.json.7.tmp"]
    for f in theirs + [out / ".p1.json.4242.tmp"]:
        f.write_text("x")
    assert run_cli("repair", str(src), "-o", str(out), "-q", "-j", "1") == 0
    assert all(f.exists() for f in theirs) and not (out / ".p1.json.4242.tmp").exists()
    assert (out / "p1.json").exists()


def test_outputs_that_cannot_be_written_are_errors_not_tracebacks(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    for n, p in enumerate(PAGES[:2]):
        (src / f"p{n}.txt").write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert run_cli("repair", str(src), "-o", str(blocker / "out"), "-q") == 1  # under a file
    assert run_cli("repair", str(PAGES[0]), "-o", str(blocker / "p.json")) == 1
    assert capsys.readouterr().err.count("pagefix: cannot write") == 2
    out = tmp_path / "out"
    (out / "p0.json").mkdir(parents=True)  # one page's output name is taken by a folder
    assert run_cli("repair", str(src), "-o", str(out), "-q", "-j", "1") == 1
    [err] = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert "cannot write" in err["message"] and (out / "p1.json").is_file()
    assert run_cli("repair", str(tmp_path / "missing.txt")) == 1
    assert "missing.txt: no such file" in capsys.readouterr().err


def test_repair_pages_keeps_the_layout_of_ocr_pages(monkeypatch):
    """A page given as a path or as a read Page keeps its geometry, as pagefix.repair does."""
    from pagefix import read_page, repair
    from pagefix.pipeline import Pipeline

    seen = []
    real = Pipeline.repair

    def spy(self, text, page_id=None, hints=None, lines=None):
        seen.append((hints, lines))
        return real(self, text, page_id, hints, lines)

    monkeypatch.setattr(Pipeline, "repair", spy)
    path = FIXTURES / "ocr" / "pd0033.hocr"
    want = [(a.title, a.paragraphs) for a in repair(read_page(str(path))).articles]
    for item in ({"id": "p", "path": str(path)}, read_page(str(path))):
        got = next(repair_pages([item], on_error="raise"))
        assert [(a.title, a.paragraphs) for a in got.articles] == want
    assert len(seen) == 3 and all(h and any(len(x) > 3 and x[3] is not None for x in h) for h, _ in seen)
    assert all(lines for _, lines in seen)  # and where its lines stood


def test_a_folder_batch_reads_each_page_once_in_its_richest_form(tmp_path):
    """Tesseract leaves page.txt, page.hocr (and the image) side by side: the batch reads the
    hOCR (it has the coordinates), writes one output for the page, and leaves notes alone."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for ext in ("txt", "hocr"):
        (src / f"pd0033.{ext}").write_bytes((FIXTURES / "ocr" / f"pd0033.{ext}").read_bytes())
    (src / "README.md").write_text("scanned 2026-11-27\n", encoding="utf-8")
    assert run_cli("repair", str(src), "-o", str(out), "-q") == 0
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".json") == ["pd0033.json"]
    assert json.loads((out / "pd0033.json").read_text(encoding="utf-8"))["page"].endswith("pd0033.hocr")


def test_a_bug_met_on_one_page_is_recorded_and_the_run_goes_on(tmp_path, monkeypatch):
    """An unexpected exception inside pagefix (a bug, not a bad page) must not end a batch:
    the page gets an internal error record, the others their results, and the exit code says
    a bug was met (123)."""
    from pagefix.pipeline import Pipeline

    real = Pipeline.repair

    def repair(self, text, *args, **kwargs):
        if "炸" in text:
            raise IndexError("list index out of range")
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(Pipeline, "repair", repair)
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(PAGES[0].read_text(encoding="utf-8"), encoding="utf-8")
    (src / "bad.txt").write_text("这一页会炸。\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("repair", str(src), "-o", str(out), "-j", "1", "-q") == 123
    assert json.loads((out / "good.json").read_text(encoding="utf-8"))["articles"]
    [err] = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert Path(err["path"]).name == "bad.txt" and err["error"] == "IndexError" and err["internal"] == "true"
    results = list(repair_pages(["这一页会炸。", PAGES[0].read_text(encoding="utf-8")]))
    assert results[0].warnings[0].code == "internal-error" and results[1].articles
