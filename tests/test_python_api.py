"""The README's Python API examples, run as a reader runs them: a script in a directory
outside the repository, with the project's interpreter and no PYTHONPATH. That works only
when the project is installed into the interpreter (``./dev`` installs it, editable)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def readme_examples() -> list[str]:
    """The ```python blocks of the README's "Python API" section, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Python API") :]
    section = section[: section.index("\n## ", 1)]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def run_outside(code: str, directory: Path) -> list[str]:
    """Run ``code`` as a script in ``directory``; its output lines (fails on any error)."""
    script = directory / "example.py"
    script.write_text(code, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if "No module named 'playground'" in done.stderr:
        pytest.fail(
            f"`import playground` fails outside the repository: the project is not installed "
            f"into {sys.executable}. `./dev test` installs it (pip install -e .)."
        )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_the_readme_opens_with_its_two_tabular_examples() -> None:
    examples = readme_examples()
    assert len(examples) >= 2
    assert "playground/Maze-v0" in examples[0] and "FrozenLake-v1" in examples[1]


def readme_subsection(title: str) -> str:
    """The ```python blocks of one ``### title`` subsection of "Python API", joined into one
    script (later blocks use names the earlier ones made)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(f"### {title}") :]
    end = min(i for i in (section.find("\n## ", 1), section.find("\n### ", 1)) if i > 0)
    return "\n".join(re.findall(r"```python\n(.*?)```", section[:end], re.S))


def test_the_dynamic_programming_example_runs_outside_the_repository(tmp_path: Path) -> None:
    """Sutton & Barto's Example 4.1 first row, then slippery FrozenLake's 14/17 twice."""
    lines = run_outside(readme_subsection("Dynamic programming and grid worlds"), tmp_path)
    assert lines[0] == "[  0. -14. -20. -22.]"
    v_star, exact = (float(x) for x in lines[1].split())
    assert abs(v_star - 14 / 17) < 1e-9 and abs(exact - 14 / 17) < 1e-9


def test_the_maze_example_runs_outside_the_repository(tmp_path: Path) -> None:
    """50 episodes printed as ``episode length |TD error|``, the greedy path and Q."""
    lines = run_outside(readme_examples()[0], tmp_path)
    episodes = [line.split() for line in lines[:50]]
    assert [int(e[0]) for e in episodes] == list(range(50))
    # The notes' maze: the shortest way from S0 to S8 is 6 moves, found well before 50.
    assert int(episodes[-1][1]) == 6
    assert lines[50] == "[0, 1, 2, 5, 4, 7, 8]"
    q_rows = lines[51:]
    assert len(q_rows) == 9 and q_rows[0].startswith("[[") and "nan" in q_rows[0]


def test_the_frozenlake_example_runs_outside_the_repository(tmp_path: Path) -> None:
    """FrozenLake 4×4 (not slippery): 6 moves from state 0 round the holes to 15."""
    (line,) = run_outside(readme_examples()[1], tmp_path)
    states, reward = line.rsplit(" ", 1)
    path = [int(s) for s in states.strip("[]").split(",")]
    assert path[0] == 0 and path[-1] == 15 and len(path) == 7 and reward == "1.0"
    assert not {5, 7, 11, 12} & set(path)  # the holes


def test_the_lab_example_runs_outside_the_repository_as_a_plain_script(tmp_path: Path) -> None:
    """Sutton & Barto's Figure 6.4 over 50 seeds and the Figure 6.3 sweep, as one script
    with no ``__main__`` guard (the local pool's workers must not re-run it): SARSA's
    last-100 mean about −28, Q-learning's about −50, SARSA better with P ≈ 0.98; the best
    α of the first 100 episodes is the largest for both."""
    lines = run_outside(readme_subsection("The Lab"), tmp_path)
    means = {}
    for line in lines[:2]:
        label, numbers = line.split(": ")
        mean, interval = numbers.split(" ", 1)
        low, high = (float(x) for x in interval.strip("[]").split(", "))
        means[label] = float(mean)
        assert low < float(mean) < high
    assert abs(means["SARSA"] - (-28)) < 3 and abs(means["Q-learning"] - (-50)) < 4
    label, probability = lines[2].split(" = ")
    assert label == "P(SARSA beats Q-learning)" and float(probability) > 0.9
    points = [line.split() for line in lines[3:]]
    assert len(points) == 10
    best = {p[0]: float(p[1]) for p in points if p[-1] == "best"}
    assert best == {"SARSA": 0.9, "Q-learning": 0.9}
    assert (tmp_path / "fig64.csv").read_text(encoding="utf-8").count("\n") == 2 * 50 * 500 + 1
