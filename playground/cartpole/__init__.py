"""CartPole learned with a Q-table: the notes' bridge from tables to networks.

CartPole's observation (cart position x, cart velocity ẋ, pole angle θ, pole angular
velocity θ̇) is continuous, so a tabular agent cannot index a Q-table with it. The notes cut
each dimension into bins and number the resulting cells::

    dᵢ = np.digitize(obsᵢ, interior_edgesᵢ)    bin of dimension i (beyond the clip range:
                                               the end bins)
    s  = Σᵢ dᵢ · Πⱼ<ᵢ binsⱼ                    flat state index

(with equal bin counts this is the notes' ``Σ dᵢ · binsⁱ``). Wrapped that way, CartPole has a
``Discrete`` observation space and the foundation's :class:`~playground.agents.QLearningAgent`
learns it unchanged: there is no second Q-learning implementation here.

The package holds the pieces by subject, in the order data flows through them:

* :mod:`~playground.cartpole.env` - :data:`CARTPOLE_VERSIONS` (id, step limit, solved
  threshold: the one table every CartPole learner, check and page reads),
  :func:`make_cartpole` and the notes' :func:`shaped_reward`.
* :mod:`~playground.cartpole.discretiser` - :class:`Discretiser`: observation -> bin
  indices -> flat state index, and back.
* :mod:`~playground.cartpole.wrappers` - :class:`DiscretisedObservation`,
  :class:`CartPoleRewardShaping` and :func:`make_cartpole_tabular`, the wrapped env.
* :mod:`~playground.cartpole.qtable` - the Q-table made visible (:func:`visit_counts`,
  :func:`q_slice`, :func:`state_summary`), pure numpy.
* :mod:`~playground.cartpole.replay` - :func:`replay_episode`: a recorded episode
  re-simulated exactly, with its frames; :mod:`~playground.cartpole.render` draws any
  observation.
* :mod:`~playground.cartpole.tabular` - :class:`CartPoleTabularSettings` and the training
  session :class:`CartPoleTabularRun`; :func:`evaluate_greedy`, :func:`solved_at`.

Everything is importable from ``playground.cartpole`` itself.

The notes' slips are not copied: γ is in the update and its default is 0.99 (not 0.09);
the shaped reward is assigned, never ``reward -= 1`` on an unset name; ``env.step`` returns
``(observation, reward, terminated, truncated, info)``.
"""

from playground.cartpole.discretiser import DEFAULT_HIGH, DEFAULT_LOW, DIMENSION_NAMES, Discretiser
from playground.cartpole.env import (
    CARTPOLE_VERSIONS,
    CartPoleVersion,
    cartpole_version,
    make_cartpole,
    shaped_reward,
)
from playground.cartpole.qtable import (
    QSlice,
    StateSummary,
    greedy_actions,
    q_slice,
    q_table_by_bins,
    state_summary,
    visit_counts,
)
from playground.cartpole.render import CartPoleRenderer
from playground.cartpole.replay import EpisodeReplay, replay_episode
from playground.cartpole.tabular import (
    DEFAULT_EVAL_SEEDS,
    LENGTH_HISTORY_CAP,
    CartPoleTabularRun,
    CartPoleTabularSettings,
    RecordedEpisode,
    evaluate_greedy,
    solved_at,
)
from playground.cartpole.wrappers import (
    CartPoleRewardShaping,
    DiscretisedObservation,
    make_cartpole_tabular,
)

__all__ = [
    "CARTPOLE_VERSIONS",
    "CartPoleVersion",
    "cartpole_version",
    "make_cartpole",
    "DEFAULT_EVAL_SEEDS",
    "DEFAULT_HIGH",
    "DEFAULT_LOW",
    "DIMENSION_NAMES",
    "LENGTH_HISTORY_CAP",
    "CartPoleRenderer",
    "CartPoleRewardShaping",
    "CartPoleTabularRun",
    "CartPoleTabularSettings",
    "DiscretisedObservation",
    "Discretiser",
    "EpisodeReplay",
    "QSlice",
    "RecordedEpisode",
    "evaluate_greedy",
    "greedy_actions",
    "make_cartpole_tabular",
    "q_slice",
    "q_table_by_bins",
    "replay_episode",
    "shaped_reward",
    "solved_at",
    "state_summary",
    "StateSummary",
    "visit_counts",
]
