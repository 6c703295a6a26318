"""Agents. The tabular ones (numpy only) are re-exported here; the deep ones
(``playground.agents.dqn``, ``playground.agents.reinforce``) import torch and are
imported from their own modules only."""

from playground.agents import policies, policy_gradient, schedules, tabular, td
from playground.agents.policies import *  # noqa: F403
from playground.agents.policy_gradient import *  # noqa: F403
from playground.agents.schedules import *  # noqa: F403
from playground.agents.tabular import *  # noqa: F403
from playground.agents.td import *  # noqa: F403

# The public names of the numpy-only modules, as each module's own __all__ lists them.
__all__ = []
__all__ += policies.__all__
__all__ += policy_gradient.__all__
__all__ += schedules.__all__
__all__ += tabular.__all__
__all__ += td.__all__
