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

A whole-number answer (``expect`` a Python int, or a list of ints, with no
``rtol``/``atol``) is compared exactly: only float round-off such as
31.999999999 passes for 32. Other numbers use the tolerances given.

``hint("5.4")`` shows an exercise's first hint and ``hint("5.4", 2)`` the
next; the generator ships the hints inside the encoded key.
"""

import base64 as _base64
import json as _json
import sys as _sys

import numpy as _np

_KEY = {}
_HINTS = {}


def _decode_key(blob):
    """Load an answer key (and hints) that the generator encoded."""
    entries = _json.loads(_base64.b64decode(blob).decode("utf-8"))
    _HINTS.update(entries.pop("hints", {}))
    _KEY.update(entries)


def _whole(values):
    """True when values is an int or a (nested) list of ints, not bools."""
    if isinstance(values, (list, tuple)):
        return len(values) > 0 and all(_whole(v) for v in values)
    return isinstance(values, (int, _np.integer)) and not isinstance(
        values, (bool, _np.bool_))


def _spec(expect, rtol=None, atol=None, form=None, unordered=False):
    """Turn an expected value into a JSON-able key entry."""
    exact = rtol is None and atol is None and _whole(expect) \
        and not isinstance(expect, tuple)
    rtol = 1e-6 if rtol is None else rtol
    atol = 1e-9 if atol is None else atol
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
            "form": form, "unordered": bool(unordered), "exact": exact}


def _article(word):
    return "an" if word[:1].lower() in "aeiou" else "a"


def _got(answer, described, expected):
    name = type(answer).__name__
    return f"expected {expected}{described}, got {_article(name)} {name}."


def _tolerance(key, want):
    """The tolerance that matters, in words a learner can use."""
    if key.get("exact"):
        return "compared exactly"
    scale = float(_np.max(_np.abs(want))) if _np.size(want) else 0.0
    if key["rtol"] * scale >= key["atol"]:
        return f"within {100 * key['rtol']:g}% of the answer"
    return f"within ±{key['atol']:g} of the answer"


def _verdict(key, answer):
    """Return None for a correct answer, otherwise a one-line explanation."""
    kind, want, form = key["kind"], key["value"], key["form"]
    generic = {"number": "a number", "array": "an array of numbers",
               "bool": "True or False", "str": "a string",
               "tuple": "a tuple of whole numbers"}[kind]
    if key.get("exact"):
        generic = ("a whole number" if kind == "number"
                   else "an array of whole numbers")
    described = f" ({form})" if form and form.lower() not in (
        generic, "a number", "an array") else ""
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
    expected = generic
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
    if key.get("exact"):
        slack = 1e-9 * _np.maximum(1.0, _np.abs(want_arr))
        right = bool(_np.all(_np.abs(got - want_arr) <= slack))
    else:
        right = _np.allclose(got, want_arr, rtol=key["rtol"],
                             atol=key["atol"])
    if right:
        return None
    what = expected if kind == "number" else (
        f"{expected} of shape {want_arr.shape}")
    return (f"not quite: expected {what}{described}, "
            f"{_tolerance(key, want_arr)}. Check your working.")


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


def hint(exercise, level=1):
    """Show hint number ``level`` of an exercise (never the answer)."""
    hints = _HINTS.get(str(exercise), [])
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if not hints:
        text = (f"No hints are loaded for Exercise {exercise}: run the first "
                "code cell of this notebook (or check the exercise number).")
    elif not 1 <= level <= len(hints):
        text = (f"Exercise {exercise} has {len(hints)} hint"
                f"{'s' if len(hints) > 1 else ''}: ask for "
                + " or ".join(f'hint("{exercise}", {n})'
                              for n in range(1, len(hints) + 1)) + ".")
    else:
        text = f"**Hint {level} for Exercise {exercise}.** {hints[level - 1]}"
        if level < len(hints):
            text += (f"\n\nStill stuck? `hint(\"{exercise}\", {level + 1})`"
                     " gives a stronger hint.")
    try:  # in Jupyter or Colab, render the hint's Markdown and math
        from IPython import get_ipython
        from IPython.display import Markdown, display
        if get_ipython() is not None:
            display(Markdown(text))
            return
    except ImportError:
        pass
    print(text)
