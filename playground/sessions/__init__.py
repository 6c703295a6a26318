"""Training sessions: what a page drives live, kept without Streamlit.

A session bundles an env, an agent and its trainer built from one set of settings, the
histories a page draws (capped), and the settings that may change on a trained agent:

- :mod:`playground.sessions.maze_policy` - θ and π tables, random walks, the resumable
  policy-gradient run on the maze.
- :mod:`playground.sessions.maze_td` - SARSA and Q-learning lanes, alone or side by side.
- :mod:`playground.sessions.dp` - a dynamic-programming problem and its sweeps.
- :mod:`playground.sessions.deep` - the live source wrapping a DQN or REINFORCE trainer
  (torch-free: the trainer is handed in).

The tabular CartPole session is :class:`playground.cartpole.CartPoleTabularRun`.
"""
