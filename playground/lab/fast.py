"""SARSA and Q-learning on deterministic toy-text environments, without the env's overhead.

The general path (an agent of :mod:`playground.agents.tabular` in a
:class:`~playground.training.Trainer` on ``gymnasium.make(...)``) spends almost all of a
step in Gymnasium's wrappers and its sampling of a one-outcome distribution. When every
move is deterministic (``CliffWalking-v1``, ``FrozenLake-v1`` not slippery) the environment
is a lookup table built from ``env.unwrapped.P``, and one tight loop over Python lists runs
an episode many times faster.

Bit-for-bit the general path's numbers
    The loop is the agent's own algorithm with the same Python float arithmetic: the
    agent's random stream (``Generator(PCG64(agent_seed))``, ``q_init="random"`` first, then
    uniforms in blocks of :data:`~playground.agents.tabular.UNIFORM_BLOCK`) consumed in the
    same order (the ε test; then a random action ``int(u · n_actions)``, or a tie between
    greedy actions ``int(u · n_ties)``, ties in index order); the targets of
    :func:`~playground.agents.td.sarsa_target` / :func:`~playground.agents.td.q_learning_target`
    and the step of :func:`~playground.agents.td.td_update`; a non-finite Q value stops the
    run with the agent's :class:`~playground.agents.DivergenceError` message. SARSA picks a′
    after every non-terminal step, a time-limit truncation included, as the agent does.
    ``tests/test_lab.py`` checks the equality on every env and algorithm it applies to.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import numpy as np

from playground.agents.tabular import UNIFORM_BLOCK, DivergenceError
from playground.lab.spec import Job, child_seeds

__all__ = ["can_run_fast", "run_fast"]

_FAST_ENVS = ("CliffWalking-v1", "FrozenLake-v1")


def can_run_fast(job: Job) -> bool:
    """True if :func:`run_fast` applies: SARSA or Q-learning on ``CliffWalking-v1`` or a
    FrozenLake that is not slippery."""
    return (
        job.algorithm.name in ("sarsa", "q_learning")
        and job.env.info.gym_id in _FAST_ENVS
        and dict(job.env.kwargs).get("is_slippery", False) is False
    )


@cache
def _tables(env_name: str, kwargs: tuple[tuple[str, Any], ...]) -> tuple[Any, ...]:
    """(next state, reward, terminated) as lists of rows, the start state, the step limit."""
    from playground.lab.spec import EnvSpec

    env = EnvSpec(env_name, kwargs).make()
    raw = env.unwrapped
    start = np.asarray(raw.initial_state_distrib)
    if np.count_nonzero(start) != 1:
        raise ValueError(f"{env_name} has more than one start state")
    next_state, reward, terminal = [], [], []
    for s in range(raw.observation_space.n):
        rows = ([], [], [])
        for a in range(raw.action_space.n):
            outcomes = raw.P[s][a]
            if len(outcomes) != 1:
                raise ValueError(f"{env_name} is not deterministic")
            _, s2, r, done = outcomes[0]
            rows[0].append(int(s2))
            rows[1].append(r)  # as the env returns it (CliffWalking: an int)
            rows[2].append(bool(done))
        next_state.append(rows[0])
        reward.append(rows[1])
        terminal.append(rows[2])
    env.close()
    return next_state, reward, terminal, int(np.flatnonzero(start)[0]), env.spec.max_episode_steps


def run_fast(job: Job) -> tuple[list[float], list[int], DivergenceError | None]:
    """Run ``job`` (see :func:`can_run_fast`): per-episode returns and lengths, and the
    agent's own error if it stopped early (a divergence) or None."""
    settings = job.algorithm.config(job.env, job.episodes)
    next_state, reward, terminal, start, max_steps = _tables(job.env.name, job.env.kwargs)
    max_steps = max_steps or math.inf
    n_actions = len(next_state[0])
    actions = range(n_actions)
    eta, gamma = settings.eta, settings.gamma
    sarsa = job.algorithm.name == "sarsa"
    rng = np.random.default_rng(child_seeds(job.seed)[0])
    if settings.q_init == "random":
        q = rng.random((len(next_state), n_actions)).tolist()
    else:
        q = [[0.0] * n_actions for _ in next_state]
    uniforms: list[float] = []
    position = 0
    isfinite = math.isfinite

    def uniform() -> float:
        nonlocal uniforms, position
        if position == len(uniforms):
            uniforms = rng.random(UNIFORM_BLOCK).tolist()
            position = 0
        position += 1
        return uniforms[position - 1]

    def epsilon_greedy(state: int, epsilon: float) -> int:
        if uniform() < epsilon:
            return int(uniform() * n_actions)
        row = q[state]
        best = max(row)
        if row.count(best) == 1:
            return row.index(best)
        ties = [a for a in actions if row[a] == best]
        return ties[int(uniform() * len(ties))]

    returns: list[float] = []
    lengths: list[int] = []
    for episode in range(job.episodes):
        epsilon = float(settings.epsilon(episode))
        s, steps, rewards = start, 0, []
        a = epsilon_greedy(s, epsilon)
        while True:
            s2, r, done = next_state[s][a], reward[s][a], terminal[s][a]
            steps += 1
            rewards.append(r)
            if sarsa:
                if done:
                    target = float(r)
                else:
                    a2 = epsilon_greedy(s2, epsilon)
                    target = r + gamma * q[s2][a2]
            else:
                target = float(r) if done else r + gamma * max(q[s2])
            row = q[s]
            old = row[a]
            new = old + eta * (target - old)
            if not isfinite(new):
                error = DivergenceError(
                    "q_diverged",
                    f"{job.algorithm.name}: Q({s}, {a}) became {new} at episode {episode}; "
                    "lower η or γ (Q keeps its last finite values)",
                    algo=job.algorithm.name,
                    state=s,
                    action=a,
                    value=str(new),
                    episode=episode,
                )
                return returns, lengths, error
            row[a] = new
            s = s2
            if done or steps >= max_steps:
                break
            a = a2 if sarsa else epsilon_greedy(s, epsilon)
        returns.append(float(sum(rewards)))
        lengths.append(steps)
    return returns, lengths, None
