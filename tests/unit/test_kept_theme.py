"""build.plugins.KeptTheme: ``portal serve`` hands MkDocs the theme environment of its last
build only while everything the templates depend on (the work folder's key) is the same."""

from __future__ import annotations

from typing import Any

import jinja2

from generator.build.plugins import KeptTheme, theme_keepable


def test_the_environment_of_the_same_key_is_reused_and_another_key_replaces_it():
    kept: dict[str, Any] = {}
    first, second, third = jinja2.Environment(), jinja2.Environment(), jinja2.Environment()
    assert KeptTheme(kept, "key-1").on_env(first, config={}, files=None) is first
    assert KeptTheme(kept, "key-1").on_env(second, config={}, files=None) is first
    assert KeptTheme(kept, "key-2").on_env(third, config={}, files=None) is third
    assert kept == {"key-2": third}        # one environment kept, never one of another key


def test_only_a_configuration_whose_plugins_leave_the_environment_alone_keeps_it():
    assert theme_keepable({"plugins": [{"search": {"separator": "x"}}]})
    assert theme_keepable({"plugins": ["material/search"]}) and theme_keepable({})
    # Material's blog plugin wraps the environment's filters around the build it runs in.
    assert not theme_keepable({"plugins": [{"search": {}}, "blog"]})
    assert not theme_keepable({"plugins": [{"search": {}}, {"material/projects": {}}]})
