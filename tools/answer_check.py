"""Answer checks for the practice notebooks of *Mathematics for AI*.

This file is the single source of the checker. ``tools/make_exercises.py``
copies it verbatim into the first code cell of every solutions notebook and
every generated practice notebook, so that each notebook works on its own
(Jupyter, Binder, Colab) without importing anything from this repository.

Usage in a notebook::

    check("1.1", "cos_uv", expect=5/7, rtol=1e-3, form="a float in [-1, 1]")

checks the variable ``cos_uv`` of the calling notebook against the key for
exercise 1.1. Naming the variable (rather than passing its value) lets one
exercise have several answers, lets the feedback say which one is wrong, and
turns a variable that was never set into a clear message, not a NameError.

In a solutions notebook the keyword arguments state the answer key and the
call checks the worked solution against it. The generator removes them from
the practice notebook and ships the key encoded, so that a learner's feedback
describes the expected form and tolerance but never prints the answer.

``check`` never raises: every verdict is one printed line that starts with
✅ (correct), ❌ (wrong, with the reason) or ⏳ (not answered yet). It
returns None, so that a notebook shows only that line.
"""

import base64 as _base64
import json as _json
import sys as _sys

import numpy as _np

_KEY = {}


def _decode_key(blob):
    """Load an answer key that the generator encoded into a notebook."""
    _KEY.update(_json.loads(_base64.b64decode(blob).decode("utf-8")))


def _spec(expect, rtol=1e-6, atol=1e-9, form=None, unordered=False):
    """Turn an expected value into a JSON-able key entry."""
    if isinstance(expect, (bool, _np.bool_)):
        kind, value = "bool", bool(expect)
    elif isinstance(expect, str):
        kind, value = "str", expect
    elif isinstance(expect, tuple) and all(isinstance(x, int) for x in expect):
        kind, value = "tuple", list(expect)
    elif _np.ndim(expect) == 0:
        kind, value = "number", float(expect)
    else:
        kind, value = "array", _np.asarray(expect, dtype=float).tolist()
    return {"kind": kind, "value": value, "rtol": rtol, "atol": atol,
            "form": form, "unordered": bool(unordered)}


def _got(answer, described, expected):
    return f"expected {expected}{described}, got {type(answer).__name__}."


def _verdict(key, answer):
    """Return None for a correct answer, otherwise a one-line explanation."""
    kind, want, form = key["kind"], key["value"], key["form"]
    described = f" ({form})" if form else ""
    if answer is Ellipsis:
        return ("not answered yet: replace the `...` with your answer "
                "and run the cell again.")
    if kind == "bool":
        if not isinstance(answer, (bool, _np.bool_)):
            return _got(answer, described, "True or False")
        if bool(answer) == want:
            return None
        return "not quite: the wrong truth value. Check your reasoning."
    if kind == "str":
        if not isinstance(answer, str):
            return _got(answer, described, "a string")
        if answer.strip().lower() == want.strip().lower():
            return None
        return f"not quite: expected {form or 'a different string'}."
    if kind == "tuple":
        whole = all(isinstance(x, (int, _np.integer))
                    and not isinstance(x, bool) for x in answer) \
            if isinstance(answer, (tuple, list)) else False
        if not whole:
            return _got(answer, described, "a tuple of whole numbers")
        if len(answer) != len(want):
            return (f"expected a tuple of {len(want)} whole numbers"
                    f"{described}, got {len(answer)}.")
        if [int(x) for x in answer] == want:
            return None
        return f"not quite: expected {form or 'a different tuple'}."
    # Numbers and arrays.
    expected = "a number" if kind == "number" else "an array of numbers"
    if answer is None or isinstance(
            answer, (str, bytes, bool, _np.bool_, dict, set)):
        return _got(answer, described, expected)
    try:
        got = _np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return _got(answer, described, expected)
    want_arr = _np.asarray(want, dtype=float)
    if got.shape != want_arr.shape:
        if kind == "number":
            return (f"expected a single number{described}, "
                    f"got an array of shape {got.shape}.")
        return (f"expected an array of shape {want_arr.shape}{described}, "
                f"got shape {got.shape}.")
    if _np.isnan(got).any():
        return ("your answer contains NaN (not a number): look for 0/0, "
                "a log of a negative number, or an unset value.")
    if _np.isinf(got).any():
        return ("your answer contains an infinite value: look for a "
                "division by zero or an overflow.")
    if key["unordered"]:
        got, want_arr = _np.sort(got, axis=None), _np.sort(want_arr, axis=None)
    if _np.allclose(got, want_arr, rtol=key["rtol"], atol=key["atol"]):
        return None
    what = "number" if kind == "number" else f"array of shape {want_arr.shape}"
    return (f"not quite: expected a {what}{described} within relative "
            f"tolerance {key['rtol']:g}, absolute tolerance {key['atol']:g}. "
            "Check your working.")


def check(exercise, name, expect=..., **spec):
    """Print one line saying whether variable ``name`` is right."""
    label = f"Exercise {exercise}, {name}"
    try:
        caller = _sys._getframe(1)
        namespace = {**caller.f_globals, **caller.f_locals}
        if expect is not ...:
            _KEY[f"{exercise}:{name}"] = _spec(expect, **spec)
        key = _KEY.get(f"{exercise}:{name}")
        if key is None:
            message = ("no answer key is loaded: run the first code cell "
                       "of this notebook.")
        elif name not in namespace:
            message = (f"not answered yet: `{name}` is not defined; "
                       "run the cell above that sets it.")
        else:
            message = _verdict(key, namespace[name])
    except Exception as error:  # a check must never show a traceback
        message = (f"could not check this answer "
                   f"({type(error).__name__}: {error}).")
    if message is None:
        print(f"✅ {label}: correct.")
        return
    mark = "⏳" if message.startswith("not answered yet") else "❌"
    print(f"{mark} {label}: {message}")
