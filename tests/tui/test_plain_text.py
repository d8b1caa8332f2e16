"""Text from files is shown as it is written, never read as markup (issue 14): a scenario name,
KPA, level and action titles, ids, KPIs and the paths a user types may hold square brackets."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Label, Static

from tests.tui.conftest import DATA, settle
from tui.app import CsipApp, exit_code
from tui.chrome import VIEWS
from tui.dialogs import MessageDialog, SaveDialog

NAME = "HeRus [/] markup"
TITLE = "[WIP] Agree [draft] an SLA [/] template"
KPA = "[red]Service[/red] Level [b]Management"
KPI = "[@click=app.quit]KPI[/] 85 %"
LEVEL = "[Managed]"


@pytest.fixture
def marked(tmp_path: Path) -> Path:
    """The mini scenario with brackets in every kind of text a file can give the TUI."""
    fw = (DATA / "mini_framework.toml").read_text("utf-8")
    fw = fw.replace('name = "Service Level Management"', f'name = "{KPA}"')
    fw = fw.replace('name = "Managed"', f'name = "{LEVEL}"')
    fw = fw.replace('title = "Agree an SLA template with the customer"', f'title = "{TITLE}"')
    (tmp_path / "mini_framework.toml").write_text(fw, "utf-8")
    sc = (DATA / "mini.toml").read_text("utf-8")
    sc = sc.replace('name = "Mini IT"', f'name = "{NAME}"')
    sc = sc.replace('title = "Agree an SLA template with the customer"', f'title = "{TITLE}"')
    sc = sc.replace("Incidents resolved within the agreed time: 85 % (baseline 40 %)", KPI)
    (tmp_path / "mini.toml").write_text(sc, "utf-8")
    shutil.copy(DATA / "mini-lean.toml", tmp_path)
    return tmp_path / "mini.toml"


def _shown(app: CsipApp) -> str:
    """Every piece of text on the screen, as drawn."""
    parts = []
    for widget in app.screen.query("*"):
        if isinstance(widget, (Static, Label)):
            parts.append(str(widget.visual.plain if hasattr(widget.visual, "plain") else widget.render()))
        if isinstance(widget, DataTable):
            for row in range(widget.row_count):
                parts += [getattr(c, "plain", str(c)) for c in widget.get_row_at(row)]
            parts += [c.label.plain for c in widget.columns.values()]
        if widget.border_title is not None:
            parts.append(str(widget._border_title.plain if widget._border_title else ""))
    return "\n".join(parts)


async def test_brackets_in_files_are_shown_as_written(planner, marked):
    app = CsipApp(marked, planner)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert app.workspace.failure is None
        app.compare_with(marked.parent / "mini-lean.toml")
        await settle(pilot)
        seen = ""
        for _mode, key, _title in VIEWS:
            await pilot.press(key)
            await settle(pilot)
            if key == "2":
                await pilot.press("E")  # every KPA and goal in the tree
                await pilot.pause()
            seen += _shown(app)
            for node in app.screen.query("Tree"):
                seen += "\n".join(str(n.label.plain) for n in _walk(node.root))
        assert NAME in seen
        assert TITLE in seen
        assert KPA in seen
        assert LEVEL in seen
        await pilot.press("3")
        await settle(pilot)
        app.notify(TITLE, title=NAME)
        await pilot.pause()
    assert not app.return_code


def _walk(node):
    for child in node.children:
        yield child
        yield from _walk(child)


async def test_a_save_path_with_brackets_is_a_message_not_a_crash(planner, marked):
    app = CsipApp(marked, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.edit(app.workspace.whatif.with_limit("budget", 50000))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog)
        target = marked.parent / "no-such-folder" / "x[/].toml"
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
        assert "x[/].toml" in _shown(app)
    assert not app.return_code


async def test_a_crash_exits_non_zero(planner, marked):
    """Textual ends the app on an unhandled exception; run_app's code must say so."""
    app = CsipApp(marked, planner)

    def boom() -> None:
        raise RuntimeError("boom")

    app.action_help = boom  # type: ignore[method-assign]
    with contextlib.suppress(RuntimeError):  # run_test hands the app's exception on
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await pilot.pause()
    assert app.return_code == 1
    assert exit_code(app, None) == 1
    assert exit_code(app, 0) == 1


async def test_the_limit_dialog_says_nan_is_not_a_number(planner, marked):
    app = CsipApp(marked, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for typed, said in (("nan", "not a number"), ("inf", "infinite"), ("-5", "negative")):
            await pilot.press("b")
            await pilot.pause()
            field = app.screen.query_one(Input)
            field.value = typed
            await pilot.press("enter")
            await pilot.pause()
            error = str(app.screen.query_one("#input-error", Label).render())
            assert said in error, (typed, error)
            await pilot.press("escape")
            await pilot.pause()
        assert not app.workspace.changes
