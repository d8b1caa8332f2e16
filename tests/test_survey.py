"""Assessment by questionnaire (A2I): the consensus rules through the real rules engine, the xlsx
round trip as a participant would fill it, the report in every format, bad input, and the shipped
HeRus worked example.

The commands run through the real entry point (`planner.cli.main`) with the survey parser
so exit codes and `error:` lines are the user's.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

import planner.survey.questions as questions
from planner.cli.main import main
from planner.load.frameworks import load_framework
from planner.survey.answers import read_answers
from planner.survey.consensus import consolidate
from planner.survey.report import SECTION_TITLES
from rules.assess import assess

REPO = Path(__file__).resolve().parent.parent
HERUS_SURVEY = REPO / "scenarios" / "herus-survey"


@pytest.fixture
def csip(capsys):
    """Run `csip ...` through the real entry point; returns (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def subm_na(monkeypatch):
    """SUBM may be rated not applicable (the framework file is gaining `may_be_na`; until it has
    it, this stands in for it; once it has it, this changes nothing)."""
    monkeypatch.setattr(questions, "kpa_may_be_na",
                        lambda k: k.id == "SUBM" or bool(getattr(k, "may_be_na", False)))


def answers_file(tmp_path: Path, name: str, answers: dict[str, str], participant: str | None = None,
                 framework: str = "itscmm", extra: str = "") -> Path:
    body = "\n".join(f'"{k}" = "{v}"' for k, v in answers.items())
    path = tmp_path / f"{name}.toml"
    path.write_text(textwrap.dedent(f"""\
        [survey]
        framework = "{framework}"
        participant = "{participant or name}"
        role = "tester"
        date = 2027-01-20
        {extra}
        [answers]
        """) + body + "\n", encoding="utf-8")
    return path


def merged(*paths: Path):
    return consolidate(read_answers(paths))


# -- consensus rules ----------------------------------------------------------------------------


def test_unanimous_yes_or_largely_is_satisfied_with_a_because(tmp_path):
    m = merged(answers_file(tmp_path, "a", {"SCOM.1.q1": "yes", "SCOM.1.q2": "yes"}),
               answers_file(tmp_path, "b", {"SCOM.1.q1": "yes", "SCOM.1.q2": "yes"}),
               answers_file(tmp_path, "c", {"SCOM.1.q1": "yes", "SCOM.1.q2": "yes"}),
               answers_file(tmp_path, "d", {"SCOM.1.q1": "largely", "SCOM.1.q2": "yes"}))
    g = m.goal("SCOM.1")
    assert g.rating == "satisfied"
    assert g.rule == "every_answer_is_yes_or_largely"
    assert g.because.startswith("3 of 4 participants answered yes, 1 largely")
    assert g.answers == {"yes": 3, "largely": 1}
    assert "SCOM.1" not in {f.goal for f in m.discuss}


def test_unanimous_no_is_unsatisfied(tmp_path):
    m = merged(answers_file(tmp_path, "a", {"SDP.2.q1": "no"}),
               answers_file(tmp_path, "b", {"SDP.2.q1": "no"}))
    assert m.goal("SDP.2").rating == "unsatisfied"
    assert m.goal("SDP.2").rule == "every_answer_is_no"


def test_split_yes_against_no_is_partial_and_discussed(tmp_path):
    m = merged(answers_file(tmp_path, "a", {"CFM.2.q1": "yes", "CFM.2.q2": "yes"}),
               answers_file(tmp_path, "b", {"CFM.2.q1": "no", "CFM.2.q2": "no"}))
    assert m.goal("CFM.2").rating == "partial"
    assert [f.goal for f in m.discuss] == ["CFM.2"]
    assert m.goal("CFM.2").by_participant == {"a": "yes", "b": "no"}


def test_partly_is_partial_but_not_a_disagreement(tmp_path):
    m = merged(answers_file(tmp_path, "a", {"STO.1.q1": "yes", "STO.1.q2": "yes"}),
               answers_file(tmp_path, "b", {"STO.1.q1": "partly", "STO.1.q2": "yes"}))
    assert m.goal("STO.1").rating == "partial"
    assert m.goal("STO.1").rule == "mixed_answers_are_partial"
    assert m.discuss == ()


def test_a_participants_goal_answer_is_their_weakest(tmp_path):
    # yes and largely to the questions of SCOM.1: that participant says largely
    m = merged(answers_file(tmp_path, "a", {"SCOM.1.q1": "yes", "SCOM.1.q2": "largely"}),
               answers_file(tmp_path, "b", {"SCOM.1.q1": "largely", "SCOM.1.q2": "largely"}))
    assert m.goal("SCOM.1").rating == "satisfied"
    assert m.goal("SCOM.1").answers == {"largely": 2}


def test_a_no_beside_a_better_answer_is_partly(tmp_path):
    # yes to one aspect of SCOM.1 and no to the other: the goal is partly in place for that person
    m = merged(answers_file(tmp_path, "a", {"SCOM.1.q1": "yes", "SCOM.1.q2": "no"}),
               answers_file(tmp_path, "b", {"SCOM.1.q1": "no", "SCOM.1.q2": "no"}))
    assert m.goal("SCOM.1").answers == {"partly": 1, "no": 1}
    assert m.goal("SCOM.1").rating == "partial"


def test_unknown_and_skipped_do_not_count(tmp_path):
    m = merged(answers_file(tmp_path, "a", {"SQA.4.q1": "yes"}),
               answers_file(tmp_path, "b", {"SQA.4.q1": "unknown"}),
               answers_file(tmp_path, "c", {"SQA.1.q1": "no"}))  # skips SQA.4
    g = m.goal("SQA.4")
    assert g.rating == "satisfied"
    assert g.answers == {"yes": 1, "unknown": 1} and g.skipped == 1
    assert "1 answered unknown, 1 skipped it (not counted)" in g.because
    # one counted answer among three participants: corroboration is asked for
    assert "SQA.4" in {f.goal for f in m.confirm}


def test_only_unknowns_leave_the_goal_open_and_unanswered(tmp_path):
    m = merged(answers_file(tmp_path, "a", {"PRBM.1.q1": "unknown"}),
               answers_file(tmp_path, "b", {"PRBM.1.q1": "unknown"}))
    assert m.goal("PRBM.1").rating == "unsatisfied"
    assert m.goal("PRBM.1").rule == "nobody_could_answer"
    assert m.target_level == 3  # scope reaches the level of the goal answered


def test_na_where_allowed_rates_the_kpa_na_and_never_a_strength(tmp_path, subm_na):
    subm = {f"SUBM.{i}.q1": "na" for i in range(1, 5)}
    m = merged(answers_file(tmp_path, "a", subm, extra="target_level = 2"),
               answers_file(tmp_path, "b", subm))
    assert {m.goal(f"SUBM.{i}").rating for i in range(1, 5)} == {"na"}
    assert m.assessment.kpas["SUBM"].status == "na"
    assert "SUBM" not in m.strengths and "SUBM" not in m.weaknesses


def test_na_against_a_rating_is_discussed(tmp_path, subm_na):
    m = merged(answers_file(tmp_path, "a", {"SUBM.1.q1": "na"}),
               answers_file(tmp_path, "b", {"SUBM.1.q1": "yes"}))
    assert m.goal("SUBM.1").rating == "satisfied"  # the rating stands on the rated answers
    assert [f.rule for f in m.discuss] == ["applicability_is_discussed"]


def test_satisfied_level_two_gives_level_two(tmp_path, subm_na):
    q = questions.build(load_framework("itscmm"), 2)
    yes = {x.id: ("na" if x.kpa == "SUBM" else "yes") for kq in q.kpas for x in kq.questions}
    m = merged(answers_file(tmp_path, "a", yes, extra="target_level = 2"),
               answers_file(tmp_path, "b", yes))
    assert m.assessment.current_level == 2
    assert set(m.strengths) == {"SCOM", "SDP", "STO", "CFM", "SRIM", "SQA"}


# -- the command line: new, merge, -o, report ---------------------------------------------------


def test_new_toml_covers_every_goal_once_per_question(csip, tmp_path):
    out = tmp_path / "q.toml"
    code, stdout, _ = csip("survey", "new", REPO / "scenarios" / "herus.toml", "-o", out, "--json")
    assert code == 0
    data = json.loads(stdout)
    asked = {x["goal"] for k in data["kpas"] for x in k["questions"]}
    fw = load_framework("itscmm")
    assert asked == {g for g in fw.goal_ids if fw.goal_level(g) <= 3}
    assert all(x["provenance"] == "derived" for k in data["kpas"] for x in k["questions"])
    assert {d["dimension"] for d in data["growth"]} == {
        "vision", "steering", "processes", "people", "technology", "culture"}
    text = out.read_text()
    assert '"SCOM.1.q2" = ""' in text and '"GROWTH.culture.q1" = ""' in text
    assert "QPM" not in text.split("[answers]")[1]  # level 4 is beyond the scenario's target


@pytest.mark.parametrize("fid", ["itscmm", "cmmi-svc"])
def test_every_shipped_goal_has_written_questions(fid):
    fw = load_framework(fid)
    q = questions.build(fw)
    assert {x.goal for x in q.all_questions() if x.kpa != "GROWTH"} == set(fw.goal_ids)
    assert {x.provenance for x in q.all_questions()} == {"derived"}


def test_merge_json_and_scenario_output_feed_assess_gap_and_plan(csip, tmp_path):
    a = answers_file(tmp_path, "a", {"SCOM.1.q1": "yes", "SCOM.1.q2": "largely", "SCOM.2.q1": "no"},
                     extra="target_level = 2")
    b = answers_file(tmp_path, "b", {"SCOM.1.q1": "yes", "SCOM.1.q2": "yes", "SCOM.2.q1": "yes"})
    out = tmp_path / "merged.toml"
    code, stdout, _ = csip("survey", "merge", a, b, "--json", "-o", out)
    assert code == 0
    data = json.loads(stdout)
    assert {"framework", "participants", "goals", "discuss", "current_level", "strengths",
            "weaknesses", "growth"} <= set(data)
    assert data["participants"] == ["a", "b"] and data["discuss"] == ["SCOM.2"]
    scom1 = next(g for g in data["goals"] if g["id"] == "SCOM.1")
    # a participant's answer to a goal is their weakest: a says largely, b says yes
    assert scom1["rating"] == "satisfied" and scom1["answers"] == {"yes": 1, "largely": 1}
    code, stdout, _ = csip("assess", out, "--json")
    assert code == 0
    statuses = {g["id"]: g["status"] for k in json.loads(stdout)["kpas"] for g in k["goals"]}
    assert statuses["SCOM.1"] == "satisfied" and statuses["SCOM.2"] == "partial"
    code, stdout, _ = csip("gap", out, "--json")
    assert code == 0 and json.loads(stdout)["target_level"] == 2
    code, stdout, _ = csip("plan", out, "--json", "--time-limit", "60")
    assert code == 0 and json.loads(stdout)["status"] in ("optimal", "feasible")


def test_xlsx_round_trip_as_a_participant_fills_it(csip, tmp_path):
    blank = tmp_path / "q.xlsx"
    assert csip("survey", "new", "itscmm", "-o", blank)[0] == 0
    wb = load_workbook(blank)
    assert wb.sheetnames == ["Instructions", "Level 2", "Level 3", "Level 4", "Level 5", "Growth model"]
    lvl2 = wb["Level 2"]
    assert lvl2.protection.sheet and lvl2["C3"].protection.locked
    assert not lvl2["D3"].protection.locked
    lists = [dv.formula1 for dv in lvl2.data_validations.dataValidation]
    assert '"yes,largely,partly,no,unknown"' in lists
    for who, answer in (("Ann", "yes"), ("Bob", "no")):
        wb = load_workbook(blank)
        wb["Instructions"]["B5"] = who
        wb["Instructions"]["B6"] = "operations"
        for row in wb["Level 2"].iter_rows(min_row=2):
            if isinstance(row[0].value, str) and row[0].value.startswith("CFM."):
                row[3].value = answer
        wb["Growth model"]["D3"] = "partly"
        wb.save(tmp_path / f"{who}.xlsx")
    code, stdout, err = csip("survey", "merge", tmp_path / "Ann.xlsx", tmp_path / "Bob.xlsx", "--json")
    assert code == 0, err
    data = json.loads(stdout)
    assert data["participants"] == ["Ann", "Bob"]
    ratings = {g["id"]: g["rating"] for g in data["goals"]}
    assert [ratings[f"CFM.{i}"] for i in range(1, 5)] == ["partial"] * 4
    assert data["discuss"] == ["CFM.1", "CFM.2", "CFM.3", "CFM.4"]
    assert data["growth"][0]["score"] == 33


def test_xlsx_renamed_sheet_and_free_text_are_bad_input(csip, tmp_path):
    blank = tmp_path / "q.xlsx"
    csip("survey", "new", "itscmm", "-o", blank)
    wb = load_workbook(blank)
    wb["Instructions"]["B5"] = "Ann"
    wb["Level 3"].title = "My answers"
    row = next(r for r in wb["Level 2"].iter_rows(min_row=2) if r[0].value == "SCOM.1.q1")
    row[3].value = "we do this mostly"
    wb.save(tmp_path / "Ann.xlsx")
    code, _, err = csip("survey", "merge", tmp_path / "Ann.xlsx")
    assert code == 2
    assert 'sheet "My answers"' in err and "renamed" in err
    assert f'sheet "Level 2" cell D{row[0].row}' in err and "not an answer on the scale" in err
    assert "Traceback" not in err


def test_report_has_its_sections_in_every_format(csip, tmp_path, subm_na):
    files = sorted(HERUS_SURVEY.glob("*.toml"))
    for ext in ("md", "docx", "xlsx"):
        out = tmp_path / f"report.{ext}"
        code, _, err = csip("survey", "report", *files, "-o", out)
        assert code == 0, err
        if ext == "md":
            text = out.read_text()
            for title in SECTION_TITLES:
                assert f"## {title}\n" in text
            assert "scom-sla-template" in text  # a catalog action for an open goal
            assert "CFM.2" in text.split("## Points discussed")[1].split("## Directions")[0]
        elif ext == "docx":
            doc = Document(str(out))
            heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
            assert heads == list(SECTION_TITLES)
            assert any("Shandra Takie" in c.text for t in doc.tables for r in t.rows for c in r.cells)
        else:
            wb = load_workbook(out)
            assert wb.sheetnames == list(SECTION_TITLES)
            values = [c.value for r in wb["Growth model"].iter_rows() for c in r]
            assert "Culture" in values


# -- bad input ----------------------------------------------------------------------------------


def test_answer_off_the_scale_names_file_key_and_fix(csip, tmp_path):
    f = answers_file(tmp_path, "a", {"SCOM.1.q1": "yse"})
    code, _, err = csip("survey", "merge", f)
    assert code == 2
    assert err.startswith("error: ") and 'a.toml:' in err and 'answers."SCOM.1.q1"' in err
    assert 'did you mean "yes"?' in err


def test_unknown_question_id_gets_a_did_you_mean(csip, tmp_path):
    bad = answers_file(tmp_path, "a", {"SCOM.1.q7": "yes", "SCM.2.q1": "no"})
    code, _, err = csip("survey", "merge", bad)
    assert code == 2
    assert 'no question "SCOM.1.q7"' in err and 'did you mean "SCOM.1.q2" or "SCOM.1.q1"' in err
    assert 'no question "SCM.2.q1"' in err and '"SCOM.2.q1"' in err


def test_two_files_from_one_participant(csip, tmp_path):
    a = answers_file(tmp_path, "a", {"SCOM.1.q1": "yes"}, participant="Ann Lee")
    b = answers_file(tmp_path, "b", {"SCOM.1.q1": "no"}, participant="ann  lee")
    code, _, err = csip("survey", "merge", a, b)
    assert code == 2 and "b.toml: survey.participant:" in err and "already answered in" in err


def test_na_where_the_framework_does_not_allow_it(csip, tmp_path):
    code, _, err = csip("survey", "merge", answers_file(tmp_path, "a", {"SCOM.1.q1": "na"}))
    assert code == 2 and "na is not allowed here" in err and "SCOM" in err


def test_missing_participant_and_bad_extension(csip, tmp_path):
    code, _, err = csip("survey", "merge", answers_file(tmp_path, "a", {}, participant=" "))
    assert code == 2 and "survey.participant" in err
    code, _, err = csip("survey", "report", answers_file(tmp_path, "b", {}), "-o", tmp_path / "r.pdf")
    assert code == 2 and "extension" in err


# -- the worked example -------------------------------------------------------------------------


def test_herus_survey_merge_is_close_to_herus_toml(csip, tmp_path, subm_na):
    from planner.load.scenarios import load_scenario

    files = sorted(HERUS_SURVEY.glob("*.toml"))
    assert len(files) == 5
    m = merged(*files)
    herus = assess(load_scenario(REPO / "scenarios" / "herus.toml"))
    assert m.assessment.current_level == herus.current_level == 1
    differ = {g.id for g in m.goals if g.rating != herus.goals[g.id].status}
    # the differences README.md explains: the CM misreading (discussed), and production's
    # "partly" on delivery and capacity, which ITIL below the threshold does not credit
    assert differ == {"CFM.1", "CFM.2", "CFM.3", "SDEL.1", "RESM.1"}
    assert {f.goal for f in m.discuss} == {"CFM.1", "CFM.2", "CFM.3", "SRIM.3", "SQA.1"}
    assert m.assessment.kpas["SUBM"].status == "na"
    out = tmp_path / "herus-assessed.toml"
    code, _, err = csip("survey", "merge", *files, "-o", out)
    assert code == 0, err
    code, stdout, _ = csip("gap", out, "--json")
    assert code == 0 and json.loads(stdout)["current_level"] == 1
