"""Bad input on the core entry points the pages call: every slider's range, ends included.

Hypothesis draws values from each page's settings (``SPEC`` or ``TABLE`` in ``app_pages/*.py``). The
pages cannot be imported without a running Streamlit session (they bind their widgets at
import time), so the ranges are mirrored below as ``RANGES``;
:func:`test_mirrored_ranges_match_the_pages` reads the pages' source and fails when a
literal ``min``/``max`` there no longer matches the mirror.

Contracts checked here (each module documents its own):

- A valid maze layout (any size, any walls that leave the goal reachable) trains with every
  tabular agent; invalid ones raise :class:`InvalidLayoutError` naming the problem.
- Tabular TD: with η ≤ 1, Q stays a convex mix of targets and stays finite even at γ = 1
  with a step reward. η > 1 (the maze page offers 2 and 3) over-corrects every update; Q
  grows like (1 − η)ᵏ and overflows: :class:`DivergenceError`, Q keeps its last finite
  values, and the trainer refuses to continue.
- DQN / REINFORCE at a huge learning rate: either training stays finite or
  :class:`TrainingDiverged` is raised, the network is restored to finite weights and
  later calls raise again.
"""

from __future__ import annotations

import ast
import itertools
import math
from collections import deque
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import playground
from playground.agents import (
    DivergenceError,
    PolicyGradientAgent,
    QLearningAgent,
    SarsaAgent,
    TDSettings,
)
from playground.cartpole import CartPoleTabularSettings
from playground.concepts import (
    discounted_return_terms,
    discounted_returns,
    huber_loss,
    normalise,
    parse_rewards,
    square_loss,
)
from playground.envs import LAYOUTS, InvalidLayoutError, MazeEnv, MazeLayout
from playground.sessions.deep import (
    ENTROPY_COLLAPSE_NATS,
    LiveTraining,
    entropy_collapsed,
    parse_hidden_sizes,
)
from playground.sessions.maze_policy import PolicyGradientRun, policy_tables, random_walk
from playground.sessions.maze_td import SCHEDULES, TDConfig, TDSession
from playground.training import Trainer

# torch is slow to import: once, here, for the DQN / REINFORCE tests at the end.
from playground.agents.deep_common import TrainingDiverged  # noqa: E402  isort: skip
from playground.agents.dqn import DQNConfig, DQNTrainer  # noqa: E402  isort: skip
from playground.agents.reinforce import ReinforceConfig, ReinforceTrainer  # noqa: E402  isort: skip

ROOT = Path(__file__).resolve().parent.parent

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TORCH = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- the pages' slider ranges (mirrored; checked against the source below) ---------------------
ETA_TD = (0.001, 3.0)  # maze_td's η grid: log grid 1e-3…1, then 2 and 3 (divergence on purpose)
RANGES: dict[str, dict[str, tuple[float, float]]] = {
    "maze_td": {
        "episodes": (10, 5_000),
        "seed": (0, 9_999),
        "gamma": (0.0, 1.0),
        "epsilon": (0.0, 1.0),
        "step_reward": (-1.0, 0.0),
    },
    "maze_policy": {"seed": (0, 9_999), "episodes": (100, 20_000)},
    "cartpole_q": {
        "bins": (2, 12),
        "eta": (0.01, 1.0),
        "gamma": (0.0, 1.0),
        "epsilon": (0.0, 1.0),
        "eps_end": (0.0, 1.0),
        "eps_decay": (10, 5_000),
        "episodes": (50, 5_000),
        "seed": (0, 9_999),
        "eval_every": (10, 500),
    },
    "cartpole_dqn": {
        "batch": (16, 512),
        "replay": (1_000, 200_000),
        "gamma": (0.0, 1.0),
        "eps_start": (0.0, 1.0),
        "eps_end": (0.0, 1.0),
        "eps_decay": (100, 100_000),
        "starts": (1, 20_000),
        "train_freq": (1, 256),
        "grad_steps": (1, 128),
        "target_every": (1, 20_000),
        "tau": (0.001, 1.0),
        "clip": (0.0, 100.0),
        "max_steps": (100, 200_000),
        "eval_every": (100, 10_000),
        "seed": (0, 9_999),
    },
    "cartpole_reinforce": {
        "hidden": (8, 512),
        "gamma": (0.0, 1.0),
        "entropy": (0.0, 0.2),
        "episodes": (10, 5_000),
        "eval_every": (1, 200),
        "seed": (0, 9_999),
    },
    "concepts": {"gamma": (0.0, 1.0), "threshold": (0.1, 3.0)},
}
# Log-spaced grids (select sliders): their ends.
LOG_ENDS = {
    "maze_policy": {"eta": (1e-3, 1.0), "beta": (0.1, 10.0), "threshold": (1e-6, 1e-2)},
    "deep": {"lr": (1e-5, 1.0)},
}
CLIP_RANGES = {"x": (0.1, 5.0), "x_dot": (0.1, 6.0), "theta": (0.01, 1.0), "theta_dot": (0.1, 6.0)}


SHARED_SETTINGS = {
    "cartpole_dqn": "webui/deep_page.py",
    "cartpole_reinforce": "webui/deep_page.py",
    "maze_policy": "webui/policy_settings.py",
}
"""Files holding settings rows a page shares with another page."""


def _seed_row_range() -> tuple[float, float]:
    """The literal bounds of the ``Int`` inside ``webui.params.seed_row`` (the seed row
    every page shares)."""
    tree = ast.parse((ROOT / "webui/params.py").read_text())
    func = next(
        n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "seed_row"
    )
    call = next(
        n
        for n in ast.walk(func)
        if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "Int"
    )
    kw = {k.arg: k.value for k in call.keywords}
    return ast.literal_eval(kw["min"]), ast.literal_eval(kw["max"])


def _page_literal_ranges(page: str) -> dict[str, tuple[float, float]]:
    """``{name: (min, max)}`` of the ``params.Int`` / ``params.Float`` settings declared in a
    page (a ``SPEC`` of params, a table of ``Setting`` rows wrapping them, ``CLIPS``) and
    in the rows it shares, whose bounds are literals (others, e.g. ``MAX_STATE``, are
    skipped)."""
    found: dict[str, tuple[float, float]] = {}
    files = [f"app_pages/{page}.py", *([SHARED_SETTINGS[page]] if page in SHARED_SETTINGS else [])]
    for path in files:
        tree = ast.parse((ROOT / path).read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Dict):
                continue
            for key, value in zip(node.keys, node.values, strict=True):
                if not (isinstance(key, ast.Constant) and isinstance(value, ast.Call)):
                    continue
                if isinstance(value.func, ast.Attribute) and value.func.attr == "seed_row":
                    found[key.value] = _seed_row_range()
                    continue
                if value.args and isinstance(value.args[0], ast.Call):  # a Setting row
                    value = value.args[0]
                kw = {k.arg: k.value for k in value.keywords}
                try:
                    found[key.value] = (ast.literal_eval(kw["min"]), ast.literal_eval(kw["max"]))
                except (KeyError, ValueError):
                    continue
    return found


@pytest.mark.parametrize("page", sorted(RANGES))
def test_mirrored_ranges_match_the_pages(page: str) -> None:
    actual = _page_literal_ranges(page)
    for name, bounds in RANGES[page].items():
        assert name in actual, f"{page}: no literal range for {name!r} any more"
        assert actual[name] == bounds, f"{page}.{name}: page has {actual[name]}, mirror {bounds}"
    if page == "cartpole_q":
        for name, bounds in CLIP_RANGES.items():
            assert actual[name] == bounds


def ends_or_inside(low: float, high: float, integer: bool = False) -> st.SearchStrategy:
    """Values in [low, high] with both ends drawn often (where bugs live)."""
    inner = st.integers(int(low), int(high)) if integer else st.floats(low, high)
    return st.one_of(st.sampled_from([low, high]), inner)


# -- maze layouts ----------------------------------------------------------------------------


@st.composite
def valid_layouts(draw: st.DrawFn, max_side: int = 6) -> MazeLayout:
    """A random rectangle with random walls between neighbours, start ≠ goal, goal reachable.

    Reachability is built in, not filtered for: after drawing the walls, those on one
    L-shaped path from start to goal are taken out again.
    """
    rows = draw(st.integers(1, max_side))
    cols = draw(st.integers(1 if rows > 1 else 2, max_side))
    n = rows * cols
    start = draw(st.integers(0, n - 1))
    goal = draw(st.integers(0, n - 1).filter(lambda g: g != start))
    pairs = [(s, s + 1) for s in range(n) if (s % cols) + 1 < cols]
    pairs += [(s, s + cols) for s in range(n - cols)]
    walls = {p for p in pairs if draw(st.booleans())}
    (r, c), (gr, gc) = divmod(start, cols), divmod(goal, cols)
    path = [r * cols + c]
    while c != gc:
        c += 1 if gc > c else -1
        path.append(r * cols + c)
    while r != gr:
        r += 1 if gr > r else -1
        path.append(r * cols + c)
    for a, b in itertools.pairwise(path):
        walls.discard((min(a, b), max(a, b)))
    return MazeLayout("hypothesis", rows, cols, sorted(walls), start=start, goal=goal)


def _maze(layout: MazeLayout, step_reward: float = 0.0) -> gym.Env:
    return gym.make(
        playground.MAZE_ENV_ID, layout=layout, step_reward=step_reward, max_episode_steps=200
    )


@FAST
@given(
    layout=valid_layouts(),
    agent_cls=st.sampled_from([PolicyGradientAgent, SarsaAgent, QLearningAgent]),
    seed=ends_or_inside(0, 9_999, integer=True),
    step_reward=ends_or_inside(-1.0, 0.0),
)
def test_every_agent_trains_on_any_valid_layout(layout, agent_cls, seed, step_reward) -> None:
    env = _maze(layout, step_reward)
    path = layout.validate().shortest_path()
    assert path is not None and path[0] == layout.start and path[-1] == layout.goal
    agent = agent_cls.for_env(env, seed=seed)
    snapshots = list(Trainer(env, agent, seed=seed).run_episodes(3))
    assert [s.episode for s in snapshots] == [0, 1, 2]
    for snapshot in snapshots:
        assert snapshot.terminated or snapshot.truncated
        assert snapshot.length <= 200
        assert snapshot.states[0] == layout.start
        if snapshot.terminated:
            assert snapshot.states[-1] == layout.goal
        for table in snapshot.tables.values():
            assert table.shape == (layout.n_states, 4)
            assert np.isfinite(table[~np.isnan(table)]).all()
    env.close()


@FAST
@given(layout=valid_layouts(), size=st.sampled_from([120, 480]))
def test_any_valid_layout_renders_and_steps_deterministically(layout, size) -> None:
    env = MazeEnv(layout, render_mode="rgb_array", render_size=size)
    obs, info = env.reset(seed=0)
    assert obs == layout.start
    frame = env.render()
    assert frame.ndim == 3 and max(frame.shape[:2]) <= size + 1
    moves = [a for a in range(4) if info["action_mask"][a]]
    if moves:
        s2, *_ = env.step(moves[0])
        assert s2 == layout.next_state(layout.start, moves[0]) != layout.start


def _bad(message_part: str, layout: MazeLayout) -> None:
    with pytest.raises(InvalidLayoutError, match=message_part) as caught:
        MazeEnv(layout)
    # A clear message names the layout, so a page can show it as it is.
    assert "'bad'" in str(caught.value)


def test_invalid_layouts_raise_a_clear_error() -> None:
    _bad("cut the goal S8 off", MazeLayout("bad", 3, 3, [(5, 8), (7, 8)], start=0, goal=8))
    _bad("at least one row", MazeLayout("bad", 0, 3, start=0, goal=1))
    _bad("at least one row", MazeLayout("bad", 3, 0, start=0, goal=1))
    _bad("start S9 is outside", MazeLayout("bad", 3, 3, start=9, goal=8))
    _bad("start S-1 is outside", MazeLayout("bad", 3, 3, start=-1, goal=8))
    _bad("goal S12 is outside", MazeLayout("bad", 3, 3, start=0, goal=12))
    _bad("not neighbours", MazeLayout("bad", 3, 3, [(0, 4)], start=0, goal=8))
    _bad("not neighbours", MazeLayout("bad", 3, 3, [(2, 3)], start=0, goal=8))  # row wrap
    _bad("outside the grid", MazeLayout("bad", 3, 3, [(8, 9)], start=0, goal=8))
    _bad("same cell", MazeLayout("bad", 3, 3, start=4, goal=4))
    _bad("integers", MazeLayout("bad", 2.5, 3, start=0, goal=1))  # type: ignore[arg-type]
    _bad("outside the grid", MazeLayout("bad", 2, 2, rewards={7: -1.0}, start=0, goal=3))
    with pytest.raises(InvalidLayoutError, match="exactly two cells"):
        MazeLayout("bad", 3, 3, [(0, 1, 2)])
    with pytest.raises(InvalidLayoutError, match="unknown layout 'nope'"):
        MazeEnv("nope")
    # A 1×1 grid can hold no distinct start and goal.
    _bad("same cell", MazeLayout("bad", 1, 1, start=0, goal=0))


@FAST
@given(layout=valid_layouts())
def test_walling_the_goal_in_is_refused(layout) -> None:
    """Any layout with a wall on every side of the goal is refused (start is elsewhere)."""
    goal, cols = layout.goal, layout.cols
    r, c = divmod(goal, cols)
    walls = set(layout.walls)
    for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        if 0 <= r + dr < layout.rows and 0 <= c + dc < cols:
            s = (r + dr) * cols + c + dc
            walls.add((min(goal, s), max(goal, s)))
    closed = MazeLayout("bad", layout.rows, cols, sorted(walls), layout.start, goal)
    _bad("cut the goal", closed)


# -- the maze pages' glue at their slider ends -------------------------------------------------


@FAST
@given(
    algo=st.sampled_from(["sarsa", "q_learning", "both"]),
    layout=st.sampled_from(sorted(LAYOUTS)),
    seed=ends_or_inside(*RANGES["maze_td"]["seed"], integer=True),
    eta=st.sampled_from([ETA_TD[0], 0.5, 1.0]),
    gamma=ends_or_inside(*RANGES["maze_td"]["gamma"]),
    epsilon=ends_or_inside(*RANGES["maze_td"]["epsilon"]),
    schedule=st.sampled_from(SCHEDULES),
    episodes=ends_or_inside(*RANGES["maze_td"]["episodes"], integer=True),
    q_init=st.sampled_from(["random", "zeros"]),
    step_reward=ends_or_inside(*RANGES["maze_td"]["step_reward"]),
)
def test_td_session_with_eta_up_to_one_stays_finite(
    algo, layout, seed, eta, gamma, epsilon, schedule, episodes, q_init, step_reward
) -> None:
    """η ≤ 1: Q(s,a) ← (1−η)Q + η·target is a convex mix, bounded whatever γ and rewards."""
    config = TDConfig(
        algo=algo,
        layout=layout,
        seed=seed,
        eta=eta,
        gamma=gamma,
        epsilon=epsilon,
        schedule=schedule,
        episodes=episodes,
        q_init=q_init,
        step_reward=step_reward,
    )
    session = TDSession(config)
    ticks = list(itertools.islice(session, 3))
    assert ticks[-1].episodes_done == 3
    session.step(5)
    for lane in session.lanes:
        q = lane.q
        assert np.isfinite(q[~np.isnan(q)]).all()
        assert len(lane.lengths) >= 3
        assert lane.trajectory(lane.stored_episodes()[0])[0] == lane.layout.start
    session.close()


@pytest.mark.parametrize("algo", ["sarsa", "q_learning"])
def test_td_eta_one_gamma_one_step_reward_stays_bounded(algo: str) -> None:
    """The 'η at max with γ = 1 and a step reward' case within η ≤ 1: bounded.

    With reward −1 per step and γ = 1, Q(s, a) estimates minus the steps to the goal
    (under ε-greedy play for SARSA): finite, never below −(longest episode).
    """
    session = TDSession(
        TDConfig(algo=algo, eta=1.0, gamma=1.0, step_reward=-1.0, epsilon=1.0, schedule="constant")
    )
    list(itertools.islice(session, 100))
    q = session.lanes[0].q
    values = q[~np.isnan(q)]
    assert np.isfinite(values).all()
    assert values.min() >= -max(session.lanes[0].lengths) - 1
    assert values.max() <= 1.0


@pytest.mark.parametrize(
    ("algo", "eta"), [("sarsa", 3.0), ("q_learning", 3.0), ("q_learning", 2.0)]
)
def test_td_eta_above_one_diverges_and_is_stopped(algo: str, eta: float) -> None:
    """η > 1 (the page offers 2 and 3) with γ = 1 and a step reward: DivergenceError."""
    session = TDSession(
        TDConfig(algo=algo, eta=eta, gamma=1.0, step_reward=-1.0, epsilon=1.0, schedule="constant")
    )
    with pytest.raises(DivergenceError, match=r"became -?inf.*lower η or γ"):
        list(itertools.islice(session, 2_000))
    lane = session.lanes[0]
    q = lane.q
    assert np.isfinite(q[~np.isnan(q)]).all()  # the last finite values are kept
    stopped_at = lane.episodes_done
    with pytest.raises(DivergenceError, match="diverged earlier"):
        next(iter(session))
    assert lane.episodes_done == stopped_at


@FAST
@given(
    layout=st.sampled_from(sorted(LAYOUTS)),
    seed=ends_or_inside(*RANGES["maze_policy"]["seed"], integer=True),
    eta=st.sampled_from(LOG_ENDS["maze_policy"]["eta"]),
    beta=st.sampled_from(LOG_ENDS["maze_policy"]["beta"]),
    threshold=st.sampled_from(LOG_ENDS["maze_policy"]["threshold"]),
)
def test_policy_gradient_at_the_slider_ends(layout, seed, eta, beta, threshold) -> None:
    run = PolicyGradientRun(layout, eta=eta, beta=beta, threshold=threshold, seed=seed)
    snapshots = list(itertools.islice(run, 5))
    pi = snapshots[-1].tables["pi"]
    assert np.isfinite(pi).all()
    goal = run.layout.goal
    sums = np.delete(pi.sum(axis=1), goal)
    np.testing.assert_allclose(sums, 1.0)
    cell = run.cell(snapshots[-1], run.layout.start, 1)
    assert cell.steps == snapshots[-1].length


@FAST
@given(
    layout=st.sampled_from(sorted(LAYOUTS)),
    beta=st.sampled_from(LOG_ENDS["maze_policy"]["beta"]),
    seed=ends_or_inside(0, 9_999, integer=True),
    walk=st.sampled_from(["naive", "softmax"]),
)
def test_policy_tables_and_walks_at_the_slider_ends(layout, beta, seed, walk) -> None:
    tables = policy_tables(layout, beta=beta)
    pi = tables.naive if walk == "naive" else tables.softmax
    result = random_walk(layout, pi, seed=seed, max_steps=2_000, max_kept=200)
    assert result.steps <= 2_000
    assert len(result.states) <= 201
    assert result.reached_goal == (result.states[-1] == LAYOUTS[layout].goal) or result.cut


def test_policy_gradient_with_eta_one_and_beta_ten_stays_a_distribution() -> None:
    """The policy-gradient 'divergence' case: θ grows but softmax keeps π a distribution."""
    run = PolicyGradientRun("seed_3x3", eta=1.0, beta=10.0, threshold=1e-6, seed=0)
    last = deque(itertools.islice(run, 2_000), maxlen=1)[0]
    pi = last.tables["pi"]
    theta = last.tables["theta"]
    assert np.isfinite(pi).all() and np.isfinite(theta[~np.isnan(theta)]).all()
    np.testing.assert_allclose(np.delete(pi.sum(axis=1), 8), 1.0)


# -- tabular CartPole ------------------------------------------------------------------------


@FAST
@given(
    bins=st.sampled_from([2, 12, (1, 1, 12, 12), (12, 1, 2, 1)]),
    eta=ends_or_inside(*RANGES["cartpole_q"]["eta"]),
    gamma=ends_or_inside(*RANGES["cartpole_q"]["gamma"]),
    schedule=st.sampled_from(["inverse", "linear", "constant"]),
    epsilon=ends_or_inside(0.0, 1.0),
    eps_end=ends_or_inside(0.0, 1.0),
    eps_decay=ends_or_inside(*RANGES["cartpole_q"]["eps_decay"], integer=True),
    shaping=st.booleans(),
    q_init=st.sampled_from(["zeros", "random"]),
    clip=st.sampled_from(["min", "max"]),
    seed=ends_or_inside(0, 9_999, integer=True),
)
def test_cartpole_tabular_at_the_slider_ends(
    bins, eta, gamma, schedule, epsilon, eps_end, eps_decay, shaping, q_init, clip, seed
) -> None:
    high = tuple(CLIP_RANGES[d][0 if clip == "min" else 1] for d in CLIP_RANGES)
    run = CartPoleTabularSettings(
        env_id="CartPole-v0",
        bins=bins,
        low=tuple(-h for h in high),
        high=high,
        eta=eta,
        gamma=gamma,
        epsilon_schedule=schedule,
        epsilon=epsilon,
        epsilon_end=eps_end,
        epsilon_decay_episodes=eps_decay,
        shaping=shaping,
        q_init=q_init,
        episodes=4,
        seed=seed,
    ).build()
    lengths = [s.length for s in run.train()]
    assert len(lengths) == 4 and all(1 <= n <= 200 for n in lengths)
    assert np.isfinite(run.q_table).all()
    assert run.states_visited >= 1
    replay = run.replay("best", render=False)
    assert len(replay.observations) == run.best.length + 1
    assert run.q_slice((2, 3)).max_q.shape == (run.discretiser.bins[2], run.discretiser.bins[3])


def test_cartpole_tabular_eta_one_gamma_one_stays_bounded() -> None:
    """η = 1, γ = 1, CartPole's +1 per step: bounded, though not by an episode's length.

    Two bins alias many physical states into one, so s′ = s is common and
    Q(s, a) ← 1 + maxₐ Q(s, ·) feeds on itself. Still, each update raises the table's
    maximum by at most the reward (1): Q ≤ the number of steps taken, no overflow.
    """
    run = CartPoleTabularSettings(
        env_id="CartPole-v0", bins=2, eta=1.0, gamma=1.0, shaping=False, episodes=60
    ).build()
    list(run.train())
    assert np.isfinite(run.q_table).all()
    assert 0 <= run.q_table.max() <= run.trainer.total_steps


@pytest.mark.parametrize(
    "bad",
    [
        {"eta": 0.0},
        {"eta": 1.5},
        {"gamma": 1.01},
        {"epsilon": -0.1},
        {"bins": 0},
        {"bins": (2, 2)},
        {"env_id": "CartPole-v9"},
        {"low": (3.0, -1.0, -1.0, -1.0)},  # low > high (x clips at 2.4)
    ],
)
def test_cartpole_tabular_out_of_range_raises_value_error(bad) -> None:
    with pytest.raises(ValueError):
        CartPoleTabularSettings(**bad).build()


# -- concepts page --------------------------------------------------------------------------

finite_rewards = st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=50)


@FAST
@given(
    rewards=finite_rewards,
    gamma=ends_or_inside(*RANGES["concepts"]["gamma"]),
    threshold=ends_or_inside(*RANGES["concepts"]["threshold"]),
)
def test_concepts_functions_on_any_page_input(rewards, gamma, threshold) -> None:
    text = ", ".join(repr(r) for r in rewards)
    parsed, problem = parse_rewards(text)
    assert problem is None and parsed == pytest.approx(rewards)
    terms = discounted_return_terms(parsed, gamma)
    returns = discounted_returns(parsed, gamma)
    assert terms.shape == (len(rewards), len(rewards))
    np.testing.assert_allclose(terms.sum(axis=1), returns, rtol=1e-9, atol=1e-3)
    assert np.isfinite(normalise(returns)).all()
    delta = np.linspace(-4.0, 4.0, 41)
    huber, square = huber_loss(delta, threshold), square_loss(delta)
    assert np.isfinite(huber).all() and (huber >= 0).all()
    inside = np.abs(delta) <= threshold
    np.testing.assert_allclose(huber[inside], square[inside] / threshold)  # ½δ²/κ
    np.testing.assert_allclose(huber[~inside], np.abs(delta[~inside]) - threshold / 2)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        (" , ,", "empty"),
        ("1, a", "number"),
        ("nan", "infinite"),
        ("1, inf", "infinite"),
        ("1e308, 1e308", "too_large"),
        ("0, -1000001", "too_large"),
        (",".join(["1"] * 51), "too_many"),
    ],
)
def test_concepts_garbage_rewards_give_a_reason(text: str, reason: str) -> None:
    values, problem = parse_rewards(text)
    assert values is None and problem is not None and problem[0] == reason


@pytest.mark.parametrize(
    ("entropy", "returns", "expected"),
    [
        ([0.69, 0.0, 0.0, 0.0, 0.0, 0.0], [11, 10, 9, 10, 8, 9], True),  # lr 1: collapsed, failing
        ([0.0] * 5, [500.0] * 5, False),  # deterministic but solved: fine
        ([0.0] * 4, [9.0] * 4, False),  # fewer than `window` episodes: no judgement yet
        ([0.0, 0.0, 0.0, 0.0, 0.25], [9.0] * 5, False),  # mean 0.05 is not below 0.05
        ([0.0, 0.0, 0.0, 0.0, 0.2], [9.0] * 5, True),  # mean 0.04
        ([0.69, 0.6, 0.5, 0.4, 0.3], [9.0] * 5, False),  # still exploring
    ],
)
def test_reinforce_entropy_collapse_rule(entropy, returns, expected) -> None:
    """Window 5, threshold 0.05 nats, below the v1 solved return 475."""
    assert ENTROPY_COLLAPSE_NATS == 0.05
    assert entropy_collapsed(entropy, returns, 475.0) is expected


def test_concepts_reward_bound_is_inclusive() -> None:
    assert parse_rewards("1e6, -1e6") == ([1e6, -1e6], None)


def test_concepts_gamma_outside_zero_one_is_refused() -> None:
    with pytest.raises(ValueError, match="gamma"):
        discounted_returns([1.0], 1.5)
    with pytest.raises(ValueError, match="threshold"):
        huber_loss([0.0], 0.0)


# -- DQN and REINFORCE at their ends, and with a huge learning rate ---------------------------


def _dqn(**overrides) -> DQNConfig | None:
    """The page's config for the given slider values, or None when the config refuses them."""
    values = {
        "hidden_sizes": (32,),
        "batch_size": 16,
        "replay_capacity": 1_000,
        "learning_starts": 16,
        "eval_every": 100,
        "eval_episodes": 2,
        "env_id": "CartPole-v0",
    } | overrides
    try:
        return DQNConfig(**values)
    except ValueError as exc:
        # The only cross-setting rule the sliders can break: the page shows this message.
        assert "learning_starts >= batch_size" in str(exc)
        assert values["learning_starts"] < values["batch_size"]
        return None


def _assert_deep_contract(trainer, limit: int) -> list:
    """Run to ``limit``; either all records finite, or TrainingDiverged with finite weights."""
    net = getattr(trainer, "q_net", None) or trainer.policy_net
    records = []
    try:
        records = list(trainer.run(limit))
    except TrainingDiverged as exc:
        assert "training stopped" in str(exc).lower() or "diverged" in str(exc).lower()
        assert all(torch_finite(p) for p in net.parameters())
        with pytest.raises(TrainingDiverged):
            next(trainer.run(limit + 10))
        return records
    steps_before = 0
    for record in records:
        if hasattr(record, "mean_return"):  # a greedy evaluation
            assert math.isfinite(record.mean_return)
            continue
        assert math.isfinite(record.episode_return)
        if hasattr(record, "loss"):  # REINFORCE: one update per episode, always
            assert math.isfinite(record.loss)
        else:  # DQN: the mean loss is NaN exactly when the episode took no gradient step
            updated = record.gradient_steps > steps_before
            assert math.isfinite(record.mean_loss) if updated else math.isnan(record.mean_loss)
            steps_before = record.gradient_steps
    assert all(torch_finite(p) for p in net.parameters())
    return records


def torch_finite(tensor) -> bool:
    return bool(tensor.detach().isfinite().all())


@TORCH
@given(
    lr=st.sampled_from(LOG_ENDS["deep"]["lr"]),
    batch=st.sampled_from(RANGES["cartpole_dqn"]["batch"]),
    starts=st.sampled_from([1, 16, 512]),
    gamma=st.sampled_from([0.0, 1.0]),
    tau=st.sampled_from(RANGES["cartpole_dqn"]["tau"]),
    target=st.sampled_from(["none", "hard", "soft"]),
    double=st.booleans(),
    loss=st.sampled_from(["huber", "mse"]),
    clip=st.sampled_from([0.0, 100.0]),
    eps=st.sampled_from(["linear", "inverse_episode"]),
    seed=st.sampled_from([0, 9_999]),
)
def test_dqn_at_the_slider_ends(
    lr, batch, starts, gamma, tau, target, double, loss, clip, eps, seed
) -> None:
    config = _dqn(
        learning_rate=lr,
        batch_size=batch,
        learning_starts=starts,
        gamma=gamma,
        tau=tau,
        target_mode=target,
        target_update_interval=1,
        double_dqn=double,
        loss=loss,
        max_grad_norm=clip or None,
        epsilon_schedule=eps,
        epsilon_decay_steps=100,
        train_freq=1,
        gradient_steps=1,
        seed=seed,
    )
    if config is None:
        return
    _assert_deep_contract(DQNTrainer(config), limit=max(200, starts + 40))


def test_dqn_huge_learning_rate_is_stopped_or_finite_through_the_page_source() -> None:
    """lr = 1 (the slider's end), square loss, no clipping, γ = 1: the page's stream either
    stays finite or raises TrainingDiverged (the live driver shows it) and refuses to go on."""
    config = _dqn(
        learning_rate=1.0,
        loss="mse",
        max_grad_norm=None,
        gamma=1.0,
        target_mode="none",
        hidden_sizes=(256, 256),
        batch_size=64,
        learning_starts=64,
    )
    source = LiveTraining(DQNTrainer(config), 600, "steps", ("episode_return", "mean_loss"))
    try:
        for _ in range(1_000):
            if type(next(source)).__name__ == "BudgetReached":
                break
    except TrainingDiverged:
        with pytest.raises(TrainingDiverged):
            next(source)
    assert all(torch_finite(p) for p in source.trainer.q_net.parameters())
    assert all(math.isfinite(v) for v in source.history["episode_return"])


@TORCH
@given(
    lr=st.sampled_from(LOG_ENDS["deep"]["lr"]),
    hidden=st.sampled_from(RANGES["cartpole_reinforce"]["hidden"]),
    gamma=st.sampled_from([0.0, 1.0]),
    normalise_returns=st.booleans(),
    baseline=st.booleans(),
    entropy=st.sampled_from(RANGES["cartpole_reinforce"]["entropy"]),
    seed=st.sampled_from([0, 9_999]),
)
def test_reinforce_at_the_slider_ends(
    lr, hidden, gamma, normalise_returns, baseline, entropy, seed
) -> None:
    config = ReinforceConfig(
        env_id="CartPole-v0",
        hidden_size=hidden,
        learning_rate=lr,
        gamma=gamma,
        normalise_returns=normalise_returns,
        baseline=baseline,
        entropy_coef=entropy,
        eval_every=1,
        eval_episodes=2,
        seed=seed,
    )
    _assert_deep_contract(ReinforceTrainer(config), limit=6)


def test_reinforce_huge_learning_rate_without_normalisation_is_stopped_or_finite() -> None:
    config = ReinforceConfig(
        env_id="CartPole-v0",
        hidden_size=512,
        learning_rate=1.0,
        gamma=1.0,
        normalise_returns=False,
        baseline=False,
        eval_every=0,
    )
    _assert_deep_contract(ReinforceTrainer(config), limit=30)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("64,x", "not_int"),
        ("8,8,8,8,8", "too_many"),
        ("0", "width"),
        ("513", "width"),
    ],
)
def test_hidden_sizes_garbage_gives_a_reason(text: str, reason: str) -> None:
    assert parse_hidden_sizes(text) == (None, reason)


@pytest.mark.parametrize(
    "bad",
    [
        {"learning_rate": 0.0},
        {"learning_rate": math.inf},
        {"learning_rate": math.nan},
        {"gamma": -0.1},
        {"batch_size": 0},
        {"replay_capacity": 10**7},
        {"hidden_sizes": ()},
        {"hidden_sizes": (1024,)},
        {"tau": 0.0},
    ],
)
def test_dqn_config_refuses_out_of_range_values(bad) -> None:
    with pytest.raises(ValueError, match="invalid DQNConfig"):
        DQNConfig(**bad)


@pytest.mark.parametrize(
    "bad",
    [{"learning_rate": -1.0}, {"learning_rate": math.nan}, {"hidden_size": 0}, {"gamma": 2.0}],
)
def test_reinforce_config_refuses_out_of_range_values(bad) -> None:
    with pytest.raises(ValueError, match="invalid ReinforceConfig"):
        ReinforceConfig(**bad)


def test_td_settings_unknown_q_init_is_refused() -> None:
    env = _maze(LAYOUTS["seed_3x3"])
    with pytest.raises(ValueError, match="q_init"):
        QLearningAgent.for_env(env, TDSettings(q_init="ones"))  # type: ignore[arg-type]
