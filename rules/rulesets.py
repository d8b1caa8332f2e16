"""Reading the rulesets (`rules/*.toml`) and binding each rule to the action that records its fact.

A rule's name is written once: as its table key in the TOML file. The file names the action that
runs (`run`, a function registered with `@registry.action(...)` in `rules/actions.py`) and, where one
action serves several rules, its parameters (`with = { ... }`). The loader hands each action the
name of the rule that fired it, so no action repeats a rule name as a string.

durable-rules rejects a whole batch when one fact matches no rule, so facts that no rule consumes
need a "sink" rule that keeps them. Those are derived here per ruleset instead of kept by hand:
- every fact type an action of the ruleset produces (declared by its decorator), and
- every input type whose every pattern carries a constant condition (a fact of it may match none),
minus the types some rule already matches by type alone (joins on other facts do not count as a
condition here: durable-rules accepts a fact that passes a pattern's own tests even when it joins
with nothing). A sink matches its type alone in one pattern (no `$or`: durable-rules fires a rule
once per true branch of an `$or`).

Only `rules/engine.py` talks to durable-rules; this module produces the plain dictionaries it takes.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RuleFn = Callable[..., None]
"""An action as written: `fn(c, rule, **params)`, `c` being durable-rules' context."""
Bound = Callable[[Any], None]
"""An action as durable-rules calls it: one argument (with two it would treat it as asynchronous)."""


@dataclass(frozen=True)
class RuleAction:
    fn: RuleFn
    produces: tuple[str, ...]
    """The fact types (`t`) the action asserts, so the loader can keep them."""


class Registry:
    """The actions rules may `run`, filled by the `action` decorator where they are defined."""

    def __init__(self) -> None:
        self._actions: dict[str, RuleAction] = {}

    def action(self, *produces: str) -> Callable[[RuleFn], RuleFn]:
        """Register the decorated function under its own name; `produces` lists its fact types."""

        def register(fn: RuleFn) -> RuleFn:
            if fn.__name__ in self._actions:
                raise ValueError(f"rule action {fn.__name__!r} is registered twice")
            self._actions[fn.__name__] = RuleAction(fn, tuple(produces))
            return fn

        return register

    def get(self, name: str) -> RuleAction:
        try:
            return self._actions[name]
        except KeyError:
            raise ValueError(f"no rule action named {name!r}; known: {', '.join(sorted(self._actions))}") \
                from None

    def names(self) -> list[str]:
        return sorted(self._actions)


def bind(fn: RuleFn, rule: str, params: Mapping[str, Any]) -> Bound:
    """`fn` with the rule's name and parameters fixed: a one-argument closure, made in a function
    of its own so that each rule's closure keeps its own `rule` and `params`."""
    fixed = dict(params)

    def act(c: Any) -> None:
        fn(c, rule, **fixed)

    return act


def _keep(c: Any) -> None:
    """A sink's action: the fact stays in the session for the caller to read."""
    return None


@dataclass(frozen=True)
class Loaded:
    rulesets: dict[str, dict[str, Any]]
    """Ruleset -> rule -> durable-rules definition, `run` naming an entry of `actions`."""
    actions: dict[str, Bound]
    sinks: dict[str, tuple[str, ...]]
    """Ruleset -> the fact types its derived sink rules keep (for tests and the curious)."""


def load_rulesets(paths: Iterable[Path], registry: Registry) -> Loaded:
    """Every ruleset of `paths`, each rule bound to its action, sinks added."""
    raw: dict[str, dict[str, Any]] = {}
    for path in paths:
        for name, rules in tomllib.loads(path.read_text("utf-8")).items():
            if name in raw:
                raise ValueError(f"{path.name}: ruleset {name!r} is defined twice")
            raw[name] = rules
    rulesets: dict[str, dict[str, Any]] = {}
    actions: dict[str, Bound] = {}
    sinks: dict[str, tuple[str, ...]] = {}
    for name, rules in raw.items():
        out: dict[str, Any] = {}
        produced: set[str] = set()
        for rule, definition in rules.items():
            spec = dict(definition)
            action = registry.get(spec.pop("run"))
            params = spec.pop("with", {})
            key = f"{name}.{rule}"
            actions[key] = bind(action.fn, rule, params)
            produced.update(action.produces)
            out[rule] = {**spec, "run": key}
        kept = derive_sinks(rules.values(), produced)
        for fact_type in kept:
            rule = f"{fact_type}_is_kept"
            if rule in out:
                raise ValueError(f"ruleset {name!r}: rule {rule!r} clashes with a derived sink")
            key = f"{name}.{rule}"
            actions[key] = _keep
            out[rule] = {"all": [{"m": {"t": fact_type}}], "run": key}
        rulesets[name] = out
        sinks[name] = kept
    return Loaded(rulesets, actions, sinks)


def derive_sinks(rules: Iterable[Mapping[str, Any]], produced: Iterable[str]) -> tuple[str, ...]:
    """The fact types that need a sink rule in a ruleset of `rules` whose actions assert `produced`."""
    by_type_alone: set[str] = set()
    conditioned: set[str] = set()
    for rule in rules:
        for pattern in rule.get("all", []) + rule.get("any", []):
            for expr in pattern.values():
                fact_type, constant = _read_pattern(expr)
                if fact_type is None:
                    continue
                (conditioned if constant else by_type_alone).add(fact_type)
    return tuple(sorted((set(produced) | conditioned) - by_type_alone))


def _read_pattern(expr: Any) -> tuple[str | None, bool]:
    """The pattern's fact type and whether it tests the fact against a constant beyond its type."""
    fact_type = None
    constant = False
    for key, value in _terms(expr):
        if key == "t" and isinstance(value, str):
            fact_type = value
        elif _has_constant(key, value):
            constant = True
    return fact_type, constant


def _terms(expr: Any) -> list[tuple[str, Any]]:
    """The conjuncts of a pattern expression, `$and` flattened."""
    if not isinstance(expr, dict):
        return []
    out: list[tuple[str, Any]] = []
    for key, value in expr.items():
        if key == "$and" and isinstance(value, list):
            for sub in value:
                out.extend(_terms(sub))
        else:
            out.append((key, value))
    return out


def _has_constant(key: str, value: Any) -> bool:
    """`{field = 3}` or `{"$gt" = {field = 3}}` test a constant; `{field = {alias = "f"}}` joins."""
    if isinstance(value, list):  # $or / $and of terms
        return any(_has_constant(k, v) for item in value if isinstance(item, dict) for k, v in item.items())
    if isinstance(value, dict):
        if key.startswith("$"):
            return any(_has_constant(k, v) for k, v in value.items())
        return False  # a reference to another pattern's field
    return True
