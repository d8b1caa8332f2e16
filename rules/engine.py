"""The one module that talks to durable-rules.

durable-rules is fast at matching but has sharp edges (see the engineering notes): every `Host`
starts timer threads that never stop and race with the caller; live sessions are capped at 1024 per
ruleset, after which the process crashes; exceptions raised in actions are swallowed into the
session state; a fact that matches no rule makes a whole batch fail. So: one long-lived host with the
timer threads switched off, each ruleset registered once, a fresh session id per evaluation that is
always deleted afterwards, every call serialised through one lock, and action errors re-raised.
"""

from __future__ import annotations

import copy
import itertools
import json
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from durable import engine as _durable


class RulesError(RuntimeError):
    """A rule action failed or the engine refused the facts; never a user input problem."""


class _QuietHost(_durable.Host):
    """A host whose background dispatch threads never start: everything runs synchronously
    inside `assert_facts`, which is all a batch evaluation needs."""

    def __init__(self, actions: Mapping[str, Callable[[Any], None]]):
        self._actions = actions
        super().__init__()

    def _run(self) -> None:  # no timer threads
        return None

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        try:
            return self._actions[action_name]
        except KeyError:
            raise RulesError(f"no rule action named {action_name!r}") from None


class RulesEngine:
    """Evaluate fact batches against named rulesets; returns every fact in the session after
    the rules have fired (the input facts and all derived ones)."""

    def __init__(
        self,
        rulesets: Mapping[str, Mapping[str, Any]],
        actions: Mapping[str, Callable[[Any], None]],
    ):
        self._lock = threading.Lock()
        self._host = _QuietHost(actions)
        # register_rulesets deletes the 'run' keys of what it is given: hand it a copy
        self._host.register_rulesets(copy.deepcopy(dict(rulesets)))
        self._names = set(rulesets)
        self._sids = itertools.count(1)

    def evaluate(self, ruleset: str, facts: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        if ruleset not in self._names:
            raise RulesError(f"unknown ruleset {ruleset!r}")
        with self._lock:
            sid = str(next(self._sids))
            batch = _unique([{**f, "sid": sid} for f in facts])
            if not batch:
                return []
            try:
                self._host.assert_facts(ruleset, batch)
                state = self._host.get_state(ruleset, sid)
                if "exception" in state:
                    raise RulesError(f"a rule action failed in {ruleset}: {state['exception']}")
                result = self._host.get_facts(ruleset, sid)
            except (_durable.MessageNotHandledException, _durable.MessageObservedException) as exc:
                raise RulesError(f"{ruleset}: the engine refused the facts: {exc}") from None
            finally:
                self._host.delete_state(ruleset, sid)
        for fact in result:
            fact.pop("sid", None)
        return result


def _unique(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Identical facts make the engine raise; keep the first of each."""
    seen: set[str] = set()
    out = []
    for f in facts:
        key = json.dumps(f, sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
