"""Small modal dialogs: confirm, show a problem, choose from a list, type a value, pick a file.

Each is a `ModalScreen[T]` that dismisses with its answer (None when cancelled), so callers use
`push_screen(dialog, callback)` and never block. Escape always cancels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from planner.errors import display_path

Check = Callable[[str], str | None]
"""Returns a message saying what is wrong with the text, or None if it is fine."""


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, message: str, yes: str = "Yes", no: str = "Cancel", also_yes: str = ""):
        super().__init__(classes="dialog")
        self._title, self._message, self._yes, self._no = title, message, yes, no
        if also_yes:  # e.g. q again to confirm quitting
            self._bindings.bind(also_yes, "answer(True)", show=False)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self._title, classes="dialog-title", markup=False)
            yield Static(self._message, classes="dialog-text", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self._yes} (y)", id="yes", variant="warning")
                yield Button(f"{self._no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class MessageDialog(ModalScreen[None]):
    """A readable account of what went wrong (a broken file, an infeasible plan, a failed write)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "close", "Close", id="message.close")]

    def __init__(self, title: str, text: str):
        super().__init__(classes="dialog")
        self._title, self._text = title, text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -wide"):
            yield Label(self._title, classes="dialog-title -bad", markup=False)
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(self._text, classes="dialog-text", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close (esc)", id="close")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed)
    def action_close(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of a few values (a rating, a level); the current one is highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(self, title: str, options: Sequence[tuple[str, str]], current: str | None = None,
                 note: str = ""):
        super().__init__(classes="dialog")
        self._title, self._options, self._current, self._note = title, options, current, note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self._title, classes="dialog-title", markup=False)
            if self._note:
                yield Static(self._note, classes="dialog-text", markup=False)
            yield OptionList(*[Option(Content(label), id=value) for value, label in self._options],
                             id="choices")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        values = [v for v, _ in self._options]
        if self._current in values:
            options.highlighted = values.index(self._current)
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class InputDialog(ModalScreen[str | None]):
    """Type one value; `check` says what is wrong with it before the dialog closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="input.cancel")]

    def __init__(self, title: str, prompt: str, value: str = "", check: Check | None = None,
                 placeholder: str = ""):
        super().__init__(classes="dialog")
        self._title, self._prompt, self._value, self._check = title, prompt, value, check
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self._title, classes="dialog-title", markup=False)
            yield Static(self._prompt, classes="dialog-text", markup=False)
            yield Input(self._value, placeholder=self._placeholder, id="value", select_on_focus=True)
            yield Label("", id="input-error", classes="dialog-error", markup=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        error = self._check(event.value) if self._check else None
        if error:
            self.query_one("#input-error", Label).update(error)
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class OpenDialog(ModalScreen[Path | None]):
    """Open a scenario: one of the files offered, or any path typed in."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="open.cancel")]

    def __init__(self, title: str, files: Sequence[Path], current: Path | None = None):
        super().__init__(classes="dialog")
        self._title, self._files, self._current = title, list(files), current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -wide"):
            yield Label(self._title, classes="dialog-title", markup=False)
            yield Static("Choose a scenario with ↑↓ and enter, or type a path below (tab).",
                         classes="dialog-text")
            yield OptionList(*[Option(Content(display_path(p)), id=str(i))
                               for i, p in enumerate(self._files)], id="files")
            yield Input(placeholder="path/to/scenario.toml", id="path")
            yield Label("", id="input-error", classes="dialog-error", markup=False)

    def on_mount(self) -> None:
        files = self.query_one(OptionList)
        if self._current is not None:
            for i, p in enumerate(self._files):
                if p.resolve() == self._current.resolve():
                    files.highlighted = i
        files.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._files[int(event.option.id or 0)])

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.query_one("#input-error", Label).update("type the path of a scenario file")
            return
        self.dismiss(Path(text).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)


class SaveDialog(ModalScreen[tuple[Path, str] | None]):
    """Where to save the what-if, and the name it goes by in comparisons."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="save.cancel")]

    def __init__(self, path: Path, name: str, summary: str):
        super().__init__(classes="dialog")
        self._path, self._name, self._summary = path, name, summary

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -wide"):
            yield Label("Save the what-if as a new scenario file", classes="dialog-title")
            yield Static(self._summary, classes="dialog-text", markup=False)
            yield Label("File (it extends the scenario as loaded):")
            yield Input(display_path(self._path), id="path")
            yield Label("Name:")
            yield Input(self._name, id="name")
            yield Label("", id="input-error", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    def _next(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        name = self.query_one("#name", Input).value.strip()
        if not path or not name:
            self.query_one("#input-error", Label).update("both a file and a name are needed")
            return
        target = Path(path).expanduser()
        if target.suffix != ".toml":
            target = target.with_name(target.name + ".toml")
        self.dismiss((target, name))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportDialog(ModalScreen[tuple[str, Path] | None]):
    """The CSIP plan as a file: the format and where to write it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="export.cancel")]
    FORMATS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("md", "Markdown: the CSIP document"), ("csv", "CSV: one planned action a row"),
        ("toml", "TOML: the plan's data"), ("json", "JSON: as csip plan --json"))

    def __init__(self, stem: Path):
        super().__init__(classes="dialog")
        self._stem = stem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -wide"):
            yield Label("Export the CSIP plan", classes="dialog-title")
            with RadioSet(id="format"):
                for i, (fmt, label) in enumerate(self.FORMATS):
                    yield RadioButton(label, value=i == 0, name=fmt)
            yield Label("File:")
            yield Input(display_path(self._stem.with_suffix(".md")), id="path")
            yield Label("", id="input-error", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    @property
    def _format(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return pressed.name if pressed is not None and pressed.name else "md"

    @on(RadioSet.Changed)
    def _format_changed(self) -> None:
        path = self.query_one("#path", Input)
        path.value = str(Path(path.value).with_suffix("." + self._format))

    @on(Input.Submitted)
    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.query_one("#input-error", Label).update("type the file to write")
            return
        self.dismiss((self._format, Path(text).expanduser()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
