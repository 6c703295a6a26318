"""Agents. The tabular ones (numpy only) are re-exported here; the deep ones
(``playground.agents.dqn``, ``playground.agents.reinforce``) import torch and are
imported from their own modules only."""

from playground.agents.policies import (
    allowed_actions,
    naive_policy,
    softmax_policy,
    theta0_from_mask,
)
from playground.agents.policy_gradient import (
    delta_pi_sum,
    policy_gradient_delta,
    policy_gradient_delta_from_counts,
    policy_gradient_update,
    visit_counts,
)
from playground.agents.schedules import (
    ConstantEpsilon,
    EpsilonSchedule,
    HalvingEpsilon,
    InverseEpisodeEpsilon,
    LinearEpsilon,
)
from playground.agents.tabular import (
    DivergenceError,
    PGUpdate,
    PolicyGradientAgent,
    PolicyGradientSettings,
    QLearningAgent,
    QLearningSettings,
    SarsaAgent,
    SarsaSettings,
    TabularAgent,
    TDSettings,
    TDUpdate,
    static_action_masks,
)
from playground.agents.td import q_learning_target, sarsa_target, td_update

__all__ = [
    "ConstantEpsilon",
    "DivergenceError",
    "EpsilonSchedule",
    "HalvingEpsilon",
    "InverseEpisodeEpsilon",
    "LinearEpsilon",
    "PGUpdate",
    "PolicyGradientAgent",
    "PolicyGradientSettings",
    "QLearningAgent",
    "QLearningSettings",
    "SarsaAgent",
    "SarsaSettings",
    "TDSettings",
    "TDUpdate",
    "TabularAgent",
    "allowed_actions",
    "delta_pi_sum",
    "naive_policy",
    "policy_gradient_delta",
    "policy_gradient_delta_from_counts",
    "policy_gradient_update",
    "q_learning_target",
    "sarsa_target",
    "softmax_policy",
    "static_action_masks",
    "td_update",
    "theta0_from_mask",
    "visit_counts",
]
