"""`make mutation`: mutmut 3, taught to mutate functions decorated with `@transaction.atomic`.

mutmut 3 skips every decorated function (copying a decorator such as `@app.route` can have side
effects). Our services are all `@transaction.atomic`, which is safe to copy: the trampoline and
each mutant keep the decorator, so a mutant runs in one more (nested) atomic block, which changes
nothing. Every other decorated function is still skipped.

Usage (from the repository root): python tests/mutation/run.py run [--max-children N] [MUTANT_GLOB...]
and the other mutmut commands (results, show NAME, browse). MUTATION_TESTS="tests/a.py tests/b"
replaces the tests mutmut selects from (pyproject.toml's pytest_add_cli_args_test_selection): a
quicker run that asks whether those tests alone catch every mutant."""

import os
import sys

import libcst as cst
from mutmut.mutation import file_mutation

_skip = file_mutation.MutationVisitor._skip_node_and_children


def _is_atomic(decorator: cst.Decorator) -> bool:
    node = decorator.decorator
    return (
        isinstance(node, cst.Attribute)
        and node.attr.value == "atomic"
        and isinstance(node.value, cst.Name)
        and node.value.value == "transaction"
    )


def _skip_node_and_children(self, node: cst.CSTNode) -> bool:
    if isinstance(node, cst.FunctionDef) and node.decorators and all(map(_is_atomic, node.decorators)):
        # What the original does for an undecorated function: pragmas and never-mutated names.
        position = self.get_metadata(file_mutation.PositionProvider, node, None)
        if position and position.start.line in self._ignored_node_lines:
            self.ignored_functions.add(node.name.value)
            return True
        return node.name.value in file_mutation.NEVER_MUTATE_FUNCTION_NAMES
    return _skip(self, node)


file_mutation.MutationVisitor._skip_node_and_children = _skip_node_and_children

if __name__ == "__main__":
    from mutmut.__main__ import cli
    from mutmut.configuration import config

    if os.environ.get("MUTATION_TESTS"):
        config().pytest_add_cli_args_test_selection = os.environ["MUTATION_TESTS"].split()

    sys.exit(cli())
