"""The answer checker tells a learner at once, in one line and without a traceback, what is wrong.

These tests cover every kind of answer and every way of getting it wrong, and they confirm that
the feedback for a wrong answer never reveals the expected value.
"""
import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def checker():
    """A fresh copy of tools/answer_check.py (its key registry is module state)."""
    spec = importlib.util.spec_from_file_location("answer_check", ROOT / "tools" / "answer_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def verdict(checker, capsys, exercise, answer, **key):
    """Check the local variable `answer`, as a notebook cell checks its own variable."""
    checker.check(exercise, "answer", **key)
    out = capsys.readouterr().out
    assert out.count("\n") == 1, f"a check prints exactly one line, got {out!r}"
    return out.strip()


NUMBER = dict(expect=5 / 7, rtol=1e-3, form="a float between -1 and 1")
ARRAY = dict(expect=[[19, 22], [43, 48]], form="a 2x2 matrix")


@pytest.mark.parametrize("answer", [5 / 7, np.float64(0.7143), np.array(0.71428), 0.7145])
def test_correct_numbers_pass(checker, capsys, answer):
    assert verdict(checker, capsys, "1.1", answer, **NUMBER) == "✅ Exercise 1.1, answer: correct."


def test_correct_arrays_pass_as_lists_or_arrays(checker, capsys):
    assert verdict(checker, capsys, "2.1", np.array([[19, 22], [43, 48]]), **ARRAY).startswith("✅")
    assert verdict(checker, capsys, "2.1", [[19.0, 22.0], [43.0, 48.0]], **ARRAY).startswith("✅")


def test_placeholder_says_not_answered_yet(checker, capsys):
    out = verdict(checker, capsys, "1.1", ..., **NUMBER)
    assert out.startswith("⏳ Exercise 1.1, answer: not answered yet")


def test_wrong_value_gives_form_and_tolerance_but_not_the_answer(checker, capsys):
    out = verdict(checker, capsys, "1.1", 0.5, **NUMBER)
    assert out.startswith("❌ Exercise 1.1, answer: not quite")
    assert "a float between -1 and 1" in out and "relative tolerance 0.001" in out
    for leak in ("0.714", "0.7142857", "5/7"):
        assert leak not in out


def test_wrong_array_value_does_not_leak_entries(checker, capsys):
    out = verdict(checker, capsys, "2.1", [[19, 22], [43, 49]], **ARRAY)
    assert out.startswith("❌") and "shape (2, 2)" in out
    assert "48" not in out and "43" not in out


@pytest.mark.parametrize("answer, words", [
    ("0.714", "expected a number"),
    (None, "expected a number"),
    (True, "expected a number"),
    ({"cos": 0.7}, "expected a number"),
    ([0.7, 0.7], "expected a single number"),
])
def test_wrong_type_says_so(checker, capsys, answer, words):
    out = verdict(checker, capsys, "1.1", answer, **NUMBER)
    assert out.startswith("❌") and words in out


def test_wrong_shape_says_so(checker, capsys):
    out = verdict(checker, capsys, "2.1", np.zeros(3), **ARRAY)
    assert out.startswith("❌") and "shape (2, 2)" in out and "got shape (3,)" in out


@pytest.mark.parametrize("answer", [math.nan, np.array([[1.0, np.nan], [0.0, 1.0]])])
def test_nan_says_so(checker, capsys, answer):
    key = NUMBER if np.ndim(answer) == 0 else ARRAY
    out = verdict(checker, capsys, "x", answer, **key)
    assert out.startswith("❌") and "NaN" in out


def test_infinity_says_so(checker, capsys):
    out = verdict(checker, capsys, "1.1", math.inf, **NUMBER)
    assert out.startswith("❌") and "infinite" in out


def test_booleans(checker, capsys):
    assert verdict(checker, capsys, "1.5", np.False_, expect=False).startswith("✅")
    assert verdict(checker, capsys, "1.5", True, expect=False).startswith("❌ Exercise 1.5, answer: not quite")
    assert "expected True or False" in verdict(checker, capsys, "1.5", 0, expect=False)


def test_shapes_as_tuples(checker, capsys):
    key = dict(expect=(100, 3), form="the shape of XW")
    assert verdict(checker, capsys, "2.4", (100, 3), **key).startswith("✅")
    assert verdict(checker, capsys, "2.4", [np.int64(100), 3], **key).startswith("✅")
    assert "2 whole numbers" in verdict(checker, capsys, "2.4", (100, 5, 3), **key)
    assert "tuple of whole numbers" in verdict(checker, capsys, "2.4", (100.0, 3.0), **key)
    out = verdict(checker, capsys, "2.4", (3, 100), **key)
    assert out.startswith("❌") and "100" not in out


def test_strings_ignore_case_and_spaces(checker, capsys):
    key = dict(expect="Euclidean", form="the name of a distance")
    assert verdict(checker, capsys, "1.9", "  euclidean ", **key).startswith("✅")
    assert verdict(checker, capsys, "1.9", "cosine", **key).startswith("❌")
    assert "expected a string" in verdict(checker, capsys, "1.9", 3, **key)


def test_unordered_arrays(checker, capsys):
    key = dict(expect=[5, 2], unordered=True, form="the two eigenvalues")
    assert verdict(checker, capsys, "3.1", np.array([2.0, 5.0]), **key).startswith("✅")


def test_undefined_variable_says_not_answered_yet(checker, capsys):
    checker.check("1.1", "never_set", **NUMBER)
    out = capsys.readouterr().out.strip()
    assert out.startswith("⏳ Exercise 1.1, never_set: not answered yet") and "not defined" in out


def test_each_variable_of_an_exercise_has_its_own_key(checker, capsys):
    cos_uv, angle_uv = 5 / 7, 44.4153
    checker.check("1.1", "cos_uv", expect=5 / 7, rtol=1e-3)
    checker.check("1.1", "angle_uv", expect=44.415308597, rtol=1e-3)
    checker.check("1.1", "cos_uv")
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["✅ Exercise 1.1, cos_uv: correct.", "✅ Exercise 1.1, angle_uv: correct.",
                     "✅ Exercise 1.1, cos_uv: correct."]
    assert cos_uv and angle_uv  # read by check() through the caller's frame


def test_missing_key_and_internal_errors_never_raise(checker, capsys):
    assert "no answer key" in verdict(checker, capsys, "9.9", 1.0)

    class Weird:
        def __array__(self, *args, **kwargs):
            raise RuntimeError("boom")
    out = verdict(checker, capsys, "1.1", Weird(), **NUMBER)
    assert out.startswith("❌")


def test_encoded_key_round_trip(checker, capsys):
    """A practice notebook loads its key from the encoded blob and checks without seeing it."""
    import base64
    import json
    blob = base64.b64encode(json.dumps({"1.1:answer": checker._spec(5 / 7, rtol=1e-3)}).encode()).decode()
    checker._KEY.clear()
    checker._decode_key(blob)
    assert verdict(checker, capsys, "1.1", 0.7143).startswith("✅")
    assert verdict(checker, capsys, "1.1", 0.9).startswith("❌")
