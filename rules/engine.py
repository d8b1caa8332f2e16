"""The one module that talks to durable-rules.

durable-rules is fast at matching but has sharp edges (see the engineering notes): every `Host`
starts timer threads that never stop and race with the caller; live sessions are capped at 1024 per
ruleset, after which the process crashes; exceptions raised in actions are swallowed into the
session state; a fact that matches no rule makes a whole batch fail. So: one long-lived host with the
timer threads switched off, each ruleset registered once, a fresh session id per evaluation that is
always deleted afterwards, every call serialised through one lock, and action errors re-raised.

Its C JSON parser also mishandles some values Python writes (numbers in exponent form without a
fraction, NaN, Infinity; see "durable-rules boundary" in docs/engineering-notes.md), and it keys
each fact by a 32-bit hash, so two facts whose hashes collide make a batch fail as "already
observed". Every value is therefore converted to a form the parser reads (`engine_value`), and
every fact, given or derived, gets an `id` chosen here so that no two hashes in a session collide.
"""

from __future__ import annotations

import copy
import itertools
import json
import math
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from durable import engine as _durable


class RulesError(RuntimeError):
    """A rule action failed or the engine refused the facts; never a user input problem."""


MAX_STRING = 1_000_000
"""Characters in one string value; the C engine allows 16 MB per property, far beyond any id."""
MAX_PROPERTIES = 200
"""Keys in one fact; the C engine stops at 255 (including the ones added here)."""
MAX_FACTS = 30_000
"""Facts in one session. Sessions of about 34,000 facts made some processes abort in the engine's
memory management (`free(): invalid pointer`), depending on the heap; 30,000 stayed clear."""
_MAX_INT = 10**300
"""Beyond this the C parser's conversion to double overflows."""


def fnv1_32(text: str) -> int:
    """The 32-bit FNV-1 hash the C engine uses to index a session's facts by their id (bytes
    taken as signed chars, as the engine's C compiler does on x86)."""
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h ^= (b - 256 if b > 127 else b) & 0xFFFFFFFF
        h = (h * 16777619) & 0xFFFFFFFF
    return h


class _FactIds:
    """Fact ids for one session: `f1`, `f2`, ... skipping any whose engine hash is taken."""

    def __init__(self) -> None:
        self._used: set[int] = set()
        self._n = itertools.count(1)

    def next(self) -> str:
        while True:
            fid = f"f{next(self._n)}"
            h = fnv1_32(fid)
            if h not in self._used:
                self._used.add(h)
                return fid


def engine_value(value: Any, where: str = "") -> Any:
    """`value` in a form the C parser reads back unchanged, or RulesError if there is none.

    Floats Python prints as `1e+16` or `1e-05` (exponent, no fraction) are misread by the parser:
    integral ones become ints (exact: every float that large is integral), tiny ones move by one
    unit in the last place towards zero until Python prints a fraction (`1.0000000000000002e-05`),
    which keeps every ordering the rules test except between neighbouring floats."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        if abs(value) >= _MAX_INT:
            raise RulesError(f"{where}: an integer of 300 digits or more is too large for the rules engine")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise RulesError(f"{where}: {value!r} is not a finite number; the rules engine cannot take it")
        text = repr(value)
        if "e" not in text:
            return value
        if value.is_integer():
            return int(value)
        while "." not in text.split("e")[0]:
            value = math.nextafter(value, 0.0)
            text = repr(value)
        return value
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            raise RulesError(f"{where}: a text of {len(value)} characters is too long for the rules engine")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise RulesError(f"{where}: text that is not valid Unicode") from None
        return value
    raise RulesError(f"{where}: a {type(value).__name__} cannot be a fact value (facts are flat)")


def engine_fact(fact: Mapping[str, Any], fid: str, sid: str) -> dict[str, Any]:
    """A copy of `fact` ready for the engine: values converted, `id` and `sid` set here."""
    if "id" in fact or "sid" in fact:
        raise RulesError(f"fact {dict(fact)!r:.80}: 'id' and 'sid' are reserved for the engine")
    if len(fact) > MAX_PROPERTIES:
        raise RulesError(f"a fact with {len(fact)} keys is more than the rules engine takes")
    out = {str(k): engine_value(v, f"fact {fact.get('t', '?')}.{k}") for k, v in fact.items()}
    out["id"], out["sid"] = fid, sid
    return out


class _QuietHost(_durable.Host):
    """A host whose background dispatch threads never start: everything runs synchronously
    inside `assert_facts`, which is all a batch evaluation needs."""

    def __init__(self, actions: Mapping[str, Callable[[Any], None]]):
        self._actions = actions
        self.ids: _FactIds | None = None
        """The id allocator of the session being evaluated (set under the engine's lock)."""
        super().__init__()

    def _run(self) -> None:  # no timer threads
        return None

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        try:
            action = self._actions[action_name]
        except KeyError:
            raise RulesError(f"no rule action named {action_name!r}") from None
        host = self

        def stamped(c: Any) -> None:
            action(_StampingContext(c, host))

        return stamped


class _StampingContext:
    """The action context, except that derived facts get an id and converted values too."""

    def __init__(self, c: Any, host: _QuietHost):
        self._c, self._host = c, host

    def __getattr__(self, name: str) -> Any:
        return getattr(self._c, name)

    def assert_fact(self, fact: Mapping[str, Any]) -> None:
        ids = self._host.ids or _FactIds()
        self._c.assert_fact(engine_fact(fact, ids.next(), str(self._c.s.sid)))


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
            ids = _FactIds()
            batch = [engine_fact(f, ids.next(), sid) for f in _unique(list(facts))]
            if not batch:
                return []
            if len(batch) > MAX_FACTS:
                raise RulesError(f"{ruleset}: {len(batch)} facts are more than the rules engine takes "
                                 f"safely at once ({MAX_FACTS})")
            self._host.ids = ids
            try:
                self._host.assert_facts(ruleset, batch)
                state = self._host.get_state(ruleset, sid)
                if "exception" in state:
                    raise RulesError(f"a rule action failed in {ruleset}: {state['exception']}")
                result = self._host.get_facts(ruleset, sid)
            except (_durable.MessageNotHandledException, _durable.MessageObservedException) as exc:
                raise RulesError(f"{ruleset}: the engine refused the facts: {exc}") from None
            finally:
                self._host.ids = None
                self._host.delete_state(ruleset, sid)
        for fact in result:
            fact.pop("sid", None)
            fact.pop("id", None)
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
