"""Title exercises "Exercise 1.1: Topic" instead of sphinx-exercise's "Exercise (1.1: Topic)".

The book keeps the source book's exercise numbers (1.1, 1.2, ...), which are
not Sphinx's own numbers, so every exercise is written with ``:nonumber:`` and
its number in the title argument: ``{exercise} 1.1: Cosine similarity``.
sphinx-exercise wraps such a title in parentheses, in the exercise box, in the
solution's title and in every reference to it. This post-transform, which
runs after sphinx-exercise's own title and reference transforms, removes the
parentheses where the title starts with a number, and nowhere else. It also
gives a plain ``{ref}`ex-1-1``` its full text, "Exercise 1.1: Topic", where
sphinx-exercise would show only "Exercise", and moves the space between a solution's
"Solution to" and its link out of the link, whose underline began with a blank
(tests/site/test_site_reader.py).
"""
import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

NUMBERED = re.compile(r"^(\d+|[A-Z])\.\d+[a-z]?\b")  # 1.1, or B.1 in an appendix


class UnwrapNumberedExerciseTitles(SphinxPostTransform):
    default_priority = 30  # after sphinx-exercise's 5, 20, 21 and 22

    def run(self, **kwargs):
        self.name_references()
        self.unspace_references()
        for parent in list(self.document.findall(nodes.Element)):
            children = parent.children
            for i, child in enumerate(children):
                if not (isinstance(child, nodes.Text) and child.astext().endswith(" (")):
                    continue
                rest = "".join(c.astext() for c in children[i + 1:])
                if not (NUMBERED.match(rest) and rest.endswith(")")):
                    continue
                closing = children[-1]
                if not (isinstance(closing, nodes.Text) and closing.astext().endswith(")")):
                    continue
                parent.replace(child, nodes.Text(child.astext()[:-2] + " "))
                parent.replace(closing, nodes.Text(closing.astext()[:-1]))
                break

    def name_references(self):
        registry = getattr(self.env, "sphinx_exercise_registry", {})
        for ref in self.document.findall(nodes.reference):
            target = ref.get("refid") or ref.get("refuri", "").rpartition("#")[2]
            entry = registry.get(target)
            if not entry or entry["type"] not in ("exercise", "exercise-start") or ref.astext() != "Exercise":
                continue
            title = entry["node"].children[0]
            subtitle = title.children[1].astext() if len(title.children) > 1 else ""
            if NUMBERED.match(subtitle):
                inline = ref.children[0]
                inline.children = [nodes.Text(f"Exercise {subtitle}")]


    def unspace_references(self):
        """A link's text never starts with a space: move the space before the link."""
        for ref in list(self.document.findall(nodes.reference)):
            first = next(iter(ref.findall(nodes.Text)), None)
            if first is None or not first.astext()[:1].isspace():
                continue
            first.parent.replace(first, nodes.Text(first.astext().lstrip()))
            position = ref.parent.index(ref)
            previous = ref.parent[position - 1] if position else None
            if isinstance(previous, nodes.Text):
                if not previous.astext()[-1:].isspace():
                    ref.parent.replace(previous, nodes.Text(previous.astext() + " "))
            elif previous is not None:
                ref.parent.insert(position, nodes.Text(" "))


def setup(app):
    app.add_post_transform(UnwrapNumberedExerciseTitles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
