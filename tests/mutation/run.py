"""`make mutation`: mutmut 3, taught to mutate functions decorated with `@transaction.atomic`.

mutmut 3 skips every decorated function (copying a decorator such as `@app.route` can have side
effects). Our services are all `@transaction.atomic`, which is safe to copy: the trampoline and
each mutant keep the decorator, so a mutant runs in one more (nested) atomic block, which changes
nothing. Every other decorated function is still skipped.

Usage (from the repository root): python tests/mutation/run.py run [--max-children N] [MUTANT_GLOB...]
and the other mutmut commands (results, show NAME, browse), plus `check NAME...` (does a
new test kill these mutants, nothing recorded), `at-import NAME...` (mutants of a
function called at import time, see `at_import`) and `score`: per module, killed /
total / equivalent (listed in tests/mutation/equivalents.md) / survived / timed out / not run yet. MUTATION_TESTS="tests/a.py tests/b"
replaces the tests mutmut selects from (pyproject.toml's pytest_add_cli_args_test_selection): a
quicker run that asks whether those tests alone catch every mutant.

Results carry over from one clone to the next: `save-results` writes the killed mutants to
tests/mutation/killed.txt, per function with the hash mutmut gives the function's source, and
`run` on a clone without mutants/ starts from that file, so only the mutants of functions changed
since (and the survivors) are run. A kill stays valid while the function is unchanged, unless the
test that made it was deleted since: MUTATION_FRESH=1 ignores the file and runs everything."""

import os
import re
import sys
from pathlib import Path

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

EQUIVALENTS = Path(__file__).with_name("equivalents.md")


def _equivalents():
    """The mutant names listed in equivalents.md."""
    return set(re.findall(r"`(tnl\.[\w.ǁ]+__mutmut_\d+)`", EQUIVALENTS.read_text(encoding="utf-8")))


def score():
    """Print one line per mutated module; return 1 when a mutant that is not listed as
    equivalent survived."""
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code
    from mutmut.utils.file_utils import walk_mutatable_files

    equivalent = _equivalents()
    print(f"{'module':45} {'killed':>6} {'total':>6} {'equiv.':>6} {'survived':>8} {'timeout':>7} {'not run':>7}")
    failed = False
    for path in sorted(walk_mutatable_files()):
        data = SourceFileMutationData(path=path)
        data.load()
        counts = {"killed": 0, "equivalent": 0, "survived": 0, "timeout": 0, "not run": 0}
        for name, exit_code in data.exit_code_by_key.items():
            status = status_by_exit_code[exit_code]
            if status in ("killed", "caught by type check"):
                counts["killed"] += 1
            elif status == "timeout":  # an endless loop, or a machine too busy: rerun to tell
                counts["timeout"] += 1
            elif name in equivalent:
                counts["equivalent"] += 1
            elif status == "not checked":
                counts["not run"] += 1
            else:
                counts["survived"] += 1
                print(f"    {name}: {status}")
        failed = failed or counts["survived"] > 0
        total = len(data.exit_code_by_key)
        print(
            f"{str(path):45} {counts['killed']:6} {total:6} {counts['equivalent']:6} "
            f"{counts['survived']:8} {counts['timeout']:7} {counts['not run']:7}"
        )
    return 1 if failed else 0


def at_import(names, record=True):
    """Run mutants of functions that are called when their module is imported (`_number_check`
    builds the number checks of the kind table), which `run` cannot change: it switches a mutant
    on after the import. Here the mutant is on from the start of a fresh pytest run in mutants/,
    and its result is recorded as `run` would (exit code 1 killed, 0 survived).

    `check NAME...` does the same without recording anything: it answers "does the new test kill
    this mutant" while a `run` is still writing its results. MUTANTS_DIR names a copy of `mutants/`
    to run in (the tests to try copied into it), so that a run in progress is not disturbed."""
    import subprocess

    from mutmut.configuration import config
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.utils.file_utils import walk_mutatable_files

    settings = config()
    folder = os.environ.get("MUTANTS_DIR", "mutants")
    args = [*settings.pytest_add_cli_args, "-x", "-p", "no:cacheprovider", *settings.pytest_add_cli_args_test_selection]
    data_by_path = {}
    for path in walk_mutatable_files():
        data = SourceFileMutationData(path=path)
        data.load()
        data_by_path[path] = data
    for name in names:
        data = next((data for data in data_by_path.values() if name in data.exit_code_by_key), None)
        if data is None and record:
            print(f"{name}: no such mutant (run `run` first)")
            return 1
        env = {**os.environ, "MUTANT_UNDER_TEST": name}
        exit_code = subprocess.run(
            [sys.executable, "-m", "pytest", *args], cwd=folder, env=env, capture_output=True
        ).returncode
        if record:
            data.exit_code_by_key[name] = exit_code
            data.save()
        print(f"{name}: {'killed' if exit_code == 1 else f'exit code {exit_code}'}")
    return 0


KILLED = Path(__file__).with_name("killed.txt")
KILLED_HEADER = """\
# Mutants killed by earlier runs, per function and the hash mutmut gives its source (see the
# docstring of tests/mutation/run.py): `run` on a fresh clone starts from these, so a function
# whose source is unchanged is not tested again. Written by `run.py save-results`.
# path function hash killed-mutant-numbers
"""


def _numbers_text(numbers):
    """[1, 2, 3, 5] -> "1-3 5"."""
    parts, numbers = [], sorted(numbers)
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        start = previous = number
    return " ".join(parts)


def _numbers(text):
    numbers = set()
    for part in text.split():
        first, _, last = part.partition("-")
        numbers.update(range(int(first), int(last or first) + 1))
    return numbers


def _read_killed():
    """{(path, function): (hash, {numbers})} from killed.txt."""
    entries = {}
    if KILLED.exists():
        for line in KILLED.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                path, function, hash_, numbers = line.split(" ", 3)
                entries[(path, function)] = (hash_, _numbers(numbers))
    return entries


def save_results():
    """Add the kills recorded in mutants/ to killed.txt. A function whose hash changed loses its
    old kills; functions of modules that were not generated keep theirs."""
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code
    from mutmut.utils.file_utils import walk_mutatable_files

    entries = _read_killed()
    for path in walk_mutatable_files():
        data = SourceFileMutationData(path=path)
        data.load()
        if not data.hash_by_function_name:
            continue
        killed = {}
        for key, exit_code in data.exit_code_by_key.items():
            if status_by_exit_code[exit_code] in ("killed", "caught by type check"):
                function, _, number = key.rpartition("__mutmut_")
                killed.setdefault(function.rpartition(".")[2], set()).add(int(number))
        # The module's entries are rebuilt: functions gone or changed lose their old kills.
        old = {key[1]: entries.pop(key) for key in [key for key in entries if key[0] == str(path)]}
        for function, hash_ in data.hash_by_function_name.items():
            old_hash, old_numbers = old.get(function, (None, set()))
            numbers = killed.get(function, set()) | (old_numbers if old_hash == hash_ else set())
            if numbers:
                entries[(str(path), function)] = (hash_, numbers)
    lines = [
        f"{path} {function} {hash_} {_numbers_text(numbers)}"
        for (path, function), (hash_, numbers) in sorted(entries.items())
    ]
    KILLED.write_text(KILLED_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"{KILLED}: {sum(len(numbers) for _, numbers in entries.values())} killed mutants in {len(entries)} functions"
    )
    return 0


def restore_results():
    """Before mutmut generates the mutants of a fresh clone: write the metadata it would have left,
    with the kills of killed.txt. mutmut keeps a result while its function's hash is unchanged, and
    tests again every mutant of a changed function. MUTATION_FRESH=1 skips this (everything runs)."""
    from mutmut.mutation.data import SourceFileMutationData

    if os.environ.get("MUTATION_FRESH"):
        return
    by_path = {}
    for (path, function), (hash_, numbers) in _read_killed().items():
        by_path.setdefault(path, {})[function] = (hash_, numbers)
    for path, functions in by_path.items():
        data = SourceFileMutationData(path=path)
        if data.meta_path.exists():
            continue
        module = path.removesuffix(".py").replace("/", ".")
        data.hash_by_function_name = {function: hash_ for function, (hash_, _) in functions.items()}
        data.exit_code_by_key = {
            f"{module}.{function}__mutmut_{number}": 1
            for function, (_, numbers) in functions.items()
            for number in numbers
        }
        data.meta_path.parent.mkdir(parents=True, exist_ok=True)
        data.save()


def _skip_known_results(collect):
    """mutmut runs again every mutant that matches a name given to `run`, even one already
    killed: `run "tnl.jury*"` would spend its time on the kills of killed.txt, and on the
    equivalent mutants (a survivor runs every test that covers its function: up to a minute). With
    patterns only (`*` in each), keep the mutants not run yet and the survivors that are not listed
    as equivalent; exact names still run."""
    from mutmut.stats import status_by_exit_code

    equivalent = _equivalents()

    def collect_source_file_mutation_data(*, mutant_names):
        mutants, by_path = collect(mutant_names=mutant_names)
        if mutant_names and all("*" in name for name in mutant_names):
            mutants = [
                (data, name, result)
                for data, name, result in mutants
                if name not in equivalent
                and (result is None or status_by_exit_code[result] not in ("killed", "caught by type check"))
            ]
        return mutants, by_path

    return collect_source_file_mutation_data


if __name__ == "__main__":
    import mutmut.__main__
    from mutmut.__main__ import cli

    mutmut.__main__.collect_source_file_mutation_data = _skip_known_results(
        mutmut.__main__.collect_source_file_mutation_data
    )
    from mutmut.configuration import config

    if os.environ.get("MUTATION_TESTS"):
        config().pytest_add_cli_args_test_selection = os.environ["MUTATION_TESTS"].split()

    if sys.argv[1:] == ["score"]:
        sys.exit(score())
    if sys.argv[1:] == ["save-results"]:
        sys.exit(save_results())
    if sys.argv[1:2] == ["run"]:
        restore_results()
    if sys.argv[1:2] == ["at-import"]:
        sys.exit(at_import(sys.argv[2:]))
    if sys.argv[1:2] == ["check"]:
        sys.exit(at_import(sys.argv[2:], record=False))
    sys.exit(cli())
