"""The assessment view driven by keys on the HeRus survey files: answering and saving a
questionnaire (read back by the survey reader itself), the consolidated picture with the goals to
discuss, and going from the merge to the gap report and plan of the merged scenario."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

import scenarios
from planner.survey.answers import read_answers
from planner.survey.consensus import consolidate, merge_json
from tests.tui.conftest import MINI, row_text, settle
from tui.app import CsipApp
from tui.assessment import AnswerFile, AssessmentScreen, open_answer_file
from tui.dialogs import ConfirmDialog, InputDialog
from tui.gaps import GapScreen

SURVEY = Path(scenarios.__file__).parent / "herus-survey"


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    folder = tmp_path / "herus-survey"
    folder.mkdir()
    for f in SURVEY.glob("*.toml"):
        shutil.copy(f, folder)
    return folder


async def _type(pilot, text: str) -> None:
    dialog = pilot.app.screen
    assert isinstance(dialog, InputDialog)
    dialog.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


async def _to_question(pilot, qid: str) -> None:
    table = pilot.app.screen.query_one("#as-questions", DataTable)
    table.move_cursor(row=table.get_row_index(qid))
    await pilot.pause()


async def test_answer_a_few_questions_and_save(planner, survey):
    path = survey / "operations.toml"
    before = read_answers([path])[0].answers
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AssessmentScreen)
        screen = app.screen
        await pilot.press("o")
        await _type(pilot, str(path))
        assert screen.file is not None and screen.file.participant == "Omar Lindqvist"
        table = screen.query_one("#as-questions", DataTable)
        assert row_text(table, 0)[0] == "SCOM"  # grouped by KPA, the group first
        assert "Purpose:" in str(screen.query_one("#as-detail-text").render())
        await _to_question(pilot, "SCOM.1.q1")
        await pilot.press("y", "l")  # SCOM.1.q1 yes, then the cursor moves on: SCOM.1.q2 largely
        await _to_question(pilot, "SCOM.3.q2")
        await pilot.press("x")  # clear: skipped
        await _to_question(pilot, "SCOM.1.q1")
        await pilot.press("a")  # na is not on SCOM's scale: refused
        assert screen.file.answers["SCOM.1.q1"] == "yes"
        await _to_question(pilot, "SUBM.1.q1")  # Subcontract Management may be not applicable
        await pilot.press("u")
        assert screen.file.answers["SUBM.1.q1"] == "unknown"
        await _to_question(pilot, "SUBM.1.q1")
        await pilot.press("a")
        await _to_question(pilot, "GROWTH.culture.q1")
        await pilot.press("p")
        await pilot.press("w")
        await pilot.pause()
        assert not screen.file.dirty
    after = read_answers([path])[0]
    assert after.answers["SCOM.1.q1"] == "yes"
    assert after.answers["SCOM.1.q2"] == "largely"
    assert "SCOM.3.q2" not in after.answers
    assert after.answers["SUBM.1.q1"] == "na"
    assert after.answers["GROWTH.culture.q1"] == "partly"
    changed = ("SCOM.1.q1", "SCOM.1.q2", "SCOM.3.q2", "GROWTH.culture.q1")
    untouched = {k: v for k, v in before.items() if k not in changed}
    assert {k: after.answers[k] for k in untouched} == untouched
    text = path.read_text("utf-8")
    assert text.startswith("# HeRus self-assessment, January 2027: Omar Lindqvist")  # comments kept
    assert not list(survey.glob(".*.tmp"))


async def test_new_questionnaire_never_overwrites_without_asking(planner, survey, tmp_path):
    app = CsipApp(MINI, planner)
    taken = survey / "service-desk.toml"
    original = taken.read_text("utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a", "c")
        await pilot.pause()
        await _type(pilot, str(taken))
        await _type(pilot, "Ada [bold]Tester[/bold]")  # markup-like text stays plain
        screen = app.screen
        assert isinstance(screen, AssessmentScreen) and screen.file is not None
        first = screen.file.questions[0]
        await _to_question(pilot, first.id)
        await pilot.press("p")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # the file exists: asked, not replaced
        await pilot.press("n")
        await pilot.pause()
        assert taken.read_text("utf-8") == original
        screen.file.path = tmp_path / "ada.toml"
        await pilot.press("w")
        await pilot.pause()
    sheet = read_answers([tmp_path / "ada.toml"])[0]
    assert sheet.participant == "Ada [bold]Tester[/bold]"
    assert sheet.answers == {first.id: "partly"}
    assert sheet.framework.id == "mini"


def test_render_keeps_comments_and_reads_back(survey):
    f = open_answer_file(survey / "it-manager.toml")
    q = f.questions[0]
    assert f.answer(q, "unknown") is None
    text = f.render()
    assert text.count("\n#") == (survey / "it-manager.toml").read_text("utf-8").count("\n#")
    fresh = AnswerFile(f.path, f.questionnaire, "itscmm", "X", answers={q.id: "no"})
    assert f'"{q.id}" = "no"' in fresh.render()


async def _merge(pilot, folder: Path) -> AssessmentScreen:
    await pilot.press("a", "m")
    await pilot.pause()
    await _type(pilot, str(folder))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AssessmentScreen)
    assert screen.merged is not None
    return screen


async def test_consolidated_view_highlights_the_goals_to_discuss(planner, survey):
    expected = merge_json(consolidate(read_answers(sorted(survey.glob("*.toml")))))
    assert expected["discuss"]
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        screen = await _merge(pilot, survey)
        table = screen.query_one("#as-goals", DataTable)
        rows = [row_text(table, i) for i in range(table.row_count)]
        flagged = [r[0] for r in rows if r[-1] == "⚑ discuss"]
        assert flagged == [g for g in [x["id"] for x in expected["goals"]] if g in expected["discuss"]]
        summary = str(screen.query_one("#as-summary").render())
        assert f"Level {expected['current_level']}" in summary
        assert "Dana Reyes" in summary and "Growth model" in summary
        ratings = {r[0]: r[2] for r in rows}
        assert ratings == {g["id"]: g["rating"] for g in expected["goals"]}


async def test_going_to_the_plan_opens_the_merged_scenario(planner, survey, tmp_path):
    app = CsipApp(MINI, planner)
    out = tmp_path / "assessed.toml"
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await _merge(pilot, survey)
        await pilot.press("g")
        await pilot.pause()
        await _type(pilot, str(out))
        await settle(pilot, timeout=120)
        assert isinstance(app.screen, GapScreen)
        assert app.workspace.base is not None
        assert Path(app.workspace.base.path).resolve() == out.resolve()
        assert app.workspace.base.framework.id == "itscmm"
        assert app.workspace.analysis is not None
    assert "[current.goals]" in out.read_text("utf-8")
