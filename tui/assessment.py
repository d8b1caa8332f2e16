"""The assessment view: answer one participant's A2I questionnaire in the terminal, see the
consolidated picture of several participants' files, and go from there to the gap report and plan.

Two panes share the screen. The questionnaire pane lists every question grouped by KPA (the KPA's
purpose and the goal the question serves are shown below the list) and takes one key per answer.
Saving edits the answer lines of the file in place, so a participant's own comments survive, and
writes atomically; a file that changed on disk since it was opened, or any other existing file,
is never replaced without asking. The consolidated pane runs the same merge as `csip survey merge`
(in a worker: the rules engine decides the ratings) and highlights the goals to discuss; `g`
writes the merged scenario and opens it through the app's own open-scenario path.

Everything shown from a file (names, roles, question texts, paths) is plain text, never markup.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import ContentSwitcher, DataTable, Static

from planner.errors import InputError, display_path
from planner.files import free_name, write_atomic
from planner.load.frameworks import DATA_DIR, load_framework
from planner.model import Framework
from planner.survey.answers import blank_toml, read_answers
from planner.survey.consensus import Consolidation, consolidate
from planner.survey.questions import GROWTH_PREFIX, SCALE_HELP, Question, Questionnaire, build
from planner.survey.scenario_out import scenario_toml
from tui.chrome import ViewScreen
from tui.dialogs import ConfirmDialog, InputDialog, MessageDialog
from tui.state import Workspace

KEYS = {"y": "yes", "l": "largely", "p": "partly", "n": "no", "u": "unknown", "a": "na"}
"""Answer keys of the questionnaire pane."""

RATING_STYLE = {"satisfied": "green", "yes": "green", "largely": "green", "partial": "yellow",
                "partly": "yellow", "unsatisfied": "red", "no": "red", "unknown": "dim", "na": "dim"}


# -- one participant's answer file (no Textual here: tested on its own) ---------------------------


@dataclass
class AnswerFile:
    """A questionnaire being answered: what the file said when opened, and the answers now."""

    path: Path
    questionnaire: Questionnaire
    framework_ref: str
    participant: str = ""
    role: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    """Question id -> the word given (blank answers are absent)."""
    text: str | None = None
    """The file's text as read or last written (None: not on disk yet)."""
    dirty: bool = False

    def _framework_ref(self) -> str:
        """How a new file names its framework: a shipped one by id, a user's file by its path
        relative to where this file is written now (it may have been saved elsewhere)."""
        return framework_ref(self.questionnaire.framework, self.path)

    @property
    def questions(self) -> list[Question]:
        return self.questionnaire.all_questions()

    def answer(self, question: Question, word: str | None) -> str | None:
        """Set (or clear, with None) an answer; returns why it cannot be given, or None."""
        if word is not None and word not in self.questionnaire.scale_for(question):
            where = question.kpa
            return f"na is not allowed for {where}: the framework does not let it be not applicable"
        if word is None:
            changed = self.answers.pop(question.id, None) is not None
        else:
            changed = self.answers.get(question.id) != word
            self.answers[question.id] = word
        self.dirty = self.dirty or changed
        return None

    def render(self) -> str:
        """The file's text with the current header and answers: the answer lines of the text as
        read are edited in place (the participant's comments stay); a file whose layout does not
        allow that is written afresh from the questionnaire."""
        base = self.text if self.text is not None else blank_toml(self.questionnaire, self._framework_ref())
        out = _set_header(base, "participant", self.participant)
        out = _set_header(out, "role", self.role)
        missing = []
        for q in self.questions:
            value = _quote(self.answers.get(q.id, ""))
            pattern = re.compile(rf'^(\s*"{re.escape(q.id)}"\s*=\s*)"(?:[^"\\]|\\.)*"', re.M)
            out, n = pattern.subn(lambda m, v=value: m.group(1) + v, out, count=1)
            if n == 0 and q.id in self.answers:
                missing.append(f'"{q.id}" = {value}')
        if missing:
            if _last_table(out) != "answers":
                fresh = AnswerFile(self.path, self.questionnaire, self.framework_ref, self.participant,
                                   self.role, dict(self.answers))
                return fresh.render()
            out = out.rstrip("\n") + "\n" + "\n".join(missing) + "\n"
        tomllib.loads(out)  # never write a file that would not read back
        return out


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _set_header(text: str, key: str, value: str) -> str:
    pattern = re.compile(rf'^(\s*{key}\s*=\s*)"(?:[^"\\]|\\.)*"', re.M)
    return pattern.sub(lambda m: m.group(1) + _quote(value), text, count=1)


def _last_table(text: str) -> str:
    tables = re.findall(r"^\s*\[([A-Za-z_.]+)\]\s*$", text, re.M)
    return tables[-1] if tables else ""


def open_answer_file(path: Path) -> AnswerFile:
    """Read an answer file for answering: the header and the answers on the scale; anything the
    merge would reject is reported later by `survey merge`, not refused here (a half-filled
    questionnaire is what this view is for)."""
    text = Path(path).read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{display_path(path)}: not TOML: {exc}") from None
    head = data.get("survey") if isinstance(data.get("survey"), dict) else {}
    ref = head.get("framework")
    if not isinstance(ref, str) or not ref:
        raise ValueError(f"{display_path(path)}: survey.framework: which framework? missing")
    framework = load_framework(ref, Path(path).parent)
    target = head.get("target_level")
    q = build(framework, target if isinstance(target, int) and not isinstance(target, bool) else None)
    given = data.get("answers") if isinstance(data.get("answers"), dict) else {}
    by_id = {x.id: x for x in q.all_questions()}
    answers = {}
    for qid, value in given.items():
        if qid in by_id and isinstance(value, str) and value.strip().lower() in q.scale_for(by_id[qid]):
            answers[qid] = value.strip().lower()
    return AnswerFile(Path(path), q, ref, str(head.get("participant") or ""), str(head.get("role") or ""),
                      answers, text)


def new_answer_file(path: Path, framework: Framework, target_level: int | None,
                    participant: str = "") -> AnswerFile:
    """A blank questionnaire on `framework` up to `target_level`, naming the framework as a file
    next to `path` would (a shipped one by its id)."""
    q = build(framework, target_level)
    return AnswerFile(Path(path), q, framework_ref(framework, Path(path)), participant, dirty=True)


def framework_ref(framework: Framework, path: Path) -> str:
    """A shipped framework by its id, a user's file by its path relative to `path`'s folder."""
    if framework.path is None or Path(framework.path).parent == DATA_DIR:
        return framework.id
    return os.path.relpath(Path(framework.path).resolve(), Path(path).resolve().parent).replace(os.sep, "/")


def answer_paths(text: str) -> list[Path]:
    """The files a merge takes: a folder (its .toml and .xlsx answer files) or files separated
    by spaces."""
    out: list[Path] = []
    for part in text.split():
        p = Path(part).expanduser()
        if p.is_dir():
            out += sorted(x for x in p.iterdir() if x.suffix.lower() in (".toml", ".xlsx")
                          and not x.name.startswith("."))
        else:
            out.append(p)
    return out


def merged_framework_ref(m: Consolidation, out: Path) -> str:
    fw = m.framework
    if fw.path is None or Path(fw.path).parent == DATA_DIR:
        return fw.id
    return os.path.relpath(Path(fw.path).resolve(), out.resolve().parent).replace(os.sep, "/")


# -- messages from the workers ----------------------------------------------------------------------


class Merged(Message):
    def __init__(self, paths: list[Path], result: Consolidation | None, error: str = ""):
        super().__init__()
        self.paths, self.result, self.error = paths, result, error


# -- the view ----------------------------------------------------------------------------------------


class AssessmentScreen(ViewScreen):
    VIEW = "assessment"
    DEFAULT_CSS = """
    AssessmentScreen #as-panes, AssessmentScreen #as-answer, AssessmentScreen #as-merge { height: 1fr; }
    AssessmentScreen #as-questions, AssessmentScreen #as-goals { height: 1fr; }
    AssessmentScreen #as-detail, AssessmentScreen #as-merge-detail { height: 9; }
    AssessmentScreen #as-file, AssessmentScreen #as-summary { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"answer('{word}')", word.capitalize(), id=f"assessment.{word}",
                  show=word in ("yes", "no"), tooltip=SCALE_HELP[word]) for key, word in KEYS.items()),
        Binding("x,delete", "answer('')", "Clear", id="assessment.clear", show=False),
        Binding("o", "open_answers", "Open answers", id="assessment.open"),
        Binding("c", "new_answers", "New questionnaire", id="assessment.new"),
        Binding("w,ctrl+s", "save_answers", "Save", id="assessment.save"),
        Binding("m", "merge", "Merge files", id="assessment.merge"),
        Binding("v", "switch_pane", "Questions/merge", id="assessment.pane"),
        Binding("g", "to_plan", "Gap report & plan", id="assessment.plan"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.file: AnswerFile | None = None
        self.merged: Consolidation | None = None
        self.merged_from: list[Path] = []

    def compose_body(self) -> ComposeResult:
        with ContentSwitcher(initial="as-answer", id="as-panes"):
            with Vertical(id="as-answer"):
                yield Static(id="as-file", markup=False)
                table: DataTable[Text] = DataTable(id="as-questions", cursor_type="row")
                yield table
                with VerticalScroll(id="as-detail", classes="card"):
                    yield Static(id="as-detail-text", markup=False)
            with Vertical(id="as-merge"):
                yield Static(id="as-summary", markup=False)
                goals: DataTable[Text] = DataTable(id="as-goals", cursor_type="row")
                yield goals
                with VerticalScroll(id="as-merge-detail", classes="card"):
                    yield Static(id="as-merge-text", markup=False)

    def on_mount(self) -> None:
        questions = self.query_one("#as-questions", DataTable)
        questions.add_column("Question", key="id")
        questions.add_column("Answer", key="answer")
        questions.add_column("Asks", key="text")
        goals = self.query_one("#as-goals", DataTable)
        for label, key in (("Goal", "goal"), ("KPA", "kpa"), ("Rating", "rating"), ("yes", "yes"),
                           ("largely", "largely"), ("partly", "partly"), ("no", "no"),
                           ("unknown", "unknown"), ("na", "na"), ("Discuss", "discuss")):
            goals.add_column(label, key=key)
        self.query_one("#as-detail").border_title = "KPA, goal and scale"
        self.query_one("#as-merge-detail").border_title = "Why this rating"
        super().on_mount()
        self._show_file()
        self._show_merge()

    def show(self, ws: Workspace) -> None:
        """The assessment does not depend on the plan: nothing to redraw when it changes."""

    def palette_commands(self) -> list[tuple[str, str, str]]:
        return [("Open an answer file", "Answer a participant's questionnaire", "open_answers"),
                ("New questionnaire", "From the scenario's framework and target", "new_answers"),
                ("Save the answers", "Write the answer file atomically", "save_answers"),
                ("Merge answer files", "The consolidated picture of several participants", "merge"),
                ("Go to the gap report and plan", "Write the merged scenario and open it", "to_plan")]

    # -- the questionnaire pane ------------------------------------------------------------------

    def _show_file(self) -> None:
        head = self.query_one("#as-file", Static)
        table = self.query_one("#as-questions", DataTable)
        row = table.cursor_row
        table.clear()
        f = self.file
        if f is None:
            head.update("No questionnaire open: o opens an answer file, c starts a new one from the "
                        "scenario's framework and target, m merges several participants' files.")
            self._describe()
            return
        done = len(f.answers)
        total = len(f.questions)
        head.update(f"{display_path(f.path)}{' (not saved)' if f.dirty else ''} · "
                    f"{f.participant or 'participant not named'}{', ' + f.role if f.role else ''} · "
                    f"{f.questionnaire.framework.name}, levels {f.questionnaire.levels[0]}.."
                    f"{f.questionnaire.levels[-1]} · {done} of {total} answered · "
                    "keys: y l p n u a (na), x clears, w saves")
        kpa = None
        for q in f.questions:
            if q.kpa != kpa:
                kpa = q.kpa
                table.add_row(Text(q.kpa if q.kpa != GROWTH_PREFIX else "Growth model", style="bold"),
                              Text(""), Text(self._group_title(q), style="bold"), key=f"kpa:{q.kpa}")
            word = f.answers.get(q.id, "")
            table.add_row(Text(q.id), Text(word or "·", style=RATING_STYLE.get(word, "")),
                          Text(q.text), key=q.id)
        if row:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._describe()

    def _group_title(self, q: Question) -> str:
        assert self.file is not None
        if q.kpa == GROWTH_PREFIX:
            return "Where are we now? (vision, steering, processes, people, technology, culture)"
        kpa = self.file.questionnaire.framework.kpa(q.kpa)
        return f"{kpa.name} (level {kpa.level})"

    def _current_question(self) -> Question | None:
        if self.file is None:
            return None
        table = self.query_one("#as-questions", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((q for q in self.file.questions if q.id == key), None)

    def _describe(self) -> None:
        out = self.query_one("#as-detail-text", Static)
        f = self.file
        table = self.query_one("#as-questions", DataTable)
        if f is None or table.row_count == 0:
            out.update("")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        kpa_id = key[4:] if key.startswith("kpa:") else None
        q = self._current_question()
        if q is not None:
            kpa_id = q.kpa
        lines: list[str] = []
        if kpa_id and kpa_id != GROWTH_PREFIX:
            kpa = f.questionnaire.framework.kpa(kpa_id)
            lines += [f"{kpa.id} {kpa.name} (level {kpa.level})", f"Purpose: {kpa.purpose}"]
        elif kpa_id == GROWTH_PREFIX:
            dim = next((d for d in f.questionnaire.growth if q is not None and d.id == q.goal), None)
            lines += [f"Growth model{': ' + dim.name if dim else ''}"]
        if q is not None:
            if q.kpa != GROWTH_PREFIX:
                lines += [f"Goal {q.goal}: {f.questionnaire.framework.goal(q.goal).text}"]
            lines += [f"{q.id}: {q.text}" + (" [generated from the goal text]"
                                              if q.provenance == "generated" else ""),
                      "Answers: " + " · ".join(f"{k} {w}" for k, w in KEYS.items()
                                               if w in f.questionnaire.scale_for(q))
                      + " · x clear"]
        out.update("\n".join(lines))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "as-questions":
            self._describe()
        elif event.data_table.id == "as-goals":
            self._describe_goal()

    def action_answer(self, word: str) -> None:
        if self._pane() != "as-answer":
            return
        q = self._current_question()
        if self.file is None or q is None:
            self.csip.notify("Open or start a questionnaire first (o or c), then pick a question.")
            return
        problem = self.file.answer(q, word or None)
        if problem:
            self.csip.notify(problem, severity="warning")
            return
        table = self.query_one("#as-questions", DataTable)
        table.update_cell(q.id, "answer", Text(word or "·", style=RATING_STYLE.get(word, "")))
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)
        self._show_head_only()

    def _show_head_only(self) -> None:
        # the header line counts answers; redraw it without rebuilding the table
        f = self.file
        if f is None:
            return
        row = self.query_one("#as-questions", DataTable).cursor_row
        self._show_file()
        self.query_one("#as-questions", DataTable).move_cursor(row=row)

    def _folder(self) -> Path:
        if self.file is not None:
            return self.file.path.parent
        base = self.workspace.base
        if base is not None and base.path is not None:
            return Path(base.path).parent
        return Path(".")

    def action_open_answers(self) -> None:
        def chosen(text: str | None) -> None:
            if text:
                self._confirm_drop(lambda: self._open_file(Path(text.strip()).expanduser()))

        self.csip.push_screen(InputDialog("Open an answer file", "The participant's questionnaire "
                                          "(.toml, as `csip survey new` writes it):",
                                          display_path(self._folder()) + os.sep, _exists), chosen)

    def _open_file(self, path: Path) -> None:
        try:
            self.file = open_answer_file(path)
        except (ValueError, OSError, InputError) as exc:
            text = "\n".join(p.render() for p in exc.problems) if isinstance(exc, InputError) else str(exc)
            self.csip.push_screen(MessageDialog(f"Cannot open {display_path(path)}", text))
            return
        self._pane("as-answer")
        self._show_file()

    def _confirm_drop(self, then) -> None:
        """Run `then` at once, or after asking if the open questionnaire has unsaved answers."""
        if self.file is None or not self.file.dirty:
            then()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                then()

        self.csip.push_screen(ConfirmDialog("Drop unsaved answers?", f"{display_path(self.file.path)} has "
                                            "answers not saved yet (w saves).", yes="Drop"), answer)

    def action_new_answers(self) -> None:
        base = self.workspace.base
        if base is None:
            self.csip.notify("Open a scenario first (ctrl+o): the questionnaire asks about its "
                             "framework up to its target level.", severity="warning")
            return
        default = free_name(self._folder(), "answers", ".toml")

        def named(text: str | None) -> None:
            if not text:
                return
            path = Path(text.strip()).expanduser()
            if path.suffix != ".toml":
                path = path.with_name(path.name + ".toml")

            def who(name: str | None) -> None:
                if name is None:
                    return
                self.file = new_answer_file(path, base.framework, base.target_level, name.strip())
                self._pane("as-answer")
                self._show_file()

            self.csip.push_screen(InputDialog("Participant", "Whose answers are these (name)?", ""), who)

        self._confirm_drop(lambda: self.csip.push_screen(InputDialog(
            "New questionnaire", f"{base.framework.name}, levels 2..{base.target_level}. File to write:",
            display_path(default)), named))

    def action_save_answers(self) -> None:
        f = self.file
        if f is None:
            self.csip.notify("No questionnaire is open.", severity="warning")
            return
        try:
            text = f.render()
        except tomllib.TOMLDecodeError as exc:
            self.csip.push_screen(MessageDialog("Cannot save", f"the answers would not read back: {exc}"))
            return
        on_disk = f.path.read_text("utf-8") if f.path.is_file() else None
        if on_disk is None and not f.path.exists():
            self._write(f, text, overwrite=False)
            return
        if on_disk is not None and on_disk == f.text:
            self._write(f, text, overwrite=True)
            return
        why = ("changed on disk since it was opened" if f.text is not None
               else "exists and is not this questionnaire")

        def answer(yes: bool | None) -> None:
            if yes:
                self._write(f, text, overwrite=True)

        self.csip.push_screen(ConfirmDialog("Overwrite?", f"{display_path(f.path)} {why}. Replace it?",
                                            yes="Overwrite"), answer)

    def _write(self, f: AnswerFile, text: str, overwrite: bool) -> None:
        try:
            write_atomic(f.path, text, overwrite=overwrite)
        except (OSError, ValueError) as exc:
            self.csip.push_screen(MessageDialog(f"Could not write {display_path(f.path)}", str(exc)))
            return
        f.text, f.dirty = text, False
        self.csip.notify(f"Saved {len(f.answers)} answers to {display_path(f.path)}.", title="Saved")
        self._show_head_only()

    # -- the consolidated pane ------------------------------------------------------------------

    def action_merge(self) -> None:
        folder = self._folder()

        def chosen(text: str | None) -> None:
            if text:
                paths = answer_paths(text)
                self.query_one("#as-summary", Static).update(f"Merging {len(paths)} files…")
                self._pane("as-merge")
                self._merge(paths)

        self.csip.push_screen(InputDialog("Merge answer files", "A folder of answer files, or files "
                                          "separated by spaces:", display_path(folder)), chosen)

    @work(thread=True, group="survey", exclusive=True, exit_on_error=False)
    def _merge(self, paths: list[Path]) -> None:
        try:
            result = consolidate(read_answers(paths))
        except InputError as exc:
            self.post_message(Merged(paths, None, "\n".join(p.render() for p in exc.problems)))
            return
        except Exception as exc:  # a rules error must reach the user, not kill the app
            self.post_message(Merged(paths, None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(Merged(paths, result))

    def on_merged(self, message: Merged) -> None:
        if message.result is None:
            self.query_one("#as-summary", Static).update(
                "The merge failed; fix the files and merge again (m).")
            self.csip.push_screen(MessageDialog("The answer files cannot be merged", message.error))
            return
        self.merged, self.merged_from = message.result, message.paths
        self._show_merge()

    def _show_merge(self) -> None:
        summary = self.query_one("#as-summary", Static)
        table = self.query_one("#as-goals", DataTable)
        table.clear()
        m = self.merged
        if m is None:
            summary.update("No merge yet: m merges a folder of answer files (or files you name).")
            self._describe_goal()
            return
        summary.update(summary_text(m))
        discuss = {f.goal for f in m.discuss}
        for g in m.goals:
            hot = g.id in discuss
            row_style = "bold" if hot else ""
            cells = [Text(g.id, style=row_style), Text(g.kpa),
                     Text(g.rating, style=RATING_STYLE.get(g.rating, "")),
                     *[Text(str(g.answers.get(a, "") or "·"), justify="right")
                       for a in ("yes", "largely", "partly", "no", "unknown", "na")],
                     Text("⚑ discuss", style="bold black on yellow") if hot else Text("")]
            table.add_row(*cells, key=g.id)
        self._describe_goal()

    def _describe_goal(self) -> None:
        out = self.query_one("#as-merge-text", Static)
        m = self.merged
        table = self.query_one("#as-goals", DataTable)
        if m is None or table.row_count == 0:
            out.update("")
            return
        gid = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        g = m.goal(gid or "")
        lines = [f"{g.id}: {m.framework.goal(g.id).text}", f"Rated {g.rating} ({g.rule}): {g.because}"]
        lines += [f"  ⚑ {f.because}" for f in m.discuss if f.goal == g.id]
        lines += [f"  confirm: {f.because}" for f in m.confirm if f.goal == g.id]
        lines += [f"  {who}: {word}" for who, word in g.by_participant.items()]
        out.update("\n".join(lines))

    def action_to_plan(self) -> None:
        m = self.merged
        if m is None:
            self.csip.notify("Merge the answer files first (m).", severity="warning")
            return
        folder = self.merged_from[0].parent if self.merged_from else self._folder()
        default = free_name(folder, "assessed", ".toml")

        def chosen(text: str | None) -> None:
            if not text:
                return
            path = Path(text.strip()).expanduser()
            if path.suffix != ".toml":
                path = path.with_name(path.name + ".toml")
            if not path.exists():
                self._write_scenario(m, path, overwrite=False)
                return

            def answer(yes: bool | None) -> None:
                if yes:
                    self._write_scenario(m, path, overwrite=True)

            self.csip.push_screen(ConfirmDialog("Overwrite?", f"{display_path(path)} exists. Replace it?",
                                                yes="Overwrite"), answer)

        self.csip.push_screen(InputDialog("Write the merged scenario", "The consolidated ratings as a "
                                          "scenario file (then opened for the gap report and plan):",
                                          display_path(default)), chosen)

    def _write_scenario(self, m: Consolidation, path: Path, overwrite: bool) -> None:
        try:
            text = scenario_toml(m, framework_ref=merged_framework_ref(m, path))
            write_atomic(path, text, overwrite=overwrite)
        except (OSError, ValueError) as exc:
            self.csip.push_screen(MessageDialog(f"Could not write {display_path(path)}", str(exc)))
            return
        self.csip.notify(f"Wrote {display_path(path)}; opening it.", title="Merged scenario")
        asks = self.csip.workspace.unsaved  # the app asks before dropping an unsaved what-if
        self.csip._open_chosen(path)  # the app's open-scenario path (ctrl+o)
        if not asks:
            self.csip.switch_mode("gaps")

    # -- panes ----------------------------------------------------------------------------------

    def _pane(self, name: str | None = None) -> str:
        switcher = self.query_one("#as-panes", ContentSwitcher)
        if name is not None:
            switcher.current = name
            self.query_one("#as-questions" if name == "as-answer" else "#as-goals", DataTable).focus()
        return switcher.current or "as-answer"

    def action_switch_pane(self) -> None:
        self._pane("as-merge" if self._pane() == "as-answer" else "as-answer")


def summary_text(m: Consolidation) -> str:
    """The consolidated picture in a few lines: who, the level, strengths and weaknesses, the
    points to discuss and the growth-model profile."""
    people = ", ".join(f"{s.participant} ({s.role})" if s.role else s.participant for s in m.sheets)
    discuss = list(dict.fromkeys(f.goal for f in m.discuss))
    growth = " · ".join(f"{r.name} {r.score if r.score is not None else '?'} {r.rating}" for r in m.growth)
    return "\n".join([
        f"{len(m.sheets)} participants: {people}",
        f"Level {m.assessment.current_level} of target {m.target_level} · strong: "
        f"{', '.join(m.strengths) or 'none'} · weak: {', '.join(m.weaknesses) or 'none'}",
        f"To discuss ({len(discuss)}): {', '.join(discuss) or 'nothing'}",
        f"Growth model: {growth}",
        "g writes the merged scenario and opens it (gap report, plan) · v back to the questions",
    ])


def _exists(text: str) -> str | None:
    path = Path(text.strip()).expanduser()
    return None if path.is_file() else "no such file"


