"""Tabular speed: the notes' own policy-gradient loop against the playground's, then Q-learning.

Run: ``.venv/bin/python benchmarks/tabular.py [--seeds 5] [--repeats 5]``

For each seed, both policy-gradient implementations train on the seed 3×3 maze
until Σ|Δπ| < 1e-4; the figure compared is the cost of one episode (time /
episodes, µs), since the two runs draw different random numbers and so need
different numbers of episodes. ``pg_speedup`` is the median over seeds of
reference cost / playground cost. Then Q-learning (default settings, through
``gymnasium.make("playground/Maze-v0")`` and the Trainer) is timed in episodes/s.

Measurement, made to hold on a small machine shared with other work:

* time is the process's CPU time (``time.process_time``), so the seconds during
  which other processes hold the CPU are not counted (both sides are single-threaded);
* per seed, the reference and the playground run interleaved, ``--repeats`` times
  each, alternating which goes first, so slow phases of the machine hit both; a
  run is deterministic, so repeats differ only in time;
* each side's cost for a seed is the median of its repeats, the seed's ratio is
  the ratio of those medians, and ``pg_speedup`` the median of the seeds' ratios;
  the lowest seed's ratio is printed too (the target holds on every seed);
* five repeats by default: the playground's run takes 0.1–0.2 s of CPU, so a slow
  phase of a shared machine lasting a few seconds can slow two runs of a seed in a row,
  and with three repeats that is the median (benchmarks/README.md).

The last line reads ``pg_speedup=<ratio> q_episodes_per_s=<n>``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import gymnasium as gym
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

import playground  # noqa: E402, F401  (registers playground/Maze-v0)
from playground.agents import PolicyGradientAgent, QLearningAgent  # noqa: E402
from playground.envs import MazeEnv  # noqa: E402
from playground.training import Trainer  # noqa: E402

# ---------------------------------------------------------------------------------
# Reference: the notes' "Policy Gradient" section (seed/000_…txt), transcribed with
# two deliberate changes so that both sides run the same algorithm:
#   * the update is θ + η·Δθ (the notes' code has the slip θ + η + Δθ);
#   * θ₀ lets S1 move left (no wall stands between S1 and S0; the notes' Q-learning
#     section allows it, the policy-gradient section's table forgot it).
# Everything else (np.random.choice per step, the list-comprehension counts, the
# row-by-row softmax) is the notes' code as written.
# ---------------------------------------------------------------------------------


class NotesMazeEnv:
    def __init__(self) -> None:
        self.state = 0

    def reset(self) -> int:
        self.state = 0
        return self.state

    def step(self, action):
        if action == 0:
            self.state -= 3
        elif action == 1:
            self.state += 1
        elif action == 2:
            self.state += 3
        elif action == 3:
            self.state -= 1
        done = False
        if self.state == 8:
            done = True
        return self.state, 1, done, {}


class NotesAgent:
    def __init__(self) -> None:
        self.actions = list(range(4))
        self.theta_0 = np.asarray(
            [
                [np.nan, 1, 1, np.nan],  # S0
                [np.nan, 1, np.nan, 1],  # S1  (left allowed: see above)
                [np.nan, np.nan, 1, 1],  # S2
                [1, np.nan, np.nan, np.nan],  # S3
                [np.nan, 1, 1, np.nan],  # S4
                [1, np.nan, np.nan, 1],  # S5
                [np.nan, 1, np.nan, np.nan],  # S6
                [1, 1, np.nan, 1],  # S7
            ]
        )
        self.eta = 0.1
        self.theta = self.theta_0
        self.pi = self._softmax_convert_theta_0_to_pi()

    def _softmax_convert_theta_0_to_pi(self, beta=1.0):
        m, n = self.theta.shape
        pi = np.zeros((m, n))
        exp_theta = np.exp(self.theta * beta)
        for r in range(m):
            pi[r, :] = exp_theta[r, :] / np.nansum(exp_theta[r, :])
        pi = np.nan_to_num(pi)
        return pi

    def update_theta(self, s_a_history):
        T = len(s_a_history) - 1
        m, n = self.theta.shape
        delta_theta = self.theta.copy()
        for i in range(m):
            for j in range(n):
                if not (np.isnan(self.theta_0[i, j])):
                    sa_i = [sa for sa in s_a_history if sa[0] == i]
                    sa_ij = [sa for sa in s_a_history if (sa[0] == i and sa[1] == j)]
                    N_i = len(sa_i)
                    N_ij = len(sa_ij)
                    delta_theta[i, j] = (N_ij - self.pi[i, j] * N_i) / T
        self.theta = self.theta + self.eta * delta_theta  # the notes: + self.eta +
        return self.theta

    def update_pi(self):
        self.pi = self._softmax_convert_theta_0_to_pi()

    def choose_action(self, state):
        action = np.random.choice(self.actions, p=self.pi[state, :])
        return action


def run_reference(seed: int, step_eps: float = 1e-4) -> tuple[int, float]:
    """The notes' training loop; returns (episodes, seconds)."""
    np.random.seed(seed)
    env = NotesMazeEnv()
    agent = NotesAgent()
    episodes = 0
    start = time.process_time()
    while True:
        state = env.reset()
        s_a_history = [[state, np.nan]]
        while True:
            action = agent.choose_action(state)
            s_a_history[-1][1] = action
            state, reward, done, _ = env.step(action)
            s_a_history.append([state, np.nan])
            if state == 8 or done:
                break
        agent.update_theta(s_a_history)
        pi = agent.pi.copy()
        agent.update_pi()
        delta = np.sum(np.abs(pi - agent.pi))
        episodes += 1
        if delta < step_eps:
            break
    return episodes, time.process_time() - start


def run_playground(seed: int, max_episodes: int = 100_000) -> tuple[int, float]:
    """The playground's policy gradient through the Trainer, snapshots included."""
    env = MazeEnv()  # like the reference: no time limit
    agent = PolicyGradientAgent.for_env(env, seed=seed)
    trainer = Trainer(env, agent, seed=seed)
    start = time.process_time()
    last = trainer.run_until_converged(max_episodes)
    elapsed = time.process_time() - start
    if not last.converged:
        raise RuntimeError(
            f"seed {seed}: playground PG did not converge in {max_episodes} episodes"
        )
    return last.episode + 1, elapsed


def q_learning_rate(episodes: int, repeats: int) -> float:
    """Median episodes/s (CPU time) of default Q-learning on the registered seed maze."""
    rates = []
    for seed in range(repeats):
        env = gym.make("playground/Maze-v0")
        trainer = Trainer(env, QLearningAgent.for_env(env, seed=seed), seed=seed)
        start = time.process_time()
        for _ in trainer.run_episodes(episodes):
            pass
        rates.append(episodes / (time.process_time() - start))
    return statistics.median(rates)


def pg_costs(seed: int, repeats: int) -> tuple[int, float, int, float]:
    """Episodes and median µs/episode of the reference and the playground on one seed.

    The two alternate (reference first on even repeats, playground first on odd ones).
    """
    ref_times, pg_times = [], []
    ref_episodes = pg_episodes = 0
    for repeat in range(repeats):
        for side in ("ref", "pg") if repeat % 2 == 0 else ("pg", "ref"):
            if side == "ref":
                ref_episodes, seconds = run_reference(seed)
                ref_times.append(seconds / ref_episodes * 1e6)
            else:
                pg_episodes, seconds = run_playground(seed)
                pg_times.append(seconds / pg_episodes * 1e6)
    return ref_episodes, statistics.median(ref_times), pg_episodes, statistics.median(pg_times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per seed and side")
    parser.add_argument("--q-episodes", type=int, default=5_000)
    args = parser.parse_args()

    print(
        f"{'seed':>4} {'ref eps':>8} {'ref µs/ep':>10} {'pg eps':>8} {'pg µs/ep':>9} {'ratio':>6}"
    )
    ratios = []
    for seed in range(args.seeds):
        ref_episodes, ref_cost, pg_episodes, pg_cost = pg_costs(seed, args.repeats)
        ratios.append(ref_cost / pg_cost)
        print(
            f"{seed:>4} {ref_episodes:>8} {ref_cost:>10.1f} {pg_episodes:>8} {pg_cost:>9.1f} "
            f"{ratios[-1]:>6.1f}",
            flush=True,
        )
    speedup = statistics.median(ratios)
    rate = q_learning_rate(args.q_episodes, repeats=3)
    print(
        f"policy gradient: median per-episode speed-up {speedup:.1f}x over the notes' loop "
        f"(CPU time, median of {args.repeats} interleaved runs per seed)"
    )
    print(f"lowest seed's speed-up: {min(ratios):.1f}x")
    print(f"Q-learning on playground/Maze-v0: {rate:,.0f} episodes/s (median of 3)")
    print(f"pg_speedup={speedup:.1f} q_episodes_per_s={rate:.0f}")


if __name__ == "__main__":
    main()
