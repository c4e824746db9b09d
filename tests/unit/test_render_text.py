"""Text filters: data stays inert text, links are relative, numbers read well."""

from __future__ import annotations

import pytest

from generator.render.text import amount, front_matter, multiline, percent, plain_title, relative, safe_url


def test_multiline_escapes_html_and_keeps_each_value_on_one_line():
    assert str(multiline('<script>a</script>\n第二行\r\n"x"')) == (
        "&lt;script&gt;a&lt;/script&gt;<br>第二行<br>&#34;x&#34;")


def test_multiline_of_nothing_is_empty():
    assert str(multiline(None)) == ""


def test_a_title_has_no_character_that_html_could_read_as_markup():
    title = plain_title('<b>甲</b> & "乙"\n\'丙\' `丁`')
    assert not set("<>&\"'`\n") & set(title)
    assert title == "＜b＞甲＜/b＞ ＆ ＂乙＂ ＇丙＇ ｀丁｀"


def test_front_matter_is_a_valid_yaml_string_even_with_backslashes_and_colons():
    import yaml

    text = str(front_matter("a\\b: c # d"))
    assert yaml.safe_load(text.strip("-\n")) == {"title": "a\\b: c # d"}


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.cn/",
                                 "https://x.cn/a'onclick='b", "//x.cn", "https:///x", None, 3])
def test_anything_but_a_plain_http_url_is_not_linked(url):
    assert safe_url(url) is None


def test_a_plain_https_url_is_linked():
    assert safe_url("https://www.jimsar.gov.cn/a?b=1&c=2") == "https://www.jimsar.gov.cn/a?b=1&c=2"


@pytest.mark.parametrize(("src", "dst", "expected"), [
    ("index.md", "projects/a.md", "projects/a.html"),
    ("projects/a.md", "units/b.md", "../units/b.html"),
    ("projects/index.md", "projects/a.md", "a.html"),
    ("units/b.md", "index.md", "../index.html"),
    ("overdue.md", "complain.md#x", "complain.html#x"),
])
def test_links_between_pages_are_relative_html_files(src, dst, expected):
    assert relative(src, dst) == expected


def test_amounts_have_thousands_separators_and_no_trailing_zeros():
    assert amount(8000) == "8,000"
    assert amount(1234.5) == "1,234.5"
    assert amount(0.004) == "0"
    assert amount(None) == "—"
    assert percent(12.34) == "12.3%"
    assert percent(None) == "—"
