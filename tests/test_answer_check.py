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
    assert "a float between -1 and 1" in out and "within 0.1% of the answer" in out
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


def test_whole_numbers_are_compared_exactly(checker, capsys):
    key = dict(expect=147456000, form="a count of elements")
    assert verdict(checker, capsys, "4.1", 147456000, **key).startswith("✅")
    assert verdict(checker, capsys, "4.1", np.int64(147456000), **key).startswith("✅")
    assert verdict(checker, capsys, "4.1", 147456000.0, **key).startswith("✅")
    out = verdict(checker, capsys, "4.1", 147456001, **key)
    assert out.startswith("❌") and "compared exactly" in out and "whole number" in out
    # float round-off of a computed whole number still passes: det([[1, 2], [3, 4]])
    assert verdict(checker, capsys, "2.7", np.linalg.det([[1, 2], [3, 4]]), expect=-2).startswith("✅")
    assert verdict(checker, capsys, "2.7", -1.99, expect=-2).startswith("❌")


def test_whole_number_arrays_are_compared_exactly(checker, capsys):
    key = dict(expect=[[19, 22], [43, 50]])
    assert verdict(checker, capsys, "2.1", np.array([[19, 22], [43, 50]]), **key).startswith("✅")
    out = verdict(checker, capsys, "2.1", [[19, 22], [43, 50.001]], **key)
    assert out.startswith("❌") and "whole numbers of shape (2, 2)" in out


def test_explicit_tolerance_overrides_exactness(checker, capsys):
    key = dict(expect=100, rtol=0.05, form="an estimate")
    assert verdict(checker, capsys, "9.4", 103.0, **key).startswith("✅")
    assert "within 5% of the answer" in verdict(checker, capsys, "9.4", 110.0, **key)


def test_absolute_tolerance_is_described_when_it_is_the_one_that_matters(checker, capsys):
    out = verdict(checker, capsys, "1.4", 0.1, expect=0.0, atol=1e-6)
    assert "within ±1e-06 of the answer" in out


@pytest.mark.parametrize("answer, expected", [
    ("0.7", "got a str."), ([1, 2], "expected an array of shape"), ({"a": 1}, "got a dict."),
])
def test_feedback_reads_as_english(checker, capsys, answer, expected):
    key = ARRAY if expected.startswith("expected an array") else dict(expect=0.5, form="a number")
    out = verdict(checker, capsys, "1.1", answer, **key)
    assert expected in out
    assert "a array" not in out and "a number (a number)" not in out and "a int" not in out


def test_hints_are_graded_and_never_raise(checker, capsys):
    import base64
    import json
    blob = {"1.1:answer": checker._spec(5 / 7), "hints": {"1.1": ["Use the dot product.", "Divide by the norms."]}}
    checker._decode_key(base64.b64encode(json.dumps(blob).encode()).decode())
    checker.hint("1.1")
    first = capsys.readouterr().out
    assert "Hint 1 for Exercise 1.1" in first and "dot product" in first and 'hint("1.1", 2)' in first
    checker.hint("1.1", 2)
    second = capsys.readouterr().out
    assert "norms" in second and "Still stuck" not in second
    checker.hint("1.1", 3)
    assert 'hint("1.1", 1) or hint("1.1", 2)' in capsys.readouterr().out
    checker.hint("7.7")
    assert "No hints are loaded for Exercise 7.7" in capsys.readouterr().out
    assert "1.1:answer" in checker._KEY and "hints" not in checker._KEY
