"""`portal serve`: starts, serves the home page on 127.0.0.1, rebuilds when data changes, stops."""

from __future__ import annotations

import datetime as dt
import io
import urllib.request

from generator.serve import PreviewServer
from tests.conftest import AS_OF


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

        project.write_text(text.replace("stage: landing", "stage: flying"), encoding="utf-8")
        assert server.check_once()
        assert "error[schema-enum]" in log.getvalue()
        assert "北庭镇200MW分布式光伏项目" in _get(server.url + "projects/2026-base-pv.html")  # last good site
    finally:
        server.stop()
    assert "网站已生成" in log.getvalue()


def test_serve_is_a_documented_subcommand(run):
    result = run("serve", "--help")
    assert result.code == 0
    assert "--port" in result.out and "--audience" in result.out
