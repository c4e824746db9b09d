"""`portal serve`: starts, serves the home page on 127.0.0.1, rebuilds when data changes, stops."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from generator.build import Session, build_site, publish
from generator.commands import serve as serve_module
from generator.commands.serve import PreviewServer
from generator.load import files as files_module
from generator.render.downloads import DOWNLOADS
from tests.conftest import AS_OF, REPO
from tests.unit.test_history import commit_all


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return str(response.read().decode("utf-8"))


def test_the_preview_serves_the_site_and_rebuilds_after_a_data_change(data_dir):
    log = io.StringIO()
    server = PreviewServer(data_dir, dt.date.fromisoformat(AS_OF), port=0, interval=3600, stream=log)
    try:
        server.start()
        assert server.url.startswith("http://127.0.0.1:")
        assert "吉木萨尔县社会投资项目公开平台" in _get(server.url)
        assert "北庭镇20MW分布式光伏项目" in _get(server.url + "projects/2026-base-pv.html")
        assert not server.check_once()  # nothing changed

        project = data_dir / "projects" / "2026-base-pv.yaml"
        text = project.read_text(encoding="utf-8")
        project.write_text(text.replace("北庭镇20MW分布式光伏项目", "北庭镇200MW分布式光伏项目"), encoding="utf-8")
        assert server.check_once()
        assert "北庭镇200MW分布式光伏项目" in _get(server.url + "projects/2026-base-pv.html")
        assert "北庭镇200MW分布式光伏项目" in _get(server.url + "downloads/projects.csv")   # made when asked

        project.write_text(text.replace("stage: landing", "stage: flying"), encoding="utf-8")
        assert server.check_once()
        assert "error[schema-enum]" in log.getvalue()
        assert "北庭镇200MW分布式光伏项目" in _get(server.url + "projects/2026-base-pv.html")  # last good site
        assert "北庭镇200MW分布式光伏项目" in _get(server.url + "downloads/projects.csv?x=1")
    finally:
        server.stop()
    assert "网站已生成" in log.getvalue()


def test_serve_is_a_documented_subcommand(run):
    result = run("serve", "--help")
    assert result.code == 0
    assert "--port" in result.out and "--audience" in result.out


def _get_any(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _until(condition, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "the preview never got there"
        time.sleep(0.1)


def test_the_watcher_survives_a_rebuild_that_raised_and_the_pages_show_why(data_dir):
    """An expired rules file makes the build raise (not a data finding): the watcher thread
    goes on, every page says why at the top, and the next good save clears it."""
    log = io.StringIO()
    server = PreviewServer(data_dir, dt.date.fromisoformat(AS_OF), port=0, interval=0.2, stream=log)
    rules = data_dir / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    try:
        server.start()
        assert "网站未能重新生成" not in _get(server.url)
        rules.write_text(text.replace("expires: 2027-01-14", "expires: 2026-06-30"), encoding="utf-8")
        _until(lambda: "网站未能重新生成" in _get(server.url))
        page = _get(server.url + "projects/2026-base-pv.html")
        assert "网站未能重新生成" in page and "失效" in page and "北庭镇20MW分布式光伏项目" in page
        rules.write_text(text, encoding="utf-8")
        _until(lambda: "网站未能重新生成" not in _get(server.url))
        assert "Traceback" not in log.getvalue()
    finally:
        server.stop()


def test_any_exception_in_a_rebuild_is_shown_escaped_and_watching_goes_on(data_dir, monkeypatch):
    log = io.StringIO()
    server = PreviewServer(data_dir, dt.date.fromisoformat(AS_OF), port=0, interval=3600, stream=log)
    project = data_dir / "projects" / "2026-base-pv.yaml"
    text = project.read_text(encoding="utf-8")
    try:
        server.start()
        build = serve_module.build_site

        def broken(*_args, **_kwargs):
            raise RuntimeError("<script>alert(1)</script> 坏了")

        monkeypatch.setattr(serve_module, "build_site", broken)
        project.write_text(text + "\n", encoding="utf-8")
        assert server.check_once()
        page = _get(server.url)
        assert "&lt;script&gt;alert(1)&lt;/script&gt; 坏了" in page and "<script>alert(1)" not in page
        monkeypatch.setattr(serve_module, "build_site", build)
        project.write_text(text.replace("北庭镇20MW分布式光伏项目", "北庭镇30MW分布式光伏项目"), encoding="utf-8")
        assert server.check_once()
        page = _get(server.url + "projects/2026-base-pv.html")
        assert "北庭镇30MW分布式光伏项目" in page and "网站未能重新生成" not in page
    finally:
        server.stop()


def test_a_preview_whose_first_build_fails_serves_an_error_page_until_the_data_is_fixed(data_dir):
    rules = data_dir / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("expires: 2027-01-14", "expires: 2026-06-30"), encoding="utf-8")
    server = PreviewServer(data_dir, dt.date.fromisoformat(AS_OF), port=0, interval=3600, stream=io.StringIO())
    try:
        server.start()
        status, page = _get_any(server.url)
        assert status == 503 and "网站未能生成" in page and "失效" in page
        rules.write_text(text, encoding="utf-8")
        assert server.check_once()
        assert "吉木萨尔县社会投资项目公开平台" in _get(server.url)
    finally:
        server.stop()


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The names of the data files parsed from YAML (not taken from the parse cache), in order."""
    names: list[str] = []
    original = files_module.parse

    def parse(text: str, doc: Any) -> Any:
        names.append(doc.path.name)
        return original(text, doc)

    monkeypatch.setattr(files_module, "parse", parse)
    return names


def test_a_session_parses_only_the_saved_file_reads_no_history_and_builds_the_same_site(tmp_path, monkeypatch,
                                                                                           parses):
    """What ``portal serve`` keeps between builds (``build.Session``) never changes the site."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "data", root / "data")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    commit_all(root, "导入数据", "2026-11-01T10:00:00+08:00")
    reads: list[Path] = []
    original = publish._site_history

    def counted(data_dir: Path, *args: Any, **kwargs: Any) -> Any:
        reads.append(data_dir)
        return original(data_dir, *args, **kwargs)

    monkeypatch.setattr(publish, "_site_history", counted)
    session, day = Session(), dt.date.fromisoformat(AS_OF)
    assert build_site(root / "data", tmp_path / "preview", day, cache=True, session=session).ok
    files = len(session.parsed.texts)
    [theme] = session.themes.values()      # MkDocs' theme environment, with its compiled templates
    parses.clear()
    project = sorted((root / "data" / "projects").glob("*.yaml"))[0]
    text = project.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name: "))
    project.write_text(text.replace(name, name + "（预览）", 1), encoding="utf-8")
    assert build_site(root / "data", tmp_path / "preview", day, cache=True, session=session).ok
    assert len(reads) == 1                        # no commit since: the history is the same
    assert [*session.themes.values()] == [theme] and next(iter(session.themes.values())) is theme
    assert parses == [project.name]                    # the saved file alone was parsed again
    assert len(session.parsed.texts) == files          # and its old version forgotten
    assert "（预览）" in (tmp_path / "preview" / "projects" / f"{project.stem}.html").read_text(encoding="utf-8")
    assert build_site(root / "data", tmp_path / "fresh", day).ok

    def pages(site: Path) -> dict[str, bytes]:
        # The search index is left out: jieba, which splits its words, keeps state in-process.
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
                if p.is_file() and p.parent.name != "search"}

    preview, fresh = pages(tmp_path / "preview"), pages(tmp_path / "fresh")
    # The preview's downloads are made when asked for (``OnRequest``), byte for byte the same;
    # its 数据下载 page alone differs: it cannot give their sizes.
    downloads = {d.path for d in DOWNLOADS}
    assert preview.keys() == fresh.keys() - downloads
    assert [path for path in preview if preview[path] != fresh[path]] == ["downloads.html"]
    assert "打开时生成" in preview["downloads.html"].decode("utf-8")
    assert "打开时生成" not in fresh["downloads.html"].decode("utf-8")
    assert session.downloads is not None
    assert {path: session.downloads.file(path) for path in downloads} == {path: fresh[path] for path in downloads}

    # The next save is built in the preview's other work folder, whose pages are two builds
    # old (``Session.work_folder``): the same site as a fresh build again.
    served = (tmp_path / "preview").resolve()
    project.write_text(text.replace(name, name + "（再改）", 1), encoding="utf-8")
    assert build_site(root / "data", tmp_path / "preview", day, cache=True, session=session).ok
    assert (tmp_path / "preview").resolve() != served
    assert build_site(root / "data", tmp_path / "fresh-again", day).ok
    preview, fresh = pages(tmp_path / "preview"), pages(tmp_path / "fresh-again")
    assert preview.keys() == fresh.keys() - downloads
    assert [path for path in preview if preview[path] != fresh[path]] == ["downloads.html"]
    assert "（再改）" in preview[f"projects/{project.stem}.html"].decode("utf-8")
    session.close()


def test_a_preview_starts_from_the_build_caches_parses_and_leaves_them_for_the_next(tmp_path, parses):
    """Starting ``portal serve`` again parses no file that did not change since the last build
    or preview: its first build reads the build cache's parses (``load.parsed``) and saves them."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "data", root / "data")
    day = dt.date.fromisoformat(AS_OF)
    first = Session()
    assert build_site(root / "data", tmp_path / "preview", day, cache=True, session=first).ok
    first.close()
    every = len(parses)
    assert every == len(list((root / "data").rglob("*.yaml")))
    parses.clear()
    again = Session()                       # the preview started again
    assert build_site(root / "data", tmp_path / "preview", day, cache=True, session=again).ok
    assert parses == []
    project = sorted((root / "data" / "projects").glob("*.yaml"))[0]
    text = project.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name: "))
    project.write_text(text.replace(name, name + "（预览）", 1), encoding="utf-8")
    assert build_site(root / "data", tmp_path / "preview", day, cache=True, session=again).ok
    assert parses == [project.name]
    assert len(again.parsed.texts) == every           # the old version forgotten
    again.close()


def test_a_preview_loads_jiebas_dictionary_in_its_first_build_not_in_a_save(tmp_path, monkeypatch):
    """``portal build`` keeps jieba's cuts and may build without loading its dictionary; a
    preview loads it at once, so that no save waits for it at its first new word."""
    import jieba

    root = tmp_path / "repo"
    shutil.copytree(REPO / "data", root / "data")
    day = dt.date.fromisoformat(AS_OF)
    assert build_site(root / "data", tmp_path / "site", day, cache=True).ok     # every word cut
    assert (root / ".cache" / "portal" / "site" / "public" / "words.json").is_file()
    monkeypatch.setattr(jieba.dt, "initialized", False)     # as in a process just started
    session = Session()
    try:
        assert build_site(root / "data", tmp_path / "preview", day, cache=True, session=session).ok
        assert jieba.dt.initialized
    finally:
        session.close()


def test_a_preview_whose_first_build_failed_parses_only_the_fixed_file_again(tmp_path, parses):
    root = tmp_path / "repo"
    shutil.copytree(REPO / "data", root / "data")
    project = sorted((root / "data" / "projects").glob("*.yaml"))[0]
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("\nstage: ", "\nstage: 不存在的阶段\nstage_was: ", 1), encoding="utf-8")
    day, session = dt.date.fromisoformat(AS_OF), Session()
    assert not build_site(root / "data", tmp_path / "preview", day, cache=True, session=session).ok
    assert len(parses) == len(list((root / "data").rglob("*.yaml")))
    parses.clear()
    project.write_text(text, encoding="utf-8")
    assert build_site(root / "data", tmp_path / "preview", day, cache=True, session=session).ok
    assert parses == [project.name]
    session.close()


def test_a_preview_builds_beside_the_site_it_serves_and_a_failed_build_leaves_that_site_untouched(data_dir):
    """The preview serves one of two work folders and builds in the other (``Session.show``):
    the site being served is never written, also when MkDocs refuses a save; the folder that
    failed starts again from the shown one's pages, not from nothing."""
    shutil.copytree(REPO / "docs", data_dir.parent / "docs")
    about = data_dir.parent / "docs" / "about.md"
    about_text = about.read_text(encoding="utf-8")
    project = data_dir / "projects" / "2026-base-pv.yaml"
    text = project.read_text(encoding="utf-8")
    log = io.StringIO()
    server = PreviewServer(data_dir, dt.date.fromisoformat(AS_OF), port=0, interval=3600, stream=log)

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    try:
        server.start()
        first = server.out.resolve()
        project.write_text(text.replace("北庭镇20MW分布式光伏项目", "北庭镇21MW分布式光伏项目"), encoding="utf-8")
        assert server.check_once() and server.failure is None
        second = server.out.resolve()
        assert second != first and "北庭镇21MW" in _get(server.url + "projects/2026-base-pv.html")
        shown = files(second)

        # MkDocs refuses the next save (strict: a link to a page that does not exist).
        about.write_text(about_text + "\n[不存在的页面](missing.md)\n", encoding="utf-8")
        project.write_text(text.replace("北庭镇20MW分布式光伏项目", "北庭镇22MW分布式光伏项目"), encoding="utf-8")
        assert server.check_once() and server.failure is not None and "missing.md" in server.failure
        assert server.out.resolve() == second and files(second) == shown
        page = _get(server.url + "projects/2026-base-pv.html")
        assert "北庭镇21MW" in page and "网站未能重新生成" in page

        about.write_text(about_text, encoding="utf-8")
        assert server.check_once() and server.failure is None
        assert server.out.resolve() == first and "北庭镇22MW" in _get(server.url + "projects/2026-base-pv.html")
        summary = log.getvalue().splitlines()[-1]
        assert "有改动而重新生成" in summary      # from the shown folder's pages: not a full build
    finally:
        server.stop()


def test_the_pages_served_ask_for_a_reload_once_a_rebuild_finished_and_the_built_site_does_not(data_dir,
                                                                                                monkeypatch):
    """Every page the preview serves carries ``RELOAD`` with the version it was served at; a
    request for the version waits until a rebuild finished (a good one or a failed one) and
    answers the new version. The files of the site itself never hold the script."""
    server = PreviewServer(data_dir, dt.date.fromisoformat(AS_OF), port=0, interval=3600, stream=io.StringIO())
    project = data_dir / "projects" / "2026-base-pv.yaml"
    text = project.read_text(encoding="utf-8")
    try:
        server.start()
        page = _get(server.url + "projects/2026-base-pv.html")
        assert 'const served = "1";' in page and page.rindex("<script>(() =>") > page.rindex("</article>")
        assert "portal-preview" not in (server.out / "projects" / "2026-base-pv.html").read_text(encoding="utf-8")
        assert "portal-preview" not in _get(server.url + "search/search_index.json")   # pages only
        answers: list[str] = []
        waiting = threading.Thread(target=lambda: answers.append(_get(server.url + ".portal-preview/version?since=1")))
        waiting.start()
        time.sleep(0.5)
        assert answers == []                                 # nothing changed yet: it waits
        project.write_text(text.replace("北庭镇20MW分布式光伏项目", "北庭镇21MW分布式光伏项目"), encoding="utf-8")
        assert server.check_once()
        waiting.join(timeout=10)
        assert answers == ["2"]
        assert 'const served = "2";' in _get(server.url + "projects/2026-base-pv.html")

        project.write_text(text.replace("stage: landing", "stage: flying"), encoding="utf-8")
        assert server.check_once()                           # a failed rebuild: its errors to show
        assert _get(server.url + ".portal-preview/version?since=2") == "3"
        page = _get(server.url + "projects/2026-base-pv.html")
        assert "网站未能重新生成" in page and 'const served = "3";' in page
        monkeypatch.setattr(serve_module, "WAIT_SECONDS", 0.2)
        assert _get(server.url + ".portal-preview/version?since=3") == "3"   # none since: asks again
        for odd in ("", "x", "%C2%B2", "9" * 5000):     # no version asked for: the current one at once
            assert _get(server.url + ".portal-preview/version?since=" + odd) == "3"
    finally:
        server.stop()


def test_a_preview_whose_first_build_failed_reloads_its_error_page_too(data_dir):
    rules = data_dir / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("expires: 2027-01-14", "expires: 2026-06-30"),
                     encoding="utf-8")
    server = PreviewServer(data_dir, dt.date.fromisoformat(AS_OF), port=0, interval=3600, stream=io.StringIO())
    try:
        server.start()
        status, page = _get_any(server.url)
        assert status == 503 and 'const served = "1";' in page
    finally:
        server.stop()


def test_a_browser_that_left_mid_answer_is_no_error_and_a_failed_request_is_one_line(data_dir):
    """A page reloaded or closed while its files were on their way breaks the connection: the
    clerk's terminal must not fill with tracebacks for it."""
    log = io.StringIO()
    server = PreviewServer(data_dir, dt.date.fromisoformat(AS_OF), port=0, interval=3600, stream=log)
    try:
        server.start()
        log.truncate(0)
        log.seek(0)
        for exc in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "Connection reset by peer"),
                    ValueError("坏了")):
            try:
                raise exc
            except Exception:
                server.httpd.handle_error(None, ("127.0.0.1", 50000))
        assert log.getvalue() == "预览服务器未能答复一个请求：ValueError: 坏了\n"
    finally:
        server.stop()


def test_a_page_that_is_not_there_is_the_sites_own_in_chinese_and_reloads(data_dir):
    """A clerk who renamed a project, or opened the address of one not saved yet, sees the
    site's 页面不存在 page (not the server's English one), styled from the top of the site,
    and it reloads with the rest once the preview has rebuilt."""
    server = PreviewServer(data_dir, dt.date.fromisoformat(AS_OF), port=0, interval=3600, stream=io.StringIO())
    try:
        server.start()
        status, page = _get_any(server.url + "projects/2026-not-yet.html")
        assert status == 404 and "页面不存在" in page and "File not found" not in page
        assert 'const served = "1";' in page
        styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
        assert styles and all(_get_any(urllib.parse.urljoin(server.url + "projects/2026-not-yet.html", s))[0] == 200
                              for s in styles)      # styled, although shown one folder down
        status, _ = _get_any(server.url + "assets/not-there.css")
        assert status == 404
    finally:
        server.stop()
